"""The reporting cycle's writers (SPEC §6): open the periods, submit, return, accept, lock, remind.

The only code that changes ReportPeriod and Submission. Each call is one transaction, audited
through core.audit; bad input raises a ValidationError in Chinese and writes nothing; a user
without the right raises PermissionDenied.
"""
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhaoshang.core.audit import record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.notices.services import notify
from zhaoshang.org.models import IndustryGroup, Role
from zhaoshang.org.scope import Scope, holds, is_office, members
from zhaoshang.plans.models import AnnualPlan
from zhaoshang.stats.figures import get_plan, year_figures
from zhaoshang.stats.serialize import figures_json
from zhaoshang.workcal.calendar import (deadline_end, monthly_deadlines, quarterly_deadlines,
                                        working_days_between)

from .exports import attachment2_blocks
from .models import ReportPeriod, Submission

Kind = ReportPeriod.Kind
Status = Submission.Status
AUDIT_FIELDS = ["period", "group", "version", "status", "on_time", "as_of", "by_office",
                "return_comment"]
DEFAULT_REMIND_DAYS = 3
PERIOD_FIELDS = ["year", "kind", "number", "due"]


# Periods ----------------------------------------------------------------------------------------

def open_periods(year, *, user=None, via="cli"):
    """The 4 季报 and 12 月报 periods of `year` with their SPEC §6 deadlines; idempotent.

    Creates the missing ones and moves the deadline of an unlocked period when the working-day
    calendar has changed since (the office entered a year's holidays later); returns all 16.
    Run when a plan is issued or its year's calendar changes (the receivers below), by
    `remind` and `openperiods`; never by a page. Each period created or moved is recorded.
    """
    dues = {(Kind.QUARTER, n): day for n, day in enumerate(quarterly_deadlines(year), start=1)}
    dues.update({(Kind.MONTH, n): day for n, day in enumerate(monthly_deadlines(year), start=1)})
    existing = {(p.kind, p.number): p for p in ReportPeriod.objects.filter(year=year)}
    if len(existing) == len(dues) and all(
            p.locked or p.due == dues[key] for key, p in existing.items()):
        return list(existing.values())  # the usual case: nothing to write
    with transaction.atomic():
        ReportPeriod.objects.bulk_create(
            [ReportPeriod(year=year, kind=kind, number=number, due=due)
             for (kind, number), due in dues.items() if (kind, number) not in existing],
            ignore_conflicts=True)  # another run may open the same year at once
        periods = list(ReportPeriod.objects.select_for_update().filter(year=year))
        for period in periods:
            key, due = (period.kind, period.number), dues[(period.kind, period.number)]
            if key not in existing:
                record(period, ChangeRecord.Action.CREATE, user=user, via=via,
                       after=snapshot(period, PERIOD_FIELDS), reason="开设报送期")
            elif not period.locked and period.due != due:
                before = snapshot(period, ["due"])
                period.due = due
                period.save(update_fields=["due"])
                record(period, ChangeRecord.Action.UPDATE, user=user, via=via, before=before,
                       after=snapshot(period, ["due"]), reason="工作日历变更，报送截止日顺延")
    return periods


def periods_for_issued_plan(sender, *, plan, user=None, via="cli", **kwargs):
    """plans.signals.plan_issued: the year's periods open with its plan."""
    open_periods(plan.year, user=user, via=via)


def periods_for_changed_calendar(sender, *, year, user=None, via="cli", **kwargs):
    """workcal.signals.calendar_changed: the open periods of a planned year follow the calendar."""
    if ReportPeriod.objects.filter(year=year).exists():
        open_periods(year, user=user, via=via)


def set_locked(period, locked, user, *, via="form"):
    """The office locks (or unlocks) a period: a locked one takes no submissions or returns."""
    if not is_office(user):
        raise PermissionDenied("只有领导小组办公室可以锁定报送期")
    with transaction.atomic():
        period = ReportPeriod.objects.select_for_update().get(pk=period.pk)
        if period.locked == locked:
            return period
        period.locked = locked
        period.save(update_fields=["locked"])
        record(period, ChangeRecord.Action.UPDATE, user=user, before={"locked": not locked},
               after={"locked": locked}, via=via)
    return period


# Who ---------------------------------------------------------------------------------------------

def liaisons_of(group):
    """The active users holding Role.LIAISON for `group`."""
    return members({Role.LIAISON}, group.pk)


def office_users():
    return members({Role.OFFICE})


def is_liaison_of(user, group):
    return holds(user, Role.LIAISON, group.pk)


