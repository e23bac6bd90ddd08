"""SPEC §5 as plain functions: a year, an as-of date and a scope (org.scope.Scope) in, plain
data out.

No views, no HTTP, no side effects. Pages, API, exports and the CLI all call `year_figures`;
the same number never has two implementations. Group figures come from one GROUP BY per
table and the county's are their sum, so they add up exactly (项目属地原则).
"""
import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from zhaoshang.core.money import ZERO
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope
from zhaoshang.plans.models import AnnualPlan, GroupTarget
from zhaoshang.projects.models import MAJOR_INVESTMENT, FundsRecord, Origin, Project

COUNTED_ORIGINS = [Origin.DOMESTIC_EXTERNAL, Origin.FOREIGN]

FIGURES = ["funds_in_place", "foreign_funds_in_place", "in_region_funds_in_place",
           "signed_projects", "industrial_projects", "major_industrial_projects",
           "emerging_projects", "planned_investment", "exited_projects"]
AMOUNTS = {"funds_in_place", "foreign_funds_in_place", "in_region_funds_in_place",
           "planned_investment", "funds_target", "planned_investment_target"}
# The four targets of 附件1, each with the figure it is measured by.
TARGETS = [("funds_target", "funds_in_place"), ("signed_target", "signed_projects"),
           ("industrial_target", "industrial_projects"),
           ("major_industrial_target", "major_industrial_projects")]


class NoPlan(LookupError):
    def __init__(self, year):
        super().__init__(f"没有 {year} 年的年度计划，请先在「年度计划」中录入")


