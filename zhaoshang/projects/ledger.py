"""The ledger workbook of SPEC §10: read it, check every row, then write all of it or nothing.

`read_ledger` turns a workbook into parsed rows (no database; the workbook bounded first by
`core.xlsx_guard`), `plan_import` checks them against the database and works out what would
change, field by field (no writes), `import_ledger` does both and writes in one transaction.
`ImportResult.preview()` is what the web page and `--dry-run` show; the web keeps the parsed rows
(`ledger_to_json`) and its preview, and imports those rows only if the check still gives that
preview.

The import acts with the office's authority (the office keeps the ledger): any stage and 退出,
each stage change logged with the reason 「台账导入」. A stage moved back is a correction
(SPEC §4): refused unless the import is given a correction reason, which is then the reason of
those changes. Writes are bulk (a 10 000-row ledger imports in a few seconds), so this module
writes the same rows and change log the services write, and checks the same rules
(`stages.stage_problems`, `stages.funds_date_problem`, `services.transition_problems`) before.
"""
import datetime
import gc
import io
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import islice, repeat
from operator import attrgetter, itemgetter
from types import SimpleNamespace

import python_calamine
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from zhaoshang.core.audit import CHANGE_COLUMNS, change_values, diff, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.money import parse_money
from zhaoshang.core.text import hidden_character_problem, normalize_code
from zhaoshang.core.xlsx_guard import NotAWorkbook, WorkbookRefused, check_workbook
from zhaoshang.org.models import IndustryGroup

from .models import ExitReason, FundsRecord, Origin, Project, Stage, StageChange
from .services import FUNDS_FIELDS, PROJECT_FIELDS, transition_problems, values_of
from .stages import BLANK, exit_after_funds_problem, funds_date_problem, is_backward, stage_problems

PROJECTS_SHEET = "项目台账"
FUNDS_SHEET = "到位资金"
REASON = "台账导入"
VIA = "import"
# SQLite allows 999 variables per statement; stay under it for `IN (...)` lookups.
CHUNK = 900
# Far above any real project (10^12 万元), far below the BIGINT the amounts are stored in.
MAX_MONEY = Decimal("999999999999.99")
# Columns a sheet may have: the ledger's 19 and the office's own, far from Excel's 16 384.
MAX_COLUMNS = 100


class LedgerError(ValueError):
    """The file is not a workbook we can read at all (as opposed to bad rows in it)."""


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str
    required: bool = True  # the column must be in the sheet
    blank: str = ""  # if set, a blank cell is a problem with this reason
    width: int = 12


PROJECT_COLUMNS = [
    Column("项目编号", "code", "code", blank=BLANK["code"], width=14),
    Column("项目名称", "name", "text", blank=BLANK["name"], width=30),
    Column("投资方", "investor", "text", width=28),
    Column("投资方来源", "origin", "origin"),
    Column("产业招商组", "group", "text", blank="请填写产业招商组", width=26),
    Column("是否工业项目", "industrial", "bool"),
    Column("是否新兴产业", "emerging", "bool"),
    Column("是否三企入桂", "sanqi", "bool"),
    Column("总投资（万元）", "total_investment", "money", width=14),
    Column("项目阶段", "stage", "stage", blank="请填写项目阶段", width=10),
    Column("签约日期", "signed_on", "date"),
    Column("开工日期", "started_on", "date"),
    Column("投产日期", "producing_on", "date"),
    Column("退出日期", "exited_on", "date"),
    Column("退出原因", "exit_reason", "exit_reason", width=24),
    # Narrative columns may be left out of a sheet: the projects then keep what they have.
    Column("建设地点", "location", "text", required=False, width=20),
    Column("建设内容", "content", "text", required=False, width=40),
    Column("进展情况", "progress", "text", required=False, width=40),
    Column("存在问题", "problems", "text", required=False, width=30),
]
FUNDS_COLUMNS = [
    Column("项目编号", "code", "code", blank=BLANK["code"], width=14),
    Column("到位日期", "date", "date", blank="请填写到位日期"),
    Column("金额（万元）", "amount", "money", blank="请填写金额", width=14),
    Column("备注", "note", "text", required=False, width=30),
]
COLUMNS = {PROJECTS_SHEET: PROJECT_COLUMNS, FUNDS_SHEET: FUNDS_COLUMNS}
# Where a problem of a project field is shown (stage rules speak of fields, the sheet of columns).
PROJECT_HEADER = {c.field: c.header for c in PROJECT_COLUMNS} | {"exit_reason_text": "退出原因"}
PROJECT_FIELD = {c.header: c.field for c in PROJECT_COLUMNS}
CORRECTION_REASON_LENGTH = StageChange._meta.get_field("reason").max_length

CHOICE_LABELS = {"origin": dict(Origin.choices), "stage": dict(Stage.choices)}
DASH = "—"  # an empty value, as the pages show it
ORIGINS = {label: value for value, label in Origin.choices}
STAGES = {label: value for value, label in Stage.choices}
EXIT_REASONS = {label: value for value, label in ExitReason.choices}
BOOLEANS = {"是": True, "否": False}
OTHER_REASON = re.compile(r"^其他\s*(?:[:：]\s*(.*))?$", re.S)
DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _max_length(model, name):
    if name == "group":
        return IndustryGroup._meta.get_field("name").max_length
    return model._meta.get_field(name).max_length


