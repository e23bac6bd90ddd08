"""The dashboard's chart series on hand-made funds: cumulative by month, by stage, by origin."""
import datetime
from decimal import Decimal

import pytest

from zhaoshang.projects.models import Origin, Project, Stage
from zhaoshang.projects.tests.factories import make_funds, make_project
from zhaoshang.stats.figures import year_figures
from zhaoshang.stats.series import monthly_funds, signed_by_origin, stage_counts
from zhaoshang.org.scope import Scope

pytestmark = pytest.mark.usefixtures("plan2021")
D = datetime.date


@pytest.fixture
def funds():
    counted = make_project("forestry", total_investment="1000")
    make_funds(counted, "2020-12-31", "999")         # last year: not in 2021's series
    make_funds(counted, "2021-01-15", "100")
    make_funds(counted, "2021-03-01", "50.25")
    make_funds(counted, "2021-03-31", "25")
    make_funds(counted, "2021-12-31", "1")
    other_group = make_project("emerging", total_investment="600")
    make_funds(other_group, "2021-02-10", "10")
    # Not 区外境内到位资金: in-region, foreign, under the 500 万元 threshold.
    make_funds(make_project("forestry", origin=Origin.IN_REGION), "2021-01-02", "7")
    make_funds(make_project("forestry", origin=Origin.FOREIGN), "2021-01-02", "8")
    make_funds(make_project("forestry", total_investment="499.99"), "2021-01-02", "9")
    return counted


def amounts(*values):
    return [Decimal(v) for v in values]


def test_monthly_funds_are_cumulative_per_month(funds):
    assert monthly_funds(2021, scope=Scope.everything()) == amounts("100", "110", "185.25", *["185.25"] * 8, "186.25")


def test_monthly_funds_stop_at_the_as_of_date_and_end_at_the_figure(funds):
    series = monthly_funds(2021, D(2021, 3, 15), scope=Scope.everything())
    assert series == amounts("100", "110", *["160.25"] * 10)
    assert series[-1] == year_figures(2021, D(2021, 3, 15), scope=Scope.everything())["county"]["funds_in_place"]


def test_monthly_funds_of_some_groups(funds):
    forestry = funds.group_id
    assert monthly_funds(2021, scope=Scope.groups({forestry}))[:3] == amounts("100", "100", "175.25")
    assert monthly_funds(2021, scope=Scope.groups(set())) == [Decimal("0.00")] * 12


def test_stage_counts():
    make_project("forestry", Stage.LEAD)
    make_project("forestry", Stage.STARTED)
    make_project("emerging", Stage.STARTED)
    assert stage_counts(Project.objects.all()) == {"lead": 1, "started": 2}
    assert stage_counts(Project.objects.filter(group__code="emerging")) == {"started": 1}


def test_signed_by_origin_counts_as_signed_projects_do():
    make_project("forestry", total_investment="2000")
    make_project("forestry", origin=Origin.FOREIGN, total_investment="700")
    make_project("emerging", origin=Origin.IN_REGION, total_investment="800")
    make_project("forestry", total_investment="400")                      # under the threshold
    make_project("forestry", Stage.EXITED, total_investment="900")        # exited 2021-10-01
    make_project("forestry", signed_on=D(2020, 5, 1), total_investment="900")
    by_origin = signed_by_origin(2021, D(2021, 9, 30), scope=Scope.everything())
    assert by_origin == {
        "domestic_external": {"count": 2, "investment": Decimal("2900.00")},
        "foreign": {"count": 1, "investment": Decimal("700.00")},
        "in_region": {"count": 1, "investment": Decimal("800.00")},
    }
    county = year_figures(2021, D(2021, 9, 30), scope=Scope.everything())["county"]
    assert by_origin["domestic_external"]["count"] + by_origin["foreign"]["count"] == county["signed_projects"]
    assert signed_by_origin(2021, scope=Scope.everything())["domestic_external"]["count"] == 1       # the exit counts by 31 Dec
