"""The only code that changes projects and funds (SPEC §4). Forms, API, CLI and import call it.

Every function runs in a transaction, checks the lifecycle rules of `stages`, and writes the
change log. Errors are `ValidationError({field: 中文 reason})` and nothing is written.
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.money import parse_money
from zhaoshang.org.models import IndustryGroup, Role, roles_of
from zhaoshang.org.scope import may_note_group

from .models import (ExitReason, FundsRecord, Origin, ProgressNote, Project, ProjectIssue, Stage,
                     StageChange)
from .stages import (DATE_ORDER, FORWARD, LABELS, NO_EXIT_WHEN_PRODUCING, STAGE_DATE, is_backward,
                     rank, stage_problems)

# The fields a project's change log follows.
PROJECT_FIELDS = [
    "code", "name", "investor", "origin", "group", "industrial", "emerging", "sanqi", "sanqi_batch",
    "total_investment", "stage", "signed_on", "started_on", "producing_on", "exited_on",
    "exit_reason", "exit_reason_text", "location", "content", "progress", "problems",
]
FUNDS_FIELDS = ["date", "amount", "note"]
CHOICES = {"stage": Stage, "origin": Origin, "exit_reason": ExitReason}


def is_office(user):
    """The office's authority. `None` is the system itself (the CLI run by the office)."""
    return user is None or bool(roles_of(user) & {Role.ADMIN, Role.OFFICE})


def may_approve_exit(user, group_id):
    """SPEC §4: an exit needs the office's or the group commander's approval."""
    if is_office(user):
        return True
    if not getattr(user, "pk", None):  # an anonymous user approves nothing
        return False
    return user.memberships.filter(role=Role.COMMANDER, group_id=group_id).exists()


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
        if not is_office(user):
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

    problems = {}
    if not str(merged.get("code") or "").strip():
        problems["code"] = "项目编号不能为空"
    elif Project.objects.filter(code=merged["code"]).exclude(pk=project.pk).exists():
        problems["code"] = f"项目编号「{merged['code']}」已存在"
    if not str(merged.get("name") or "").strip():
        problems["name"] = "项目名称不能为空"
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
    last = last_funds_date(project)
    if merged.get("exited_on") and last and last > merged["exited_on"]:
        problems["exited_on"] = f"退出日期不能早于已登记的到位资金日期（{last}）"
    problems.update(bad_values)  # the value itself is wrong, not only missing
    if problems:
        raise ValidationError(problems)

    for field, value in merged.items():
        setattr(project, "group_id" if field == "group" else field, value)
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


def funds_problems(project, day, amount):
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
    elif project.exited_on and day > project.exited_on:
        problems["date"] = f"到位日期不能晚于项目退出日期（{project.exited_on}）"
    return problems, amount


@transaction.atomic
def add_funds(project, *, date, amount, note="", user=None, via="form"):
    project = Project.objects.select_for_update().get(pk=project.pk)
    problems, amount = funds_problems(project, date, amount)
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
    problems, amount = funds_problems(funds.project, date, amount)
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
