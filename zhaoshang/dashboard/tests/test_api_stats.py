"""/api/stats/ and /api/stats/sanqi/: the CLI's JSON, within the user's scope."""
import datetime

import pytest
from rest_framework.test import APIClient

from zhaoshang.core.tests.users import co_unit_user, leader_user, liaison_user, office_user
from zhaoshang.projects.tests.factories import make_funds, make_project
from zhaoshang.stats.figures import year_figures
from zhaoshang.stats.serialize import figures_json
from zhaoshang.org.scope import Scope

AS_OF = datetime.date(2021, 6, 30)


def get(user, path="/api/stats/", **params):
    api = APIClient()
    if user:
        api.force_authenticate(user)
    return api.get(path, params)


@pytest.fixture
def projects(plan2021):
    forestry = make_project("forestry", total_investment="20000", industrial=True, sanqi=True)
    emerging = make_project("emerging", total_investment="3000", sanqi=True, stage="started")
    make_funds(forestry, "2021-05-01", "1500")
    make_funds(emerging, "2021-05-02", "700.25")
    return forestry, emerging


@pytest.mark.parametrize("make_user", [office_user, leader_user])
def test_county_roles_get_exactly_the_cli_json(projects, make_user):
    response = get(make_user(), year=2021, as_of="2021-06-30")
    assert response.status_code == 200
    assert response.json() == figures_json(year_figures(2021, AS_OF, scope=Scope.everything()))
    assert len(response.json()["groups"]) == 8
    assert response.json()["county"]["funds_in_place"] == "2200.25"


@pytest.mark.parametrize("make_user", [liaison_user, co_unit_user])
def test_a_group_member_sees_only_the_own_group(projects, make_user):
    response = get(make_user("forestry"), year=2021, as_of="2021-06-30")
    body = response.json()
    assert [g["code"] for g in body["groups"]] == ["forestry"]
    assert body["county"]["funds_in_place"] == body["groups"][0]["funds_in_place"] == "1500.00"
    assert body["county"]["signed_projects"] == 1
    assert "战略性新兴产业招商组" not in response.content.decode()


def test_defaults_to_the_year_end(projects):
    body = get(office_user(), year=2021).json()
    assert body["as_of"] == "2021-12-31" and body["year"] == 2021
    assert get(office_user(), as_of="2021-06-30").json()["year"] == 2021


@pytest.mark.parametrize("params, field", [
    ({"year": "二〇二一"}, "year"),
    ({"year": "21"}, "year"),
    ({"year": 2021, "as_of": "2021/06/30"}, "as_of"),
    ({"year": 2021, "as_of": "2022-01-01"}, "as_of"),
])
def test_bad_parameters_are_400_in_chinese(plan2021, params, field):
    response = get(office_user(), **params)
    assert response.status_code == 400
    [message] = response.json()[field]
    assert "年" in message or "日期" in message


def test_year_without_plan_is_404(plan2021):
    response = get(office_user(), year=2020)
    assert response.status_code == 404
    assert "没有 2020 年的年度计划" in response.json()["detail"]


def test_unauthenticated_is_refused(plan2021):
    assert get(None, year=2021).status_code in (401, 403)
    assert get(None, "/api/stats/sanqi/").status_code in (401, 403)


def test_sanqi_rates(projects):
    response = get(office_user(), "/api/stats/sanqi/", as_of="2021-12-31")
    assert response.status_code == 200
    [batch] = response.json()["batches"]
    assert batch["batch"] == "2021年签约"
    assert batch["total"]["signed"] == 2 and batch["total"]["start_rate"] == "0.5000"
    assert batch["total"]["funds"] == "2200.25"
    assert [g["code"] for g in batch["groups"]] == ["forestry", "emerging"]

    mine = get(liaison_user("forestry"), "/api/stats/sanqi/", as_of="2021-12-31").json()
    [batch] = mine["batches"]
    assert [g["code"] for g in batch["groups"]] == ["forestry"]
    assert batch["total"]["signed"] == 1 and batch["total"]["performance_rate"] == "1.0000"

    response = get(office_user(), "/api/stats/sanqi/", as_of="31.12.2021")
    assert response.status_code == 400 and "as_of" in response.json()
