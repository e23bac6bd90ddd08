"""Ledger workbooks built in memory for the import tests (openpyxl writes, the importer reads).

    book = ledger_workbook([project_row("A1", stage="开工", started_on="2021-06-01")],
                           [funds_row("A1", amount=12.5)])
    import_ledger(book)

Rows are dicts {field: cell value} (fields as in `ledger.PROJECT_COLUMNS`); `None` as a row
leaves a blank row.
"""
import datetime
import io

from openpyxl import Workbook

from zhaoshang.projects.ledger import FUNDS_COLUMNS, FUNDS_SHEET, PROJECT_COLUMNS, PROJECTS_SHEET

GROUP = "林木加工产业招商组"


def project_row(code="LZ-001", **cells):
    """A valid 签约 project row; `cells` override or add cells."""
    row = {"code": code, "name": "测试项目", "investor": "广东某某投资有限公司", "origin": "区外境内",
           "group": GROUP, "industrial": "是", "emerging": "否", "sanqi": "否",
           "total_investment": 12000, "stage": "签约", "signed_on": datetime.date(2021, 3, 1)}
    row.update(cells)
    return row


def row_of(project, **cells):
    """The ledger row of `project` as it stands in the system (importing it changes nothing)."""
    row = {field: getattr(project, field) for field in (
        "code", "name", "investor", "total_investment", "signed_on", "started_on", "producing_on",
        "exited_on", "location", "content", "progress", "problems")}
    row.update(origin=project.get_origin_display(), group=project.group.name, stage=project.get_stage_display(),
               industrial="是" if project.industrial else "否", emerging="是" if project.emerging else "否",
               sanqi="是" if project.sanqi else "否")
    if project.exit_reason:
        row["exit_reason"] = project.get_exit_reason_display() + (
            f"：{project.exit_reason_text}" if project.exit_reason_text else "")
    row["total_investment"] = float(project.total_investment) if project.total_investment is not None else None
    row.update(cells)
    return row


def funds_row(code="LZ-001", date=datetime.date(2021, 5, 1), amount=100, **cells):
    return {"code": code, "date": date, "amount": amount, **cells}


def _fill(ws, columns, rows, drop, headers):
    kept = [c for c in columns if c.header not in drop]
    ws.append([headers.get(c.field, c.header) for c in kept])
    for row in rows:
        ws.append([] if row is None else [row.get(c.field) for c in kept])


def ledger_workbook(projects=(), funds=(), *, drop=(), headers=None, funds_sheet=True):
    """An .xlsx in a BytesIO. `drop`: headers left out; `headers`: {field: header text} to use."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PROJECTS_SHEET
    _fill(sheet, PROJECT_COLUMNS, projects, drop, headers or {})
    if funds_sheet:
        _fill(workbook.create_sheet(FUNDS_SHEET), FUNDS_COLUMNS, funds, drop, headers or {})
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
