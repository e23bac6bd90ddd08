"""附件1 and 附件2 workbooks: layout, merges, figures equal to `year_figures`, print setup."""
import datetime
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl.utils import range_boundaries

from zhaoshang.core.money import yi
from zhaoshang.plans.annual import create_plan
from zhaoshang.plans.catalog import LUZHAI_2021
from zhaoshang.projects.models import Origin, Stage
from zhaoshang.projects.tests.factories import group_of, make_funds, make_project
from zhaoshang.reports.exports import attachment1_table, attachment1_workbook, attachment2_workbook
from zhaoshang.stats.figures import year_figures
from zhaoshang.org.scope import Scope

D = datetime.date
AS_OF = D(2021, 6, 30)
LEDGER_HEADERS = ["项目编号", "项目名称", "投资方", "投资方来源", "产业招商组", "是否工业项目",
                  "是否新兴产业", "是否三企入桂", "总投资（万元）", "项目阶段", "签约日期", "开工日期",
                  "投产日期", "退出日期", "退出原因", "建设地点", "建设内容", "进展情况", "存在问题"]


@pytest.fixture
def ledger(plan2021):
    """Projects of several groups and origins, all over the threshold; one exited in 2020."""
    major = make_project("forestry", Stage.STARTED, code="F1", industrial=True, total_investment="12000")
    make_funds(major, "2020-12-15", "100")
    make_funds(major, "2021-04-01", "300.50")
    make_funds(major, "2021-08-01", "999")                # after the as-of date
    other = make_project("forestry", code="F2", emerging=True, total_investment="800")
    make_funds(other, "2021-06-30", "0.01")
    foreign = make_project("automotive", code="A1", origin=Origin.FOREIGN, total_investment="600")
    make_funds(foreign, "2021-03-01", "50")
    local = make_project("logistics", code="L1", origin=Origin.IN_REGION, total_investment="9000")
    make_funds(local, "2021-03-02", "1000")
    make_project("agriculture", Stage.NEGOTIATING, code="G1", total_investment=None, signed_on=None,
                 origin="", investor="")
    make_project("forestry", Stage.EXITED, code="OLD", signed_on="2020-03-01", exited_on="2020-10-01")


