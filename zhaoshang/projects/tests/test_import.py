"""The ledger import of SPEC §10: exact values, idempotence, every kind of bad row, the command."""
import datetime
import io
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhaoshang.changes.api.serializers import ChangeRecordSerializer
from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import office_user
from zhaoshang.org.models import IndustryGroup
from zhaoshang.projects.ledger import (FUNDS_COLUMNS, PROJECT_COLUMNS, LedgerError, import_ledger,
                                       ledger_from_json, ledger_to_json, plan_import, preview_lines,
                                       read_ledger)
from zhaoshang.projects.ledger_template import ledger_template
from zhaoshang.projects.models import ExitReason, FundsRecord, Origin, Project, Stage, StageChange
from zhaoshang.projects.services import FUNDS_FIELDS, PROJECT_FIELDS, add_funds, save_project

from .workbooks import GROUP, funds_row, ledger_workbook, project_row

D = datetime.date
pytestmark = pytest.mark.django_db


def counts():
    return (Project.objects.count(), FundsRecord.objects.count(), ChangeRecord.objects.count(),
            StageChange.objects.count())


def assert_refused(book, expected):
    """`book` imports nothing and reports exactly the `expected` lines."""
    before = counts()
    result = import_ledger(book)
    assert result.problems == expected
    assert not result.written
    assert counts() == before


# --- valid workbooks -----------------------------------------------------------------------------

def test_valid_import_creates_projects_funds_and_logs(plan2021):
    book = ledger_workbook(
        [project_row("A1", total_investment=12345.67, sanqi="是", emerging=None),
         None,  # a blank row is skipped
         project_row("A2", stage="退出", exited_on="2021-08-01", exit_reason="其他：资金链断裂",
                     origin="境外", location="鹿寨镇", progress="已停止洽谈"),
         {"code": 1001, "name": "线索项目", "group": "电镀产业招商组", "stage": "线索"}],
        [funds_row("A1", D(2021, 5, 1), 0.1), funds_row("A1", "2021-06-01", "250.5", note="首笔"),
         funds_row("A2", D(2021, 7, 31), 3000)])
    result = import_ledger(book)

    assert result.problems == []
    assert result.written
    assert (result.created_projects, result.updated_projects) == (3, 0)
    assert (result.created_funds, result.updated_funds) == (3, 0)
    assert result.created_project_codes == ["A1", "A2", "1001"]
    assert result.summary() == "新建项目 3 个，更新项目 0 个；新增到位资金 3 条，更新 0 条"

    a1 = Project.objects.get(code="A1")
    assert a1.total_investment == Decimal("12345.67")
    assert (a1.stage, a1.signed_on, a1.origin) == (Stage.SIGNED, D(2021, 3, 1), Origin.DOMESTIC_EXTERNAL)
    assert (a1.industrial, a1.emerging, a1.sanqi, a1.group.name) == (True, False, True, GROUP)
    assert a1.version == 1
    assert [(f.date, f.amount, f.note) for f in a1.funds.all()] == [
        (D(2021, 5, 1), Decimal("0.10"), ""), (D(2021, 6, 1), Decimal("250.50"), "首笔")]
    a2 = Project.objects.get(code="A2")
    assert (a2.stage, a2.exited_on, a2.exit_reason, a2.exit_reason_text) == (
        Stage.EXITED, D(2021, 8, 1), ExitReason.OTHER, "资金链断裂")
    assert (a2.origin, a2.location, a2.progress) == (Origin.FOREIGN, "鹿寨镇", "已停止洽谈")
    lead = Project.objects.get(code="1001")  # a number typed in Excel is still the code
    assert (lead.stage, lead.total_investment, lead.investor) == (Stage.LEAD, None, "")

    moves = StageChange.objects.order_by("project__code")
    assert [(m.project.code, m.from_stage, m.to_stage, m.reason, m.via, m.user) for m in moves] == [
        ("1001", "", Stage.LEAD, "台账导入", "import", None),
        ("A1", "", Stage.SIGNED, "台账导入", "import", None),
        ("A2", "", Stage.EXITED, "台账导入", "import", None)]
    log = ChangeRecord.objects.filter(via="import")
    assert sorted((r.object_type, r.action) for r in log) == \
        [("fundsrecord", "create")] * 3 + [("project", "create")] * 3
    entry = log.get(object_type="project", object_id=a1.pk)
    assert entry.after["total_investment"] == "12345.67"
    assert (entry.after["group"], entry.group_id, entry.reason) == (GROUP, a1.group_id, "台账导入")
    assert log.get(object_type="fundsrecord", object_id=a1.funds.get(date=D(2021, 6, 1)).pk).after == \
        {"date": "2021-06-01", "amount": "250.50", "note": "首笔"}
    assert all(r.at is not None for r in log)


