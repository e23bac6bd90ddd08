"""The only code that changes projects and funds (SPEC §4). Forms, API, CLI and import call it.

Every function runs in a transaction, checks the lifecycle rules of `stages`, and writes the
change log. Errors are `ValidationError({field: 中文 reason})` and nothing is written.
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.money import parse_money
from zhaoshang.core.text import hidden_character_problem, normalize_code
from zhaoshang.notices.services import notify
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import (exit_approvers, is_office, is_system, may_approve_exit, may_edit_group,
                                  may_note_group)

from .models import (ExitReason, ExitRequest, FundsRecord, Origin, ProgressNote, Project,
                     ProjectIssue, Stage, StageChange)
from .stages import (BLANK, DATE_ORDER, FORWARD, LABELS, NO_EXIT_WHEN_PRODUCING, STAGE_DATE,
                     exit_after_funds_problem, funds_date_problem, is_backward, rank, stage_problems)

# The fields a project's change log follows.
PROJECT_FIELDS = [
    "code", "name", "investor", "origin", "group", "industrial", "emerging", "sanqi", "sanqi_batch",
    "total_investment", "stage", "signed_on", "started_on", "producing_on", "exited_on",
    "exit_reason", "exit_reason_text", "location", "content", "progress", "problems",
]
FUNDS_FIELDS = ["date", "amount", "note"]
# Free text of a project, refused if it hides characters (the code is normalised instead).
TEXT_FIELDS = ["name", "investor", "sanqi_batch", "exit_reason_text", "location", "content",
               "progress", "problems"]
CHOICES = {"stage": Stage, "origin": Origin, "exit_reason": ExitReason}


def values_of(project):
    values = {f: getattr(project, f if f != "group" else "group_id") for f in PROJECT_FIELDS}
    return values


def clean_values(values):
    """Refuse values outside the choices; turn ISO date text into dates. {field: 中文 reason}.

    The stage rules compare dates and look stages up, so they need clean values first.
    """
    problems = {}
    for field, choices in CHOICES.items():
        value = values.get(field)
        if value not in (None, "") and value not in choices.values:
            label = Project._meta.get_field(field).verbose_name
            problems[field] = f"{label}「{value}」无效，应为：{'、'.join(choices.labels)}"
    for field in [*DATE_ORDER, "exited_on"]:
        value = values.get(field)
        if isinstance(value, datetime.datetime):
            values[field] = value.date()
        elif isinstance(value, str):
            try:
                values[field] = datetime.date.fromisoformat(value.strip()) if value.strip() else None
            except ValueError:
                problems[field] = f"{LABELS[field]}「{value}」不是有效日期（应为 YYYY-MM-DD）"
                values[field] = None
    return problems


def transition_problems(project_values, from_stage, to_stage, *, user, reason, group_id):
    """What forbids moving from `from_stage` to `to_stage` besides the stage's own fields."""
    problems = {}
    if from_stage and is_backward(from_stage, to_stage):
        if not (is_system(user) or is_office(user)):  # the CLI and the importer correct too
            problems["stage"] = "阶段回退属于更正，只能由领导小组办公室操作"
        elif not reason.strip():
            problems["stage"] = "阶段回退须填写更正原因"
    if to_stage == Stage.EXITED and from_stage != Stage.EXITED and not may_approve_exit(user, group_id):
        problems["stage"] = "项目退出须经领导小组办公室或本组指挥长批准"
    if to_stage == Stage.EXITED and from_stage == Stage.PRODUCING:
        problems["stage"] = NO_EXIT_WHEN_PRODUCING
    return problems


def clear_later_dates(values, to_stage):
    """A correction back to an earlier stage drops the dates of the stages it leaves."""
    if to_stage in FORWARD:
        for later in FORWARD[rank(to_stage) + 1:]:
            if later in STAGE_DATE:
                values[STAGE_DATE[later]] = None
        values["exited_on"] = None
        values["exit_reason"] = ""
        values["exit_reason_text"] = ""


def text_problems(values, current, fields):
    """{field: reason} for the text `values` that hide control or bidi characters; a value kept
    as it was (`current`) is not questioned, so an old record stays editable."""
    problems = {}
    for field in fields:
        value = values.get(field)
        if isinstance(value, str) and value != current.get(field):
            if reason := hidden_character_problem(value):
                problems[field] = reason
    return problems


