"""目标调整 (SPEC §7): the only code that changes a group's target after the plan is loaded.

    adjustment = submit_adjustment(target, {"funds_target": "120000"}, reason=..., attachment=f, user=u)
    sign_adjustment(adjustment, user=commander)        # 指挥长签字
    review_adjustment(adjustment, user=office)         # 办公室审核
    approve_adjustment(adjustment, user=leader)        # 领导小组组长同意 → the target changes
    reject_adjustment(adjustment, user=..., comment="…")  # at any step

Who may act is exact: the group's liaisons and commanders submit, the group's commanders sign,
the office reviews, a leader approves; anyone else gets PermissionDenied. A wrong value is a
ValidationError({field: 中文 reason}) and nothing is written. Every step is stored
(AdjustmentStep), logged (ChangeRecord) and tells the next people (notices, kind "workflow").
A rejected request stays as it was; the group resubmits a new one with `previous=` it.
"""
import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.money import YI, parse_money
from zhaoshang.notices.services import notify
from zhaoshang.org.models import Role
from zhaoshang.org.scope import group_ids_held, holds, is_office, members

from .models import (OPEN_STATUSES, AdjustmentAttachment, AdjustmentLine, AdjustmentStep, AnnualPlan,
                     GroupTarget, TargetAdjustment)

Status = TargetAdjustment.Status
Action = AdjustmentStep.Action
Target = AdjustmentLine.Target

TARGET_FIELDS = list(Target.values)
MONEY_TARGETS = {Target.FUNDS}
ADJUSTMENT_FIELDS = ["status", "reason", "number"]

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".wps", ".ofd", ".zip"}
ATTACHMENT_TYPES_TEXT = "PDF、JPG、PNG、Word、WPS、OFD 或 ZIP"

# Each open status: the step that moves it on, the status it moves to, and who takes it.
STEPS = {
    Status.SUBMITTED: (Action.SIGN, Status.SIGNED),
    Status.SIGNED: (Action.REVIEW, Status.REVIEWED),
    Status.REVIEWED: (Action.APPROVE, Status.APPROVED),
}
ACTOR_LABELS = {Status.SUBMITTED: "本组指挥长", Status.SIGNED: "领导小组办公室",
                Status.REVIEWED: "领导小组组长（县领导）"}


# --- who -------------------------------------------------------------------------------------

# Who takes which step: the roles come from org.scope; the steps are SPEC §7's.
REQUESTERS = {Role.LIAISON, Role.COMMANDER}


def may_request(user, group_id):
    """The group's liaisons and commanders file its adjustment requests (SPEC §1)."""
    return any(holds(user, role, group_id) for role in REQUESTERS)


def requestable_group_ids(user):
    return group_ids_held(user, REQUESTERS)


def may_act(user, adjustment):
    """Whether `user` may take the current step of `adjustment` (or reject it there)."""
    status = adjustment.status
    if status == Status.SUBMITTED:
        return holds(user, Role.COMMANDER, adjustment.target.group_id)
    if status == Status.SIGNED:
        return is_office(user)
    if status == Status.REVIEWED:
        return holds(user, Role.LEADER)
    return False


def takes_steps(user):
    """Whether `user` takes any step of any request (a commander, the office or a leader)."""
    return is_office(user) or holds(user, Role.LEADER) or bool(group_ids_held(user, {Role.COMMANDER}))


def awaiting_filter(user):
    """A Q for the open requests whose current step `user` may take (the 待我办理 list)."""
    waiting = Q(pk__in=[])
    commanded = group_ids_held(user, {Role.COMMANDER})
    if commanded:
        waiting |= Q(status=Status.SUBMITTED, target__group_id__in=commanded)
    if is_office(user):
        waiting |= Q(status=Status.SIGNED)
    if holds(user, Role.LEADER):
        waiting |= Q(status=Status.REVIEWED)
    return waiting


def next_actors(adjustment):
    """The people who take the next step of an open request."""
    status = adjustment.status
    if status == Status.SUBMITTED:
        return members({Role.COMMANDER}, adjustment.target.group_id)
    if status == Status.SIGNED:
        return members({Role.OFFICE})
    if status == Status.REVIEWED:
        return members({Role.LEADER})
    return get_user_model().objects.none()