MAX_LENGTH = {
    PROJECTS_SHEET: {f: _max_length(Project, f) for f in (
        "code", "name", "investor", "group", "exit_reason_text", "location")},
    FUNDS_SHEET: {"code": _max_length(Project, "code"), "note": _max_length(FundsRecord, "note")},
}


# ---------------------------------------------------------------------------------------------
# Problems: one line per (sheet, row, column), in sheet, row and column order.

class Problems:
    def __init__(self):
        self._items = {}
        self.corrections = 0  # problems that are only a stage moved back without a reason

    def add(self, sheet, row, header, reason, *, correction=False):
        """The first reason found for a cell wins (a bad date is not also reported as missing)."""
        key = (sheet, row, header)
        if key not in self._items:
            self._items[key] = reason
            self.corrections += correction

    def __bool__(self):
        return bool(self._items)

    def items(self):
        return list(self._items.items())

    def lines(self):
        def order(key):
            sheet, row, header = key
            headers = [c.header for c in COLUMNS.get(sheet, [])]
            return (sheet != PROJECTS_SHEET, sheet, row or 0,
                    headers.index(header) if header in headers else len(headers))

        lines = []
        for key in sorted(self._items, key=order):
            sheet, row, header = key
            reason = self._items[key]
            lines.append(f"{sheet} 第{row}行 「{header}」: {reason}" if row else reason)
        return lines


# ---------------------------------------------------------------------------------------------
# Reading: cells to Python values, no database.

@dataclass
class Row:
    number: int  # the Excel row number
    values: dict  # field → parsed value, for the cells that parsed
    problems: dict  # header → reason, for the cells that did not


@dataclass
class Ledger:
    projects: list = field(default_factory=list)
    funds: list = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)  # problems of the sheets' structure


# Between its preview and its import the web keeps a ledger as JSON (`LedgerUpload.ledger`), so
# the import writes the rows the preview checked, never a second reading of the file.
DATE_FIELDS = {c.field for c in PROJECT_COLUMNS + FUNDS_COLUMNS if c.kind == "date"}
MONEY_FIELDS = {c.field for c in PROJECT_COLUMNS + FUNDS_COLUMNS if c.kind == "money"}


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _python_value(name, value):
    if value is None:
        return None
    if name in DATE_FIELDS:
        return datetime.date.fromisoformat(value)
    if name in MONEY_FIELDS:
        return Decimal(value)
    return value


def ledger_to_json(ledger):
    def rows(items):
        return [[row.number, {k: _json_value(v) for k, v in row.values.items()}, row.problems]
                for row in items]
    return {"projects": rows(ledger.projects), "funds": rows(ledger.funds),
            "problems": [[*key, reason] for key, reason in ledger.problems.items()]}


def ledger_from_json(data):
    """The `Ledger` that `ledger_to_json` gave, with its values as `read_ledger` parsed them."""
    def rows(items):
        return [Row(number, {k: _python_value(k, v) for k, v in values.items()}, problems)
                for number, values, problems in items]
    ledger = Ledger(projects=rows(data["projects"]), funds=rows(data["funds"]))
    for sheet, row, header, reason in data["problems"]:
        ledger.problems.add(sheet, row, header, reason)
    return ledger


def _blank(value):
    return value is None or value == "" or isinstance(value, str) and value.isspace()