def last_funds_date(project):
    if project.pk is None:
        return None
    return project.funds.aggregate(last=Max("date"))["last"]


@transaction.atomic
def save_project(values, *, project=None, user=None, via="form", reason="", expected_version=None):
    """Create (`project=None`) or edit a project with `values` {field: value}; returns it.

    A change of `stage` follows SPEC §4. `expected_version` is the version the user's form was
    built from: if someone saved in between, the edit is refused instead of silently lost.
    """
    if project is None:
        project = Project()
        before = None
    else:
        project = Project.objects.select_for_update().get(pk=project.pk)
        if expected_version is not None and int(expected_version) != project.version:
            raise ValidationError({"__all__": "该项目已被他人修改，请刷新后在最新内容上重新修改"})
        before = snapshot(project, PROJECT_FIELDS)

    from_stage = project.stage if project.pk else ""
    merged = {**values_of(project), **{("group" if k == "group_id" else k): v for k, v in values.items()}}
    group = merged["group"]
    merged["group"] = getattr(group, "pk", group)
    to_stage = merged.get("stage") or Stage.LEAD
    merged["stage"] = to_stage
    bad_values = clean_values(merged)
    if "stage" in bad_values:  # every other rule depends on the stage
        raise ValidationError(bad_values)
    if from_stage and is_backward(from_stage, to_stage):
        clear_later_dates(merged, to_stage)

    problems = text_problems(merged, values_of(project), TEXT_FIELDS)
    if isinstance(merged.get("code"), str):
        merged["code"] = normalize_code(merged["code"])  # ＬＺ２０２１－００１ is LZ2021-001
    if not str(merged.get("code") or "").strip():
        problems["code"] = BLANK["code"]
    elif Project.objects.filter(code=merged["code"]).exclude(pk=project.pk).exists():
        problems["code"] = f"项目编号「{merged['code']}」已存在"
    if not str(merged.get("name") or "").strip():
        problems["name"] = BLANK["name"]
    if merged.get("group") is None:
        problems["group"] = "请选择产业招商组"
    elif not (str(merged["group"]).isdigit()
              and IndustryGroup.objects.filter(pk=merged["group"]).exists()):
        problems["group"] = f"产业招商组「{merged['group']}」不存在"
    total = merged.get("total_investment")
    if total not in (None, ""):
        try:
            merged["total_investment"] = total = parse_money(total)
        except ValueError as exc:
            problems["total_investment"] = str(exc)
        else:
            if total < 0:
                problems["total_investment"] = "总投资不能为负数"
    problems.update(stage_problems(merged, to_stage))
    if from_stage != to_stage:
        problems.update(transition_problems(merged, from_stage, to_stage, user=user, reason=reason,
                                            group_id=merged.get("group")))
    if problem := exit_after_funds_problem(merged.get("exited_on"), last_funds_date(project)):
        problems["exited_on"] = problem
    problems.update(bad_values)  # the value itself is wrong, not only missing
    if problems:
        raise ValidationError(problems)

    for field, value in merged.items():
        setattr(project, "group_id" if field == "group" else field, value)
    if before is not None and snapshot(project, PROJECT_FIELDS) == before:
        return project  # nothing changed: no write, no new version, nothing to log
    project.version = (project.version or 0) + 1 if project.pk else 1
    project.save()

    if from_stage != to_stage:
        StageChange.objects.create(project=project, from_stage=from_stage, to_stage=to_stage,
                                   user=user if getattr(user, "pk", None) else None,
                                   reason=reason, via=via)
    after = snapshot(project, PROJECT_FIELDS)
    if before is None:
        record(project, ChangeRecord.Action.CREATE, user=user, after=after, reason=reason, via=via,
               group_id=project.group_id)
    else:
        old, new = diff(before, after)
        if new:
            action = ChangeRecord.Action.STAGE if "stage" in new else ChangeRecord.Action.UPDATE
            record(project, action, user=user, before=old, after=new, reason=reason, via=via,
                   group_id=project.group_id)
    return project