# --- values ----------------------------------------------------------------------------------

def target_label(field):
    return Target(field).label


def value_text(field, value, *, yi_unit=False):
    """A target value as people write it: 16.00 亿元 / 160,000.00 万元, or 7 个."""
    if field in MONEY_TARGETS:
        return f"{value / YI:,.2f} 亿元" if yi_unit else f"{value:,.2f} 万元"
    return f"{int(value)} 个"


def parse_target(field, value, problems):
    """The new value of one target, or None when left empty (no change)."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    label = target_label(field)
    if field in MONEY_TARGETS:
        try:
            amount = parse_money(text)
        except ValueError as exc:
            problems[field] = f"{label}：{exc}"
            return None
    else:
        if not text.isdigit():
            problems[field] = f"{label}「{text}」无效，应为不小于 0 的整数（个）"
            return None
        amount = parse_money(text)
    if amount < 0:
        problems[field] = f"{label}不能为负数"
        return None
    return amount


def current_value(target, field):
    value = getattr(target, field)
    return value if field in MONEY_TARGETS else parse_money(value)


def read_attachment(attachment, problems):
    """(name, content type, bytes) of the 调整请示, or None with the reason in `problems`."""
    if attachment is None:
        problems["attachment"] = "请上传调整请示（扫描件）"
        return None
    name = PurePath(str(attachment.name or "").replace("\\", "/")).name[:255] or "调整请示"
    if PurePath(name).suffix.lower() not in ATTACHMENT_TYPES:
        problems["attachment"] = f"附件「{name}」的格式不支持，请上传 {ATTACHMENT_TYPES_TEXT} 文件"
        return None
    limit = MAX_ATTACHMENT_BYTES
    too_big = (getattr(attachment, "size", None) or 0) > limit
    content = b"" if too_big else bytes(attachment.read(limit + 1))
    if too_big or len(content) > limit:
        problems["attachment"] = f"附件「{name}」超过 {limit // 1024 // 1024} MB，请压缩后再上传"
        return None
    if not content:
        problems["attachment"] = f"附件「{name}」是空文件"
        return None
    # The type follows the name, not what the browser claims; the download is always an attachment.
    return name, mimetypes.guess_type(name)[0] or "application/octet-stream", content


# --- steps -----------------------------------------------------------------------------------

def _link(adjustment):
    return reverse("plans:adjustment_detail", args=[adjustment.pk])


def _summary(adjustment):
    lines = "；".join(f"{line.get_field_display()} {value_text(line.field, line.original)} → "
                     f"{value_text(line.field, line.adjusted)}" for line in adjustment.lines.all())
    return f"{adjustment.target.group.name}{adjustment.target.plan.year}年：{lines}"


def _notify_next(adjustment, title):
    notify(next_actors(adjustment), title=title, body=_summary(adjustment), link=_link(adjustment),
           kind="workflow", key=f"adjustment:{adjustment.pk}:{adjustment.status}")


def _notify_requester(adjustment, title, comment=""):
    if adjustment.requested_by is None:
        return
    body = _summary(adjustment) + (f"\n意见：{comment}" if comment else "")
    notify([adjustment.requested_by], title=title, body=body, link=_link(adjustment),
           kind="workflow", key=f"adjustment:{adjustment.pk}:{adjustment.status}")


def _step(adjustment, action, *, user, at_status, comment=""):
    return AdjustmentStep.objects.create(adjustment=adjustment, action=action, at_status=at_status,
                                         user=user if getattr(user, "pk", None) else None,
                                         comment=comment)


def _log(adjustment, action, *, user, via, before=None, reason=""):
    after = snapshot(adjustment, ADJUSTMENT_FIELDS)
    if before is not None:
        before, after = diff(before, after)
    record(adjustment, action, user=user, before=before, after=after, reason=reason, via=via,
           group_id=adjustment.target.group_id)


@transaction.atomic
def submit_adjustment(target, changes, *, reason, attachment=None, user, previous=None, via="form"):
    """File a request to change `target` (a GroupTarget) to `changes` {field: new value}.

    Values left empty or equal to the current target are not part of the request. With
    `previous` (a rejected request of the same target) this is its resubmission; without a new
    `attachment` the previous one is kept.
    """
    target = (GroupTarget.objects.select_for_update(of=("self",)).select_related("plan", "group")
              .get(pk=target.pk))
    if not may_request(user, target.group_id):
        raise PermissionDenied("只有本组联络员或指挥长可以提出目标调整申请")
    problems = {}
    lines = []
    for field in TARGET_FIELDS:
        new = parse_target(field, changes.get(field), problems)
        old = current_value(target, field)
        if new is not None and new != old:
            lines.append(AdjustmentLine(field=field, original=old, adjusted=new))
    if not lines and not problems:
        problems["__all__"] = "请至少填写一项与现有目标不同的调整后目标"
    reason = (reason or "").strip()
    if not reason:
        problems["reason"] = "请填写不可抗力说明：目标只能因不可抗力调整（一般情况不得调整）"
    if previous is not None:
        previous = TargetAdjustment.objects.select_for_update().get(pk=previous.pk)
        if previous.target_id != target.pk or previous.status != Status.REJECTED:
            problems["__all__"] = "只有被退回的本组同一目标的申请才能重新提交"
        elif previous.resubmissions.exists():
            problems["__all__"] = f"申请 #{previous.pk} 已经重新提交过"
    if attachment is None and previous is not None and hasattr(previous, "attachment"):
        stored = previous.attachment
        file = (stored.filename, stored.content_type, bytes(stored.content))
    else:
        file = read_attachment(attachment, problems)
    pending = target.adjustments.filter(status__in=OPEN_STATUSES).first()
    if target.plan.status != AnnualPlan.Status.ISSUED:
        problems["__all__"] = (f"{target.plan.year}年度计划尚未下达，草案中的目标由领导小组办公室在"
                               "「年度计划」中直接修改，不需要申请调整")
    elif pending is not None:
        problems["__all__"] = (f"{target.group.name}{target.plan.year}年的目标调整申请 #{pending.pk} "
                               f"正在办理（{pending.get_status_display()}），办结后才能再提出")
    if problems:
        raise ValidationError(problems)

    adjustment = TargetAdjustment.objects.create(
        target=target, reason=reason, previous=previous,
        requested_by=user if getattr(user, "pk", None) else None)
    for line in lines:
        line.adjustment = adjustment
    AdjustmentLine.objects.bulk_create(lines)
    name, content_type, content = file
    AdjustmentAttachment.objects.create(adjustment=adjustment, filename=name,
                                        content_type=content_type, size=len(content), content=content)
    _step(adjustment, Action.SUBMIT, user=user, at_status="",
          comment=f"重新提交（原申请 #{previous.pk}）" if previous else "")
    _log(adjustment, ChangeRecord.Action.CREATE, user=user, via=via)
    _notify_next(adjustment, f"待签字：{target.group.name}目标调整申请 #{adjustment.pk}")
    return adjustment


def _locked(adjustment):
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to requested_by.
    return TargetAdjustment.objects.select_for_update(of=("self",)).select_related(
        "target", "target__plan", "target__group", "requested_by").get(pk=adjustment.pk)


def closed_text(adjustment):
    return f"该申请{adjustment.get_status_display()}，不能再办理"  # 已批准 / 已退回


def stale_text(adjustment):
    return f"该申请已被他人办理，当前为「{adjustment.get_status_display()}」，请刷新页面后再操作"


def _check_turn(adjustment, user, expected_status):
    if adjustment.status not in OPEN_STATUSES:
        raise ValidationError({"__all__": closed_text(adjustment)})
    if expected_status is not None and adjustment.status != expected_status:
        raise ValidationError({"__all__": stale_text(adjustment)})
    if not may_act(user, adjustment):
        raise PermissionDenied(f"该环节应由{ACTOR_LABELS[adjustment.status]}办理")


def _advance(adjustment, action, *, user, comment, via, expected_status):
    """Move an open request one step on; the last step is approve_adjustment's."""
    adjustment = _locked(adjustment)
    _check_turn(adjustment, user, expected_status)
    step_action, to_status = STEPS[adjustment.status]
    if step_action != action:
        raise ValidationError({"__all__": f"该申请当前为「{adjustment.get_status_display()}」，"
                                          f"不能「{Action(action).label}」"})
    before = snapshot(adjustment, ADJUSTMENT_FIELDS)
    at_status = adjustment.status
    adjustment.status = to_status
    adjustment.save(update_fields=["status"])
    _step(adjustment, action, user=user, at_status=at_status, comment=(comment or "").strip())
    _log(adjustment, ChangeRecord.Action.UPDATE, user=user, via=via, before=before,
         reason=Action(action).label)
    return adjustment