def test_reimport_is_idempotent_and_updates_what_changed(plan2021):
    rows = [project_row("A1"), project_row("A2", stage="开工", started_on="2021-06-01")]
    funds = [funds_row("A1", D(2021, 5, 1), 100), funds_row("A2", D(2021, 7, 1), 200)]
    import_ledger(ledger_workbook(rows, funds))
    before = counts()

    again = import_ledger(ledger_workbook(rows, funds))
    assert (again.created_projects, again.updated_projects, again.created_funds, again.updated_funds) \
        == (0, 0, 0, 0)
    assert counts() == before
    assert set(Project.objects.values_list("version", flat=True)) == {1}

    rows[0]["total_investment"] = 15000.5
    funds[1]["amount"] = 250.25
    funds.append(funds_row("A1", D(2021, 9, 1), 1))
    result = import_ledger(ledger_workbook(rows, funds))
    assert (result.updated_project_codes, result.updated_funds_keys, result.created_funds_keys) == (
        ["A1"], [("A2", D(2021, 7, 1))], [("A1", D(2021, 9, 1))])
    a1 = Project.objects.get(code="A1")
    assert (a1.total_investment, a1.version) == (Decimal("15000.50"), 2)
    assert Project.objects.get(code="A2").version == 1
    assert FundsRecord.objects.get(project__code="A2").amount == Decimal("250.25")
    assert FundsRecord.objects.count() == 3
    change = ChangeRecord.objects.get(object_type="project", action="update")
    assert (change.before, change.after) == ({"total_investment": "12000.00"},
                                             {"total_investment": "15000.50"})
    funds_change = ChangeRecord.objects.get(object_type="fundsrecord", action="update")
    assert (funds_change.before, funds_change.after) == ({"amount": "200.00"}, {"amount": "250.25"})
    assert StageChange.objects.count() == 2  # no stage moved


def test_a_stage_moved_back_is_refused_without_a_correction_reason(plan2021):
    """SPEC §4: moving back is a correction; a ledger can not do it silently."""
    import_ledger(ledger_workbook([project_row("A1", stage="投产", started_on="2021-06-01",
                                               producing_on="2021-09-01")]))
    assert_refused(ledger_workbook([project_row("A1", stage="开工", started_on="2021-06-01")]), [
        "项目台账 第2行 「项目阶段」: 项目「A1 测试项目」的阶段将从「投产」退回「开工」：阶段回退属于更正，须填写更正原因"])
    result = plan_import(read_ledger(ledger_workbook([project_row("A1", stage="开工", started_on="2021-06-01")])))
    assert (result.refused_corrections, result.corrections) == (1, [[2, "A1", "测试项目", "投产", "开工"]])


def test_a_correction_reason_allows_the_move_back_and_is_recorded(plan2021):
    import_ledger(ledger_workbook([project_row("A1", stage="开工", started_on="2021-06-01"),
                                   project_row("A2")]))
    result = import_ledger(ledger_workbook([
        project_row("A1"),  # 开工 → 签约: a correction
        project_row("A2", stage="退出", exited_on="2021-09-30", exit_reason="投资方投资有变")]),
        correction_reason="  开工日期登记有误，项目尚未开工 ")
    assert (result.problems, result.refused_corrections) == ([], 0)
    assert result.corrections == [[2, "A1", "测试项目", "开工", "签约"]]
    a1, a2 = Project.objects.get(code="A1"), Project.objects.get(code="A2")
    assert (a1.stage, a1.started_on, a1.version) == (Stage.SIGNED, None, 2)
    assert (a2.stage, a2.exit_reason) == (Stage.EXITED, ExitReason.INVESTOR_CHANGED)
    moves = StageChange.objects.exclude(from_stage="").order_by("project__code")
    assert [(m.project.code, m.from_stage, m.to_stage, m.reason) for m in moves] == [
        ("A1", Stage.STARTED, Stage.SIGNED, "开工日期登记有误，项目尚未开工"),
        ("A2", Stage.SIGNED, Stage.EXITED, "台账导入")]
    records = ChangeRecord.objects.filter(action="stage").order_by("object_id")
    assert [(r.object_id, r.reason) for r in records] == [(a1.pk, "开工日期登记有误，项目尚未开工"),
                                                          (a2.pk, "台账导入")]


@pytest.mark.parametrize("reason, line", [
    ("长" * 501, "更正原因不能超过 500 个字（现有 501 个）"),
    ("录错\u202e了", "更正原因第3个字符是看不见的文字方向控制符，请删除后重新填写"),
])
def test_a_bad_correction_reason_is_a_problem(plan2021, reason, line):
    import_ledger(ledger_workbook([project_row("A1", stage="开工", started_on="2021-06-01")]))
    before = counts()
    result = import_ledger(ledger_workbook([project_row("A1")]), correction_reason=reason)
    assert result.problems == [line]
    assert counts() == before


def test_import_updates_projects_made_in_the_system(plan2021):
    project = save_project({"code": "S1", "name": "系统内项目", "group": IndustryGroup.objects.get(name=GROUP),
                            "stage": Stage.SIGNED, "signed_on": D(2021, 3, 1), "investor": "广东某某投资有限公司",
                            "origin": Origin.DOMESTIC_EXTERNAL, "total_investment": "800",
                            "industrial": True, "sanqi_batch": "第一批"})
    add_funds(project, date=D(2021, 4, 1), amount="10", note="旧备注")
    book = ledger_workbook([project_row("S1", name="系统内项目", total_investment=800)],
                           [funds_row("S1", D(2021, 4, 1), 12)], drop=("备注",))
    result = import_ledger(book)
    assert (result.updated_project_codes, result.updated_funds) == ([], 1)
    funds = FundsRecord.objects.get()
    assert (funds.amount, funds.note) == (Decimal("12.00"), "旧备注")  # no 备注 column: note kept
    assert Project.objects.get().sanqi_batch == "第一批"  # not a ledger column: kept