def _text(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # Excel keeps every number as a float: 1001 arrives as 1001.0
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _money(value):
    try:
        amount = parse_money(value)  # ValueError with its reason
    except ArithmeticError:  # a number too long for Decimal's precision
        raise ValueError(f"「{_text(value)}」不是有效的金额") from None
    if amount < 0:
        raise ValueError(f"「{_text(value)}」不能为负数")
    if amount > MAX_MONEY:
        raise ValueError(f"「{_text(value)}」超出金额范围")
    return amount


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_TEXT.match(value.strip()) if isinstance(value, str) else None
    if match:
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            pass
    raise ValueError(f"「{_text(value)}」不是有效日期，请填写 Excel 日期或 YYYY-MM-DD 格式的文字")


def _choice(value, options, what):
    text = _text(value)
    if text in options:
        return options[text]
    raise ValueError(f"「{text}」不是有效的{what}，应为 {'、'.join(options)} 之一")


def _bool(value):
    if isinstance(value, bool):
        return value
    text = _text(value)
    if text in BOOLEANS:
        return BOOLEANS[text]
    raise ValueError(f"「{text}」应填 是 或 否")


def _exit_reason(value):
    """(exit_reason, exit_reason_text): a label, or 其他：具体说明."""
    text = _text(value)
    if text in EXIT_REASONS and text != ExitReason.OTHER.label:
        return EXIT_REASONS[text], ""
    match = OTHER_REASON.match(text)
    if match:
        return ExitReason.OTHER.value, (match.group(1) or "").strip()
    labels = "、".join(label for label in EXIT_REASONS if label != ExitReason.OTHER.label)
    raise ValueError(f"「{text}」不是有效的退出原因，应为 {labels} 或「其他：具体说明」")


PARSERS = {
    "text": _text,
    "code": lambda v: normalize_code(_text(v)),  # ＬＺ２０２１－００１ is LZ2021-001
    "money": _money,
    "date": _date,
    "bool": _bool,
    "origin": lambda v: _choice(v, ORIGINS, "投资方来源"),
    "stage": lambda v: _choice(v, STAGES, "项目阶段"),
    "exit_reason": _exit_reason,
}
# Cell texts that are a value as they stand.
LABELS = {"bool": BOOLEANS, "origin": ORIGINS, "stage": STAGES}
EMPTY = {"text": "", "code": "", "money": None, "date": None, "bool": False, "origin": "", "stage": "",
         "exit_reason": ("", "")}


def _header_key(text):
    """Headers match exactly, but for spaces and half-width parentheses."""
    return re.sub(r"\s+", "", _text(text)).replace("(", "（").replace(")", "）")


def _locate(name, header, problems):
    """[(column, index in the row)] of the sheet's columns found in its header row."""
    columns = COLUMNS[name]
    positions = {}
    for index, text in enumerate(header):
        key = _header_key(text)
        if key in positions and any(c.header == key for c in columns):
            from openpyxl.utils import get_column_letter  # imported late: see `ledger_template`

            problems.add(name, 1, key, f"该列重复（第{get_column_letter(positions[key] + 1)}列和"
                                       f"第{get_column_letter(index + 1)}列）")
        elif key and key not in positions:
            positions[key] = index
    for column in columns:
        if column.required and column.header not in positions:
            problems.add(name, 1, column.header, "缺少该列")
    return [(c, positions[c.header]) for c in columns if c.header in positions]


def _reader(column, limits):
    """The function from a cell's value to the column's value (for 退出原因 a pair), ValueError with
    the reason if it is bad. Made once per column, it runs for every cell: the usual cells (text,
    a label of 是/否 or of a choice, an Excel date) take the short ways; the parsers see the rest,
    strings stripped (they strip anyway). Text may not hide control or bidi characters."""
    kind, parse, empty, blank = column.kind, PARSERS[column.kind], EMPTY[column.kind], column.blank
    limit = limits.get("exit_reason_text" if kind == "exit_reason" else column.field)
    labels = LABELS.get(kind, {})
    textual = kind in ("text", "code", "exit_reason")

    def missing():
        if blank:
            raise ValueError(blank)
        return empty

    def read(value):
        if value.__class__ is str:
            value = value.strip()
            if not value:
                return missing()
            if value in labels:
                return labels[value]
            parsed = value if kind == "text" else parse(value)
        elif value is None:
            return missing()
        elif value.__class__ is datetime.date and kind == "date":
            return value
        else:
            parsed = parse(value)
        if textual:
            if kind == "code" and not parsed:  # nothing but invisible characters
                return missing()
            text = parsed[1] if kind == "exit_reason" else parsed
            if limit and len(text) > limit:
                raise ValueError(f"不能超过 {limit} 个字（现有 {len(text)} 个）")
            if not text.isprintable() and (reason := hidden_character_problem(text)):
                raise ValueError(reason)
        return parsed

    return read


def _parse_sheet(name, cells, problems):
    """Rows of one sheet (a list of lists of cells, row 1 the header) as `Row`s, blank rows left out."""
    present = _locate(name, cells[0] if cells else [], problems)
    if not present:
        return []
    limits = MAX_LENGTH[name]
    readers = [(column.field, column.header, _reader(column, limits)) for column, _ in present]
    indices = [index for _, index in present]
    take = itemgetter(*indices) if len(indices) > 1 else lambda line: (line[indices[0]],)
    rows = []
    for number, line in enumerate(islice(cells, 1, None), start=2):
        try:
            found = take(line)
        except IndexError:  # a short row: the cells past its end are blank
            found = [line[index] if index < len(line) else None for index in indices]
        if all(map(_blank, found)):
            continue
        row = Row(number, {}, {})
        values = row.values
        for value, (key, header, read) in zip(found, readers):
            try:
                parsed = read(value)
            except ValueError as exc:
                row.problems[header] = str(exc)
            else:
                if key == "exit_reason":
                    values["exit_reason"], values["exit_reason_text"] = parsed
                else:
                    values[key] = parsed
        rows.append(row)
    return rows


def _content(file_or_path):
    if isinstance(file_or_path, (str, os.PathLike)):
        if not os.path.isfile(file_or_path):
            raise FileNotFoundError(file_or_path)
        with open(file_or_path, "rb") as file:
            return file.read()
    if hasattr(file_or_path, "seek"):
        file_or_path.seek(0)
    return file_or_path.read()


def _open(content):
    """The workbook, once `check_workbook` found it within the limits python-calamine needs."""
    check_workbook(content, COLUMNS, max_rows=settings.LEDGER_MAX_ROWS, max_columns=MAX_COLUMNS,
                   max_bytes=settings.LEDGER_MAX_UNPACKED_MB * 1024 * 1024)
    return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))


