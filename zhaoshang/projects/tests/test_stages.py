"""SPEC §4 as pure functions: what each stage needs, date order, premature dates, exits."""
import datetime

import pytest

from zhaoshang.projects.models import ExitReason, Stage
from zhaoshang.projects.stages import (FORWARD, NO_EXIT_WHEN_PRODUCING, is_backward,
                                       missing_for_next, required_fields, stage_problems)

D = datetime.date
SIGNED = {"signed_on": D(2021, 3, 1), "investor": "某公司", "origin": "domestic_external",
          "total_investment": "1000", "group": 1}


def at(stage, **values):
    return stage_problems(values, stage)


@pytest.mark.parametrize("stage", [Stage.LEAD, Stage.NEGOTIATING])
def test_early_stages_need_nothing(stage):
    assert required_fields(stage) == []
    assert at(stage) == {}


def test_required_fields_accumulate_over_skipped_stages():
    assert required_fields(Stage.SIGNED) == ["signed_on", "investor", "origin", "total_investment",
                                             "group"]
    assert required_fields(Stage.STARTED) == required_fields(Stage.SIGNED) + ["started_on"]
    assert required_fields(Stage.PRODUCING) == required_fields(Stage.STARTED) + ["producing_on"]
    assert required_fields(Stage.EXITED) == ["exited_on", "exit_reason"]


@pytest.mark.parametrize("field,label", [
    ("signed_on", "签约日期"), ("investor", "投资方"), ("origin", "投资方来源"),
    ("total_investment", "总投资（万元）"), ("group", "产业招商组"),
])
@pytest.mark.parametrize("empty", [None, ""])
def test_signed_names_each_missing_field(field, label, empty):
    problems = at(Stage.SIGNED, **{**SIGNED, field: empty})
    assert problems == {field: f"进入「签约」阶段须填写{label}"}


def test_signed_with_everything_is_fine():
    assert at(Stage.SIGNED, **SIGNED) == {}


def test_every_missing_field_is_listed_at_once():
    problems = at(Stage.PRODUCING)
    assert set(problems) == set(required_fields(Stage.PRODUCING))
    assert problems["started_on"] == "进入「投产」阶段须填写开工日期"


def test_skipping_to_producing_with_all_dates():
    values = {**SIGNED, "started_on": D(2021, 4, 1), "producing_on": D(2021, 5, 1)}
    assert at(Stage.PRODUCING, **values) == {}


@pytest.mark.parametrize("dropped,label", [("signed_on", "签约日期"), ("started_on", "开工日期"),
                                           ("producing_on", "投产日期")])
def test_skipping_to_producing_missing_one_date(dropped, label):
    values = {**SIGNED, "started_on": D(2021, 4, 1), "producing_on": D(2021, 5, 1), dropped: None}
    assert at(Stage.PRODUCING, **values) == {dropped: f"进入「投产」阶段须填写{label}"}


def test_equal_dates_are_allowed():
    day = D(2021, 3, 1)
    values = {**SIGNED, "signed_on": day, "started_on": day, "producing_on": day}
    assert at(Stage.PRODUCING, **values) == {}


def test_started_before_signed_is_refused():
    values = {**SIGNED, "started_on": D(2021, 2, 28)}
    assert at(Stage.STARTED, **values) == {
        "started_on": "开工日期（2021-02-28）不能早于签约日期（2021-03-01）"}


def test_producing_before_started_is_refused():
    values = {**SIGNED, "started_on": D(2021, 4, 1), "producing_on": D(2021, 3, 31)}
    assert at(Stage.PRODUCING, **values) == {
        "producing_on": "投产日期（2021-03-31）不能早于开工日期（2021-04-01）"}


