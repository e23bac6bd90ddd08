"""季度通报: the data (from year_figures, the quarter's exits, the reporting cycle), the PDF read
back as text with its fonts, the workbook, the command and the page with its downloads."""
import datetime
import io
import logging
import re
import sys

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from zhaoshang.core.tests.users import (commander_user, leader_user, liaison_user, office_user)
from zhaoshang.org.models import IndustryGroup
from zhaoshang.projects.models import ExitReason, Origin
from zhaoshang.projects.tests.factories import group_of, make_funds, make_project
from zhaoshang.reports import fonts as pdf_fonts_module
from zhaoshang.reports import services
from zhaoshang.reports.bulletin import (bulletin_as_of, bulletin_data, bulletin_pdf, bulletin_xlsx,
                                        quarter_bounds)
from zhaoshang.reports.fonts import find_fonts, pdf_fonts
from zhaoshang.stats.figures import year_figures
from zhaoshang.org.scope import Scope

from .test_cycle_services import at, quarter

AS_OF = datetime.date(2021, 9, 30)
NOW = at("2021-10-10 09:00:00")


@pytest.fixture
def county(plan2021):
    """Funds: electroplating 80 %, emerging 75 % (above 序时进度 74.79 %), forestry 3.13 %, the
    rest nothing. Exits in Q2, Q3 (one signed in 2020, one in-region) and Q4. Q3 reports: forestry
    late by 2 days, emerging after the quarter (missing as of 9-30), July's 月报 on time."""
    forestry, emerging, plating = group_of("forestry"), group_of("emerging"), group_of("electroplating")
    make_funds(make_project(forestry, code="F1", total_investment="20000", industrial=True), "2021-08-02", "5000")
    make_funds(make_project(emerging, code="E1", total_investment="90000", emerging=True), "2021-05-10", "60000")
    make_funds(make_project(plating, code="P1", total_investment="30000"), "2021-09-30", "16000")
    make_funds(make_project(plating, code="P9", total_investment="30000"), "2021-10-08", "9999")  # after as-of
    make_project(forestry, "exited", code="X-Q3", name="退出甲项目", exited_on=datetime.date(2021, 8, 15),
                 exit_reason=ExitReason.POLICY)
    make_project(emerging, "exited", code="X-2020", name="续建退出项目", signed_on=datetime.date(2020, 6, 1),
                 exited_on=datetime.date(2021, 7, 20), exit_reason=ExitReason.OTHER,
                 exit_reason_text="企业搬迁")
    make_project(emerging, "exited", code="X-REGION", origin=Origin.IN_REGION,
                 exited_on=datetime.date(2021, 8, 1))
    make_project(forestry, "exited", code="X-Q2", exited_on=datetime.date(2021, 5, 1))
    make_project(forestry, "exited", code="X-Q4", exited_on=datetime.date(2021, 10, 1))
    services.submit(quarter(2021, 3), forestry, liaison_user(forestry), now=at("2021-09-20 10:00:00"))
    services.submit(quarter(2021, 3), emerging, liaison_user(emerging), now=at("2021-10-08 10:00:00"))
    july = services.open_periods(2021)
    july = next(p for p in july if p.kind == "month" and p.number == 7)
    services.submit(july, plating, liaison_user(plating), now=at("2021-07-15 10:00:00"))
    return {"forestry": forestry, "emerging": emerging, "plating": plating}


# Data ------------------------------------------------------------------------------------------

def test_quarter_bounds_and_as_of():
    assert quarter_bounds(2021, 3) == (datetime.date(2021, 7, 1), AS_OF)
    assert quarter_bounds(2024, 1)[1] == datetime.date(2024, 3, 31)
    assert bulletin_as_of(2021, 3, datetime.date(2022, 1, 5)) == AS_OF
    assert bulletin_as_of(2021, 3, datetime.date(2021, 8, 9)) == datetime.date(2021, 8, 9)  # running
    with pytest.raises(ValueError, match="尚未开始"):
        bulletin_as_of(2021, 4, datetime.date(2021, 9, 30))
    with pytest.raises(ValueError, match="季度「5」无效"):
        quarter_bounds(2021, 5)


