"""The project list as an .xlsx workbook: the rows of the filtered, sorted view, all pages.

openpyxl's write-only mode streams rows to the file, so county- and province-scale lists
export in seconds. Columns (headers, kinds, widths) come from `tables.columns`, as on the page.
"""
from copy import copy

from django.utils import timezone
from zhaoshang.core.xlsx import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

TITLE = "招商项目列表"
HEADER_ROW = 3

FORMATS = {"money": "#,##0.00", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}
THIN = Side(style="thin", color="A0A0A0")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name="黑体", size=14, bold=True)
NOTE_FONT = Font(name="宋体", size=10, color="555555")
HEAD_FONT = Font(name="宋体", size=10, bold=True)
BODY_FONT = Font(name="宋体", size=10)
HEAD_FILL = PatternFill("solid", fgColor="EAF0F7")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def cell(sheet, value, *, font=BODY_FONT, number_format=None, alignment=None, border=BORDER,
         fill=None):
    c = WriteOnlyCell(sheet, value=value)
    c.font = font
    if fill:
        c.fill = fill
    if border:
        c.border = border
    if number_format:
        c.number_format = number_format
    if alignment:
        c.alignment = alignment
    return c


def excel_value(column, project):
    value = column.value(project)
    if column.kind == "datetime" and value is not None:
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    return value


def list_workbook(projects, columns, description, stamp, count):
    """A workbook: a title row, a row saying which filters made the list, headers, the rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(TITLE)
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    last = get_column_letter(len(columns))
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.merged_cells.add(f"A2:{last}2")
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"

    filters = "；".join(description) if description else "全部项目"
    sheet.append([cell(sheet, TITLE, font=TITLE_FONT, border=None)])
    sheet.append([cell(sheet, f"筛选条件：{filters}。共 {count} 个项目，导出时间 {stamp:%Y-%m-%d %H:%M}。",
                       font=NOTE_FONT, border=None)])
    sheet.append([cell(sheet, c.header, font=HEAD_FONT, alignment=CENTER, fill=HEAD_FILL)
                  for c in columns])
    # Styling each cell anew costs more than the rest of the export: every body cell copies
    # its column's style (openpyxl keeps a cell's style as a small array of indexes).
    styles = [cell(sheet, None, number_format=FORMATS.get(c.kind))._style for c in columns]
    for project in projects:
        row = []
        for column, style in zip(columns, styles):
            c = WriteOnlyCell(sheet, value=excel_value(column, project))
            c._style = copy(style)
            row.append(c)
        sheet.append(row)
    if count:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + count}"
    return workbook

