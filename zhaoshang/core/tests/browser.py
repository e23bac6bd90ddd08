"""What the browser tests share (the `browser` and `page` fixtures are in the root conftest.py).

    from zhaoshang.core.tests.browser import fast_passwords, number, screenshot, sign_in

    def test_x(page, plan2021, fast_passwords):
        liaison_user("forestry", username="lin", password=PASSWORD)
        sign_in(page, "lin", PASSWORD)

Screenshots for docs/screenshots/ are written only with ZHAOSHANG_SCREENSHOTS=1.
"""
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

PASSWORD = "pw-secret-123"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.fixture
def fast_passwords(settings):
    """A cheap hasher: the form sign-in hashes for real, and PBKDF2 costs a second each time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def page_errors(page):
    """JavaScript errors of the page; the test asserts the list stays empty."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def sign_in(page, username, password=PASSWORD):
    """Sign in through the real form, as a person would."""
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def new_page(browser, live_server, username, password=PASSWORD):
    """A second person at another browser: a fresh context, signed in. Close its context after."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                  viewport={"width": 1440, "height": 900})
    context.set_default_timeout(10_000)
    other = context.new_page()
    sign_in(other, username, password)
    return other


def number(text):
    """The first number in a page's text: "1,234.50 / 16" → Decimal("1234.50")."""
    match = re.search(r"-?\d[\d,]*(?:\.\d+)?", text)
    assert match, f"no number in {text!r}"
    return Decimal(match.group().replace(",", ""))


def screenshot(page, name, *, full_page=True):
    """docs/screenshots/NAME.png when ZHAOSHANG_SCREENSHOTS=1; otherwise nothing is written."""
    if os.environ.get("ZHAOSHANG_SCREENSHOTS") != "1":
        return None
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path