def read_ledger(file_or_path):
    """A `Ledger` of parsed rows from an .xlsx path or file object; `LedgerError` if unreadable
    or beyond the limits of the settings `LEDGER_MAX_ROWS` and `LEDGER_MAX_UNPACKED_MB`."""
    name = getattr(file_or_path, "name", None) or (
        os.fspath(file_or_path) if isinstance(file_or_path, (str, os.PathLike)) else "工作簿")
    basename = os.path.basename(name)
    try:
        workbook = _open(_content(file_or_path))
        sheets = {_text(sheet).strip(): sheet for sheet in workbook.sheet_names}
        cells = {key: workbook.get_sheet_by_name(sheets[key]).to_python(skip_empty_area=False)
                 for key in (PROJECTS_SHEET, FUNDS_SHEET) if key in sheets}
    except FileNotFoundError:
        raise LedgerError(f"找不到文件「{name}」") from None
    except NotAWorkbook as exc:
        raise LedgerError(f"无法读取「{basename}」：{exc}") from None
    except WorkbookRefused as exc:
        raise LedgerError(f"「{basename}」{exc}") from None
    except python_calamine.PasswordError:
        raise LedgerError(f"「{basename}」设有密码，请去掉密码后再导入") from None
    except (python_calamine.CalamineError, OSError):
        raise LedgerError(f"无法读取「{basename}」：不是有效的 Excel 工作簿（.xlsx）") from None

    ledger = Ledger()
    if PROJECTS_SHEET not in cells:
        ledger.problems.add(PROJECTS_SHEET, None, None, f"工作簿中没有「{PROJECTS_SHEET}」工作表")
        return ledger
    ledger.projects = _parse_sheet(PROJECTS_SHEET, cells[PROJECTS_SHEET], ledger.problems)
    funds_cells = cells.get(FUNDS_SHEET)
    if funds_cells and any(not _blank(v) for line in funds_cells for v in line):
        ledger.funds = _parse_sheet(FUNDS_SHEET, funds_cells, ledger.problems)
    return ledger


# ---------------------------------------------------------------------------------------------
# Planning: every check against the database, and what would change. No writes.

@dataclass
class ImportResult:
    problems: list = field(default_factory=list)
    # Stage moves backwards, corrections (SPEC §4): [row, 项目编号, 项目名称, 原阶段, 新阶段].
    corrections: list = field(default_factory=list)
    refused_corrections: int = 0  # of the problems: such moves without a correction reason
    created_project_codes: list = field(default_factory=list)
    updated_project_codes: list = field(default_factory=list)
    unchanged_projects: int = 0  # rows of existing projects that change nothing
    created_funds_keys: list = field(default_factory=list)  # (项目编号, 到位日期)
    updated_funds_keys: list = field(default_factory=list)
    names: dict = field(default_factory=dict, repr=False)  # 项目编号 → 项目名称
    # 项目编号 → [[列名, before, after]] as shown; funds: 项目编号 → [(date, amount, changes or None)]
    field_changes: dict = field(default_factory=dict, repr=False)
    funds_lines: dict = field(default_factory=dict, repr=False)
    touched: dict = field(default_factory=dict, repr=False)  # 项目编号s of what changes, in sheet order
    written: bool = False
    changed: bool = False  # the check gave another plan than the `expected` one: nothing written
    _writes: dict = field(default_factory=dict, repr=False)

    @property
    def ok(self):
        return not self.problems

    @property
    def created_projects(self):
        return len(self.created_project_codes)

    @property
    def updated_projects(self):
        return len(self.updated_project_codes)

    @property
    def created_funds(self):
        return len(self.created_funds_keys)

    @property
    def updated_funds(self):
        return len(self.updated_funds_keys)

    def summary(self):
        unchanged = f"（另有 {self.unchanged_projects} 个项目没有变化）" if self.unchanged_projects else ""
        return (f"新建项目 {self.created_projects} 个，更新项目 {self.updated_projects} 个{unchanged}；"
                f"新增到位资金 {self.created_funds} 条，更新 {self.updated_funds} 条")

    def preview(self):
        """What the import would do as plain JSON data, one entry per project that changes (in
        sheet order) with its fields and funds as shown (before → after): the page shows it, the
        dry run prints it, and a confirmation imports only if the check still gives the same."""
        created = set(self.created_project_codes)
        projects = []
        for code in self.touched:
            funds = []
            for day, amount, changes in self.funds_lines.get(code, ()):
                if changes is None:
                    funds.append([day.isoformat(), "金额（万元）", DASH, _money_text(amount)])
                else:
                    funds += [[day.isoformat(), *change] for change in changes]
            projects.append({"code": code, "name": self.names.get(code, ""), "new": code in created,
                             "fields": self.field_changes.get(code, []), "funds": funds})
        counts = {name: getattr(self, name) for name in COUNTS}
        return {"counts": counts, "problems": self.problems, "corrections": self.corrections,
                "refused_corrections": self.refused_corrections, "projects": projects}


