"""季度通报: the county's quarterly bulletin as plain data, an A4 PDF and a print-ready workbook.

`bulletin_data(year, quarter)` gathers everything from the one implementation of each figure:
`stats.figures.year_figures` (targets, completion, 序时进度), the exits of the quarter through
`stats.figures.counted` (the same 纳入统计 definition), and `cycle.status_board` /
`cycle.group_records` for late and missing reports. The data is as of the quarter's last day,
or today while the quarter runs; reports submitted after that moment do not count, so a
bulletin made again later says the same. `bulletin_pdf` and `bulletin_xlsx` only format it.
"""
import calendar
import datetime
import io
import math
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

from zhaoshang.core.money import yi
from zhaoshang.projects.models import ExitReason, Project
from zhaoshang.stats.figures import counted, get_plan, year_figures
from zhaoshang.workcal.calendar import deadline_end

from ..cycle import group_records, make_cell, status_board
from ..exports import (BODY_FONT, BOLD_FONT, BORDER, CENTER, COUNT_FORMAT, DATE_FORMAT, LEFT, MONEY_FORMAT,
                       RATE_FORMAT, RIGHT, TITLE_FONT)
from ..exports import _merge as merge, _style_range as style_range
from ..fonts import pdf_fonts
from ..models import ReportPeriod
from ..templatetags.branding import PRODUCT_NAME
from ..templatetags.numfmt import DASH, money, percent, thousands

QUARTER_NAMES = "一二三四"
SECTION_TITLES = ["一、全县目标任务完成情况", "二、各产业招商组到位资金完成情况排名",
                  "三、落后序时进度的产业招商组", "四、本季度退出项目", "五、报表报送情况"]
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


def date_text(day):
    return f"{day.year}年{day.month}月{day.day}日"


def points(value):
    """A difference of two ratios in percentage points, exact to the cent (half up)."""
    return (value * 100).quantize(CENT, rounding=ROUND_HALF_UP)


