"""月报与季报: the office's board, a group's due dates with the 报送 button, a submission with
its frozen data, versions and the office's return / accept, and each version as .xlsx.

Within the user's scope: another group's page or submission is a 404; a user who may see but
not act (leader, commander, co-unit) gets no buttons and a 403 on a write.
"""
import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from zhaoshang.core.xlsx import BODY_FONT, RIGHT, workbook_response
from zhaoshang.org.generic import scoped
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope, is_office

from . import cycle, services
from .exports import AMOUNT_KEYS, write_attachment2
from .models import ReportPeriod, Submission
from .params import BadParameter, period as year_param, plan_years

KINDS = dict(ReportPeriod.Kind.choices)
DATE_KEYS = {"signed_on", "started_on", "producing_on", "exited_on"}
# The figures a submission shows first: (key in the frozen group figures, label, unit, target).
KEY_FIGURES = [
    ("funds_in_place", "区外境内到位资金", "万元", "funds_target"),
    ("signed_projects", "新签约项目", "个", "signed_target"),
    ("industrial_projects", "新引进工业项目", "个", "industrial_target"),
    ("major_industrial_projects", "亿元工业项目", "个", "major_industrial_target"),
]


def message_page(request, title, message, *, status, back=None):
    return render(request, "reports/cycle/message.html",
                  {"title": title, "message": message, "back": back}, status=status)


def error_text(exc):
    return "；".join(exc.messages)


def year_of(request):
    """The ?year= of a plan (default the latest), or BadParameter."""
    years = plan_years()
    if not years:
        raise BadParameter("尚未录入年度计划，请先在「设置 · 年度计划」中录入")
    return years, year_param(request, years)[0]


# The board ---------------------------------------------------------------------------------------

@require_safe  # reads only: a POST is 405
def board(request):
    scope = Scope.of(request.user)
    if scope.is_empty:
        return render(request, "dashboard/no_scope.html")
    try:
        years, year = year_of(request)
        kind = request.GET.get("kind", ReportPeriod.Kind.QUARTER)
        if kind not in KINDS:
            raise BadParameter(f"报表类别「{kind}」无效，应为 quarter（季报）或 month（月报）")
    except BadParameter as exc:
        return message_page(request, "查询参数有误", str(exc), status=400, back=reverse("cycle:board"))
    data = cycle.status_board(year, kind, scope=scope)
    # One row per group, one column per period: eight names read better down than across.
    by_group = [(group, [cells[i] for _, cells in data["rows"]])
                for i, group in enumerate(data["groups"])]
    return render(request, "reports/cycle/board.html", {
        "years": years, "year": year, "kind": kind, "kind_label": KINDS[kind], "data": data,
        "by_group": by_group, "office": is_office(request.user),
        "counts": [(status, label, data["counts"][status])
                   for status, label in cycle.STATUS_LABELS.items()],
        "today": timezone.localdate(),
    })


@require_POST
def lock(request, pk):
    period = get_object_or_404(ReportPeriod, pk=pk)
    locked = request.POST.get("locked") == "1"
    services.set_locked(period, locked, request.user, via="form")
    messages.success(request, f"{period}已{'锁定' if locked else '解锁'}")
    return redirect(f"{reverse('cycle:board')}?year={period.year}&kind={period.kind}")


# A group's page and submitting --------------------------------------------------------------------

scoped_group = scoped(IndustryGroup.objects.all(), lookup="code")


@scoped_group
@require_safe  # reads only: a POST is 405
def group_page(request, group):
    try:
        years, year = year_of(request)
    except BadParameter as exc:
        return message_page(request, "查询参数有误", str(exc), status=400)
    today = timezone.localdate()
    cells = cycle.group_periods(group, year)
    can_submit = services.may_submit(request.user, group)
    for cell in [*cells["quarter"], *cells["month"]]:
        cell.submittable = can_submit and cell.is_open(today)
    return render(request, "reports/cycle/group.html", {
        "group": group, "years": years, "year": year, "can_submit": can_submit,
        "tables": [("季报", cells["quarter"]), ("月报", cells["month"])],
    })


def preview(period, group):
    """What a submission made now would freeze: the rows count and the key figures."""
    as_of = services.data_date(period, timezone.localdate())
    rows, figures = services.frozen_data(period.year, group, as_of)
    return {"as_of": as_of, "rows": len(rows), "figures": key_figures(figures)}


@scoped_group
def submit(request, group, period_id):
    """GET: the confirmation (a dialog's body for htmx, else a page); POST: submit."""
    period = get_object_or_404(ReportPeriod, pk=period_id)
    if not services.may_submit(request.user, group):
        raise PermissionDenied(f"只有{group.name}的联络员或领导小组办公室可以报送本组报告")
    error = None
    if request.method == "POST":
        try:
            submission = services.submit(period, group, request.user, via="form")
        except ValidationError as exc:
            error = error_text(exc)
        else:
            late = "" if submission.on_time else f"（已过截止日期 {period.due:%Y-%m-%d}，记为逾期）"
            messages.success(request, f"已报送{period}第{submission.version}版{late}")
            return redirect("cycle:submission", submission.pk)
    cell = cycle.group_periods(group, period.year)[period.kind][period.number - 1]
    context = {"group": group, "period": period, "cell": cell, "error": error,
               "deadline_passed": timezone.localdate() > period.due}
    if error is None and cell.is_open(timezone.localdate()):
        context["preview"] = preview(period, group)
    elif error is None:
        context["error"] = closed_reason(cell, timezone.localdate())
    partial = request.headers.get("HX-Request") == "true"
    template = "reports/cycle/_confirm.html" if partial else "reports/cycle/confirm.html"
    return render(request, template, context, status=400 if error else 200)


