"""The projects behind a figure of SPEC §5, so a click on a number opens its list.

Uses the same definitions as `figures` (counted(), the live/exited split) so a list's length
equals the figure it came from.
"""
from django.db.models import Exists, OuterRef, Q

from zhaoshang.projects.models import MAJOR_INVESTMENT, FundsRecord, Origin, Project

from .figures import counted, get_plan, year_bounds

FIGURE_LABELS = {
    "signed_projects": "新签约项目",
    "industrial_projects": "新引进工业项目",
    "major_industrial_projects": "亿元工业项目",
    "emerging_projects": "新兴产业项目",
    "exited_projects": "年内退出项目",
    "funds_in_place": "有区外境内到位资金的项目",
    "foreign_funds_in_place": "有境外到位资金的项目",
}


def projects_behind(figure, year, as_of=None, projects=None):
    """A Project queryset whose count (or funds sum) is `figure` for `year` up to `as_of`."""
    if figure not in FIGURE_LABELS:
        raise ValueError(f"未知的统计指标「{figure}」")
    plan = get_plan(year)
    start, as_of = year_bounds(year, as_of)
    projects = counted(projects if projects is not None else Project.objects.all(), plan.threshold)
    if figure in ("funds_in_place", "foreign_funds_in_place"):
        origin = Origin.DOMESTIC_EXTERNAL if figure == "funds_in_place" else Origin.FOREIGN
        arrived = FundsRecord.objects.filter(project=OuterRef("pk"), date__range=(start, as_of))
        return projects.filter(Exists(arrived), origin=origin)
    signed = projects.filter(signed_on__range=(start, as_of))
    live = Q(exited_on__isnull=True) | Q(exited_on__gt=as_of)
    if figure == "exited_projects":
        return signed.exclude(live)
    signed = signed.filter(live)
    if figure == "industrial_projects":
        return signed.filter(industrial=True)
    if figure == "major_industrial_projects":
        return signed.filter(industrial=True, total_investment__gte=MAJOR_INVESTMENT)
    if figure == "emerging_projects":
        return signed.filter(emerging=True)
    return signed
