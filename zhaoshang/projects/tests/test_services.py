"""SPEC §4 through the services: moves, who may make them, the logs, versions and funds."""
import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.models import Role
from zhaoshang.projects.models import ExitReason, FundsRecord, Project, Stage, StageChange
from zhaoshang.projects.services import (add_funds, move_stage, remove_funds, save_project,
                                         update_funds)
from zhaoshang.projects.stages import NO_EXIT_WHEN_PRODUCING

from zhaoshang.core.tests.users import make_user

from .factories import group_of, make_funds, make_project, project_values

D = datetime.date
EXIT = {"exited_on": D(2021, 10, 1), "exit_reason": ExitReason.POLICY}
NON_FINAL = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED]

pytestmark = pytest.mark.usefixtures("plan2021")


@pytest.fixture
def group():
    return group_of("forestry")


@pytest.fixture
def office():
    return make_user(Role.OFFICE)


@pytest.fixture
def liaison(group):
    return make_user(Role.LIAISON, group)


def state():
    """Everything the services write, to prove a refusal wrote nothing."""
    return (list(Project.objects.order_by("pk").values()),
            list(StageChange.objects.order_by("pk").values()),
            list(ChangeRecord.objects.order_by("pk").values()),
            list(FundsRecord.objects.order_by("pk").values()))


@contextmanager
def refused(**expected):
    """The block raises ValidationError with exactly `expected` {field: message} and writes nothing."""
    before = state()
    with pytest.raises(ValidationError) as info:
        yield
    assert {k: v[0] for k, v in info.value.message_dict.items()} == expected
    assert state() == before


def fresh(project):
    return Project.objects.get(pk=project.pk)


# ---- creating ---------------------------------------------------------------------------------

@pytest.mark.parametrize("stage", list(Stage))
def test_factory_makes_a_project_at_every_stage(group, stage):
    project = make_project(group, stage)
    assert project.stage == stage and project.version == 1
    change = project.stage_changes.get()
    assert (change.from_stage, change.to_stage, change.via) == ("", stage, "test")
    entry = ChangeRecord.objects.get(object_type="project", object_id=project.pk)
    assert entry.action == ChangeRecord.Action.CREATE and entry.after["stage"] == stage
    assert entry.group_id == group.pk


@pytest.mark.parametrize("field,message", [
    ("code", "项目编号不能为空"), ("name", "项目名称不能为空"), ("group", "请选择产业招商组"),
])
def test_identity_fields_are_required(group, field, message):
    values = {**project_values(Stage.LEAD), "group": group, field: None if field == "group" else " "}
    with refused(**{field: message}):
        save_project(values)


def test_code_is_unique(group):
    make_project(group, code="P1")
    with refused(code="项目编号「P1」已存在"):
        make_project(group, code="P1")


@pytest.mark.parametrize("amount,message", [
    ("1000.001", "「1000.001」超过两位小数（单位：万元）"), ("-1", "总投资不能为负数"),
    ("一千", "「一千」不是数字"),
])
def test_total_investment_must_be_money(group, amount, message):
    with refused(total_investment=message):
        make_project(group, total_investment=amount)


def test_creating_signed_without_investor_names_the_field(group):
    with refused(investor="进入「签约」阶段须填写投资方"):
        make_project(group, investor="")


@pytest.mark.parametrize("field,value,message", [
    ("stage", "done", "项目阶段「done」无效，应为：线索、在谈、签约、开工、投产、退出"),
    ("origin", "省外", "投资方来源「省外」无效，应为：区外境内、区内、境外"),
    ("exit_reason", "没钱", "退出原因「没钱」无效，应为：投资方投资有变、双方条件无法达成一致、不符合国家产业政策、其他"),
    ("signed_on", "2021-02-30", "签约日期「2021-02-30」不是有效日期（应为 YYYY-MM-DD）"),
    ("group", 999999, "产业招商组「999999」不存在"),
])
def test_values_outside_the_choices_are_refused(group, field, value, message):
    stage = Stage.EXITED if field == "exit_reason" else Stage.SIGNED
    with refused(**{field: message}):
        save_project({**project_values(stage), "group": group, field: value})


