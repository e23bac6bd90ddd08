"""The data behind the dashboard's charts and links, from the stats functions only.

Amounts go to the browser as text in 亿元 with two places and rates as text in percent, both
computed from Decimal here; the script only draws them.
"""
import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.urls import reverse

from zhaoshang.core.money import yi
from zhaoshang.projects.models import Origin, Stage
from zhaoshang.stats.drilldown import FIGURE_LABELS
from zhaoshang.stats.figures import time_progress
from zhaoshang.stats.series import monthly_funds, signed_by_origin, stage_counts

PIPELINE = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING]
# The four targets of 附件1 as (label, key of attachment1_table's row, figure behind it).
TARGETS = [("到位资金", "funds", "funds_in_place"), ("新签约项目", "signed", "signed_projects"),
           ("工业项目", "industrial", "industrial_projects"),
           ("亿元工业项目", "major_industrial", "major_industrial_projects")]
HUNDREDTH = Decimal("0.01")


def yi_text(amount):
    """万元 → 亿元 as text with two places, rounded half up."""
    return str(yi(amount).quantize(HUNDREDTH, rounding=ROUND_HALF_UP))


def percent_text(ratio):
    """0.4664 → "46.64"; None (no target) stays None."""
    if ratio is None:
        return None
    return str((Decimal(ratio) * 100).quantize(HUNDREDTH, rounding=ROUND_HALF_UP))


def project_list_url(**query):
    """The project list filtered by `query` (the list applies ?figure= with stats.drilldown)."""
    return f"{reverse('projects:list')}?{urlencode({k: v for k, v in query.items() if v not in (None, '')})}"


def figure_links(year, as_of, group=None):
    """{figure: project list URL} for every figure a click can open (stats.drilldown)."""
    return {figure: project_list_url(figure=figure, year=year, as_of=as_of.isoformat(), group=group)
            for figure in FIGURE_LABELS}


def funds_by_month(year, as_of, scope, target):
    """Cumulative funds to the as-of month, and the pace line: the target times 序时进度."""
    actual = monthly_funds(year, as_of, scope=scope)[:as_of.month]
    pace = [target * time_progress(year, datetime.date(year, m, calendar.monthrange(year, m)[1]))
            for m in range(1, 13)]
    return {"months": [f"{m}月" for m in range(1, 13)], "actual": [yi_text(v) for v in actual],
            "pace": [yi_text(v) for v in pace], "target": yi_text(target)}


def pipeline(projects):
    counts = stage_counts(projects)
    return {"stages": [{"name": stage.label, "value": counts.get(stage, 0),
                        "url": project_list_url(stage=stage.value)} for stage in PIPELINE],
            "exited": counts.get(Stage.EXITED, 0)}


def completion_by_group(rows, year, as_of):
    """Funds 完成率 of each group, red where behind 序时进度."""
    return [{"name": row["name"], "rate": percent_text(row["funds"]["rate"]),
             "behind": row["behind_time_progress"],
             "url": figure_links(year, as_of, row["code"])["funds_in_place"]} for row in rows]


def completion_by_target(row, year, as_of):
    """The four 完成率 of one group (a member's own): one bar per target.

    Only funds can be 落后序时进度 (SPEC §5): the other bars have `behind` None (drawn
    neutral) and are read against the line.
    """
    links = figure_links(year, as_of, row["code"])
    return [{"name": label, "rate": percent_text(row[key]["rate"]),
             "behind": row["behind_time_progress"] if key == "funds" else None, "url": links[figure]}
            for label, key, figure in TARGETS]


def origins(year, as_of, scope):
    """The year's signed projects by investor origin; 区内 has no link (it is not a figure)."""
    by_origin = signed_by_origin(year, as_of, scope=scope)
    slices = []
    for origin in [Origin.DOMESTIC_EXTERNAL, Origin.FOREIGN, Origin.IN_REGION]:
        cell = by_origin.get(origin)
        if not cell:
            continue
        counted = origin != Origin.IN_REGION
        slices.append({
            "origin": origin.value, "name": origin.label if counted else f"{origin.label}（不计入）",
            "value": cell["count"], "investment": yi_text(cell["investment"]),
            "url": project_list_url(figure="signed_projects", year=year, as_of=as_of.isoformat(),
                                    origin=origin.value) if counted else None,
        })
    return slices


def chart_data(year, as_of, scope, progress, funds_target, rows, projects):
    """Everything dashboard.js draws, for the groups of `scope`.

    `funds_target` in 万元: the county's, or for a member the sum of their groups' targets;
    `rows` are attachment1_table's group rows with their `code`; `projects` is restrict()'d.
    """
    by_target = not scope.is_everything and len(rows) == 1
    return {
        "progress": percent_text(progress),
        "funds": funds_by_month(year, as_of, scope, funds_target),
        "pipeline": pipeline(projects),
        "completion": {
            "by": "target" if by_target else "group",
            "bars": (completion_by_target(rows[0], year, as_of) if by_target
                     else completion_by_group(rows, year, as_of)),
        },
        "origins": origins(year, as_of, scope),
    }
