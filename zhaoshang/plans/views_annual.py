"""年度计划 pages: every plan with its county targets and its groups' targets (a group member
sees the own group's row), and for the office a new year's plan, its draft and its 下达.
Everything is written by `annual`; those who may only read get 403 on writes."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from zhaoshang.org.scope import is_county, is_office, require_office, restrict

from . import annual
from .forms import PlanCreateForm, PlanForm
from .models import AnnualPlan, GroupTarget
from .workflow import adjustments_for


OFFICE_ONLY = "年度计划由领导小组办公室录入和下达，您的角色只能查看。"


@require_safe  # reads only: a POST is 405
def plan_list(request):
    return render(request, "plans/plan_list.html", {
        "plans": AnnualPlan.objects.order_by("-year"), "may_edit": is_office(request.user)})


@require_safe  # reads only: a POST is 405
def plan_detail(request, year):
    plan = get_object_or_404(AnnualPlan, year=year)
    targets = restrict(request.user, GroupTarget.objects.filter(plan=plan).select_related("group"))
    adjusted = adjustments_for(plan)
    county = is_county(request.user)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "rows": [(t, adjusted.get(t.group_id, [])) for t in targets],
        "county": county, "may_edit": is_office(request.user),
        # The sums of all groups only for those who see all groups.
        "sums": annual.target_sums(plan) if county else None,
    })


def plan_create(request):
    require_office(request.user, OFFICE_ONLY)
    years = list(AnnualPlan.objects.order_by("-year").values_list("year", flat=True))
    form = PlanCreateForm(request.POST or None, years=years,
                          initial={"year": annual.next_year(), "copy_from": years[0] if years else ""})
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["copy_from"]
        try:
            plan = annual.create_plan(
                form.cleaned_data["year"], actor=request.user, via="form",
                copy_from=AnnualPlan.objects.get(year=source) if source else None)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, f"已新建{plan.year}年度计划（草案），请填写全县目标并分解到各组")
            return redirect("plans:plan_edit", plan.year)
    return render(request, "plans/plan_create.html", {"form": form}, status=400 if form.errors else 200)


def plan_edit(request, year):
    plan = get_object_or_404(AnnualPlan, year=year)
    require_office(request.user, OFFICE_ONLY)
    form = PlanForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            annual.update_plan(plan, form.values(), targets=form.targets(),
                               reason=form.cleaned_data["reason"], actor=request.user, via="form")
        except ValidationError as exc:
            form.put(exc)
        else:
            messages.success(request, f"已保存{plan.year}年度计划")
            return redirect("plans:plan_detail", plan.year)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan},
                  status=400 if form.errors else 200)


@require_POST
def plan_issue(request, year):
    plan = get_object_or_404(AnnualPlan, year=year)
    require_office(request.user, OFFICE_ONLY)
    try:
        annual.issue_plan(plan, actor=request.user, via="form")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("plans:plan_detail", plan.year)  # the reason is shown on the plan's page
    messages.success(request, f"{plan.year}年度计划已下达：各组目标自此只能通过目标调整变更")
    return redirect("plans:plan_detail", plan.year)
