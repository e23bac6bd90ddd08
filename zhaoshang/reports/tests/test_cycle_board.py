"""The read side: each group's status for each period, days late, and late_and_missing for the
assessment (SPEC §8)."""
import datetime

import pytest

from zhaoshang.core.tests.users import liaison_user, office_user
from zhaoshang.projects.tests.factories import group_of
from zhaoshang.reports import cycle, services
from zhaoshang.reports.models import ReportPeriod
from zhaoshang.org.scope import Scope

from .test_cycle_services import at, quarter

D = datetime.date


@pytest.fixture
def year(plan2021):
    """forestry: Q1 on time, Q2 three days late, Q3 returned; emerging: nothing at all."""
    forestry = group_of("forestry")
    liaison, office = liaison_user(forestry), office_user()
    services.submit(quarter(2021, 1), forestry, liaison, now=at("2021-03-19 23:59:59"))
    services.submit(quarter(2021, 2), forestry, liaison, now=at("2021-06-21 08:30:00"))
    q3 = services.submit(quarter(2021, 3), forestry, liaison, now=at("2021-09-17 10:00:00"))
    services.return_submission(q3, office, "数据有误")
    return forestry, group_of("emerging")


def cells_of(board, group):
    index = board["groups"].index(group)
    return [cells[index] for _, cells in board["rows"]]


def test_board_statuses_with_days_late(year):
    forestry, emerging = year
    board = cycle.status_board(2021, now=at("2021-09-25 12:00:00"), scope=Scope.everything())
    assert [p.number for p in board["periods"]] == [1, 2, 3, 4]
    assert len(board["groups"]) == 8
    forestry_cells = cells_of(board, forestry)
    assert [c.status for c in forestry_cells] == ["on_time", "late", "returned", "not_due"]
    assert [c.label for c in forestry_cells] == ["按时", "逾期 3 天", "已退回", "未到期"]
    assert forestry_cells[1].days_late == 3 and forestry_cells[1].latest.version == 1
    assert forestry_cells[1].latest.submitted_at == at("2021-06-21 08:30:00")
    emerging_cells = cells_of(board, emerging)
    assert [c.status for c in emerging_cells] == ["missing", "missing", "missing", "not_due"]
    assert emerging_cells[0].days_late == (D(2021, 9, 25) - D(2021, 3, 19)).days
    assert board["counts"] == {"on_time": 1, "late": 1, "returned": 1, "missing": 21, "not_due": 8}


def test_missing_starts_the_moment_the_deadline_ends(year):
    _, emerging = year
    for moment, status in [("2021-03-19 23:59:59", "not_due"), ("2021-03-20 00:00:00", "missing")]:
        board = cycle.status_board(2021, now=at(moment), scope=Scope.everything())
        assert cells_of(board, emerging)[0].status == status


def test_board_of_months_and_of_some_groups(year):
    forestry, _ = year
    board = cycle.status_board(2021, ReportPeriod.Kind.MONTH, now=at("2021-02-21 08:00:00"),
                               scope=Scope.groups({forestry.pk}))
    assert board["groups"] == [forestry] and len(board["periods"]) == 12
    assert [c.status for c in cells_of(board, forestry)][:3] == ["missing", "missing", "not_due"]


def test_group_periods_lists_both_kinds(year):
    forestry, _ = year
    cells = cycle.group_periods(forestry, 2021, now=at("2021-09-25 12:00:00"))
    assert [c.period.due.isoformat() for c in cells["quarter"]] == [
        "2021-03-19", "2021-06-18", "2021-09-18", "2021-12-20"]
    assert len(cells["month"]) == 12
    returned = cells["quarter"][2]
    assert returned.is_open(D(2021, 9, 25)) and not cells["quarter"][0].is_open(D(2021, 9, 25))
    assert not cells["quarter"][3].is_open(D(2021, 9, 25))  # Q4 begins on 1 October


@pytest.mark.parametrize("as_of, forestry_counts, emerging_counts", [
    (D(2021, 3, 19), (0, 0), (0, 0)),   # the deadline day itself has not passed yet
    (D(2021, 3, 20), (0, 0), (0, 1)),
    (D(2021, 6, 20), (0, 1), (0, 2)),   # forestry's Q2 came on 06-21: missing as of 06-20
    (D(2021, 6, 21), (1, 0), (0, 2)),   # … and late from then on
    (D(2021, 9, 25), (1, 0), (0, 3)),   # a returned report was submitted: neither
    (D(2022, 1, 10), (1, 1), (0, 4)),   # nobody sent Q4
])
def test_late_and_missing(year, as_of, forestry_counts, emerging_counts):
    forestry, emerging = year
    assert cycle.late_and_missing(forestry, 2021, as_of) == forestry_counts
    assert cycle.late_and_missing(emerging, 2021, as_of) == emerging_counts


def test_group_record_names_the_periods(year):
    forestry, emerging = year
    record = cycle.group_record(forestry, 2021, D(2021, 12, 31))
    assert [(c.period.number, c.days_late) for c in record["late"]] == [(2, 3)]
    assert [c.period.number for c in record["missing"]] == [4]
    records = cycle.group_records(2021, D(2021, 12, 31), scope=Scope.everything())
    assert len(records) == 8 and len(records[emerging.pk]["missing"]) == 4