@transaction.atomic
def sign_adjustment(adjustment, *, user, comment="", via="form", expected_status=None):
    """指挥长签字: the commander of the request's group."""
    adjustment = _advance(adjustment, Action.SIGN, user=user, comment=comment, via=via,
                          expected_status=expected_status)
    _notify_next(adjustment, f"待审核：{adjustment.target.group.name}目标调整申请 #{adjustment.pk}")
    return adjustment


@transaction.atomic
def review_adjustment(adjustment, *, user, comment="", via="form", expected_status=None):
    """办公室审核: the office."""
    adjustment = _advance(adjustment, Action.REVIEW, user=user, comment=comment, via=via,
                          expected_status=expected_status)
    _notify_next(adjustment, f"待审批：{adjustment.target.group.name}目标调整申请 #{adjustment.pk}")
    return adjustment


def number_prefix():
    """鹿投促调: the region's first character, then 投促调 (投资促进·目标调整)."""
    return f"{settings.REGION_NAME[:1]}投促调"


def _assign_number(adjustment, today):
    """The next 调整批复文号 of the year; the unique constraint settles two approvals at once."""
    for _ in range(5):
        last = (TargetAdjustment.objects.filter(number_year=today.year)
                .aggregate(last=Max("number_seq"))["last"] or 0)
        adjustment.number_year, adjustment.number_seq = today.year, last + 1
        adjustment.number = f"{number_prefix()}〔{today.year}〕{last + 1}号"
        try:
            with transaction.atomic():
                adjustment.save(update_fields=["number", "number_year", "number_seq"])
            return
        except IntegrityError:
            continue
    raise ValidationError({"__all__": "生成调整批复文号冲突，请稍后重试"})


