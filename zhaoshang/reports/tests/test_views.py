"""The 附件1 page at `/`, the two downloads, and the number filters the page uses."""
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from zhaoshang.projects.tests.factories import make_funds, make_project
from zhaoshang.reports.templatetags.numfmt import dash, money, percent, thousands, yi

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def ledger(plan2021):
    project = make_project("emerging", code="E1", total_investment="20000", industrial=True)
    make_funds(project, "2021-03-01", "60000")        # 6 亿 of 8: ahead of 序时进度 on 06-30
    make_funds(make_project("forestry", code="F1"), "2021-04-01", "1234.56")


def test_page_without_a_plan_says_how_to_load_one(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "zhaoshang loadplan luzhai-2021" in response.content.decode()


def test_page_shows_the_completion_table(client, ledger):
    response = client.get(reverse("reports:attachment1"), {"year": "2021", "as_of": "2021-06-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "投资促进管理系统" in html and "鹿寨县" in html
    assert "序时进度" in html and "49.59%" in html
    assert "林木加工产业招商组" in html and "柳州紫荆技术转移中心" in html
    assert "0.12" in html and "75.00%" in html            # 1 234.56 万元 in 亿元; 6 of 8 亿
    rows = {row["name"]: row for row in response.context["table_rows"][1:]}
    assert rows["林木加工产业招商组"]["behind_time_progress"] is True
    assert rows["战略性新兴产业招商组"]["behind_time_progress"] is False
    assert html.count('<tr class="group behind">') == 7 and '<tr class="total behind">' in html
    assert "/reports/attachment1.xlsx?year=2021&amp;as_of=2021-06-30" in html
    assert 'action="/reports/attachment2.xlsx"' in html and 'value="forestry"' in html
    assert "/static/css/app.css" in html


def test_page_defaults_to_the_latest_plan_and_its_year_end(client, ledger):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["year"] == 2021
    assert "截至 2021年12月31日" in response.content.decode()


@pytest.mark.parametrize("query, message", [
    ({"year": "abc"}, "年度「abc」无效"),
    ({"year": "2030"}, "没有 2030 年的年度计划"),
    ({"year": "2021", "as_of": "2021-02-30"}, "截止日期「2021-02-30」无效"),
    ({"year": "2021", "as_of": "2022-01-01"}, "不在 2021 年内"),
])
def test_bad_parameters_give_400_in_chinese(client, plan2021, query, message):
    for name in ["reports:attachment1", "reports:attachment1_xlsx", "reports:attachment2_xlsx"]:
        response = client.get(reverse(name), query)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_attachment1_download(client, ledger):
    response = client.get("/reports/attachment1.xlsx", {"year": "2021", "as_of": "2021-06-30"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws["A2"].value == "2021年鹿寨县各产业招商组招商引资目标任务分解表"
    assert "2021年6月30日" in ws["A3"].value


def test_attachment2_download_of_one_group(client, ledger):
    response = client.get("/reports/attachment2.xlsx", {"year": "2021", "group": "forestry"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws["A2"].value == "鹿寨县2021年招商引资项目统计表"
    assert ws["A3"].value == "填报单位：林木加工产业招商组"
    assert ws.cell(7, 2).value == "F1"


def test_attachment2_unknown_group_is_400(client, plan2021):
    response = client.get("/reports/attachment2.xlsx", {"year": "2021", "group": "nope"})
    assert response.status_code == 400
    assert "没有代码为「nope」的产业招商组" in response.content.decode()


def test_downloads_without_a_plan_are_400(client, db):
    assert client.get("/reports/attachment1.xlsx").status_code == 400
    assert client.get("/reports/attachment2.xlsx").status_code == 400


def test_number_filters():
    assert money(Decimal("1234567.125")) == "1,234,567.13"    # 四舍五入
    assert money(Decimal("0")) == "0.00" and money(None) == "—"
    assert money(Decimal("2.5"), 0) == "3"
    assert thousands(12345) == "12,345" and thousands(None) == "—"
    assert percent(Decimal("0.49589")) == "49.59%" and percent(None) == "—"
    assert percent(Decimal("0.3"), 0) == "30%"
    assert dash("") == "—" and dash("县投促中心") == "县投促中心"
    assert yi(Decimal("12345.67")) == Decimal("1.234567") and yi(None) is None
