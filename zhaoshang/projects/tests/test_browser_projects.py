"""The project pages in a real browser (Chromium via Playwright) against a live server.

The story of issue 3: a liaison creates a project, adds funds, moves it to 签约 and 开工 and sees
the dashboard change; a liaison of another group cannot reach it; the office reads it all in
变更记录. Then the board (drag, dialog, cancel) and the list (filters, sorting, export).
"""
from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect

from zhaoshang.core.tests.browser import (PASSWORD, fast_passwords, new_page, number,  # noqa: F401
                                          sign_in)
from zhaoshang.core.tests.users import liaison_user, office_user
from zhaoshang.projects.models import Project, Stage
from zhaoshang.projects.tests.factories import make_funds, make_project

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]

FORESTRY, EMERGING = "林木加工产业招商组", "战略性新兴产业招商组"
DASHBOARD_2021 = "/?year=2021&as_of=2021-12-31"


@pytest.fixture
def ledger(plan2021):
    """Some figures before the story starts, so "increased by" is not "went from zero"."""
    forestry = make_project("forestry", stage="started", code="LZ2021-001", name="刨花板生产线项目",
                            total_investment="20000", industrial=True)
    make_funds(forestry, "2021-04-01", "3000")
    emerging = make_project("emerging", stage="signed", code="LZ2021-002", name="锂电池材料项目",
                            total_investment="50000", industrial=True)
    make_funds(emerging, "2021-05-01", "1000")
    return forestry, emerging


def figures(page, row_name):
    """The 2021 dashboard's numbers: the KPI cards, and the table row `row_name` (a group, or
    合计 for the county)."""
    page.goto(DASHBOARD_2021)
    kpis = page.locator(".kpis .kpi-value")
    values = {"funds": number(kpis.nth(0).inner_text()), "signed": number(kpis.nth(1).inner_text()),
              "industrial": number(kpis.nth(2).inner_text()),
              "major_industrial": number(kpis.nth(3).inner_text())}
    name = page.locator(f"th:text-is('{row_name}')")
    cells = page.locator("table.dashboard-table tbody tr", has=name).locator("td")
    values["row_funds"] = number(cells.nth(1).inner_text())
    values["row_signed"] = number(cells.nth(4).inner_text())
    return values


def field_error(page, field_id):
    """The message shown beside the field `field_id`."""
    return page.locator(f".field:has(#{field_id}) .field-error").inner_text()