def test_change_log_is_what_the_services_record(plan2021):
    """The import writes its change records in bulk; each holds what `record()` writes for the
    same object and change, so 变更记录 and /api/changes/ read them alike."""
    user = office_user()

    def shown(entry):
        data = ChangeRecordSerializer(entry, context={"group_codes": {entry.group_id: "forestry"}}).data
        return {k: v for k, v in data.items() if k not in ("id", "at")}

    def assert_as_recorded(before, reason="台账导入"):
        """The last record of the project and of its funds, beside `record()`'s; their snapshots."""
        project = Project.objects.get()
        after = {}
        for obj, fields in ((project, PROJECT_FIELDS), (project.funds.get(), FUNDS_FIELDS)):
            bulk = ChangeRecord.objects.filter(object_type=obj._meta.model_name).latest("id")
            after[obj._meta.model_name] = snapshot(obj, fields)
            old, new = diff(before[obj._meta.model_name], after[obj._meta.model_name]) \
                if before else (None, after[obj._meta.model_name])
            service = record(obj, bulk.action, user=user, before=old, after=new,
                             reason=reason if obj is project else "台账导入",
                             via="import", group_id=project.group_id)
            service.refresh_from_db()
            assert bulk.at is not None
            assert shown(bulk) == shown(service)
            service.delete()
        return after

    rows = [project_row("A1", total_investment=12345.67, stage="退出", exited_on="2021-08-01",
                        exit_reason="其他：资金链断裂", location="鹿寨镇")]
    funds = [funds_row("A1", D(2021, 5, 1), 250.5, note="首笔")]
    import_ledger(ledger_workbook(rows, funds), user=user)
    before = assert_as_recorded(None)
    rows[0].update(stage="签约", exited_on=None, exit_reason=None, name="改名项目")
    funds[0]["amount"] = 300
    import_ledger(ledger_workbook(rows, funds), user=user, correction_reason="退出登记错了")
    assert_as_recorded(before, reason="退出登记错了")
    assert sorted(ChangeRecord.objects.filter(via="import").values_list("object_type", "action")) == [
        ("fundsrecord", "create"), ("fundsrecord", "update"), ("project", "create"), ("project", "stage")]


def test_headers_tolerate_spaces_and_half_width_parentheses(plan2021):
    book = ledger_workbook([project_row("A1", total_investment="800.5")],
                           [funds_row("A1", amount=" 1,000 ")],
                           headers={"total_investment": " 总投资(万元) ", "amount": "金额 (万元)",
                                    "code": " 项目编号"})
    result = import_ledger(book)
    assert result.problems == []
    assert Project.objects.get().total_investment == Decimal("800.50")
    assert FundsRecord.objects.get().amount == Decimal("1000.00")


def test_cells_typed_in_excel_or_padded_with_spaces(plan2021):
    """Excel booleans and date-times, labels with spaces around, a full-width space as a blank."""
    book = ledger_workbook(
        [project_row(" A1 ", industrial=True, emerging=" 否 ", sanqi=False, origin=" 境外 ",
                     stage=" 开工 ", signed_on=datetime.datetime(2021, 3, 1), started_on=" 2021-6-1 ",
                     location="\u3000", exit_reason=" ")],
        [funds_row("A1", datetime.datetime(2021, 6, 30, 0, 0), " 12.5 ", note=1001)])
    result = import_ledger(book)
    assert result.problems == []
    project = Project.objects.get()
    assert (project.code, project.industrial, project.emerging, project.sanqi, project.origin, project.stage) \
        == ("A1", True, False, False, Origin.FOREIGN, Stage.STARTED)
    assert (project.signed_on, project.started_on, project.location, project.exit_reason) == (
        D(2021, 3, 1), D(2021, 6, 1), "", "")
    assert FundsRecord.objects.values_list("date", "amount", "note").get() == (
        D(2021, 6, 30), Decimal("12.50"), "1001")


def test_dry_run_writes_nothing(plan2021):
    before = counts()
    result = import_ledger(ledger_workbook([project_row("A1")], [funds_row("A1")]), dry_run=True)
    assert (result.problems, result.created_projects, result.created_funds) == ([], 1, 1)
    assert not result.written
    assert counts() == before


def test_plan_import_alone_writes_nothing(plan2021):
    ledger = read_ledger(ledger_workbook([project_row("A1")], [funds_row("A1")]))
    result = plan_import(ledger)
    assert (result.ok, result.created_project_codes, result.created_funds_keys) == (
        True, ["A1"], [("A1", D(2021, 5, 1))])
    assert counts()[:2] == (0, 0)


