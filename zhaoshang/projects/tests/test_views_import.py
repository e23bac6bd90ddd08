"""台账导入 on the web: office only; upload → preview (from the importer) → confirm; the template."""
import datetime
import hashlib
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import leader_user, liaison_user, office_user
from zhaoshang.projects.ledger import FUNDS_SHEET, PROJECTS_SHEET
from zhaoshang.projects.models import FundsRecord, LedgerUpload, Project, StageChange
from zhaoshang.projects.services import move_stage, save_project
from zhaoshang.projects.tests.factories import make_project

from .workbooks import funds_row, ledger_workbook, project_row

UPLOAD = "/import/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(book, name="台账.xlsx"):
    return SimpleUploadedFile(name, book.getvalue(), content_type=XLSX)


def good_book():
    return ledger_workbook([project_row("NEW-1"), project_row("OLD-1", name="改过的名称")],
                           [funds_row("NEW-1", amount=250.5)])


def bad_book():
    return ledger_workbook([project_row("BAD-1", total_investment=-5, signed_on="2021-13-01"),
                            project_row("BAD-2", stage="开工")],
                           [funds_row("NOPE", amount=1)])


def counts():
    return (Project.objects.count(), FundsRecord.objects.count(), ChangeRecord.objects.count(),
            StageChange.objects.count())


@pytest.fixture
def office(client, plan2021):
    make_project("forestry", code="OLD-1", name="原名称")
    user = office_user()
    client.force_login(user)
    return user


def upload(client, book, name="台账.xlsx"):
    return client.post(UPLOAD, {"file": xlsx(book, name)})


def test_urls():
    assert reverse("imports:upload") == UPLOAD
    assert reverse("imports:template") == "/import/template.xlsx"
    assert reverse("imports:preview", args=[3]) == "/import/3/"
    assert reverse("imports:confirm", args=[3]) == "/import/3/confirm/"


def test_office_sees_the_upload_page(client, office):
    response = client.get(UPLOAD)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html and 'enctype="multipart/form-data"' in html
    assert "/import/template.xlsx" in html
    assert 'href="/import/"' in html  # the menu shows 导入 to the office


@pytest.mark.parametrize("make_user", [leader_user, lambda: liaison_user("forestry")],
                         ids=["leader", "liaison"])
def test_others_get_403_and_no_menu_link(client, plan2021, make_user):
    client.force_login(make_user())
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": xlsx(good_book())}).status_code == 403
    assert client.get("/import/template.xlsx").status_code == 403
    assert LedgerUpload.objects.count() == 0
    html = client.get("/projects/board/").content.decode()
    assert 'href="/import/"' not in html


def test_others_cannot_preview_or_confirm_an_upload(client, office):
    stored = LedgerUpload.objects.get(pk=int(upload(client, good_book())["Location"].split("/")[-2]))
    client.force_login(liaison_user("forestry"))
    assert client.get(f"/import/{stored.pk}/").status_code == 403
    assert client.post(f"/import/{stored.pk}/confirm/").status_code == 403
    client.force_login(office_user())  # another office user: not their upload
    assert client.get(f"/import/{stored.pk}/").status_code == 404


def test_preview_lists_what_would_change_then_confirm_imports(client, office):
    before = counts()
    response = upload(client, good_book())
    assert response.status_code == 302
    stored = LedgerUpload.objects.get()
    assert response["Location"] == f"/import/{stored.pk}/"
    assert stored.user == office and stored.filename == "台账.xlsx" and stored.imported_at is None
    assert hashlib.sha256(bytes(stored.content)).hexdigest() == stored.sha256

    response = client.get(response["Location"])
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview["counts"] == {"created_projects": 1, "updated_projects": 1, "unchanged_projects": 0,
                                 "created_funds": 1, "updated_funds": 0}
    assert [(e["code"], e["new"]) for e in preview["projects"]] == [("NEW-1", True), ("OLD-1", False)]
    html = response.content.decode()
    assert "检查通过" in html and "确认导入" in html and "正在导入…" in html
    assert counts() == before  # a preview writes nothing

    response = client.post(f"/import/{stored.pk}/confirm/")
    assert response.status_code == 302 and response["Location"] == f"/import/{stored.pk}/"
    assert Project.objects.get(code="OLD-1").name == "改过的名称"
    new = Project.objects.get(code="NEW-1")
    assert str(new.funds.get().amount) == "250.50"
    assert new.stage_changes.get().via == "import"
    assert ChangeRecord.objects.filter(via="import", user=office).count() == 3
    stored.refresh_from_db()
    assert stored.imported_at and stored.summary.startswith("新建项目 1 个，更新项目 1 个")
    assert stored.ledger is None and stored.preview is None  # megabytes a big ledger, no longer needed

    html = client.get(f"/import/{stored.pk}/").content.decode()
    assert "导入完成" in html and "确认导入" not in html
    # A second click never imports twice.
    after = counts()
    assert client.post(f"/import/{stored.pk}/confirm/").status_code == 302
    assert counts() == after


