"""导出Excel: the ranking sheet and one sheet per group's scorecard, print-ready (A4, fit to width).

Points are written as numbers with two places (the values of the scorecard, already rounded);
the formulas and reasons as text, as on the page.
"""
from django.conf import settings
from zhaoshang.core.xlsx import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from zhaoshang.core.xlsx import BODY_FONT, BOLD_FONT, BORDER, CENTER, LEFT, RIGHT, TITLE_FONT

from .scorecard import LABELS, LINE_KEYS, SHORT_LABELS, num

POINTS_FORMAT = "0.00"
HEAD_FILL = PatternFill("solid", fgColor="EAF0F7")
TOTAL_FILL = PatternFill("solid", fgColor="F6F8FB")
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
SHEET_NAME_MAX = 31


def print_setup(ws, last_col, last_row, *, landscape, header_rows=None):
    """A4, fit to one page wide, centred, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if header_rows:
        ws.print_title_rows = header_rows
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def cell(ws, row, col, value, *, font=BODY_FONT, alignment=CENTER, number_format=None, fill=None):
    target = ws.cell(row, col, value)
    target.font, target.alignment, target.border = font, alignment, BORDER
    if number_format:
        target.number_format = number_format
    if fill:
        target.fill = fill
    return target


def title(ws, text, subtitle, last_col):
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws.cell(1, 1, text).font = TITLE_FONT
    ws.cell(1, 1).alignment = CENTER
    ws.row_dimensions[1].height = 30
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    ws.cell(2, 1, subtitle).font = BODY_FONT
    ws.cell(2, 1).alignment = RIGHT


def ranking_sheet(ws, result, cards):
    headers = ["名次", "产业招商组"] + [SHORT_LABELS[k] for k in LINE_KEYS] + ["总分"]
    last = len(headers)
    title(ws, f"{settings.REGION_NAME}{result.year}年产业招商组绩效考评排名",
          f"截至 {result.as_of:%Y年%m月%d日}", last)
    weights = {line.key: line.weight for line in cards[0].lines} if cards else {}
    for col, text in enumerate(headers, start=1):
        key = LINE_KEYS[col - 3] if 3 <= col < last else None
        full = f"\n（{num(weights[key])}分）" if key and weights.get(key) is not None else ""
        cell(ws, 3, col, text + full, font=BOLD_FONT, fill=HEAD_FILL)
    ws.row_dimensions[3].height = 34
    for r, card in enumerate(cards, start=4):
        cell(ws, r, 1, card.rank)
        cell(ws, r, 2, card.group.name, alignment=LEFT)
        for col, line in enumerate(card.lines, start=3):
            cell(ws, r, col, line.points, alignment=RIGHT, number_format=POINTS_FORMAT)
        cell(ws, r, last, card.total, font=BOLD_FONT, alignment=RIGHT, number_format=POINTS_FORMAT)
    note_row = 4 + len(cards) + 1
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=last)
    ws.cell(note_row, 1, "注：各项得分保留两位小数（四舍五入），总分为各项得分之和；总分相同者名次并列，"
                        "按到位资金完成率、再按组别排列。办公室评分未录入的按 0 分计。").font = BODY_FONT
    ws.cell(note_row, 1).alignment = LEFT
    ws.row_dimensions[note_row].height = 30
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 28
    for col in range(3, last + 1):
        ws.column_dimensions[get_column_letter(col)].width = 9.5
    ws.freeze_panes = "C4"
    print_setup(ws, last, note_row, landscape=True, header_rows="3:3")


def scorecard_sheet(ws, result, card, count):
    title(ws, f"{card.group.name}{result.year}年绩效考评计分表",
          f"截至 {result.as_of:%Y年%m月%d日}　总分 {card.total:.2f}　名次 第 {card.rank} 名（共 {count} 个组）", 5)
    for col, text in enumerate(["考评项目", "分值", "依据", "计算", "得分"], start=1):
        cell(ws, 3, col, text, font=BOLD_FONT, fill=HEAD_FILL)
    r = 4
    for line in card.lines:
        details = [f"{name}：{text}" for name, text in line.inputs] + line.reasons
        cell(ws, r, 1, LABELS[line.key], alignment=LEFT)
        cell(ws, r, 2, line.weight if line.weight is not None else "—", alignment=RIGHT,
             number_format=POINTS_FORMAT)
        cell(ws, r, 3, "\n".join(details) or "—", alignment=TOP_LEFT)
        cell(ws, r, 4, line.formula, alignment=TOP_LEFT)
        cell(ws, r, 5, line.points, alignment=RIGHT, number_format=POINTS_FORMAT)
        longest = max([len(line.formula) / 24] + [len(d) / 30 for d in details] + [1])
        ws.row_dimensions[r].height = max(20, 15 * (len(details) + int(longest)))
        r += 1
    cell(ws, r, 1, "总分", font=BOLD_FONT, fill=TOTAL_FILL)
    for col in (2, 3, 4):
        cell(ws, r, col, "", fill=TOTAL_FILL)
    cell(ws, r, 5, card.total, font=BOLD_FONT, alignment=RIGHT, number_format=POINTS_FORMAT,
         fill=TOTAL_FILL)
    r += 1
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    ws.cell(r, 1, "注：各项得分保留两位小数（四舍五入），总分为各项得分之和；到位资金以亿元计。").font = BODY_FONT
    for letter, size in zip("ABCDE", (20, 8, 46, 38, 9)):
        ws.column_dimensions[letter].width = size
    print_setup(ws, 5, r, landscape=False, header_rows="3:3")


def sheet_title(name):
    return name[:SHEET_NAME_MAX]


def assessment_workbook(result, cards):
    """The ranking of `cards` (those the user may see) and a sheet per card."""
    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    ranking_sheet(ws, result, cards)
    for card in cards:
        scorecard_sheet(wb.create_sheet(sheet_title(card.group.name)), result, card, len(result.cards))
    return wb
