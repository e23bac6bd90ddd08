"""首页: the year's completion of the 附件1 targets and four charts, within the user's scope.

The office and leaders see the county against the county targets set by the city; a group
member sees their own group(s) against the sum of those groups' targets, and nothing else.
"""
import datetime

from django.shortcuts import render
from django.views.decorators.http import require_safe

from zhaoshang.org.scope import Scope, restrict
from zhaoshang.plans.models import AnnualPlan
from zhaoshang.projects.models import Project
from zhaoshang.reports.exports import attachment1_table
from zhaoshang.reports.params import BadParameter, period, plan_years

from .charts import chart_data, figure_links

QUARTER_ENDS = [("一季度末", 3, 31), ("二季度末", 6, 30), ("三季度末", 9, 30), ("年末", 12, 31)]


@require_safe  # reads only: a POST is 405
def dashboard(request):
    scope = Scope.of(request.user)
    if scope.is_empty:
        return render(request, "dashboard/no_scope.html")
    years = plan_years()
    if not years:
        return render(request, "dashboard/dashboard.html", {"no_plan": True})
    try:
        year, as_of = period(request, years)
    except BadParameter as exc:
        return render(request, "dashboard/dashboard.html", {"error": str(exc)}, status=400)

    result, total, rows = attachment1_table(year, as_of, scope=scope)
    county = result["county"]
    for row, figures in zip(rows, result["groups"]):
        row["code"] = figures["code"]
        row["links"] = figure_links(year, as_of, figures["code"])
    funds_target = county["funds_target"] if scope.is_everything else county["group_targets"]["funds_target"]
    return render(request, "dashboard/dashboard.html", {
        "years": years, "year": year, "as_of": as_of, "as_of_text": as_of.isoformat(),
        "quarter_ends": [(name, datetime.date(year, m, d).isoformat()) for name, m, d in QUARTER_ENDS],
        "county_scope": scope.is_everything,
        # Targets of a plan not yet issued are the office's draft: said so beside them.
        "draft": result["plan"].status == AnnualPlan.Status.DRAFT,
        "progress": result["time_progress"], "county": county,
        "funds_gap": (result["time_progress"] - total["funds"]["rate"]) * 100
        if total["funds"]["rate"] is not None else None, "total": total, "rows": rows,
        "links": figure_links(year, as_of),
        "charts": chart_data(year, as_of, scope, result["time_progress"], funds_target, rows,
                             restrict(request.user, Project.objects.all())),
    })