def test_figures_are_year_figures_as_of_the_quarter_end(county):
    data = bulletin_data(2021, 3, now=NOW)
    assert data["as_of"] == AS_OF and data["issued_on"] == AS_OF  # dated by its data date
    assert data["generated_on"] == datetime.date(2021, 10, 10)
    assert data["title"] == "鹿寨县2021年第三季度招商引资工作通报"
    assert data["issuer"] == "鹿寨县重点产业招商引资工作领导小组办公室"
    assert data["figures"] == year_figures(2021, AS_OF, scope=Scope.everything())
    funds = data["county"][0]
    assert (funds["label"], funds["target"], funds["actual"]) == ("区外境内到位资金", 450000, 81000)
    assert funds["rate"] == data["figures"]["county"]["funds_rate"]
    assert [line["label"] for line in data["county"]] == [
        "区外境内到位资金", "新签约项目", "其中：新兴产业项目占比", "计划投资总额", "新引进工业项目", "亿元工业项目"]


def test_ranking_by_funds_rate_with_shared_ranks(county):
    ranked = bulletin_data(2021, 3, now=NOW)["ranking"]
    assert [(g["code"], g["rank"]) for g in ranked[:3]] == [
        ("electroplating", 1), ("emerging", 2), ("forestry", 3)]
    assert {g["rank"] for g in ranked[3:]} == {4}  # five groups at 0 %, in plan order
    assert [g["code"] for g in ranked[3:]] == ["automotive", "logistics", "agriculture",
                                               "infrastructure", "culture_tourism"]


def test_behind_lists_the_groups_under_time_progress(county):
    data = bulletin_data(2021, 3, now=NOW)
    behind = {g["name"]: g for g in data["behind"]}
    assert "战略性新兴产业招商组" not in behind and "电镀产业招商组" not in behind
    assert len(behind) == 6
    forestry = behind["林木加工产业招商组"]
    assert str(forestry["points_behind"]) == "71.67"  # 74.79 % − 3.125 %, half up
    # 160 000 × 273/365 − 5 000
    assert str(forestry["shortfall"]) == "114671.23"


def test_exits_of_the_quarter_only(county):
    exits = bulletin_data(2021, 3, now=NOW)["exits"]
    assert [e["code"] for e in exits] == ["X-2020", "X-Q3"]  # by exit date; counted projects only
    assert exits[0]["reason"] == "其他：企业搬迁" and exits[1]["reason"] == "不符合国家产业政策"
    assert exits[1]["group"] == "林木加工产业招商组"


def test_late_and_missing_reports_as_of_the_quarter_end(county):
    reports = bulletin_data(2021, 3, now=NOW)["reports"]
    assert reports["due"] == {"quarter": 8, "month": 24}
    assert (reports["on_time"], reports["late"], reports["missing"]) == (1, 1, 30)
    lapses = {(x["group"], x["report"]): x for x in reports["lapses"]}
    late = lapses[("林木加工产业招商组", "第三季度季报")]
    assert (late["status"], late["days_late"], late["submitted_on"]) == ("逾期报送", 2, datetime.date(2021, 9, 20))
    # Submitted on 10-08, after the bulletin's as-of: missing then, 12 days after 9-18.
    missing = lapses[("战略性新兴产业招商组", "第三季度季报")]
    assert (missing["status"], missing["days_late"]) == ("未报送", 12)
    assert ("电镀产业招商组", "7月月报") not in lapses
    assert [x["report"] for x in reports["lapses"]][:8] == ["7月月报"] * 7 + ["8月月报"]  # by deadline


def test_quarterly_record_counts_the_year(county):
    record = {row["group"]: row for row in bulletin_data(2021, 3, now=NOW)["quarterly_record"]}
    assert record["林木加工产业招商组"] == {"group": "林木加工产业招商组", "late": 1, "missing": 2}
    assert record["战略性新兴产业招商组"]["missing"] == 3  # Q1, Q2 and (as of 9-30) Q3


def test_a_running_quarter_is_as_of_today(county):
    data = bulletin_data(2021, 3, now=at("2021-08-09 12:00:00"))
    assert data["as_of"] == datetime.date(2021, 8, 9)
    assert [e["code"] for e in data["exits"]] == ["X-2020"]
    assert data["reports"]["due"] == {"quarter": 0, "month": 8}  # only July's was due


