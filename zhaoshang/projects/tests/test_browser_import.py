"""台账导入 in a real browser: the upload shows its progress, the preview follows, 确认导入
imports; a file that is not a workbook comes back with the reason."""
import pytest
from playwright.sync_api import expect

from zhaoshang.core.tests.browser import PASSWORD, fast_passwords, page_errors, sign_in  # noqa: F401
from zhaoshang.core.tests.users import office_user
from zhaoshang.projects.models import LedgerUpload, Project

from .workbooks import funds_row, ledger_workbook, project_row

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def choose(page, name, content, mime=XLSX):
    page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": mime, "buffer": content}])


def test_upload_progress_preview_and_import(page, plan2021, page_errors):
    office_user(username="office", password=PASSWORD)
    sign_in(page, "office")
    page.goto("/import/")
    book = ledger_workbook([project_row("WEB-1"), project_row("WEB-2", name="第二个项目")],
                           [funds_row("WEB-1", amount=300)]).getvalue()
    # A slow line (about 4 KB/s up), so the progress can be seen.
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 4096})
    progress = page.locator("[data-upload-progress]")
    expect(progress).to_be_hidden()  # only once an upload starts
    choose(page, "鹿寨县项目台账.xlsx", book)
    page.click("button:text-is('上传并预览')")
    expect(progress).to_be_visible()
    expect(progress).to_contain_text("正在上传")
    expect(page.locator("button:text-is('正在检查…')")).to_be_disabled()

    page.wait_for_url("**/import/*/", timeout=30_000)
    network.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    expect(page.locator("main")).to_contain_text("检查通过")
    assert LedgerUpload.objects.count() == 1
    page.click("button:text-is('确认导入')")
    expect(page.locator("main")).to_contain_text("导入完成")
    assert set(Project.objects.values_list("code", flat=True)) == {"WEB-1", "WEB-2"}
    assert page_errors == []


def test_a_file_that_is_not_a_workbook_comes_back_with_the_reason(page, plan2021):
    office_user(username="office", password=PASSWORD)
    sign_in(page, "office")
    page.goto("/import/")
    choose(page, "台账.csv", b"code,name\n1,a\n", mime="text/csv")
    page.click("button:text-is('上传并预览')")
    expect(page.locator(".alert-error")).to_contain_text("「台账.csv」不是 Excel 工作簿")
    assert LedgerUpload.objects.count() == 0
    # The page that came back works as the first did.
    choose(page, "台账.xlsx", ledger_workbook([project_row("WEB-3")], []).getvalue())
    page.click("button:text-is('上传并预览')")
    page.wait_for_url("**/import/*/")
    expect(page.locator("main")).to_contain_text("检查通过")
