"""`zhaoshang assess`: the JSON shape of the issue exactly, the Chinese table, the error exits."""
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .helpers import build_year

pytestmark = pytest.mark.django_db
KEYS = ["funds", "signed", "industrial", "major_industrial", "trips", "coordination", "planning",
        "other", "bonus", "deduction"]


def assess(*args):
    out = io.StringIO()
    call_command("assess", "--year", "2021", *args, stdout=out)
    return out.getvalue()


def test_json_has_exactly_the_shape_of_the_issue(plan2021):
    build_year()
    data = json.loads(assess("--json"))
    assert list(data) == ["year", "as_of", "groups"]
    assert data["year"] == 2021 and data["as_of"] == "2021-12-31"
    assert len(data["groups"]) == 8
    for group in data["groups"]:
        assert list(group) == ["code", "total", "rank", "lines"]
        assert type(group["rank"]) is int and re.fullmatch(r"-?\d+\.\d\d", group["total"])
        assert [line["key"] for line in group["lines"]] == KEYS
        for line in group["lines"]:
            assert list(line) == ["key", "points", "explanation"]
            assert re.fullmatch(r"-?\d+\.\d\d", line["points"]) and line["explanation"]
        deduction = group["lines"][-1]["points"]
        assert deduction == "0.00" or deduction.startswith("-")
    # Without the office's scores: 22.50 + 12 + 4.29 + 1.60 + 6.67 − 3 = 44.06, behind 商贸物流's 56.
    assert [(g["code"], g["total"], g["rank"]) for g in data["groups"]][:2] == [
        ("logistics", "56.00", 1), ("forestry", "44.06", 2)]
    assert data["groups"][1]["lines"][0] == {"key": "funds", "points": "22.50",
                                 "explanation": "30 × min(12.00 ÷ 16.00, 1) = 22.50；完成：12.00 亿元；"
                                                "目标：16.00 亿元；完成率：75.00%"}
    assert [(g["code"], g["rank"]) for g in data["groups"]][2:4] == [("culture_tourism", 3), ("agriculture", 3)]


def test_as_of(plan2021):
    data = json.loads(assess("--as-of", "2021-03-18", "--json"))
    assert data["as_of"] == "2021-03-18"
    assert {g["lines"][-1]["points"] for g in data["groups"]} == {"0.00"}  # no deadline passed yet


def test_table_in_chinese(plan2021):
    build_year()
    out = assess("--as-of", "2021-12-31")
    assert "鹿寨县2021年产业招商组绩效考评" in out and "截止日期：2021-12-31" in out
    assert "名次  产业招商组" in out and "总分" in out
    row = next(line for line in out.splitlines() if "林木加工产业招商组" in line)
    assert row.split() == ["2", "林木加工产业招商组", "22.50", "12.00", "4.29", "1.60", "6.67", "0.00",
                           "0.00", "0.00", "0.00", "-3.00", "44.06"]
    assert "未录入，按 0 分计" in out


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2021-02-30"], "截止日期「2021-02-30」不是有效日期，应为 YYYY-MM-DD"),
    (["--as-of", "2022-01-01"], "截止日期 2022-01-01 不在 2021 年内"),
])
def test_bad_dates_are_chinese_errors(plan2021, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        assess(*args)


def test_a_year_without_a_plan(db):
    with pytest.raises(CommandError, match="没有 2021 年的年度计划"):
        assess()
    # The command-line exit status: 1, the message on stderr.
    from zhaoshang.manage import main
    with pytest.raises(SystemExit) as exit_:
        main(["zhaoshang", "assess", "--year", "2021"])
    assert exit_.value.code == 1