def move_stage(project, to_stage, *, user=None, reason="", via="form", expected_version=None, **fields):
    """Move `project` to `to_stage`, with the fields that stage needs (SPEC §4)."""
    return save_project({"stage": to_stage, **fields}, project=project, user=user, via=via,
                        reason=reason, expected_version=expected_version)


def funds_problems(project, day, amount, note=""):
    problems = {}
    try:
        amount = parse_money(amount)
    except ValueError as exc:
        problems["amount"] = str(exc)
    else:
        if amount < 0:
            problems["amount"] = "金额不能为负数"
    if day is None:
        problems["date"] = "请填写到位日期"
    elif reason := funds_date_problem(day, exited_on=project.exited_on):
        problems["date"] = reason
    if isinstance(note, str) and (reason := hidden_character_problem(note)):
        problems["note"] = reason
    return problems, amount


@transaction.atomic
def add_funds(project, *, date, amount, note="", user=None, via="form"):
    project = Project.objects.select_for_update().get(pk=project.pk)
    problems, amount = funds_problems(project, date, amount, note)
    if not problems and project.funds.filter(date=date).exists():
        problems["date"] = f"{date} 已有到位资金记录，请修改该记录"
    if problems:
        raise ValidationError(problems)
    funds = FundsRecord.objects.create(project=project, date=date, amount=amount, note=note)
    record(funds, ChangeRecord.Action.CREATE, user=user, after=snapshot(funds, FUNDS_FIELDS), via=via,
           group_id=project.group_id)
    return funds


@transaction.atomic
def update_funds(funds, *, date, amount, note="", user=None, via="form", reason=""):
    funds = FundsRecord.objects.select_for_update().select_related("project").get(pk=funds.pk)
    problems, amount = funds_problems(funds.project, date, amount, note)
    if not problems and FundsRecord.objects.filter(project_id=funds.project_id, date=date) \
            .exclude(pk=funds.pk).exists():
        problems["date"] = f"{date} 已有到位资金记录"
    if problems:
        raise ValidationError(problems)
    before = snapshot(funds, FUNDS_FIELDS)
    funds.date, funds.amount, funds.note = date, amount, note
    funds.save()
    old, new = diff(before, snapshot(funds, FUNDS_FIELDS))
    if new:
        record(funds, ChangeRecord.Action.UPDATE, user=user, before=old, after=new, reason=reason,
               via=via, group_id=funds.project.group_id)
    return funds


@transaction.atomic
def remove_funds(funds, *, reason, user=None, via="form"):
    if not (reason or "").strip():
        raise ValidationError({"reason": "删除到位资金须填写原因"})
    funds = FundsRecord.objects.select_for_update().select_related("project").get(pk=funds.pk)
    record(funds, ChangeRecord.Action.DELETE, user=user, before=snapshot(funds, FUNDS_FIELDS),
           reason=reason, via=via, group_id=funds.project.group_id)
    funds.delete()


# Progress notes (进展情况) and problems (存在问题): the group's editors and its co-units (SPEC §1).
NOTE_FIELDS = ["date", "text"]
ISSUE_FIELDS = ["raised_on", "text", "owner_unit", "due_on", "level", "status", "resolution",
                "resolved_on"]


def check_may_note(user, project):
    """`None` is the system itself; anyone else needs `may_note_group` on the project's group."""
    if user is not None and not may_note_group(user, project.group_id):
        raise PermissionDenied("您不能为该项目填写进展情况或存在问题")


def _text_problem(text, label):
    return {} if (text or "").strip() else {"text": f"请填写{label}"}


@transaction.atomic
def add_note(project, *, date, text, user=None, via="form"):
    """A dated 进展情况 on `project`, by `user`."""
    check_may_note(user, project)
    problems = _text_problem(text, "进展情况")
    if date is None:
        problems["date"] = "请填写日期"
    if problems:
        raise ValidationError(problems)
    note = ProgressNote.objects.create(project=project, date=date, text=text.strip(),
                                       author=user if getattr(user, "pk", None) else None)
    record(note, ChangeRecord.Action.CREATE, user=user, after=snapshot(note, NOTE_FIELDS), via=via,
           group_id=project.group_id)
    return note


