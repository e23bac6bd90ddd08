"""新建 / 修改 a project, and moving its stage, through `projects.services`.

A service's errors stand beside their fields (status 400), nothing written. A stale edit
(someone saved the project after this form was opened) is refused (409) with what the other
person changed; the form keeps what the user typed and now carries the newest version, so
saving again is a deliberate choice.
"""
from django.contrib import messages
from django.shortcuts import redirect, render

from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.scope import Scope

from ..forms import ProjectForm, StageMoveForm, stage_hint
from ..models import Project
from .common import forbidden, may_edit, scoped_project
from .detail import render_detail

NO_GROUP = "您的角色不能新建项目（只有办公室、指挥长和联络员可以在本组登记项目）"


def render_form(request, form, *, status=200, stale=None):
    return render(request, "projects/form.html",
                  {"form": form, "project": form.project, "stale": stale, "stage_hint": stage_hint()},
                  status=status)


def project_create(request):
    if Scope.editable_by(request.user).is_empty:
        return forbidden(request, NO_GROUP)
    if request.method != "POST":
        return render_form(request, ProjectForm(user=request.user))
    form = ProjectForm(request.POST, user=request.user)
    project = form.save() if form.is_valid() else None
    if project is None:
        return render_form(request, form, status=400)
    messages.success(request, f"已新建项目「{project.name}」")
    return redirect("projects:detail", pk=project.pk)


@scoped_project
def project_edit(request, project):
    if not may_edit(request, project):
        return forbidden(request)
    if request.method != "POST":
        return render_form(request, ProjectForm(user=request.user, project=project))
    form = ProjectForm(request.POST, user=request.user, project=project)
    saved = form.save() if form.is_valid() else None
    if saved is not None:
        messages.success(request, "已保存修改")
        return redirect("projects:detail", pk=project.pk)
    current = Project.objects.get(pk=project.pk)
    sent = getattr(form, "cleaned_data", {}).get("version")
    if sent is not None and sent != current.version:
        last = ChangeRecord.objects.filter(object_type="project", object_id=project.pk) \
            .select_related("user").order_by("-at", "-id").first()
        stale = {"differences": form.changed_by_others(current), "last": last}
        return render_form(request, form, status=409, stale=stale)
    return render_form(request, form, status=400)


@scoped_project
def stage_move(request, project):
    """GET: the stage-move form for ?to_stage= (the bare partial for htmx); POST: the move."""
    if not may_edit(request, project):
        return forbidden(request)
    if request.method != "POST":
        form = StageMoveForm(project=project, user=request.user,
                             to_stage=request.GET.get("to_stage") or None)
        if request.headers.get("HX-Request"):
            return render(request, "projects/_stage_move_form.html",
                          {"project": project, "stage_form": form})
        return render_detail(request, project, stage_form=form)
    form = StageMoveForm(request.POST, project=project, user=request.user)
    moved = form.save() if form.is_valid() else None
    if moved is None:
        return render_detail(request, project, stage_form=form, status=400)
    messages.success(request, f"项目已进入「{moved.get_stage_display()}」阶段")
    return redirect("projects:detail", pk=project.pk)