COUNTS = ["created_projects", "updated_projects", "unchanged_projects", "created_funds", "updated_funds"]


def same_plan(preview, other):
    """Whether two previews write the same (their problems aside)."""
    return bool(other) and (preview["counts"], preview["projects"]) == (other["counts"], other["projects"])


def preview_lines(preview):
    """The preview as lines, one per changed field or funds record: 「LZ2021-001 「总投资（万元）」
    85,000.00 → 12,000.00」. New projects are one line; unchanged ones are only counted."""
    def one_line(text):
        return re.sub(r"\s*[\r\n]+\s*", " ↵ ", text)

    lines = []
    for entry in preview["projects"]:
        code = entry["code"]
        if entry["new"]:
            lines.append(f"{code} 新建项目「{entry['name']}」")
        lines += [f"{code} 「{header}」 {one_line(before)} → {one_line(after)}"
                  for header, before, after in entry["fields"]]
        lines += [f"{code} 到位资金 {day} 「{header}」 {one_line(before)} → {one_line(after)}"
                  for day, header, before, after in entry["funds"]]
    return lines


def _money_text(amount):
    return f"{amount:,.2f}"


def _exit_text(reason, text):
    if not reason:
        return DASH
    label = ExitReason(reason).label
    return f"{label}：{text}" if reason == ExitReason.OTHER and text else label


def _reason_problem(reason):
    if len(reason) > CORRECTION_REASON_LENGTH:
        return f"不能超过 {CORRECTION_REASON_LENGTH} 个字（现有 {len(reason)} 个）"
    return hidden_character_problem(reason)


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _existing_projects(codes, lock):
    found = {}
    for chunk in _chunks(codes):
        query = Project.objects.filter(code__in=chunk)
        if lock:
            query = query.select_for_update()
        found.update((p.code, p) for p in query)
    return found


def _existing_funds(project_ids):
    """{(project_id, date): (id, amount, note)} and each project's last funds date."""
    funds, last = {}, {}
    for chunk in _chunks(project_ids):
        rows = FundsRecord.objects.filter(project_id__in=chunk) \
            .values_list("id", "project_id", "date", "amount", "note")
        for pk, project_id, day, amount, note in rows:
            funds[project_id, day] = (pk, amount, note)
            if project_id not in last or day > last[project_id]:
                last[project_id] = day
    return funds, last