# --- every kind of bad row: the exact line, and nothing written ----------------------------------

P, F = "项目台账 第2行 ", "到位资金 第2行 "
BAD_ROWS = {
    "bad origin": ([project_row(origin="区外")], [],
                   P + "「投资方来源」: 「区外」不是有效的投资方来源，应为 区外境内、区内、境外 之一"),
    "unknown group": ([project_row(group="林木加工组")], [],
                      P + "「产业招商组」: 未知的产业招商组「林木加工组」，请填写产业招商组全称（见模板的下拉列表）"),
    "blank group": ([project_row(group=None)], [], P + "「产业招商组」: 请填写产业招商组"),
    "bad boolean": ([project_row(industrial="Y")], [], P + "「是否工业项目」: 「Y」应填 是 或 否"),
    "negative investment": ([project_row(total_investment=-5)], [],
                            P + "「总投资（万元）」: 「-5」不能为负数"),
    "non-numeric investment": ([project_row(total_investment="一千")], [],
                               P + "「总投资（万元）」: 「一千」不是数字"),
    "bad stage": ([project_row(stage="签了")], [],
                  P + "「项目阶段」: 「签了」不是有效的项目阶段，应为 线索、在谈、签约、开工、投产、退出 之一"),
    "blank stage": ([project_row(stage=" ")], [], P + "「项目阶段」: 请填写项目阶段"),
    "bad date text": ([project_row(signed_on="2021/3/1")], [],
                      P + "「签约日期」: 「2021/3/1」不是有效日期，请填写 Excel 日期或 YYYY-MM-DD 格式的文字"),
    "impossible date": ([project_row(signed_on="2021-02-30")], [],
                        P + "「签约日期」: 「2021-02-30」不是有效日期，请填写 Excel 日期或 YYYY-MM-DD 格式的文字"),
    "missing field for stage": ([project_row(investor="")], [],
                                P + "「投资方」: 进入「签约」阶段须填写投资方"),
    "missing date of skipped stage": ([project_row(stage="投产", producing_on="2021-09-01")], [],
                                      P + "「开工日期」: 进入「投产」阶段须填写开工日期"),
    "date of a stage not reached": ([project_row(started_on="2021-06-01")], [],
                                    P + "「开工日期」: 项目尚未到「开工」阶段，不能填写开工日期"),
    "dates out of order": ([project_row(stage="开工", started_on="2021-02-01")], [],
                           P + "「开工日期」: 开工日期（2021-02-01）不能早于签约日期（2021-03-01）"),
    "exit without reason": ([project_row(stage="退出", exited_on="2021-09-01")], [],
                            P + "「退出原因」: 进入「退出」阶段须填写退出原因"),
    "exit without date": ([project_row(stage="退出", exit_reason="双方条件无法达成一致")], [],
                          P + "「退出日期」: 进入「退出」阶段须填写退出日期"),
    "其他 without text": ([project_row(stage="退出", exited_on="2021-09-01", exit_reason="其他：")], [],
                        P + "「退出原因」: 退出原因为「其他」时须说明具体原因"),
    "bad exit reason": ([project_row(stage="退出", exited_on="2021-09-01", exit_reason="不想做了")], [],
                        P + "「退出原因」: 「不想做了」不是有效的退出原因，应为 投资方投资有变、"
                            "双方条件无法达成一致、不符合国家产业政策 或「其他：具体说明」"),
    "exit reason without exit": ([project_row(exit_reason="投资方投资有变")], [],
                                 P + "「退出原因」: 项目未退出，不能填写退出原因"),
    "blank code": ([project_row(code=None)], [], P + "「项目编号」: 项目编号不能为空"),
    "blank name": ([project_row(name="")], [], P + "「项目名称」: 项目名称不能为空"),
    "name too long": ([project_row(name="长" * 201)], [],
                      P + "「项目名称」: 不能超过 200 个字（现有 201 个）"),
    "duplicate code": ([project_row("A1"), project_row("A1")], [],
                       "项目台账 第3行 「项目编号」: 与第2行的项目编号重复"),
    "duplicate funds key": ([project_row("A1")], [funds_row("A1"), funds_row("A1", amount=5)],
                            "到位资金 第3行 「到位日期」: 与第2行的项目编号和到位日期相同（同一项目同一天只登记一条）"),
    "funds for unknown project": ([project_row("A1")], [funds_row("ZZ")],
                                  F + "「项目编号」: 项目编号「ZZ」既不在「项目台账」工作表中，也不是系统中已有的项目"),
    "funds after exit": ([project_row("A1", stage="退出", exited_on="2021-04-01", exit_reason="不符合国家产业政策")],
                         [funds_row("A1", D(2021, 4, 2))],
                         F + "「到位日期」: 到位日期不能晚于项目退出日期（2021-04-01）"),
    "funds with 3 decimals": ([project_row("A1")], [funds_row("A1", amount=1.234)],
                              F + "「金额（万元）」: 「1.234」超过两位小数（单位：万元）"),
    "negative funds": ([project_row("A1")], [funds_row("A1", amount=-1)],
                       F + "「金额（万元）」: 「-1」不能为负数"),
    "blank funds amount": ([project_row("A1")], [funds_row("A1", amount=None)],
                           F + "「金额（万元）」: 请填写金额"),
    "blank funds date": ([project_row("A1")], [funds_row("A1", date=None)],
                         F + "「到位日期」: 请填写到位日期"),
    "funds before 2000": ([project_row("A1")], [funds_row("A1", date="1999-12-31")],
                          F + "「到位日期」: 到位日期（1999-12-31）早于 2000-01-01，请核对"),
    "code of invisible characters": ([project_row(code="\u200b\u200d")], [],
                                     P + "「项目编号」: 项目编号不能为空"),
    "look-alike duplicate code": ([project_row("LZ-1"), project_row("ＬＺ－１")], [],
                                  "项目台账 第3行 「项目编号」: 与第2行的项目编号重复"),
    "bidi override in a name": ([project_row(name="测试\u202e项目")], [],
                                P + "「项目名称」: 第3个字符是看不见的文字方向控制符，请删除后重新填写"),
    "control character in content": ([project_row(content="建设_x001B_厂房")], [],  # Excel's escape of ESC
                                     P + "「建设内容」: 第3个字符是看不见的控制字符，请删除后重新填写"),
    "control character in a note": ([project_row("A1")], [funds_row("A1", note="设备\x7f款")],
                                    F + "「备注」: 第3个字符是看不见的控制字符，请删除后重新填写"),
    "investor too long": ([project_row(investor="长" * 201)], [],
                          P + "「投资方」: 不能超过 200 个字（现有 201 个）"),
    "code too long": ([project_row(code="C" * 41)], [], P + "「项目编号」: 不能超过 40 个字（现有 41 个）"),
    "note too long": ([project_row("A1")], [funds_row("A1", note="长" * 201)],
                      F + "「备注」: 不能超过 200 个字（现有 201 个）"),
}


