"""/api/groups/, /api/units/, /api/targets/ and /api/plans/: within the user's scope; only the office
changes groups and units."""
import pytest

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, leader_user, liaison_user, office_user,
                                        outsider_user)
from zhaoshang.org.models import IndustryGroup, Unit
from zhaoshang.core.tests.users import api_client as client


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


def test_groups_are_not_created_or_deleted_over_the_api(plan2021):
    api = client(office_user())
    assert api.post("/api/groups/", {"code": "x", "name": "新组"}, format="json").status_code == 405
    assert api.delete("/api/groups/forestry/").status_code == 405


def test_the_office_patches_a_groups_make_up(plan2021):
    response = client(office_user()).patch("/api/groups/forestry/", {
        "co_units": ["县投促中心", "县发改局"], "commander": "张三", "name": "不能改"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["co_units"] == ["县投促中心", "县发改局"] and body["commander"] == "张三"
    assert body["name"] == "林木加工产业招商组" and body["lead_unit"] == "县自然资源和规划局"
    assert ChangeRecord.objects.filter(object_type="industrygroup", via="api").count() == 1


def test_a_bad_group_patch_is_a_400_with_field_errors(plan2021):
    before = ChangeRecord.objects.count()
    response = client(office_user()).patch("/api/groups/forestry/", {"lead_unit": "县外事办"},
                                           format="json")
    assert response.status_code == 400
    assert response.json() == {"lead_unit": ["以下单位尚未登记：县外事办。请先在「单位」中新增"]}
    assert ChangeRecord.objects.count() == before


def test_who_may_not_patch_a_group(plan2021):
    for user in (leader_user(), liaison_user("forestry")):
        response = client(user).patch("/api/groups/forestry/", {"commander": "某"}, format="json")
        assert response.status_code == 403 and "只能查看" in response.json()["detail"]
    response = client(outsider_user("forestry")).patch("/api/groups/forestry/", {"commander": "某"},
                                                       format="json")
    assert response.status_code == 404 and "林木" not in response.content.decode()
    assert IndustryGroup.objects.get(code="forestry").commander == ""


def test_units_within_the_scope(plan2021):
    names = [u["name"] for u in results(leader_user(), "/api/units/", page_size=100)]
    assert len(names) == Unit.objects.count() and "柳州紫荆技术转移中心" in names
    names = [u["name"] for u in results(liaison_user("forestry"), "/api/units/", page_size=100)]
    assert "驰普公司" in names and "柳州紫荆技术转移中心" not in names
    secret = Unit.objects.get(name="柳州紫荆技术转移中心")
    response = client(liaison_user("forestry")).get(f"/api/units/{secret.pk}/")
    assert response.status_code == 404 and "紫荆" not in response.content.decode()


def test_the_office_adds_and_renames_units(plan2021):
    api = client(office_user())
    response = api.post("/api/units/", {"name": "县商务局"}, format="json")
    assert response.status_code == 201 and response.json()["name"] == "县商务局"
    pk = response.json()["id"]
    response = api.patch(f"/api/units/{pk}/", {"name": "县商务和口岸局", "reason": "机构改革"}, format="json")
    assert response.status_code == 200 and response.json() == {"id": pk, "name": "县商务和口岸局"}
    assert ChangeRecord.objects.filter(object_type="unit", object_id=pk, reason="机构改革").exists()
    response = api.post("/api/units/", {"name": "县财政局"}, format="json")
    assert response.status_code == 400 and response.json() == {"name": ["单位「县财政局」已存在"]}
    assert api.delete(f"/api/units/{pk}/").status_code == 405


def test_only_the_office_writes_units(plan2021):
    unit = Unit.objects.get(name="县发改局")
    for user in (leader_user(), liaison_user("forestry")):
        api = client(user)
        assert api.post("/api/units/", {"name": "县商务局"}, format="json").status_code == 403
        assert api.patch(f"/api/units/{unit.pk}/", {"name": "改"}, format="json").status_code == 403
    assert not Unit.objects.filter(name__in=["县商务局", "改"]).exists()


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