def test_preview_shows_every_problem_by_sheet_row_and_column(client, office):
    response = client.get(upload(client, bad_book())["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "不能导入" in html and "确认导入" not in html
    rows = response.context["problems"]
    assert {"sheet": PROJECTS_SHEET, "row": "2", "column": "总投资（万元）",
            "reason": "「-5」不能为负数"} in rows
    assert any(r["sheet"] == PROJECTS_SHEET and r["row"] == "2" and r["column"] == "签约日期"
               for r in rows)
    assert any(r["row"] == "3" and r["column"] == "开工日期" for r in rows)
    assert any(r["sheet"] == FUNDS_SHEET and r["column"] == "项目编号" and "NOPE" in r["reason"]
               for r in rows)
    assert len(rows) == len(response.context["preview"]["problems"])
    assert "<td>项目台账</td>" in html and "「-5」不能为负数" in html


def test_a_workbook_with_problems_cannot_be_confirmed(client, office):
    stored_url = upload(client, bad_book())["Location"]
    before = counts()
    response = client.post(stored_url + "confirm/")
    assert response.status_code == 400
    assert "不能导入" in response.content.decode()
    assert counts() == before
    assert LedgerUpload.objects.get().imported_at is None


def test_confirm_rechecks_against_the_database(client, office):
    """Valid at preview, not any more at confirm (the project exited since): nothing written."""
    stored_url = upload(client, ledger_workbook([], [funds_row("OLD-1", amount=99)]))["Location"]
    assert client.get(stored_url).context["preview"]["problems"] == []
    move_stage(Project.objects.get(code="OLD-1"), "exited", exited_on=datetime.date(2021, 4, 1),
               exit_reason="policy")
    before = counts()
    response = client.post(stored_url + "confirm/")
    assert response.status_code == 400
    assert "到位日期不能晚于项目退出日期（2021-04-01）" in response.content.decode()
    assert counts() == before


def test_confirm_is_post_only(client, office):
    stored_url = upload(client, good_book())["Location"]
    assert client.get(stored_url + "confirm/").status_code == 405


@pytest.mark.parametrize("name, content", [
    ("台账.csv", b"code,name\n1,a\n"),
    ("台账.xlsx", b"code,name\n1,a\n"),            # named .xlsx, not a workbook
    ("台账.xlsx", b"PK\x03\x04 not really a zip"),  # looks like one, is not
])
def test_not_xlsx_is_400_in_chinese(client, office, name, content):
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "无法读取该文件" in html and name in html
    assert LedgerUpload.objects.count() == 0


def test_no_file_is_400(client, office):
    response = client.post(UPLOAD, {})
    assert response.status_code == 400 and "请选择要导入的台账工作簿" in response.content.decode()


def test_template_download_has_both_sheets(client, office):
    response = client.get("/import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert PROJECTS_SHEET in book.sheetnames and FUNDS_SHEET in book.sheetnames
    assert book[PROJECTS_SHEET]["A1"].value == "项目编号"
    assert book[FUNDS_SHEET]["C1"].value == "金额（万元）"


def test_a_missing_column_is_a_problem_of_row_1(client, office):
    response = client.get(upload(client, ledger_workbook([project_row("X-1")], drop=("签约日期",)))["Location"])
    assert {"sheet": PROJECTS_SHEET, "row": "1", "column": "签约日期", "reason": "缺少该列"} \
        in response.context["problems"]
    assert "确认导入" not in response.content.decode()


def test_a_workbook_without_the_ledger_sheet(client, office):
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    response = client.get(upload(client, buffer)["Location"])
    [problem] = response.context["problems"]
    assert problem == {"sheet": "", "row": "", "column": "", "reason": "工作簿中没有「项目台账」工作表"}
    assert "工作簿中没有「项目台账」工作表" in response.content.decode()


def test_the_pages_script_gets_the_preview_address_instead_of_a_redirect(client, office):
    """upload.js shows the upload's progress, then opens the preview itself (checked once)."""
    response = client.post(UPLOAD, {"file": xlsx(good_book())}, headers={"X-Requested-With": "fetch"})
    stored = LedgerUpload.objects.get()
    assert response.status_code == 200 and response.json() == {"next": f"/import/{stored.pk}/"}
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("台账.csv", b"a,b\n")},
                           headers={"X-Requested-With": "fetch"})
    assert response.status_code == 400 and "无法读取该文件" in response.content.decode()
    assert LedgerUpload.objects.count() == 1


# --- what the preview says, and what 确认导入 imports -------------------------------------------

def test_the_preview_shows_each_changed_field_before_and_after_per_project(client, office):
    project = Project.objects.get(code="OLD-1")
    save_project({"total_investment": "85000"}, project=project)
    response = client.get(upload(client, ledger_workbook(
        [project_row("OLD-1", name="原名称", group="林木加工产业招商组", total_investment=12000,
                     investor=project.investor, origin="区外境内", industrial="否",
                     signed_on=project.signed_on)]))["Location"])
    assert response.status_code == 200
    [entry] = response.context["entries"]
    assert (entry["code"], entry["rows"]) == ("OLD-1", [("总投资（万元）", "85,000.00", "12,000.00", True)])
    html = response.content.decode()
    assert '<details class="change-group" open>' in html
    assert '<td class="old num">85,000.00</td><td class="arrow">→</td><td class="new num">12,000.00</td>' in html


def test_unchanged_projects_are_counted_not_listed(client, office):
    project = Project.objects.get(code="OLD-1")
    same = project_row("OLD-1", name="原名称", total_investment=project.total_investment,
                       investor=project.investor, origin="区外境内", industrial="否", signed_on=project.signed_on)
    response = client.get(upload(client, ledger_workbook([same, project_row("NEW-1")]))["Location"])
    assert [e["code"] for e in response.context["entries"]] == ["NEW-1"]
    html = response.content.decode()
    assert "另有 1 个项目与系统中一致，不列出" in html and "原名称" not in html


def test_a_long_preview_pages(client, office, monkeypatch):
    monkeypatch.setattr("zhaoshang.projects.views_import.PAGE_SIZE", 2)
    url = upload(client, ledger_workbook([project_row(f"NEW-{n}") for n in range(1, 6)]))["Location"]
    first, last = client.get(url), client.get(url + "?page=3")
    assert [e["code"] for e in first.context["entries"]] == ["NEW-1", "NEW-2"]
    assert [e["code"] for e in last.context["entries"]] == ["NEW-5"]
    assert 'aria-label="分页"' in first.content.decode()


def backward_book():
    """OLD-1 (开工 in the system) back to 签约."""
    project = Project.objects.get(code="OLD-1")
    return ledger_workbook([project_row("OLD-1", name="原名称", total_investment=project.total_investment,
                                        investor=project.investor, origin="区外境内", industrial="否",
                                        signed_on=project.signed_on)])


@pytest.fixture
def started(office):
    project = Project.objects.get(code="OLD-1")
    return move_stage(project, "started", started_on=datetime.date(2021, 6, 1), user=office)


def test_a_move_back_asks_for_a_correction_reason(client, started):
    response = client.get(upload(client, backward_book())["Location"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "阶段回退（更正）1 个" in html and "原名称" in html and "开工 → 签约" in html
    assert 'name="correction_reason"' in html and "确认导入" in html


def test_a_move_back_confirmed_without_a_reason_imports_nothing(client, started):
    stored_url = upload(client, backward_book())["Location"]
    before = counts()
    response = client.post(stored_url + "confirm/", {"correction_reason": " "})
    assert response.status_code == 400
    assert "请填写更正原因" in response.content.decode()
    assert counts() == before and LedgerUpload.objects.get().imported_at is None


def test_a_move_back_with_a_reason_is_imported_and_the_reason_recorded(client, started):
    stored_url = upload(client, backward_book())["Location"]
    response = client.post(stored_url + "confirm/", {"correction_reason": "开工日期录入错误"})
    assert response.status_code == 302
    project = Project.objects.get(code="OLD-1")
    assert (project.stage, project.started_on) == ("signed", None)
    move = project.stage_changes.latest("id")
    assert (move.from_stage, move.to_stage, move.reason, move.via) == ("started", "signed", "开工日期录入错误", "import")
    assert ChangeRecord.objects.filter(object_id=project.pk, action="stage").latest("id").reason == "开工日期录入错误"


def test_confirm_imports_the_rows_checked_at_the_upload_not_the_file_again(client, office):
    stored_url = upload(client, ledger_workbook([project_row("NEW-1")]))["Location"]
    stored = LedgerUpload.objects.get()
    stored.content = ledger_workbook([project_row("OTHER-9")]).getvalue()  # what a second reading would see
    stored.save()
    assert client.post(stored_url + "confirm/").status_code == 302
    assert list(Project.objects.filter(code__in=["NEW-1", "OTHER-9"]).values_list("code", flat=True)) == ["NEW-1"]


def test_a_change_since_the_preview_shows_the_new_preview_instead_of_importing(client, office):
    stored_url = upload(client, ledger_workbook([project_row("OLD-1", name="改过的名称")]))["Location"]
    project = Project.objects.get(code="OLD-1")
    save_project({"name": "别人刚改的名称"}, project=project)
    before = counts()
    response = client.post(stored_url + "confirm/")
    assert response.status_code == 409
    html = response.content.decode()
    assert "预览之后，系统中的相关数据有了变化" in html and "别人刚改的名称" in html
    assert counts() == before
    assert client.post(stored_url + "confirm/").status_code == 302  # confirmed on the new preview
    assert Project.objects.get(code="OLD-1").name == "改过的名称"


def test_a_workbook_beyond_the_limits_is_400_before_it_is_read(client, office, settings):
    settings.LEDGER_MAX_ROWS = 1
    response = upload(client, ledger_workbook([project_row("NEW-1"), project_row("NEW-2")]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "的工作表「项目台账」范围为 A1:S3，超出 1 行（不含表头）、100 列的上限" in html
    assert LedgerUpload.objects.count() == 0