def _apply(adjustment, *, user, via):
    """Write the approved values into the GroupTarget, logged with before/after.

    Each line keeps the value the target had (`original`); if the target changed since the
    request was filed, the request no longer says what it changes, and nothing is written.
    """
    target = GroupTarget.objects.select_for_update().get(pk=adjustment.target_id)
    lines = list(adjustment.lines.all())
    stale = [line for line in lines if current_value(target, line.field) != line.original]
    if stale:
        names = "、".join(line.get_field_display() for line in stale)
        raise ValidationError({"__all__": f"{names}目标在申请提交后已变化，本申请不能批准，"
                                          "请退回后由该组按现有目标重新提交"})
    before = snapshot(target, TARGET_FIELDS)
    for line in lines:
        value = line.adjusted if line.field in MONEY_TARGETS else int(line.adjusted)
        setattr(target, line.field, value)
    target.save(update_fields=[line.field for line in lines])
    old, new = diff(before, snapshot(target, TARGET_FIELDS))
    record(target, ChangeRecord.Action.UPDATE, user=user, before=old, after=new, via=via,
           reason=f"目标调整 {adjustment.number}（申请 #{adjustment.pk}）", group_id=target.group_id)


@transaction.atomic
def approve_adjustment(adjustment, *, user, comment="", via="form", expected_status=None):
    """领导小组组长同意: a leader; the group's target changes and the request gets its 文号."""
    adjustment = _locked(adjustment)
    _check_turn(adjustment, user, expected_status)
    if adjustment.status != Status.REVIEWED:
        raise ValidationError({"__all__": f"该申请当前为「{adjustment.get_status_display()}」，"
                                          "须经指挥长签字、办公室审核后才能审批"})
    before = snapshot(adjustment, ADJUSTMENT_FIELDS)
    now = timezone.now()
    _assign_number(adjustment, timezone.localdate(now))
    _apply(adjustment, user=user, via=via)
    adjustment.status, adjustment.decided_at = Status.APPROVED, now
    adjustment.save(update_fields=["status", "decided_at"])
    _step(adjustment, Action.APPROVE, user=user, at_status=Status.REVIEWED, comment=(comment or "").strip())
    _log(adjustment, ChangeRecord.Action.UPDATE, user=user, via=via, before=before,
         reason=Action.APPROVE.label)
    _notify_requester(adjustment, f"已批准：目标调整申请 #{adjustment.pk}（{adjustment.number}）", comment)
    return adjustment


