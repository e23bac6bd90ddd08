"""首页 and the project pages in a real browser, on the demo year (`zhaoshang demo`).

With ZHAOSHANG_SCREENSHOTS=1 these tests also write docs/screenshots/dashboard.png,
projects-list.png, board.png and project-detail.png (1440 wide, in Chinese):

    ZHAOSHANG_SCREENSHOTS=1 .venv/bin/pytest zhaoshang/dashboard/tests/test_browser_dashboard.py
"""
from decimal import Decimal

import pytest

from zhaoshang.core.tests.browser import (fast_passwords, number, page_errors,  # noqa: F401
                                          screenshot, sign_in)
from zhaoshang.dashboard.demo import DEMO_PASSWORD, group_people, load_accounts
from zhaoshang.projects.demo import load_projects, load_setup
from zhaoshang.projects.models import Project

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]

SEPT_30 = "/?year=2021&as_of=2021-09-30"
DETAIL_CODE = "LZ2021-011"  # 锂电池正极材料前驱体项目: started, eight funds records, notes


@pytest.fixture
def demo(db):
    """The demo year's projects as the demo's accounts entered them (its trips and reports are
    left out: not shown here); the project the detail page opens."""
    load_setup()
    load_accounts()
    load_projects(group_people())
    return Project.objects.get(code=DETAIL_CODE)


def kpi(page, label):
    card = page.locator(".kpi", has=page.locator(f".kpi-label:text-is('{label}')"))
    return card.locator(".kpi-value")


def test_dashboard_charts_and_figures_open_their_projects(page, demo, page_errors):
    sign_in(page, "office", DEMO_PASSWORD)
    page.goto(SEPT_30)
    assert page.locator("h1").inner_text() == "鹿寨县2021年招商引资工作进展"
    assert "截至 2021年9月30日" in page.locator(".eyebrow").first.inner_text()
    for chart in ("funds", "pipeline", "completion", "origins"):
        page.locator(f"#chart-{chart} canvas").first.wait_for()
    rows = page.locator("table.dashboard-table tbody tr")
    assert rows.count() == 9  # 合计 and the 8 groups
    assert page.locator("tr.group.behind").count() >= 1  # some group is behind 序时进度
    screenshot(page, "dashboard")

    # A figure opens exactly the projects behind it.
    signed = number(kpi(page, "新签约项目").inner_text())
    kpi(page, "新签约项目").click()
    page.wait_for_url("**/projects/?figure=signed_projects**")
    assert "统计口径：2021年新签约项目（截至2021年9月30日）" in page.locator(".drill").inner_text()
    assert number(page.locator(".result-line strong").inner_text()) == signed

    # A group's funds: the listed projects' funds of the year add up to the figure (亿元).
    page.goto(SEPT_30)
    row = rows.filter(has=page.locator("th:text-is('林木加工产业招商组')"))
    funds = number(row.locator("td").nth(1).inner_text())
    row.locator("td").nth(1).locator("a").click()
    page.wait_for_url("**figure=funds_in_place**group=forestry**")
    cells = page.locator("table.list tbody td:nth-child(9)")  # 2021年到位资金（万元）
    year_funds = [number(text) for text in cells.all_inner_texts()]
    assert len(year_funds) == number(page.locator(".result-line strong").inner_text())
    assert (sum(year_funds) / 10000).quantize(Decimal("0.01")) == funds
    assert page_errors == []


def test_project_pages_on_the_demo_year(page, demo, page_errors):
    sign_in(page, "office", DEMO_PASSWORD)
    total = Project.objects.count()

    page.goto("/projects/")
    assert number(page.locator(".result-line strong").inner_text()) == total
    screenshot(page, "projects-list", full_page=False)

    page.goto("/projects/board/")
    counts = page.locator(".board-column [data-count]").all_inner_texts()
    assert sum(int(c) for c in counts) == total
    assert page.locator(".board-card").count() == total
    screenshot(page, "board", full_page=False)

    page.goto(f"/projects/{demo.pk}/")
    assert page.locator("h1").inner_text().startswith("锂电池正极材料前驱体项目")
    assert page.locator("#funds tbody tr").count() == demo.funds.count()
    assert page.locator("#notes .entries > li").count() == demo.notes.count() > 0
    assert page.locator("#issues .entries > li").count() == demo.issues.count()
    assert page.locator("#stage .timeline > li").count() == demo.stage_changes.count()
    screenshot(page, "project-detail")
    assert page_errors == []


def test_the_demo_year_on_a_phone(phone, demo):
    """A leader's look on a phone: the charts fill the screen and follow it when it turns, the
    project list is a column of cards. With ZHAOSHANG_SCREENSHOTS=1: dashboard-phone.png and
    projects-list-phone.png (390 × 844)."""
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(phone, "office", DEMO_PASSWORD)
    phone.goto(SEPT_30)
    funds = phone.locator("#chart-funds canvas").first
    funds.wait_for()
    assert 300 < funds.bounding_box()["width"] <= 390
    screenshot(phone, "dashboard-phone", full_page=False)

    phone.set_viewport_size({"width": 844, "height": 390})  # turned sideways
    phone.wait_for_function("document.querySelector('#chart-funds canvas').getBoundingClientRect().width > 700")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 844

    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto("/projects/")
    card = phone.locator("table.list tbody tr").first
    assert card.evaluate("row => getComputedStyle(row).display") == "grid"
    assert card.bounding_box()["width"] <= 390
    screenshot(phone, "projects-list-phone", full_page=False)
    assert errors == []