def test_dates_may_come_as_iso_text(group):
    project = make_project(group, Stage.STARTED, signed_on="2021-03-01", started_on=" 2021-04-01 ")
    assert fresh(project).started_on == D(2021, 4, 1)
    with refused(started_on="开工日期（2021-02-01）不能早于签约日期（2021-03-01）"):
        make_project(group, Stage.STARTED, signed_on="2021-03-01", started_on="2021-02-01")


def test_an_anonymous_user_cannot_exit_a_project(group):
    from django.contrib.auth.models import AnonymousUser
    project = make_project(group, Stage.SIGNED)
    with refused(stage="项目退出须经领导小组办公室或本组指挥长批准"):
        move_stage(project, Stage.EXITED, user=AnonymousUser(), **EXIT)


# ---- moving forward ---------------------------------------------------------------------------

def test_skip_forward_with_every_date(group, liaison):
    project = make_project(group, Stage.LEAD)
    project = move_stage(project, Stage.PRODUCING, user=liaison, **project_values(
        Stage.PRODUCING, code=project.code))
    assert (project.stage, project.version) == (Stage.PRODUCING, 2)


def test_skip_forward_missing_one_date_is_refused(group, liaison):
    project = make_project(group, Stage.SIGNED)
    with refused(started_on="进入「投产」阶段须填写开工日期"):
        move_stage(project, Stage.PRODUCING, user=liaison, producing_on=D(2021, 9, 1))


def test_dates_never_go_backwards(group, liaison):
    project = make_project(group, Stage.SIGNED, signed_on=D(2021, 3, 1))
    with refused(started_on="开工日期（2021-02-28）不能早于签约日期（2021-03-01）"):
        move_stage(project, Stage.STARTED, user=liaison, started_on=D(2021, 2, 28))
    assert move_stage(project, Stage.STARTED, user=liaison, started_on=D(2021, 3, 1)).stage == "started"


def test_a_date_of_a_stage_not_reached_is_refused(group, liaison):
    project = make_project(group, Stage.SIGNED)
    with refused(started_on="项目尚未到「开工」阶段，不能填写开工日期"):
        save_project({"started_on": D(2021, 6, 1)}, project=project, user=liaison)
    with refused(exited_on="项目未退出，不能填写退出日期"):
        save_project({"exited_on": D(2021, 6, 1)}, project=project, user=liaison)


# ---- exit -------------------------------------------------------------------------------------

@pytest.mark.parametrize("stage", NON_FINAL)
def test_exit_from_each_stage_before_producing(group, office, stage):
    project = make_project(group, stage)
    with refused(exited_on="进入「退出」阶段须填写退出日期"):
        move_stage(project, Stage.EXITED, user=office, exit_reason=ExitReason.POLICY)
    with refused(exit_reason="进入「退出」阶段须填写退出原因"):
        move_stage(project, Stage.EXITED, user=office, exited_on=D(2021, 10, 1))
    with refused(exit_reason_text="退出原因为「其他」时须说明具体原因"):
        move_stage(project, Stage.EXITED, user=office, exited_on=D(2021, 10, 1),
                   exit_reason=ExitReason.OTHER)
    project = move_stage(project, Stage.EXITED, user=office, exited_on=D(2021, 10, 1),
                         exit_reason=ExitReason.OTHER, exit_reason_text="企业战略调整")
    assert project.stage == Stage.EXITED
    assert project.stage_changes.last().from_stage == stage


def test_no_exit_from_producing_even_for_the_office(group, office):
    project = make_project(group, Stage.PRODUCING)
    with refused(stage=NO_EXIT_WHEN_PRODUCING):
        move_stage(project, Stage.EXITED, user=office, **EXIT)
    with refused(stage=NO_EXIT_WHEN_PRODUCING):
        make_project(group, Stage.EXITED, started_on=D(2021, 6, 1), producing_on=D(2021, 9, 1))


def test_exit_on_the_day_of_the_last_stage_date_but_not_before(group, office):
    project = make_project(group, Stage.STARTED, started_on=D(2021, 6, 1))
    with refused(exited_on="退出日期（2021-05-31）不能早于开工日期（2021-06-01）"):
        move_stage(project, Stage.EXITED, user=office, exited_on=D(2021, 5, 31),
                   exit_reason=ExitReason.POLICY)
    move_stage(project, Stage.EXITED, user=office, exited_on=D(2021, 6, 1), exit_reason=ExitReason.POLICY)


