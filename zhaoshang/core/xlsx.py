"""Excel as the office writes it: the cell styles every export shares (宋体 10, thin borders),
merged title cells, and a workbook as a download (every Excel export of the pages goes
through here)."""
import io

from django.http import FileResponse
from openpyxl.styles import Alignment, Border, Font, Side

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY_FONT = Font(name="宋体", size=10)
BOLD_FONT = Font(name="宋体", size=10, bold=True)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"


def style_range(ws, first_row, last_row, first_col, last_col, *, font=BODY_FONT, alignment=CENTER,
                border=BORDER):
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col):
        for cell in row:
            cell.font, cell.alignment = font, alignment
            if border:
                cell.border = border


def merge(ws, first_row, first_col, last_row, last_col, value=None):
    """Merge a range and write `value` in its top-left cell only (Excel and WPS need that)."""
    if (first_row, first_col) != (last_row, last_col):
        ws.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)
    ws.cell(first_row, first_col, value)


def workbook_response(workbook, filename):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
