"""A plan as a JSON file (another county's 附件1), read into the catalog dict `load_plan` takes.

Same shape as `catalog.LUZHAI_2021`, with each group an object. Every problem is collected, with
where it is (`plan.json groups[2] 「funds_target_yi」: 须为数字`), so one run lists them all.
"""
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from zhaoshang.core.money import YI, parse_money
from zhaoshang.org.models import IndustryGroup, Unit

from .annual import FIRST_YEAR, LAST_YEAR, LIMITS
from .models import AnnualPlan
from .services import PLAN_FIELDS

CODE = re.compile(r"^[a-z0-9_]+$")
CODE_MAX = IndustryGroup._meta.get_field("code").max_length
GROUP_NAME_MAX = IndustryGroup._meta.get_field("name").max_length
UNIT_NAME_MAX = Unit._meta.get_field("name").max_length
PLAN_COUNTS = ["signed_target", "industrial_target", "major_industrial_target"]
GROUP_KEYS = ["code", "name", "lead_unit", "co_units", "funds_target_yi", "signed_target",
              "industrial_target", "major_industrial_target"]
# Left out of the file: the model's default (document blank, 统计起点 500 万元, 占比 0.30, …).
PLAN_REQUIRED = {"year", "title", "funds_target", "signed_target", "groups"}
GROUP_REQUIRED = {"code", "name", "lead_unit", "funds_target_yi", "signed_target"}
NUMBER = (int, float, Decimal, str)  # the file is read with parse_float=Decimal: no float rounding