class _Planner:
    """Checks the rows against the database and collects what the write would do."""

    def __init__(self, ledger, user, lock, correction_reason):
        self.user = user
        self.correction_reason = correction_reason
        self.today = timezone.localdate()
        self.problems = Problems()
        self.result = ImportResult()
        self.groups = {g.name: g for g in IndustryGroup.objects.all()}
        self.group_names = {g.pk: g.name for g in self.groups.values()}
        codes = {row.values["code"] for row in ledger.projects + ledger.funds if "code" in row.values}
        self.existing = _existing_projects(codes, lock)
        self.existing_funds, self.last_funds = _existing_funds([p.pk for p in self.existing.values()])
        self.merged = {}  # code → the project's values after the import
        self.defaults = values_of(Project())
        self.writes = {"groups": {g.pk: g for g in self.groups.values()}, "existing": self.existing,
                       "new_projects": [], "updates": [], "stage_moves": [], "new_funds": [],
                       "funds_updates": []}

    def report(self, number, field_problems):
        for name, reason in field_problems.items():
            self.problems.add(PROJECTS_SHEET, number, PROJECT_HEADER.get(name, "项目阶段"), reason)

    def projects(self, rows):
        first_row = {}
        for row in rows:
            code = row.values.get("code")
            if code is None:
                continue
            if code in first_row:
                self.problems.add(PROJECTS_SHEET, row.number, "项目编号",
                                  f"与第{first_row[code]}行的项目编号重复")
                continue
            first_row[code] = row.number
            self.project(row, code)

    def project(self, row, code):
        values = dict(row.values)
        if "group" in values:
            group = self.groups.get(values["group"])
            if group is None:
                self.problems.add(PROJECTS_SHEET, row.number, "产业招商组",
                                  f"未知的产业招商组「{values['group']}」，请填写产业招商组全称（见模板的下拉列表）")
            values["group"] = group.pk if group else None
        project = self.existing.get(code)
        current = values_of(project) if project else self.defaults
        merged = dict(current)
        # A cell that did not parse counts as empty for the rules, so they do not cite a stale value.
        merged.update({PROJECT_FIELD[h]: None for h in row.problems if h in PROJECT_FIELD})
        merged.update(values)
        self.merged[code] = merged

        from_stage = project.stage if project else ""
        to_stage = merged.get("stage")
        backward = bool(from_stage and to_stage) and is_backward(from_stage, to_stage)
        if to_stage:
            self.report(row.number, stage_problems(merged, to_stage))  # premature exit reason too
            if from_stage != to_stage:
                self.report(row.number, transition_problems(
                    merged, from_stage, to_stage, user=self.user,
                    reason=self.correction_reason or REASON, group_id=merged.get("group")))
        if backward:
            self.correction(row.number, project, from_stage, to_stage)
        last = project and self.last_funds.get(project.pk)
        if problem := exit_after_funds_problem(merged.get("exited_on"), last):
            self.report(row.number, {"exited_on": problem})

        self.result.names[code] = merged.get("name") or ""
        if project is None:
            self.writes["new_projects"].append({**self.defaults, **values})
            self.result.created_project_codes.append(code)
            self.result.touched[code] = None
            return
        changes = {k: v for k, v in values.items() if current.get(k) != v}
        if not changes:
            self.result.unchanged_projects += 1
            return
        reason = self.correction_reason if backward else REASON
        self.writes["updates"].append((project, changes, reason))
        self.result.updated_project_codes.append(code)
        self.result.field_changes[code] = self.shown_changes(current, changes)
        self.result.touched[code] = None
        if "stage" in changes:
            self.writes["stage_moves"].append((code, from_stage, changes["stage"], reason))

    def correction(self, number, project, from_stage, to_stage):
        """A stage moved back is a correction (SPEC §4): refused unless the import has a reason."""
        names = project.code, project.name, Stage(from_stage).label, Stage(to_stage).label
        self.result.corrections.append([number, *names])
        if not self.correction_reason:
            self.problems.add(PROJECTS_SHEET, number, "项目阶段",
                              "项目「{} {}」的阶段将从「{}」退回「{}」：阶段回退属于更正，须填写更正原因".format(*names),
                              correction=True)

    def shown(self, name, value):
        """A project field's value as the preview shows it."""
        if value is None or value == "":
            return DASH
        if name == "group":
            return self.group_names.get(value, str(value))
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, Decimal):
            return _money_text(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return CHOICE_LABELS.get(name, {}).get(value, str(value))

    def shown_changes(self, current, changes):
        """[[列名, before, after]] in column order; 退出原因 and its text are one column."""
        shown = []
        for column in PROJECT_COLUMNS:
            if column.kind == "exit_reason":
                if "exit_reason" in changes or "exit_reason_text" in changes:
                    before = _exit_text(current.get("exit_reason"), current.get("exit_reason_text"))
                    after = _exit_text(changes.get("exit_reason", current.get("exit_reason")),
                                       changes.get("exit_reason_text", current.get("exit_reason_text")))
                    shown.append([column.header, before, after])
            elif column.field in changes:
                shown.append([column.header, self.shown(column.field, current.get(column.field)),
                              self.shown(column.field, changes[column.field])])
        return shown

    def funds(self, rows):
        first_row = {}
        for row in rows:
            code, day = row.values.get("code"), row.values.get("date")
            if code is None:
                continue
            if code not in self.merged and code not in self.existing:
                self.problems.add(FUNDS_SHEET, row.number, "项目编号",
                                  f"项目编号「{code}」既不在「{PROJECTS_SHEET}」工作表中，也不是系统中已有的项目")
                continue
            if day is None:
                continue
            if (code, day) in first_row:
                self.problems.add(FUNDS_SHEET, row.number, "到位日期",
                                  f"与第{first_row[code, day]}行的项目编号和到位日期相同（同一项目同一天只登记一条）")
                continue
            first_row[code, day] = row.number
            merged = self.merged.get(code)
            exited_on = merged["exited_on"] if merged else self.existing[code].exited_on
            if reason := funds_date_problem(day, exited_on=exited_on, today=self.today):
                self.problems.add(FUNDS_SHEET, row.number, "到位日期", reason)
            if "amount" in row.values:
                self.one_funds(row, code, day)

    def one_funds(self, row, code, day):
        amount = row.values["amount"]
        project = self.existing.get(code)
        old = self.existing_funds.get((project.pk, day)) if project else None
        if old is None:
            self.writes["new_funds"].append((code, day, amount, row.values.get("note", "")))
            self.result.created_funds_keys.append((code, day))
            self.result.funds_lines.setdefault(code, []).append((day, amount, None))
            self.result.touched[code] = None
            return
        pk, old_amount, old_note = old
        note = row.values.get("note", old_note)
        if (amount, note) != (old_amount, old_note):
            self.writes["funds_updates"].append((pk, code, day, amount, note, old_amount, old_note))
            self.result.updated_funds_keys.append((code, day))
            changes = [["金额（万元）", _money_text(old_amount), _money_text(amount)]] if amount != old_amount else []
            if note != old_note:
                changes.append(["备注", old_note or DASH, note or DASH])
            self.result.funds_lines.setdefault(code, []).append((day, amount, changes))
            self.result.touched[code] = None
            if code not in self.result.names:
                self.result.names[code] = self.existing[code].name


def plan_import(ledger, *, user=None, lock=False, correction_reason=""):
    """Check `ledger` (from `read_ledger`) against the database; an `ImportResult`, nothing written.

    `lock` takes row locks on the existing projects, for the write that follows in the caller's
    transaction. `correction_reason` allows the rows that move a stage back and is recorded on
    each such change; without it they are problems.
    """
    if ledger.problems:  # the sheets' structure is wrong: their rows mean nothing yet
        return ImportResult(problems=ledger.problems.lines())
    correction_reason = (correction_reason or "").strip()
    planner = _Planner(ledger, user, lock, correction_reason)
    if reason := correction_reason and _reason_problem(correction_reason):
        planner.problems.add("", None, None, f"更正原因{reason}")
    for rows, sheet in ((ledger.projects, PROJECTS_SHEET), (ledger.funds, FUNDS_SHEET)):
        for row in rows:
            for header, reason in row.problems.items():
                planner.problems.add(sheet, row.number, header, reason)
    planner.projects(ledger.projects)
    planner.funds(ledger.funds)
    result = planner.result
    result.problems = planner.problems.lines()
    result.refused_corrections = planner.problems.corrections
    if not result.problems:
        result._writes = planner.writes
    return result


# ---------------------------------------------------------------------------------------------
# Writing: bulk, in the caller's transaction.
#
# Model instances cost some 25 µs each to build and Django's bulk_create more to compile, most of
# the import's time. Here a row is a plain tuple of Python values, converted column by column with
# what each field's own `get_db_prep_save` would do (`_converter`), and sent with one prepared
# statement (`executemany`) or, on PostgreSQL, with COPY: psycopg binds a multi-row INSERT's
# parameters on the client and re-parses every statement longer than 4 KB.

# Field types whose Python values the database drivers take as they are (by exact type: MoneyField
# is a BigIntegerField that needs converting).
PLAIN = {models.CharField, models.TextField, models.BooleanField, models.PositiveIntegerField,
         models.IntegerField, models.BigIntegerField, models.ForeignKey}


def _converter(field, db):
    """The function `field.get_db_prep_save` amounts to for a non-None value of ours; None if the
    driver takes the value as it is."""
    if type(field) in PLAIN:
        return None
    if isinstance(field, models.JSONField):
        return partial(json.dumps, cls=field.encoder)  # the text every backend's adapt_json_value dumps
    if type(field) is models.DateField:
        return db.ops.adapt_datefield_value  # our values are dates already: nothing to clean first
    return partial(field.get_db_prep_save, connection=db)


def _db_rows(db, model, names, rows, *, add):
    """(fields, rows as the database takes them): the fields `names`, then the `auto_now` fields
    (and, if `add`, every other unnamed field) with the value `save` would give them now."""
    named = [model._meta.get_field(name) for name in names]
    now = timezone.now()
    extra, fixed = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key or f in named:
            continue
        stamp = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        if stamp and (add or f.auto_now):
            extra.append(f)
            fixed.append(f.get_db_prep_save(now, db))
        elif add:
            extra.append(f)
            fixed.append(f.get_db_prep_save(f.get_default(), db))
    columns = list(zip(*rows))  # converted a column at a time: one comprehension, not a loop a row
    for i, f in enumerate(named):
        if convert := _converter(f, db):
            columns[i] = [None if value is None else convert(value) for value in columns[i]]
    return named + extra, list(zip(*columns, *map(repeat, fixed)))


def _insert(model, names, rows):
    """INSERT `rows`, tuples of Python values for the fields `names` (every other column gets its
    default); their pks are not returned."""
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields, values = _db_rows(db, model, names, rows, add=True)
    qn = db.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            with db.wrap_database_errors, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})",
                               values)


