"""三企入桂 四率 (SPEC §5): per signing batch, per group and for the county, as of a date.

The figures are `stats.sanqi.four_rates` (the same as /api/stats/sanqi/); under each batch the
page lists the projects behind them, with what each one counts toward. The project list page
cannot filter by batch, so the projects are shown here rather than linked.
"""
import datetime

from django.db.models import Q, Sum
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from zhaoshang.core import params
from zhaoshang.core.money import ZERO
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope, restrict
from zhaoshang.projects.models import Project, Stage
from zhaoshang.reports.params import plan_years
from zhaoshang.stats.sanqi import four_rates

QUICK_DATES = [("一季度末", 3, 31), ("二季度末", 6, 30), ("三季度末", 9, 30), ("年末", 12, 31)]


def parse_as_of(text):
    text = text.strip()
    if not text:  # the dashboard's default date: the running plan year's today, or its last day
        years = plan_years()
        return params.default_as_of(params.default_year(years)) if years else timezone.localdate()
    day = params.parse_as_of(text)  # a BadParameter is a ValueError
    if not 2000 <= day.year <= 2100:
        raise ValueError(f"截止日期 {day} 超出范围，应在 2000 年至 2100 年之间")
    return day


def stage_at(project, as_of):
    """The stage a signed project had reached on `as_of`, read from its dates as four_rates does."""
    if project.exited_on and project.exited_on <= as_of:
        return Stage.EXITED
    if project.producing_on and project.producing_on <= as_of:
        return Stage.PRODUCING
    if project.started_on and project.started_on <= as_of:
        return Stage.STARTED
    return Stage.SIGNED


def cohort_projects(user, ids, as_of):
    """{id: project} of the cohort with its funds up to `as_of` and its stage on that day."""
    projects = restrict(user, Project.objects.filter(pk__in=ids)).select_related("group").annotate(
        funds_to_date=Sum("funds__amount", filter=Q(funds__date__lte=as_of)))
    result = {}
    for project in projects:
        project.stage_then = stage_at(project, as_of)
        project.funds_to_date = project.funds_to_date or ZERO
        result[project.pk] = project
    return result


def rate_cards(cell):
    """The four rates of a cell with what each one divides, in words."""
    signed = cell["signed"]
    return [
        ("协议履约率", cell["performance_rate"], f"未退出 {signed - cell['exited']} / 签约 {signed} 个"),
        ("项目开工率", cell["start_rate"], f"开工（含投产） {cell['started']} / 签约 {signed} 个"),
        ("竣工投产率", cell["production_rate"], f"投产 {cell['producing']} / 签约 {signed} 个"),
        ("资金到位率", cell["funds_rate"], None),
    ]


@require_safe  # reads only: a POST is 405
def sanqi(request):
    scope = Scope.of(request.user)
    if scope.is_empty:
        return render(request, "dashboard/no_scope.html")
    try:
        as_of = parse_as_of(request.GET.get("as_of", ""))
    except ValueError as exc:
        return render(request, "dashboard/sanqi.html", {"error": str(exc)}, status=400)
    result = four_rates(as_of, scope=scope)
    groups = list(restrict(request.user, IndustryGroup.objects.order_by("position", "id")))
    order = {g.pk: n for n, g in enumerate(groups)}
    projects = cohort_projects(request.user, [i for b in result.values() for i in b[None]["project_ids"]],
                               as_of)
    batches = []
    for name in sorted(result):
        cells = result[name]
        rows = [{"group": g, **cells[g.pk]} for g in groups if g.pk in cells]
        members = sorted((projects[i] for i in cells[None]["project_ids"]),
                         key=lambda p: (order.get(p.group_id, 0), p.signed_on, p.code))
        batches.append({"name": name, "total": cells[None], "cards": rate_cards(cells[None]),
                        "rows": rows, "projects": members})
    return render(request, "dashboard/sanqi.html", {
        "as_of": as_of, "batches": batches, "county_scope": scope.is_everything,
        "scope_name": "" if scope.is_everything else "、".join(g.name for g in groups),
        "quick_dates": [(label, datetime.date(as_of.year, m, d)) for label, m, d in QUICK_DATES],
    })
