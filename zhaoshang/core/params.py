"""?year= and ?as_of=, the query parameters most pages and API reads share, parsed here once
with their Chinese errors (core.api.params turns a BadParameter into the API's 400)."""
import datetime

from django.utils import timezone


class BadParameter(ValueError):
    """A query parameter the page cannot use; its message is shown to the user (400).
    `field` names the parameter (the API reports the message under it)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def parse_year(text):
    if not (text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100):
        raise BadParameter(f"年度「{text}」无效，应为四位数字年份，如 2021", "year")
    return int(text)


def parse_as_of(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BadParameter(f"截止日期「{text}」无效，应为 YYYY-MM-DD，如 2021-06-30", "as_of") from None


def default_as_of(year):
    """Today while `year` runs; its last day once it is over; its first day before it begins
    (a plan entered ahead, whose figures all start at nothing)."""
    today = timezone.localdate()
    return min(max(today, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def default_year(years):
    """The year a page opens on: this year's, else the latest before it (a plan entered ahead
    for next year does not push the running one off the dashboard), else the earliest ahead."""
    this = timezone.localdate().year
    return max((y for y in years if y <= this), default=min(years))


def year_and_as_of(params, years, *, known_only=True):
    """(year, as_of) from ?year= and ?as_of=.

    The year defaults to the as-of date's, else `default_year(years)` (years: the plans');
    with `known_only` it must be one of `years`. As-of defaults to `default_as_of(year)` and
    must lie in the year.
    """
    as_text = params.get("as_of", "").strip()
    as_of = parse_as_of(as_text) if as_text else None
    text = params.get("year", "").strip()
    year = parse_year(text) if text else (as_of.year if as_of else default_year(years))
    if known_only and year not in years:
        raise BadParameter(f"没有 {year} 年的年度计划（已有：{'、'.join(map(str, years))}）", "year")
    if as_of and as_of.year != year:
        raise BadParameter(f"截止日期 {as_of} 不在 {year} 年内", "as_of")
    return year, as_of or default_as_of(year)