def save_and_load(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active


def sheet_xml(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def written_cells(xml):
    """{coordinate: raw text} of every cell that carries a value in the file."""
    cells = {}
    for ref, body in re.findall(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>(.*?)</c>)', xml):
        value = re.search(r"<v>(.*?)</v>|<t[^>]*>(.*?)</t>", body or "")
        if value:
            cells[ref] = value.group(1) if value.group(1) is not None else value.group(2)
    return cells


def assert_values_only_top_left(ws, xml):
    cells = written_cells(xml)
    for merged in ws.merged_cells.ranges:
        min_col, min_row, max_col, max_row = range_boundaries(merged.coord)
        for ref in cells:
            col = openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+", ref).group())
            row = int(re.search(r"\d+", ref).group())
            inside = min_col <= col <= max_col and min_row <= row <= max_row
            assert not inside or (col, row) == (min_col, min_row), f"{ref} inside {merged.coord}"


# ---- 附件1 --------------------------------------------------------------------------------------

def test_attachment1_title_and_merged_header(plan2021):
    data, ws = save_and_load(attachment1_workbook(2021, AS_OF, scope=Scope.everything()))
    assert ws["A2"].value == "2021年鹿寨县各产业招商组招商引资目标任务分解表"
    assert "截止日期：2021年6月30日" in ws["A3"].value and "序时进度：49.59%" in ws["A3"].value
    merged = {r.coord for r in ws.merged_cells.ranges}
    assert {"A2:P2", "A4:A5", "B4:B5", "C4:C5", "E4:E5", "F4:F5", "G4:G5", "H4:I4", "J4:K4",
            "L4:M4", "N4:O4", "P4:P5", "A6:C6"} <= merged
    assert [ws.cell(4, c).value for c in range(1, 8)] == [
        "产业招商组", "牵头单位", "协办单位", "内资到位资金目标（亿元）", "新签约项目数（个）",
        "新引进工业项目（个）", "亿元工业项目（个）"]
    assert ws["D5"].value == "区外境内"
    assert [ws.cell(5, c).value for c in range(8, 16)] == ["完成（亿元）", "完成率", "完成（个）", "完成率",
                                                          "完成（个）", "完成率", "完成（个）", "完成率"]
    assert_values_only_top_left(ws, sheet_xml(data))


def test_attachment1_of_a_draft_plan_says_so(plan2021):
    create_plan(2022, copy_from=plan2021)
    _, ws = save_and_load(attachment1_workbook(2022, datetime.date(2022, 6, 30), scope=Scope.everything()))
    assert ws["A2"].value == "2022年鹿寨县各产业招商组招商引资目标任务分解表（草案）"


def test_attachment1_total_first_then_every_group_with_its_units(plan2021):
    _, ws = save_and_load(attachment1_workbook(2021, scope=Scope.everything()))
    assert ws["A6"].value == "合  计"
    assert [ws.cell(6, c).value for c in range(4, 8)] == [45, 30, 20, 8]
    for offset, (_, name, lead, co_units, funds, signed, industrial, major) in \
            enumerate(LUZHAI_2021["groups"]):
        row = 7 + offset
        assert [ws.cell(row, c).value for c in range(1, 8)] == [
            name, lead, "、".join(co_units), funds, signed, industrial, major]
    assert ws.cell(15, 1).value.startswith("注：1.表格内各牵头单位的招商引资数据")
    assert ws.cell(17, 1).value.startswith("3.各牵头单位目标完成情况")


def test_attachment1_completion_equals_year_figures(ledger):
    data, ws = save_and_load(attachment1_workbook(2021, AS_OF, scope=Scope.everything()))
    result = year_figures(2021, AS_OF, scope=Scope.everything())
    rows = [result["county"], *result["groups"]]
    for r, figures in enumerate(rows, start=6):
        assert ws.cell(r, 8).value == float(yi(figures["funds_in_place"]))
        for col, key in [(10, "signed_projects"), (12, "industrial_projects"),
                         (14, "major_industrial_projects")]:
            assert ws.cell(r, col).value == figures[key]
        for col, key in [(9, "funds_rate"), (11, "signed_rate"), (13, "industrial_rate"),
                         (15, "major_industrial_rate")]:
            expected = figures[key]
            # openpyxl writes 16 significant digits (Excel keeps 15).
            wanted = "—" if expected is None else pytest.approx(float(expected), rel=1e-15)
            assert ws.cell(r, col).value == wanted, (r, key)
        assert ws.cell(r, 16).value == ("落后序时进度" if figures["behind_time_progress"] else None)
    # Exact decimals in the file, not floats: 300.51 万元 is 0.030051 亿元.
    assert sheet_xml(data).count("<v>0.030051</v>") == 2   # 林木 and 合计
    assert ws["H6"].number_format == "#,##0.00" and ws["I6"].number_format == "0.00%"


def test_attachment1_print_setup(plan2021):
    _, ws = save_and_load(attachment1_workbook(2021, scope=Scope.everything()))
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9                  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$4:$5"
    assert ws.freeze_panes == "B6"
    assert ws["C7"].alignment.wrap_text and ws["A4"].font.bold
    assert ws["A7"].border.left.style == "thin"


def test_attachment1_for_some_groups_totals_their_targets(ledger):
    forestry, automotive = group_of("forestry"), group_of("automotive")
    _, total, rows = attachment1_table(2021, AS_OF, scope=Scope.groups([forestry.pk, automotive.pk]))
    assert [row["name"] for row in rows] == ["林木加工产业招商组", "汽车产业招商组"]
    assert total["funds"]["target"] == Decimal(19)
    assert total["signed"]["target"] == 12
    assert total["funds"]["actual"] == yi(Decimal("300.51"))
    assert total["funds"]["rate"] == Decimal("300.51") / Decimal("190000")


# ---- 附件2 --------------------------------------------------------------------------------------

def amounts(ws, row):
    """(总投资, 本年到位资金, 累计到位资金) of a row."""
    return tuple(Decimal(str(ws.cell(row, c).value or 0)) for c in (10, 21, 22))


def blocks(ws):
    """{subtotal row: [project rows]} below the 合计 row (row 5)."""
    result, current = {}, None
    for r in range(6, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if isinstance(label, str) and "小计" in label:
            current = r
            result[r] = []
        elif isinstance(label, int):
            result[current].append(r)
    return result


def test_attachment2_layout(ledger):
    data, ws = save_and_load(attachment2_workbook(2021, AS_OF, scope=Scope.everything()))
    assert ws["A2"].value == "鹿寨县2021年招商引资项目统计表"
    assert [ws.cell(4, c).value for c in range(1, 23)] == [
        "序号", *LEDGER_HEADERS, "本年到位资金（万元）", "累计到位资金（万元）"]
    assert ws["A5"].value.startswith("合  计")
    labels = [ws.cell(r, 1).value for r in blocks(ws)]
    assert [label.split("、")[1].split("小计")[0] for label in labels] == \
        [g[1] for g in LUZHAI_2021["groups"]]
    assert labels[0].startswith("一、")
    codes = [ws.cell(r, 2).value for rows in blocks(ws).values() for r in rows]
    assert codes == ["F1", "F2", "A1", "L1", "G1"]             # OLD left the pipeline in 2020
    assert [ws.cell(r, 1).value for rows in blocks(ws).values() for r in rows] == [1, 2, 3, 4, 5]
    f1 = next(r for rows in blocks(ws).values() for r in rows if ws.cell(r, 2).value == "F1")
    assert [ws.cell(f1, c).value for c in (4, 5, 6, 7, 8, 9, 11)] == [
        "广东某某投资有限公司", "区外境内", "林木加工产业招商组", "是", "否", "否", "开工"]
    assert ws.cell(f1, 12).value == datetime.datetime(2021, 3, 1)
    assert ws.cell(f1, 21).number_format == "#,##0.00"
    assert ws.print_title_rows == "$4:$4" and ws.page_setup.orientation == "landscape"
    assert_values_only_top_left(ws, sheet_xml(data))


def test_attachment2_subtotals_and_county_total(ledger):
    _, ws = save_and_load(attachment2_workbook(2021, AS_OF, scope=Scope.everything()))
    grand = [Decimal(0)] * 3
    for subtotal_row, rows in blocks(ws).items():
        expected = [sum((amounts(ws, r)[i] for r in rows), Decimal(0)) for i in range(3)]
        assert list(amounts(ws, subtotal_row)) == expected
        grand = [a + b for a, b in zip(grand, expected)]
    assert list(amounts(ws, 5)) == grand
    # Every listed project is over the threshold, so this year's funds are the stats' three sums.
    county = year_figures(2021, AS_OF, scope=Scope.everything())["county"]
    assert amounts(ws, 5)[1] == (county["funds_in_place"] + county["foreign_funds_in_place"]
                                 + county["in_region_funds_in_place"]) == Decimal("1350.51")
    assert amounts(ws, 5)[2] == Decimal("1450.51")          # with the 2020 funds, not those after as-of
    note = ws.cell(ws.max_row, 1).value
    assert "纳入统计的区外境内到位资金300.51万元" in note and "境外到位资金50.00万元" in note


def test_attachment2_one_group(ledger):
    forestry = group_of("forestry")
    _, ws = save_and_load(attachment2_workbook(2021, AS_OF, scope=Scope.groups([forestry.pk])))
    assert ws["A3"].value == "填报单位：林木加工产业招商组"
    assert list(blocks(ws).values()) and len(blocks(ws)) == 1
    assert {ws.cell(r, 6).value for rows in blocks(ws).values() for r in rows} == {"林木加工产业招商组"}
    assert amounts(ws, 5)[1] == Decimal("300.51")


# ---- the command --------------------------------------------------------------------------------

def test_export_table_command(ledger, tmp_path):
    out = io.StringIO()
    call_command("export_table", "attachment1", "--year", "2021", "--as-of", "2021-06-30",
                 "-o", str(tmp_path / "a1.xlsx"), stdout=out)
    assert "已导出" in out.getvalue()
    assert openpyxl.load_workbook(tmp_path / "a1.xlsx").active["A2"].value.endswith("目标任务分解表")
    call_command("export_table", "attachment2", "--year", "2021", "--group", "forestry",
                 "-o", str(tmp_path / "a2.xlsx"), stdout=out)
    assert openpyxl.load_workbook(tmp_path / "a2.xlsx").active["A3"].value.endswith("林木加工产业招商组")


@pytest.mark.parametrize("args, message", [
    (["attachment2", "--year", "2021", "--group", "nope"], "没有代码为「nope」的产业招商组"),
    (["attachment1", "--year", "2021", "--group", "forestry"], "只适用于 attachment2"),
    (["attachment1", "--year", "2020"], "没有 2020 年的年度计划"),
    (["attachment1", "--year", "2021", "--as-of", "2021-6-31"], "不是有效日期"),
    (["attachment1", "--year", "2021", "--as-of", "2020-12-31"], "不在 2021 年内"),
])
def test_export_table_errors(plan2021, tmp_path, args, message):
    target = tmp_path / "x.xlsx"
    with pytest.raises(CommandError, match=message):
        call_command("export_table", *args, "-o", str(target))
    assert not target.exists()


def test_attachment2_takes_the_same_queries_for_many_projects(plan2021, django_assert_max_num_queries):
    for i in range(30):
        make_project(["forestry", "emerging", "logistics"][i % 3], code=f"Q-{i:02}")
    with django_assert_max_num_queries(12):  # no query per project (the group's name by its id)
        attachment2_workbook(2021, AS_OF, scope=Scope.everything())
