"""每2个月至少带队外出招商考察一次 (SPEC §8, §9): the six two-month windows of a year.

Rules, stated once:
- The windows are Jan–Feb, Mar–Apr, May–Jun, Jul–Aug, Sep–Oct, Nov–Dec; a window's last day
  counts in full (a deadline day ends at 23:59:59).
- A trip counts in the window where it STARTS (出发日期), whatever day it returns, and only
  once it has started by the as-of date.
- Status of a window at the as-of date D: `covered` if it holds a trip; otherwise `future` if
  it begins after D, `missing` if it ended before D, and for the current window `closing_soon`
  when at most `closing_days` days (default 14, D and the last day included) remain, else `open`.
- `covered_share` is covered windows / 6: windows not reached yet, and the current one while it
  has no trip, count as not covered.
"""
import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import TextChoices

from zhaoshang.core.params import default_as_of

from .models import Trip

CLOSING_DAYS = 14
WINDOW_COUNT = 6


class Status(TextChoices):
    COVERED = "covered", "已外出考察"
    MISSING = "missing", "未外出考察"
    OPEN = "open", "进行中"
    CLOSING_SOON = "closing_soon", "即将到期"
    FUTURE = "future", "未到"


@dataclass(frozen=True)
class Window:
    number: int  # 1…6
    start: datetime.date
    end: datetime.date

    @property
    def label(self):
        return f"{self.start.month}–{self.end.month}月"

    def __contains__(self, day):
        return self.start <= day <= self.end


@dataclass
class WindowStatus:
    window: Window
    status: str
    trips: list = field(default_factory=list)
    days_left: int | None = None  # for the current window: days left, as-of day and last day included

    @property
    def covered(self):
        return self.status == Status.COVERED


def windows(year):
    """The six two-month windows of `year`, in order."""
    result = []
    for number in range(1, WINDOW_COUNT + 1):
        first, last = 2 * number - 1, 2 * number
        result.append(Window(number, datetime.date(year, first, 1),
                             datetime.date(year, last, calendar.monthrange(year, last)[1])))
    return result


def window_of(day):
    """The window `day` falls in."""
    return windows(day.year)[(day.month - 1) // 2]


def statuses(year, as_of, trips, closing_days=CLOSING_DAYS):
    """[WindowStatus] of one group, from its `trips` of the year (any order)."""
    result = []
    for window in windows(year):
        held = sorted((t for t in trips if t.start_on in window and t.start_on <= as_of),
                      key=lambda t: (t.start_on, t.pk or 0))
        days_left = (window.end - as_of).days + 1 if as_of in window else None
        if held:
            status = Status.COVERED
        elif window.start > as_of:
            status = Status.FUTURE
        elif window.end < as_of:
            status = Status.MISSING
        elif days_left <= closing_days:
            status = Status.CLOSING_SOON
        else:
            status = Status.OPEN
        result.append(WindowStatus(window, status, held, days_left))
    return result


def year_trips(year, as_of, group_ids=None, trips=None):
    """The trips of `year` started by `as_of`, from `trips` (a queryset, default all)."""
    queryset = (Trip.objects.all() if trips is None else trips).filter(
        start_on__year=year, start_on__lte=as_of).select_related("group")
    if group_ids is not None:
        queryset = queryset.filter(group_id__in=group_ids)
    return queryset.order_by("start_on", "id")


def trip_windows(group_id, year, as_of=None, *, closing_days=CLOSING_DAYS):
    """The six windows of `year` for one group, each with its trips and status at `as_of`."""
    as_of = as_of or default_as_of(year)
    return statuses(year, as_of, list(year_trips(year, as_of, [group_id])), closing_days)


def share(window_statuses):
    covered = sum(1 for w in window_statuses if w.covered)
    return Decimal(covered) / Decimal(WINDOW_COUNT)


def covered_share(group_id, year, as_of=None):
    """Share of the six windows of `year` with a trip by `as_of` (default: year end or today).

    An exact Decimal (5/6 = 0.8333…, 28 digits); the assessment multiplies and rounds it.
    Windows not reached yet count as not covered, so a share before December is below 1.
    """
    return share(trip_windows(group_id, year, as_of))


def compliance_matrix(groups, year, as_of=None, *, trips=None, closing_days=CLOSING_DAYS):
    """[(group, [WindowStatus] ×6, share)] for `groups` (IndustryGroup objects), one query."""
    as_of = as_of or default_as_of(year)
    by_group = {}
    for trip in year_trips(year, as_of, [g.pk for g in groups], trips):
        by_group.setdefault(trip.group_id, []).append(trip)
    rows = []
    for group in groups:
        row = statuses(year, as_of, by_group.get(group.pk, []), closing_days)
        rows.append((group, row, share(row)))
    return rows
