"""The formatted tables of the plan: 附件1 (targets and their completion) and 附件2 (projects).

Each builder returns an openpyxl Workbook; the CLI saves it, the web streams it. Figures come
from `stats.figures.year_figures` only; amounts are written as exact Decimals, never floats.
"""
import datetime
import math
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q, Sum
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from zhaoshang.core.money import ZERO, yi
from zhaoshang.core.xlsx import (BODY_FONT, BOLD_FONT, CENTER, COUNT_FORMAT, DATE_FORMAT, LEFT, MONEY_FORMAT,
                                 RATE_FORMAT, RIGHT, TITLE_FONT, Workbook, merge, style_range)
from zhaoshang.org.models import CoUnit, IndustryGroup
from zhaoshang.plans.models import AnnualPlan
from zhaoshang.plans.workflow import adjustment_note, adjustments_for
from zhaoshang.projects.models import ExitReason, FundsRecord, Origin, Project, Stage
from zhaoshang.stats.figures import TARGETS, completion, get_plan, year_bounds, year_figures


# The 注 lines under 附件1, as the seed writes them.
ATTACHMENT1_NOTES = [
    "注：1.表格内各牵头单位的招商引资数据由县投促中心根据行业范围对各牵头单位按项目属地原则统一上报的数据进行统计整理。",
    "2.表格内各牵头单位直接引进的项目，应知会县投促中心，以便于县投促中心及时统计。",
    "3.各牵头单位目标完成情况以录入“广西投资促进信息管理系统”数据为准，“广西投资促进信息管理系统”由县投促中心统一录入。",
]

# The four targets of 附件1 in the seed's order: (key, header, completion header, unit).
TARGET_COLUMNS = [
    ("funds", "内资到位资金目标（亿元）", "到位资金完成情况", "亿元"),
    ("signed", "新签约项目数（个）", "新签约项目完成情况", "个"),
    ("industrial", "新引进工业项目（个）", "新引进工业项目完成情况", "个"),
    ("major_industrial", "亿元工业项目（个）", "亿元工业项目完成情况", "个"),
]
BEHIND = "落后序时进度"

YI_FORMAT = "#,##0.00"
DASH = "—"
CHINESE_ORDINALS = "一二三四五六七八九十"


def percent_text(ratio):
    """A ratio as 49.59%, rounded half up (四舍五入) as the office writes it."""
    return f"{(ratio * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def date_text(day):
    return f"{day.year}年{day.month}月{day.day}日"


def ordinal(number):
    """一、二、… for the group blocks of 附件2; plain digits past ten."""
    return CHINESE_ORDINALS[number - 1] if number <= len(CHINESE_ORDINALS) else str(number)


def co_units_by_group(scope):
    """{group id: [co-unit names in 附件1's order]} of the groups of `scope`, in one query."""
    links = scope.filter(CoUnit.objects.select_related("unit").order_by("group_id", "position", "id"),
                         "group_id")
    names = {}
    for link in links:
        names.setdefault(link.group_id, []).append(link.unit.name)
    return names


def _completion_row(name, figures, targets, rates, *, lead_unit="", co_units=()):
    """One line of the 附件1 completion table: targets, actuals (funds in 亿元), rates."""
    row = {"name": name, "lead_unit": lead_unit, "co_units": "、".join(co_units),
           "behind_time_progress": rates["behind_time_progress"]}
    for key, _, _, _ in TARGET_COLUMNS:
        target, actual = targets[f"{key}_target"], figures[dict(TARGETS)[f"{key}_target"]]
        if key == "funds":
            target, actual = yi(target), yi(actual)
        row[key] = {"key": key, "target": target, "actual": actual, "rate": rates[f"{key}_rate"]}
    row["columns"] = [row[key] for key, _, _, _ in TARGET_COLUMNS]
    return row


def attachment1_table(year, as_of=None, *, scope):
    """附件1 with completion: (result of year_figures, 合计 row, group rows).

    For all groups the 合计 row carries the county targets set by the city; for a subset (a
    user's scope) it carries the sum of those groups' targets and the rates on them.
    """
    result = year_figures(year, as_of, scope=scope)
    county = result["county"]
    if scope.is_everything:
        targets, rates = county, county
    else:
        targets = county["group_targets"]
        rates = completion(county, targets, result["time_progress"])
    total = _completion_row("合  计", county, targets, rates)
    co_units = co_units_by_group(scope)
    adjusted = adjustments_for(result["plan"])
    rows = [_completion_row(row["name"], row, row, row, lead_unit=row["lead_unit"],
                            co_units=co_units.get(row["id"], [])) for row in result["groups"]]
    for row, figures in zip(rows, result["groups"]):
        # 备注: an adjusted target shows its original value and the approval's 文号 (SPEC §7).
        row["adjustment_note"] = adjustment_note(adjusted.get(figures["id"], []))
    return result, total, rows


