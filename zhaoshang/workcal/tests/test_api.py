"""/api/calendar/<year>/: everyone signed in reads; only the office enters or removes a notice."""
import json

import pytest
from django.core.management import call_command

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import leader_user, liaison_user, office_user, outsider_user
from zhaoshang.workcal.models import HolidayNotice
from zhaoshang.core.tests.users import api_client as client

REFERENCE = "国办发明电〔2029〕9号"
GOOD = {"reference": REFERENCE,
        "holidays": [{"name": "春节", "first_day": "2030-02-02", "last_day": "2030-02-10"},
                     {"name": "中秋节", "first_day": "2030-09-18", "last_day": "2030-09-20"}],
        "working_weekends": ["2030-01-26", "2030-04-20"]}


def cli_json(year, capsys):
    call_command("deadlines", "--year", str(year), "--json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("make_user", [office_user, leader_user, lambda: liaison_user("forestry")])
def test_everyone_reads_the_cli_deadlines(plan2021, capsys, make_user):
    body = client(make_user()).get("/api/calendar/2021/").json()
    assert body["deadlines"] == cli_json(2021, capsys)
    assert body["source"] == "chinesecalendar" and body["warning"] == "" and body["reference"] is None
    assert {"name": "中秋节", "first_day": "2021-09-19", "last_day": "2021-09-21"} in body["holidays"]
    assert "2021-09-18" in body["working_weekends"]  # the working Saturday before 中秋


def test_a_year_without_data_warns(db):
    body = client(office_user()).get("/api/calendar/2030/").json()
    assert body["source"] == "fallback" and "2030年尚无节假日安排数据" in body["warning"]
    assert body["holidays"] == [] and body["deadlines"]["quarterly"][2] == "2030-09-20"


def test_office_enters_a_notice_through_the_service(db, capsys):
    office = office_user()
    response = client(office).put("/api/calendar/2030/", GOOD, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["source"] == "office" and body["reference"] == REFERENCE and body["warning"] == ""
    assert body["deadlines"] == cli_json(2030, capsys)
    assert body["deadlines"]["quarterly"][2] == "2030-09-17"  # 20th in 中秋's holiday: moved earlier
    notice = HolidayNotice.objects.get(year=2030)
    assert notice.entered_by == office and notice.holidays.count() == 2
    record = ChangeRecord.objects.get(object_type="holidaynotice")
    assert record.via == "api" and record.user == office and record.action == "create"

    response = client(office).delete("/api/calendar/2030/?reason=录入有误")
    assert response.status_code == 204 and not HolidayNotice.objects.exists()
    assert ChangeRecord.objects.get(object_type="holidaynotice", action="delete").reason == "录入有误"


def test_bad_notice_is_400_with_the_services_words_and_nothing_written(db):
    bad = {**GOOD, "working_weekends": ["2030-01-28"], "reference": " "}
    response = client(office_user()).put("/api/calendar/2030/", bad, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["reference"] == ["请填写通知文号，例如：国办发明电〔2029〕12号"]
    assert body["working_weekends"] == ["调休上班日 2030-01-28 是星期一，调休上班日只能是星期六或星期日"]
    response = client(office_user()).put("/api/calendar/2030/", {**GOOD, "holidays": [{"name": "春节"}]},
                                         format="json")
    assert response.status_code == 400 and response.json()["holidays"]["0"]["first_day"] == ["该字段是必填项。"]
    assert not HolidayNotice.objects.exists() and not ChangeRecord.objects.exists()


@pytest.mark.parametrize("make_user", [leader_user, lambda: outsider_user("forestry")])
def test_others_read_but_may_not_write(plan2021, make_user):
    api = client(make_user())
    assert api.get("/api/calendar/2030/").status_code == 200
    response = api.put("/api/calendar/2030/", GOOD, format="json")
    assert response.status_code == 403 and "只有领导小组办公室" in response.json()["detail"]
    assert api.delete("/api/calendar/2030/").status_code == 403
    assert not HolidayNotice.objects.exists()


def test_anonymous_and_out_of_range(db):
    assert client().get("/api/calendar/2021/").status_code == 401
    assert client(office_user()).get("/api/calendar/1999/").status_code == 404
    assert client(office_user()).delete("/api/calendar/2030/").json() == {
        "year": ["2030年没有办公室录入的节假日安排"]}
