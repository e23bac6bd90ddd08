"""Working days and report deadlines (SPEC §6).

A year's calendar comes from, in this order: the notice the office entered for that year
(`HolidayNotice`), the `chinesecalendar` package for the years it covers, or Monday–Friday with
a warning. Each public function reads what it needs through a fresh `WorkCalendar` (one query
per year it touches); a caller that asks many questions in one request may keep one
`WorkCalendar` and call its methods. Nothing is cached across calls: another app server may
have saved a notice in between.
"""
import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import chinese_calendar
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import HolidayNotice

OFFICE, CHINESECALENDAR, FALLBACK = "office", "chinesecalendar", "fallback"
SOURCE_LABELS = {
    OFFICE: "国务院办公厅通知（办公室录入）",
    CHINESECALENDAR: "系统自带的节假日数据",
    FALLBACK: "无节假日数据（按周一至周五）",
}
QUARTER_MONTHS = (3, 6, 9, 12)
QUARTERLY_DUE_DAY = 20  # the plan's rule for 季报: the 20th of the quarter's last month
SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE_DAY = datetime.timedelta(days=1)
# No holiday is this long; a bound keeps a bad entry from looping forever.
MAX_SEARCH_DAYS = 400


class CalendarSource(NamedTuple):
    source: str  # "office" / "chinesecalendar" / "fallback"
    warning: str  # Chinese text for "fallback", else ""


def fallback_warning(year):
    return (f"{year}年尚无节假日安排数据，暂按周一至周五计算工作日，"
            f"请录入国务院办公厅关于{year}年部分节假日安排的通知")


def chinesecalendar_covers(year):
    """chinesecalendar raises NotImplementedError for a year outside its data."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class _Year(NamedTuple):
    source: str
    days_off: frozenset  # office source: holiday dates
    working_weekends: frozenset  # office source: 调休上班 dates


class WorkCalendar:
    """Working-day questions over a memo of the years already read (per call or per request)."""

    def __init__(self):
        self._years = {}

    def _year(self, year):
        if year not in self._years:
            self._years[year] = self._load(year)
        return self._years[year]

    @staticmethod
    def _load(year):
        notice = HolidayNotice.objects.filter(year=year).prefetch_related(
            "holidays", "working_weekends").first()
        if notice is not None:
            days_off = set()
            for holiday in notice.holidays.all():
                day = holiday.first_day
                while day <= holiday.last_day:
                    days_off.add(day)
                    day += ONE_DAY
            weekends = {entry.day for entry in notice.working_weekends.all()}
            return _Year(OFFICE, frozenset(days_off), frozenset(weekends))
        source = CHINESECALENDAR if chinesecalendar_covers(year) else FALLBACK
        return _Year(source, frozenset(), frozenset())

    def source(self, year):
        kind = self._year(year).source
        return CalendarSource(kind, fallback_warning(year) if kind == FALLBACK else "")

    def is_working_day(self, day):
        if isinstance(day, datetime.datetime):
            # A moment's day depends on its time zone: the caller converts to Shanghai first.
            raise TypeError("需要日期（date）而不是时间（datetime），请先换算为北京时间的日期")
        data = self._year(day.year)
        if data.source == CHINESECALENDAR:
            return chinese_calendar.is_workday(day)
        if data.source == OFFICE:
            if day in data.working_weekends:
                return True
            if day in data.days_off:
                return False
        return day.weekday() < 5

    def on_or_before(self, day):
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_working_day(day):
                return day
            day -= ONE_DAY
        raise ValueError(f"{day} 之前 {MAX_SEARCH_DAYS} 天内没有工作日，请检查节假日安排")

    def on_or_after(self, day):
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_working_day(day):
                return day
            day += ONE_DAY
        raise ValueError(f"{day} 之后 {MAX_SEARCH_DAYS} 天内没有工作日，请检查节假日安排")

    def add(self, day, n):
        if n < 0:
            raise ValueError("工作日数不能为负数")
        if n == 0:
            return self.on_or_after(day)
        for _ in range(n):
            day = self.on_or_after(day + ONE_DAY)
        return day

    def between(self, start, end):
        count, day = 0, start + ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count

    def due(self, year, month, day_of_month):
        return self.on_or_before(datetime.date(year, month, day_of_month))

    def quarterly(self, year):
        return [self.due(year, month, QUARTERLY_DUE_DAY) for month in QUARTER_MONTHS]

    def monthly(self, year):
        due_day = report_due_day()
        return [self.due(year, month, due_day) for month in range(1, 13)]


def report_due_day():
    """The 月报 day of the month (settings.REPORT_DUE_DAY, 1–28 so every month has it)."""
    day = getattr(settings, "REPORT_DUE_DAY", 20)
    if not 1 <= day <= 28:
        raise ImproperlyConfigured(f"REPORT_DUE_DAY 应为 1 至 28 之间的整数，当前为 {day}")
    return day


def calendar_source(year):
    """("office" | "chinesecalendar" | "fallback", the Chinese warning for "fallback" else "")."""
    return WorkCalendar().source(year)


def is_working_day(day):
    return WorkCalendar().is_working_day(day)


def working_day_on_or_before(day):
    """`day` if it is a working day, else the nearest earlier working day."""
    return WorkCalendar().on_or_before(day)


def add_working_days(day, n):
    """The n-th working day after `day`, not counting `day` itself (n ≥ 1).

    n = 0 means "due the same day": `day` if it is a working day, else the next working day.
    """
    return WorkCalendar().add(day, n)


def working_days_between(start, end):
    """How many working days in (start, end]: 0 when end ≤ start. Days late = (deadline, submitted]."""
    return WorkCalendar().between(start, end)


def quarterly_deadlines(year):
    """The four 季报 deadlines: the 20th of Mar/Jun/Sep/Dec, or the nearest earlier working day."""
    return WorkCalendar().quarterly(year)


def monthly_deadlines(year):
    """The twelve 月报 deadlines: REPORT_DUE_DAY of each month, or the nearest earlier working day."""
    return WorkCalendar().monthly(year)


def deadline_end(day):
    """The last instant of a deadline day in Asia/Shanghai (SPEC §3: the day ends at 23:59:59).

    23:59:59.999999, so a submission stamped at any moment of the second 23:59:59 is on time:
    on time iff submitted_at <= deadline_end(day).
    """
    return datetime.datetime.combine(day, datetime.time(23, 59, 59, 999999), tzinfo=SHANGHAI)