def year_bounds(year, as_of=None):
    """(1 Jan, as-of) of `year`; as-of defaults to 31 Dec and must lie inside the year."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    as_of = as_of or end
    if not start <= as_of <= end:
        raise ValueError(f"截止日期 {as_of} 不在 {year} 年内")
    return start, as_of


def time_progress(year, as_of):
    """序时进度: elapsed days of the year up to and including `as_of`, over days in the year."""
    start, as_of = year_bounds(year, as_of)
    days = (datetime.date(year, 12, 31) - start).days + 1
    return Decimal((as_of - start).days + 1) / Decimal(days)


def rate(actual, target):
    """完成率 actual / target, None where the target is 0 (shown as —)."""
    if not target:
        return None
    return Decimal(actual) / Decimal(target)


def empty_figures():
    return {name: (ZERO if name in AMOUNTS else 0) for name in FIGURES}


def counted(projects, threshold):
    """纳入统计: external or foreign origin and total investment at least the threshold."""
    return projects.filter(origin__in=COUNTED_ORIGINS, total_investment__gte=threshold)


def project_figures(threshold, start, as_of, scope):
    """{group_id: counts and planned investment of the projects signed in start…as_of}."""
    projects = scope.filter(counted(Project.objects.all(), threshold).filter(signed_on__range=(start, as_of)))
    live = Q(exited_on__isnull=True) | Q(exited_on__gt=as_of)
    industrial = live & Q(industrial=True)
    rows = projects.values("group_id").annotate(
        signed_projects=Count("pk", filter=live),
        industrial_projects=Count("pk", filter=industrial),
        major_industrial_projects=Count("pk", filter=industrial & Q(total_investment__gte=MAJOR_INVESTMENT)),
        emerging_projects=Count("pk", filter=live & Q(emerging=True)),
        planned_investment=Sum("total_investment", filter=live),
        exited_projects=Count("pk", filter=~live),
    ).order_by()
    return {row.pop("group_id"): {k: (v if v is not None else ZERO) for k, v in row.items()}
            for row in rows}


FUNDS_BY_ORIGIN = {Origin.DOMESTIC_EXTERNAL: "funds_in_place", Origin.FOREIGN: "foreign_funds_in_place",
                   Origin.IN_REGION: "in_region_funds_in_place"}


def funds_figures(threshold, start, as_of, scope):
    """{group_id: {figure: sum}} of funds dated start…as_of on projects over the threshold.

    Whatever year the project was signed in (续建 counts). In-region funds are summed apart.
    """
    funds = scope.filter(FundsRecord.objects.filter(date__range=(start, as_of),
                                                    project__total_investment__gte=threshold))
    rows = funds.values("project__group_id", "project__origin").annotate(total=Sum("amount")).order_by()
    result = {}
    for row in rows:
        figure = FUNDS_BY_ORIGIN.get(row["project__origin"])
        if figure:
            result.setdefault(row["project__group_id"], {})[figure] = row["total"]
    return result


def add(into, figures):
    for name in FIGURES:
        into[name] += figures[name]
    return into


def completion(figures, targets, progress):
    """Completion rates of the four targets, and whether funds lag 序时进度."""
    rates = {target.replace("_target", "_rate"): rate(figures[actual], targets[target])
             for target, actual in TARGETS}
    funds_rate = rates["funds_rate"]
    rates["behind_time_progress"] = funds_rate is not None and funds_rate < progress
    return rates


def get_plan(year):
    try:
        return AnnualPlan.objects.get(year=year)
    except AnnualPlan.DoesNotExist:
        raise NoPlan(year) from None


def year_figures(year, as_of=None, *, scope):
    """The statistics of SPEC §5 for `year` up to `as_of`, per group and for the county, over
    the groups of `scope` (a user's: `Scope.of(user)`; the county's: `Scope.everything()`).
    """
    plan = get_plan(year)
    start, as_of = year_bounds(year, as_of)
    progress = time_progress(year, as_of)
    by_projects = project_figures(plan.threshold, start, as_of, scope)
    by_funds = funds_figures(plan.threshold, start, as_of, scope)
    targets = {t.group_id: t for t in GroupTarget.objects.filter(plan=plan)}
    group_list = scope.filter(IndustryGroup.objects.select_related("lead_unit").order_by("position", "id"))

    county = empty_figures()
    no_target = {target: (ZERO if target in AMOUNTS else 0) for target, _ in TARGETS}
    target_sum = dict(no_target)
    rows = []
    for group in group_list:
        figures = empty_figures()
        figures.update(by_projects.get(group.pk, {}))
        figures.update(by_funds.get(group.pk, {}))
        add(county, figures)
        target = targets.get(group.pk)
        group_targets = {t: getattr(target, t) if target else no_target[t] for t, _ in TARGETS}
        for t in target_sum:
            target_sum[t] += group_targets[t]
        rows.append({"id": group.pk, "code": group.code, "name": group.name,
                     "lead_unit": group.lead_unit.name, **figures, **group_targets,
                     **completion(figures, group_targets, progress)})

    # A restricted view totals some groups only: measure it against their targets, not the
    # county's (the city's targets belong to the whole county).
    whole = scope.is_everything
    county_targets = {t: getattr(plan, t) for t, _ in TARGETS} if whole else dict(target_sum)
    county.update(county_targets)
    county.update(completion(county, county_targets, progress))
    county.update({
        "emerging_share": (Decimal(county["emerging_projects"]) / county["signed_projects"]
                           if county["signed_projects"] else None),
        "emerging_share_target": plan.emerging_share_target,
        "planned_investment_target": plan.planned_investment_target if whole else None,
        "planned_investment_rate": (rate(county["planned_investment"], plan.planned_investment_target)
                                    if whole else None),
        "group_targets": target_sum,
    })
    return {"year": year, "as_of": as_of, "time_progress": progress, "plan": plan,
            "county": county, "groups": rows}


def pipeline_gaps(year, as_of=None, *, scope):
    """{group id: new projects still to sign to reach the 新签约项目 target} for the groups of
    `scope`, from the same figures as the statistics."""
    if isinstance(as_of, datetime.datetime):
        as_of = as_of.date()
    rows = year_figures(year, as_of, scope=scope)["groups"]
    return {row["id"]: max(row["signed_target"] - row["signed_projects"], 0) for row in rows}


def pipeline_gap(group, year, as_of=None):
    """How many more new projects `group` must sign to reach its 新签约项目 target of `year` by
    `as_of` (有新洽谈的项目要及时补充); 0 once reached."""
    group_id = getattr(group, "pk", group)
    return pipeline_gaps(year, as_of, scope=Scope.groups({group_id}))[group_id]
