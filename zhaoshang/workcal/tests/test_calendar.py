"""Working days and deadlines (SPEC §6), checked against the State Council's notices by hand.

2021 (国办发明电〔2020〕27号): 春节 2/11–2/17, 上班 2/7 (日) 2/20 (六); 中秋 9/19–9/21, 上班 9/18 (六);
国庆 10/1–10/7, 上班 9/26 (日) 10/9 (六).
2023 (国办发明电〔2022〕16号) and 2024 (国办发明电〔2023〕7号): every 20th off falls on a weekend.
2026 (国办发明电〔2025〕7号): 春节 2/15–2/23, 上班 2/14 (六) 2/28 (六); 端午 6/19–6/21;
国庆 10/1–10/7, 上班 9/20 (日) 10/10 (六).
2018 (国办发明电〔2017〕12号): 春节 2/15–2/21.
"""
import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhaoshang.workcal.calendar import (add_working_days, calendar_source, chinesecalendar_covers,
                                        deadline_end, is_working_day, monthly_deadlines,
                                        quarterly_deadlines, working_day_on_or_before,
                                        working_days_between)
from zhaoshang.workcal.services import save_notice

pytestmark = pytest.mark.django_db


def d(text):
    return datetime.date.fromisoformat(text)


def days(*texts):
    return [d(t) for t in texts]


def test_2021_quarterly_as_the_spec_says():
    assert quarterly_deadlines(2021) == days("2021-03-19", "2021-06-18", "2021-09-18", "2021-12-20")


def test_2021_monthly():
    assert monthly_deadlines(2021) == days(
        "2021-01-20",
        "2021-02-20",  # a Saturday, but a working day (春节调休): due that Saturday
        "2021-03-19",  # the 20th a Saturday
        "2021-04-20", "2021-05-20",
        "2021-06-18",  # the 20th a Sunday
        "2021-07-20", "2021-08-20",
        "2021-09-18",  # the 20th 中秋节, the 19th too, the 18th a working Saturday
        "2021-10-20",
        "2021-11-19",  # the 20th a Saturday
        "2021-12-20",
    )


def test_2023():
    assert quarterly_deadlines(2023) == days("2023-03-20", "2023-06-20", "2023-09-20", "2023-12-20")
    assert monthly_deadlines(2023) == days(
        "2023-01-20", "2023-02-20", "2023-03-20", "2023-04-20",
        "2023-05-19",  # Saturday 20th
        "2023-06-20", "2023-07-20",
        "2023-08-18",  # Sunday 20th
        "2023-09-20", "2023-10-20", "2023-11-20", "2023-12-20",
    )


def test_2024():
    assert quarterly_deadlines(2024) == days("2024-03-20", "2024-06-20", "2024-09-20", "2024-12-20")
    assert monthly_deadlines(2024) == days(
        "2024-01-19", "2024-02-20", "2024-03-20", "2024-04-19", "2024-05-20", "2024-06-20",
        "2024-07-19", "2024-08-20", "2024-09-20", "2024-10-18", "2024-11-20", "2024-12-20",
    )


def test_2026_holidays_and_working_weekends_move_deadlines():
    assert quarterly_deadlines(2026) == days(
        "2026-03-20",
        "2026-06-18",  # the 20th inside 端午 (6/19–6/21): the Thursday before
        "2026-09-20",  # a Sunday that is a working day (国庆调休): due that Sunday
        "2026-12-18",
    )
    monthly = monthly_deadlines(2026)
    # The 20th inside 春节 (2/15–2/23): back to the working Saturday 2/14.
    assert monthly[1] == d("2026-02-14")
    assert monthly == days(
        "2026-01-20", "2026-02-14", "2026-03-20", "2026-04-20", "2026-05-20", "2026-06-18",
        "2026-07-20", "2026-08-20", "2026-09-20", "2026-10-20", "2026-11-20", "2026-12-18",
    )


def test_a_long_holiday_moves_the_deadline_back_past_it():
    # 2018-02-20 inside 春节 (2/15–2/21): the last working day before is Wednesday 2/14.
    assert monthly_deadlines(2018)[1] == d("2018-02-14")


def test_working_days_from_chinesecalendar():
    assert calendar_source(2021) == ("chinesecalendar", "")
    assert is_working_day(d("2021-09-18"))  # 调休上班 Saturday
    assert not is_working_day(d("2021-09-20"))  # 中秋节 Monday
    assert not is_working_day(d("2021-09-25"))  # an ordinary Saturday
    assert working_day_on_or_before(d("2021-10-07")) == d("2021-09-30")
    assert working_day_on_or_before(d("2021-09-30")) == d("2021-09-30")
    with pytest.raises(TypeError):
        is_working_day(datetime.datetime(2021, 9, 18, 12))


def test_chinesecalendar_coverage_is_read_from_the_package():
    assert chinesecalendar_covers(2004) and chinesecalendar_covers(2026)
    assert not chinesecalendar_covers(2003) and not chinesecalendar_covers(2099)


def test_fallback_is_monday_to_friday_with_a_warning():
    source, warning = calendar_source(2031)
    assert source == "fallback"
    assert warning == ("2031年尚无节假日安排数据，暂按周一至周五计算工作日，"
                       "请录入国务院办公厅关于2031年部分节假日安排的通知")
    assert is_working_day(d("2031-01-01"))  # 元旦 unknown without data: a Wednesday works
    assert not is_working_day(d("2031-01-04"))
    assert quarterly_deadlines(2031) == days("2031-03-20", "2031-06-20", "2031-09-19", "2031-12-19")


