"""首页 and the project pages in a real browser, on the demo year (`zhaoshang demo`).

With ZHAOSHANG_SCREENSHOTS=1 these tests also write docs/screenshots/dashboard.png,
projects-list.png, board.png and project-detail.png (1440 wide, in Chinese):

    ZHAOSHANG_SCREENSHOTS=1 .venv/bin/pytest zhaoshang/dashboard/tests/test_browser_dashboard.py
"""
import datetime
from decimal import Decimal

import pytest

from zhaoshang.core.tests.browser import (PASSWORD, fast_passwords, number,  # noqa: F401
                                          page_errors, screenshot, sign_in)
from zhaoshang.core.tests.users import co_unit_user, liaison_user, office_user
from zhaoshang.org.models import Unit
from zhaoshang.projects.demo import load_demo
from zhaoshang.projects.models import Project
from zhaoshang.projects.services import add_issue, add_note, resolve_issue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]

SEPT_30 = "/?year=2021&as_of=2021-09-30"
DETAIL_CODE = "LZ2021-011"  # 锂电池正极材料前驱体项目: started, eight funds records


def named(user, name):
    user.first_name = name  # shown as the full name in the menu and the records
    user.save(update_fields=["first_name"])
    return user


@pytest.fixture
def demo(db):
    """The demo year, an office user to look at it, and notes and problems on one project."""
    load_demo()
    named(office_user(username="office", password=PASSWORD), "李明")
    project = Project.objects.get(code=DETAIL_CODE)
    liaison = named(liaison_user(project.group, username="huang"), "黄海燕")
    co_unit = named(co_unit_user(project.group, username="qin"), "覃志刚")
    add_note(project, date=datetime.date(2021, 5, 20),
             text="一期厂房主体结构封顶，设备采购合同已签订60%。", user=liaison)
    add_note(project, date=datetime.date(2021, 8, 15),
             text="一期生产线设备进场安装，预计年底试生产；二期用地已完成征收。", user=liaison)
    unit = project.group.lead_unit  # 鹿寨经开区管委
    done = add_issue(project, raised_on=datetime.date(2021, 6, 3),
                     text="项目用电需新建110kV专线，供电方案待确定。", owner_unit=unit,
                     due_on=datetime.date(2021, 7, 31), user=co_unit)
    resolve_issue(done, resolution="供电局已批复专线方案，7月20日开工建设。",
                  resolved_on=datetime.date(2021, 7, 16), user=liaison)
    add_issue(project, raised_on=datetime.date(2021, 9, 10),
              text="二期环评批复尚未取得，影响设备订货。", due_on=datetime.date(2021, 10, 31),
              owner_unit=Unit.objects.get(name="鹿寨生态环境局"), user=co_unit)
    return project


def kpi(page, label):
    card = page.locator(".kpi", has=page.locator(f".kpi-label:text-is('{label}')"))
    return card.locator(".kpi-value")


def test_dashboard_charts_and_figures_open_their_projects(page, demo, page_errors):
    sign_in(page, "office")
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
    sign_in(page, "office")
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
    assert page.locator("#notes .entries > li").count() == 2
    assert page.locator("#issues .entries > li").count() == 2
    assert page.locator("#stage .timeline > li").count() == demo.stage_changes.count()
    screenshot(page, "project-detail")
    assert page_errors == []


def test_the_demo_year_on_a_phone(phone, demo):
    """A leader's look on a phone: the charts fill the screen and follow it when it turns, the
    project list is a column of cards. With ZHAOSHANG_SCREENSHOTS=1: dashboard-phone.png and
    projects-list-phone.png (390 × 844)."""
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(phone, "office")
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
