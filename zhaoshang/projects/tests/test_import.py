"""The ledger import of SPEC §10: exact values, idempotence, every kind of bad row, the command."""
import datetime
import io
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from zhaoshang.changes.api.serializers import ChangeRecordSerializer
from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import office_user
from zhaoshang.org.models import IndustryGroup
from zhaoshang.projects.ledger import (FUNDS_COLUMNS, PROJECT_COLUMNS, LedgerError, import_ledger,
                                       ledger_template, plan_import, read_ledger)
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


def test_stage_correction_backwards_and_exit_are_logged(plan2021):
    import_ledger(ledger_workbook([project_row("A1", stage="开工", started_on="2021-06-01"),
                                   project_row("A2")]))
    result = import_ledger(ledger_workbook([
        project_row("A1"),  # 开工 → 签约: a correction, the office's right
        project_row("A2", stage="退出", exited_on="2021-09-30", exit_reason="投资方投资有变")]))
    assert result.problems == []
    a1, a2 = Project.objects.get(code="A1"), Project.objects.get(code="A2")
    assert (a1.stage, a1.started_on, a1.version) == (Stage.SIGNED, None, 2)
    assert (a2.stage, a2.exit_reason) == (Stage.EXITED, ExitReason.INVESTOR_CHANGED)
    moves = StageChange.objects.exclude(from_stage="").order_by("project__code")
    assert [(m.project.code, m.from_stage, m.to_stage, m.reason) for m in moves] == [
        ("A1", Stage.STARTED, Stage.SIGNED, "台账导入"), ("A2", Stage.SIGNED, Stage.EXITED, "台账导入")]
    assert ChangeRecord.objects.filter(action="stage").count() == 2


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

    def assert_as_recorded(before):
        """The last record of the project and of its funds, beside `record()`'s; their snapshots."""
        project = Project.objects.get()
        after = {}
        for obj, fields in ((project, PROJECT_FIELDS), (project.funds.get(), FUNDS_FIELDS)):
            bulk = ChangeRecord.objects.filter(object_type=obj._meta.model_name).latest("id")
            after[obj._meta.model_name] = snapshot(obj, fields)
            old, new = diff(before[obj._meta.model_name], after[obj._meta.model_name]) \
                if before else (None, after[obj._meta.model_name])
            service = record(obj, bulk.action, user=user, before=old, after=new, reason="台账导入",
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
    import_ledger(ledger_workbook(rows, funds), user=user)
    assert_as_recorded(before)
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
}


@pytest.mark.parametrize("projects, funds, line", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_bad_row_is_reported_and_nothing_written(plan2021, projects, funds, line):
    assert_refused(ledger_workbook(projects, funds), [line])


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


# --- the template ----------------------------------------------------------------------------------

def test_template_has_headers_lists_and_an_example_that_imports(plan2021):
    workbook = ledger_template()
    projects, funds = workbook["项目台账"], workbook["到位资金"]
    assert [c.value for c in projects[1]] == [c.header for c in PROJECT_COLUMNS]
    assert [c.value for c in funds[1]] == [c.header for c in FUNDS_COLUMNS]
    lists = {str(v.sqref)[0]: v.formula1 for v in projects.data_validations.dataValidation}
    assert lists["D"] == '"区外境内,区内,境外"'
    assert lists["F"] == lists["G"] == lists["H"] == '"是,否"'
    assert lists["J"] == '"线索,在谈,签约,开工,投产,退出"'
    assert lists["E"] == "'选项'!$A$1:$A$8"
    assert workbook["选项"]["A1"].value == "林木加工产业招商组"
    assert projects.column_dimensions["B"].width == 30

    book = io.BytesIO()
    workbook.save(book)
    result = import_ledger(book)
    assert (result.problems, result.created_projects, result.created_funds) == ([], 1, 1)
    assert Project.objects.get().total_investment == Decimal("12000.00")
    assert FundsRecord.objects.get().amount == Decimal("1500.50")


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
