"""Every page for daily work on a 390 × 844 phone: no page is wider than the screen, the menu
folds behind a button that opens it, and what a finger presses is at least 40 px.

One browser tab signs in once per person and opens every page, so the whole check costs seconds.
"""
import datetime

import pytest
from playwright.sync_api import expect

from zhaoshang.core.files import FileData
from zhaoshang.core.tests.browser import PASSWORD, fast_passwords, sign_in  # noqa: F401
from zhaoshang.core.tests.users import liaison_user, office_user
from zhaoshang.plans.models import GroupTarget
from zhaoshang.plans.workflow import submit_adjustment
from zhaoshang.projects.services import request_exit
from zhaoshang.projects.tests.factories import make_funds, make_project
from zhaoshang.reports import services as reports
from zhaoshang.reports.models import ReportPeriod
from zhaoshang.trips.tests.helpers import make_trip

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]

PHONE = {"width": 390, "height": 844}

# What a finger presses: the top bar and its menu, buttons, and the controls built as buttons.
TARGETS = ("header a, header button, main button, main .button, main .btn, .pagination a, "
           ".quarters a, .segmented a, .subnav a, .wf-tabs a, .chip span, .board-move")

# A phone zooms a page that is too wide out until it fits: then innerWidth grows past 390 too.
PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"

SMALL_TARGETS = """selector => [...document.querySelectorAll(selector)]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.width < 40 || box.height < 40)
  .map(([el, box]) => `${el.textContent.trim().slice(0, 12) || el.className} ${Math.round(box.width)}×${Math.round(box.height)}`)"""


@pytest.fixture
def phone(browser, live_server):
    """A phone's browser: 390 × 844, touch, and the page zooms out when it is too wide."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE,
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def year(plan2021):
    """A few projects with funds, a trip, a 季报, a 目标调整 and an exit request, all forestry."""
    office = office_user(username="office", password=PASSWORD)
    liaison = liaison_user("forestry", username="lin", password=PASSWORD)
    started = make_project("forestry", stage="started", name="年产30万立方米高端木地板基材项目",
                           total_investment="85000", industrial=True)
    make_funds(started, "2021-05-01", "12000")
    make_funds(started, "2021-08-15", "3500.5")
    signed = make_project("forestry", name="木结构装配式建筑构件生产项目")
    make_project("emerging", stage="producing", name="锂电池正极材料前驱体项目", total_investment="32000")
    make_project("forestry", stage="lead", name="桉木单板精深加工项目")
    trip = make_trip("forestry", "2021-03-15")
    reports.open_periods(2021)
    period = ReportPeriod.objects.get(year=2021, kind="quarter", number=1)
    submission = reports.submit(period, started.group, liaison,
                                now=datetime.datetime(2021, 3, 18, 16, tzinfo=datetime.UTC))
    target = GroupTarget.objects.get(plan__year=2021, group__code="forestry")
    adjustment = submit_adjustment(target, {"funds_target": "150000"}, reason="主要意向企业推迟落地",
                                   attachment=FileData("调整请示.pdf", b"%PDF-1.4", "application/pdf"),
                                   user=liaison)
    exit_request = request_exit(signed, exited_on=datetime.date(2021, 10, 8), exit_reason="investor_changed",
                                user=liaison)
    funds = started.funds.order_by("date").first()
    return {
        "office": [
            "/", "/projects/", "/projects/board/", f"/projects/{started.pk}/",
            f"/projects/{started.pk}/edit/", "/projects/new/", f"/projects/{started.pk}/stage/?to_stage=producing",
            f"/projects/{started.pk}/funds/{funds.pk}/edit/", "/reports/", "/submissions/",
            "/submissions/?kind=month", f"/submissions/{submission.pk}/", "/notices/", "/trips/",
            f"/trips/{trip.pk}/", f"/trips/{trip.pk}/edit/", "/trips/compliance/", "/exits/",
            f"/exits/{exit_request.pk}/", "/plans/adjustments/", f"/plans/adjustments/{adjustment.pk}/",
            "/assessment/", "/assessment/groups/forestry/", "/plans/", "/plans/2021/", "/calendar/",
            "/calendar/2021/", "/people/", f"/people/{liaison.pk}/", "/org/", "/org/groups/forestry/",
            "/changes/", "/sanqi/", "/bulletin/", "/import/",
        ],
        "lin": [
            "/", f"/projects/{started.pk}/", "/submissions/group/forestry/", "/trips/new/",
            "/plans/adjustments/new/", f"/exits/new/{started.pk}/", "/notices/",
        ],
        "users": (office, liaison),
    }


def test_every_page_fits_a_phone_and_its_targets_a_finger(phone, year):
    too_wide, too_small = {}, {}
    for username in ("office", "lin"):
        sign_in(phone, username)
        for path in year[username]:
            response = phone.goto(path)
            assert response.status < 400, f"{path} answered {response.status}"
            page_width, screen_width = phone.evaluate(PAGE_WIDTH)
            if page_width > screen_width or screen_width != PHONE["width"]:
                too_wide[path] = page_width
            small = phone.evaluate(SMALL_TARGETS, TARGETS)
            if small:
                too_small[path] = small
    print("WIDE", too_wide); print("SMALL", too_small)
    assert too_wide == {}, "wider than the 390 px screen"
    assert too_small == {}, "touch targets under 40 px"


def test_the_menu_folds_behind_a_button_that_opens_it(phone, plan2021):
    office_user(username="office", password=PASSWORD)
    sign_in(phone, "office")
    phone.goto("/projects/")
    menu = phone.locator("#site-menu")
    expect(menu).to_be_hidden()
    phone.get_by_role("button", name="菜单").click()
    expect(menu).to_be_visible()
    expect(menu.locator("a:text-is('项目看板')")).to_be_visible()
    assert phone.evaluate(SMALL_TARGETS, "#site-menu a, #site-menu button") == []
    menu.locator("a:text-is('项目看板')").click()
    phone.wait_for_url("**/projects/board/")
    expect(phone.locator("#site-menu")).to_be_hidden()
