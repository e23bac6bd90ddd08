"""`zhaoshang newplan`, `zhaoshang issueplan` and `zhaoshang loadplan plan.json`: what they say,
what they write (via="cli"), and that bad input is a Chinese CommandError with nothing written."""
import json
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.models import CoUnit, IndustryGroup, Unit
from zhaoshang.plans.models import AnnualPlan, GroupTarget
from zhaoshang.plans.planfile import PlanFileError, parse_plan

EXAMPLE = Path(settings.PROJECT_DIR) / "docs" / "examples" / "plan-example.json"


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def state():
    tables = (AnnualPlan, GroupTarget, IndustryGroup, CoUnit, Unit, ChangeRecord)
    return [list(model.objects.order_by("pk").values()) for model in tables]


def refused(*args, match):
    before = state()
    with pytest.raises(CommandError, match=match) as error:
        run(*args)
    assert error.value.returncode == 1
    assert state() == before
    return str(error.value)


# --- newplan -----------------------------------------------------------------------------------

def test_newplan_copies_last_years_plan(plan2021):
    last = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first()
    lines = run("newplan", "--year", "2022", "--copy-from", "2021")
    assert lines == ["已新建2022年度计划草案：鹿寨县2022年投资促进工作方案",
                     "县级目标和 8 个产业招商组的目标复制自2021年度计划",
                     "请在「年度计划」中核对、分解目标，再用 zhaoshang issueplan --year 2022 下达"]
    plan = AnnualPlan.objects.get(year=2022)
    assert plan.status == "draft" and plan.funds_target == Decimal("450000.00")
    assert GroupTarget.objects.get(plan=plan, group__code="forestry").signed_target == 7
    records = ChangeRecord.objects.filter(pk__gt=last)
    assert records.count() == 9  # the plan and its 8 targets
    assert {(r.action, r.via, r.user) for r in records} == {("create", "cli", None)}


def test_newplan_without_a_source_starts_at_zero(plan2021):
    assert run("newplan", "--year", "2022")[1] == "8 个产业招商组的目标均为 0"
    assert AnnualPlan.objects.get(year=2022).funds_target == Decimal("0")


@pytest.mark.parametrize("args, message", [
    (["--year", "2022", "--copy-from", "2019"], "没有2019年度计划"),
    (["--year", "2021"], "2021年度计划已存在"),
    (["--year", "1999"], "年度须在 2000–2100 之间"),
    (["--year", "明年"], "--year 须为年度（整数），例如 2022"),
    (["--year", "2022", "--copy-from", "去年"], "--copy-from 须为年度（整数），例如 2022"),
])
def test_newplan_refuses_bad_input(plan2021, args, message):
    assert refused("newplan", *args, match=message) == message


# --- issueplan ---------------------------------------------------------------------------------

def test_issueplan_issues_on_the_given_day(plan2021):
    run("newplan", "--year", "2022", "--copy-from", "2021")
    lines = run("issueplan", "--year", "2022", "--date", "2022-02-15")
    assert lines == ["2022年度计划已于2022-02-15下达：鹿寨县2022年投资促进工作方案",
                     "此后各产业招商组的目标只能通过目标调整变更"]
    plan = AnnualPlan.objects.get(year=2022)
    assert plan.status == "issued" and plan.issued_on == date(2022, 2, 15)
    assert ChangeRecord.objects.filter(object_id=plan.pk, reason="下达年度计划", via="cli").exists()


def test_issueplan_defaults_to_today(plan2021):
    run("newplan", "--year", "2022", "--copy-from", "2021")
    run("issueplan", "--year", "2022")
    assert AnnualPlan.objects.get(year=2022).issued_on == date.today()


def test_issueplan_refuses_bad_input(plan2021):
    refused("issueplan", "--year", "2030", match="没有2030年度计划")
    run("newplan", "--year", "2022")
    refused("issueplan", "--year", "2022", match="请先填写全县区外境内到位资金和新签约项目数目标，再下达")
    refused("issueplan", "--year", "2022", "--date", "2022-13-01", match="--date 须为日期 YYYY-MM-DD")
    refused("issueplan", "--year", "2021", match="2021年度计划已下达")


# --- loadplan plan.json ------------------------------------------------------------------------

def test_the_example_file_loads_cleanly_and_again_changes_nothing(db):
    lines = run("loadplan", str(EXAMPLE))
    assert lines[0] == "新建年度计划：青山县2022年投资促进工作方案"
    assert lines[-1] == "青山县2022年投资促进工作方案：完成"
    plan = AnnualPlan.objects.get(year=2022)
    assert plan.status == "issued" and plan.funds_target == Decimal("200000.00")
    targets = {t.group.code: t for t in plan.targets.select_related("group")}
    assert list(targets) == ["food", "materials", "tourism"]
    assert targets["materials"].funds_target == Decimal("65000.00")  # "6.5" 亿元
    assert targets["tourism"].funds_target == Decimal("35000.00")   # 3.5 亿元, a JSON number
    assert sum(t.funds_target for t in targets.values()) == plan.funds_target
    assert IndustryGroup.objects.get(code="food").co_unit_names()[0] == "县投促中心"
    before = state()
    assert run("loadplan", str(EXAMPLE)) == ["青山县2022年投资促进工作方案：已是最新，未作修改"]
    assert state() == before


