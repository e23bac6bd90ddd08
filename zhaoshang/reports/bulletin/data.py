"""What the bulletin says, as plain data: the quarter, the county's targets against 序时进度,
the groups' ranking, the groups behind, the quarter's exits and the late and missing reports.

`bulletin_data(year, quarter)` gathers everything from the one implementation of each figure:
`stats.figures.year_figures` (targets, completion, 序时进度), the exits of the quarter through
`stats.figures.counted` (the same 纳入统计 definition), and `cycle.status_board` /
`cycle.group_records` for late and missing reports. The data is as of the quarter's last day,
or today while the quarter runs; reports submitted after that moment do not count, so a
bulletin made again later says the same.
"""
import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone

from zhaoshang.core.formats import DASH
from zhaoshang.org.scope import Scope
from zhaoshang.projects.models import ExitReason, Project
from zhaoshang.stats.figures import counted, get_plan, year_figures
from zhaoshang.workcal.calendar import deadline_end

from ..cycle import group_records, make_cell, status_board
from ..models import ReportPeriod

QUARTER_NAMES = "一二三四"
CENT = Decimal("0.01")


def quarter_bounds(year, quarter):
    """(first day, last day) of `quarter` (1–4) of `year`."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"季度「{quarter}」无效，应为 1、2、3 或 4")
    last_month = 3 * quarter
    return (datetime.date(year, last_month - 2, 1),
            datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]))


def quarter_name(quarter):
    return f"第{QUARTER_NAMES[quarter - 1]}季度"


def bulletin_title(year, quarter):
    """鹿寨县2021年第三季度招商引资工作通报."""
    return f"{settings.REGION_NAME}{year}年{quarter_name(quarter)}招商引资工作通报"


def bulletin_as_of(year, quarter, today):
    """The quarter's last day, or `today` while the quarter runs; a quarter not begun is refused."""
    start, end = quarter_bounds(year, quarter)
    if today < start:
        raise ValueError(f"{year}年{quarter_name(quarter)}尚未开始（{start:%Y-%m-%d} 起），还不能生成通报")
    return min(end, today)


def points(value):
    """A difference of two ratios in percentage points, exact to the cent (half up)."""
    return (value * 100).quantize(CENT, rounding=ROUND_HALF_UP)


# The targets of 附件1 in the plan's order: (label, unit, kind, target key, actual key, rate key).
COUNTY_LINES = [
    ("区外境内到位资金", "万元", "amount", "funds_target", "funds_in_place", "funds_rate"),
    ("新签约项目", "个", "count", "signed_target", "signed_projects", "signed_rate"),
    ("其中：新兴产业项目占比", "%", "share", "emerging_share_target", "emerging_share", None),
    ("计划投资总额", "万元", "amount", "planned_investment_target", "planned_investment",
     "planned_investment_rate"),
    ("新引进工业项目", "个", "count", "industrial_target", "industrial_projects", "industrial_rate"),
    ("亿元工业项目", "个", "count", "major_industrial_target", "major_industrial_projects",
     "major_industrial_rate"),
]
# The three targets shown beside the funds in the ranking: (label, target key, actual key, rate key).
OTHER_TARGETS = [("新签约项目", "signed_target", "signed_projects", "signed_rate"),
                 ("新引进工业项目", "industrial_target", "industrial_projects", "industrial_rate"),
                 ("亿元工业项目", "major_industrial_target", "major_industrial_projects",
                  "major_industrial_rate")]


def county_lines(county, progress):
    """Every county target: target, actual, 完成率 and its distance to 序时进度 (points)."""
    lines = []
    for label, unit, kind, target, actual, rate in COUNTY_LINES:
        line = {"label": label, "unit": unit, "kind": kind, "target": county[target],
                "actual": county[actual], "rate": county[rate] if rate else None}
        line["vs_progress"] = points(line["rate"] - progress) if line["rate"] is not None else None
        if kind == "share":
            line["met"] = line["actual"] is not None and line["actual"] >= line["target"]
        lines.append(line)
    return lines


def ranking(groups):
    """The groups by funds 完成率, highest first; equal rates share a rank; no target ranks last."""
    ordered = sorted(groups, key=lambda g: (g["funds_rate"] is None, -(g["funds_rate"] or 0)))
    rows, previous = [], None
    for position, group in enumerate(ordered, start=1):
        if group["funds_rate"] is None:
            rank = None
        elif previous is not None and group["funds_rate"] == previous["funds_rate"]:
            rank = previous["rank"]
        else:
            rank = position
        previous = {**group, "rank": rank}
        rows.append(previous)
    return rows