@transaction.atomic
def add_issue(project, *, raised_on, text, owner_unit=None, due_on=None, user=None, via="form"):
    """A 存在问题 on `project` needing coordination, with its owner unit and due date (SPEC §7)."""
    check_may_note(user, project)
    problems = _text_problem(text, "存在问题")
    if raised_on is None:
        problems["raised_on"] = "请填写提出日期"
    elif due_on is not None and due_on < raised_on:
        problems["due_on"] = f"办结期限不能早于提出日期（{raised_on}）"
    if problems:
        raise ValidationError(problems)
    issue = ProjectIssue.objects.create(project=project, raised_on=raised_on, text=text.strip(),
                                        owner_unit=owner_unit, due_on=due_on,
                                        author=user if getattr(user, "pk", None) else None)
    record(issue, ChangeRecord.Action.CREATE, user=user, after=snapshot(issue, ISSUE_FIELDS), via=via,
           group_id=project.group_id)
    return issue


@transaction.atomic
def resolve_issue(issue, *, resolution, resolved_on, user=None, via="form"):
    """Mark a 存在问题 resolved, saying how and when."""
    issue = ProjectIssue.objects.select_for_update().select_related("project").get(pk=issue.pk)
    check_may_note(user, issue.project)
    problems = {}
    if issue.status == ProjectIssue.Status.RESOLVED:
        problems["__all__"] = "该问题已经解决"
    if not (resolution or "").strip():
        problems["resolution"] = "请填写解决情况"
    if resolved_on is None:
        problems["resolved_on"] = "请填写解决日期"
    elif resolved_on < issue.raised_on:
        problems["resolved_on"] = f"解决日期不能早于提出日期（{issue.raised_on}）"
    if problems:
        raise ValidationError(problems)
    before = snapshot(issue, ISSUE_FIELDS)
    issue.status = ProjectIssue.Status.RESOLVED
    issue.resolution, issue.resolved_on = resolution.strip(), resolved_on
    issue.save()
    old, new = diff(before, snapshot(issue, ISSUE_FIELDS))
    record(issue, ChangeRecord.Action.UPDATE, user=user, before=old, after=new, via=via,
           group_id=issue.project.group_id)
    return issue


# 项目退出机制 (SPEC §7): the group requests, its commander or the office approves; the approval
# moves the project through move_stage, the one writer of stages.
EXIT_REQUEST_FIELDS = ["exited_on", "exit_reason", "exit_reason_text", "note", "status", "comment"]


def _exit_link(exit_request):
    return reverse("exits:detail", args=[exit_request.pk])


def _exit_notify(users, exit_request, title, body=""):
    project = exit_request.project
    text = (f"{project.group.name} · {project.code} {project.name}：退出日期 {exit_request.exited_on}，"
            f"原因 {exit_request.get_exit_reason_display()}"
            f"{'（' + exit_request.exit_reason_text + '）' if exit_request.exit_reason_text else ''}")
    notify(users, title=title, body=text + (f"\n{body}" if body else ""), link=_exit_link(exit_request),
           kind="workflow", key=f"exit:{exit_request.pk}:{exit_request.status}")


