"""The blank ledger workbook offered for download (SPEC §10).

`项目台账` and `到位资金` hold their headers and drop-down lists, no data: an example row there
would be imported as it stands, and once updated a real project (its code was LZ2021-001). The
instructions and an example of each sheet are on `填写说明`, a sheet the import does not read.
"""
import datetime

from django.conf import settings

from zhaoshang.org.models import IndustryGroup

from .ledger import (BOOLEANS, FUNDS_COLUMNS, FUNDS_SHEET, ORIGINS, PROJECT_COLUMNS, PROJECTS_SHEET,
                     STAGES)
from .models import Origin, Stage

GUIDE_SHEET = "填写说明"
EXAMPLE_PROJECT = {
    "code": "示例-001", "name": "年产10万立方米高端板材项目", "investor": "广东某某木业有限公司",
    "origin": Origin.DOMESTIC_EXTERNAL.label, "industrial": "是", "emerging": "否", "sanqi": "否",
    "total_investment": 12000, "stage": Stage.STARTED.label,
    "signed_on": datetime.date(2021, 3, 18), "started_on": datetime.date(2021, 6, 8),
    "location": "鹿寨经济开发区", "content": "建设厂房及生产线", "progress": "主体厂房施工中",
}
EXAMPLE_FUNDS = {"code": "示例-001", "date": datetime.date(2021, 6, 30), "amount": 1500.5,
                 "note": "设备款"}


def guide_lines():
    return [
        f"「{PROJECTS_SHEET}」每个项目一行，「{FUNDS_SHEET}」每笔到位资金一行；第 1 行是表头，请勿改动。",
        "项目编号是关键：系统中已有的编号会更新该项目，没有的新建；到位资金按“项目编号 + 到位日期”识别，已有的更新金额。"
        "导入从不删除数据。",
        "投资方来源、是否工业项目、是否新兴产业、是否三企入桂、项目阶段和产业招商组请从下拉列表中选择。",
        "日期填 Excel 日期或 2021-06-30 这样的文字；金额单位为万元，不小于 0，最多两位小数。",
        "到位日期不能晚于导入当天，也不能早于 2000-01-01；项目退出后不能再有到位资金。",
        "阶段比系统中的靠前（例如从投产改回开工）属于更正：导入时须填写更正原因，否则不导入。",
        f"每张工作表最多 {settings.LEDGER_MAX_ROWS:,} 行（不含表头）；只要有一处问题，整个文件都不导入，"
        "预览会逐条列出问题。",
        f"本工作表（{GUIDE_SHEET}）导入时不读取，下面的示例不会被导入。",
    ]


def _header(ws, row, columns):
    from openpyxl.styles import Alignment, Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index, value=column.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center")


def _widths(ws, columns):
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width


def _example(ws, row, columns, values):
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index, value=values.get(column.field))
        if column.kind == "date":
            cell.number_format = "yyyy-mm-dd"


def _guide(ws, group):
    from openpyxl.styles import Font

    ws["A1"] = "项目台账导入模板 · 填写说明"
    ws["A1"].font = Font(bold=True, size=14)
    for row, line in enumerate(guide_lines(), start=3):
        ws.cell(row=row, column=1, value=f"{row - 2}. {line}")
    row += 2
    for title, columns, values in ((f"示例：「{PROJECTS_SHEET}」的一行", PROJECT_COLUMNS,
                                    dict(EXAMPLE_PROJECT, group=group)),
                                   (f"示例：「{FUNDS_SHEET}」的一行", FUNDS_COLUMNS, EXAMPLE_FUNDS)):
        ws.cell(row=row, column=1, value=title).font = Font(bold=True)
        _header(ws, row + 1, columns)
        _example(ws, row + 2, columns, values)
        row += 4
    _widths(ws, PROJECT_COLUMNS)


def _inline(options):
    return '"' + ",".join(options) + '"'


def _validate(ws, columns, field_name, formula, prompt):
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter([c.field for c in columns].index(field_name) + 1)
    validation = DataValidation(type="list", formula1=formula, allow_blank=True,
                                showErrorMessage=True, error=prompt, errorTitle="输入有误")
    validation.add(f"{letter}2:{letter}10000")
    ws.add_data_validation(validation)


def ledger_template():
    """An openpyxl Workbook: 填写说明, then both ledger sheets with headers and drop-down lists."""
    # openpyxl is imported here, not at the top: it takes some 70 ms, a tenth of a CLI import's
    # fixed cost, and reading uses python-calamine.
    from zhaoshang.core.xlsx import Workbook

    groups = list(IndustryGroup.objects.values_list("name", flat=True))
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE_SHEET
    _guide(guide, groups[0] if groups else None)
    projects, funds = workbook.create_sheet(PROJECTS_SHEET), workbook.create_sheet(FUNDS_SHEET)
    for ws, columns in ((projects, PROJECT_COLUMNS), (funds, FUNDS_COLUMNS)):
        _header(ws, 1, columns)
        _widths(ws, columns)
        ws.freeze_panes = "A2"
    workbook.active = workbook.index(projects)  # it opens where the work is; 填写说明 beside it

    # Group names go on a hidden sheet: an inline list is limited to 255 characters.
    options = workbook.create_sheet("选项")
    options.sheet_state = "hidden"
    for index, name in enumerate(groups, start=1):
        options.cell(row=index, column=1, value=name)

    for name in ("industrial", "emerging", "sanqi"):
        _validate(projects, PROJECT_COLUMNS, name, _inline(BOOLEANS), "请填写 是 或 否")
    _validate(projects, PROJECT_COLUMNS, "origin", _inline(ORIGINS), "请选择 区外境内、区内 或 境外")
    _validate(projects, PROJECT_COLUMNS, "stage", _inline(STAGES), "请选择项目阶段")
    if groups:
        _validate(projects, PROJECT_COLUMNS, "group", f"'选项'!$A$1:$A${len(groups)}",
                  "请选择产业招商组（全称）")
    return workbook
