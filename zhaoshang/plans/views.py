"""目标调整 pages: the list (within the user's scope), a new request for the user's group, the
detail with its step timeline and the decision for whoever takes the current step, the
resubmission of a rejected request, and the attachment. Outsiders get 404; those who may see a
request but not act on it get 403 on writes. Every change goes through `workflow`."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from zhaoshang.core.params import default_year
from zhaoshang.org.generic import scoped
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import restrict

from . import workflow
from .forms import AdjustmentForm, DecisionForm
from .models import AdjustmentAttachment, AnnualPlan, GroupTarget, TargetAdjustment

Status = TargetAdjustment.Status
FILTERS = [("", "全部"), ("awaiting", "待我办理"), ("open", "办理中"), (Status.APPROVED, "已批准"),
           (Status.REJECTED, "已退回")]
NO_REQUEST = "只有产业招商组的联络员或指挥长可以提出本组的目标调整申请"


def message(request, title, text, *, status, back="/plans/adjustments/"):
    return render(request, "plans/message.html", {"title": title, "message": text, "back": back},
                  status=status)


def visible_adjustments(request):
    return restrict(request.user, TargetAdjustment.objects.select_related(
        "target", "target__plan", "target__group", "requested_by"))


# The request of a page, looked up within the user's scope before the view runs (404 outside).
scoped_adjustment = scoped(TargetAdjustment.objects.select_related(
    "target", "target__plan", "target__group", "requested_by"))


@require_safe  # reads only: a POST is 405
def adjustment_list(request):
    adjustments = visible_adjustments(request).prefetch_related("lines")
    shown = request.GET.get("status", "")
    if shown == "awaiting":
        adjustments = adjustments.filter(workflow.awaiting_filter(request.user))
    elif shown == "open":
        adjustments = adjustments.filter(status__in=workflow.OPEN_STATUSES)
    elif shown in Status.values:
        adjustments = adjustments.filter(status=shown)
    else:
        shown = ""
    awaiting = visible_adjustments(request).filter(workflow.awaiting_filter(request.user)).count()
    acts = workflow.takes_steps(request.user)
    rows = [(adjustment, [line_texts(line) for line in adjustment.lines.all()]) for adjustment in adjustments]
    return render(request, "plans/adjustment_list.html", {
        "rows": rows, "shown": shown, "awaiting": awaiting,
        "filters": [f for f in FILTERS if acts or f[0] != "awaiting"],
        "may_request": bool(workflow.requestable_group_ids(request.user)),
    })


def chosen_target(request, groups):
    """The GroupTarget of ?group=CODE&year=Y among `groups` (defaults: the first, the pages' year)."""
    plans = list(AnnualPlan.objects.order_by("-year"))
    year = request.GET.get("year", "").strip()
    if not year and plans:
        year = str(default_year([p.year for p in plans]))
    plan = next((p for p in plans if str(p.year) == year), plans[0] if plans else None)
    code = request.GET.get("group", "").strip()
    group = next((g for g in groups if g.code == code), groups[0])
    target = GroupTarget.objects.filter(plan=plan, group=group).select_related("plan", "group").first()
    return plans, group, target


def adjustment_create(request):
    groups = list(IndustryGroup.objects.filter(pk__in=workflow.requestable_group_ids(request.user))
                  .order_by("position", "id"))
    if not groups:
        return message(request, "没有权限", NO_REQUEST, status=403)
    plans, group, target = chosen_target(request, groups)
    if target is None:
        return message(request, "没有目标任务", f"{group.name}还没有年度目标任务，无法申请调整。",
                       status=404)
    form = AdjustmentForm(request.POST or None, request.FILES or None, user=request.user, target=target)
    if request.method == "POST":
        adjustment = form.save() if form.is_valid() else None
        if adjustment is not None:
            messages.success(request, f"已提交目标调整申请 #{adjustment.pk}，等待指挥长签字")
            return redirect("plans:adjustment_detail", adjustment.pk)
    return render(request, "plans/adjustment_form.html", {
        "form": form, "target": target, "groups": groups, "plans": plans, "group": group,
        "open_request": target.adjustments.filter(status__in=workflow.OPEN_STATUSES).first(),
    }, status=400 if form.errors else 200)


def line_texts(line):
    """One target of a request as the pages show it (funds also in 亿元)."""
    texts = {"label": line.get_field_display(),
             "original": workflow.value_text(line.field, line.original),
             "adjusted": workflow.value_text(line.field, line.adjusted)}
    if line.field in workflow.MONEY_TARGETS:
        texts["original_yi"] = workflow.value_text(line.field, line.original, yi_unit=True)
        texts["adjusted_yi"] = workflow.value_text(line.field, line.adjusted, yi_unit=True)
    texts["down"] = line.adjusted < line.original
    return texts


def steps_of(adjustment):
    steps = list(adjustment.steps.select_related("user"))
    for step in steps:
        step.user_name = (step.user.get_full_name() or step.user.username) if step.user else "系统"
    return steps


def detail_context(request, adjustment, decision_form=None):
    user = request.user
    can_act = workflow.may_act(user, adjustment)
    resubmission = adjustment.resubmissions.first()
    actors = [u.get_full_name() or u.username for u in workflow.next_actors(adjustment)]
    lines = [line_texts(line) for line in adjustment.lines.all()]
    return {
        "adjustment": adjustment, "lines": lines, "steps": steps_of(adjustment),
        "attachment": AdjustmentAttachment.objects.filter(adjustment=adjustment)
        .only("filename", "content_type", "size").first(),
        "can_act": can_act, "next_step": workflow.STEPS.get(adjustment.status, (None, None))[0],
        "next_label": workflow.ACTOR_LABELS.get(adjustment.status), "actors": actors,
        "decision_form": decision_form or (DecisionForm(user=user, adjustment=adjustment)
                                           if can_act else None),
        "resubmission": resubmission,
        "can_resubmit": (adjustment.status == Status.REJECTED and resubmission is None
                         and workflow.may_request(user, adjustment.target.group_id)),
        "chain": resubmission_chain(adjustment),
    }


def resubmission_chain(adjustment):
    """Every version of a request, oldest first (each resubmission points to the one before)."""
    chain = [adjustment]
    while chain[0].previous_id:
        chain.insert(0, chain[0].previous)
    while True:
        later = chain[-1].resubmissions.first()
        if later is None:
            break
        chain.append(later)
    return chain if len(chain) > 1 else []


@scoped_adjustment
@require_safe  # reads only: a POST is 405
def adjustment_detail(request, adjustment):
    return render(request, "plans/adjustment_detail.html", detail_context(request, adjustment))


@require_POST
@scoped_adjustment
def adjustment_decide(request, adjustment):
    if not workflow.may_act(request.user, adjustment):
        back = f"/plans/adjustments/{adjustment.pk}/"
        if adjustment.status not in workflow.OPEN_STATUSES:
            return message(request, "无法办理", workflow.closed_text(adjustment) + "。", status=400, back=back)
        if request.POST.get("step", adjustment.status) != adjustment.status:  # taken meanwhile
            return message(request, "无法办理", workflow.stale_text(adjustment) + "。", status=400, back=back)
        return message(request, "没有权限", f"该环节应由{workflow.ACTOR_LABELS[adjustment.status]}办理。",
                       status=403, back=back)
    form = DecisionForm(request.POST, user=request.user, adjustment=adjustment)
    try:
        done = form.save() if form.is_valid() else None
    except PermissionDenied as exc:
        return message(request, "没有权限", str(exc), status=403,
                       back=f"/plans/adjustments/{adjustment.pk}/")
    if done is None:
        adjustment.refresh_from_db()
        return render(request, "plans/adjustment_detail.html",
                      detail_context(request, adjustment, form), status=400)
    texts = {Status.SIGNED: "已签字，转办公室审核", Status.REVIEWED: "已审核，转领导审批",
             Status.APPROVED: f"已批准，文号 {done.number}，目标已调整", Status.REJECTED: "已退回申请人"}
    messages.success(request, texts[done.status])
    return redirect("plans:adjustment_detail", done.pk)


@scoped_adjustment
def adjustment_resubmit(request, previous):
    if not workflow.may_request(request.user, previous.target.group_id):
        return message(request, "没有权限", NO_REQUEST, status=403)
    if previous.status != Status.REJECTED or previous.resubmissions.exists():
        return message(request, "不能重新提交", "只有被退回且尚未重新提交的申请才能修改后重新提交。",
                       status=400, back=f"/plans/adjustments/{previous.pk}/")
    target = previous.target
    form = AdjustmentForm(request.POST or None, request.FILES or None, user=request.user,
                          target=target, previous=previous)
    if request.method == "POST":
        adjustment = form.save() if form.is_valid() else None
        if adjustment is not None:
            messages.success(request, f"已重新提交目标调整申请 #{adjustment.pk}，等待指挥长签字")
            return redirect("plans:adjustment_detail", adjustment.pk)
    return render(request, "plans/adjustment_form.html", {
        "form": form, "target": target, "previous": previous,
        "open_request": target.adjustments.filter(status__in=workflow.OPEN_STATUSES).first(),
    }, status=400 if form.errors else 200)


@scoped_adjustment
@require_safe  # reads only: a POST is 405
def adjustment_attachment(request, adjustment):
    """The 调整请示 as a download (never shown inline), for whoever may see the request."""
    stored = get_object_or_404(AdjustmentAttachment, adjustment=adjustment)
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition_header(True, stored.filename)
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response
