"""Every workbook the system writes: a `Workbook` whose text can never run as a formula; the
cell styles every export shares (宋体 10, thin borders), merged title cells, and a workbook as a
download (every Excel export of the pages goes through here).

A cell text beginning with = + - @ is data someone typed (an investor's name, a note), not a
formula: left as it is, `=HYPERLINK("http://…"&B3, "详情")` planted through the API would run in
the office's Excel (SPEC §16). `Workbook` writes such text as text, with Excel's quote prefix so
that it stays text when a person edits the cell. Builders create workbooks with this class, never
openpyxl's own (a test holds it); the system writes no formulas of its own.
"""
import io

import openpyxl
from django.http import FileResponse
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")


def as_text(cell):
    """Make `cell` text if its value is text that a spreadsheet would read as a formula."""
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        if not cell._style:
            cell._style = StyleArray()
        cell._style.quotePrefix = 1
    return cell


class _TextOnlySheet(WriteOnlyWorksheet):
    """A streamed sheet (write-only mode) whose appended rows pass through `as_text`."""

    def append(self, row):
        super().append([as_text(v if isinstance(v, Cell) else WriteOnlyCell(self, value=v))
                        if isinstance(v, (str, Cell)) else v for v in row])


class Workbook(openpyxl.Workbook):
    def create_sheet(self, title=None, index=None):
        if not self.write_only:
            return super().create_sheet(title, index)
        sheet = _TextOnlySheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet

    def save(self, filename):
        if not self.write_only:  # a streamed sheet checked its rows as they came
            for sheet in self.worksheets:
                for cell in getattr(sheet, "_cells", {}).values():  # the cells that exist
                    as_text(cell)
        super().save(filename)


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

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
    return FileResponse(io.BytesIO(workbook_bytes(workbook)), as_attachment=True, filename=filename,
                        content_type=XLSX_CONTENT_TYPE)
