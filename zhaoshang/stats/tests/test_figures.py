"""SPEC §5 on hand-made projects and funds, every boundary on its own."""
import datetime
import json
from decimal import Decimal

import pytest

from zhaoshang.plans.models import AnnualPlan
from zhaoshang.projects.models import Origin, Stage
from zhaoshang.projects.services import move_stage
from zhaoshang.projects.tests.factories import group_of, make_funds, make_project
from zhaoshang.stats.figures import NoPlan, completion, time_progress, year_figures
from zhaoshang.stats.serialize import figures_json
from zhaoshang.org.scope import Scope

D = datetime.date
CODES = ["forestry", "emerging", "electroplating", "automotive", "logistics", "agriculture",
         "infrastructure", "culture_tourism"]

pytestmark = pytest.mark.usefixtures("plan2021")


@pytest.fixture
def forestry():
    return group_of("forestry")


def county(as_of=None, scope=Scope.everything()):
    return year_figures(2021, as_of, scope=scope)["county"]


def group_row(code, as_of=None):
    return next(r for r in year_figures(2021, as_of, scope=Scope.everything())["groups"] if r["code"] == code)


def signed(group, total="1000", **fields):
    return make_project(group, Stage.SIGNED, total_investment=total, **fields)


# ---- 纳入统计 ----------------------------------------------------------------------------------

def test_threshold_500_exactly_counts_and_499_99_does_not(forestry):
    at_threshold = signed(forestry, "500")
    below = signed(forestry, "499.99")
    make_funds(at_threshold, "2021-04-01", "100")
    make_funds(below, "2021-04-01", "7")
    figures = county()
    assert figures["signed_projects"] == 1
    assert figures["planned_investment"] == Decimal("500.00")
    assert figures["funds_in_place"] == Decimal("100.00")


def test_threshold_is_the_plans(forestry):
    signed(forestry, "300")
    AnnualPlan.objects.filter(year=2021).update(threshold=Decimal("300"))
    assert county()["signed_projects"] == 1


def test_major_industrial_from_10000_exactly(forestry):
    signed(forestry, "10000", industrial=True)
    signed(forestry, "9999.99", industrial=True)
    signed(forestry, "20000", industrial=False)
    figures = county()
    assert (figures["signed_projects"], figures["industrial_projects"],
            figures["major_industrial_projects"]) == (3, 2, 1)


def test_in_region_is_never_counted(forestry):
    project = signed(forestry, "50000", origin=Origin.IN_REGION, industrial=True, emerging=True)
    make_funds(project, "2021-05-01", "800")
    figures = county()
    assert figures["signed_projects"] == figures["industrial_projects"] == 0
    assert figures["emerging_projects"] == figures["major_industrial_projects"] == 0
    assert figures["planned_investment"] == figures["funds_in_place"] == Decimal("0")
    assert figures["foreign_funds_in_place"] == Decimal("0")
    assert figures["in_region_funds_in_place"] == Decimal("800.00")


def test_foreign_project_counts_but_its_funds_are_apart(forestry):
    project = signed(forestry, "3000", origin=Origin.FOREIGN)
    make_funds(project, "2021-05-01", "250.50")
    figures = county()
    assert figures["signed_projects"] == 1
    assert figures["planned_investment"] == Decimal("3000.00")
    assert figures["funds_in_place"] == Decimal("0")
    assert figures["foreign_funds_in_place"] == Decimal("250.50")


# ---- 到位资金 ----------------------------------------------------------------------------------

def test_funds_of_a_project_signed_last_year_count(forestry):
    """续建: funds count whatever year the project was signed in."""
    project = make_project(forestry, Stage.STARTED, signed_on=D(2020, 6, 1), started_on=D(2020, 9, 1))
    make_funds(project, "2021-03-01", "400")
    figures = county()
    assert figures["funds_in_place"] == Decimal("400.00")
    assert figures["signed_projects"] == 0


def test_funds_count_from_the_first_to_the_last_day_of_the_year(forestry):
    project = signed(forestry, signed_on=D(2020, 12, 1))
    for day, amount in [("2020-12-31", "1"), ("2021-01-01", "10"), ("2021-12-31", "100"),
                        ("2022-01-01", "1000")]:
        make_funds(project, day, amount)
    assert county()["funds_in_place"] == Decimal("110.00")
    assert county(D(2021, 12, 30))["funds_in_place"] == Decimal("10.00")
    assert county(D(2021, 1, 1))["funds_in_place"] == Decimal("10.00")


def test_funds_after_the_as_of_date_do_not_count(forestry):
    project = signed(forestry)
    make_funds(project, "2021-06-30", "5")
    make_funds(project, "2021-07-01", "7")
    assert county(D(2021, 6, 30))["funds_in_place"] == Decimal("5.00")


# ---- 新签约项目 --------------------------------------------------------------------------------

def test_signed_on_the_first_and_last_day_count(forestry):
    for day in (D(2020, 12, 31), D(2021, 1, 1), D(2021, 12, 31)):
        signed(forestry, signed_on=day)
    assert county()["signed_projects"] == 2
    assert county(D(2021, 12, 30))["signed_projects"] == 1


