"""save_notice / delete_notice: every rule in Chinese, nothing written on a bad entry, audited."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import office_user
from zhaoshang.workcal.models import Holiday, HolidayNotice, WorkingWeekend
from zhaoshang.workcal.services import delete_notice, save_notice

pytestmark = pytest.mark.django_db


def d(text):
    return datetime.date.fromisoformat(text)


def holiday(name, first, last):
    return {"name": name, "first_day": d(first), "last_day": d(last)}


GOOD = {
    "reference": "国办发明电〔2029〕9号",
    "holidays": [holiday("春节", "2030-02-02", "2030-02-10"), holiday("国庆节", "2030-10-01", "2030-10-07")],
    "working_weekends": [d("2030-01-26"), d("2030-10-12")],
}


def errors_of(**changes):
    with pytest.raises(ValidationError) as caught:
        save_notice(2030, **{**GOOD, **changes})
    assert not HolidayNotice.objects.exists() and not Holiday.objects.exists()
    assert not ChangeRecord.objects.exists()
    return caught.value.message_dict


def test_save_creates_and_records_who():
    user = office_user()
    notice = save_notice(2030, **GOOD, user=user, via="form")
    assert notice.entered_by == user and notice.reference == GOOD["reference"]
    assert [(h.name, h.first_day) for h in notice.holidays.all()] == [
        ("春节", d("2030-02-02")), ("国庆节", d("2030-10-01"))]
    assert [w.day for w in notice.working_weekends.all()] == GOOD["working_weekends"]
    entry = ChangeRecord.objects.get()
    assert (entry.action, entry.object_type, entry.user, entry.via, entry.group_id) == (
        "create", "holidaynotice", user, "form", None)
    assert entry.after["放假安排"] == "春节 2030-02-02至2030-02-10；国庆节 2030-10-01至2030-10-07"
    assert entry.after["调休上班日"] == "2030-01-26、2030-10-12"


def test_save_again_replaces_the_entries_and_records_the_difference():
    save_notice(2030, **GOOD)
    save_notice(2030, **{**GOOD, "working_weekends": [d("2030-01-26")]})
    assert HolidayNotice.objects.count() == 1
    assert list(WorkingWeekend.objects.values_list("day", flat=True)) == [d("2030-01-26")]
    update = ChangeRecord.objects.filter(action="update").get()
    assert update.before == {"调休上班日": "2030-01-26、2030-10-12"}
    assert update.after == {"调休上班日": "2030-01-26"}
    save_notice(2030, **{**GOOD, "working_weekends": [d("2030-01-26")]})
    assert ChangeRecord.objects.count() == 2  # nothing changed, nothing recorded


def test_working_weekend_on_a_tuesday():
    errors = errors_of(working_weekends=[d("2030-01-29")])
    assert errors == {"working_weekends": [
        "调休上班日 2030-01-29 是星期二，调休上班日只能是星期六或星期日"]}


def test_holiday_outside_the_year():
    errors = errors_of(holidays=[holiday("元旦", "2029-12-30", "2030-01-01")])
    assert errors["holidays"] == [
        "「元旦」的放假日期 2029-12-30至2030-01-01 不在2030年内；跨年的日期请录入到所在年度"]


def test_contradictions():
    errors = errors_of(
        holidays=[holiday("春节", "2030-02-02", "2030-02-10"), holiday("元宵", "2030-02-09", "2030-02-11"),
                  holiday("国庆节", "2030-10-07", "2030-10-01")],
        working_weekends=[d("2030-02-09"), d("2030-01-26"), d("2030-01-26"), d("2031-01-04")],
    )
    assert errors["holidays"] == [
        "「国庆节」的放假结束日期 2030-10-01 早于开始日期 2030-10-07",
        "「春节」（2030-02-02至2030-02-10）与「元宵」（2030-02-09至2030-02-11）日期重叠",
    ]
    assert errors["working_weekends"] == [
        "调休上班日 2030-02-09 在「春节」放假期间（2030-02-02至2030-02-10）内，前后矛盾",
        "调休上班日 2030-02-09 在「元宵」放假期间（2030-02-09至2030-02-11）内，前后矛盾",
        "调休上班日 2030-01-26 重复录入",
        "调休上班日 2031-01-04 不在2030年内",
    ]


def test_required_parts_and_a_typing_mistake():
    errors = errors_of(reference=" ", holidays=[])
    assert errors["reference"] == ["请填写通知文号，例如：国办发明电〔2029〕12号"]
    assert errors["holidays"] == ["请至少录入一个节假日（节日名称、放假开始和结束日期）"]
    errors = errors_of(holidays=[holiday("", "2030-05-01", "2030-05-05"),
                                 holiday("春节", "2030-02-02", "2030-03-02")])
    assert errors["holidays"] == ["2030-05-01开始的节假日缺少节日名称",
                                  "「春节」放假 29 天，超过 15 天，请检查日期"]


def test_year_range():
    with pytest.raises(ValidationError) as caught:
        save_notice(1999, **GOOD)
    assert caught.value.message_dict == {"year": ["年度应在 2000 至 2100 之间，收到 1999"]}


def test_delete_reverts_and_records():
    user = office_user()
    save_notice(2030, **GOOD, user=user)
    delete_notice(2030, user=user, via="form")
    assert not HolidayNotice.objects.exists() and not Holiday.objects.exists()
    entry = ChangeRecord.objects.get(action="delete")
    assert entry.before["reference"] == GOOD["reference"] and entry.after is None
    with pytest.raises(ValidationError, match="没有办公室录入"):
        delete_notice(2030, user=user)
