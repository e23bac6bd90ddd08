"""台账导入 in a real browser: the upload shows its progress, the preview follows, 确认导入
imports; a file that is not a workbook comes back with the reason; on the demo year, the preview
says what each project changes, and a stage moved back needs a 更正原因.

With ZHAOSHANG_SCREENSHOTS=1 these tests write docs/screenshots/import-preview.png and
import-problems.png.
"""
import datetime

import pytest
from playwright.sync_api import expect

from zhaoshang.core.tests.browser import (PASSWORD, fast_passwords, page_errors,  # noqa: F401
                                          screenshot, sign_in)
from zhaoshang.core.tests.users import office_user
from zhaoshang.projects.demo import load_demo
from zhaoshang.projects.models import LedgerUpload, Project, Stage

from .workbooks import funds_row, ledger_workbook, project_row, row_of

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


def test_every_problem_of_a_workbook_is_listed_and_nothing_can_be_imported(page, plan2021):
    office_user(username="office", password=PASSWORD)
    book = ledger_workbook(
        [project_row("LZ2021-061", total_investment=-300),
         project_row("LZ2021-062", group="林业招商组", stage="开工"),
         project_row("LZ2021-063", origin="广西", signed_on="2021/13/01"),
         project_row("LZ2021-064", name="年产\u202e5万吨纸浆项目", stage="退出", exited_on="2021-10-08",
                     exit_reason="其他")],
        [funds_row("LZ2021-099", datetime.date(2021, 6, 30), 100),
         funds_row("LZ2021-061", "六月", "一百"),
         funds_row("LZ2021-063", datetime.date(2030, 1, 1), 50)])
    sign_in(page, "office")
    page.goto("/import/")
    choose(page, "台账-有错.xlsx", book.getvalue())
    page.click("button:text-is('上传并预览')")
    page.wait_for_url("**/import/*/")
    expect(page.locator(".alert-error")).to_contain_text("发现 11 处问题，不能导入")
    expect(page.locator("table.problems tbody tr")).to_have_count(11)
    expect(page.locator("button:text-is('确认导入')")).to_have_count(0)
    screenshot(page, "import-problems")


def test_the_preview_of_the_demo_year_says_what_changes_and_a_move_back_needs_a_reason(page, page_errors):
    """The issue's case: LZ2021-001 (投产, 总投资 85 000) would be cut to 12 000 and moved back
    to 开工 by a ledger; the preview says so field by field and the import waits for a reason."""
    load_demo()
    office_user(username="office", password=PASSWORD)
    projects = {p.code: p for p in Project.objects.filter(code__startswith="LZ2021-00")}
    first = projects["LZ2021-001"]
    funds = first.funds.order_by("date").first()
    rows = [row_of(first, total_investment=12000, stage="开工", producing_on=None,
                   progress="一期已投产，二期设备安装中")]
    rows += [row_of(projects[f"LZ2021-00{n}"]) for n in range(2, 8)]  # unchanged: counted, not listed
    rows[3]["progress"] = "主体厂房已封顶，设备陆续进场"
    rows.append(project_row("LZ2021-099", name="年产5万吨竹木纤维复合材料项目", group="林木加工产业招商组",
                            signed_on=datetime.date(2021, 11, 26), total_investment=26000))
    book = ledger_workbook(rows, [funds_row("LZ2021-001", funds.date, float(funds.amount) + 500, note=funds.note),
                                  funds_row("LZ2021-099", datetime.date(2021, 11, 30), 800)])

    sign_in(page, "office")
    page.goto("/import/")
    choose(page, "台账-11月.xlsx", book.getvalue())
    page.click("button:text-is('上传并预览')")
    page.wait_for_url("**/import/*/")
    main = page.locator("main")
    expect(main).to_contain_text("阶段回退（更正）1 个")
    group = page.locator("details.change-group", has_text="LZ2021-001")
    expect(group).to_contain_text("总投资（万元）")
    expect(group.locator("tr", has_text="总投资（万元）")).to_contain_text("85,000.00→12,000.00")
    expect(group.locator("tr", has_text="项目阶段")).to_contain_text("投产→开工")
    expect(main).to_contain_text("另有 5 个项目与系统中一致，不列出")
    screenshot(page, "import-preview")

    group.locator("summary").click()  # a project's changes fold away
    expect(group.locator("table.diff")).to_be_hidden()
    page.click("button:text-is('确认导入')")
    expect(main).to_contain_text("请填写更正原因")
    assert Project.objects.get(code="LZ2021-001").stage == Stage.PRODUCING
    page.fill("textarea[name=correction_reason]", "投产日期登记有误，二期尚未投产")
    page.click("button:text-is('确认导入')")
    expect(main).to_contain_text("导入完成")
    project = Project.objects.get(code="LZ2021-001")
    assert (project.stage, project.total_investment) == (Stage.STARTED, 12000)
    assert project.stage_changes.latest("id").reason == "投产日期登记有误，二期尚未投产"
    assert page_errors == []