def test_exit_on_the_as_of_date_removes_the_project(forestry):
    make_project(forestry, Stage.EXITED, signed_on=D(2021, 3, 1), exited_on=D(2021, 6, 30),
                 industrial=True, emerging=True, total_investment="20000")
    on_the_day = county(D(2021, 6, 30))
    assert (on_the_day["signed_projects"], on_the_day["exited_projects"]) == (0, 1)
    assert on_the_day["industrial_projects"] == on_the_day["major_industrial_projects"] == 0
    assert on_the_day["emerging_projects"] == 0
    assert on_the_day["planned_investment"] == Decimal("0")
    day_before = county(D(2021, 6, 29))
    assert (day_before["signed_projects"], day_before["exited_projects"]) == (1, 0)
    assert (day_before["industrial_projects"], day_before["major_industrial_projects"],
            day_before["emerging_projects"]) == (1, 1, 1)
    assert day_before["planned_investment"] == Decimal("20000.00")


def test_exit_after_the_as_of_date_does_not_count(forestry):
    make_project(forestry, Stage.EXITED, signed_on=D(2021, 3, 1), exited_on=D(2021, 7, 1))
    figures = county(D(2021, 6, 30))
    assert (figures["signed_projects"], figures["exited_projects"]) == (1, 0)


def test_exited_funds_before_the_exit_still_count(forestry):
    project = signed(forestry)
    make_funds(project, "2021-04-01", "60")
    move_stage(project, Stage.EXITED, exited_on=D(2021, 5, 1), exit_reason="policy")
    assert county()["funds_in_place"] == Decimal("60.00")


def test_emerging_share(forestry):
    assert county()["emerging_share"] is None
    signed(forestry, emerging=True)
    signed(forestry)
    signed(group_of("logistics"))
    figures = county()
    assert figures["emerging_projects"] == 1
    assert figures["emerging_share"] == Decimal(1) / Decimal(3)


def test_planned_investment_sums_live_signed_projects_only(forestry):
    signed(forestry, "1000.10")
    signed(group_of("agriculture"), "2000.20")
    signed(forestry, "400")  # under the threshold
    signed(forestry, "5000", origin=Origin.IN_REGION)
    signed(forestry, "7000", signed_on=D(2020, 12, 31))
    make_project(forestry, Stage.EXITED, total_investment="9000")
    make_project(forestry, Stage.NEGOTIATING, total_investment="8000", origin=Origin.FOREIGN)
    figures = county()
    assert figures["planned_investment"] == Decimal("3000.30")
    assert figures["planned_investment_rate"] == Decimal("3000.30") / Decimal("1000000")


# ---- targets, rates, 序时进度 ------------------------------------------------------------------

def test_completion_rates_and_none_for_a_zero_target(forestry):
    project = signed(forestry, "12000", industrial=True)
    make_funds(project, "2021-03-01", "40000")
    row = group_row("forestry")
    assert row["funds_target"] == Decimal("160000.00")
    assert row["funds_rate"] == Decimal("0.25")
    assert row["signed_rate"] == Decimal(1) / Decimal(7)
    assert row["industrial_rate"] == Decimal(1) / Decimal(7)
    assert row["major_industrial_rate"] == Decimal(1) / Decimal(5)
    electroplating = group_row("electroplating")
    assert electroplating["major_industrial_target"] == 0
    assert electroplating["major_industrial_rate"] is None
    logistics = group_row("logistics")
    assert logistics["industrial_rate"] is None and logistics["signed_rate"] == 0


def test_county_targets_stand_beside_the_sum_of_group_targets():
    result = year_figures(2021, scope=Scope.everything())
    assert result["county"]["funds_target"] == Decimal("450000.00")
    assert result["county"]["group_targets"] == {
        "funds_target": Decimal("450000.00"), "signed_target": 30, "industrial_target": 20,
        "major_industrial_target": 8}
    assert result["county"]["planned_investment_target"] == Decimal("1000000.00")


@pytest.mark.parametrize("year,as_of,expected", [
    (2021, D(2021, 1, 1), Decimal(1) / Decimal(365)),
    (2021, D(2021, 12, 31), Decimal(1)),
    (2021, D(2021, 7, 2), Decimal(183) / Decimal(365)),
    (2024, D(2024, 1, 1), Decimal(1) / Decimal(366)),
    (2024, D(2024, 2, 29), Decimal(60) / Decimal(366)),
    (2024, D(2024, 12, 31), Decimal(1)),
])
def test_time_progress(year, as_of, expected):
    assert time_progress(year, as_of) == expected


def test_time_progress_in_the_figures_of_a_leap_year():
    AnnualPlan.objects.create(year=2024)
    result = year_figures(2024, D(2024, 12, 30), scope=Scope.everything())
    assert result["time_progress"] == Decimal(365) / Decimal(366)
    assert result["as_of"] == D(2024, 12, 30)
    assert year_figures(2024, scope=Scope.everything())["as_of"] == D(2024, 12, 31)


