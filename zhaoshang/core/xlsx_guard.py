"""An uploaded .xlsx bounded before a reader unpacks it (SPEC §16: sizes are bounded).

python-calamine builds each sheet it reads as a dense grid from its first to its last cell, and
inflates every part it needs: a 5 KB file with one cell at XFD1048576 asks it for half a terabyte
and kills the process, a 3 MB one inflates to 679 MB. So `check_workbook` reads the zip first, in
plain Python and bounded memory:

- every member inflated for real, against one budget (a member's declared size can lie);
- for each sheet that will be read, its declared <dimension>, then its farthest cell: the `r="…"`
  of every row and cell, searched by one regex for a value beyond the limits (a Python loop over
  200 000 cells would take ten times as long).

Spreadsheet programs (Excel, WPS, LibreOffice, openpyxl) give every row and cell its `r`. A sheet
whose counts say some lack it, or whose tags carry a namespace prefix, is walked tag by tag instead,
placing each as the reader does. Only a sheet written by hand to deceive these counts escapes them;
the import is the office's own tool. The checks cost some 0.1 s on a 10 000-row ledger.
"""
import posixpath
import re
import struct
import zipfile
import zlib
from io import BytesIO
from xml.etree import ElementTree

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\b[^>]*\bref="([^"]*)"')
CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Z]*)(\d*)["']""")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an old .xls, or an .xlsx encrypted with a password
TOO_MANY = "请删去多余的行和列，或分成几个工作簿导入"


class WorkbookRefused(ValueError):
    """Why, in Chinese, to follow the file's name: 「台账.xlsx」<reason>."""


class NotAWorkbook(WorkbookRefused):
    """Not an .xlsx at all (not a zip, or a broken one)."""


def column_letters(number):
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = LETTERS[rest] + letters
    return letters


def column_number(letters):
    number = 0
    for ch in letters:
        number = number * 26 + LETTERS.index(ch) + 1
    return number


