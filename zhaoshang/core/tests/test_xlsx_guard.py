"""An .xlsx bounded before python-calamine unpacks it (core.xlsx_guard)."""
import io
import re
import struct
import zipfile
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from zhaoshang.core.xlsx_guard import (DIGITS, LETTERS, NotAWorkbook, WorkbookRefused,
                                       check_workbook, column_letters, greater_than)

MB = 1024 * 1024
LIMITS = {"max_rows": 10, "max_columns": 5, "max_bytes": MB}
HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
# Twelve cells of 32 000 characters (Excel's most is 32 767): 1.1 MB unpacked, a few KB zipped.
BIG = {f"{column}{row}": "长" * 32_000 for column in "BCD" for row in range(2, 6)}


def workbook(cells=(), title="项目台账"):
    """An openpyxl .xlsx as bytes, with `cells` {ref: value} on the sheet `title`."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet["A1"] = "项目编号"
    for ref, value in dict(cells).items():
        sheet[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(data, xml):
    """`data` with its first sheet's XML replaced by `xml`."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, xml if info.filename == "xl/worksheets/sheet1.xml"
                            else source.read(info.filename))
    return out.getvalue()


def check(data, sheets=("项目台账",), **limits):
    check_workbook(data, set(sheets), **{**LIMITS, **limits})


def refusal(data, **limits):
    with pytest.raises(WorkbookRefused) as info:
        check(data, **limits)
    return str(info.value)


@given(st.integers(1, 10 ** 7), st.integers(0, 10 ** 7 + 10))
def test_greater_than_digits_is_exactly_greater(limit, number):
    assert bool(re.fullmatch(greater_than(str(limit), DIGITS), str(number))) == (number > limit)


@given(st.integers(1, 16384), st.integers(1, 20000))
def test_greater_than_letters_is_exactly_greater(limit, number):
    pattern = greater_than(column_letters(limit), LETTERS)
    assert bool(re.fullmatch(pattern, column_letters(number))) == (number > limit)


def test_a_workbook_within_the_limits_passes():
    check(workbook({"E11": "x"}))  # 10 rows below the header, 5 columns


def test_a_declared_dimension_too_large_is_refused():
    assert refusal(workbook({"XFD1048576": "x"})) == (
        "的工作表「项目台账」范围为 A1:XFD1048576，超出 10 行（不含表头）、5 列的上限；"
        "请删去多余的行和列，或分成几个工作簿导入")


@pytest.mark.parametrize("cell", ["F2", "A12", "XFD1048576", "AA1"])
def test_a_cell_too_far_is_refused_without_a_dimension(cell):
    xml = f'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="{cell}"><v>2</v></c></row></sheetData></worksheet>'
    assert "有内容超出 10 行（不含表头）、5 列的上限" in refusal(with_sheet_xml(workbook(), HEAD + xml.encode()))


@pytest.mark.parametrize("xml", [
    b'<sheetData><row><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c>'
    b'<c><v>1</v></c></row></sheetData>',                                        # six cells, no r
    b'<sheetData>' + b'<row><c><v>1</v></c></row>' * 12 + b'</sheetData>',       # twelve rows, no r
    b"<sheetData><row r='1'><c\nr='F1'><v>1</v></c></row></sheetData>",          # quoted otherwise
], ids=["columns", "rows", "quotes"])
def test_cells_without_their_r_are_placed_as_the_reader_places_them(xml):
    assert "有内容超出" in refusal(with_sheet_xml(workbook(), HEAD + xml + b"</worksheet>"))


def test_prefixed_tags_are_walked():
    xml = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<x:sheetData><x:row><x:c r="A1"><x:v>1</x:v></x:c><x:c r="A40"><x:v>1</x:v></x:c>'
           b'</x:row></x:sheetData></x:worksheet>')
    assert "有内容超出" in refusal(with_sheet_xml(workbook(), xml))


def test_only_the_named_sheets_are_measured():
    check(workbook({"Z100": "说明"}, title="填写说明"))


def test_too_many_rows_is_refused():
    assert "有内容超出 10 行" in refusal(with_sheet_xml(workbook(), HEAD + b"<sheetData>" + b"".join(
        f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>'.encode() for n in range(1, 13)) + b"</sheetData></worksheet>"))


def test_a_workbook_unpacking_beyond_the_limit_is_refused():
    big = workbook(BIG)
    assert refusal(big) == "解压后约 1 MB，超过 1 MB 的上限；请分成几个工作簿导入"
    check(big, max_bytes=2 * MB)


def lying(data, member="xl/worksheets/sheet1.xml", size=100):
    """`data` whose `member` declares `size` bytes unpacked, in its local and central headers."""
    data = bytearray(data)
    end = data.rfind(b"PK\x05\x06")
    entries, central = struct.unpack_from("<H", data, end + 10)[0], struct.unpack_from("<I", data, end + 16)[0]
    for _ in range(entries):
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, central + 28)
        if bytes(data[central + 46:central + 46 + name_length]) == member.encode():
            struct.pack_into("<I", data, central + 24, size)
            struct.pack_into("<I", data, struct.unpack_from("<I", data, central + 42)[0] + 22, size)
        central += 46 + name_length + extra_length + comment_length
    return bytes(data)


def test_a_declared_size_that_lies_does_not_hide_the_real_one():
    bomb = lying(workbook(BIG))
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) < MB
    assert refusal(bomb) == "解压后超过 1 MB 的上限；请分成几个工作簿导入"


@pytest.mark.parametrize("data", [b"not a workbook", b"PK\x03\x04 broken", zlib.compress(b"x")])
def test_not_a_zip_is_not_a_workbook(data):
    with pytest.raises(NotAWorkbook, match="不是有效的 Excel 工作簿"):
        check(data)


def test_an_old_xls_or_an_encrypted_file_says_so():
    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)).startswith("不是 .xlsx 工作簿（可能是旧版 .xls，或设有密码）")