def test_exit_needs_the_office_or_the_groups_commander(group):
    project = make_project(group, Stage.SIGNED)
    for user in (make_user(Role.LIAISON, group), make_user(Role.COMMANDER, group_of("emerging")),
                 make_user(Role.CO_UNIT, group), make_user()):
        with refused(stage="项目退出须经领导小组办公室或本组指挥长批准"):
            move_stage(project, Stage.EXITED, user=user, **EXIT)
    commander = make_user(Role.COMMANDER, group)
    assert move_stage(project, Stage.EXITED, user=commander, **EXIT).stage == Stage.EXITED


def test_exited_is_final_but_for_the_offices_correction(group, office, liaison):
    project = make_project(group, Stage.EXITED)
    with refused(stage="阶段回退属于更正，只能由领导小组办公室操作"):
        move_stage(project, Stage.SIGNED, user=liaison, reason="误操作")
    with refused(stage="阶段回退须填写更正原因"):
        move_stage(project, Stage.SIGNED, user=office)
    project = move_stage(project, Stage.SIGNED, user=office, reason="误操作，恢复签约")
    assert (project.stage, project.exited_on, project.exit_reason) == (Stage.SIGNED, None, "")
    assert project.signed_on == D(2021, 3, 1)


def test_editing_an_exited_project_is_not_a_move(group, liaison):
    project = make_project(group, Stage.EXITED)
    project = save_project({"progress": "已联系企业"}, project=project, user=liaison)
    assert project.stage_changes.count() == 1


# ---- moving backward --------------------------------------------------------------------------

def test_backward_by_a_non_office_user_is_refused(group, liaison):
    project = make_project(group, Stage.STARTED)
    commander = make_user(Role.COMMANDER, group)
    for user in (liaison, commander):
        with refused(stage="阶段回退属于更正，只能由领导小组办公室操作"):
            move_stage(project, Stage.SIGNED, user=user, reason="填错了")


def test_backward_by_the_office_needs_a_reason(group, office):
    project = make_project(group, Stage.STARTED)
    with refused(stage="阶段回退须填写更正原因"):
        move_stage(project, Stage.SIGNED, user=office, reason="  ")


def test_backward_clears_the_later_dates(group, office):
    project = make_project(group, Stage.PRODUCING)
    project = move_stage(project, Stage.SIGNED, user=office, reason="开工日期录错")
    project = fresh(project)
    assert (project.stage, project.signed_on, project.started_on, project.producing_on) == \
        (Stage.SIGNED, D(2021, 3, 1), None, None)
    project = move_stage(project, Stage.LEAD, user=office, reason="尚未签约")
    assert fresh(project).signed_on is None


# ---- the logs ---------------------------------------------------------------------------------

def test_every_move_writes_a_stage_change_and_a_change_record(group, office):
    project = make_project(group, Stage.SIGNED)
    move_stage(project, Stage.STARTED, user=office, via="board", started_on=D(2021, 6, 1))
    move_stage(project, Stage.SIGNED, user=office, via="form", reason="开工日期待核实")
    changes = list(project.stage_changes.values_list("user", "from_stage", "to_stage", "reason", "via"))
    assert changes == [(None, "", "signed", "", "test"),
                       (office.pk, "signed", "started", "", "board"),
                       (office.pk, "started", "signed", "开工日期待核实", "form")]
    records = ChangeRecord.objects.filter(object_type="project", object_id=project.pk).order_by("pk")
    moves = [(r.action, r.user_id, r.before, r.after, r.reason, r.via) for r in records[1:]]
    assert moves == [
        ("stage", office.pk, {"stage": "signed", "started_on": None},
         {"stage": "started", "started_on": "2021-06-01"}, "", "board"),
        ("stage", office.pk, {"stage": "started", "started_on": "2021-06-01"},
         {"stage": "signed", "started_on": None}, "开工日期待核实", "form"),
    ]