def behind_groups(ranked, progress):
    """The groups whose funds lag 序时进度: how many points, and the funds short of it (万元)."""
    return [{"name": g["name"], "funds_rate": g["funds_rate"], "funds_in_place": g["funds_in_place"],
             "points_behind": points(progress - g["funds_rate"]),
             "shortfall": (g["funds_target"] * progress - g["funds_in_place"]).quantize(
                 CENT, rounding=ROUND_HALF_UP)}
            for g in ranked if g["behind_time_progress"]]


def exit_reason_text(project):
    if not project.exit_reason:
        return DASH
    label = ExitReason(project.exit_reason).label
    return f"{label}：{project.exit_reason_text}" if project.exit_reason_text else label


def quarter_exits(year, quarter, as_of, threshold):
    """The counted projects (纳入统计) that exited in the quarter up to `as_of`, whatever year
    they were signed in, by exit date."""
    start, _ = quarter_bounds(year, quarter)
    projects = (counted(Project.objects.all(), threshold)
                .filter(exited_on__range=(start, as_of))
                .select_related("group").order_by("exited_on", "code"))
    return [{"code": p.code, "name": p.name, "group": p.group.name, "signed_on": p.signed_on,
             "reason": exit_reason_text(p), "exited_on": p.exited_on} for p in projects]


def as_at(cell, moment):
    """`cell` judged at `moment`: versions submitted later are left out."""
    versions = [v for v in cell.versions if v.submitted_at <= moment]
    if len(versions) == len(cell.versions):
        return cell
    return make_cell(cell.period, cell.group, versions, moment)


def report_lapses(year, quarter, as_of, now):
    """The quarter's 季报 and 月报 whose deadline had passed by the end of `as_of`: counts, and
    the late and missing ones with their days late (as of then)."""
    start, end = quarter_bounds(year, quarter)
    moment = min(now, deadline_end(as_of))
    lapses, due = [], {"quarter": 0, "month": 0}
    tally = {"on_time": 0, "late": 0, "missing": 0}
    for kind in (ReportPeriod.Kind.QUARTER, ReportPeriod.Kind.MONTH):
        for period, cells in status_board(year, kind, now=moment, scope=Scope.everything())["rows"]:
            if not (start <= period.end <= end and deadline_end(period.due) < moment):
                continue
            for cell in cells:
                cell = as_at(cell, moment)
                due[kind] += 1
                if cell.first is None:  # the deadline has passed: missing
                    tally["missing"] += 1
                    lapses.append(_lapse(cell, "未报送", None))
                elif cell.first.on_time:
                    tally["on_time"] += 1
                else:
                    tally["late"] += 1
                    lapses.append(_lapse(cell, "逾期报送",
                                         timezone.localdate(cell.first.submitted_at)))
    lapses.sort(key=lambda x: (x["due"], x["kind"] != "quarter", x["position"]))
    return {"due": due, **tally, "lapses": lapses}


def _lapse(cell, status, submitted_on):
    return {"group": cell.group.name, "position": cell.group.position, "report": cell.period.name,
            "kind": cell.period.kind, "due": cell.period.due, "status": status,
            "submitted_on": submitted_on, "days_late": cell.days_late}


def quarterly_record(year, as_of, groups):
    """The year's late and missing 季报 per group up to `as_of` (what the assessment deducts for)."""
    records = group_records(year, as_of, scope=Scope.everything())
    rows = [{"group": g["name"], "late": len(records[g["id"]]["late"]),
             "missing": len(records[g["id"]]["missing"])} for g in groups]
    return [row for row in rows if row["late"] or row["missing"]]


def bulletin_data(year, quarter, *, now=None):
    """Everything the bulletin shows, as plain data (see the module docstring).

    Raises NoPlan without the year's plan, ValueError for a bad or future quarter.
    """
    now = now or timezone.now()
    plan = get_plan(year)
    as_of = bulletin_as_of(year, quarter, timezone.localdate(now))
    start, end = quarter_bounds(year, quarter)
    result = year_figures(year, as_of, scope=Scope.everything())
    progress = result["time_progress"]
    ranked = ranking(result["groups"])
    region = settings.REGION_NAME
    return {
        "year": year, "quarter": quarter, "quarter_name": quarter_name(quarter),
        "start": start, "end": end, "as_of": as_of,
        # Dated by its data date (a 2021 bulletin printed today still reads 2021); the day it
        # was generated goes in small print.
        "issued_on": as_of, "generated_on": timezone.localdate(now),
        "region": region, "issuer": f"{region}重点产业招商引资工作领导小组办公室",
        "title": bulletin_title(year, quarter),
        "threshold": plan.threshold, "time_progress": progress, "figures": result,
        "county": county_lines(result["county"], progress),
        "ranking": ranked,
        "behind": behind_groups(ranked, progress),
        "exits": quarter_exits(year, quarter, as_of, plan.threshold),
        "reports": report_lapses(year, quarter, as_of, now),
        "quarterly_record": quarterly_record(year, as_of, result["groups"]),
    }
