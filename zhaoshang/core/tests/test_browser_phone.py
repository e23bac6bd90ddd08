"""Every page for daily work on a 390 × 844 phone: no page is wider than the screen, the menu
folds behind a button that opens it, and what a finger presses is at least 40 px.

One browser tab signs in once per person and opens every page, so the whole check costs seconds.
"""
import pytest
from playwright.sync_api import expect

from zhaoshang.core.tests.browser import PASSWORD, fast_passwords, sign_in  # noqa: F401
from zhaoshang.core.tests.pages import daily_pages
from zhaoshang.core.tests.users import office_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]

PHONE_WIDTH = 390  # the `phone` fixture's screen

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
def pages(plan2021):
    return daily_pages()


def test_every_page_fits_a_phone_and_its_targets_a_finger(phone, pages):
    too_wide, too_small = {}, {}
    for username in ("office", "lin"):
        sign_in(phone, username)
        for path in pages[username]:
            response = phone.goto(path)
            assert response.status < 400, f"{path} answered {response.status}"
            page_width, screen_width = phone.evaluate(PAGE_WIDTH)
            if page_width > screen_width or screen_width != PHONE_WIDTH:
                too_wide[path] = page_width
            small = phone.evaluate(SMALL_TARGETS, TARGETS)
            if small:
                too_small[path] = small
    assert too_wide == {}, f"wider than the {PHONE_WIDTH} px screen"
    assert too_small == {}, "touch targets under 40 px"


def test_the_menu_and_a_lists_filters_fold_behind_buttons_that_open_them(phone, plan2021):
    office_user(username="office", password=PASSWORD)
    sign_in(phone, "office")
    phone.goto("/projects/")
    filters = phone.locator("#project-filters")
    expect(filters).to_be_hidden()
    phone.get_by_role("button", name="筛选").click()
    expect(filters.locator("input[name=q]")).to_be_visible()

    menu = phone.locator("#site-menu")
    expect(menu).to_be_hidden()
    phone.get_by_role("button", name="菜单").click()
    expect(menu).to_be_visible()
    assert phone.evaluate(SMALL_TARGETS, "#site-menu a, #site-menu button") == []
    menu.locator("a:text-is('项目看板')").click()
    phone.wait_for_url("**/projects/board/")
    expect(phone.locator("#site-menu")).to_be_hidden()