def may_submit(user, group):
    """A liaison of the group submits its reports (SPEC §1); the office may on its behalf."""
    return is_office(user) or is_liaison_of(user, group)


# Freezing ----------------------------------------------------------------------------------------

def _plain(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def frozen_data(year, group, as_of):
    """(rows, figures): the group's 附件2 rows and SPEC §5 figures as of `as_of`, as plain JSON."""
    plan = get_plan(year)
    _, blocks = attachment2_blocks(year, as_of, scope=Scope.groups({group.pk}))
    rows = [{key: _plain(value) for key, value in row.items()} for row in blocks[0][1]]
    result = figures_json(year_figures(year, as_of, scope=Scope.groups({group.pk})))
    figures = {"year": result["year"], "as_of": result["as_of"],
               "time_progress": result["time_progress"], "threshold": f"{plan.threshold:.2f}",
               "group": result["groups"][0]}
    return rows, figures


def data_date(period, submitted_on):
    """The date a submission's data is taken at: the submission day, at most the period's end."""
    return min(submitted_on, period.end)


# Submitting and reviewing ------------------------------------------------------------------------

def latest_submission(period, group):
    return Submission.objects.filter(period=period, group=group).order_by("-version").first()


def submit(period, group, user, *, now=None, via="form"):
    """Freeze `group`'s report for `period` as a new version; returns the Submission.

    Refused when the period is locked or has not begun, or when the group's latest version is
    still standing (submitted or accepted): only a returned report is submitted again.
    """
    if not may_submit(user, group):
        raise PermissionDenied(f"只有{group.name}的联络员或领导小组办公室可以报送本组报告")
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        # A write first serialises two submitters: PostgreSQL locks the period's row, SQLite
        # takes its write lock now (a transaction that read first could not write later).
        ReportPeriod.objects.filter(pk=period.pk).update(locked=F("locked"))
        period = ReportPeriod.objects.get(pk=period.pk)
        if period.locked:
            raise ValidationError(f"{period}已锁定，不能再报送；如需更正请联系领导小组办公室")
        if today < period.start:
            raise ValidationError(f"{period}尚未开始，{period.start:%Y-%m-%d}起才能报送")
        latest = latest_submission(period, group)
        if latest is not None and latest.status != Status.RETURNED:
            raise ValidationError(
                f"{group.name}已报送{period}（第{latest.version}版，{latest.get_status_display()}），"
                f"办公室退回后才能重新报送")
        as_of = data_date(period, today)
        rows, figures = frozen_data(period.year, group, as_of)
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    period=period, group=group, version=latest.version + 1 if latest else 1,
                    submitted_by=user, by_office=not is_liaison_of(user, group), submitted_at=now,
                    on_time=now <= deadline_end(period.due), as_of=as_of, rows=rows, figures=figures)
        except IntegrityError:
            raise ValidationError(f"{group.name}的{period}刚刚已由他人报送，请刷新页面查看") from None
        record(submission, ChangeRecord.Action.CREATE, user=user,
               after=snapshot(submission, AUDIT_FIELDS), via=via, group_id=group.pk)
        late = "" if submission.on_time else "（逾期）"
        notify(office_users(), title=f"{group.name}已报送{period}{late}",
               body=f"第{submission.version}版，{len(rows)}个项目，数据截至{as_of:%Y-%m-%d}。",
               link=reverse("cycle:submission", args=[submission.pk]), kind="workflow",
               key=f"submission:{submission.pk}:submitted")
    return submission


def _review_target(submission, user, action):
    if not is_office(user):
        raise PermissionDenied(f"只有领导小组办公室可以{action}报送")
    submission = Submission.objects.select_for_update().select_related("period", "group") \
        .get(pk=submission.pk)
    latest = latest_submission(submission.period, submission.group)
    if latest.pk != submission.pk:
        raise ValidationError(f"第{submission.version}版已不是最新版本（最新为第{latest.version}版），不能{action}")
    return submission


