"""`zhaoshang loadplan luzhai-2021`: the 2021 plan of SPEC §11 and the seed's 附件1, idempotent."""
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.models import CoUnit, IndustryGroup, Unit
from zhaoshang.plans.models import AnnualPlan, GroupTarget

# Copied by hand from the seed's 附件1 (协办单位 in its order), not from plans/catalog.py.
ATTACHMENT1 = [
    ("forestry", "林木加工产业招商组", "县自然资源和规划局",
     "县投促中心、县发改局、县住建局、县应急管理局、县财政局、鹿寨经开区管委、鹿寨生态环境局、县税务局、驰普公司",
     "160000.00", 7, 7, 5),
    ("emerging", "战略性新兴产业招商组", "鹿寨经开区管委",
     "县投促中心、县发改局、县自然资源和规划局、县住建局、县科工贸局、县财政局、县应急管理局、鹿寨生态环境局、县税务局、柳州紫荆技术转移中心",
     "80000.00", 8, 6, 1),
    ("electroplating", "电镀产业招商组", "江口乡",
     "县投促中心、鹿寨经开区管委、县发改局、县科工贸局、鹿寨生态环境局、县应急管理局、县税务局、县财政局、荣凯华源公司",
     "20000.00", 2, 2, 0),
    ("automotive", "汽车产业招商组", "鹿寨经开区管委",
     "县投促中心、县发改局、县自然资源和规划局、县住建局、县科工贸局、鹿寨生态环境局、县应急管理局、县税务局、县财政局、县土地和房屋征收中心",
     "30000.00", 5, 5, 2),
    ("logistics", "商贸物流产业招商组", "县科工贸局",
     "县投促中心、县发改局、县自然资源和规划局、县住建局、县交通局、鹿寨经开区管委、县财政局、鹿寨生态环境局、县税务局、江口乡",
     "30000.00", 2, 0, 0),
    ("agriculture", "农业产业招商组", "县农业农村局",
     "县投促中心、县发改局、县水利局、县自然资源和规划局、县住建局、鹿寨生态环境局、县税务局",
     "20000.00", 2, 0, 0),
    ("infrastructure", "基础设施及房地产产业招商组", "县住建局",
     "县投促中心、县发改局、县自然资源和规划局、县交通局、县水利局、县财政局、县税务局",
     "70000.00", 3, 0, 0),
    ("culture_tourism", "文旅产业与教育卫生招商组", "县文体广旅局",
     "县投促中心、县发改局、县住建局、县教育局、县卫健局、县自然资源和规划局、县财政局、鹿寨生态环境局、县税务局、祥鹿公司",
     "40000.00", 1, 0, 0),
]


def loadplan(*args):
    out = StringIO()
    call_command("loadplan", *args, stdout=out)
    return out.getvalue()


def state():
    tables = (AnnualPlan, GroupTarget, IndustryGroup, CoUnit, Unit, ChangeRecord)
    return [list(model.objects.order_by("pk").values()) for model in tables]


@pytest.fixture
def loaded(db):
    return loadplan("luzhai-2021")


def test_first_run_says_what_it_created(loaded):
    lines = loaded.splitlines()
    assert lines[0] == "新建年度计划：鹿寨县2021年投资促进工作方案"
    assert "新建产业招商组：林木加工产业招商组" in lines
    assert "设置林木加工产业招商组协办单位 9 个" in lines
    assert "新建林木加工产业招商组2021年目标" in lines
    assert lines[-1] == "鹿寨县2021年投资促进工作方案：完成"


def test_second_run_changes_nothing_and_logs_nothing(loaded):
    before = state()
    assert loadplan("luzhai-2021") == "鹿寨县2021年投资促进工作方案：已是最新，未作修改\n"
    assert state() == before


def test_county_targets(loaded):
    plan = AnnualPlan.objects.get(year=2021)
    assert (plan.title, plan.document) == ("鹿寨县2021年投资促进工作方案", "鹿政办发〔2021〕17号")
    assert plan.threshold == Decimal("500.00")
    assert plan.funds_target == Decimal("450000.00")  # 45 亿元
    assert plan.planned_investment_target == Decimal("1000000.00")  # 100 亿元
    assert plan.emerging_share_target == Decimal("0.30")
    assert (plan.signed_target, plan.industrial_target, plan.major_industrial_target) == (30, 20, 8)


def test_groups_lead_units_co_units_and_targets_as_attachment1(loaded):
    groups = list(IndustryGroup.objects.order_by("position"))
    assert [g.code for g in groups] == [row[0] for row in ATTACHMENT1]
    for group, (code, name, lead, co_units, funds, signed, industrial, major) in zip(groups, ATTACHMENT1):
        assert (group.name, group.lead_unit.name) == (name, lead)
        assert group.co_unit_names() == co_units.split("、"), code
        target = GroupTarget.objects.get(plan__year=2021, group=group)
        assert (target.funds_target, target.signed_target, target.industrial_target,
                target.major_industrial_target) == (Decimal(funds), signed, industrial, major), code


def test_group_targets_add_up_to_the_county_targets(loaded):
    plan = AnnualPlan.objects.get(year=2021)
    targets = list(plan.targets.all())
    assert sum(t.funds_target for t in targets) == plan.funds_target
    assert sum(t.signed_target for t in targets) == plan.signed_target
    assert sum(t.industrial_target for t in targets) == plan.industrial_target
    assert sum(t.major_industrial_target for t in targets) == plan.major_industrial_target


def test_a_rerun_restores_what_was_changed_by_hand_and_logs_it(loaded):
    target = GroupTarget.objects.get(group__code="forestry")
    GroupTarget.objects.filter(pk=target.pk).update(signed_target=99)
    group = IndustryGroup.objects.get(code="agriculture")
    group.co_unit_links.filter(position=1).delete()
    output = loadplan("luzhai-2021")
    assert output.splitlines() == ["更新林木加工产业招商组2021年目标", "设置农业产业招商组协办单位 7 个",
                                   "鹿寨县2021年投资促进工作方案：完成"]
    assert GroupTarget.objects.get(pk=target.pk).signed_target == 7
    assert group.co_unit_names()[0] == "县投促中心"
    entry = ChangeRecord.objects.filter(object_type="grouptarget").first()
    assert (entry.action, entry.before, entry.after) == ("update", {"signed_target": 99},
                                                          {"signed_target": 7})
    # The co-unit lists before and after, in 附件1's order, under the group.
    records = ChangeRecord.objects.filter(object_type="industrygroup", object_id=group.pk)
    entry = records.order_by("id").last()
    assert (entry.action, entry.group_id, entry.via) == ("update", group.pk, "cli")
    assert entry.before == {"co_units": ATTACHMENT1[5][3].split("、")[1:]}
    assert entry.after == {"co_units": ATTACHMENT1[5][3].split("、")}


def test_every_unit_and_co_unit_list_is_logged_when_first_loaded(loaded):
    units = ChangeRecord.objects.filter(object_type="unit", action="create")
    assert sorted(units.values_list("object_repr", flat=True)) == sorted(
        Unit.objects.values_list("name", flat=True))
    lists = ChangeRecord.objects.filter(object_type="industrygroup", before__co_units=[])
    assert lists.count() == 8


def test_an_unknown_plan_is_refused(db):
    with pytest.raises(CommandError, match="未知的计划「luzhai-2030」"):
        loadplan("luzhai-2030")
