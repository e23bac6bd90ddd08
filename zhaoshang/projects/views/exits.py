"""项目退出 pages (SPEC §7): a request from a project's page, the list within the user's scope,
and the detail where the group's commander or the office approves or rejects. Outsiders get
404; those who may only read get 403 on writes. State changes only through `services`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from zhaoshang.core.params import default_as_of, default_year
from zhaoshang.org.generic import scoped
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope, approves_exits, may_approve_exit, may_edit_group, restrict
from zhaoshang.plans.models import AnnualPlan
from zhaoshang.stats.figures import pipeline_gaps

from .. import services
from ..filtersets import awaiting_filter
from ..models import ExitReason, ExitRequest, Stage
from .common import PROJECTS

Status = ExitRequest.Status
FILTERS = [("", "全部"), ("awaiting", "待我审批"), (Status.PENDING, "待审批"), (Status.APPROVED, "已批准"),
           (Status.REJECTED, "已退回")]


def put_errors(form, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for name, texts in errors.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


class ExitRequestForm(forms.Form):
    exited_on = forms.DateField(label="退出日期", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                help_text="项目自该日起不再计入统计")
    exit_reason = forms.ChoiceField(label="退出原因", required=False,
                                    choices=[("", "请选择"), *ExitReason.choices])
    exit_reason_text = forms.CharField(label="退出原因说明", required=False, max_length=200,
                                       help_text="退出原因为「其他」时必须填写")
    note = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="项目洽谈、签约、推进的情况和退出的经过（可不填）")

    def __init__(self, data=None, *, user, project):
        self.user, self.project = user, project
        super().__init__(data)

    def save(self):
        data = self.cleaned_data
        try:
            return services.request_exit(self.project, exited_on=data.get("exited_on"),
                                         exit_reason=data.get("exit_reason"),
                                         exit_reason_text=data.get("exit_reason_text"),
                                         note=data.get("note"), user=self.user)
        except ValidationError as exc:
            put_errors(self, exc)
            return None


class ExitDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "批准"), ("reject", "退回")])
    comment = forms.CharField(label="审批意见", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="批准时可不填；退回时必须填写退回原因")

    def __init__(self, data=None, *, user, exit_request):
        self.user, self.exit_request = user, exit_request
        super().__init__(data)

    def save(self):
        decide = services.approve_exit if self.cleaned_data["decision"] == "approve" else services.reject_exit
        try:
            return decide(self.exit_request, user=self.user, comment=self.cleaned_data.get("comment", ""))
        except ValidationError as exc:
            put_errors(self, exc)
            return None


def message(request, title, text, *, status, back="/exits/"):
    return render(request, "plans/message.html", {"title": title, "message": text, "back": back},
                  status=status)


def gap_period():
    """(year, as_of) a pipeline gap is measured at: the pages' default plan year and as-of date."""
    years = list(AnnualPlan.objects.values_list("year", flat=True))
    if not years:
        return None, None
    year = default_year(years)
    return year, default_as_of(year)


def gap_rows(scope):
    """(year, as_of, [(group, gap)]) of the groups of `scope` still short of their 新签约项目 target."""
    year, as_of = gap_period()
    if year is None:
        return None, None, []
    gaps = pipeline_gaps(year, as_of, scope=scope)
    groups = IndustryGroup.objects.filter(pk__in=[pk for pk, gap in gaps.items() if gap])
    return year, as_of, [(group, gaps[group.pk]) for group in groups.order_by("position", "id")]


EXIT_REQUESTS = ExitRequest.objects.select_related("project", "project__group", "requested_by", "decided_by")
# The request of a page, looked up within the user's scope before the view runs (404 outside).
scoped_exit_request = scoped(EXIT_REQUESTS)


def visible_requests(request):
    return restrict(request.user, EXIT_REQUESTS.all())