# Data ----------------------------------------------------------------------------------------

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
        for period, cells in status_board(year, kind, now=moment)["rows"]:
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
    records = group_records(year, as_of)
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
    result = year_figures(year, as_of)
    progress = result["time_progress"]
    ranked = ranking(result["groups"])
    region = settings.REGION_NAME
    return {
        "year": year, "quarter": quarter, "quarter_name": quarter_name(quarter),
        "start": start, "end": end, "as_of": as_of, "issued_on": timezone.localdate(now),
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


# Text ----------------------------------------------------------------------------------------

def yi_text(amount):
    """万元 → "36.12" (亿元, two places, half up)."""
    return money(yi(amount))


def progress_text(rate_points):
    """How a completion rate stands against 序时进度, from the difference in points."""
    if rate_points is None:
        return DASH
    if rate_points < 0:
        return f"落后{money(-rate_points)}"
    return f"超前{money(rate_points)}" if rate_points > 0 else "持平"


def standing_text(rate_points):
    """The same in a sentence: 落后序时进度17.07个百分点."""
    if rate_points is None:
        return "无目标任务"
    if rate_points == 0:
        return "与序时进度持平"
    word = "落后" if rate_points < 0 else "超过"
    return f"{word}序时进度{money(abs(rate_points))}个百分点"


def summary_text(data):
    """The opening paragraph: the county's results in one breath."""
    c = data["figures"]["county"]
    funds = data["county"][0]
    return (f"截至{date_text(data['as_of'])}，全年序时进度为{percent(data['time_progress'])}。"
            f"全县累计实现区外境内到位资金{yi_text(c['funds_in_place'])}亿元，完成年度目标任务"
            f"{yi_text(c['funds_target'])}亿元的{percent(c['funds_rate'])}，{standing_text(funds['vs_progress'])}；"
            f"新签约项目{thousands(c['signed_projects'])}个，完成目标任务{thousands(c['signed_target'])}个的"
            f"{percent(c['signed_rate'])}，其中新兴产业项目{thousands(c['emerging_projects'])}个，"
            f"占{percent(c['emerging_share'])}；新签约项目计划投资总额{yi_text(c['planned_investment'])}亿元，"
            f"完成目标任务的{percent(c['planned_investment_rate'])}；新引进工业项目"
            f"{thousands(c['industrial_projects'])}个，其中亿元工业项目{thousands(c['major_industrial_projects'])}个。"
            f"现将有关情况通报如下。")


def county_notes(data):
    c = data["figures"]["county"]
    return [f"注：1.序时进度＝截至{date_text(data['as_of'])}已过天数÷全年天数＝{percent(data['time_progress'])}。",
            f"2.纳入统计的项目：投资方来源为区外境内或境外，且总投资{data['threshold'].normalize():,f}万元及以上；"
            f"区内投资不属于招商引资，不计入。",
            f"3.境外到位资金{money(c['foreign_funds_in_place'])}万元单列统计，未计入区外境内到位资金。"]


def ranking_text(data, ref=""):
    ranked = data["ranking"]
    behind = len(data["behind"])
    top = "、".join(g["name"] for g in ranked[:3] if g["rank"] is not None)
    top = f"{top}位居前列；" if top else ""
    return (f"按区外境内到位资金完成率排名{ref}，{top}"
            f"{len(ranked) - behind}个产业招商组达到序时进度，{behind}个落后序时进度。")


def behind_text(data, ref=""):
    if not data["behind"]:
        return f"截至{date_text(data['as_of'])}，各产业招商组到位资金完成率均达到序时进度。"
    return (f"截至{date_text(data['as_of'])}，以下{len(data['behind'])}个产业招商组到位资金完成率低于序时进度"
            f"（{percent(data['time_progress'])}），请各牵头单位分析原因，加大招商和资金到位工作力度，"
            f"确保完成全年目标任务{ref}。")


def exits_text(data, ref=""):
    if not data["exits"]:
        return f"本季度（{data['start'].month}月1日至{data['as_of'].month}月{data['as_of'].day}日）无纳入统计的项目退出。"
    return (f"本季度共有{len(data['exits'])}个纳入统计的项目退出{ref}。相关产业招商组要及时补充"
            f"新洽谈的项目，确保完成签约目标任务。")


def reports_text(data, ref=""):
    r = data["reports"]
    if not (r["due"]["quarter"] or r["due"]["month"]):
        return f"截至{date_text(data['as_of'])}，本季度尚无已到报送截止日的报表。"
    text = (f"截至{date_text(data['as_of'])}，本季度已到报送截止日的季报{r['due']['quarter']}份、"
            f"月报{r['due']['month']}份，按时报送{r['on_time']}份，逾期报送{r['late']}份，"
            f"未报送{r['missing']}份。")
    if r["lapses"]:
        text += f"逾期和未报送的报表如下{ref}。"
    return text


def record_text(data):
    record = data["quarterly_record"]
    if not record:
        return f"本年度截至{date_text(data['as_of'])}，各产业招商组季报均按时报送。"
    parts = [f"{row['group']}逾期{row['late']}次、未报送{row['missing']}次" for row in record]
    return f"本年度截至{date_text(data['as_of'])}，季报逾期或未报送的有：{'；'.join(parts)}。以上情况纳入年度绩效考评。"


def short_name(name):
    """林木加工产业招商组 → 林木加工 (for the chart's axis)."""
    for suffix in ("产业招商组", "招商组"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


# PDF -----------------------------------------------------------------------------------------

PAGE_WIDTH = A4[0]
# 公文-like margins (GB/T 9704: 版心 156 mm wide).
LEFT_MARGIN, RIGHT_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = 28 * mm, 26 * mm, 30 * mm, 28 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN
BLUE, RED, ORANGE = colors.HexColor("#2f5f9e"), colors.HexColor("#b8322a"), colors.HexColor("#d98200")
HEAD_FILL, TOTAL_FILL = colors.HexColor("#eeeeee"), colors.HexColor("#f6f6f6")


def styles(fonts):
    body = ParagraphStyle("body", fontName=fonts.body, fontSize=15, leading=23, wordWrap="CJK",
                          firstLineIndent=30, alignment=TA_JUSTIFY, spaceAfter=2)
    return {
        "title": ParagraphStyle("title", fontName=fonts.heading, fontSize=22, leading=32,
                                alignment=TA_CENTER, wordWrap="CJK", spaceAfter=10),
        "meta": ParagraphStyle("meta", fontName=fonts.body, fontSize=13, leading=21, alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", fontName=fonts.heading, fontSize=16, leading=26, firstLineIndent=30,
                             spaceBefore=14, spaceAfter=4, keepWithNext=1, wordWrap="CJK"),
        "body": body,
        "caption": ParagraphStyle("caption", fontName=fonts.heading, fontSize=11, leading=16,
                                  alignment=TA_CENTER, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        "unit": ParagraphStyle("unit", fontName=fonts.body, fontSize=9.5, leading=13, alignment=TA_RIGHT,
                               keepWithNext=1, spaceAfter=2),
        # 注：1.… with the numbered items hanging under the 1.
        "note": ParagraphStyle("note", fontName=fonts.body, fontSize=9.5, leading=14, wordWrap="CJK",
                               leftIndent=19, firstLineIndent=-19, spaceBefore=3),
        "note_item": ParagraphStyle("note_item", fontName=fonts.body, fontSize=9.5, leading=14,
                                    wordWrap="CJK", leftIndent=19),
        "cell": ParagraphStyle("cell", fontName=fonts.body, fontSize=9.5, leading=12.5, wordWrap="CJK"),
        "center": ParagraphStyle("center", fontName=fonts.body, fontSize=9.5, leading=12.5,
                                 alignment=TA_CENTER, wordWrap="CJK"),
        "num": ParagraphStyle("num", fontName=fonts.body, fontSize=9.5, leading=12.5, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=fonts.heading, fontSize=9.5, leading=12.5,
                               alignment=TA_CENTER, wordWrap="CJK"),
    }


def para(text, style):
    """A paragraph of plain text; a newline breaks the line (table headers)."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def table(rows, widths, st, *, header_rows=1, aligns="", spans=(), total_rows=(), red_cells=()):
    """A bordered table: header cells in 黑体 on grey, body cells aligned by `aligns` (one letter
    per column: l left, c centre, r right-aligned numbers)."""
    cells = []
    for r, row in enumerate(rows):
        line = []
        for c, value in enumerate(row):
            if r < header_rows:
                style = st["head"]
            else:
                style = {"l": st["cell"], "c": st["center"], "r": st["num"]}[aligns[c]]
            if r in total_rows:
                style = ParagraphStyle(f"{style.name}-total", parent=style, fontName=st["head"].fontName)
            if (r, c) in red_cells:
                style = ParagraphStyle(f"{style.name}-red", parent=style, textColor=RED)
            line.append(para(value, style) if value is not None else "")
        cells.append(line)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BOX", (0, 0), (-1, -1), 1, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName),  # empty cells too
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
    commands += [("SPAN", start, end) for start, end in spans]
    commands += [("BACKGROUND", (0, r), (-1, r), TOTAL_FILL) for r in total_rows]
    return Table(cells, colWidths=widths, repeatRows=header_rows, style=TableStyle(commands),
                 hAlign="CENTER")


def date_cell(day):
    return day.isoformat() if day else DASH


def county_table(data, st):
    rows = [["指标", "单位", "年度目标", "累计完成", "完成率", "较序时进度\n（百分点）"]]
    for line in data["county"]:
        if line["kind"] == "share":
            rows.append([line["label"], line["unit"], f"≥{percent(line['target'])}", percent(line["actual"]),
                         DASH, "达到目标" if line["met"] else "未达目标"])
            continue
        fmt = money if line["kind"] == "amount" else thousands
        rows.append([line["label"], line["unit"], fmt(line["target"]), fmt(line["actual"]),
                     percent(line["rate"]), progress_text(line["vs_progress"])])
    red = {(r, 5) for r, line in enumerate(data["county"], start=1)
           if line["vs_progress"] is not None and line["vs_progress"] < 0}
    return table(rows, [124, 36, 78, 78, 56, 70], st, aligns="lcrrrc", red_cells=red)


def ranking_table(data, st):
    rows = [["排名", "产业招商组", "区外境内到位资金（万元）", None, None, "项目数（个）\n完成/目标", None, None],
            [None, None, "目标", "完成", "完成率", "新签约", "新引进\n工业", "亿元\n工业"]]

    def line(rank, name, figures, targets):
        return [rank, name, money(targets["funds_target"]), money(figures["funds_in_place"]),
                percent(figures["funds_rate"])] + [
            f"{thousands(figures[actual])}/{thousands(targets[target])}"
            for _, target, actual, _ in OTHER_TARGETS]

    for group in data["ranking"]:
        rows.append(line(DASH if group["rank"] is None else group["rank"], group["name"], group, group))
    county = data["figures"]["county"]
    rows.append(line("", "全县合计", county, county))
    red = {(r, 4) for r, g in enumerate(data["ranking"], start=2) if g["behind_time_progress"]}
    spans = [((0, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 0), (4, 0)), ((5, 0), (7, 0))]
    return table(rows, [28, 134, 60, 60, 46, 38, 38, 38], st, header_rows=2, aligns="clrrrccc",
                 spans=spans, total_rows=[len(rows) - 1], red_cells=red)


def behind_table(data, st):
    rows = [["产业招商组", "到位资金\n（万元）", "完成率", "序时进度", "落后\n（百分点）", "距序时进度\n尚差（万元）"]]
    for g in data["behind"]:
        rows.append([g["name"], money(g["funds_in_place"]), percent(g["funds_rate"]),
                     percent(data["time_progress"]), money(g["points_behind"]), money(g["shortfall"])])
    return table(rows, [134, 66, 52, 52, 58, 80], st, aligns="lrrrrr")


def exits_table(data, st):
    rows = [["项目编号", "项目名称", "产业招商组", "退出原因", "退出日期"]]
    rows += [[e["code"], e["name"], e["group"], e["reason"], date_cell(e["exited_on"])] for e in data["exits"]]
    return table(rows, [56, 92, 134, 104, 56], st, aligns="lllcc")


def reports_table(data, st):
    rows = [["产业招商组", "报表", "截止日期", "报送情况", "报送日期", "逾期\n天数"]]
    rows += [[x["group"], x["report"], date_cell(x["due"]), x["status"], date_cell(x["submitted_on"]),
              thousands(x["days_late"])] for x in data["reports"]["lapses"]]
    red = {(r, 3) for r, x in enumerate(data["reports"]["lapses"], start=1) if x["status"] == "未报送"}
    return table(rows, [134, 84, 62, 58, 62, 42], st, aligns="lccccr", red_cells=red)


def axis_label(name, width=5):
    """A category label broken into lines of `width` characters (基础设施及\n房地产)."""
    name = short_name(name)
    return "\n".join(name[i:i + width] for i in range(0, len(name), width))


def funds_chart(data, fonts, width=TEXT_WIDTH):
    """Bar chart of the groups' funds 完成率 (ranking order) with the 序时进度 line, as vectors."""
    groups = data["ranking"]
    # Floats for drawing only; every figure shown is formatted from the Decimals.
    values = [float(points(g["funds_rate"])) if g["funds_rate"] is not None else 0.0 for g in groups]
    progress = float(points(data["time_progress"]))
    top = 20 * math.ceil((max([*values, progress, 100.0]) + 8) / 20)
    drawing = Drawing(width, 206, initialFontName=fonts.body)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 36, width - 50, 142
    chart.data = [values]
    chart.bars[0].fillColor, chart.bars[0].strokeColor = BLUE, None
    for i, g in enumerate(groups):
        if g["behind_time_progress"]:
            chart.bars[(0, i)].fillColor = RED
    chart.barWidth, chart.groupSpacing = 10, 14
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, 20
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, colors.HexColor("#dddddd")
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.categoryAxis.categoryNames = [axis_label(g["name"]) for g in groups]
    for axis in (chart.valueAxis, chart.categoryAxis):
        axis.labels.fontName, axis.labels.fontSize = fonts.body, 8
    chart.categoryAxis.labels.boxAnchor, chart.categoryAxis.labels.dy = "n", -4
    chart.categoryAxis.labels.leading = 10
    drawing.add(chart)

    y = chart.y + chart.height * progress / top
    drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=ORANGE, strokeWidth=1.2,
                     strokeDashArray=[4, 2]))
    # Rate labels over the line, on white, so one near 序时进度 stays readable.
    step = chart.width / len(groups) if groups else 0
    for i, (g, value) in enumerate(zip(groups, values)):
        text = percent(g["funds_rate"], 1)
        x, top_y = chart.x + (i + 0.5) * step, chart.y + chart.height * value / top + 3
        half = stringWidth(text, fonts.body, 7.5) / 2 + 1
        drawing.add(Rect(x - half, top_y - 1, 2 * half, 9, fillColor=colors.white, strokeColor=None))
        drawing.add(String(x, top_y, text, fontName=fonts.body, fontSize=7.5, textAnchor="middle"))
    drawing.add(String(chart.x + chart.width, y + 3, f"序时进度 {percent(data['time_progress'])}",
                       fontName=fonts.body, fontSize=8, fillColor=ORANGE, textAnchor="end"))
    # Legend above the plot.
    legend_y, x = chart.y + chart.height + 14, chart.x
    for label, color in (("达到序时进度", BLUE), ("落后序时进度", RED)):
        drawing.add(Rect(x, legend_y, 9, 7, fillColor=color, strokeColor=None))
        drawing.add(String(x + 12, legend_y, label, fontName=fonts.body, fontSize=8))
        x += 84
    drawing.add(Line(x, legend_y + 3.5, x + 14, legend_y + 3.5, strokeColor=ORANGE, strokeWidth=1.2,
                     strokeDashArray=[4, 2]))
    drawing.add(String(x + 18, legend_y, "序时进度", fontName=fonts.body, fontSize=8))
    return drawing


def numbered_canvas(font):
    """A canvas class that writes 第 N 页 共 M 页 once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(font, 10.5)
                self.drawCentredString(PAGE_WIDTH / 2, 15 * mm, f"第 {number} 页 共 {len(self._pages)} 页")
                super().showPage()
            super().save()

    return NumberedCanvas


def bulletin_story(data, fonts):
    st = styles(fonts)
    body = lambda text: para(text, st["body"])  # noqa: E731
    story = [para(data["title"], st["title"]), para(data["issuer"], st["meta"]),
             para(date_text(data["issued_on"]), st["meta"]),
             HRFlowable(width="100%", thickness=1.2, color=RED, spaceBefore=8, spaceAfter=10),
             body(summary_text(data)),
             para(SECTION_TITLES[0], st["h1"]),
             para("表1　全县目标任务完成情况", st["caption"]),
             para(f"数据截至{date_text(data['as_of'])}　序时进度{percent(data['time_progress'])}", st["unit"]),
             county_table(data, st)]
    story += [para(note, st["note" if i == 0 else "note_item"])
              for i, note in enumerate(county_notes(data))]
    story += [para(SECTION_TITLES[1], st["h1"]), body(ranking_text(data, "（表2、图1）")),
              para("表2　各产业招商组目标任务完成情况（按到位资金完成率排名）", st["caption"]),
              para("到位资金单位：万元", st["unit"]), ranking_table(data, st),
              Spacer(1, 8), KeepTogether([funds_chart(data, fonts),
                                          para("图1　各产业招商组区外境内到位资金完成率", st["caption"])])]
    story += [para(SECTION_TITLES[2], st["h1"]), body(behind_text(data, "（表3）"))]
    if data["behind"]:
        story += [para("表3　落后序时进度的产业招商组", st["caption"]), behind_table(data, st)]
    story += [para(SECTION_TITLES[3], st["h1"]), body(exits_text(data, "（表4）"))]
    if data["exits"]:
        story += [para("表4　本季度退出项目", st["caption"]), exits_table(data, st)]
    story += [para(SECTION_TITLES[4], st["h1"]), body(reports_text(data, "（表5）"))]
    if data["reports"]["lapses"]:
        story += [para("表5　逾期和未报送的报表", st["caption"]), reports_table(data, st),
                  Spacer(1, 6)]
    story.append(body(record_text(data)))
    return story


def bulletin_pdf(data, fonts=None):
    """The bulletin as an A4 portrait PDF (bytes) with the CJK fonts embedded where available."""
    fonts = fonts or pdf_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=LEFT_MARGIN, rightMargin=RIGHT_MARGIN,
                            topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN, title=data["title"],
                            author=data["issuer"], subject=f"数据截至{date_text(data['as_of'])}",
                            creator=PRODUCT_NAME, lang="zh-CN",
                            initialFontName=fonts.body, initialFontSize=10.5)
    doc.build(bulletin_story(data, fonts), canvasmaker=numbered_canvas(fonts.body))
    return buffer.getvalue()


# Workbook ------------------------------------------------------------------------------------

# Column kinds: (number format, alignment).
XLSX_KINDS = {"text": (None, LEFT), "center": (None, CENTER), "money": (MONEY_FORMAT, RIGHT),
              "count": (COUNT_FORMAT, RIGHT), "rate": (RATE_FORMAT, RIGHT), "date": (DATE_FORMAT, CENTER),
              # Points against 序时进度: the number stays a number, the cell reads 落后28.15.
              "points": ('"超前"0.00;[Red]"落后"0.00;"持平"', CENTER)}
HEAD_FONT = Font(name="黑体", size=10)
SECTION_FONT = Font(name="黑体", size=12)
TEXT_FONT = Font(name="仿宋", size=11)


def text_height(text, width_chars, size=11):
    """Row height (points) for `text` wrapped in a merged cell `width_chars` wide (CJK count 2)."""
    per_line = max(int(width_chars / 2), 1)
    return math.ceil(max(len(text), 1) / per_line) * (size * 1.5) + 4


def write_sheet(wb, name, data, section, texts, columns, rows, *, total_rows=(), notes=()):
    """One section as a print-ready sheet: the bulletin's title, the section, its text, a bordered
    table of `columns` [(header, width, kind)] and `rows`, then notes."""
    ws = wb.create_sheet(name)
    last = len(columns)
    width = sum(w for _, w, _ in columns)
    for col, (_, col_width, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = col_width

    def line(r, text, font, alignment, height=None):
        merge(ws, r, 1, r, last, text)
        ws.cell(r, 1).font, ws.cell(r, 1).alignment = font, alignment
        ws.row_dimensions[r].height = height or text_height(text, width, font.size)

    line(1, data["title"], TITLE_FONT, CENTER, 30)
    line(2, f"{data['issuer']}　{date_text(data['issued_on'])}", BODY_FONT, CENTER, 18)
    line(3, section, SECTION_FONT, LEFT, 22)
    r = 3
    for text in texts:
        r += 1
        line(r, text, TEXT_FONT, LEFT)
    header = r + 1
    if rows:
        for col, (title, _, _) in enumerate(columns, start=1):
            ws.cell(header, col, title)
        style_range(ws, header, header, 1, last, font=HEAD_FONT)
        ws.row_dimensions[header].height = 30
        r = header
        for values in rows:
            r += 1
            for col, (value, (_, _, kind)) in enumerate(zip(values, columns), start=1):
                cell = ws.cell(r, col, DASH if value is None else value)
                number_format, alignment = XLSX_KINDS[kind]
                cell.border, cell.alignment = BORDER, alignment
                cell.font = BOLD_FONT if r - header in total_rows else BODY_FONT
                if number_format and value is not None:
                    cell.number_format = number_format
            ws.row_dimensions[r].height = 20
        ws.print_title_rows = f"{header}:{header}"
    for note in notes:
        r += 1
        line(r, note, BODY_FONT, LEFT)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top, ws.page_margins.bottom = 0.8, 0.7
    ws.print_area = f"A1:{get_column_letter(last)}{r}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    return ws, header


def county_sheet(wb, data):
    rows = []
    for line in data["county"]:
        if line["kind"] == "share":
            rows.append([line["label"], line["unit"], line["target"], line["actual"], None,
                         "达到目标" if line["met"] else "未达目标"])
        else:
            rows.append([line["label"], line["unit"], line["target"], line["actual"], line["rate"],
                         line["vs_progress"]])
    columns = [("指标", 24, "text"), ("单位", 7, "center"), ("年度目标", 15, "money"),
               ("累计完成", 15, "money"), ("完成率", 10, "rate"), ("较序时进度（百分点）", 14, "points")]
    ws, header = write_sheet(wb, "一、全县完成情况", data, SECTION_TITLES[0], [summary_text(data)], columns,
                             rows, notes=county_notes(data))
    for r, line in enumerate(data["county"], start=header + 1):
        if line["kind"] == "count":
            ws.cell(r, 3).number_format = ws.cell(r, 4).number_format = COUNT_FORMAT
        elif line["kind"] == "share":
            ws.cell(r, 3).number_format = ws.cell(r, 4).number_format = RATE_FORMAT
            ws.cell(r, 6).alignment = CENTER


def ranking_sheet(wb, data):
    def line(rank, name, figures):
        return [rank, name, figures["funds_target"], figures["funds_in_place"], figures["funds_rate"]] + [
            figures[key] for _, target, actual, _ in OTHER_TARGETS for key in (target, actual)]

    rows = [line(g["rank"], g["name"], g) for g in data["ranking"]]
    rows.append(line("", "全县合计", data["figures"]["county"]))
    columns = [("排名", 6, "center"), ("产业招商组", 26, "text"), ("到位资金目标（万元）", 14, "money"),
               ("到位资金完成（万元）", 14, "money"), ("完成率", 9, "rate")]
    for label, _, _, _ in OTHER_TARGETS:
        columns += [(f"{label}目标（个）", 9, "count"), (f"{label}完成（个）", 9, "count")]
    ws, header = write_sheet(wb, "二、到位资金排名", data, SECTION_TITLES[1], [ranking_text(data)], columns,
                             rows, total_rows=[len(rows)])
    for r, g in enumerate(data["ranking"], start=header + 1):
        if g["behind_time_progress"]:
            ws.cell(r, 5).font = Font(name=BODY_FONT.name, size=BODY_FONT.size, color="C00000")
    chart = BarChart()
    chart.title, chart.y_axis.title = "各产业招商组区外境内到位资金完成率", "完成率"
    chart.y_axis.numFmt, chart.legend = "0%", None
    chart.add_data(Reference(ws, min_col=5, min_row=header + 1, max_row=header + len(data["ranking"])))
    chart.set_categories(Reference(ws, min_col=2, min_row=header + 1, max_row=header + len(data["ranking"])))
    chart.width, chart.height = 24, 9
    anchor = header + len(rows) + 2
    ws.add_chart(chart, f"A{anchor}")
    ws.print_area = f"A1:{get_column_letter(len(columns))}{anchor + 18}"


def behind_sheet(wb, data):
    rows = [[g["name"], g["funds_in_place"], g["funds_rate"], data["time_progress"], g["points_behind"],
             g["shortfall"]] for g in data["behind"]]
    columns = [("产业招商组", 26, "text"), ("到位资金（万元）", 14, "money"), ("完成率", 10, "rate"),
               ("序时进度", 10, "rate"), ("落后（百分点）", 12, "money"), ("距序时进度尚差（万元）", 16, "money")]
    write_sheet(wb, "三、落后序时进度", data, SECTION_TITLES[2], [behind_text(data)], columns, rows)


def exits_sheet(wb, data):
    rows = [[e["code"], e["name"], e["group"], e["reason"], e["exited_on"]] for e in data["exits"]]
    columns = [("项目编号", 13, "text"), ("项目名称", 30, "text"), ("产业招商组", 26, "text"),
               ("退出原因", 20, "text"), ("退出日期", 12, "date")]
    write_sheet(wb, "四、本季度退出项目", data, SECTION_TITLES[3], [exits_text(data)], columns, rows)


def reports_sheet(wb, data):
    rows = [[x["group"], x["report"], x["due"], x["status"], x["submitted_on"], x["days_late"]]
            for x in data["reports"]["lapses"]]
    columns = [("产业招商组", 26, "text"), ("报表", 14, "center"), ("截止日期", 12, "date"),
               ("报送情况", 10, "center"), ("报送日期", 12, "date"), ("逾期天数", 9, "count")]
    write_sheet(wb, "五、报表报送情况", data, SECTION_TITLES[4], [reports_text(data)], columns, rows,
                notes=[record_text(data)])


def bulletin_xlsx(data):
    """The bulletin as a workbook, one print-ready A4 sheet per section."""
    wb = Workbook()
    wb.remove(wb.active)
    for write in (county_sheet, ranking_sheet, behind_sheet, exits_sheet, reports_sheet):
        write(wb, data)
    wb.properties.title, wb.properties.creator = data["title"], PRODUCT_NAME
    return wb
