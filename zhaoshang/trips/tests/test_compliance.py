"""The six two-month windows, worked out by hand (SPEC §8: 每2个月至少带队外出招商考察一次)."""
import datetime
from decimal import Decimal

import pytest

from zhaoshang.projects.tests.factories import group_of
from zhaoshang.trips.compliance import (compliance_matrix, covered_share, trip_windows, window_of,
                                        windows)

from .helpers import make_trip

D = datetime.date


def statuses(group, as_of, year=2021):
    return [w.status for w in trip_windows(group_of(group).pk, year, as_of)]


def test_the_six_windows():
    found = [(w.number, w.start, w.end, w.label) for w in windows(2021)]
    assert found == [
        (1, D(2021, 1, 1), D(2021, 2, 28), "1–2月"), (2, D(2021, 3, 1), D(2021, 4, 30), "3–4月"),
        (3, D(2021, 5, 1), D(2021, 6, 30), "5–6月"), (4, D(2021, 7, 1), D(2021, 8, 31), "7–8月"),
        (5, D(2021, 9, 1), D(2021, 10, 31), "9–10月"), (6, D(2021, 11, 1), D(2021, 12, 31), "11–12月"),
    ]
    assert windows(2024)[0].end == D(2024, 2, 29)
    assert window_of(D(2021, 3, 1)).number == 2


@pytest.mark.django_db
def test_a_trip_counts_in_the_window_where_it_starts(plan2021):
    make_trip("forestry", "2021-02-28", days=3)       # returns 03-02: still Jan–Feb
    make_trip("emerging", "2021-03-01")
    assert statuses("forestry", D(2021, 12, 31))[:2] == ["covered", "missing"]
    assert statuses("emerging", D(2021, 12, 31))[:2] == ["missing", "covered"]
    [first, *_] = trip_windows(group_of("forestry").pk, 2021, D(2021, 12, 31))
    assert [t.start_on for t in first.trips] == [D(2021, 2, 28)]


@pytest.mark.django_db
def test_current_window_open_then_closing_soon(plan2021):
    make_trip("forestry", "2021-01-20")
    # Mar–Apr ends 04-30: on 04-16 there are 15 days left (04-16 … 04-30), on 04-17 14.
    assert statuses("forestry", D(2021, 4, 16)) == ["covered", "open", "future", "future", "future", "future"]
    windows_then = trip_windows(group_of("forestry").pk, 2021, D(2021, 4, 17))
    assert [w.status for w in windows_then][:3] == ["covered", "closing_soon", "future"]
    assert windows_then[1].days_left == 14 and windows_then[0].days_left is None
    # The last day still belongs to the window; the day after, it is missed.
    assert statuses("forestry", D(2021, 4, 30))[1] == "closing_soon"
    assert statuses("forestry", D(2021, 5, 1))[:3] == ["covered", "missing", "open"]
    # A shorter warning period.
    assert [w.status for w in trip_windows(group_of("forestry").pk, 2021, D(2021, 4, 17),
                                           closing_days=7)][1] == "open"


@pytest.mark.django_db
def test_a_trip_starting_after_the_as_of_date_does_not_count_yet(plan2021):
    make_trip("forestry", "2021-04-10")
    assert statuses("forestry", D(2021, 4, 9))[1] == "open"
    assert statuses("forestry", D(2021, 4, 10))[1] == "covered"   # covered even in the current window


@pytest.mark.django_db
def test_covered_share_by_hand(plan2021):
    group = group_of("forestry").pk
    for start in ("2021-01-05", "2021-02-10", "2021-03-15", "2021-08-31", "2020-12-30", "2022-01-02"):
        make_trip("forestry", start)
    make_trip("emerging", "2021-05-05")                 # another group's trip counts for nobody else
    # Windows 1, 2 and 4 have trips (two in window 1 count once): 3 of 6.
    assert covered_share(group, 2021, D(2021, 12, 31)) == Decimal(3) / Decimal(6) == Decimal("0.5")
    # On 04-30 only windows 1 and 2: the four windows not over yet count as not covered.
    assert covered_share(group, 2021, D(2021, 4, 30)) == Decimal(2) / Decimal(6)
    assert covered_share(group, 2021, D(2021, 1, 4)) == Decimal(0)
    assert covered_share(group, 2020, D(2020, 12, 31)) == Decimal(1) / Decimal(6)
    # Without a date: the whole year once it is over.
    assert covered_share(group, 2021) == Decimal("0.5")


@pytest.mark.django_db
def test_matrix_rows_match_trip_windows(plan2021):
    make_trip("forestry", "2021-01-05")
    make_trip("forestry", "2021-05-05")
    make_trip("electroplating", "2021-09-09")
    groups = [group_of("forestry"), group_of("electroplating"), group_of("agriculture")]
    as_of = D(2021, 10, 20)
    rows = compliance_matrix(groups, 2021, as_of)
    for group, row, share in rows:
        assert [w.status for w in row] == [w.status for w in trip_windows(group.pk, 2021, as_of)]
        assert share == covered_share(group.pk, 2021, as_of)
    assert [w.status for w in rows[0][1]] == ["covered", "missing", "covered", "missing", "closing_soon",
                                              "future"]
    assert [w.status for w in rows[1][1]][4] == "covered"
    assert rows[2][2] == 0