def write(tmp_path, data, name="plan.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
                    encoding="utf-8")
    return str(path)


def example():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_a_bad_file_lists_every_problem_and_writes_nothing(plan2021, tmp_path):
    data = example()
    data["funds_target"] = "二十亿"
    data["fund_target"] = 1
    del data["title"]
    data["groups"][1]["funds_target_yi"] = "很多"
    data["groups"][1]["signed_target"] = -1
    data["groups"][2]["code"] = "food"
    data["groups"][2]["co_units"].append("县文体广旅局")
    data["groups"].append("林业组")
    message = refused("loadplan", write(tmp_path, data), match="计划文件有 8 处问题，未写入任何数据")
    assert message.splitlines()[1:] == [
        "  plan.json 「fund_target」: 未知的字段，可用：year, title, document, threshold, funds_target, "
        "signed_target, emerging_share_target, planned_investment_target, industrial_target, "
        "major_industrial_target, groups",
        "  plan.json 「title」: 缺少此项",
        "  plan.json 「funds_target」: 须为数字",
        "  plan.json groups[1] 「funds_target_yi」: 须为数字",
        "  plan.json groups[1] 「signed_target」: 须为不小于 0 的整数",
        "  plan.json groups[2] 「co_units」: 牵头单位「县文体广旅局」不能同时是本组的协办单位",
        "  plan.json groups[3]: 须为对象，如 {\"code\": …, \"name\": …}",
        "  plan.json groups[2] 「code」: 「food」与 groups[0] 重复",
    ]


@pytest.mark.parametrize("text, message", [
    ('{"year": 2022, "groups": [}', "plan.json 第1行第27列: 不是有效的 JSON"),
    ("[1, 2]", "plan.json: 须为一个 JSON 对象"),
])
def test_a_file_that_is_not_a_plan_object(db, tmp_path, text, message):
    refused("loadplan", write(tmp_path, text), match=message)


def test_a_missing_file_and_an_unknown_name(db, tmp_path):
    refused("loadplan", str(tmp_path / "nowhere.json"), match="找不到文件")
    refused("loadplan", "qingshan-2022", match="未知的计划「qingshan-2022」")


def test_a_utf8_bom_and_left_out_optional_fields_are_fine(db, tmp_path):
    data = example()
    for key in ("document", "threshold", "emerging_share_target", "planned_investment_target",
                "industrial_target", "major_industrial_target"):
        del data[key]
    for group in data["groups"]:
        del group["co_units"], group["industrial_target"], group["major_industrial_target"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8-sig")
    run("loadplan", str(path))
    plan = AnnualPlan.objects.get(year=2022)
    assert plan.threshold == Decimal("500.00") and plan.emerging_share_target == Decimal("0.30")
    assert plan.document == "" and plan.targets.get(group__code="food").industrial_target == 0


@pytest.mark.parametrize("key, value, message", [
    ("funds_target_yi", "1.0000001", "单位为亿元，折合万元后最多两位小数"),
    ("funds_target_yi", True, "须为数字"),
    ("signed_target", 2.5, "须为不小于 0 的整数"),
    ("code", "Food Group", "须为不超过30个字符的小写字母、数字或下划线"),
    ("name", "", "不能为空"),
    ("co_units", "县投促中心", "须为单位名称的列表"),
    ("co_units", ["县投促中心", "县投促中心"], "单位重复：县投促中心"),
])
def test_group_values_are_checked(key, value, message):
    data = example()
    data["groups"][0][key] = value
    with pytest.raises(PlanFileError) as error:
        parse_plan(json.loads(json.dumps(data)), "plan.json")
    assert error.value.problems == [f"plan.json groups[0] 「{key}」: {message}" + (
        "，例如 forestry" if key == "code" else "")]


@pytest.mark.parametrize("key, value, message", [
    ("year", "2022", "年度须为 2000–2100 之间的整数"),
    ("threshold", "500.001", "「500.001」超过两位小数（单位：万元）"),
    ("planned_investment_target", -1, "不能为负数"),
    ("emerging_share_target", "30%", "须为数字"),
    ("emerging_share_target", 1.2, "须在 0 到 1 之间，最多两位小数，例如 0.30 表示 30%"),
    ("groups", [], "须为产业招商组的列表，至少一个组"),
])
def test_plan_values_are_checked(key, value, message):
    data = example()
    data[key] = value
    with pytest.raises(PlanFileError) as error:
        parse_plan(data, "plan.json")
    assert error.value.problems == [f"plan.json 「{key}」: {message}"]