def return_submission(submission, user, comment, *, now=None, via="form"):
    """The office returns (or reopens) the latest version with a comment; the group resubmits."""
    comment = (comment or "").strip()
    with transaction.atomic():
        submission = _review_target(submission, user, "退回")
        if not comment:
            raise ValidationError({"comment": "请填写退回意见，说明需要更正的内容"})
        if submission.period.locked:
            raise ValidationError(f"{submission.period}已锁定，请先解锁再退回")
        if submission.status == Status.RETURNED:
            raise ValidationError(f"第{submission.version}版已退回，等待{submission.group.name}重新报送")
        before = snapshot(submission, AUDIT_FIELDS)
        submission.status = Status.RETURNED
        submission.return_comment = comment
        submission.returned_by, submission.returned_at = user, now or timezone.now()
        submission.save(update_fields=["status", "return_comment", "returned_by", "returned_at"])
        record(submission, ChangeRecord.Action.UPDATE, user=user, before=before,
               after=snapshot(submission, AUDIT_FIELDS), reason=comment, via=via,
               group_id=submission.group_id)
        notify(liaisons_of(submission.group), title=f"{submission.period}已被退回，请更正后重新报送",
               body=f"退回意见：{comment}", link=reverse("cycle:submission", args=[submission.pk]),
               kind="workflow", key=f"submission:{submission.pk}:returned")
    return submission


# Reopening a submission is returning it: the group submits a new version.
reopen = return_submission


def accept(submission, user, *, now=None, via="form"):
    """The office confirms the latest submitted version."""
    with transaction.atomic():
        submission = _review_target(submission, user, "确认")
        if submission.status != Status.SUBMITTED:
            raise ValidationError(f"第{submission.version}版{submission.get_status_display()}，不能确认")
        before = snapshot(submission, AUDIT_FIELDS)
        submission.status = Status.ACCEPTED
        submission.accepted_by, submission.accepted_at = user, now or timezone.now()
        submission.save(update_fields=["status", "accepted_by", "accepted_at"])
        record(submission, ChangeRecord.Action.UPDATE, user=user, before=before,
               after=snapshot(submission, AUDIT_FIELDS), via=via, group_id=submission.group_id)
    return submission


# Reminders ---------------------------------------------------------------------------------------

def remind_periods(today):
    """(periods, ids of those overdue today): the unlocked periods of this year and last, and
    among them the latest passed deadline of each kind — so a missed run catches up on the next
    one, but a first run late in the year does not send a notice for every earlier period."""
    periods = list(ReportPeriod.objects.filter(year__in=[today.year - 1, today.year], locked=False)
                   .order_by("due"))
    latest_passed = {period.kind: period.pk for period in periods if period.due < today}
    return periods, set(latest_passed.values())


def remind(today=None, *, days=DEFAULT_REMIND_DAYS):
    """Send the reminders of `today`; idempotent (one notice per user and key, also when two runs
    overlap). Due: `days` working days before a deadline (on the first run in that window), to
    the group's liaisons unless the group has a standing submission. Overdue: the day after a
    missed deadline (or the next run), to the liaisons and the office.

    Returns [{"kind": "due"|"overdue", "period", "group", "notices": [Notification]}] for the
    reminders that created notices in this run.
    """
    today = today or timezone.localdate()
    if AnnualPlan.objects.filter(year=today.year).exists():
        open_periods(today.year)
    periods, overdue_ids = remind_periods(today)
    groups = list(IndustryGroup.objects.order_by("position", "id"))
    submitted = {}
    for period_id, group_id, status in Submission.objects.filter(
            period__in=periods).values_list("period_id", "group_id", "status"):
        submitted.setdefault((period_id, group_id), set()).add(status)
    office = list(office_users())
    sent = []
    for period in periods:
        if period.pk in overdue_ids:
            kind = "overdue"
        elif today <= period.due and working_days_between(today, period.due) <= days:
            kind = "due"
        else:
            continue
        for group in groups:
            if not _needs_reminder(kind, submitted.get((period.pk, group.pk), set())):
                continue
            notices = _send_reminder(kind, period, group, office)
            if notices:
                sent.append({"kind": kind, "period": period, "group": group, "notices": notices})
    return sent


def _needs_reminder(kind, statuses):
    if kind == "overdue":
        return not statuses  # missing: nothing submitted at all (SPEC §8 counts it so)
    return not statuses - {Status.RETURNED}  # a returned report still needs its new version


def _send_reminder(kind, period, group, office):
    link = reverse("cycle:group", args=[group.code])
    key = f"remind:{period.pk}:{group.pk}:{kind}"
    if kind == "due":
        return notify(liaisons_of(group), title=f"{period}将于{period.due.month}月{period.due.day}日截止，请按时报送",
                      body=f"{group.name}尚未报送{period}，截止日期{period.due:%Y-%m-%d}（当日24时前）。",
                      link=link, kind="reminder", key=key)
    return notify([*liaisons_of(group), *office], title=f"{group.name}{period}已逾期未报送",
                  body=f"{period}截止日期为{period.due:%Y-%m-%d}，{group.name}至今未报送，请尽快补报。",
                  link=link, kind="overdue", key=key)
