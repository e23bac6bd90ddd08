"""三企入桂 四率 (SPEC §5) on a hand-made cohort, each rate worked out by hand."""
import datetime
from decimal import Decimal

import pytest

from zhaoshang.projects.models import Stage
from zhaoshang.projects.tests.factories import group_of, make_funds, make_project
from zhaoshang.stats.sanqi import four_rates
from zhaoshang.org.scope import Scope

D = datetime.date
BATCH = "2020年自治区集中签约"


@pytest.fixture
def cohort(plan2021):
    """Four projects of one batch signed 2020-05-01, and others that must stay out."""
    forestry, automotive = group_of("forestry"), group_of("automotive")
    common = {"sanqi": True, "sanqi_batch": BATCH, "signed_on": D(2020, 5, 1)}
    producing = make_project(forestry, Stage.PRODUCING, total_investment="10000", **common,
                             started_on=D(2020, 8, 1), producing_on=D(2021, 3, 1))
    make_funds(producing, "2020-06-01", "1000")
    make_funds(producing, "2021-02-01", "2000")
    started = make_project(forestry, Stage.STARTED, total_investment="5000", **common,
                           started_on=D(2021, 4, 1))
    make_funds(started, "2021-05-01", "500")
    exited = make_project(automotive, Stage.EXITED, total_investment="3000", **common,
                          exited_on=D(2021, 2, 1))
    make_funds(exited, "2020-12-01", "300")
    make_project(automotive, Stage.SIGNED, total_investment="2000", **common)
    # Signed later in the same batch: in the cohort only from its signing day.
    make_project(automotive, Stage.SIGNED, total_investment="4000",
                 **{**common, "signed_on": D(2021, 7, 1)})
    # Not 三企入桂, and a 三企入桂 project without batch (its cohort is its signing year).
    make_funds(make_project(forestry, Stage.SIGNED, total_investment="9000"), "2021-03-01", "900")
    unbatched = make_project(forestry, Stage.SIGNED, total_investment="1000", sanqi=True,
                             signed_on=D(2021, 2, 1))
    make_funds(unbatched, "2021-03-01", "250")
    return {"forestry": forestry.pk, "automotive": automotive.pk}


def rates(cell):
    return (cell["performance_rate"], cell["start_rate"], cell["production_rate"], cell["funds_rate"])


def counts(cell):
    return (cell["signed"], cell["exited"], cell["started"], cell["producing"], cell["contracted"],
            cell["funds"])


def test_mid_year(cohort):
    result = four_rates(D(2021, 6, 30), scope=Scope.everything())
    assert set(result) == {BATCH, "2021年签约"}
    total = result[BATCH][None]
    # signed 4; exited 1 (02-01); started 2 (one of them producing since 03-01); producing 1;
    # contracted 10000+5000+3000+2000; funds 1000+2000+500+300 up to 06-30.
    assert counts(total) == (4, 1, 2, 1, Decimal("20000.00"), Decimal("3800.00"))
    assert rates(total) == (Decimal(3) / 4, Decimal(2) / 4, Decimal(1) / 4,
                            Decimal("3800") / Decimal("20000"))
    forestry = result[BATCH][cohort["forestry"]]
    assert counts(forestry) == (2, 0, 2, 1, Decimal("15000.00"), Decimal("3500.00"))
    assert rates(forestry) == (1, 1, Decimal(1) / 2, Decimal("3500") / Decimal("15000"))
    automotive = result[BATCH][cohort["automotive"]]
    assert counts(automotive) == (2, 1, 0, 0, Decimal("5000.00"), Decimal("300.00"))
    assert rates(automotive) == (Decimal(1) / 2, 0, 0, Decimal("300") / Decimal("5000"))
    unbatched = result["2021年签约"][None]
    assert counts(unbatched) == (1, 0, 0, 0, Decimal("1000.00"), Decimal("250.00"))


def test_stages_and_funds_are_read_at_the_as_of_date(cohort):
    total = four_rates(D(2021, 1, 31), scope=Scope.everything())[BATCH][None]
    # Nothing exited yet, only the first started, none producing; the 2021-02-01 funds not yet in.
    assert counts(total) == (4, 0, 1, 0, Decimal("20000.00"), Decimal("1300.00"))
    assert rates(total) == (1, Decimal(1) / 4, 0, Decimal("1300") / Decimal("20000"))
    # The day of the exit and the day production starts count.
    total = four_rates(D(2021, 3, 1), scope=Scope.everything())[BATCH][None]
    assert counts(total)[:4] == (4, 1, 1, 1)


def test_a_project_joins_its_cohort_on_its_signing_day(cohort):
    assert four_rates(D(2021, 6, 30), scope=Scope.everything())[BATCH][None]["signed"] == 4
    total = four_rates(D(2021, 7, 1), scope=Scope.everything())[BATCH][None]
    assert counts(total) == (5, 1, 2, 1, Decimal("24000.00"), Decimal("3800.00"))
    assert total["performance_rate"] == Decimal(4) / 5


def test_before_any_signing_there_is_no_cohort(cohort):
    assert four_rates(D(2020, 4, 30), scope=Scope.everything()) == {}


def test_groups_restriction(cohort):
    result = four_rates(D(2021, 6, 30), scope=Scope.groups([cohort["automotive"]]))
    assert set(result) == {BATCH}
    assert set(result[BATCH]) == {cohort["automotive"], None}
    assert counts(result[BATCH][None]) == counts(result[BATCH][cohort["automotive"]])


def test_no_contracted_investment_gives_no_funds_rate(plan2021):
    make_project("forestry", Stage.SIGNED, total_investment="0", sanqi=True, sanqi_batch="零")
    assert four_rates(D(2021, 12, 31), scope=Scope.everything())["零"][None]["funds_rate"] is None
