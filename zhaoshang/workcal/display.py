"""What the year page shows: the year's holidays and working weekends, month grids, deadlines."""
import calendar as stdlib_calendar
import datetime
from typing import NamedTuple

import chinese_calendar

from .calendar import (CHINESECALENDAR, OFFICE, ONE_DAY, QUARTER_MONTHS, QUARTERLY_DUE_DAY,
                       WorkCalendar, report_due_day)
from .models import HolidayNotice
from .services import weekday_name

# chinesecalendar's Chinese names, as the notices write them.
HOLIDAY_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}
MONTH_NAMES = [f"{m}月" for m in range(1, 13)]


class Entry(NamedTuple):
    name: str
    first_day: datetime.date
    last_day: datetime.date

    @property
    def days(self):
        return (self.last_day - self.first_day).days + 1


def _chinesecalendar_entries(year):
    """Holiday ranges (consecutive days off under one name) and working weekends from the package."""
    holidays, weekends = [], []
    day = datetime.date(year, 1, 1)
    while day.year == year:
        is_off, name = chinese_calendar.get_holiday_detail(day)
        if name and is_off:
            label = HOLIDAY_NAMES.get(chinese_calendar.Holiday(name).chinese,
                                      chinese_calendar.Holiday(name).chinese)
            last = holidays[-1] if holidays else None
            if last and last.name == label and last.last_day + ONE_DAY == day:
                holidays[-1] = last._replace(last_day=day)
            else:
                holidays.append(Entry(label, day, day))
        elif name and day.weekday() >= 5:
            weekends.append(day)
        day += ONE_DAY
    return holidays, weekends


def year_entries(year, source):
    """(holidays as [Entry], working weekends as [date], the office's notice or None)."""
    if source == OFFICE:
        notice = HolidayNotice.objects.select_related("entered_by").prefetch_related(
            "holidays", "working_weekends").get(year=year)
        holidays = [Entry(h.name, h.first_day, h.last_day) for h in notice.holidays.all()]
        return holidays, [w.day for w in notice.working_weekends.all()], notice
    if source == CHINESECALENDAR:
        return (*_chinesecalendar_entries(year), None)
    return [], [], None


class Deadline(NamedTuple):
    kind: str  # "季报" / "月报"
    period: str  # "第一季度" / "3月"
    nominal: datetime.date
    due: datetime.date
    reason: str  # why the nominal day is not a working day, "" when it is

    @property
    def moved_days(self):
        return (self.nominal - self.due).days

    @property
    def weekday(self):
        return weekday_name(self.due)


def _reason(day, holidays):
    for entry in holidays:
        if entry.first_day <= day <= entry.last_day:
            return f"{entry.name}放假"
    return weekday_name(day)


def deadlines(year, calendar, holidays):
    """Both lists of deadline rows, quarterly first."""
    def row(kind, period, nominal):
        due = calendar.on_or_before(nominal)
        return Deadline(kind, period, nominal, due, _reason(nominal, holidays) if due != nominal else "")

    quarters = [row("季报", f"第{'一二三四'[i]}季度", datetime.date(year, month, QUARTERLY_DUE_DAY))
                for i, month in enumerate(QUARTER_MONTHS)]
    due_day = report_due_day()
    months = [row("月报", MONTH_NAMES[m - 1], datetime.date(year, m, due_day)) for m in range(1, 13)]
    return quarters, months


def month_grids(year, calendar, holidays, working_weekends, due_days):
    """12 months of weeks (Monday first) of cells {day, css, mark, title}; None pads a week."""
    days_off = {entry.first_day + ONE_DAY * i: entry.name
                for entry in holidays for i in range(entry.days)}
    weekends = set(working_weekends)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in stdlib_calendar.Calendar().monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                css, title = [], [f"{day:%Y-%m-%d} {weekday_name(day)}"]
                if day in days_off:
                    css.append("off-holiday")
                    title.append(f"{days_off[day]}放假")
                elif day in weekends:
                    css.append("makeup")
                    title.append("调休上班")
                elif not calendar.is_working_day(day):
                    css.append("off")
                if day in due_days:
                    css.append("due")
                    title.append(f"{due_days[day]}截止")
                cells.append({"day": day.day, "css": " ".join(css), "title": "，".join(title),
                              "mark": due_days.get(day, "")})
            weeks.append(cells)
        months.append({"name": MONTH_NAMES[month - 1], "weeks": weeks})
    return months


def year_page(year):
    """Everything the year page shows, from one WorkCalendar."""
    calendar = WorkCalendar()
    source = calendar.source(year)
    holidays, working_weekends, notice = year_entries(year, source.source)
    quarters, months = deadlines(year, calendar, holidays)
    due_days = {d.due: "月报" for d in months} | {d.due: "季报" for d in quarters}
    return {
        "year": year, "source": source, "notice": notice,
        "holidays": holidays, "working_weekends": working_weekends,
        "quarterly": quarters, "monthly": months,
        "months": month_grids(year, calendar, holidays, working_weekends, due_days),
    }