@transaction.atomic
def request_exit(project, *, exited_on, exit_reason, exit_reason_text="", note="", user, via="form"):
    """A group's request to take `project` out of the pipeline (退出申请); returns the request.

    The group's liaisons and commanders (and the office) may ask. The request is checked now
    against the same SPEC §4 rules the approval will apply, so the group learns early.
    """
    project = Project.objects.select_for_update(of=("self",)).select_related("group").get(pk=project.pk)
    if user is not None and not may_edit_group(user, project.group_id):
        raise PermissionDenied("只有本组联络员、指挥长或领导小组办公室可以申请项目退出")
    values = {**values_of(project), "exited_on": exited_on, "exit_reason": exit_reason or "",
              "exit_reason_text": (exit_reason_text or "").strip()}
    problems = clean_values(values)
    if project.stage == Stage.EXITED:
        problems["__all__"] = f"项目已于 {project.exited_on} 退出"
    elif project.stage == Stage.PRODUCING:
        problems["__all__"] = NO_EXIT_WHEN_PRODUCING
    pending = project.exit_requests.filter(status=ExitRequest.Status.PENDING).first()
    if pending is not None:
        problems["__all__"] = f"该项目已有退出申请 #{pending.pk} 待审批"
    if not problems:
        for field, message in stage_problems(values, Stage.EXITED).items():
            problems.setdefault("__all__" if field == "stage" else field, message)
    day = values["exited_on"]
    if day and "exited_on" not in problems:
        if day > timezone.localdate():
            problems["exited_on"] = f"退出日期（{day}）不能晚于今天"
        elif problem := exit_after_funds_problem(day, last_funds_date(project)):
            problems["exited_on"] = problem
    if values["exit_reason"] != ExitReason.OTHER:
        values["exit_reason_text"] = ""
    if problems:
        raise ValidationError(problems)
    exit_request = ExitRequest.objects.create(
        project=project, exited_on=day, exit_reason=values["exit_reason"],
        exit_reason_text=values["exit_reason_text"], note=(note or "").strip(),
        requested_by=user if getattr(user, "pk", None) else None)
    record(exit_request, ChangeRecord.Action.CREATE, user=user, via=via, group_id=project.group_id,
           after=snapshot(exit_request, EXIT_REQUEST_FIELDS))
    _exit_notify(exit_approvers(project.group_id).exclude(pk=getattr(user, "pk", None)), exit_request,
                 f"待审批：{project.name} 退出申请 #{exit_request.pk}")
    return exit_request


def _decide_exit(exit_request, *, user):
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to requested_by.
    exit_request = (ExitRequest.objects.select_for_update(of=("self",))
                    .select_related("project", "project__group", "requested_by").get(pk=exit_request.pk))
    if not may_approve_exit(user, exit_request.project.group_id):
        raise PermissionDenied("项目退出须经领导小组办公室或本组指挥长审批")
    if exit_request.status != ExitRequest.Status.PENDING:
        raise ValidationError({"__all__": f"该退出申请已{exit_request.get_status_display()}，不能再审批"})
    return exit_request


def _close_exit(exit_request, status, *, user, comment, via):
    before = snapshot(exit_request, EXIT_REQUEST_FIELDS)
    exit_request.status, exit_request.comment = status, comment
    exit_request.decided_by = user if getattr(user, "pk", None) else None
    exit_request.decided_at = timezone.now()
    exit_request.save(update_fields=["status", "comment", "decided_by", "decided_at"])
    old, new = diff(before, snapshot(exit_request, EXIT_REQUEST_FIELDS))
    record(exit_request, ChangeRecord.Action.UPDATE, user=user, before=old, after=new, via=via,
           reason=comment, group_id=exit_request.project.group_id)
    if exit_request.requested_by is not None:
        label = exit_request.get_status_display()
        _exit_notify([exit_request.requested_by], exit_request,
                     f"{label}：{exit_request.project.name} 退出申请 #{exit_request.pk}",
                     f"审批意见：{comment}" if comment else "")


@transaction.atomic
def approve_exit(exit_request, *, user, comment="", via="form"):
    """Approve: the project moves to 退出 with the request's date and reason (SPEC §4, §7)."""
    exit_request = _decide_exit(exit_request, user=user)
    project = exit_request.project
    if project.stage == Stage.EXITED:
        raise ValidationError({"__all__": f"项目已于 {project.exited_on} 退出，本申请无需再审批，请退回"})
    move_stage(project, Stage.EXITED, exited_on=exit_request.exited_on,
               exit_reason=exit_request.exit_reason, exit_reason_text=exit_request.exit_reason_text,
               user=user, via="exit", reason=f"退出申请 #{exit_request.pk}")
    _close_exit(exit_request, ExitRequest.Status.APPROVED, user=user, comment=(comment or "").strip(),
                via=via)
    return exit_request


@transaction.atomic
def reject_exit(exit_request, *, user, comment, via="form"):
    """Reject with a comment saying why; the project stays where it is."""
    exit_request = _decide_exit(exit_request, user=user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "退回须填写审批意见，说明退回原因"})
    _close_exit(exit_request, ExitRequest.Status.REJECTED, user=user, comment=comment, via=via)
    return exit_request