def test_behind_time_progress(forestry):
    project = signed(forestry)
    make_funds(project, "2021-01-10", "80000")  # half of forestry's 16 亿
    assert group_row("forestry", D(2021, 7, 1))["behind_time_progress"] is False  # 0.5 ≥ 182/365
    assert group_row("forestry", D(2021, 7, 2))["behind_time_progress"] is True  # 0.5 < 183/365
    assert group_row("emerging", D(2021, 1, 1))["behind_time_progress"] is True  # 0 < 1/365
    assert completion({"funds_in_place": Decimal("5"), "signed_projects": 0, "industrial_projects": 0,
                       "major_industrial_projects": 0},
                      {"funds_target": 0, "signed_target": 0, "industrial_target": 0,
                       "major_industrial_target": 0},
                      Decimal(1))["behind_time_progress"] is False


def test_all_funds_on_the_last_day_meet_time_progress(forestry):
    make_funds(signed(forestry), "2021-12-31", "160000")
    assert group_row("forestry")["behind_time_progress"] is False
    assert group_row("forestry")["funds_rate"] == 1


@pytest.mark.parametrize("as_of", [D(2020, 12, 31), D(2022, 1, 1)])
def test_as_of_outside_the_year_is_refused(as_of):
    with pytest.raises(ValueError, match="不在 2021 年内"):
        year_figures(2021, as_of, scope=Scope.everything())


def test_a_year_without_plan():
    with pytest.raises(NoPlan, match="没有 2022 年的年度计划"):
        year_figures(2022, scope=Scope.everything())


# ---- groups and their sum ---------------------------------------------------------------------

def test_every_group_in_plan_order_and_the_county_is_their_sum(forestry):
    signed(forestry, "600", industrial=True)
    make_funds(signed(group_of("automotive"), "15000", industrial=True), "2021-08-01", "900")
    result = year_figures(2021, scope=Scope.everything())
    assert [row["code"] for row in result["groups"]] == CODES
    for figure in ("signed_projects", "industrial_projects", "major_industrial_projects",
                   "funds_in_place", "planned_investment"):
        assert result["county"][figure] == sum(row[figure] for row in result["groups"])
    assert (result["county"]["signed_projects"], result["county"]["major_industrial_projects"]) == (2, 1)


def test_groups_restriction(forestry):
    automotive = group_of("automotive")
    signed(forestry)
    make_funds(signed(automotive), "2021-08-01", "900")
    result = year_figures(2021, scope=Scope.groups([automotive.pk]))
    assert [row["code"] for row in result["groups"]] == ["automotive"]
    assert result["county"]["signed_projects"] == 1
    assert result["county"]["funds_in_place"] == Decimal("900.00")
    assert result["county"]["group_targets"]["signed_target"] == 5
    # A restricted total is measured against its groups' targets, never the city's.
    assert result["county"]["signed_target"] == 5
    assert result["county"]["funds_target"] == Decimal("30000.00")
    assert result["county"]["signed_rate"] == Decimal(1) / 5
    assert result["county"]["planned_investment_target"] is None
    assert figures_json(result)["county"]["planned_investment_target"] is None


# ---- the JSON shape ---------------------------------------------------------------------------

FIGURE_KEYS = ["funds_in_place", "foreign_funds_in_place", "signed_projects", "industrial_projects",
               "major_industrial_projects", "emerging_projects", "planned_investment",
               "exited_projects", "funds_target", "signed_target", "industrial_target",
               "major_industrial_target"]
AMOUNT_KEYS = {"funds_in_place", "foreign_funds_in_place", "planned_investment", "funds_target",
               "planned_investment_target"}


def check_types(row):
    for key in FIGURE_KEYS:
        if key in AMOUNT_KEYS:
            assert isinstance(row[key], str) and row[key].count(".") == 1, key
            assert len(row[key].split(".")[1]) == 2, key
        else:
            assert type(row[key]) is int, key


def test_json_shape(forestry):
    project = signed(forestry, "1234.5", emerging=True)
    make_funds(project, "2021-02-03", "12.3")
    data = json.loads(json.dumps(figures_json(year_figures(2021, D(2021, 6, 30), scope=Scope.everything()))))
    assert (data["year"], data["as_of"]) == (2021, "2021-06-30")
    county_figures = data["county"]
    assert set(FIGURE_KEYS) | {"emerging_share", "planned_investment_target"} <= set(county_figures)
    check_types(county_figures)
    assert county_figures["planned_investment_target"] == "1000000.00"
    assert county_figures["funds_in_place"] == "12.30"
    assert county_figures["planned_investment"] == "1234.50"
    assert county_figures["signed_projects"] == 1 and county_figures["funds_target"] == "450000.00"
    assert Decimal(county_figures["emerging_share"]) == 1
    assert [(g["code"], g["name"]) for g in data["groups"]][0] == ("forestry", "林木加工产业招商组")
    assert [g["code"] for g in data["groups"]] == CODES
    for row in data["groups"]:
        assert set(FIGURE_KEYS) <= set(row)
        check_types(row)
    assert data["groups"][0]["funds_target"] == "160000.00"


def test_json_emerging_share_is_null_without_signed_projects():
    assert figures_json(year_figures(2021, scope=Scope.everything()))["county"]["emerging_share"] is None