def greater_than(numeral, alphabet):
    """A regex for the numerals above `numeral` in `alphabet`: a row's digits (leading zeros
    stripped before) or a column's letters (bijective base 26). A longer numeral is always more;
    one as long is more where it first differs upwards."""
    low, high = alphabet[0], alphabet[-1]
    lead = "1-9" if alphabet == DIGITS else f"{low}-{high}"
    options = [f"[{lead}][{low}-{high}]{{{len(numeral)},}}"]
    for index, ch in enumerate(numeral):
        if ch != high:
            rest = len(numeral) - index - 1
            options.append(numeral[:index] + f"[{alphabet[alphabet.index(ch) + 1]}-{high}]"
                           + (f"[{low}-{high}]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(options) + ")"


def beyond(last_row, last_column):
    """The regex finding the `r="…"` of a row or cell past row `last_row` or column `last_column`."""
    rows = greater_than(str(last_row), DIGITS)
    columns = greater_than(column_letters(last_column), LETTERS)
    return re.compile(f' r="(?:[A-Z]*0*{rows}"|{columns}[0-9])'.encode())


def _inflate(data, info, budget):
    """The member's bytes, or None if they pass `budget`: from its local header, as a reader
    takes them, inflated until its compressed data ends, whatever size it declares."""
    offset = info.header_offset
    if data[offset:offset + 4] != b"PK\x03\x04":
        raise zipfile.BadZipFile
    name_length, extra_length = struct.unpack("<HH", data[offset + 26:offset + 30])
    start = offset + 30 + name_length + extra_length
    raw = memoryview(data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return bytes(raw) if len(raw) <= budget else None
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise WorkbookRefused("使用了 Excel 不用的压缩方式，请用 Excel 或 WPS 另存为 .xlsx 后再导入")
    inflated = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, budget + 1)
    return inflated if len(inflated) <= budget else None


def _relationships(archive, part):
    """{id: (type, the target's path in the zip)} of `part`'s relationships."""
    folder, name = posixpath.split(part)
    try:
        root = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    except KeyError:
        return {}
    found = {}
    for relationship in root:
        target = relationship.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found[relationship.get("Id")] = (relationship.get("Type", ""), posixpath.normpath(path))
    return found


def _sheet_parts(archive):
    """{sheet name: its part}, as the workbook part and its relationships say."""
    workbook = next((path for kind, path in _relationships(archive, "").values()
                     if kind.endswith("/officeDocument")), "xl/workbook.xml")
    targets = _relationships(archive, workbook)
    try:
        root = ElementTree.fromstring(archive.read(workbook))
    except KeyError:
        return {}
    return {sheet.get("name", ""): targets.get(sheet.get(RELATIONSHIP_ID), ("", ""))[1]
            for sheet in root.iter() if sheet.tag.rsplit("}", 1)[-1] == "sheet"}


def _extent(xml):
    """(last row, last column) of a sheet, tag by tag: a row or cell without its `r` follows the
    one before it, as the reader places it."""
    last_row = last_column = row = column = 0
    for tag, attributes in TAG.findall(xml):
        refs = REF.findall(attributes)
        letters, digits = refs[-1] if refs else (b"", b"")  # a repeated attribute: the last wins
        if tag == b"row":
            row, column = (int(digits) if digits else row + 1), 0
        else:
            column = column_number(letters.decode()) if letters else column + 1
            row = int(digits) if digits else max(row, 1)
        last_row, last_column = max(last_row, row), max(last_column, column)
    return last_row, last_column


def _check_sheet(name, xml, max_rows, max_columns, too_far):
    last_row = max_rows + 1  # and the header row
    limit = f"{max_rows:,} 行（不含表头）、{max_columns} 列"
    data_at = xml.find(b"<sheetData")  # -1: a prefixed <x:sheetData>
    declared = DIMENSION.search(xml[:data_at] if data_at >= 0 else xml)
    corner = declared and CELL.match(declared.group(1).decode("ascii", "replace").split(":")[-1])
    if corner and (int(corner.group(2)) > last_row or column_number(corner.group(1)) > max_columns):
        raise WorkbookRefused(f"的工作表「{name}」范围为 {declared.group(1).decode()}，"
                              f"超出 {limit}的上限；{TOO_MANY}")
    if data_at >= 0 and xml.count(b' r="') >= xml.count(b"</c>") + xml.count(b"<row"):
        far = too_far.search(xml) is not None
    else:  # prefixed tags, or rows or cells without `r`
        rows, columns = _extent(xml)
        far = rows > last_row or columns > max_columns
    if far:
        raise WorkbookRefused(f"的工作表「{name}」有内容超出 {limit}的上限；{TOO_MANY}")


def check_workbook(data, sheets, *, max_rows, max_columns, max_bytes):
    """Refuse (`WorkbookRefused`) the .xlsx `data` (bytes) unless it unpacks to at most
    `max_bytes` and each of `sheets` (names, compared trimmed) has at most `max_rows` rows below
    its header row and `max_columns` columns; `NotAWorkbook` if it is no .xlsx at all."""
    if data[:4] == OLE_MAGIC:
        raise WorkbookRefused("不是 .xlsx 工作簿（可能是旧版 .xls，或设有密码）：请去掉密码并另存为 .xlsx 后再导入")
    megabytes = max_bytes // 1024 // 1024
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
        if any(info.flag_bits & 1 for info in members):
            raise WorkbookRefused("设有密码，请去掉密码后再导入")
        declared = sum(info.file_size for info in members)
        if declared > max_bytes:
            raise WorkbookRefused(f"解压后约 {declared / 1024 / 1024:,.0f} MB，超过 {megabytes} MB 的上限；"
                                  "请分成几个工作簿导入")
        wanted = {part: name.strip() for name, part in _sheet_parts(archive).items()
                  if name.strip() in sheets}
        budget, sheet_xml = max_bytes, {}
        for info in members:
            content = _inflate(data, info, budget)
            if content is None:
                raise WorkbookRefused(f"解压后超过 {megabytes} MB 的上限；请分成几个工作簿导入")
            budget -= len(content)
            if info.filename in wanted:
                sheet_xml[wanted[info.filename]] = content
    except (zipfile.BadZipFile, zlib.error, ElementTree.ParseError, struct.error, EOFError,
            NotImplementedError):
        raise NotAWorkbook("不是有效的 Excel 工作簿（.xlsx）") from None
    too_far = beyond(max_rows + 1, max_columns)
    for name, xml in sheet_xml.items():
        _check_sheet(name, xml, max_rows, max_columns, too_far)
