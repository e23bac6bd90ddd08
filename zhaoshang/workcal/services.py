"""The one writer of the office-entered calendar: checks a notice whole, saves it, records it.

A notice is saved as a whole (the year's holidays and working weekends replace the old ones), in
one transaction, after every check has passed; a bad entry raises
`ValidationError({field: [messages]})` in Chinese and writes nothing.
"""
from django.core.exceptions import ValidationError
from django.db import transaction

from zhaoshang.core.audit import diff, record
from zhaoshang.core.models import ChangeRecord

from .models import Holiday, HolidayNotice, WorkingWeekend
from .signals import calendar_changed

MIN_YEAR, MAX_YEAR = 2000, 2100
# The longest holiday ever announced is ten days; a longer range is a typing mistake.
MAX_HOLIDAY_DAYS = 15
WEEKDAYS = "一二三四五六日"
# Audit keys: the change log labels a key by the model field of that name, else shows the key.
HOLIDAYS_KEY, WEEKENDS_KEY = "放假安排", "调休上班日"


def weekday_name(day):
    return f"星期{WEEKDAYS[day.weekday()]}"


def _holiday_text(name, first_day, last_day):
    return f"{name} {first_day:%Y-%m-%d}至{last_day:%Y-%m-%d}"


def notice_snapshot(notice):
    return {
        "year": notice.year,
        "reference": notice.reference,
        HOLIDAYS_KEY: "；".join(_holiday_text(h.name, h.first_day, h.last_day)
                               for h in notice.holidays.order_by("first_day")),
        WEEKENDS_KEY: "、".join(f"{w.day:%Y-%m-%d}" for w in notice.working_weekends.order_by("day")),
    }


def _check_year(year):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": f"年度应在 {MIN_YEAR} 至 {MAX_YEAR} 之间，收到 {year}"})


def _holiday_problems(year, holidays):
    problems = []
    if not holidays:
        problems.append("请至少录入一个节假日（节日名称、放假开始和结束日期）")
    for row in holidays:
        name, first, last = row["name"].strip(), row["first_day"], row["last_day"]
        label = f"「{name or '未命名'}」"
        if not name:
            problems.append(f"{first:%Y-%m-%d}开始的节假日缺少节日名称")
        if first.year != year or last.year != year:
            problems.append(f"{label}的放假日期 {first:%Y-%m-%d}至{last:%Y-%m-%d} 不在{year}年内；"
                            f"跨年的日期请录入到所在年度")
        if last < first:
            problems.append(f"{label}的放假结束日期 {last:%Y-%m-%d} 早于开始日期 {first:%Y-%m-%d}")
        elif (last - first).days + 1 > MAX_HOLIDAY_DAYS:
            problems.append(f"{label}放假 {(last - first).days + 1} 天，超过 {MAX_HOLIDAY_DAYS} 天，请检查日期")
    ordered = sorted(holidays, key=lambda row: row["first_day"])
    for before, after in zip(ordered, ordered[1:]):
        if after["first_day"] <= before["last_day"]:
            problems.append(
                f"「{before['name'].strip()}」（{before['first_day']:%Y-%m-%d}至{before['last_day']:%Y-%m-%d}）"
                f"与「{after['name'].strip()}」（{after['first_day']:%Y-%m-%d}至{after['last_day']:%Y-%m-%d}）"
                f"日期重叠")
    return problems


def _weekend_problems(year, days, holidays):
    problems, seen = [], set()
    for day in days:
        if day in seen:
            problems.append(f"调休上班日 {day:%Y-%m-%d} 重复录入")
            continue
        seen.add(day)
        if day.year != year:
            problems.append(f"调休上班日 {day:%Y-%m-%d} 不在{year}年内")
        if day.weekday() < 5:
            problems.append(f"调休上班日 {day:%Y-%m-%d} 是{weekday_name(day)}，"
                            f"调休上班日只能是星期六或星期日")
        for row in holidays:
            if row["first_day"] <= day <= row["last_day"]:
                problems.append(f"调休上班日 {day:%Y-%m-%d} 在「{row['name'].strip()}」放假期间"
                                f"（{row['first_day']:%Y-%m-%d}至{row['last_day']:%Y-%m-%d}）内，前后矛盾")
    return problems


def check_notice(year, *, reference, holidays, working_weekends):
    """Every problem of a notice at once, as ValidationError({field: [messages]})."""
    _check_year(year)
    errors = {}
    if not reference.strip():
        errors["reference"] = ["请填写通知文号，例如：国办发明电〔2029〕12号"]
    if problems := _holiday_problems(year, holidays):
        errors["holidays"] = problems
    if problems := _weekend_problems(year, working_weekends, holidays):
        errors["working_weekends"] = problems
    if errors:
        raise ValidationError(errors)


def save_notice(year, *, reference, holidays, working_weekends, user=None, via=""):
    """Create or replace the office-entered notice of `year`.

    holidays: [{"name": str, "first_day": date, "last_day": date}]; working_weekends: [date].
    """
    check_notice(year, reference=reference, holidays=holidays, working_weekends=working_weekends)
    with transaction.atomic():
        notice = HolidayNotice.objects.select_for_update().filter(year=year).first()
        before = notice_snapshot(notice) if notice else None
        if notice is None:
            notice = HolidayNotice(year=year)
        notice.reference = reference.strip()
        notice.entered_by = user if getattr(user, "pk", None) else None
        notice.save()
        notice.holidays.all().delete()
        notice.working_weekends.all().delete()
        Holiday.objects.bulk_create(
            Holiday(notice=notice, name=row["name"].strip(), first_day=row["first_day"],
                    last_day=row["last_day"])
            for row in sorted(holidays, key=lambda row: row["first_day"]))
        WorkingWeekend.objects.bulk_create(
            WorkingWeekend(notice=notice, day=day) for day in sorted(working_weekends))
        after = notice_snapshot(notice)
        if before is None:
            record(notice, ChangeRecord.Action.CREATE, user=user, after=after, via=via)
        elif before != after:
            before, after = diff(before, after)
            record(notice, ChangeRecord.Action.UPDATE, user=user, before=before, after=after, via=via)
        calendar_changed.send(HolidayNotice, year=year, user=user, via=via)
    return notice


def delete_notice(year, *, user=None, via="", reason=""):
    """Remove the office-entered notice of `year`: the year falls back to chinesecalendar or Mon–Fri."""
    with transaction.atomic():
        notice = HolidayNotice.objects.select_for_update().filter(year=year).first()
        if notice is None:
            raise ValidationError({"year": f"{year}年没有办公室录入的节假日安排"})
        record(notice, ChangeRecord.Action.DELETE, user=user, before=notice_snapshot(notice),
               via=via, reason=reason)
        notice.delete()
        calendar_changed.send(HolidayNotice, year=year, user=user, via=via)