def test_liaison_story(page, browser, live_server, ledger):
    lin = liaison_user("forestry", username="lin", password=PASSWORD)
    lin.first_name = "林晓雨"  # the change log shows the full name
    lin.save(update_fields=["first_name"])
    office_user(username="office", password=PASSWORD)
    office = new_page(browser, live_server, "office")
    county_before = figures(office, "合　计")

    sign_in(page, "lin")
    before = figures(page, FORESTRY)

    # Create through the form: 区外境内, 12 000 万, industrial, still a 线索.
    page.goto("/projects/")
    page.click(".page-actions >> text=新建项目")
    page.wait_for_url("**/projects/new/")
    page.fill("#id_code", "LZ2021-901")
    page.fill("#id_name", "年产10万立方米胶合板项目")
    page.select_option("#id_group", label=FORESTRY)
    page.fill("#id_investor", "广东森源木业有限公司")
    page.select_option("#id_origin", label="区外境内")
    page.check("#id_industrial")
    page.fill("#id_total_investment", "12000")
    page.click("form.form-card button[type=submit]")
    page.wait_for_url("**/projects/*/")
    assert page.locator(".messages").inner_text() == "已新建项目「年产10万立方米胶合板项目」"
    project = Project.objects.get(code="LZ2021-901")
    assert project.stage == Stage.LEAD and project.total_investment == Decimal("12000")

    # A funds record on the detail page.
    page.click("#funds summary")
    page.fill("#id_funds-date", "2021-07-01")
    page.fill("#id_funds-amount", "2500")
    page.click("#funds button[type=submit]")
    page.wait_for_url("**#funds")
    assert "已登记 2021-07-01 到位资金 2,500.00 万元" in page.locator(".messages").inner_text()
    first = page.locator("#funds tbody tr").first.inner_text()
    assert first.split("\t")[:2] == ["2021-07-01", "2,500.00"]

    # To 签约: the form asks for the date; without it the reason stands beside the field.
    page.select_option("#id_to_stage", "signed")
    page.wait_for_selector("#id_signed_on")
    assert "进入签约还需填写：签约日期" in page.locator("#stage-move").inner_text()
    page.click("#stage-move button[type=submit]")
    page.wait_for_selector("#stage-move .field-error")
    assert "签约日期" in field_error(page, "id_signed_on")
    project.refresh_from_db()
    assert project.stage == Stage.LEAD
    page.fill("#id_signed_on", "2021-06-10")
    page.click("#stage-move button[type=submit]")
    page.wait_for_selector(".messages >> text=项目已进入「签约」阶段")

    # To 开工.
    page.select_option("#id_to_stage", "started")
    page.wait_for_selector("#id_started_on")
    page.fill("#id_started_on", "2021-08-02")
    page.click("#stage-move button[type=submit]")
    page.wait_for_selector(".messages >> text=项目已进入「开工」阶段")
    assert page.locator("#stage .timeline li").count() == 3  # 登记为线索 → 签约 → 开工

    # The dashboard for 2021: the group got exactly what was added.
    after = figures(page, FORESTRY)
    assert after["funds"] - before["funds"] == Decimal("0.25")  # 2 500 万元 in 亿元
    assert after["row_funds"] - before["row_funds"] == Decimal("0.25")
    for key in ("signed", "industrial", "major_industrial", "row_signed"):
        assert after[key] - before[key] == 1, key

    # …and so did the county, for the office.
    county_after = figures(office, "合　计")
    assert county_after["funds"] - county_before["funds"] == Decimal("0.25")
    assert county_after["signed"] - county_before["signed"] == 1

    # The office reads who did what in 变更记录, newest first.
    office.goto("/changes/?q=LZ2021-901")
    rows = office.locator("table.changes > tbody > tr")
    assert rows.count() == 4
    cells = [[row.locator("> td").nth(i).inner_text() for i in (1, 2, 3, 4)] for row in rows.all()]
    assert all(who.startswith("林晓雨") for who, *_ in cells)
    assert [action for _, action, _, _ in cells] == ["阶段变更", "阶段变更", "新建", "新建"]
    started, signed, funds, created = [(what, diff) for _, _, what, diff in cells]
    assert "签约 → 开工" in started[1] and "2021-08-02" in started[1]
    assert "线索 → 签约" in signed[1] and "2021-06-10" in signed[1]
    assert funds[0].startswith("到位资金") and "2021-07-01" in funds[1] and "2,500.00" in funds[1]
    assert created[0].startswith("招商项目") and "年产10万立方米胶合板项目" in created[0]
    assert "区外境内" in created[1] and "12,000.00" in created[1]
    office.context.close()


