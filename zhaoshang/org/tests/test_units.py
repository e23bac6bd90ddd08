"""Units and each group's make-up (附件1): the rules of `org.units`, and loadplan beside them."""
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import office_user
from zhaoshang.org import units
from zhaoshang.org.models import IndustryGroup, Unit

FORESTRY_CO_UNITS = ["县投促中心", "县发改局", "县住建局", "县应急管理局", "县财政局", "鹿寨经开区管委",
                     "鹿寨生态环境局", "县税务局", "驰普公司"]


def forestry():
    return IndustryGroup.objects.get(code="forestry")


def problems(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def update(group, **changes):
    values = {"lead_unit": group.lead_unit.name, "co_units": units.co_unit_names(group),
              "commander": group.commander, **changes}
    return units.update_group(group, **values, actor=office_user(), via="form")


def test_create_and_rename_a_unit_are_logged(plan2021):
    office = office_user()
    unit = units.create_unit("  县商务局 ", actor=office)
    assert unit.name == "县商务局"
    units.rename_unit(unit, "县商务和口岸局", reason="机构改革", actor=office)
    unit.refresh_from_db()
    assert unit.name == "县商务和口岸局"
    created, renamed = ChangeRecord.objects.filter(object_type="unit", object_id=unit.pk).order_by("id")
    assert (created.action, created.after, created.user) == ("create", {"name": "县商务局"}, office)
    assert (renamed.before, renamed.after, renamed.reason) == (
        {"name": "县商务局"}, {"name": "县商务和口岸局"}, "机构改革")


def test_a_rename_shows_everywhere_the_unit_is_used(plan2021):
    unit = Unit.objects.get(name="县自然资源和规划局")
    units.rename_unit(unit, "县自然资源局", actor=office_user())
    assert forestry().lead_unit.name == "县自然资源局"
    assert "县自然资源局" in units.co_unit_names(IndustryGroup.objects.get(code="emerging"))


@pytest.mark.parametrize("name, message", [
    ("", "请填写单位名称"),
    ("   ", "请填写单位名称"),
    ("县" * 101, "单位名称不能超过100个字"),
    ("县财政局", "单位「县财政局」已存在"),
])
def test_bad_unit_names_are_refused_and_nothing_is_written(plan2021, name, message):
    before = (Unit.objects.count(), ChangeRecord.objects.count())
    assert problems(lambda: units.create_unit(name)) == {"name": [message]}
    unit = Unit.objects.get(name="县发改局")
    assert problems(lambda: units.rename_unit(unit, name)) == {"name": [message]}
    assert (Unit.objects.count(), ChangeRecord.objects.count()) == before


def test_renaming_to_the_same_name_writes_nothing(plan2021):
    unit = Unit.objects.get(name="县发改局")
    count = ChangeRecord.objects.count()
    units.rename_unit(unit, "县发改局")
    assert ChangeRecord.objects.count() == count


def test_update_group_changes_and_logs_only_what_changed(plan2021):
    group = forestry()
    wanted = ["县发改局", "县投促中心", "县住建局"]
    update(group, co_units=wanted, commander="张三（副县长）", reason="调整分工")
    group.refresh_from_db()
    assert units.co_unit_names(group) == wanted and group.commander == "张三（副县长）"
    record = ChangeRecord.objects.filter(object_type="industrygroup", object_id=group.pk).order_by("id").last()
    assert (record.group_id, record.via, record.reason) == (group.pk, "form", "调整分工")
    assert record.before == {"commander": "", "co_units": FORESTRY_CO_UNITS}
    assert record.after == {"commander": "张三（副县长）", "co_units": wanted}
    count = ChangeRecord.objects.count()
    update(group)  # the same again: nothing to log
    assert ChangeRecord.objects.count() == count


def test_a_new_lead_unit(plan2021):
    group = forestry()
    update(group, lead_unit="县发改局", co_units=["县投促中心"])
    group.refresh_from_db()
    assert group.lead_unit.name == "县发改局" and units.co_unit_names(group) == ["县投促中心"]


@pytest.mark.parametrize("changes, errors", [
    ({"lead_unit": ""}, {"lead_unit": ["请选择牵头单位"]}),
    ({"lead_unit": "县外事办"}, {"lead_unit": ["以下单位尚未登记：县外事办。请先在「单位」中新增"]}),
    ({"co_units": ["县发改局", "县外事办", "县侨联"]},
     {"co_units": ["以下单位尚未登记：县外事办、县侨联。请先在「单位」中新增"]}),
    ({"co_units": ["县发改局", "县财政局", "县发改局"]}, {"co_units": ["协办单位重复：县发改局"]}),
    ({"co_units": ["县自然资源和规划局"]},
     {"co_units": ["牵头单位「县自然资源和规划局」不能同时是本组的协办单位"]}),
    ({"commander": "长" * 51}, {"commander": ["指挥长不能超过50个字"]}),
])
def test_bad_group_changes_are_refused_and_nothing_is_written(plan2021, changes, errors):
    group = forestry()
    before = (units.co_unit_names(group), group.lead_unit_id, ChangeRecord.objects.count())
    assert problems(lambda: update(group, **changes)) == errors
    group = forestry()
    assert (units.co_unit_names(group), group.lead_unit_id, ChangeRecord.objects.count()) == before


def test_blank_lines_and_spaces_in_the_co_unit_list_are_ignored(plan2021):
    group = forestry()
    update(group, co_units=["", " 县发改局 ", "   ", "县财政局"])
    assert units.co_unit_names(forestry()) == ["县发改局", "县财政局"]


def loadplan():
    out = StringIO()
    call_command("loadplan", "luzhai-2021", stdout=out)
    return out.getvalue()


def test_loadplan_keeps_what_the_office_changed(plan2021):
    group = forestry()
    update(group, lead_unit="县发改局", co_units=["县投促中心", "县财政局"])
    unit = Unit.objects.get(name="县税务局")
    units.rename_unit(unit, "国家税务总局鹿寨县税务局", actor=office_user())
    assert loadplan() == "鹿寨县2021年投资促进工作方案：已是最新，未作修改\n"
    group.refresh_from_db()
    assert group.lead_unit.name == "县发改局" and units.co_unit_names(group) == ["县投促中心", "县财政局"]
    # The plan still calls it 县税务局: it finds the renamed unit instead of making a second one.
    assert not Unit.objects.filter(name="县税务局").exists()
    assert "国家税务总局鹿寨县税务局" in units.co_unit_names(IndustryGroup.objects.get(code="emerging"))


def test_loadplan_still_restores_a_group_the_office_never_changed(plan2021):
    IndustryGroup.objects.get(code="agriculture").co_unit_links.filter(position=1).delete()
    update(forestry(), commander="张三")  # the office's commander is no change of make-up
    assert loadplan().splitlines()[0] == "设置农业产业招商组协办单位 7 个"
