"""The trip pages for each role: who may write, who may only read, and the outsider (404)."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        office_user, outsider_user)
from zhaoshang.projects.tests.factories import group_of
from zhaoshang.trips.models import Trip

from .helpers import make_trip, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def trips(plan2021):
    return {
        "forestry": make_trip("forestry", "2021-03-15", destination="佛山市", report=pdf()),
        "emerging": make_trip("emerging", "2021-05-10", destination="苏州市", region="yangtze_delta"),
    }


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def form_data(group, **overrides):
    data = {"group": group_of(group).pk, "start_on": "2021-07-05", "end_on": "2021-07-08",
            "destination": "东莞市", "region": "greater_bay", "leader": "王五（指挥长）",
            "participants": "", "enterprises": "东莞某某五金有限公司", "outcome": "洽谈电镀项目"}
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_sign_in(client, trips):
    assert client.get("/trips/").status_code == 302


@pytest.mark.parametrize("make_user", [office_user, leader_user])
def test_county_users_see_every_trip(client, trips, make_user):
    html = get(client, make_user(), "/trips/").content.decode()
    assert "佛山市" in html and "苏州市" in html


@pytest.mark.parametrize("make_user", [liaison_user, commander_user, co_unit_user])
def test_a_group_member_sees_only_own_group(client, trips, make_user):
    user = make_user("forestry")
    html = get(client, user, "/trips/").content.decode()
    assert "佛山市" in html and "苏州市" not in html and "战略性新兴产业招商组" not in html
    assert get(client, user, f"/trips/{trips['forestry'].pk}/").status_code == 200
    for action in ("", "edit/", "delete/", "report/"):
        assert get(client, user, f"/trips/{trips['emerging'].pk}/{action}").status_code == 404


def test_outsider_gets_404_and_no_row(client, trips):
    outsider = outsider_user("forestry")
    pk = trips["forestry"].pk
    for url in (f"/trips/{pk}/", f"/trips/{pk}/edit/", f"/trips/{pk}/delete/", f"/trips/{pk}/report/"):
        assert get(client, outsider, url).status_code == 404
    client.force_login(outsider)
    assert client.post(f"/trips/{pk}/delete/", {"reason": "x"}).status_code == 404
    for url in ("/trips/", "/trips/compliance/?year=2021&as_of=2021-12-31", "/trips/?group=forestry"):
        html = client.get(url).content.decode()
        assert "佛山市" not in html and "林木加工产业招商组" not in html
    assert Trip.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("make_user", [leader_user, lambda: co_unit_user("forestry")])
def test_readers_may_not_write(client, trips, make_user):
    user = make_user()
    pk = trips["forestry"].pk
    html = get(client, user, f"/trips/{pk}/").content.decode()
    assert "佛山市" in html and f"/trips/{pk}/edit/" not in html
    assert get(client, user, "/trips/new/").status_code == 403
    assert get(client, user, f"/trips/{pk}/edit/").status_code == 403
    client.force_login(user)
    assert client.post("/trips/new/", form_data("forestry")).status_code == 403
    assert client.post(f"/trips/{pk}/edit/", form_data("forestry")).status_code == 403
    assert client.post(f"/trips/{pk}/delete/", {"reason": "错了"}).status_code == 403
    assert Trip.objects.count() == 2 and not ChangeRecord.objects.filter(action="delete").exists()
    # Reading the report is reading.
    assert client.get(f"/trips/{pk}/report/").status_code == 200


def test_liaison_records_a_trip_with_a_report(client, plan2021):
    liaison = liaison_user("electroplating")
    assert get(client, liaison, "/trips/new/").status_code == 200
    upload = SimpleUploadedFile("东莞考察报告.pdf", b"%PDF-1.4 report", content_type="text/html")
    response = client.post("/trips/new/", {**form_data("electroplating"), "report": upload})
    trip = Trip.objects.get()
    assert response.status_code == 302 and response.url == f"/trips/{trip.pk}/"
    assert trip.created_by == liaison and trip.report_name == "东莞考察报告.pdf"
    html = client.get(response.url).content.decode()
    assert "东莞某某五金有限公司" in html and "东莞考察报告.pdf" in html
    download = client.get(f"/trips/{trip.pk}/report/")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 report"
    assert download["Content-Type"] == "application/pdf"   # by the name, not the browser's claim
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in download["Content-Disposition"]


def test_form_errors_stand_beside_the_fields(client, plan2021):
    liaison = liaison_user("electroplating")
    client.force_login(liaison)
    response = client.post("/trips/new/", form_data("electroplating", end_on="2021-07-01", leader=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert '<p class="field-error">返回日期（2021-07-01）不能早于出发日期（2021-07-05）</p>' in html
    assert '<p class="field-error">请填写带队领导</p>' in html
    big = SimpleUploadedFile("报告.exe", b"MZ")
    response = client.post("/trips/new/", {**form_data("electroplating"), "report": big})
    assert response.status_code == 400 and "的格式不支持" in response.content.decode()
    # Another group's id is not among the choices.
    response = client.post("/trips/new/", form_data("forestry"))
    assert response.status_code == 400
    assert not Trip.objects.exists() and not ChangeRecord.objects.filter(object_type="trip").exists()


def test_commander_edits_and_deletes_with_a_reason(client, trips):
    commander = commander_user("forestry")
    pk = trips["forestry"].pk
    assert get(client, commander, f"/trips/{pk}/edit/").status_code == 200
    response = client.post(f"/trips/{pk}/edit/", form_data("forestry", destination="广州市",
                                                            remove_report="on"))
    assert response.status_code == 302
    trip = Trip.objects.get(pk=pk)
    assert trip.destination == "广州市" and trip.report_name == ""
    assert client.get(f"/trips/{pk}/report/").status_code == 404
    response = client.post(f"/trips/{pk}/delete/", {"reason": ""})
    assert response.status_code == 400 and "请填写删除原因" in response.content.decode()
    response = client.post(f"/trips/{pk}/delete/", {"reason": "重复登记"})
    assert response.status_code == 302 and not Trip.objects.filter(pk=pk).exists()
    assert ChangeRecord.objects.get(object_type="trip", action="delete").user == commander


def test_office_may_write_any_group(client, trips):
    office = office_user()
    client.force_login(office)
    response = client.post(f"/trips/{trips['emerging'].pk}/edit/", form_data("culture_tourism"))
    assert response.status_code == 302
    assert Trip.objects.get(pk=trips["emerging"].pk).group.code == "culture_tourism"


def test_list_filters(client, trips):
    make_trip("forestry", "2021-09-02", destination="北京市", region="jingjinji", outcome="签订意向书")
    office = office_user()

    def shown(**params):
        html = get(client, office, "/trips/", **params).content.decode()
        return {city for city in ("佛山市", "苏州市", "北京市") if city in html}

    assert shown(group="forestry") == {"佛山市", "北京市"}
    assert shown(region="yangtze_delta") == {"苏州市"}
    assert shown(year="2021", window="2") == {"佛山市"}
    assert shown(q="意向书") == {"北京市"}
    assert shown(year="2020") == set()
    assert get(client, office, "/trips/", window="9").status_code == 400


def test_compliance_matrix(client, trips):
    office = office_user()
    response = get(client, office, "/trips/compliance/", year="2021", as_of="2021-04-20")
    assert response.status_code == 200
    rows = {row["group"].code: [w.status for w in row["windows"]] for row in response.context["rows"]}
    assert len(rows) == 8
    assert rows["forestry"] == ["missing", "covered", "future", "future", "future", "future"]
    assert rows["emerging"][:2] == ["missing", "closing_soon"]
    html = response.content.decode()
    assert "即将到期" in html and "还剩 11 天" in html and "✗ 未考察" in html
    assert "/trips/?group=forestry&amp;year=2021&amp;window=2" in html


def test_compliance_matrix_for_a_liaison_is_one_row(client, trips):
    liaison = liaison_user("emerging")
    response = get(client, liaison, "/trips/compliance/", year="2021", as_of="2021-12-31")
    assert [row["group"].code for row in response.context["rows"]] == ["emerging"]
    html = response.content.decode()
    assert "林木加工产业招商组" not in html and "苏州市" in html


@pytest.mark.parametrize("params, message", [
    ({"year": "21"}, "年度「21」无效"), ({"as_of": "2021-13-01"}, "截止日期「2021-13-01」无效"),
    ({"year": "2021", "as_of": "2022-01-01"}, "截止日期 2022-01-01 不在 2021 年内"),
])
def test_compliance_bad_parameters(client, trips, params, message):
    response = get(client, office_user(), "/trips/compliance/", **params)
    assert response.status_code == 400 and message in response.content.decode()