def test_outsider_cannot_reach_another_groups_project(page, plan2021):
    project = make_project("forestry", stage="signed", code="LZ2021-901",
                           name="年产10万立方米胶合板项目")
    liaison_user("emerging", username="wei", password=PASSWORD)
    sign_in(page, "wei")

    response = page.goto(f"/projects/{project.pk}/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    assert "不在您的查看范围内" in page.locator("main").inner_text()
    assert "胶合板" not in page.content()

    page.goto("/projects/?q=LZ2021-901")
    assert "共 0 个项目" in page.locator(".result-line").inner_text()
    page.goto("/projects/board/")
    assert page.locator(".board-card").count() == 0
    assert "胶合板" not in page.content()


def card(page, project):
    return page.locator(f".board-card[data-id='{project.pk}']")


def column(page, stage):
    return page.locator(f".board-column[data-stage='{stage}']")


def counts(page):
    """The project counts at the head of the 在谈 and 签约 columns."""
    return {stage: column(page, stage).locator("[data-count]").inner_text()
            for stage in ("negotiating", "signed")}


def drag(page, project, stage):
    """Drag a card by its top line (links do not start a drag) onto another column."""
    card(page, project).locator(".board-card-top").drag_to(
        column(page, stage).locator("[data-stage-list]"))


def test_board_drag_asks_for_what_the_stage_needs(page, plan2021):
    talks = make_project("forestry", stage="negotiating", code="LZ2021-910", name="木结构构件项目",
                         investor="广东森源木业有限公司")
    other = make_project("emerging", stage="negotiating", code="LZ2021-911", name="氢燃料电池材料项目")
    make_project("automotive", stage="signed", code="LZ2021-912", total_investment="3000")
    office_user(username="office", password=PASSWORD)
    sign_in(page, "office")
    page.goto("/projects/board/")
    assert counts(page) == {"negotiating": "2", "signed": "1"}

    # Cancel puts the card back where it was.
    drag(page, other, "signed")
    dialog = page.locator("#move-dialog")
    dialog.locator("text=移动到「签约」").wait_for()
    dialog.locator("[data-cancel]").click()
    dialog.wait_for(state="hidden")
    expect(column(page, "negotiating").locator(f".board-card[data-id='{other.pk}']")).to_have_count(1)
    assert counts(page) == {"negotiating": "2", "signed": "1"}

    # A drop on 签约 asks for what 签约 still needs; an empty submit is refused beside the fields.
    drag(page, talks, "signed")
    dialog.locator("text=移动到「签约」").wait_for()
    assert "签约日期、投资方来源、总投资" in dialog.locator(".move-needs").inner_text()
    dialog.locator("[data-submit]").click()
    dialog.locator(".field-error").first.wait_for()
    assert "签约日期" in dialog.locator(".move-field:has(#id_signed_on) .field-error").inner_text()
    dialog.locator("#id_signed_on").fill("2021-05-06")
    dialog.locator("#id_origin").select_option(label="区外境内")
    dialog.locator("#id_total_investment").fill("12000.50")
    dialog.locator("[data-submit]").click()
    dialog.wait_for(state="hidden")
    moved = column(page, "signed").locator(f".board-card[data-id='{talks.pk}']")
    moved.wait_for()
    assert "签约 2021-05-06" in moved.inner_text() and "12,000.50" in moved.inner_text()
    assert counts(page) == {"negotiating": "1", "signed": "2"}
    talks.refresh_from_db()
    assert talks.stage == Stage.SIGNED and talks.stage_changes.last().via == "board"


@pytest.fixture
def many(plan2021):
    """More forestry projects than one page holds, at several stages, and others around them."""
    stages = ["signed", "started", "negotiating"]
    for i in range(90):
        make_project("forestry", stage=stages[i % 3], code=f"LZ2021-{300 + i}", name=f"林产项目{i}",
                     total_investment=str(1000 + (i * 737) % 9000))
    for i, group in enumerate(["emerging", "automotive", "logistics"]):
        make_project(group, stage="signed", code=f"LZ2021-{500 + i}", total_investment="99999")


def list_count(page):
    return int(number(page.locator(".result-line strong").inner_text()))


def column_values(page, index):
    cells = page.locator(f"table.list tbody tr td:nth-child({index})")
    return [number(text) for text in cells.all_inner_texts()]


def test_list_filters_sorts_and_exports_what_it_shows(page, many):
    office_user(username="office", password=PASSWORD)
    sign_in(page, "office")
    page.goto("/projects/")
    assert list_count(page) == 93

    bar = page.locator("form.filter-bar")
    bar.locator("select[name=group]").select_option(label=FORESTRY)
    for label in ("签约", "开工"):
        bar.locator(f"label.chip:has-text('{label}')").click()
    bar.locator("button[type=submit]").click()
    page.wait_for_url("**stage=started**")
    assert list_count(page) == 60  # two pages: 50 + 10
    assert "产业招商组：林木加工产业招商组" in page.locator(".result-line").inner_text()
    assert set(page.locator("table.list tbody td:nth-child(3)").all_inner_texts()) == {FORESTRY}
    assert set(page.locator("table.list tbody td:nth-child(7)").all_inner_texts()) == {"签约", "开工"}

    # Money sorts largest first on the first click.
    page.click("table.list th a:has-text('总投资')")
    page.wait_for_url("**ordering=-total_investment**")
    amounts = column_values(page, 6)
    assert len(amounts) == 50 and amounts == sorted(amounts, reverse=True)
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("总投资")

    with page.expect_download() as download_info:
        page.click(".page-actions >> text=导出Excel")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:  # the path has no .xlsx suffix
        sheet = openpyxl.load_workbook(file, read_only=True).active
        note = sheet["A2"].value
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == list_count(page) == 60  # every page of the filtered view
    exported = [Decimal(str(r[5])) for r in rows]
    assert exported[:50] == amounts and exported == sorted(exported, reverse=True)
    assert {r[2] for r in rows} == {FORESTRY} and {r[6] for r in rows} == {"签约", "开工"}
    assert "共 60 个项目" in note