@pytest.mark.parametrize("projects, funds, line", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_bad_row_is_reported_and_nothing_written(plan2021, projects, funds, line):
    assert_refused(ledger_workbook(projects, funds), [line])


def test_funds_dated_after_today_are_refused(plan2021):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert_refused(ledger_workbook([project_row("A1")], [funds_row("A1", tomorrow)]),
                   [f"到位资金 第2行 「到位日期」: 到位日期（{tomorrow}）晚于今天（{today}）：尚未到位的资金不能登记"])
    assert import_ledger(ledger_workbook([project_row("A1")], [funds_row("A1", today)])).written


def test_look_alike_codes_find_the_project(plan2021):
    save_project({"code": "LZ2021-001", "name": "系统内项目", "group": IndustryGroup.objects.get(name=GROUP)})
    book = ledger_workbook([project_row("ＬＺ２０２１－００１", name="系统内项目")],
                           [funds_row("LZ2021\u200b-001 ", D(2021, 5, 1), 10)])
    result = import_ledger(book)
    assert (result.problems, result.created_project_codes, result.updated_project_codes) == (
        [], [], ["LZ2021-001"])
    assert list(Project.objects.values_list("code", flat=True)) == ["LZ2021-001"]
    assert FundsRecord.objects.get().project.code == "LZ2021-001"


def test_missing_column(plan2021):
    assert_refused(ledger_workbook([project_row()], drop=("投资方来源", "金额（万元）")),
                   ["项目台账 第1行 「投资方来源」: 缺少该列", "到位资金 第1行 「金额（万元）」: 缺少该列"])


def test_duplicate_column(plan2021):
    book = ledger_workbook([project_row()], headers={"investor": "投资方来源"})
    assert_refused(book, ["项目台账 第1行 「投资方」: 缺少该列",
                          "项目台账 第1行 「投资方来源」: 该列重复（第C列和第D列）"])


def test_missing_projects_sheet(plan2021):
    book = io.BytesIO()
    from openpyxl import Workbook
    Workbook().save(book)
    assert_refused(book, ["工作簿中没有「项目台账」工作表"])


def test_funds_sheet_is_optional(plan2021):
    result = import_ledger(ledger_workbook([project_row()], funds_sheet=False))
    assert (result.problems, result.created_projects) == ([], 1)


def test_exit_before_funds_already_recorded(plan2021):
    import_ledger(ledger_workbook([project_row("A1")], [funds_row("A1", D(2021, 5, 1))]))
    assert_refused(
        ledger_workbook([project_row("A1", stage="退出", exited_on="2021-04-30", exit_reason="投资方投资有变")]),
        ["项目台账 第2行 「退出日期」: 退出日期不能早于已登记的到位资金日期（2021-05-01）"])


def test_funds_of_an_existing_project_after_its_exit(plan2021):
    import_ledger(ledger_workbook([project_row("A1", stage="退出", exited_on="2021-04-30",
                                               exit_reason="投资方投资有变")]))
    assert_refused(ledger_workbook([], [funds_row("A1", D(2021, 5, 1))]),
                   ["到位资金 第2行 「到位日期」: 到位日期不能晚于项目退出日期（2021-04-30）"])


def test_a_user_without_office_authority_cannot_exit(plan2021):
    user = get_user_model().objects.create_user("liaison")
    before = counts()
    result = import_ledger(ledger_workbook([project_row(stage="退出", exited_on="2021-09-01",
                                                        exit_reason="投资方投资有变")]), user=user)
    assert result.problems == ["项目台账 第2行 「项目阶段」: 项目退出须经领导小组办公室或本组指挥长批准"]
    assert counts() == before


def test_several_problems_reported_together_in_order(plan2021):
    book = ledger_workbook(
        [project_row("A1", origin="x", total_investment=-1), None,
         project_row("A2", stage="开工", emerging="也许"), project_row("A1")],
        [funds_row("ZZ"), funds_row("A2", amount="abc", date="昨天")])
    assert_refused(book, [
        "项目台账 第2行 「投资方来源」: 「x」不是有效的投资方来源，应为 区外境内、区内、境外 之一",
        "项目台账 第2行 「总投资（万元）」: 「-1」不能为负数",
        "项目台账 第4行 「是否新兴产业」: 「也许」应填 是 或 否",
        "项目台账 第4行 「开工日期」: 进入「开工」阶段须填写开工日期",
        "项目台账 第5行 「项目编号」: 与第2行的项目编号重复",
        "到位资金 第2行 「项目编号」: 项目编号「ZZ」既不在「项目台账」工作表中，也不是系统中已有的项目",
        "到位资金 第3行 「到位日期」: 「昨天」不是有效日期，请填写 Excel 日期或 YYYY-MM-DD 格式的文字",
        "到位资金 第3行 「金额（万元）」: 「abc」不是数字",
    ])


def test_unreadable_file(tmp_path):
    bad = tmp_path / "台账.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(LedgerError, match="无法读取「台账.xlsx」：不是有效的 Excel 工作簿"):
        read_ledger(bad)
    with pytest.raises(LedgerError, match="找不到文件"):
        read_ledger(tmp_path / "nope.xlsx")


# --- sizes: refused before parsing -----------------------------------------------------------------

def test_a_sheet_with_more_rows_than_the_limit_is_refused(plan2021, settings):
    settings.LEDGER_MAX_ROWS = 2
    book = ledger_workbook([project_row("A1"), project_row("A2"), project_row("A3")])
    with pytest.raises(LedgerError) as error:
        read_ledger(book)
    assert str(error.value) == ("「工作簿」的工作表「项目台账」范围为 A1:S4，超出 2 行（不含表头）、100 列的上限；"
                                "请删去多余的行和列，或分成几个工作簿导入")
    settings.LEDGER_MAX_ROWS = 3
    assert len(read_ledger(book).projects) == 3


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(plan2021, settings, tmp_path):
    settings.LEDGER_MAX_UNPACKED_MB = 1
    rows = [project_row(f"A{n}", content="长" * 30_000) for n in range(15)]  # 1.3 MB unpacked
    path = save(tmp_path, ledger_workbook(rows))
    with pytest.raises(LedgerError, match="^「台账.xlsx」解压后约 1 MB，超过 1 MB 的上限；请分成几个工作簿导入$"):
        read_ledger(path)


def test_one_cell_at_the_last_excel_cell_is_refused_and_the_process_lives(tmp_path):
    """Without the check python-calamine asks for 550 GB and aborts the process (a dead worker)."""
    from openpyxl import load_workbook

    path = save(tmp_path, ledger_workbook([project_row("A1")]))
    book = load_workbook(path)
    book["项目台账"]["XFD1048576"] = "x"
    book.save(path)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}", "LEDGER_MAX_ROWS": "5000"}
    run = subprocess.run([sys.executable, "-m", "zhaoshang.manage", "import_ledger", path],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 1
    assert ("「台账.xlsx」的工作表「项目台账」范围为 A1:XFD1048576，超出 5,000 行（不含表头）、100 列的上限；"
            "请删去多余的行和列，或分成几个工作簿导入") in run.stderr


# --- the template ----------------------------------------------------------------------------------

def test_template_has_headers_lists_and_no_data_row(plan2021):
    workbook = ledger_template()
    assert workbook.sheetnames == ["填写说明", "项目台账", "到位资金", "选项"]
    assert workbook.active.title == "项目台账"
    projects, funds = workbook["项目台账"], workbook["到位资金"]
    assert [c.value for c in projects[1]] == [c.header for c in PROJECT_COLUMNS]
    assert [c.value for c in funds[1]] == [c.header for c in FUNDS_COLUMNS]
    assert (projects.max_row, funds.max_row) == (1, 1)  # no example row to import by mistake
    lists = {str(v.sqref)[0]: v.formula1 for v in projects.data_validations.dataValidation}
    assert lists["D"] == '"区外境内,区内,境外"'
    assert lists["F"] == lists["G"] == lists["H"] == '"是,否"'
    assert lists["J"] == '"线索,在谈,签约,开工,投产,退出"'
    assert lists["E"] == "'选项'!$A$1:$A$8"
    assert workbook["选项"]["A1"].value == "林木加工产业招商组"
    assert projects.column_dimensions["B"].width == 30


def test_template_instructions_and_examples_are_on_their_own_sheet(plan2021):
    guide = ledger_template()["填写说明"]
    texts = [c.value for row in guide.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("项目编号是关键" in t for t in texts)
    assert any("本工作表（填写说明）导入时不读取" in t for t in texts)
    assert "示例-001" in texts and "年产10万立方米高端板材项目" in texts


def test_the_template_as_downloaded_imports_nothing(plan2021):
    """The example once updated a real project (LZ2021-001) when the template was uploaded as it was."""
    real = save_project({"code": "LZ2021-001", "name": "真实项目",
                                 "group": IndustryGroup.objects.get(name=GROUP)})
    book = io.BytesIO()
    ledger_template().save(book)
    before = counts()
    result = import_ledger(book)
    assert (result.problems, result.created_projects, result.updated_projects, result.created_funds) == (
        [], 0, 0, 0)
    assert counts() == before and Project.objects.get().name == real.name


# --- the command -----------------------------------------------------------------------------------

def save(tmp_path, book, name="台账.xlsx"):
    path = tmp_path / name
    path.write_bytes(book.getvalue())
    return str(path)


def test_command_imports_and_reports(plan2021, tmp_path):
    path = save(tmp_path, ledger_workbook([project_row("A1"), project_row("A2")], [funds_row("A1")]))
    out = io.StringIO()
    call_command("import_ledger", path, "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == ["检查通过，将新建项目 2 个，更新项目 0 个；新增到位资金 1 条，更新 0 条",
                                           "A1 新建项目「测试项目」",
                                           "A1 到位资金 2021-05-01 「金额（万元）」 — → 100.00",
                                           "A2 新建项目「测试项目」",
                                           "试运行（--dry-run）：未写入任何数据"]
    assert Project.objects.count() == 0

    out = io.StringIO()
    call_command("import_ledger", path, stdout=out)
    assert out.getvalue() == "新建项目 2 个，更新项目 0 个；新增到位资金 1 条，更新 0 条\n"
    assert Project.objects.count() == 2


def test_command_lists_problems_and_exits_1(plan2021, tmp_path):
    path = save(tmp_path, ledger_workbook([project_row("A1", origin="x"), project_row("A1")]))
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_ledger", path, stdout=out)
    assert error.value.returncode == 1  # what run_from_argv exits with
    assert str(error.value) == "台账中有 2 处问题，未导入任何数据"
    assert out.getvalue().splitlines() == [
        "项目台账 第2行 「投资方来源」: 「x」不是有效的投资方来源，应为 区外境内、区内、境外 之一",
        "项目台账 第3行 「项目编号」: 与第2行的项目编号重复"]
    assert Project.objects.count() == 0


def test_command_on_a_file_that_is_not_a_workbook(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("项目编号,项目名称\n")
    with pytest.raises(CommandError, match="无法读取「bad.xlsx」") as error:
        call_command("import_ledger", str(bad))
    assert error.value.returncode == 1

    # The real CLI exits 1 with the message (this path needs no database).
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    run = subprocess.run([sys.executable, "-m", "zhaoshang.manage", "import_ledger", str(bad)],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 1
    assert "无法读取「bad.xlsx」：不是有效的 Excel 工作簿（.xlsx）" in run.stderr


# --- what an import changes, before → after ------------------------------------------------------

@pytest.fixture
def demo_project(plan2021):
    """LZ2021-001 投产 with 总投资 85 000 and one funds record; LZ2021-002 beside it."""
    import_ledger(ledger_workbook(
        [project_row("LZ2021-001", name="年产10万立方米高端板材项目", total_investment=85000, stage="投产",
                     started_on="2021-06-08", producing_on="2021-11-01"),
         project_row("LZ2021-002", name="汽车零部件项目")],
        [funds_row("LZ2021-001", D(2021, 6, 30), 1500.5, note="设备款")]))


def changed_book():
    return ledger_workbook(
        [project_row("LZ2021-001", name="年产10万立方米高端板材项目", total_investment=12000, stage="开工",
                     started_on="2021-06-08"),
         project_row("LZ2021-002", name="汽车零部件项目")],
        [funds_row("LZ2021-001", D(2021, 6, 30), 1600, note="设备款"), funds_row("LZ2021-002", D(2021, 7, 1), 10)])


CHANGED_LINES = [
    "LZ2021-001 「总投资（万元）」 85,000.00 → 12,000.00",
    "LZ2021-001 「项目阶段」 投产 → 开工",
    "LZ2021-001 「投产日期」 2021-11-01 → —",
    "LZ2021-001 到位资金 2021-06-30 「金额（万元）」 1,500.50 → 1,600.00",
    "LZ2021-002 到位资金 2021-07-01 「金额（万元）」 — → 10.00",
]


def test_the_preview_shows_every_changed_field_before_and_after(demo_project):
    result = plan_import(read_ledger(changed_book()), correction_reason="投产日期登记有误")
    assert result.summary() == "新建项目 0 个，更新项目 1 个（另有 1 个项目没有变化）；新增到位资金 1 条，更新 1 条"
    preview = result.preview()
    assert preview_lines(preview) == CHANGED_LINES
    assert [(e["code"], e["name"], e["new"]) for e in preview["projects"]] == [
        ("LZ2021-001", "年产10万立方米高端板材项目", False), ("LZ2021-002", "汽车零部件项目", False)]


def test_changed_values_are_shown_as_on_the_pages(demo_project):
    book = ledger_workbook([project_row("LZ2021-002", name="汽车零部件项目", stage="退出", exited_on="2021-12-01",
                                        exit_reason="其他：用地未落实", group="汽车产业招商组",
                                        origin="境外", industrial="否", progress="第一行\n第二行")])
    result = plan_import(read_ledger(book))
    assert result.ok
    assert preview_lines(result.preview()) == [
        "LZ2021-002 「投资方来源」 区外境内 → 境外",
        "LZ2021-002 「产业招商组」 林木加工产业招商组 → 汽车产业招商组",
        "LZ2021-002 「是否工业项目」 是 → 否",
        "LZ2021-002 「项目阶段」 签约 → 退出",
        "LZ2021-002 「退出日期」 — → 2021-12-01",
        "LZ2021-002 「退出原因」 — → 其他：用地未落实",
        "LZ2021-002 「进展情况」 — → 第一行 ↵ 第二行",
    ]


def test_dry_run_lists_the_changes_and_counts_the_unchanged(demo_project, tmp_path):
    path = save(tmp_path, changed_book())
    out = io.StringIO()
    call_command("import_ledger", path, "--dry-run", "--correction-reason", "投产日期登记有误", stdout=out)
    assert out.getvalue().splitlines() == [
        "检查通过，将新建项目 0 个，更新项目 1 个（另有 1 个项目没有变化）；新增到位资金 1 条，更新 1 条",
        *CHANGED_LINES, "试运行（--dry-run）：未写入任何数据"]
    assert Project.objects.get(code="LZ2021-001").stage == Stage.PRODUCING


def test_command_refuses_a_move_back_without_a_correction_reason(demo_project, tmp_path):
    path = save(tmp_path, changed_book())
    before = counts()
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_ledger", path, stdout=out)
    assert error.value.returncode == 1
    assert str(error.value) == ("台账中有 1 处问题，未导入任何数据；其中 1 处是阶段回退，"
                                "确属更正请用 --correction-reason 说明原因后重新导入")
    assert out.getvalue().splitlines() == [
        "项目台账 第2行 「项目阶段」: 项目「LZ2021-001 年产10万立方米高端板材项目」的阶段将从「投产」退回「开工」："
        "阶段回退属于更正，须填写更正原因"]
    assert counts() == before


def test_command_with_a_correction_reason_records_it(demo_project, tmp_path):
    path = save(tmp_path, changed_book())
    call_command("import_ledger", path, "--correction-reason", "投产日期登记有误", stdout=io.StringIO())
    project = Project.objects.get(code="LZ2021-001")
    assert (project.stage, project.total_investment) == (Stage.STARTED, Decimal("12000.00"))
    move = project.stage_changes.latest("id")
    assert (move.from_stage, move.to_stage, move.reason, move.via) == (
        Stage.PRODUCING, Stage.STARTED, "投产日期登记有误", "import")
    assert ChangeRecord.objects.get(object_id=project.pk, action="stage").reason == "投产日期登记有误"
    # Other changes of the same import keep the import's own reason.
    assert ChangeRecord.objects.get(object_type="fundsrecord", action="update").reason == "台账导入"


def test_an_expected_plan_that_no_longer_holds_writes_nothing(demo_project):
    ledger = read_ledger(changed_book())
    shown = plan_import(ledger, correction_reason="x").preview()
    project = Project.objects.get(code="LZ2021-001")
    save_project({"total_investment": "90000"}, project=project)  # someone edits it meanwhile
    before = counts()
    result = import_ledger(ledger, correction_reason="x", expected=shown)
    assert (result.changed, result.written, result.ok) == (True, False, True)
    assert counts() == before
    assert preview_lines(result.preview())[0] == "LZ2021-001 「总投资（万元）」 90,000.00 → 12,000.00"
    assert import_ledger(ledger, correction_reason="x", expected=result.preview()).written


def test_a_ledger_kept_as_json_is_the_ledger_read(plan2021):
    """The web keeps the parsed ledger in the database and imports exactly that."""
    book = ledger_workbook(
        [project_row("A1", total_investment=12345.67, stage="退出", exited_on="2021-08-01",
                     exit_reason="其他：资金链断裂", industrial=True, progress="第一行\n第二行"),
         project_row("A2", origin="x", signed_on="2021-02-30")],
        [funds_row("A1", D(2021, 5, 1), 0.1, note="首笔")], drop=("建设地点",))
    ledger = read_ledger(book)
    kept = json.loads(json.dumps(ledger_to_json(ledger)))
    again = ledger_from_json(kept)
    assert again.projects == ledger.projects and again.funds == ledger.funds
    assert again.problems.lines() == ledger.problems.lines()
    assert again.projects[0].values["total_investment"] == Decimal("12345.67")
    assert again.funds[0].values["date"] == D(2021, 5, 1)