@pytest.mark.parametrize("stage,field", [
    (Stage.LEAD, "signed_on"), (Stage.NEGOTIATING, "signed_on"), (Stage.SIGNED, "started_on"),
    (Stage.SIGNED, "producing_on"), (Stage.STARTED, "producing_on"),
])
def test_dates_of_stages_not_reached_are_refused(stage, field):
    values = {**SIGNED, "started_on": D(2021, 4, 1), "producing_on": D(2021, 5, 1)}
    values = {k: v for k, v in values.items() if k in required_fields(stage) or k == field}
    problems = at(stage, **values)
    assert field in problems
    assert "项目尚未到" in problems[field]


@pytest.mark.parametrize("stage", [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED,
                                   Stage.PRODUCING])
def test_exit_date_without_exit_is_refused(stage):
    values = {**SIGNED, "started_on": D(2021, 4, 1), "producing_on": D(2021, 5, 1),
              "exited_on": D(2021, 6, 1)}
    values = {k: v for k, v in values.items() if k in required_fields(stage) or k == "exited_on"}
    assert at(stage, **values)["exited_on"] == "项目未退出，不能填写退出日期"


def test_exit_reason_without_exit_is_refused():
    assert at(Stage.SIGNED, **SIGNED, exit_reason=ExitReason.POLICY) == {
        "exit_reason": "项目未退出，不能填写退出原因"}


EXIT = {"exited_on": D(2021, 6, 1), "exit_reason": ExitReason.NO_AGREEMENT}


def test_exit_needs_date_and_reason():
    assert at(Stage.EXITED) == {"exited_on": "进入「退出」阶段须填写退出日期",
                                "exit_reason": "进入「退出」阶段须填写退出原因"}
    assert at(Stage.EXITED, **EXIT) == {}


def test_exit_reason_other_needs_text():
    values = {**EXIT, "exit_reason": ExitReason.OTHER}
    assert at(Stage.EXITED, **values) == {"exit_reason_text": "退出原因为「其他」时须说明具体原因"}
    assert at(Stage.EXITED, **values, exit_reason_text="企业破产") == {}


@pytest.mark.parametrize("reason", [ExitReason.INVESTOR_CHANGED, ExitReason.NO_AGREEMENT,
                                    ExitReason.POLICY])
def test_named_exit_reasons_need_no_text(reason):
    assert at(Stage.EXITED, exited_on=D(2021, 6, 1), exit_reason=reason) == {}


def test_exit_before_a_stage_date_is_refused_and_same_day_is_fine():
    values = {**SIGNED, **EXIT, "started_on": D(2021, 6, 2)}
    assert at(Stage.EXITED, **values) == {
        "exited_on": "退出日期（2021-06-01）不能早于开工日期（2021-06-02）"}
    assert at(Stage.EXITED, **{**values, "started_on": D(2021, 6, 1)}) == {}


def test_a_producing_project_cannot_be_exited():
    """SPEC §4: 退出 is reachable from any stage but 投产."""
    values = {**SIGNED, **EXIT, "started_on": D(2021, 4, 1), "producing_on": D(2021, 5, 1)}
    assert at(Stage.EXITED, **values) == {"stage": NO_EXIT_WHEN_PRODUCING}


@pytest.mark.parametrize("from_stage", FORWARD)
def test_is_backward(from_stage):
    for to_stage in FORWARD:
        assert is_backward(from_stage, to_stage) == (FORWARD.index(to_stage) < FORWARD.index(from_stage))
    assert is_backward(from_stage, Stage.EXITED) is False
    assert is_backward(Stage.EXITED, from_stage) is True
    assert is_backward(Stage.EXITED, Stage.EXITED) is False


def test_missing_for_next_lists_each_later_stage():
    missing = missing_for_next({**SIGNED}, Stage.SIGNED)
    assert list(missing) == [Stage.STARTED, Stage.PRODUCING]
    assert missing[Stage.STARTED] == {"started_on": "进入「开工」阶段须填写开工日期"}
    assert set(missing[Stage.PRODUCING]) == {"started_on", "producing_on"}
    assert missing_for_next({}, Stage.EXITED) == {}
