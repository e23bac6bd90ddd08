"""单位与招商组: the groups of 附件1 with their lead unit, co-units and commander, and the units.

Everyone sees the groups of their scope and those groups' units; only the office changes them
(403 for the others), through `units`. A group or unit outside the scope is a 404.
"""
from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from zhaoshang.core.changelog import entry
from zhaoshang.core.models import ChangeRecord

from .forms import GroupForm, UnitForm
from .generic import scoped
from .models import CoUnit, IndustryGroup, Liaison, Unit
from .scope import Scope, is_office, require_office, restrict

HISTORY = 20  # the latest changes shown on a group's or unit's page


GROUPS = IndustryGroup.objects.select_related("lead_unit").prefetch_related(
    Prefetch("co_unit_links", queryset=CoUnit.objects.select_related("unit").order_by("position")))
# A group or unit of a page, looked up within the user's scope before the view runs (404 outside).
scoped_group = scoped(GROUPS, lookup="code")
scoped_unit = scoped(Unit.objects.all())


def groups_for(user):
    return restrict(user, GROUPS.all()).order_by("position", "id")


OFFICE_ONLY = "单位与招商组的设置由领导小组办公室维护。"


def history(user, object_type, object_id):
    records = restrict(user, ChangeRecord.objects.select_related("user")).filter(
        object_type=object_type, object_id=object_id).order_by("-at", "-id")[:HISTORY]
    names = dict(IndustryGroup.objects.values_list("pk", "name"))
    return [entry(record, names) for record in records]


@require_safe  # reads only: a POST is 405
def index(request):
    # The counts too stay within the scope: a member counts only the own groups.
    scope = Scope.of(request.user)
    led = Q() if scope.is_everything else Q(led_groups__in=scope.group_ids)
    co = Q() if scope.is_everything else Q(co_groups__in=scope.group_ids)
    units = restrict(request.user, Unit.objects.all()).annotate(
        led=Count("led_groups", filter=led, distinct=True),
        co=Count("co_groups", filter=co, distinct=True)).order_by("name")
    return render(request, "org/units_index.html", {
        "groups": groups_for(request.user), "units": units, "may_edit": is_office(request.user),
    })


@scoped_group
@require_safe  # reads only: a POST is 405
def group_detail(request, group):
    members = group.memberships.select_related("user").filter(user__is_active=True).order_by(
        "role", "user__username")
    return render(request, "org/group_detail.html", {
        "group": group, "liaisons": Liaison.objects.filter(group=group), "members": members,
        # plans' targets by their relation: org imports no app above it
        "targets": group.targets.select_related("plan").order_by("-plan__year"),
        "history": history(request.user, "industrygroup", group.pk), "may_edit": is_office(request.user),
    })


@scoped_group
def group_edit(request, group):
    require_office(request.user, OFFICE_ONLY)
    form = GroupForm(request.POST or None, group=group, actor=request.user)
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        messages.success(request, f"已保存{group.name}的牵头单位、协办单位和指挥长")
        return redirect("units:group", group.code)
    return render(request, "org/group_form.html", {"form": form, "group": group},
                  status=400 if form.errors else 200)


@scoped_unit
@require_safe  # reads only: a POST is 405
def unit_detail(request, unit):
    visible = groups_for(request.user)
    return render(request, "org/unit_detail.html", {
        "unit": unit, "led": visible.filter(lead_unit=unit),
        "co": visible.filter(co_unit_links__unit=unit),
        "history": history(request.user, "unit", unit.pk), "may_edit": is_office(request.user),
    })


def unit_form(request, pk=None):
    unit = get_object_or_404(restrict(request.user, Unit.objects.all()), pk=pk) if pk else None
    require_office(request.user, OFFICE_ONLY)
    form = UnitForm(request.POST or None, unit=unit, actor=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if saved is not None:
            messages.success(request, f"已{'保存' if unit else '新增'}单位「{saved.name}」")
            return redirect("units:unit", saved.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit},
                  status=400 if form.errors else 200)