def _update(model, names, pks, rows):
    """UPDATE the fields `names` to `rows` (tuples of Python values) where the pk is `pks`' (the
    `auto_now` fields are set as `save` sets them)."""
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields, values = _db_rows(db, model, names, rows, add=False)
    qn = db.ops.quote_name
    sql = (f"UPDATE {qn(model._meta.db_table)} SET {', '.join(f'{qn(f.column)} = %s' for f in fields)} "
           f"WHERE {qn(model._meta.pk.column)} = %s")
    with db.cursor() as cursor:
        cursor.executemany(sql, [(*row, pk) for row, pk in zip(values, pks)])


def _pks(model, key, first):
    """{natural key: pk} of the rows whose first `key` field is in `first` (`key`: field names;
    one: the natural key is its value, several: a tuple). Raw SQL: the ORM would normalise each of
    the thousands of values in `IN (…)`."""
    db = connections[DEFAULT_DB_ALIAS]
    qn = db.ops.quote_name
    column = [qn(model._meta.get_field(name).column) for name in [*key, model._meta.pk.name]]
    head = f"SELECT {', '.join(column)} FROM {qn(model._meta.db_table)} WHERE {column[0]} IN "
    found = {}
    with db.cursor() as cursor:
        for chunk in _chunks(first):
            cursor.execute(head + f"({', '.join(['%s'] * len(chunk))})", chunk)
            found.update((natural[0] if len(key) == 1 else tuple(natural), pk)
                         for *natural, pk in cursor.fetchall())
    return found


