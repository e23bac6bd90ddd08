"""年度计划 the office enters: a draft from last year's, its targets while a draft, 下达, and
afterwards only 目标调整 changes a group's target (SPEC §7)."""
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import liaison_user, office_user
from zhaoshang.plans import annual, workflow
from zhaoshang.plans.models import AnnualPlan, GroupTarget

Status = AnnualPlan.Status


def problems(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def state():
    return (AnnualPlan.objects.count(), GroupTarget.objects.count(), ChangeRecord.objects.count(),
            list(AnnualPlan.objects.values()), list(GroupTarget.objects.values()))


def test_loadplan_plans_are_issued(plan2021):
    assert plan2021.status == Status.ISSUED


def test_a_new_year_from_last_years_plan(plan2021):
    office = office_user()
    plan = annual.create_plan(2022, copy_from=plan2021, actor=office)
    assert (plan.year, plan.status, plan.issued_on) == (2022, Status.DRAFT, None)
    assert plan.title == "鹿寨县2022年投资促进工作方案" and plan.document == ""
    assert (plan.funds_target, plan.threshold, plan.emerging_share_target) == (
        Decimal("450000.00"), Decimal("500.00"), Decimal("0.30"))
    forestry = plan.targets.get(group__code="forestry")
    assert (forestry.funds_target, forestry.signed_target) == (Decimal("160000.00"), 7)
    assert plan.targets.count() == 8
    assert annual.target_sums(plan) == {"funds_target": Decimal("450000.00"), "signed_target": 30,
                                        "industrial_target": 20, "major_industrial_target": 8}
    created = ChangeRecord.objects.filter(action="create", user=office)
    assert created.filter(object_type="annualplan").get().reason == "以2021年度计划为底稿"
    assert created.filter(object_type="grouptarget").count() == 8


def test_a_new_year_from_nothing_starts_at_zero(plan2021):
    plan = annual.create_plan(2022)
    assert plan.funds_target == 0 and plan.signed_target == 0
    assert set(plan.targets.values_list("funds_target", flat=True)) == {Decimal("0")}
    assert annual.next_year() == 2023


@pytest.mark.parametrize("year, message", [(2021, "2021年度计划已存在"), (1999, "年度须在 2000–2100 之间"),
                                           (2101, "年度须在 2000–2100 之间")])
def test_a_bad_year_is_refused(plan2021, year, message):
    before = state()
    assert problems(lambda: annual.create_plan(year)) == {"year": [message]}
    assert state() == before


def test_a_draft_changes_freely_and_every_change_is_logged(plan2021):
    plan = annual.create_plan(2022, copy_from=plan2021)
    office = office_user()
    annual.update_plan(plan, {"funds_target": Decimal("500000"), "document": "鹿政办发〔2022〕8号"},
                       targets={"forestry": {"funds_target": Decimal("200000"), "signed_target": 8}},
                       reason="市下达新任务", actor=office)
    plan.refresh_from_db()
    assert plan.funds_target == Decimal("500000.00") and plan.document == "鹿政办发〔2022〕8号"
    forestry = plan.targets.get(group__code="forestry")
    assert (forestry.funds_target, forestry.signed_target) == (Decimal("200000.00"), 8)
    entry = ChangeRecord.objects.filter(object_type="grouptarget", action="update").get()
    assert (entry.before, entry.after, entry.reason, entry.user, entry.group_id) == (
        {"funds_target": "160000.00", "signed_target": 7},
        {"funds_target": "200000.00", "signed_target": 8}, "市下达新任务", office, forestry.group_id)
    # The 2021 plan is untouched.
    assert plan2021.targets.get(group__code="forestry").funds_target == Decimal("160000.00")


@pytest.mark.parametrize("values, targets, errors", [
    ({"title": "  "}, None, {"title": ["请填写方案名称"]}),
    ({"funds_target": Decimal("-1")}, None, {"funds_target": ["不能为负数"]}),
    ({"emerging_share_target": Decimal("1.5")}, None,
     {"emerging_share_target": ["新兴产业项目占比须在 0 到 1 之间，例如 0.30 表示 30%"]}),
    ({}, {"forestry": {"signed_target": -2}}, {"forestry-signed_target": ["不能为负数"]}),
    ({}, {"nowhere": {"signed_target": 2}}, {"targets": ["没有代码为「nowhere」的产业招商组"]}),
])
def test_bad_values_are_refused_and_nothing_is_written(plan2021, values, targets, errors):
    plan = annual.create_plan(2022, copy_from=plan2021)
    before = state()
    assert problems(lambda: annual.update_plan(plan, values, targets=targets)) == errors
    assert state() == before


def test_issue_then_numbers_are_fixed(plan2021):
    plan = annual.create_plan(2022, copy_from=plan2021)
    annual.issue_plan(plan, issued_on=datetime.date(2022, 3, 1), actor=office_user())
    plan.refresh_from_db()
    assert (plan.status, plan.issued_on) == (Status.ISSUED, datetime.date(2022, 3, 1))
    before = state()
    errors = problems(lambda: annual.update_plan(
        plan, {"funds_target": Decimal("1")}, targets={"forestry": {"signed_target": 1}}))
    assert errors == {
        "funds_target": ["2022年度计划已于2022-03-01下达，不能再修改区外境内到位资金目标（万元）；各组目标只能通过目标调整变更"],
        "forestry-targets": ["2022年度计划已于2022-03-01下达，不能再修改林木加工产业招商组的目标；各组目标只能通过目标调整变更"]}
    assert state() == before
    # The wording may still be corrected.
    annual.update_plan(plan, {"document": "鹿政办发〔2022〕8号", "funds_target": plan.funds_target})
    assert AnnualPlan.objects.get(year=2022).document == "鹿政办发〔2022〕8号"
    assert problems(lambda: annual.issue_plan(plan)) == {"__all__": ["2022年度计划已于2022-03-01下达"]}


@pytest.mark.parametrize("county, groups, message", [
    (Decimal("0"), Decimal("1000"), "请先填写全县区外境内到位资金和新签约项目数目标，再下达"),
    (Decimal("450000"), Decimal("0"), "各产业招商组的目标任务都还是 0，请先分解目标，再下达"),
])
def test_an_empty_plan_is_not_issued(plan2021, county, groups, message):
    plan = annual.create_plan(2022)
    annual.update_plan(plan, {"funds_target": county, "signed_target": 30},
                       targets={"forestry": {"funds_target": groups}})
    assert problems(lambda: annual.issue_plan(plan)) == {"__all__": [message]}
    assert AnnualPlan.objects.get(year=2022).status == Status.DRAFT


def test_no_adjustment_request_against_a_draft(plan2021):
    plan = annual.create_plan(2022, copy_from=plan2021)
    target = plan.targets.get(group__code="forestry")
    errors = problems(lambda: workflow.submit_adjustment(
        target, {"signed_target": "6"}, reason="洪灾", user=liaison_user("forestry")))
    assert errors["__all__"] == ["2022年度计划尚未下达，草案中的目标由领导小组办公室在「年度计划」中直接修改，不需要申请调整"]


def test_every_unknown_group_is_named(plan2021):
    plan = annual.create_plan(2022)
    errors = problems(lambda: annual.update_plan(plan, {}, targets={"a": {}, "b": {}}))
    assert errors == {"targets": ["没有代码为「a」、「b」的产业招商组"]}


@pytest.mark.parametrize("day, message", [
    (datetime.date(2030, 1, 1), "下达日期不能晚于今天"),
    (datetime.date(2020, 12, 31), "2022年度计划的下达日期应在2021年或2022年"),
])
def test_a_bad_issue_date_is_refused(plan2021, day, message):
    plan = annual.create_plan(2022, copy_from=plan2021)
    assert problems(lambda: annual.issue_plan(plan, issued_on=day)) == {"issued_on": [message]}
    annual.issue_plan(plan, issued_on=datetime.date(2021, 12, 20))  # before the year: allowed
    assert AnnualPlan.objects.get(year=2022).issued_on == datetime.date(2021, 12, 20)


def test_loadplan_does_not_overwrite_a_draft(db):
    annual.create_plan(2021)  # the office began 2021 by hand before anyone ran loadplan
    before = state()
    with pytest.raises(CommandError, match="2021年度计划是办公室正在录入的草案，loadplan 不覆盖草案"):
        call_command("loadplan", "luzhai-2021", stdout=StringIO())
    assert state() == before