NOTICE_2030 = {
    "reference": "国办发明电〔2029〕9号",
    "holidays": [
        {"name": "元旦", "first_day": d("2030-01-01"), "last_day": d("2030-01-01")},
        {"name": "春节", "first_day": d("2030-02-02"), "last_day": d("2030-02-10")},
        {"name": "中秋节", "first_day": d("2030-09-18"), "last_day": d("2030-09-20")},
    ],
    "working_weekends": [d("2030-01-26"), d("2030-04-20")],
}


def test_office_entered_calendar_changes_the_deadlines(django_assert_max_num_queries):
    assert calendar_source(2030).source == "fallback"
    assert quarterly_deadlines(2030) == days("2030-03-20", "2030-06-20", "2030-09-20", "2030-12-20")
    assert monthly_deadlines(2030)[3] == d("2030-04-19")

    save_notice(2030, **NOTICE_2030)

    assert calendar_source(2030) == ("office", "")
    assert quarterly_deadlines(2030) == days(
        "2030-03-20", "2030-06-20",
        "2030-09-17",  # the entered 中秋节 covers Wed 18 – Fri 20
        "2030-12-20")
    with django_assert_max_num_queries(3):  # the notice, its holidays, its working weekends
        monthly = monthly_deadlines(2030)
    assert monthly == days(
        "2030-01-18",
        "2030-02-20",
        "2030-03-20",
        "2030-04-20",  # an entered working Saturday
        "2030-05-20", "2030-06-20", "2030-07-19", "2030-08-20",
        "2030-09-17",
        "2030-10-18", "2030-11-20", "2030-12-20",
    )
    assert not is_working_day(d("2030-02-04"))  # a Monday inside the entered 春节
    assert is_working_day(d("2030-01-26"))  # an entered working Saturday


def test_office_entry_overrides_chinesecalendar_for_its_year():
    save_notice(2021, reference="测试", working_weekends=[],
                holidays=[{"name": "国庆节", "first_day": d("2021-10-01"), "last_day": d("2021-10-07")}])
    assert calendar_source(2021).source == "office"
    assert quarterly_deadlines(2021)[2] == d("2021-09-20")  # no 中秋 entered, no working Saturday


def test_add_working_days():
    # Across a weekend.
    assert add_working_days(d("2021-03-19"), 1) == d("2021-03-22")
    # Onto an adjusted working Saturday, then across 中秋 (9/19–9/21).
    assert add_working_days(d("2021-09-17"), 1) == d("2021-09-18")
    assert add_working_days(d("2021-09-17"), 2) == d("2021-09-22")
    # Across 国庆 (10/1–10/7) and onto the working Saturday 10/9.
    assert add_working_days(d("2021-09-30"), 1) == d("2021-10-08")
    assert add_working_days(d("2021-09-30"), 2) == d("2021-10-09")
    assert add_working_days(d("2021-09-30"), 3) == d("2021-10-11")
    # 15 working days (a complaint's default), counting both working weekends 9/18, 9/26, 10/9.
    assert add_working_days(d("2021-09-15"), 15) == d("2021-10-12")
    # n = 0: the day itself when it works, else the next working day.
    assert add_working_days(d("2021-09-30"), 0) == d("2021-09-30")
    assert add_working_days(d("2021-10-01"), 0) == d("2021-10-08")
    # Across the year end into a year without data.
    assert add_working_days(d("2030-12-31"), 1) == d("2031-01-01")
    with pytest.raises(ValueError):
        add_working_days(d("2021-01-04"), -1)


def test_working_days_between():
    assert working_days_between(d("2021-09-17"), d("2021-09-22")) == 2  # 9/18 (六) and 9/22
    assert working_days_between(d("2021-09-30"), d("2021-10-08")) == 1
    assert working_days_between(d("2021-09-18"), d("2021-09-18")) == 0
    assert working_days_between(d("2021-09-22"), d("2021-09-17")) == 0


def test_deadline_end_is_the_last_second_in_shanghai():
    end = deadline_end(d("2021-03-19"))
    assert (end.year, end.month, end.day, end.hour, end.minute, end.second) == (2021, 3, 19, 23, 59, 59)
    assert end.utcoffset() == datetime.timedelta(hours=8)
    assert str(end.tzinfo) == "Asia/Shanghai"
    assert end.astimezone(datetime.timezone.utc).replace(microsecond=0) == \
        datetime.datetime(2021, 3, 19, 15, 59, 59, tzinfo=datetime.timezone.utc)
    # Anything stamped within that second is on time; the next day's first instant is not.
    next_day = datetime.datetime(2021, 3, 20, tzinfo=end.tzinfo)
    assert end < next_day and next_day - end == datetime.timedelta(microseconds=1)


def test_monthly_due_day_is_a_setting(settings):
    settings.REPORT_DUE_DAY = 25
    assert monthly_deadlines(2021)[:3] == days("2021-01-25", "2021-02-25", "2021-03-25")
    assert monthly_deadlines(2021)[8] == d("2021-09-24")  # the 25th a Saturday
    assert quarterly_deadlines(2021)[0] == d("2021-03-19")  # 季报 keeps the plan's 20th
    settings.REPORT_DUE_DAY = 31
    with pytest.raises(ImproperlyConfigured, match="REPORT_DUE_DAY"):
        monthly_deadlines(2021)
