"""`zhaoshang stats`: the JSON shape of the issue, the readable table, the error exits."""
import io
import json
import re

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from zhaoshang.projects.models import Origin, Stage
from zhaoshang.projects.tests.factories import make_funds, make_project

FIGURE_KEYS = ["funds_in_place", "foreign_funds_in_place", "signed_projects", "industrial_projects",
               "major_industrial_projects", "emerging_projects", "planned_investment", "exited_projects",
               "funds_target", "signed_target", "industrial_target", "major_industrial_target"]
AMOUNT_KEYS = {"funds_in_place", "foreign_funds_in_place", "planned_investment", "funds_target",
               "planned_investment_target"}
CODES = ["forestry", "emerging", "electroplating", "automotive", "logistics", "agriculture",
         "infrastructure", "culture_tourism"]


@pytest.fixture
def ledger(plan2021):
    """A small ledger: counted, foreign, in-region and exited projects, 续建 funds of 2020."""
    major = make_project("forestry", Stage.STARTED, code="F1", industrial=True, total_investment="12000")
    make_funds(major, "2020-12-15", "100")          # last year: not in 2021's figures
    make_funds(major, "2021-04-01", "300.50")
    emerging = make_project("emerging", code="E1", emerging=True, total_investment="800",
                            signed_on="2021-05-10")
    make_funds(emerging, "2021-06-01", "200")
    foreign = make_project("automotive", code="A1", origin=Origin.FOREIGN, industrial=True,
                           total_investment="600", signed_on="2021-02-01")
    make_funds(foreign, "2021-03-01", "50")
    local = make_project("logistics", code="L1", origin=Origin.IN_REGION, total_investment="9000")
    make_funds(local, "2021-03-02", "1000")
    exited = make_project("forestry", Stage.EXITED, code="F2", total_investment="700",
                          signed_on="2021-02-01", exited_on="2021-05-01")
    make_funds(exited, "2021-03-01", "20")


def stats(*args):
    out = io.StringIO()
    call_command("stats", "--year", "2021", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_shape_of_the_issue(ledger):
    data = json.loads(stats("--json"))
    assert data["year"] == 2021 and data["as_of"] == "2021-12-31"
    assert [g["code"] for g in data["groups"]] == CODES
    assert data["groups"][0]["name"] == "林木加工产业招商组"
    for row in [data["county"], *data["groups"]]:
        for key in FIGURE_KEYS:
            if key in AMOUNT_KEYS:
                assert re.fullmatch(r"\d+\.\d\d", row[key]), (key, row[key])
            else:
                assert type(row[key]) is int, (key, row[key])
    assert {"emerging_share", "planned_investment_target"} <= set(data["county"])


def test_json_values_on_the_hand_made_ledger(ledger):
    county = json.loads(stats("--json"))["county"]
    assert county["funds_in_place"] == "520.50"         # 300.50 + 200 + 20 (exited later: funds count)
    assert county["foreign_funds_in_place"] == "50.00"
    assert county["signed_projects"] == 3                # F1, E1, A1; L1 in-region, F2 exited
    assert county["industrial_projects"] == 2
    assert county["major_industrial_projects"] == 1
    assert county["emerging_projects"] == 1
    assert county["planned_investment"] == "13400.00"
    assert county["exited_projects"] == 1
    assert county["funds_target"] == "450000.00" and county["signed_target"] == 30
    assert county["planned_investment_target"] == "1000000.00"
    assert county["emerging_share"] == "0.3333"
    forestry = json.loads(stats("--json"))["groups"][0]
    assert forestry["funds_in_place"] == "320.50" and forestry["exited_projects"] == 1
    assert forestry["funds_target"] == "160000.00" and forestry["signed_target"] == 7


def test_json_up_to_an_as_of_date(ledger):
    data = json.loads(stats("--as-of", "2021-03-31", "--json"))
    assert data["as_of"] == "2021-03-31"
    assert data["county"]["funds_in_place"] == "20.00"
    # F2 exits on 05-01, after the as-of date: still a signed project then.
    assert data["county"]["signed_projects"] == 3 and data["county"]["exited_projects"] == 0


def test_json_is_utf8_not_escaped(ledger):
    assert "林木加工产业招商组" in stats("--json")


def test_table_in_chinese(ledger):
    text = stats("--as-of", "2021-06-30")
    assert "年度：2021" in text and "截止日期：2021-06-30" in text and "序时进度：49.59%" in text
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("产业招商组"))
    assert all(h in header for h in ["到位资金（万元）", "目标（万元）", "完成率", "签约", "工业",
                                     "亿元工业", "计划投资（万元）", "退出"])
    forestry = next(line for line in lines if line.startswith("林木加工产业招商组"))
    assert "320.50" in forestry and "160,000.00" in forestry and "1/7" in forestry
    assert forestry.endswith("落后")
    total = next(line for line in lines if line.startswith("合计"))
    assert "520.50" in total and "450,000.00" in total and "3/30" in total


def test_table_columns_line_up(ledger):
    """CJK characters take two terminal columns: every number ends at the same place."""
    from zhaoshang.stats.management.commands.stats import width

    lines = stats().splitlines()
    rows = [line for line in lines if line.startswith(("林木", "战略", "合计"))]
    ends = {width(line[:line.index("%") + 1]) for line in rows}
    assert len(ends) == 1


@pytest.mark.parametrize("args, message", [
    (["--year", "2022"], "没有 2022 年的年度计划"),
    (["--year", "2021", "--as-of", "2022-01-01"], "不在 2021 年内"),
    (["--year", "2021", "--as-of", "2021-02-30"], "不是有效日期"),
    (["--year", "2021", "--as-of", "30/06/2021"], "不是有效日期"),
])
def test_errors_are_chinese_and_exit_1(plan2021, args, message, capsys):
    with pytest.raises(CommandError, match=message):
        call_command("stats", *args)
    command = load_command_class("zhaoshang.stats", "stats")
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["zhaoshang", "stats", *args])
    assert exit_info.value.code == 1
    assert message in capsys.readouterr().err
