"""The bulletin as a print-ready workbook (openpyxl): one A4 sheet per section with the same
words as the PDF and the numbers as numbers; it only formats `data.bulletin_data`."""
import math

from zhaoshang.core.xlsx import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from zhaoshang.core.branding import PRODUCT_NAME
from zhaoshang.core.formats import DASH
from zhaoshang.core.xlsx import (BODY_FONT, BOLD_FONT, BORDER, CENTER, COUNT_FORMAT, DATE_FORMAT, LEFT,
                                 MONEY_FORMAT, RATE_FORMAT, RIGHT, TITLE_FONT, merge, style_range)

from .data import OTHER_TARGETS
from .wording import (SECTION_TITLES, behind_text, county_notes, date_text, exits_text, ranking_text,
                      record_text, reports_text, summary_text)

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
    line(2, f"{data['issuer']}　{date_text(data['issued_on'])}"
            f"　（生成于{date_text(data['generated_on'])}）", BODY_FONT, CENTER, 18)
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