# PDF -------------------------------------------------------------------------------------------

def pdf_text(pdf):
    """The PDF's text with all whitespace removed (table cells and lines run together)."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages)), reader


def test_pdf_shows_title_groups_and_figures(county):
    data = bulletin_data(2021, 3, now=NOW)
    text, reader = pdf_text(bulletin_pdf(data))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4 portrait
    assert reader.metadata.title == "鹿寨县2021年第三季度招商引资工作通报"
    for expected in ["鹿寨县2021年第三季度招商引资工作通报", "鹿寨县重点产业招商引资工作领导小组办公室",
                     "2021年9月30日", "本通报生成于2021年10月10日", "一、全县目标任务完成情况", "二、各产业招商组到位资金完成情况排名",
                     "三、落后序时进度的产业招商组", "四、本季度退出项目", "五、报表报送情况",
                     "450,000.00", "81,000.00", "18.00%", "74.79%", "落后56.79",
                     "16,000.00", "80.00%", "3.13%", "71.67", "114,671.23",
                     "X-Q3", "退出甲项目", "不符合国家产业政策", "2021-08-15",
                     "第三季度季报", "逾期报送", "未报送", f"第1页共{len(reader.pages)}页"]:
        assert expected in text, expected
    for group in IndustryGroup.objects.all():
        assert group.name in text, group.name
    assert "X-Q4" not in text and "X-REGION" not in text


def test_pdf_embeds_its_chinese_fonts(county):
    if not pdf_fonts().embedded:
        pytest.skip("没有可嵌入的 TrueType 中文字体（apt-get install fonts-arphic-uming fonts-wqy-zenhei）")
    _, reader = pdf_text(bulletin_pdf(bulletin_data(2021, 3, now=NOW)))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert "/FontFile2" in font["/FontDescriptor"], f"{name} 未嵌入"


def test_every_character_has_a_glyph(county):
    """No tofu: ReportLab draws a missing glyph as an empty box without a word."""
    fonts = pdf_fonts()
    if not fonts.embedded:
        pytest.skip("没有可嵌入的 TrueType 中文字体")
    text, _ = pdf_text(bulletin_pdf(bulletin_data(2021, 3, now=NOW)))
    for name in (fonts.body, fonts.heading):
        glyphs = pdfmetrics.getFont(name).face.charToGlyph
        assert [c for c in set(text) if ord(c) not in glyphs] == [], name


def test_without_truetype_fonts_falls_back_to_stsong_with_a_warning(county, monkeypatch, caplog):
    monkeypatch.setattr(pdf_fonts_module, "KNOWN", {"body": [], "heading": []})
    with caplog.at_level(logging.WARNING, logger="zhaoshang.reports.fonts"):
        fallback = find_fonts(installed=[])
    assert fallback == pdf_fonts_module.Fonts("STSong-Light", "STSong-Light", False)
    assert "STSong-Light" in caplog.text
    pdf = bulletin_pdf(bulletin_data(2021, 3, now=NOW), fonts=fallback)
    assert pdf.startswith(b"%PDF") and b"/STSong-Light" in pdf


def test_cff_fonts_are_skipped(tmp_path):
    not_truetype = tmp_path / "font.otf"
    not_truetype.write_bytes(b"OTTO" + b"\0" * 64)
    assert pdf_fonts_module.load_truetype("ZsTest", [(str(not_truetype), 0)]) is None


# Workbook --------------------------------------------------------------------------------------

def test_workbook_has_a_sheet_per_section(county):
    buffer = io.BytesIO()
    bulletin_xlsx(bulletin_data(2021, 3, now=NOW)).save(buffer)
    wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert wb.sheetnames == ["一、全县完成情况", "二、到位资金排名", "三、落后序时进度", "四、本季度退出项目",
                             "五、报表报送情况"]
    ws = wb["一、全县完成情况"]
    assert ws["A1"].value == "鹿寨县2021年第三季度招商引资工作通报"
    assert [ws.cell(6, c).value for c in range(1, 5)] == ["区外境内到位资金", "万元", 450000, 81000]
    assert ws.cell(6, 6).value == pytest.approx(-56.79) and "落后" in ws.cell(6, 6).number_format
    assert ws.page_setup.orientation == "portrait" and int(ws.page_setup.paperSize) == 9  # A4
    ranking = wb["二、到位资金排名"]
    assert [ranking.cell(r, 2).value for r in (6, 7, 8)] == ["电镀产业招商组", "战略性新兴产业招商组",
                                                            "林木加工产业招商组"]
    assert ranking.cell(6, 4).value == 16000 and ranking.cell(6, 4).number_format == "#,##0.00"
    assert ranking.cell(14, 2).value == "全县合计" and ranking._charts
    exits = wb["四、本季度退出项目"]
    assert [exits.cell(r, 1).value for r in (6, 7)] == ["X-2020", "X-Q3"]
    reports = [row for row in wb["五、报表报送情况"].iter_rows(min_row=6, values_only=True) if row[1]]
    assert ("林木加工产业招商组", "第三季度季报") in {(row[0], row[1]) for row in reports}


# Command ---------------------------------------------------------------------------------------

def run(*args):
    """`zhaoshang bulletin …` in this process (the test database): its exit status.

    call_command, not execute_from_command_line: the latter closes the database connection,
    which on PostgreSQL ends the test's transaction.
    """
    try:
        call_command("bulletin", *args)
    except CommandError as exc:
        print(exc, file=sys.stderr)
        return exc.returncode
    return 0


def test_command_writes_pdf_and_xlsx(county, tmp_path, capsys):
    assert run("--year", "2021", "--quarter", "3", "-o", str(tmp_path / "通报.pdf")) == 0
    assert (tmp_path / "通报.pdf").read_bytes().startswith(b"%PDF")
    assert "已生成" in capsys.readouterr().out
    assert run("--year", "2021", "--quarter", "3", "-o", str(tmp_path / "通报.xlsx")) == 0
    assert openpyxl.load_workbook(tmp_path / "通报.xlsx").sheetnames[0] == "一、全县完成情况"


@pytest.mark.parametrize("args, message", [
    (["--year", "2021", "--quarter", "5"], "季度「5」无效"),
    (["--year", "2021", "--quarter", "三"], "季度「三」无效"),
    (["--year", "2030", "--quarter", "1"], "没有 2030 年的年度计划"),
])
def test_command_errors_in_chinese(plan2021, tmp_path, capsys, args, message):
    output = tmp_path / "b.pdf"
    assert run(*args, "-o", str(output)) == 1
    assert message in capsys.readouterr().err
    assert not output.exists()


def test_command_refuses_other_extensions(plan2021, tmp_path, capsys):
    assert run("--year", "2021", "--quarter", "3", "-o", str(tmp_path / "b.docx")) == 1
    assert "应以 .pdf 或 .xlsx 结尾" in capsys.readouterr().err


# Page and downloads ----------------------------------------------------------------------------

def test_page_for_office_and_leader(client, county):
    for user in (office_user(), leader_user()):
        client.force_login(user)
        response = client.get("/bulletin/", {"year": "2021", "quarter": "3"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "鹿寨县2021年第三季度招商引资工作通报" in page
        assert 'href="/bulletin/2021/q3.pdf"' in page and 'href="/bulletin/2021/q3.xlsx"' in page
        assert "数据截至 2021年9月30日" in page


def test_downloads(client, county):
    client.force_login(office_user())
    response = client.get("/bulletin/2021/q3.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    response = client.get("/bulletin/2021/q3.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/bulletin/2021/q5.pdf").status_code == 400
    assert client.get("/bulletin/2030/q1.pdf").status_code == 404
    assert client.get("/bulletin/", {"quarter": "9"}).status_code == 400


def test_group_roles_get_403(client, county):
    for user in (liaison_user("forestry"), commander_user("forestry")):
        client.force_login(user)
        for url in ["/bulletin/", "/bulletin/2021/q3.pdf", "/bulletin/2021/q3.xlsx"]:
            assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_sign_in(client, plan2021):
    for url in ["/bulletin/", "/bulletin/2021/q3.pdf"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/")
