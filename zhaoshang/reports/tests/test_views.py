"""报表: the 附件1 page and the two downloads for each role, and the number filters."""
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from zhaoshang.core.tests.users import leader_user, liaison_user, office_user, outsider_user
from zhaoshang.projects.tests.factories import make_funds, make_project
from zhaoshang.core.formats import dash, money, percent, thousands, yi

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORESTRY, EMERGING = "林木加工产业招商组", "战略性新兴产业招商组"


@pytest.fixture
def ledger(plan2021):
    project = make_project("emerging", code="E1", total_investment="20000", industrial=True)
    make_funds(project, "2021-03-01", "60000")        # 6 亿 of 8: ahead of 序时进度 on 06-30
    make_funds(make_project("forestry", code="F1"), "2021-04-01", "1234.56")


@pytest.fixture
def office(client, db):
    client.force_login(office_user())
    return client


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def cells(ws):
    return {cell.value for row in ws.iter_rows() for cell in row if cell.value is not None}


def test_anonymous_is_sent_to_sign_in(client, ledger):
    for url in ["/reports/", "/reports/attachment1.xlsx", "/reports/attachment2.xlsx"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/?next=/reports/")


def test_page_without_a_plan_says_how_to_load_one(office):
    response = office.get("/reports/")
    assert response.status_code == 200
    assert "设置 · 年度计划" in response.content.decode()


def test_page_shows_the_completion_table(office, ledger):
    response = office.get(reverse("reports:attachment1"), {"year": "2021", "as_of": "2021-06-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "投资促进管理系统" in html and "鹿寨县" in html
    assert "序时进度" in html and "49.59%" in html
    assert FORESTRY in html and "柳州紫荆技术转移中心" in html
    assert "0.12" in html and "75.00%" in html            # 1 234.56 万元 in 亿元; 6 of 8 亿
    rows = {row["name"]: row for row in response.context["table_rows"][1:]}
    assert rows[FORESTRY]["behind_time_progress"] is True
    assert rows[EMERGING]["behind_time_progress"] is False
    assert html.count('<tr class="group behind">') == 7 and '<tr class="total behind">' in html
    assert "/reports/attachment1.xlsx?year=2021&amp;as_of=2021-06-30" in html
    assert "/reports/attachment2.xlsx?year=2021&amp;as_of=2021-06-30" in html
    assert 'value="forestry"' in html and "/static/css/app.css" in html
    assert 'href="/reports/" class="topnav-head active"' in html


def test_page_of_one_group_and_its_download_links(office, ledger):
    response = office.get("/reports/", {"year": "2021", "as_of": "2021-06-30", "group": "forestry"})
    html = response.content.decode()
    assert f"2021年{FORESTRY}招商引资目标任务完成情况" in html
    assert [row["name"] for row in response.context["table_rows"][1:]] == [FORESTRY]
    assert "/reports/attachment2.xlsx?year=2021&amp;as_of=2021-06-30&amp;group=forestry" in html


def test_page_defaults_to_the_latest_plan_and_its_year_end(office, ledger):
    response = office.get("/reports/")
    assert response.status_code == 200
    assert response.context["year"] == 2021
    assert "截至 2021年12月31日" in response.content.decode()


@pytest.mark.parametrize("query, message", [
    ({"year": "abc"}, "年度「abc」无效"),
    ({"year": "2030"}, "没有 2030 年的年度计划"),
    ({"year": "2021", "as_of": "2021-02-30"}, "截止日期「2021-02-30」无效"),
    ({"year": "2021", "as_of": "2022-01-01"}, "不在 2021 年内"),
    ({"year": "2021", "group": "nope"}, "没有代码为「nope」的产业招商组"),
])
def test_bad_parameters_give_400_in_chinese(office, plan2021, query, message):
    for name in ["reports:attachment1", "reports:attachment1_xlsx", "reports:attachment2_xlsx"]:
        response = office.get(reverse(name), query)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_attachment1_download(office, ledger):
    ws = workbook(office.get("/reports/attachment1.xlsx", {"year": "2021", "as_of": "2021-06-30"}))
    assert ws["A2"].value == "2021年鹿寨县各产业招商组招商引资目标任务分解表"
    assert "2021年6月30日" in ws["A3"].value


def test_attachment2_download_of_one_group(office, ledger):
    ws = workbook(office.get("/reports/attachment2.xlsx", {"year": "2021", "group": "forestry"}))
    assert ws["A2"].value == "鹿寨县2021年招商引资项目统计表"
    assert ws["A3"].value == f"填报单位：{FORESTRY}"
    assert ws.cell(7, 2).value == "F1"


def test_downloads_without_a_plan_are_400(office):
    assert office.get("/reports/attachment1.xlsx").status_code == 400
    assert office.get("/reports/attachment2.xlsx").status_code == 400


def test_leader_reads_the_county_and_downloads(client, ledger):
    client.force_login(leader_user())
    html = client.get("/reports/", {"year": "2021"}).content.decode()
    assert FORESTRY in html and EMERGING in html and 'href="/import/"' not in html
    assert FORESTRY in cells(workbook(client.get("/reports/attachment1.xlsx", {"year": "2021"})))
    ws = workbook(client.get("/reports/attachment2.xlsx", {"year": "2021", "group": "emerging"}))
    assert ws.cell(7, 2).value == "E1"


def test_liaison_sees_and_downloads_only_the_own_group(client, ledger):
    client.force_login(liaison_user("forestry"))
    response = client.get("/reports/", {"year": "2021", "as_of": "2021-06-30"})
    html = response.content.decode()
    assert FORESTRY in html and EMERGING not in html
    assert response.context["total"]["funds"]["target"] == 16          # the group's, not the county's
    values = cells(workbook(client.get("/reports/attachment1.xlsx", {"year": "2021"})))
    assert FORESTRY in values and EMERGING not in values
    values = cells(workbook(client.get("/reports/attachment2.xlsx", {"year": "2021"})))
    assert "F1" in values and "E1" not in values and EMERGING not in values
    ws = workbook(client.get("/reports/attachment2.xlsx", {"year": "2021", "group": "forestry"}))
    assert ws.cell(7, 2).value == "F1"


def test_liaison_asking_for_another_group_gets_404(client, ledger):
    client.force_login(outsider_user("emerging"))
    for name in ["reports:attachment1", "reports:attachment1_xlsx", "reports:attachment2_xlsx"]:
        for code in ["emerging", "nope"]:
            response = client.get(reverse(name), {"year": "2021", "group": code})
            assert response.status_code == 404
            assert EMERGING not in response.content.decode()


def test_number_filters():
    assert money(Decimal("1234567.125")) == "1,234,567.13"    # 四舍五入
    assert money(Decimal("0")) == "0.00" and money(None) == "—"
    assert money(Decimal("2.5"), 0) == "3"
    assert thousands(12345) == "12,345" and thousands(None) == "—"
    assert percent(Decimal("0.49589")) == "49.59%" and percent(None) == "—"
    assert percent(Decimal("0.3"), 0) == "30%"
    assert dash("") == "—" and dash("县投促中心") == "县投促中心"
    assert yi(Decimal("12345.67")) == Decimal("1.234567") and yi(None) is None