@require_safe  # reads only: a POST is 405
def exit_list(request):
    requests = visible_requests(request)
    shown = request.GET.get("status", "")
    if shown == "awaiting":
        requests = awaiting_filter(requests, request.user)
    elif shown in Status.values:
        requests = requests.filter(status=shown)
    else:
        shown = ""
    awaiting = awaiting_filter(visible_requests(request), request.user).count()
    approver = approves_exits(request.user)
    year, as_of, gaps = gap_rows(Scope.of(request.user))
    return render(request, "projects/exit_list.html", {
        "requests": requests, "shown": shown, "awaiting": awaiting,
        "filters": [f for f in FILTERS if approver or f[0] != "awaiting"],
        "gap_year": year, "gap_as_of": as_of, "gaps": gaps,
    })


@scoped(PROJECTS, kwarg="project_id")
def exit_create(request, project):
    if not may_edit_group(request.user, project.group_id):
        return message(request, "没有权限", "只有本组联络员、指挥长或领导小组办公室可以申请项目退出",
                       status=403, back=f"/projects/{project.pk}/")
    pending = project.exit_requests.filter(status=Status.PENDING).first()
    form = ExitRequestForm(request.POST or None, user=request.user, project=project)
    if request.method == "POST":
        try:
            exit_request = form.save() if form.is_valid() else None
        except PermissionDenied as exc:
            return message(request, "没有权限", str(exc), status=403, back=f"/projects/{project.pk}/")
        if exit_request is not None:
            messages.success(request, f"已提交退出申请 #{exit_request.pk}，等待本组指挥长或办公室审批")
            return redirect("exits:detail", exit_request.pk)
    year, as_of, gaps = gap_rows(Scope.groups({project.group_id}))
    return render(request, "projects/exit_form.html", {
        "form": form, "project": project, "pending": pending,
        "blocked": project.stage in (Stage.EXITED, Stage.PRODUCING),
        "gap": gaps[0][1] if gaps else 0, "gap_year": year, "gap_as_of": as_of,
    }, status=400 if form.errors else 200)


def detail_context(request, exit_request, form=None):
    user = request.user
    project = exit_request.project
    can_decide = (exit_request.status == Status.PENDING
                  and may_approve_exit(user, project.group_id) and user.is_authenticated)
    year, as_of, gaps = gap_rows(Scope.groups({project.group_id}))
    return {
        "exit_request": exit_request, "project": project,
        "form": form or (ExitDecisionForm(user=user, exit_request=exit_request) if can_decide else None),
        "gap": gaps[0][1] if gaps else 0, "gap_year": year, "gap_as_of": as_of,
    }


@scoped_exit_request
@require_safe  # reads only: a POST is 405
def exit_detail(request, exit_request):
    return render(request, "projects/exit_detail.html", detail_context(request, exit_request))


@require_POST
@scoped_exit_request
def exit_decide(request, exit_request):
    back = f"/exits/{exit_request.pk}/"
    if not may_approve_exit(request.user, exit_request.project.group_id):
        return message(request, "没有权限", "项目退出须经领导小组办公室或本组指挥长审批", status=403, back=back)
    form = ExitDecisionForm(request.POST, user=request.user, exit_request=exit_request)
    done = form.save() if form.is_valid() else None
    if done is None:
        exit_request.refresh_from_db()
        return render(request, "projects/exit_detail.html", detail_context(request, exit_request, form),
                      status=400)
    if done.status == Status.APPROVED:
        messages.success(request, f"已批准：{done.project.name} 自 {done.exited_on} 起退出，不再计入统计")
    else:
        messages.success(request, "已退回申请人")
    return redirect("exits:detail", done.pk)


def project_exit_panel(project, user):
    """For the project page (templates/projects/exit_panel.html as `panel`): the latest exit
    request, whether the user may ask for one, and for an exited project the group's remaining
    新签约项目 gap."""
    latest = project.exit_requests.order_by("-requested_at", "-id").first()
    panel = {"project": project, "latest": latest, "gap": 0, "gap_year": None, "gap_as_of": None,
             "may_request": (project.stage not in (Stage.EXITED, Stage.PRODUCING)
                             and may_edit_group(user, project.group_id)
                             and (latest is None or latest.status != Status.PENDING))}
    if project.stage == Stage.EXITED:
        year, as_of, gaps = gap_rows(Scope.groups({project.group_id}))
        panel.update(gap=gaps[0][1] if gaps else 0, gap_year=year, gap_as_of=as_of)
    return panel
