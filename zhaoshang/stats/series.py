"""Figures for the dashboard charts: funds by month, projects by stage and by origin.

Same definitions as `figures` (counted(), the live/exited split), so a chart's last point or
its slices add up to the figure shown beside it.
"""
from django.db.models import Count, Q, Sum

from zhaoshang.core.money import ZERO
from zhaoshang.projects.models import FundsRecord, Origin, Project

from .figures import counted, get_plan, year_bounds


def monthly_funds(year, as_of=None, *, scope):
    """12 cumulative Decimals (万元): 区外境内到位资金 from 1 Jan to the end of each month.

    Only funds dated up to `as_of` count, so months after it repeat the as-of total; December's
    value (or the as-of month's) equals `year_figures(...)["county"]["funds_in_place"]`.
    """
    plan = get_plan(year)
    start, as_of = year_bounds(year, as_of)
    projects = scope.filter(counted(Project.objects.filter(origin=Origin.DOMESTIC_EXTERNAL), plan.threshold))
    # Grouped by day and folded into months here: SQLite would extract the month with a Python
    # function on every funds row.
    rows = (FundsRecord.objects.filter(date__range=(start, as_of), project__in=projects)
            .values("date").annotate(total=Sum("amount")).order_by())
    by_month = {}
    for row in rows:
        by_month[row["date"].month] = by_month.get(row["date"].month, ZERO) + row["total"]
    series, running = [], ZERO
    for month in range(1, 13):
        running += by_month.get(month, ZERO)
        series.append(running)
    return series


def stage_counts(projects):
    """{stage: number of projects now at it} over `projects` (already restrict()'d)."""
    rows = projects.values("stage").annotate(n=Count("pk")).order_by()
    return {row["stage"]: row["n"] for row in rows}


def signed_by_origin(year, as_of=None, *, scope):
    """{origin: {"count", "investment"}} of the projects signed in the year up to `as_of`.

    The rule of signed_projects (total investment at least the threshold, not exited by
    `as_of`) but over every origin: 区外境内 and 境外 add up to signed_projects, 区内 is shown
    apart because it is not counted (SPEC §5).
    """
    plan = get_plan(year)
    start, as_of = year_bounds(year, as_of)
    projects = scope.filter(Project.objects.filter(total_investment__gte=plan.threshold,
                                                   signed_on__range=(start, as_of)))
    live = Q(exited_on__isnull=True) | Q(exited_on__gt=as_of)
    rows = (projects.filter(live).exclude(origin="").values("origin")
            .annotate(count=Count("pk"), investment=Sum("total_investment")).order_by())
    return {row["origin"]: {"count": row["count"], "investment": row["investment"] or ZERO}
            for row in rows}