def _print_setup(ws, header_rows, last_col, last_row):
    """A4 landscape, fit to one page wide, header rows repeated, centred on the page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_title_rows = header_rows
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _lines(text, width):
    """How many lines `text` wraps to in a column `width` characters wide (CJK counts double)."""
    per_line = max(int(width / 2) - 1, 1)
    return max(math.ceil(len(text) / per_line), 1) if text else 1


def _write_attachment1_row(ws, r, row, *, total=False):
    font = BOLD_FONT if total else BODY_FONT
    if total:
        merge(ws, r, 1, r, 3, row["name"])
    else:
        ws.cell(r, 1, row["name"])
        ws.cell(r, 2, row["lead_unit"])
        ws.cell(r, 3, row["co_units"])
    for i, (key, _, _, _) in enumerate(TARGET_COLUMNS):
        figures = row[key]
        number_format = YI_FORMAT if key == "funds" else COUNT_FORMAT
        target = ws.cell(r, 4 + i, figures["target"])
        actual = ws.cell(r, 8 + 2 * i, figures["actual"])
        rate = ws.cell(r, 9 + 2 * i, DASH if figures["rate"] is None else figures["rate"])
        target.number_format = actual.number_format = number_format
        rate.number_format = RATE_FORMAT
    remarks = [BEHIND if row["behind_time_progress"] else "", row.get("adjustment_note", "")]
    ws.cell(r, 16, "；".join(filter(None, remarks)) or None)
    style_range(ws, r, r, 1, 16, font=font)
    if not total:
        ws.cell(r, 3).alignment = LEFT
    for col in range(4, 16):
        if ws.cell(r, col).value != DASH:
            ws.cell(r, col).alignment = RIGHT
    if row["behind_time_progress"]:
        red = Font(name=font.name, size=font.size, bold=font.bold, color="C00000")
        ws.cell(r, 9).font = ws.cell(r, 16).font = red


def attachment1_workbook(year, as_of=None, *, scope):
    """附件1 as the seed lays it out, with completion (actual, 完成率) beside each target."""
    result, total, rows = attachment1_table(year, as_of, scope=scope)
    wb = Workbook()
    ws = wb.active
    ws.title = "附件1"
    last_col = 16
    region = settings.REGION_NAME

    ws.cell(1, 1, "附件1").font = Font(name="黑体", size=12)
    # A plan not yet issued is the office's draft: the printed table must not pass for the real one.
    draft = "（草案）" if result["plan"].status == AnnualPlan.Status.DRAFT else ""
    merge(ws, 2, 1, 2, last_col, f"{year}年{region}各产业招商组招商引资目标任务分解表{draft}")
    ws.cell(2, 1).font, ws.cell(2, 1).alignment = TITLE_FONT, CENTER
    merge(ws, 3, 1, 3, last_col, f"截止日期：{date_text(result['as_of'])}　　"
                                  f"序时进度：{percent_text(result['time_progress'])}　　"
                                  f"到位资金单位：亿元")
    ws.cell(3, 1).font, ws.cell(3, 1).alignment = BODY_FONT, Alignment(horizontal="right")

    # The merged two-row header of the seed (columns A–G), then the completion columns.
    for col, title in enumerate(["产业招商组", "牵头单位", "协办单位"], start=1):
        merge(ws, 4, col, 5, col, title)
    for i, (key, header, completion_header, unit) in enumerate(TARGET_COLUMNS):
        if key == "funds":
            ws.cell(4, 4, header)
            ws.cell(5, 4, "区外境内")
        else:
            merge(ws, 4, 4 + i, 5, 4 + i, header)
        merge(ws, 4, 8 + 2 * i, 4, 9 + 2 * i, completion_header)
        ws.cell(5, 8 + 2 * i, f"完成（{unit}）")
        ws.cell(5, 9 + 2 * i, "完成率")
    merge(ws, 4, 16, 5, 16, "备注")
    style_range(ws, 4, 5, 1, last_col, font=BOLD_FONT)

    widths = [16, 14, 42, 12, 10, 10, 10, 11, 9, 10, 9, 10, 9, 10, 9, 18]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[2].height = 30
    ws.row_dimensions[4].height = 30
    ws.row_dimensions[5].height = 20

    _write_attachment1_row(ws, 6, total, total=True)
    ws.row_dimensions[6].height = 22
    r = 6
    for row in rows:
        r += 1
        _write_attachment1_row(ws, r, row)
        # Wrapped co-units need a taller row: Excel does not fit heights of generated files.
        lines = max(_lines(row["co_units"], widths[2]), _lines(row["name"], widths[0]),
                    _lines(row["adjustment_note"], widths[15]))
        ws.row_dimensions[r].height = max(22, 14 * lines + 6)

    for note in ATTACHMENT1_NOTES:
        r += 1
        merge(ws, r, 1, r, last_col, note)
        ws.cell(r, 1).font, ws.cell(r, 1).alignment = BODY_FONT, LEFT
        ws.row_dimensions[r].height = 18
    ws.freeze_panes = "B6"
    _print_setup(ws, "4:5", last_col, r)
    return wb


# 附件2: the ledger columns of SPEC §10, in its order, then the two funds columns.
LEDGER_COLUMNS = [
    ("code", "项目编号", 12), ("name", "项目名称", 24), ("investor", "投资方", 20),
    ("origin", "投资方来源", 8), ("group", "产业招商组", 16), ("industrial", "是否工业项目", 7),
    ("emerging", "是否新兴产业", 7), ("sanqi", "是否三企入桂", 7), ("total_investment", "总投资（万元）", 13),
    ("stage", "项目阶段", 7), ("signed_on", "签约日期", 11), ("started_on", "开工日期", 11),
    ("producing_on", "投产日期", 11), ("exited_on", "退出日期", 11), ("exit_reason", "退出原因", 14),
    ("location", "建设地点", 14), ("content", "建设内容", 24), ("progress", "进展情况", 24),
    ("problems", "存在问题", 20),
]
FUNDS_COLUMNS = [("year_funds", "本年到位资金（万元）", 13), ("total_funds", "累计到位资金（万元）", 13)]
AMOUNT_KEYS = {"total_investment", "year_funds", "total_funds"}
CENTERED_KEYS = {"number", "origin", "industrial", "emerging", "sanqi", "stage", "signed_on",
                 "started_on", "producing_on", "exited_on"}
ATTACHMENT2_COLUMNS = [("number", "序号", 6), *LEDGER_COLUMNS, *FUNDS_COLUMNS]
YES_NO = {True: "是", False: "否"}


def funds_by_project(start, as_of, project_ids):
    """{project id: (funds dated start…as_of, all funds up to as_of)} in one aggregate query."""
    rows = (FundsRecord.objects.filter(date__lte=as_of, project_id__in=project_ids)
            .values("project_id")
            .annotate(year_funds=Sum("amount", filter=Q(date__gte=start)), total_funds=Sum("amount"))
            .order_by())
    return {row["project_id"]: (row["year_funds"] or ZERO, row["total_funds"] or ZERO) for row in rows}


def _ledger_value(project, key, group_names):
    if key == "group":  # by its id: `project.group` would load the group once per project
        return group_names[project.group_id]
    value = getattr(project, key, None)
    if key in ("industrial", "emerging", "sanqi"):
        return YES_NO[value]
    if key == "origin":
        return Origin(value).label if value else None
    if key == "stage":
        return Stage(value).label
    if key == "exit_reason":
        if not value:
            return None
        label = ExitReason(value).label
        return f"{label}：{project.exit_reason_text}" if project.exit_reason_text else label
    return value if value != "" else None


def attachment2_blocks(year, as_of=None, *, scope):
    """The projects of 附件2 by group: (as_of, [(group, [row dict]), …]).

    Every project of the groups except those that left the pipeline before the year began.
    """
    start, as_of = year_bounds(year, as_of)
    group_list = list(scope.filter(IndustryGroup.objects.order_by("position", "id")))
    projects = list(Project.objects.filter(group__in=group_list)
                    .exclude(exited_on__lt=start)
                    .order_by("group__position", "group_id", "code"))
    funds = funds_by_project(start, as_of, [p.pk for p in projects])
    names = {g.pk: g.name for g in group_list}
    blocks = {g.pk: [] for g in group_list}
    for project in projects:
        row = {key: _ledger_value(project, key, names) for key, _, _ in LEDGER_COLUMNS}
        row["year_funds"], row["total_funds"] = funds.get(project.pk, (ZERO, ZERO))
        blocks[project.group_id].append(row)
    return as_of, [(g, blocks[g.pk]) for g in group_list]


def subtotal(rows):
    """{amount column: exact sum over `rows`} (总投资 left empty counts as nothing)."""
    return {key: sum((row[key] or ZERO for row in rows), ZERO) for key in AMOUNT_KEYS}


def _write_amounts(ws, r, values, bold=False):
    for col, (key, _, _) in enumerate(ATTACHMENT2_COLUMNS, start=1):
        if key in AMOUNT_KEYS:
            cell = ws.cell(r, col, values[key])
            cell.number_format = MONEY_FORMAT
    style_range(ws, r, r, 1, len(ATTACHMENT2_COLUMNS), font=BOLD_FONT if bold else BODY_FONT,
                 alignment=LEFT)
    for col, (key, _, _) in enumerate(ATTACHMENT2_COLUMNS, start=1):
        if key in AMOUNT_KEYS:
            ws.cell(r, col).alignment = RIGHT


def attachment2_workbook(year, as_of=None, *, scope):
    """附件2 鹿寨县2021年招商引资项目统计表: the ledger with funds this year and in total,
    grouped by 产业招商组 (合计 first, then each group's 小计 heading its projects)."""
    plan = get_plan(year)
    as_of, blocks = attachment2_blocks(year, as_of, scope=scope)
    figures = year_figures(year, as_of, scope=scope)["county"]
    return write_attachment2(year, as_of, blocks, plan.threshold, figures)


def write_attachment2(year, as_of, blocks, threshold, figures):
    """The 附件2 workbook from plain data: `blocks` as attachment2_blocks gives them (a block's
    group needs only `.name`), `figures` with funds_in_place and foreign_funds_in_place.
    Frozen report submissions are written from their stored rows through this too."""
    wb = Workbook()
    ws = wb.active
    ws.title = "附件2"
    last_col = len(ATTACHMENT2_COLUMNS)
    region = settings.REGION_NAME
    reporter = blocks[0][0].name if len(blocks) == 1 else f"{region}重点产业招商引资工作领导小组办公室"

    ws.cell(1, 1, "附件2").font = Font(name="黑体", size=12)
    merge(ws, 2, 1, 2, last_col, f"{region}{year}年招商引资项目统计表")
    ws.cell(2, 1).font, ws.cell(2, 1).alignment = TITLE_FONT, CENTER
    merge(ws, 3, 1, 3, 10, f"填报单位：{reporter}")
    merge(ws, 3, 11, 3, last_col, f"截止日期：{date_text(as_of)}　　金额单位：万元")
    ws.cell(3, 1).font = ws.cell(3, 11).font = BODY_FONT
    ws.cell(3, 11).alignment = Alignment(horizontal="right")
    for col, (_, header, width) in enumerate(ATTACHMENT2_COLUMNS, start=1):
        ws.cell(4, col, header)
        ws.column_dimensions[get_column_letter(col)].width = width
    style_range(ws, 4, 4, 1, last_col, font=BOLD_FONT)
    ws.row_dimensions[2].height = 30
    ws.row_dimensions[4].height = 42

    all_rows = [row for _, rows in blocks for row in rows]
    merge(ws, 5, 1, 5, 3, f"合  计（{len(all_rows)}个项目）")
    _write_amounts(ws, 5, subtotal(all_rows), bold=True)
    r = 5
    number = 0
    for index, (group, rows) in enumerate(blocks, start=1):
        r += 1
        merge(ws, r, 1, r, 3, f"{ordinal(index)}、{group.name}小计（{len(rows)}个项目）")
        _write_amounts(ws, r, subtotal(rows), bold=True)
        for row in rows:
            r += 1
            number += 1
            ws.cell(r, 1, number)
            for col, (key, _, _) in enumerate(ATTACHMENT2_COLUMNS[1:], start=2):
                cell = ws.cell(r, col, row[key])
                if isinstance(row[key], datetime.date):
                    cell.number_format = DATE_FORMAT
            _write_amounts(ws, r, row)
            for col, (key, _, _) in enumerate(ATTACHMENT2_COLUMNS, start=1):
                if key in CENTERED_KEYS:
                    ws.cell(r, col).alignment = CENTER
            lines = max(_lines(str(row[key] or ""), width) for key, _, width in LEDGER_COLUMNS)
            ws.row_dimensions[r].height = max(20, 14 * min(lines, 6) + 6)

    notes = [
        f"注：1.本年到位资金为{year}年1月1日至截止日期到位的资金，累计到位资金为截止日期前到位的全部资金；"
        f"{year}年以前退出的项目不列入。",
        f"2.按统计口径（区外境内、总投资{threshold:,.0f}万元及以上）纳入统计的区外境内到位资金"
        f"{figures['funds_in_place']:,.2f}万元，境外到位资金{figures['foreign_funds_in_place']:,.2f}万元"
        f"（与附件1一致）。",
    ]
    for note in notes:
        r += 1
        merge(ws, r, 1, r, last_col, note)
        ws.cell(r, 1).font, ws.cell(r, 1).alignment = BODY_FONT, LEFT
    ws.freeze_panes = "D5"
    _print_setup(ws, "4:4", last_col, r)
    return wb
