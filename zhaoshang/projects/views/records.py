"""The records hanging off a project: funds (editors), progress notes and problems (editors and
the group's co-units). Each write goes through its service; errors re-show the page with 400."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..forms import FundsForm, FundsRemoveForm, IssueForm, NoteForm, ResolveIssueForm
from ..models import ProjectIssue
from .common import NO_NOTES, forbidden, may_edit, may_note, scoped_project
from .detail import render_detail


def back_to(project, anchor):
    return redirect(reverse("projects:detail", args=[project.pk]) + f"#{anchor}")


@require_POST
@scoped_project
def funds_add(request, project):
    if not may_edit(request, project):
        return forbidden(request)
    form = FundsForm(request.POST, project=project, user=request.user, prefix="funds")
    funds = form.save() if form.is_valid() else None
    if funds is None:
        return render_detail(request, project, funds_form=form, status=400)
    messages.success(request, f"已登记 {funds.date} 到位资金 {funds.amount:,.2f} 万元")
    return back_to(project, "funds")


def funds_page(request, project, funds, form, template, status=200):
    return render(request, template, {"project": project, "funds": funds, "form": form},
                  status=status)


@scoped_project
def funds_edit(request, project, funds_id):
    funds = get_object_or_404(project.funds, pk=funds_id)
    if not may_edit(request, project):
        return forbidden(request)
    template = "projects/funds_edit.html"
    if request.method != "POST":
        return funds_page(request, project, funds, FundsForm(project=project, user=request.user,
                                                             funds=funds), template)
    form = FundsForm(request.POST, project=project, user=request.user, funds=funds)
    saved = form.save() if form.is_valid() else None
    if saved is None:
        return funds_page(request, project, funds, form, template, status=400)
    messages.success(request, f"已修改 {saved.date} 的到位资金")
    return back_to(project, "funds")


@scoped_project
def funds_remove(request, project, funds_id):
    funds = get_object_or_404(project.funds, pk=funds_id)
    if not may_edit(request, project):
        return forbidden(request)
    template = "projects/funds_remove.html"
    if request.method != "POST":
        return funds_page(request, project, funds, FundsRemoveForm(funds=funds, user=request.user),
                          template)
    form = FundsRemoveForm(request.POST, funds=funds, user=request.user)
    if not (form.is_valid() and form.save()):
        return funds_page(request, project, funds, form, template, status=400)
    messages.success(request, f"已删除 {funds.date} 的到位资金记录")
    return back_to(project, "funds")


def note_write(request, project, form_class, key, anchor, success):
    """A note or a problem: the group's editors and co-units; others 403."""
    if not may_note(request, project):
        return forbidden(request, NO_NOTES)
    form = form_class(request.POST, project=project, user=request.user)
    saved = form.save() if form.is_valid() else None
    if saved is None:
        return render_detail(request, project, status=400, **{key: form})
    messages.success(request, success)
    return back_to(project, anchor)


@require_POST
@scoped_project
def note_add(request, project):
    return note_write(request, project, NoteForm, "note_form", "notes", "已添加进展情况")


@require_POST
@scoped_project
def issue_add(request, project):
    return note_write(request, project, IssueForm, "issue_form", "issues", "已登记存在问题")


@require_POST
@scoped_project
def issue_resolve(request, project, issue_id):
    issue = get_object_or_404(project.issues, pk=issue_id)
    if not may_note(request, project):
        return forbidden(request, NO_NOTES)
    if issue.status == ProjectIssue.Status.RESOLVED:
        messages.info(request, "该问题已经解决")
        return back_to(project, "issues")
    form = ResolveIssueForm(request.POST, issue=issue, user=request.user)
    if (form.save() if form.is_valid() else None) is None:
        return render_detail(request, project, resolve_form=form, status=400)
    messages.success(request, "已标记为已解决")
    return back_to(project, "issues")
