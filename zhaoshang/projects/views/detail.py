"""项目 detail: every field, the stage timeline and what the next stages need, funds records,
progress notes and problems, and the change history. Write controls only for those who may."""
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from zhaoshang.core.models import VIA_LABELS
from zhaoshang.core.money import ZERO

from ..forms import (FundsForm, IssueForm, NoteForm, ResolveIssueForm, StageMoveForm, stage_needs,
                     stage_targets)
from ..models import ProjectIssue, Stage
from ..stages import is_final
from .exits import project_exit_panel
from .common import may_edit, may_note, scoped_project
from .history import project_history


def field_sections(project, funds_total):
    """[(title, [(label, value, kind)])]: the page's grouping of the project's fields."""
    p = project
    sections = [
        ("基本信息", [
            ("项目编号", p.code, "text"), ("项目名称", p.name, "text"),
            ("产业招商组", p.group.name, "text"), ("牵头单位", p.group.lead_unit.name, "text"),
            ("投资方", p.investor, "text"), ("投资方来源", p.get_origin_display(), "text"),
            ("工业项目", p.industrial, "bool"), ("新兴产业", p.emerging, "bool"),
            ("三企入桂", p.sanqi, "bool"), ("三企入桂签约批次", p.sanqi_batch, "text"),
        ]),
        ("投资", [
            ("总投资（万元）", p.total_investment, "money"),
            ("亿元工业项目", p.major_industrial, "bool"),
            ("累计到位资金（万元）", funds_total, "money"),
        ]),
        ("阶段与日期", [
            ("项目阶段", p.get_stage_display(), "stage"), ("签约日期", p.signed_on, "date"),
            ("开工日期", p.started_on, "date"), ("投产日期", p.producing_on, "date"),
        ]),
        ("建设", [
            ("建设地点", p.location, "text"), ("建设内容", p.content, "long"),
            ("进展情况（台账）", p.progress, "long"), ("存在问题（台账）", p.problems, "long"),
        ]),
    ]
    if p.stage == Stage.EXITED or p.exited_on:
        sections.append(("退出", [
            ("退出日期", p.exited_on, "date"), ("退出原因", p.get_exit_reason_display(), "text"),
            ("退出原因说明", p.exit_reason_text, "text"),
        ]))
    return sections


def stage_timeline(project):
    changes = list(project.stage_changes.select_related("user").order_by("at", "id"))
    for change in changes:
        change.via_label = VIA_LABELS.get(change.via, change.via)
    return changes


def detail_context(request, project, **forms):
    """Everything the page shows; `forms` are bound forms to show again with their errors."""
    user = request.user
    can_edit, can_note = may_edit(request, project), may_note(request, project)
    funds = list(project.funds.order_by("-date"))
    funds_total = project.funds.aggregate(total=Sum("amount"))["total"] or ZERO
    issues = list(project.issues.select_related("author", "owner_unit"))
    resolving = forms.get("resolve_form")
    for issue in issues:
        if can_note and issue.status == ProjectIssue.Status.OPEN:
            bound = resolving if resolving is not None and resolving.issue.pk == issue.pk else None
            issue.resolve_form = bound or ResolveIssueForm(issue=issue, user=user)
    stage_form = forms.get("stage_form")
    # At its final stage a project offers no move; the office may still open a correction.
    movable = can_edit and bool(stage_targets(project, user))
    correctable = movable and is_final(project.stage)
    if stage_form is None and movable and not correctable:
        stage_form = StageMoveForm(project=project, user=user)
    context = {
        "project": project, "can_edit": can_edit, "can_note": can_note,
        "sections": field_sections(project, funds_total),
        "timeline": stage_timeline(project), "today": timezone.localdate(),
        "needs": stage_needs(project), "stage_form": stage_form, "correctable": correctable,
        "funds": funds, "funds_total": funds_total,
        "funds_form": forms.get("funds_form") or (FundsForm(project=project, user=user, prefix="funds")
                                                  if can_edit else None),
        "notes": project.notes.select_related("author"),
        "note_form": forms.get("note_form") or (NoteForm(project=project, user=user) if can_note else None),
        "issues": issues, "exit_panel": project_exit_panel(project, user),
        "issue_form": forms.get("issue_form") or (IssueForm(project=project, user=user)
                                                  if can_note else None),
    }
    context["history"], context["history_count"] = project_history(user, project)
    return context


def render_detail(request, project, *, status=200, **forms):
    return render(request, "projects/detail.html", detail_context(request, project, **forms),
                  status=status)


@scoped_project
@require_safe  # reads only: a POST is 405
def project_detail(request, project):
    return render_detail(request, project)