def closed_reason(cell, today):
    period = cell.period
    if period.locked:
        return f"{period}已锁定，不能再报送"
    if today < period.start:
        return f"{period}尚未开始，{period.start:%Y-%m-%d}起才能报送"
    return f"{period}已报送第{cell.latest.version}版（{cell.latest.get_status_display()}），办公室退回后才能重新报送"


# A submission ------------------------------------------------------------------------------------

scoped_submission = scoped(Submission.objects.select_related(
    "period", "group", "submitted_by", "returned_by", "accepted_by"))


def key_figures(figures):
    group = figures["group"]
    return [{"label": label, "unit": unit, "value": group[key], "target": group[target],
             "rate": group[target.replace("_target", "_rate")], "money": unit == "万元"}
            for key, label, unit, target in KEY_FIGURES]


def submission_context(request, submission, *, return_error=None, comment=""):
    versions = list(Submission.objects.filter(period=submission.period, group=submission.group)
                    .defer("rows", "figures").select_related("submitted_by", "returned_by")
                    .order_by("-version"))
    latest = versions[0]
    office = is_office(request.user)
    is_latest = latest.pk == submission.pk
    figures = submission.figures
    return {
        "submission": submission, "period": submission.period, "group": submission.group,
        "versions": versions, "is_latest": is_latest,
        "days_late": cycle.days_late(submission.period.due, timezone.localdate(submission.submitted_at)),
        "figures": figures, "group_figures": figures["group"], "key_figures": key_figures(figures),
        "rows": submission.rows,
        "can_return": office and is_latest and not submission.period.locked
                      and submission.status != Submission.Status.RETURNED,
        "can_accept": office and is_latest and submission.status == Submission.Status.SUBMITTED,
        "can_resubmit": (is_latest and submission.status == Submission.Status.RETURNED
                         and not submission.period.locked
                         and services.may_submit(request.user, submission.group)),
        "return_error": return_error, "comment": comment,
    }


@scoped_submission
@require_safe  # reads only: a POST is 405
def submission_page(request, submission):
    return render(request, "reports/cycle/submission.html", submission_context(request, submission))


@require_POST
@scoped_submission
def return_view(request, submission):
    comment = request.POST.get("comment", "")
    try:
        services.return_submission(submission, request.user, comment, via="form")
    except ValidationError as exc:
        context = submission_context(request, submission, return_error=error_text(exc),
                                     comment=comment)
        return render(request, "reports/cycle/submission.html", context, status=400)
    messages.success(request, f"已退回第{submission.version}版，已通知{submission.group.name}联络员")
    return redirect("cycle:submission", submission.pk)


@require_POST
@scoped_submission
def accept_view(request, submission):
    try:
        services.accept(submission, request.user, via="form")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已确认第{submission.version}版")
    return redirect("cycle:submission", submission.pk)


def thawed_rows(rows):
    """The frozen rows with amounts as Decimal and dates as dates again, for the workbook."""
    def thaw(key, value):
        if value is None:
            return None
        if key in AMOUNT_KEYS:
            return Decimal(value)
        if key in DATE_KEYS:
            return datetime.date.fromisoformat(value)
        return value
    return [{key: thaw(key, value) for key, value in row.items()} for row in rows]


def submission_workbook(submission):
    """附件2 of one group from the submission's frozen rows, marked with its period and version."""
    figures = submission.figures
    group = figures["group"]
    wb = write_attachment2(
        figures["year"], datetime.date.fromisoformat(figures["as_of"]),
        [(SimpleNamespace(name=submission.group.name), thawed_rows(submission.rows))],
        Decimal(figures["threshold"]),
        {key: Decimal(group[key]) for key in ("funds_in_place", "foreign_funds_in_place")})
    ws = wb.active
    stamp = timezone.localtime(submission.submitted_at)
    status = "按时报送" if submission.on_time else "逾期报送"
    ws.merge_cells(start_row=1, start_column=11, end_row=1, end_column=ws.max_column)
    cell = ws.cell(1, 11, f"{submission.period} · 第{submission.version}版 · "
                          f"{stamp:%Y-%m-%d %H:%M} {status}")
    cell.font, cell.alignment = BODY_FONT, RIGHT
    return wb


@scoped_submission
@require_safe  # reads only: a POST is 405
def submission_xlsx(request, submission):
    period = submission.period
    filename = (f"附件2-{submission.group.name}-{period.year}年{period.name}"
                f"-第{submission.version}版.xlsx")
    return workbook_response(submission_workbook(submission), filename)
