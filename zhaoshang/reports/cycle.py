"""The reporting cycle read side: each group's status for each period, days late, and the late
and missing 季报 the assessment deducts for (SPEC §6, §8). Plain data out, nothing written (the
periods open when their plan is issued: services.open_periods).

Statuses: on_time 按时 · late 逾期 (the first version came after the deadline) · returned 已退回
(the latest version was returned and not yet resubmitted) · missing 未报送 (the deadline has
passed and nothing was submitted) · not_due 未到期 (nothing yet, the deadline has not passed).
Days late are calendar days after the deadline day (submitted the day after: 1 day).
"""
from dataclasses import dataclass, field

from django.utils import timezone

from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope
from zhaoshang.workcal.calendar import deadline_end

from .models import ReportPeriod, Submission

ON_TIME, LATE, RETURNED, MISSING, NOT_DUE = "on_time", "late", "returned", "missing", "not_due"
STATUS_LABELS = {ON_TIME: "按时", LATE: "逾期", RETURNED: "已退回", MISSING: "未报送", NOT_DUE: "未到期"}
KIND_LABELS = dict(ReportPeriod.Kind.choices)


def days_late(due, day):
    """Calendar days from the deadline day to `day` (0 on or before the deadline)."""
    return max((day - due).days, 0)


@dataclass
class Cell:
    """One group's report for one period."""

    period: ReportPeriod
    group: IndustryGroup
    status: str
    versions: list = field(default_factory=list)  # Submissions, oldest first (without the data)
    days_late: int = 0  # of the first version; for a missing report, until today

    @property
    def first(self):
        return self.versions[0] if self.versions else None

    @property
    def latest(self):
        return self.versions[-1] if self.versions else None

    @property
    def label(self):
        if self.status == LATE:
            return f"逾期 {self.days_late} 天"
        return STATUS_LABELS[self.status]

    def is_open(self, today):
        """Whether a (new) version can be submitted: unlocked, begun, nothing standing."""
        return (not self.period.locked and today >= self.period.start
                and (self.latest is None or self.latest.status == Submission.Status.RETURNED))


def make_cell(period, group, versions, now):
    """The status of `group` for `period` at the moment `now` from its versions (oldest first)."""
    today = timezone.localdate(now)
    if not versions:
        if now > deadline_end(period.due):
            return Cell(period, group, MISSING, [], days_late(period.due, today))
        return Cell(period, group, NOT_DUE)
    first, latest = versions[0], versions[-1]
    late = days_late(period.due, timezone.localdate(first.submitted_at)) if not first.on_time else 0
    if latest.status == Submission.Status.RETURNED:
        status = RETURNED
    else:
        status = ON_TIME if first.on_time else LATE
    return Cell(period, group, status, versions, late)


def periods_of(year, kinds=(ReportPeriod.Kind.QUARTER,)):
    """The year's periods of `kinds`, opened if need be, by kind then number."""
    periods = list(ReportPeriod.objects.filter(year=year, kind__in=kinds))
    order = {kind: i for i, kind in enumerate(kinds)}
    return sorted(periods, key=lambda p: (order[p.kind], p.number))


def _versions(periods, groups, until=None):
    """{(period id, group id): [Submission, oldest first]} without the frozen data."""
    submissions = (Submission.objects.filter(period__in=periods, group__in=groups)
                   .defer("rows", "figures").select_related("submitted_by")
                   .order_by("version"))
    if until is not None:
        submissions = submissions.filter(submitted_at__lte=until)
    versions = {}
    for submission in submissions:
        versions.setdefault((submission.period_id, submission.group_id), []).append(submission)
    return versions


def _groups(scope):
    return list(scope.filter(IndustryGroup.objects.order_by("position", "id")))


def status_board(year, kind=ReportPeriod.Kind.QUARTER, *, now=None, scope):
    """The office's board: {"periods", "groups", "rows": [(period, [Cell per group])], "counts"}
    over the groups of `scope`."""
    now = now or timezone.now()
    periods = periods_of(year, (kind,))
    group_list = _groups(scope)
    versions = _versions(periods, group_list)
    rows = [(period, [make_cell(period, group, versions.get((period.pk, group.pk), []), now)
                      for group in group_list]) for period in periods]
    counts = {status: 0 for status in STATUS_LABELS}
    for _, cells in rows:
        for cell in cells:
            counts[cell.status] += 1
    return {"year": year, "kind": kind, "periods": periods, "groups": group_list, "rows": rows,
            "counts": counts}


def group_periods(group, year, *, now=None):
    """A group's own page: {"quarter": [Cell], "month": [Cell]} for `year`."""
    now = now or timezone.now()
    periods = periods_of(year, (ReportPeriod.Kind.QUARTER, ReportPeriod.Kind.MONTH))
    versions = _versions(periods, [group])
    cells = {ReportPeriod.Kind.QUARTER: [], ReportPeriod.Kind.MONTH: []}
    for period in periods:
        cells[period.kind].append(make_cell(period, group, versions.get((period.pk, group.pk), []), now))
    return cells


def group_records(year, as_of=None, *, scope):
    """{group id: {"late": [Cell], "missing": [Cell]}}: the 季报 late or missing as of the end of
    `as_of` (default today), judged by what had been submitted by then (SPEC §8)."""
    as_of = as_of or timezone.localdate()
    horizon = deadline_end(as_of)  # the end of the as-of day
    periods = [p for p in periods_of(year) if p.due < as_of]  # deadline passed by then
    group_list = _groups(scope)
    versions = _versions(periods, group_list, until=horizon)
    records = {}
    for group in group_list:
        cells = [make_cell(p, group, versions.get((p.pk, group.pk), []), horizon) for p in periods]
        records[group.pk] = {
            "late": [c for c in cells if c.first is not None and not c.first.on_time],
            "missing": [c for c in cells if c.status == MISSING],
        }
    return records


def group_record(group, year, as_of=None):
    """{"late": [Cell], "missing": [Cell]} of one group's 季报 as of `as_of` (default today).
    `group`: an IndustryGroup or its id."""
    group_id = getattr(group, "pk", group)
    return group_records(year, as_of, scope=Scope.groups({group_id}))[group_id]


def late_and_missing(group, year, as_of=None):
    """(late count, missing count) of `group`'s 季报 of `year` as of `as_of` — SPEC §8 deducts
    1 point per late and 2 per missing one. A report is late when its first version came after
    the deadline; missing when the deadline had passed by `as_of` and nothing was submitted."""
    record = group_record(group, year, as_of)
    return len(record["late"]), len(record["missing"])