def test_an_edit_without_a_move_is_an_update(group, liaison):
    project = make_project(group, Stage.SIGNED, total_investment="1000")
    save_project({"total_investment": "1200.50"}, project=project, user=liaison)
    assert project.stage_changes.count() == 1
    entry = ChangeRecord.objects.filter(object_id=project.pk, object_type="project").first()
    assert (entry.action, entry.before, entry.after) == (
        "update", {"total_investment": "1000.00"}, {"total_investment": "1200.50"})


# ---- optimistic version -----------------------------------------------------------------------

def test_a_stale_version_is_refused_and_nothing_written(group, liaison):
    project = make_project(group, Stage.SIGNED)
    save_project({"progress": "第一次修改"}, project=project, user=liaison, expected_version=1)
    with refused(__all__="该项目已被他人修改，请刷新后在最新内容上重新修改"):
        move_stage(project, Stage.STARTED, user=liaison, expected_version=1, started_on=D(2021, 6, 1))
    project = move_stage(project, Stage.STARTED, user=liaison, expected_version="2",
                         started_on=D(2021, 6, 1))
    assert project.version == 3


# ---- funds ------------------------------------------------------------------------------------

def test_funds_are_recorded_with_a_change_record(group, liaison):
    project = make_project(group)
    funds = make_funds(project, "2021-04-01", "123.45", user=liaison, note="首笔")
    assert fresh(project).funds.get().amount == Decimal("123.45")
    entry = ChangeRecord.objects.get(object_type="fundsrecord", object_id=funds.pk)
    assert (entry.action, entry.user_id, entry.after) == (
        "create", liaison.pk, {"date": "2021-04-01", "amount": "123.45", "note": "首笔"})


@pytest.mark.parametrize("amount,message", [
    ("1.005", "「1.005」超过两位小数（单位：万元）"), ("-0.01", "金额不能为负数"), ("", "金额不能为空"),
    ("abc", "「abc」不是数字"),
])
def test_funds_amount_must_be_money(group, amount, message):
    project = make_project(group)
    with refused(amount=message):
        make_funds(project, "2021-04-01", amount)


def test_funds_need_a_date(group):
    project = make_project(group)
    with refused(date="请填写到位日期"):
        add_funds(project, date=None, amount="1")


def test_zero_funds_are_allowed(group):
    assert make_funds(make_project(group), "2021-04-01", "0").amount == Decimal("0.00")


def test_one_funds_record_per_project_and_date(group):
    project = make_project(group)
    make_funds(project, "2021-04-01", "10")
    other = make_funds(project, "2021-04-02", "20")
    with refused(date="2021-04-01 已有到位资金记录，请修改该记录"):
        make_funds(project, "2021-04-01", "5")
    with refused(date="2021-04-01 已有到位资金记录"):
        update_funds(other, date=D(2021, 4, 1), amount="20")
    assert update_funds(other, date=D(2021, 4, 2), amount="25").amount == Decimal("25.00")
    make_funds(make_project(group), "2021-04-01", "5")  # the same day on another project is fine


def test_funds_update_logs_before_and_after(group, liaison):
    funds = make_funds(make_project(group), "2021-04-01", "10")
    update_funds(funds, date=D(2021, 4, 3), amount="10", user=liaison, reason="日期更正")
    entry = ChangeRecord.objects.filter(object_type="fundsrecord").first()
    assert (entry.action, entry.before, entry.after, entry.reason) == (
        "update", {"date": "2021-04-01"}, {"date": "2021-04-03"}, "日期更正")


def test_no_funds_after_the_exit(group):
    project = make_project(group, Stage.EXITED, exited_on=D(2021, 10, 1))
    with refused(date="到位日期不能晚于项目退出日期（2021-10-01）"):
        make_funds(project, "2021-10-02", "10")
    funds = make_funds(project, "2021-10-01", "10")
    with refused(date="到位日期不能晚于项目退出日期（2021-10-01）"):
        update_funds(funds, date=D(2021, 10, 2), amount="10")