class PlanFileError(Exception):
    """The file cannot be used; `problems` lists every reason, each saying where."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


class _Problems(list):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def add(self, where, message):
        self.append(f"{self.name}{' ' + where if where else ''}: {message}")


def _amount(value):
    """万元 with at most two places, from a JSON number or string; raises ValueError in Chinese."""
    if isinstance(value, bool) or not isinstance(value, NUMBER):
        raise ValueError("须为数字")
    try:
        amount = parse_money(value)
    except ValueError as exc:
        raise ValueError("须为数字" if "不是数字" in str(exc) else str(exc)) from None
    if amount < 0:
        raise ValueError("不能为负数")
    return amount


def _decimal(value):
    if isinstance(value, bool) or not isinstance(value, NUMBER):
        raise ValueError("须为数字")
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except InvalidOperation:
        raise ValueError("须为数字") from None
    if not number.is_finite():
        raise ValueError("须为数字")
    return number


def _count(value):
    if isinstance(value, bool) or not (isinstance(value, int) or
                                       isinstance(value, str) and value.strip().isdigit()):
        raise ValueError("须为不小于 0 的整数")
    number = int(value)
    if number < 0:
        raise ValueError("须为不小于 0 的整数")
    return number


def _text(value, limit, *, blank=False):
    if not isinstance(value, str):
        raise ValueError("须为文字")
    value = " ".join(value.split())
    if not value and not blank:
        raise ValueError("不能为空")
    if len(value) > limit:
        raise ValueError(f"不能超过{limit}个字")
    return value


def _year(value):
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValueError(f"年度须为 {FIRST_YEAR}–{LAST_YEAR} 之间的整数")
    return value


def _share(value):
    share = _decimal(value)
    if not Decimal(0) <= share <= 1 or share != share.quantize(Decimal("0.01")):
        raise ValueError("须在 0 到 1 之间，最多两位小数，例如 0.30 表示 30%")
    return share.quantize(Decimal("0.01"))


def _funds_yi(value):
    yi = _decimal(value)
    if yi < 0:
        raise ValueError("不能为负数")
    if yi * YI != (yi * YI).quantize(Decimal("0.01")):
        raise ValueError("单位为亿元，折合万元后最多两位小数")
    return yi


def _code(value):
    if not isinstance(value, str) or not CODE.match(value) or len(value) > CODE_MAX:
        raise ValueError(f"须为不超过{CODE_MAX}个字符的小写字母、数字或下划线，例如 forestry")
    return value


def _units(value):
    if not isinstance(value, list):
        raise ValueError("须为单位名称的列表")
    names = [_text(name, UNIT_NAME_MAX) for name in value]
    repeated = sorted({name for name in names if names.count(name) > 1}, key=names.index)
    if repeated:
        raise ValueError(f"单位重复：{'、'.join(repeated)}")
    return names


PLAN_PARSERS = {
    "year": _year,
    "title": lambda v: _text(v, LIMITS["title"]),
    "document": lambda v: _text(v, LIMITS["document"], blank=True),
    "threshold": _amount,
    "funds_target": _amount,
    "signed_target": _count,
    "emerging_share_target": _share,
    "planned_investment_target": _amount,
    "industrial_target": _count,
    "major_industrial_target": _count,
    "groups": None,  # below, one by one
}
GROUP_PARSERS = {
    "code": _code,
    "name": lambda v: _text(v, GROUP_NAME_MAX),
    "lead_unit": lambda v: _text(v, UNIT_NAME_MAX),
    "co_units": _units,
    "funds_target_yi": _funds_yi,
    "signed_target": _count,
    "industrial_target": _count,
    "major_industrial_target": _count,
}


def _fields(obj, parsers, required, where, problems):
    """{key: parsed value} for the keys present and well-formed; problems for the rest."""
    values = {}
    for key in obj:
        if key not in parsers:
            problems.add(f"{where}「{key}」".strip(), f"未知的字段，可用：{', '.join(parsers)}")
    for key, parse in parsers.items():
        if key not in obj:
            if key in required:
                problems.add(f"{where}「{key}」".strip(), "缺少此项")
        elif parse is not None:
            try:
                values[key] = parse(obj[key])
            except ValueError as exc:
                problems.add(f"{where}「{key}」".strip(), str(exc))
    return values


def _group(obj, where, problems):
    if not isinstance(obj, dict):
        problems.add(where, "须为对象，如 {\"code\": …, \"name\": …}")
        return None
    values = _fields(obj, GROUP_PARSERS, GROUP_REQUIRED, f"{where} ", problems)
    lead = values.get("lead_unit")
    if lead and lead in values.get("co_units", []):
        problems.add(f"{where} 「co_units」", f"牵头单位「{lead}」不能同时是本组的协办单位")
    if not GROUP_REQUIRED <= set(values):
        return None
    return (values["code"], values["name"], values["lead_unit"], values.get("co_units", []),
            values["funds_target_yi"], values["signed_target"],
            values.get("industrial_target", 0), values.get("major_industrial_target", 0))


def _groups(value, problems):
    if not isinstance(value, list) or not value:
        problems.add("「groups」", "须为产业招商组的列表，至少一个组")
        return []
    groups = [_group(obj, f"groups[{i}]", problems) for i, obj in enumerate(value)]
    for index, field in ((0, "code"), (1, "name")):
        seen = {}
        for i, group in enumerate(groups):
            if group is None:
                continue
            if group[index] in seen:
                problems.add(f"groups[{i}] 「{field}」",
                             f"「{group[index]}」与 groups[{seen[group[index]]}] 重复")
            seen.setdefault(group[index], i)
    return groups


def parse_plan(data, name="plan.json"):
    """The catalog dict for `load_plan` from decoded JSON; PlanFileError lists every problem."""
    problems = _Problems(name)
    if not isinstance(data, dict):
        raise PlanFileError([f"{name}: 须为一个 JSON 对象（{{\"year\": …, \"groups\": […]}}）"])
    plan = _fields(data, PLAN_PARSERS, PLAN_REQUIRED, "", problems)
    groups = _groups(data["groups"], problems) if "groups" in data else []
    if problems:
        raise PlanFileError(problems)
    defaults = {field: AnnualPlan._meta.get_field(field).get_default() for field in PLAN_FIELDS}
    return {**defaults, **plan, "groups": groups}


def read_plan(path):
    """The catalog dict for `load_plan` from a JSON file (UTF-8); PlanFileError lists every problem."""
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # a BOM is what Windows Notepad writes
    except FileNotFoundError:
        raise PlanFileError([f"{path}: 找不到文件"]) from None
    except UnicodeDecodeError:
        raise PlanFileError([f"{name}: 须为 UTF-8 编码的文本文件"]) from None
    except OSError as exc:
        raise PlanFileError([f"{path}: 无法读取（{exc.strerror}）"]) from None
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise PlanFileError([f"{name} 第{exc.lineno}行第{exc.colno}列: 不是有效的 JSON"
                             f"（请检查逗号、引号和括号）"]) from None
    return parse_plan(data, name)