@transaction.atomic
def reject_adjustment(adjustment, *, user, comment, via="form", expected_status=None):
    """退回 at the current step, by whoever may take it; the comment says why."""
    adjustment = _locked(adjustment)
    _check_turn(adjustment, user, expected_status)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "退回须填写意见，说明退回原因"})
    before = snapshot(adjustment, ADJUSTMENT_FIELDS)
    at_status = adjustment.status
    adjustment.status, adjustment.decided_at = Status.REJECTED, timezone.now()
    adjustment.save(update_fields=["status", "decided_at"])
    _step(adjustment, Action.REJECT, user=user, at_status=at_status, comment=comment)
    _log(adjustment, ChangeRecord.Action.UPDATE, user=user, via=via, before=before, reason=comment)
    _notify_requester(adjustment, f"已退回：目标调整申请 #{adjustment.pk}", comment)
    return adjustment


DECISIONS = {Action.SIGN: sign_adjustment, Action.REVIEW: review_adjustment,
             Action.APPROVE: approve_adjustment}


def agree(adjustment, *, user, comment="", via="form", expected_status=None):
    """Take the current step of an open request (sign, review or approve, by its status)."""
    action = STEPS[adjustment.status][0] if adjustment.status in STEPS else None
    if action is None:
        raise ValidationError({"__all__": closed_text(adjustment)})
    return DECISIONS[action](adjustment, user=user, comment=comment, via=via,
                             expected_status=expected_status)


# --- reading ---------------------------------------------------------------------------------

def adjustments_for(plan):
    """{group id: [(target label, original, adjusted, 文号)]} of the plan's approved adjustments,
    oldest first; funds in 万元, counts as whole numbers."""
    lines = (AdjustmentLine.objects
             .filter(adjustment__target__plan=plan, adjustment__status=Status.APPROVED)
             .select_related("adjustment", "adjustment__target")
             .order_by("adjustment__decided_at", "adjustment_id", "id"))
    result = {}
    for line in lines:
        original, adjusted = line.original, line.adjusted
        if line.field not in MONEY_TARGETS:
            original, adjusted = int(original), int(adjusted)
        result.setdefault(line.adjustment.target.group_id, []).append(
            (line.get_field_display(), original, adjusted, line.adjustment.number))
    return result


def approved_values(plan, group):
    """{target field: value} that approved adjustments set on `group`'s target of `plan`, the
    latest per field (load_plan keeps them when it reloads the plan)."""
    lines = (AdjustmentLine.objects
             .filter(adjustment__target__plan=plan, adjustment__target__group=group,
                     adjustment__status=Status.APPROVED)
             .order_by("adjustment__decided_at", "adjustment_id", "id"))
    return {line.field: line.adjusted if line.field in MONEY_TARGETS else int(line.adjusted)
            for line in lines}


def adjustment_note(entries):
    """The 备注 text of 附件1 for a group's entries of adjustments_for (funds in 亿元)."""
    parts = []
    for label, original, adjusted, number in entries:
        if isinstance(original, int):
            change = f"{label} {original} → {adjusted} 个"
        else:
            change = f"{label.replace('区外境内', '')} {original / YI:,.2f} → {adjusted / YI:,.2f} 亿元"
        parts.append(f"{change}（{number}）")
    return f"目标经调整：{'；'.join(parts)}" if parts else ""