def _write_projects(writes, user, log):
    """Insert and update the projects; {code: project} of every project the ledger names (a new
    one as a namespace of its values, enough for `snapshot` and `Project.__str__`)."""
    groups = writes["groups"]
    new = writes["new_projects"]
    row = itemgetter(*PROJECT_FIELDS)
    _insert(Project, PROJECT_FIELDS, [row(values) for values in new])
    pks = _pks(Project, ["code"], [values["code"] for values in new])
    created = []
    for values in new:
        project = SimpleNamespace(**values)
        project.pk, project.group_id, project.group = pks[project.code], project.group, groups[project.group]
        created.append(project)
        log.append(change_values(Project, project, ChangeRecord.Action.CREATE, user=user,
                                 after=snapshot(project, PROJECT_FIELDS), reason=REASON, via=VIA,
                                 group_id=project.group_id))

    changed_fields = {"version"}
    updated = []
    for project, changes, reason in writes["updates"]:
        project.group = groups[project.group_id]  # cached, so snapshots need no query
        before = snapshot(project, PROJECT_FIELDS)
        for name, value in changes.items():
            setattr(project, name, groups[value] if name == "group" else value)
        project.version += 1
        changed_fields.update(changes)
        updated.append(project)
        old, new_values = diff(before, snapshot(project, PROJECT_FIELDS))
        action = ChangeRecord.Action.STAGE if "stage" in new_values else ChangeRecord.Action.UPDATE
        log.append(change_values(Project, project, action, user=user, before=old, after=new_values,
                                 reason=reason, via=VIA, group_id=project.group_id))
    names = sorted(changed_fields)
    columns = attrgetter(*[Project._meta.get_field(name).attname for name in names])
    _update(Project, names, [p.pk for p in updated], [columns(p) for p in updated])

    projects = writes["existing"] | {p.code: p for p in created}
    moves = [(p.code, "", p.stage, REASON) for p in created] + writes["stage_moves"]
    user_id = getattr(user, "pk", None)
    _insert(StageChange, ["project", "from_stage", "to_stage", "user", "reason", "via"],
            [(projects[code].pk, from_stage, to_stage, user_id, reason, VIA)
             for code, from_stage, to_stage, reason in moves])
    return projects


def _write_funds(writes, projects, user, log):
    new = writes["new_funds"]
    _insert(FundsRecord, ["project", "date", "amount", "note"],
            [(projects[code].pk, day, amount, note) for code, day, amount, note in new])
    pks = _pks(FundsRecord, ["project", "date"], {projects[row[0]].pk for row in new})
    for code, day, amount, note in new:
        project = projects[code]
        funds = SimpleNamespace(pk=pks[project.pk, day], project=project, date=day, amount=amount,
                                note=note)
        log.append(change_values(FundsRecord, funds, ChangeRecord.Action.CREATE, user=user,
                                 after=snapshot(funds, FUNDS_FIELDS), reason=REASON, via=VIA,
                                 group_id=project.group_id))

    updated = []
    for pk, code, day, amount, note, old_amount, old_note in writes["funds_updates"]:
        funds = FundsRecord(pk=pk, project=projects[code], date=day, amount=old_amount, note=old_note)
        before = snapshot(funds, FUNDS_FIELDS)
        funds.amount, funds.note = amount, note
        old, new_values = diff(before, snapshot(funds, FUNDS_FIELDS))
        log.append(change_values(FundsRecord, funds, ChangeRecord.Action.UPDATE, user=user, before=old,
                                 after=new_values, reason=REASON, via=VIA,
                                 group_id=funds.project.group_id))
        updated.append(funds)
    _update(FundsRecord, ["amount", "note"], [f.pk for f in updated], [(f.amount, f.note) for f in updated])


def _write(result, user):
    """Write what `plan_import` planned, with the change log (inside the caller's transaction)."""
    log = []
    projects = _write_projects(result._writes, user, log)
    _write_funds(result._writes, projects, user, log)
    _insert(ChangeRecord, CHANGE_COLUMNS, log)


@contextmanager
def _cyclic_gc_paused():
    """The import makes a few hundred thousand containers that live until it ends and form no
    cycles; the cyclic collector would walk them hundreds of times for nothing (a fifth of the
    import's time). Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_ledger(source, *, user=None, dry_run=False, correction_reason="", expected=None):
    """Read (unless `source` is a `Ledger` read already), check and, unless `dry_run` or a
    problem, write the workbook in one transaction.

    `expected` is the preview (`ImportResult.preview()`) the user confirmed: if the check now
    plans anything else (someone changed the data since), nothing is written and
    `result.changed` says so. Raises `LedgerError` for a file that is not a readable workbook;
    bad rows are in `result.problems` and then nothing is written.
    """
    with _cyclic_gc_paused():
        ledger = source if isinstance(source, Ledger) else read_ledger(source)
        with transaction.atomic():
            result = plan_import(ledger, user=user, lock=not dry_run,
                                 correction_reason=correction_reason)
            if expected is not None and not same_plan(result.preview(), expected):
                result.changed = True
            elif result.ok and not dry_run:
                _write(result, user)
                result.written = True
    result._writes = {}
    return result