def test_no_funds_dated_after_today(group):
    """Money that has not arrived is not in place (SPEC §4); today, Asia/Shanghai, is fine."""
    project = make_project(group)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    with refused(date=f"到位日期（{tomorrow}）晚于今天（{today}）：尚未到位的资金不能登记"):
        add_funds(project, date=tomorrow, amount="10")
    funds = add_funds(project, date=today, amount="10")
    with refused(date=f"到位日期（2030-01-01）晚于今天（{today}）：尚未到位的资金不能登记"):
        update_funds(funds, date=D(2030, 1, 1), amount="10")


def test_no_funds_dated_before_2000(group):
    project = make_project(group)
    with refused(date="到位日期（1999-12-31）早于 2000-01-01，请核对"):
        add_funds(project, date=D(1999, 12, 31), amount="10")
    funds = add_funds(project, date=D(2000, 1, 1), amount="10")
    with refused(date="到位日期（1900-01-01）早于 2000-01-01，请核对"):
        update_funds(funds, date=D(1900, 1, 1), amount="10")


def test_funds_note_with_a_hidden_character_is_refused(group):
    project = make_project(group)
    with refused(note="第3个字符是看不见的文字方向控制符，请删除后重新填写"):
        add_funds(project, date=D(2021, 4, 1), amount="1", note="设备\u202e款")


def test_no_exit_before_a_recorded_funds_date(group, office):
    project = make_project(group, Stage.STARTED)
    make_funds(project, "2021-07-15", "10")
    with refused(exited_on="退出日期不能早于已登记的到位资金日期（2021-07-15）"):
        move_stage(project, Stage.EXITED, user=office, exited_on=D(2021, 7, 14),
                   exit_reason=ExitReason.INVESTOR_CHANGED)
    move_stage(project, Stage.EXITED, user=office, exited_on=D(2021, 7, 15),
               exit_reason=ExitReason.INVESTOR_CHANGED)


def test_removing_funds_needs_a_reason_and_is_logged(group, liaison):
    funds = make_funds(make_project(group), "2021-04-01", "10")
    with refused(reason="删除到位资金须填写原因"):
        remove_funds(funds, reason=" ")
    remove_funds(funds, reason="重复登记", user=liaison)
    assert not FundsRecord.objects.exists()
    entry = ChangeRecord.objects.filter(object_type="fundsrecord").first()
    assert (entry.action, entry.before["amount"], entry.reason) == ("delete", "10.00", "重复登记")


def test_saving_unchanged_values_writes_nothing(plan2021):
    from zhaoshang.core.models import ChangeRecord
    from zhaoshang.projects.services import save_project
    from zhaoshang.projects.tests.factories import make_project

    project = make_project("forestry", stage="signed")
    version, records = project.version, ChangeRecord.objects.count()
    saved = save_project({"name": project.name, "total_investment": project.total_investment},
                         project=project, expected_version=version)
    saved.refresh_from_db()
    assert saved.version == version and ChangeRecord.objects.count() == records


# ---- what people type: look-alike codes, hidden characters ------------------------------------

@pytest.mark.parametrize("typed", ["ＬＺ２０２１－００１", "LZ2021\u200b-001", " LZ2021-001\u3000"])
def test_the_code_is_stored_as_it_looks(group, typed):
    project = save_project(project_values(code=typed, group=group))
    assert fresh(project).code == "LZ2021-001"


def test_a_look_alike_of_an_existing_code_is_the_same_code(group):
    make_project(group, code="LZ2021-001")
    with refused(code="项目编号「LZ2021-001」已存在"):
        save_project(project_values(code="ＬＺ２０２１－００１", group=group))


@pytest.mark.parametrize("field", ["name", "investor", "location", "progress"])
def test_project_text_with_a_hidden_character_is_refused(group, field):
    with refused(**{field: "第2个字符是看不见的文字方向控制符，请删除后重新填写"}):
        save_project(project_values(group=group, **{field: "甲\u202e乙"}))


def test_a_hidden_character_already_stored_does_not_block_other_edits(group):
    project = make_project(group)
    Project.objects.filter(pk=project.pk).update(location="旧\x07地址")  # entered before the rule
    saved = save_project({"name": "新名称"}, project=fresh(project))
    assert (saved.name, saved.location) == ("新名称", "旧\x07地址")
