"""On random ledgers: group figures add up to the county's, and both equal a naive oracle.

The oracle is SPEC §5 read literally, in plain Python over the same objects; `year_figures`
computes the same numbers with GROUP BY queries. Each example builds its ledger with
bulk_create inside a savepoint that is rolled back, so examples never see each other's rows.
"""
import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhaoshang.org.models import IndustryGroup
from zhaoshang.projects.models import FundsRecord, Origin, Project, Stage
from zhaoshang.stats.figures import FIGURES, year_figures
from zhaoshang.org.scope import Scope

D = datetime.date
YEAR = 2021
START, END = D(2020, 1, 1), D(2021, 12, 31)
THRESHOLD, MAJOR = Decimal("500"), Decimal("10000")
EDGE_DAYS = [D(2020, 12, 31), D(2021, 1, 1), D(2021, 12, 31)]
DAY = datetime.timedelta(days=1)

amounts = st.decimals(min_value=0, max_value=5000, places=2)
boundaries = st.sampled_from([Decimal(v) for v in ("499.99", "500", "9999.99", "10000")])
totals = st.one_of(
    st.none(),
    boundaries,
    boundaries,
    st.decimals(min_value=0, max_value=Decimal("499.99"), places=2),
    st.decimals(min_value=500, max_value=10000, places=2),
    st.decimals(min_value=10000, max_value=200000, places=2),
)
# Weighted towards the origins that count and towards signed projects, so most ledgers have figures.
origins = st.sampled_from([Origin.DOMESTIC_EXTERNAL, Origin.DOMESTIC_EXTERNAL, Origin.FOREIGN,
                           Origin.IN_REGION, ""])


def days(as_of, low=START):
    """Days from `low` to the year's end, often the edges of the year and of the as-of date."""
    edges = [d for d in [*EDGE_DAYS, as_of - DAY, as_of, as_of + DAY] if low <= d <= END]
    choices = [st.dates(max(low, D(YEAR, 1, 1)), END), st.dates(low, END)]
    return st.one_of(st.sampled_from(edges), *choices) if edges else st.one_of(choices)


@st.composite
def projects(draw, as_of):
    reached = draw(st.sampled_from([0, 1, 1, 2, 2, 3]))  # how many of signed/started/producing_on
    dates = sorted(draw(st.lists(days(as_of), min_size=reached, max_size=reached)))
    exited_on = None
    if reached < 3 and draw(st.booleans()):  # no exit from 投产
        exited_on = draw(days(as_of, low=max(dates, default=START)))
    funds = draw(st.lists(st.tuples(days(as_of), amounts), max_size=4, unique_by=lambda f: f[0]))
    return {
        "group": draw(st.integers(0, 7)),
        "origin": draw(origins),
        "total_investment": draw(totals),
        "industrial": draw(st.booleans()),
        "emerging": draw(st.booleans()),
        "dates": dates + [None] * (3 - reached),
        "exited_on": exited_on,
        "funds": [f for f in funds if exited_on is None or f[0] <= exited_on],
    }


@st.composite
def ledgers(draw):
    as_of = draw(st.one_of(st.sampled_from([D(YEAR, 1, 1), D(YEAR, 12, 31)]),
                           st.dates(D(YEAR, 1, 1), D(YEAR, 12, 31))))
    return draw(st.lists(projects(as_of), min_size=10, max_size=40)), as_of


def build(rows, groups):
    """The ledger as Project and FundsRecord rows, written with bulk_create."""
    projects = []
    for i, row in enumerate(rows):
        signed_on, started_on, producing_on = row["dates"]
        stage = (Stage.EXITED if row["exited_on"] else Stage.PRODUCING if producing_on
                 else Stage.STARTED if started_on else Stage.SIGNED if signed_on else Stage.LEAD)
        projects.append(Project(
            code=f"H{i:03d}", name=f"项目{i}", investor="某公司", group=groups[row["group"]],
            origin=row["origin"], total_investment=row["total_investment"],
            industrial=row["industrial"], emerging=row["emerging"], stage=stage,
            signed_on=signed_on, started_on=started_on, producing_on=producing_on,
            exited_on=row["exited_on"], exit_reason="policy" if row["exited_on"] else ""))
    Project.objects.bulk_create(projects)
    FundsRecord.objects.bulk_create(
        FundsRecord(project=project, date=day, amount=amount)
        for project, row in zip(projects, rows) for day, amount in row["funds"])
    return projects


def oracle(projects, as_of):
    """SPEC §5 literally, in Python, per group id: {group_id: {figure: value}}."""
    start = D(YEAR, 1, 1)
    out = {}
    for p in projects:
        fig = out.setdefault(p.group_id, {name: 0 for name in FIGURES})
        over = p.total_investment is not None and p.total_investment >= THRESHOLD
        counted = over and p.origin in (Origin.DOMESTIC_EXTERNAL, Origin.FOREIGN)
        in_year = sum(f.amount for f in p.funds.all() if start <= f.date <= as_of)
        if counted and p.origin == Origin.DOMESTIC_EXTERNAL:
            fig["funds_in_place"] += in_year
        if counted and p.origin == Origin.FOREIGN:
            fig["foreign_funds_in_place"] += in_year
        # SPEC only says in-region money is shown apart; like figures.py it uses the same 统计起点.
        if over and p.origin == Origin.IN_REGION:
            fig["in_region_funds_in_place"] += in_year
        if not (counted and p.signed_on and start <= p.signed_on <= as_of):
            continue
        if p.exited_on is not None and p.exited_on <= as_of:
            fig["exited_projects"] += 1
            continue
        fig["signed_projects"] += 1
        fig["planned_investment"] += p.total_investment
        fig["emerging_projects"] += p.emerging
        fig["industrial_projects"] += p.industrial
        fig["major_industrial_projects"] += p.industrial and p.total_investment >= MAJOR
    return out


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ledger=ledgers())
def test_groups_add_up_to_the_county_and_both_match_the_oracle(plan2021, ledger):
    rows, as_of = ledger
    groups = list(IndustryGroup.objects.order_by("position"))
    with transaction.atomic():
        projects = build(rows, groups)
        expected = oracle(Project.objects.prefetch_related("funds").filter(
            pk__in=[p.pk for p in projects]), as_of)
        result = year_figures(YEAR, as_of, scope=Scope.everything())
        county = result["county"]
        for name in FIGURES:
            assert county[name] == sum(row[name] for row in result["groups"]), name
            assert county[name] == sum(fig[name] for fig in expected.values()), name
        for row in result["groups"]:
            assert {n: row[n] for n in FIGURES} == expected.get(row["id"], {n: 0 for n in FIGURES})
        signed = county["signed_projects"]
        assert county["emerging_share"] == (Decimal(county["emerging_projects"]) / signed
                                            if signed else None)
        assert county["funds_rate"] == county["funds_in_place"] / Decimal("450000")
        # A user's scope gives the same rows for its groups and a county that is their sum.
        scope = [g.pk for g in groups[::3]]
        scoped = year_figures(YEAR, as_of, scope=Scope.groups(scope))
        assert scoped["groups"] == [row for row in result["groups"] if row["id"] in scope]
        for name in FIGURES:
            assert scoped["county"][name] == sum(row[name] for row in scoped["groups"])
        transaction.set_rollback(True)
