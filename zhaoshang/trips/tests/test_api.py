"""/api/trips/ and /api/trips/compliance/: who may record, who only reads, the outsider (404,
never listed); every write through trips.services."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        office_user, outsider_user)
from zhaoshang.projects.tests.factories import group_of
from zhaoshang.trips.models import Trip, TripReportFile

from .helpers import make_trip
from zhaoshang.core.tests.users import api_client as client

SECRET = "机密考察地"


@pytest.fixture
def mine(plan2021):
    return make_trip("forestry", "2021-03-15")


@pytest.fixture
def theirs(plan2021):
    return make_trip("emerging", "2021-05-10", destination=SECRET, region="yangtze_delta")


NEW = {"group": "forestry", "start_on": "2021-07-05", "end_on": "2021-07-08", "destination": "苏州市",
       "region": "yangtze_delta", "leader": "王五（指挥长）", "enterprises": "苏州甲公司\n苏州乙公司"}


# --- reading -----------------------------------------------------------------------------------

def test_lists_follow_the_scope(mine, theirs):
    assert client(office_user()).get("/api/trips/").json()["count"] == 2
    response = client(liaison_user("forestry")).get("/api/trips/")
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [mine.pk] and SECRET not in response.content.decode()
    assert rows[0]["group"] == "forestry" and rows[0]["days"] == 3 and rows[0]["report_url"] is None
    office = client(office_user())

    def ids(**params):
        return [r["id"] for r in office.get("/api/trips/", params).json()["results"]]

    assert ids(region="yangtze_delta") == [theirs.pk] and ids(window=2) == [mine.pk]
    assert client(liaison_user("forestry")).get("/api/trips/", {"group": "emerging"}).status_code == 400


def test_readers_read_and_outsiders_get_404(mine, theirs):
    for reader in (leader_user(), co_unit_user("emerging")):
        assert client(reader).get(f"/api/trips/{theirs.pk}/").json()["destination"] == SECRET
    response = client(outsider_user("emerging")).get(f"/api/trips/{theirs.pk}/")
    assert response.status_code == 404 and SECRET not in response.content.decode()


# --- writing -----------------------------------------------------------------------------------

def test_the_liaison_records_a_trip_with_its_report(plan2021):
    liaison = liaison_user("forestry")
    report = SimpleUploadedFile("考察报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    response = client(liaison).post("/api/trips/", {**NEW, "report": report}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    trip = Trip.objects.get()
    assert body["report_name"] == "考察报告.pdf" and body["report_url"].endswith(f"/trips/{trip.pk}/report/")
    assert bytes(TripReportFile.objects.get().content) == b"%PDF-1.4 report"
    assert trip.enterprise_list() == ["苏州甲公司", "苏州乙公司"] and trip.created_by == liaison
    record = ChangeRecord.objects.get(object_type="trip")
    assert record.action == "create" and record.via == "api" and record.user == liaison


def test_bad_values_are_400_in_chinese_and_nothing_written(plan2021):
    api = client(liaison_user("forestry"))
    response = api.post("/api/trips/", {**NEW, "end_on": "2021-07-01", "leader": ""}, format="json")
    assert response.status_code == 400
    assert response.json() == {"end_on": ["返回日期（2021-07-01）不能早于出发日期（2021-07-05）"],
                               "leader": ["请填写带队领导"]}
    bad_file = SimpleUploadedFile("报告.exe", b"MZ")
    response = api.post("/api/trips/", {**NEW, "report": bad_file}, format="multipart")
    assert response.status_code == 400 and "格式不支持" in response.json()["report"][0]
    assert not Trip.objects.exists() and not ChangeRecord.objects.filter(object_type="trip").exists()


def test_the_group_must_be_ones_own(plan2021):
    response = client(outsider_user("forestry")).post("/api/trips/", NEW, format="json")
    assert response.status_code == 400 and response.json() == {"group": ["产业招商组不存在"]}
    # Emerging's liaison who is also a co-unit of forestry sees forestry but may not record there.
    user = liaison_user("emerging")
    user.memberships.create(role="co_unit", group=group_of("forestry"))
    response = client(user).post("/api/trips/", NEW, format="json")
    assert response.json() == {"group": ["您的角色不能为该产业招商组登记外出招商考察"]}
    assert not Trip.objects.exists()


@pytest.mark.parametrize("make_user", [leader_user, lambda: co_unit_user("forestry")])
def test_readers_may_not_write(mine, make_user):
    api = client(make_user())
    assert api.post("/api/trips/", NEW, format="json").status_code == 403
    assert api.patch(f"/api/trips/{mine.pk}/", {"destination": "改"}, format="json").status_code == 403
    assert api.delete(f"/api/trips/{mine.pk}/?reason=x").status_code == 403
    assert Trip.objects.get().destination == "深圳市"


def test_edit_and_delete_with_a_reason(mine, theirs):
    commander = commander_user("forestry")
    api = client(commander)
    response = api.patch(f"/api/trips/{mine.pk}/", {"outcome": "签约意向1个", "reason": "补充成果"},
                         format="json")
    assert response.status_code == 200 and response.json()["outcome"] == "签约意向1个"
    record = ChangeRecord.objects.get(object_type="trip", action="update")
    assert record.reason == "补充成果" and record.after == {"outcome": "签约意向1个"} and record.via == "api"

    assert api.delete(f"/api/trips/{mine.pk}/").json() == {"reason": ["请填写删除原因"]}
    assert api.delete(f"/api/trips/{mine.pk}/", {"reason": "重复登记"}, format="json").status_code == 204
    assert ChangeRecord.objects.get(object_type="trip", action="delete").reason == "重复登记"
    assert list(Trip.objects.all()) == [theirs]

    outsider = client(outsider_user("emerging"))
    assert outsider.patch(f"/api/trips/{theirs.pk}/", {"outcome": "x"}, format="json").status_code == 404
    assert outsider.delete(f"/api/trips/{theirs.pk}/?reason=x").status_code == 404


# --- compliance --------------------------------------------------------------------------------

def test_compliance_matrix_in_scope(mine, theirs):
    body = client(office_user()).get("/api/trips/compliance/", {"year": 2021, "as_of": "2021-06-30"}).json()
    assert body["as_of"] == "2021-06-30" and len(body["groups"]) == 8 and len(body["windows"]) == 6
    forestry = next(g for g in body["groups"] if g["code"] == "forestry")
    assert [w["status"] for w in forestry["windows"]] == [
        "missing", "covered", "closing_soon", "future", "future", "future"]
    assert forestry["covered"] == 1 and forestry["share"] == "0.1667"
    assert forestry["windows"][1]["trips"] == [
        {"id": mine.pk, "start_on": "2021-03-15", "destination": "深圳市"}]
    assert forestry["windows"][2]["days_left"] == 1

    response = client(liaison_user("forestry")).get("/api/trips/compliance/", {"as_of": "2021-06-30"})
    assert [g["code"] for g in response.json()["groups"]] == ["forestry"]
    assert SECRET not in response.content.decode() and "战略性新兴" not in response.content.decode()


def test_compliance_bad_parameters(plan2021):
    api = client(office_user())
    assert api.get("/api/trips/compliance/", {"as_of": "2021/06/30"}).status_code == 400
    assert api.get("/api/trips/compliance/", {"year": 2021, "as_of": "2022-01-01"}).json() == {
        "as_of": ["截止日期 2022-01-01 不在 2021 年内"]}
