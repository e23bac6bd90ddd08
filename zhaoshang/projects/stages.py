"""The lifecycle rules of SPEC §4 as data and pure checks, shared by every writer and the UI.

`stage_problems(values, stage)` says what a project (a dict of field values) still lacks to
stand at `stage`; forms show it before a move, services and the importer refuse on it.
"""
import datetime

from django.utils import timezone

from .models import ExitReason, Stage

FORWARD = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING]

# What reaching each stage requires (Data Hub's habit: a table, reused to show what is missing).
REQUIRED = {
    Stage.SIGNED: ["signed_on", "investor", "origin", "total_investment", "group"],
    Stage.STARTED: ["started_on"],
    Stage.PRODUCING: ["producing_on"],
    Stage.EXITED: ["exited_on", "exit_reason"],
}

LABELS = {
    "signed_on": "签约日期", "investor": "投资方", "origin": "投资方来源",
    "total_investment": "总投资（万元）", "group": "产业招商组", "started_on": "开工日期",
    "producing_on": "投产日期", "exited_on": "退出日期", "exit_reason": "退出原因",
    "exit_reason_text": "退出原因说明",
}

# Dates a stage carries; a correction back to an earlier stage clears those of later ones.
STAGE_DATE = {Stage.SIGNED: "signed_on", Stage.STARTED: "started_on", Stage.PRODUCING: "producing_on"}
DATE_ORDER = ["signed_on", "started_on", "producing_on"]

# 退出 is reachable from any stage but 投产 (SPEC §4).
NO_EXIT_WHEN_PRODUCING = "项目已投产，不能退出（退出只适用于投产前的项目）"

# No funds record before this day (SPEC §4): a date before it is a typing error.
EARLIEST_FUNDS_DATE = datetime.date(2000, 1, 1)


# Where a project's life ends: nothing moves it on; only the office corrects it back (SPEC §4).
FINAL = {Stage.PRODUCING, Stage.EXITED}


def is_final(stage):
    return stage in FINAL


def rank(stage):
    return FORWARD.index(stage) if stage in FORWARD else None


def is_backward(from_stage, to_stage):
    """A move to an earlier forward stage, or out of 退出 (final): a correction, office only."""
    if from_stage == Stage.EXITED:
        return to_stage != Stage.EXITED
    if to_stage == Stage.EXITED:
        return False
    return rank(to_stage) < rank(from_stage)


def required_fields(stage):
    """Every field a project at `stage` must have, skipped stages included."""
    if stage == Stage.EXITED:
        return list(REQUIRED[Stage.EXITED])
    fields = []
    for step in FORWARD[: rank(stage) + 1]:
        fields += REQUIRED.get(step, [])
    return fields


def _empty(value):
    return value is None or value == ""


def stage_problems(values, stage):
    """{field: 中文 reason} for what `values` lacks or gets wrong to stand at `stage`."""
    problems = {}
    for field in required_fields(stage):
        if _empty(values.get(field)):
            problems[field] = f"进入「{Stage(stage).label}」阶段须填写{LABELS[field]}"
    if stage == Stage.EXITED and values.get("exit_reason") == ExitReason.OTHER \
            and _empty(values.get("exit_reason_text")):
        problems["exit_reason_text"] = "退出原因为「其他」时须说明具体原因"
    if stage == Stage.EXITED and not _empty(values.get("producing_on")):
        problems["stage"] = NO_EXIT_WHEN_PRODUCING
    problems.update(premature_dates(values, stage))
    problems.update(date_order_problems(values))
    return problems


def premature_dates(values, stage):
    """Dates of stages not reached yet: the figures count by date, so they must match the stage."""
    problems = {}
    if stage != Stage.EXITED:
        if not _empty(values.get("exited_on")):
            problems["exited_on"] = "项目未退出，不能填写退出日期"
        if not _empty(values.get("exit_reason")):
            problems["exit_reason"] = "项目未退出，不能填写退出原因"
        for later in FORWARD[rank(stage) + 1:]:
            field = STAGE_DATE.get(later)
            if field and not _empty(values.get(field)):
                problems[field] = f"项目尚未到「{later.label}」阶段，不能填写{LABELS[field]}"
    return problems


def date_order_problems(values):
    """Dates never go backwards: signed_on ≤ started_on ≤ producing_on, and none after exit."""
    problems = {}
    dated = [(f, values.get(f)) for f in DATE_ORDER if values.get(f)]
    for (earlier, a), (later, b) in zip(dated, dated[1:]):
        if b < a:
            problems[later] = f"{LABELS[later]}（{b}）不能早于{LABELS[earlier]}（{a}）"
    exited_on = values.get("exited_on")
    if exited_on:
        for field, day in dated:
            if day > exited_on:
                problems["exited_on"] = f"退出日期（{exited_on}）不能早于{LABELS[field]}（{day}）"
    return problems


# What every writer says of a project's key fields when they are blank (form, API, import).
BLANK = {"code": "项目编号不能为空", "name": "项目名称不能为空"}


def exit_after_funds_problem(exited_on, last_funds):
    """Why a project cannot exit on `exited_on` given its latest funds date ("" if it can)."""
    if exited_on and last_funds and last_funds > exited_on:
        return f"退出日期不能早于已登记的到位资金日期（{last_funds}）"
    return ""


def funds_date_problem(day, *, exited_on=None, today=None):
    """Why a funds record cannot be dated `day` ("" if it can): not after the project's exit, not
    after today in Asia/Shanghai (money that has not arrived is not in place), not before 2000."""
    today = today or timezone.localdate()
    if exited_on and day > exited_on:
        return f"到位日期不能晚于项目退出日期（{exited_on}）"
    if day > today:
        return f"到位日期（{day}）晚于今天（{today}）：尚未到位的资金不能登记"
    if day < EARLIEST_FUNDS_DATE:
        return f"到位日期（{day}）早于 {EARLIEST_FUNDS_DATE}，请核对"
    return ""


def missing_for_next(values, stage):
    """For the UI: for each stage after `stage`, what it would still need."""
    following = FORWARD[rank(stage) + 1:] if stage in FORWARD else []
    return {s: stage_problems(values, s) for s in following}
