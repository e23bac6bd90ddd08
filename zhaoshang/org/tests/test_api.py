"""/api/groups/, /api/targets/ and /api/plans/: read-only, within the user's scope."""
import pytest
from rest_framework.test import APIClient

from zhaoshang.core.tests.users import (co_unit_user, leader_user, liaison_user, office_user,
                                        outsider_user)


def client(user=None):
    api = APIClient()
    if user:
        api.force_authenticate(user)
    return api


def results(user, path, **params):
    response = client(user).get(path, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("make_user", [office_user, leader_user])
def test_county_roles_see_every_group(plan2021, make_user):
    groups = results(make_user(), "/api/groups/")
    assert len(groups) == 8
    forestry = groups[0]
    assert forestry["code"] == "forestry" and forestry["name"] == "林木加工产业招商组"
    assert forestry["lead_unit"] == "县自然资源和规划局"
    assert forestry["co_units"][:2] == ["县投促中心", "县发改局"] and len(forestry["co_units"]) == 9


@pytest.mark.parametrize("make_user", [liaison_user, co_unit_user])
def test_a_group_member_sees_the_own_group_only(plan2021, make_user):
    api = client(make_user("forestry"))
    response = api.get("/api/groups/")
    assert [g["code"] for g in response.json()["results"]] == ["forestry"]
    assert "战略性新兴产业招商组" not in response.content.decode()
    assert api.get("/api/groups/forestry/").status_code == 200
    assert api.get("/api/groups/emerging/").status_code == 404


def test_groups_are_read_only(plan2021):
    api = client(office_user())
    assert api.post("/api/groups/", {"code": "x", "name": "新组"}, format="json").status_code == 405
    assert api.patch("/api/groups/forestry/", {"name": "改"}, format="json").status_code == 405


def test_targets_by_year_and_scope(plan2021):
    targets = results(office_user(), "/api/targets/", year=2021)
    assert len(targets) == 8
    assert targets[0] == {"year": 2021, "group": "forestry", "group_name": "林木加工产业招商组",
                          "funds_target": "160000.00", "signed_target": 7, "industrial_target": 7,
                          "major_industrial_target": 5}
    assert results(office_user(), "/api/targets/", year=2020) == []
    assert [t["group"] for t in results(office_user(), "/api/targets/", group="emerging")] == ["emerging"]

    response = client(outsider_user("emerging")).get("/api/targets/", {"year": 2021})
    assert [t["group"] for t in response.json()["results"]] == ["forestry"]
    assert "战略性新兴产业招商组" not in response.content.decode()


def test_county_plan_is_readable_by_every_role(plan2021):
    for user in (office_user(), leader_user(), liaison_user("forestry")):
        [plan] = results(user, "/api/plans/")
        assert plan["year"] == 2021 and plan["funds_target"] == "450000.00"
        assert plan["threshold"] == "500.00" and plan["emerging_share_target"] == "0.30"
    assert client(office_user()).get("/api/plans/2021/").json()["signed_target"] == 30


def test_unauthenticated_is_refused(plan2021):
    for path in ("/api/groups/", "/api/targets/", "/api/plans/"):
        assert client().get(path).status_code in (401, 403)
