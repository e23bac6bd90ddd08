"""工作日历 pages: everyone signed in reads; only the office enters or changes a notice."""
import datetime

import pytest
from django.urls import reverse

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import leader_user, liaison_user, office_user, outsider_user
from zhaoshang.workcal.models import HolidayNotice
from zhaoshang.workcal.services import save_notice

REFERENCE = "国办发明电〔2029〕9号"


def form_data(holidays=(), weekends=(), reference=REFERENCE):
    """The POST of the notice form: rows of (name, first, last) and working-weekend dates."""
    data = {"reference": reference,
            "holiday-TOTAL_FORMS": len(holidays) + 1, "holiday-INITIAL_FORMS": 0,
            "weekend-TOTAL_FORMS": len(weekends) + 1, "weekend-INITIAL_FORMS": 0}
    for i, (name, first, last) in enumerate([*holidays, ("中秋节", "", "")]):
        data |= {f"holiday-{i}-name": name, f"holiday-{i}-first_day": first, f"holiday-{i}-last_day": last}
    for i, day in enumerate([*weekends, ""]):
        data[f"weekend-{i}-day"] = day
    return data


GOOD = form_data([("春节", "2030-02-02", "2030-02-10"), ("中秋节", "2030-09-18", "2030-09-20")],
                 ["2030-01-26", "2030-04-20"])


def test_urls():
    assert reverse("workcal:index") == "/calendar/"
    assert reverse("workcal:year", args=[2021]) == "/calendar/2021/"
    assert reverse("workcal:edit", args=[2030]) == "/calendar/2030/edit/"


@pytest.mark.parametrize("path", ["/calendar/", "/calendar/2021/", "/calendar/2030/edit/"])
def test_anonymous_is_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_office_enters_a_notice_and_the_deadlines_follow(client, db):
    office = office_user()
    client.force_login(office)
    page = client.get("/calendar/2030/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2030年尚无节假日安排数据" in html and "/calendar/2030/edit/" in html

    form = client.get("/calendar/2030/edit/")
    assert form.status_code == 200
    assert "春节" in form.content.decode()  # a new year starts from the usual holiday names

    response = client.post("/calendar/2030/edit/", GOOD)
    assert response.status_code == 302 and response.url == "/calendar/2030/"
    notice = HolidayNotice.objects.get(year=2030)
    assert notice.entered_by == office and notice.holidays.count() == 2
    assert ChangeRecord.objects.filter(object_type="holidaynotice", via="form").count() == 1

    page = client.get("/calendar/2030/")
    assert page.context["source"].source == "office"
    assert [row.due for row in page.context["quarterly"]][2] == datetime.date(2030, 9, 17)
    html = page.content.decode()
    assert REFERENCE in html and "尚无节假日安排数据" not in html
    assert "20日为中秋节放假，提前 3 天" in html


def test_edit_form_starts_from_chinesecalendar_for_a_covered_year(client, db):
    client.force_login(office_user())
    html = client.get("/calendar/2021/edit/").content.decode()
    assert 'value="2021-09-19"' in html and 'value="2021-09-18"' in html  # 中秋, and its working Saturday


@pytest.mark.parametrize("who", ["leader", "liaison", "outsider"])
def test_others_may_read_but_not_write(client, plan2021, who):
    user = {"leader": leader_user, "liaison": lambda: liaison_user("forestry"),
            "outsider": lambda: outsider_user("forestry")}[who]()
    save_notice(2030, reference=REFERENCE, working_weekends=[],
                holidays=[{"name": "春节", "first_day": datetime.date(2030, 2, 2),
                           "last_day": datetime.date(2030, 2, 10)}])
    client.force_login(user)
    index = client.get("/calendar/")
    assert index.status_code == 200
    assert "2021年" in index.content.decode() and "/edit/" not in index.content.decode()
    year = client.get("/calendar/2021/")
    assert year.status_code == 200
    assert "3月19日" in year.content.decode() and "/edit/" not in year.content.decode()
    assert client.get("/calendar/2030/edit/").status_code == 403
    assert client.post("/calendar/2030/edit/", GOOD).status_code == 403
    assert client.post("/calendar/2030/delete/").status_code == 403
    assert HolidayNotice.objects.get().holidays.count() == 1


@pytest.mark.parametrize("data, message", [
    (form_data([("春节", "2030-02-02", "2030-02-10")], ["2030-01-29"]),
     "调休上班日 2030-01-29 是星期二，调休上班日只能是星期六或星期日"),
    (form_data([("元旦", "2029-12-30", "2030-01-01")]),
     "「元旦」的放假日期 2029-12-30至2030-01-01 不在2030年内"),
    (form_data([("春节", "2030-02-02", "")]), "请同时填写放假开始和结束日期"),
    (form_data([("春节", "2030-02-02", "2030-02-10")], reference=""), "请填写通知文号"),
])
def test_bad_input_is_400_in_chinese_and_writes_nothing(client, db, data, message):
    client.force_login(office_user())
    response = client.post("/calendar/2030/edit/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "保存未成功" in html
    assert not HolidayNotice.objects.exists() and not ChangeRecord.objects.exists()


def test_office_deletes_an_entered_notice(client, db):
    client.force_login(office_user())
    client.post("/calendar/2030/edit/", GOOD)
    response = client.post("/calendar/2030/delete/")
    assert response.status_code == 302
    assert not HolidayNotice.objects.exists()
    assert client.get("/calendar/2030/").context["source"].source == "fallback"


def test_index_lists_years_with_their_source_and_jumps_to_a_year(client, plan2021):
    client.force_login(office_user())
    response = client.get("/calendar/")
    rows = {row["year"]: row for row in response.context["rows"]}
    assert rows[2021]["source"].source == "chinesecalendar"
    assert rows[2021]["quarterly"][2] == datetime.date(2021, 9, 18)
    assert client.get("/calendar/?year=2035").url == "/calendar/2035/"
    assert "年度应为" in client.get("/calendar/?year=abc").content.decode()
    assert client.get("/calendar/1900/").status_code == 404
