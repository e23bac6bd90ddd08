"""What a person clicks: the first sign-in after the office set the password leads to 修改密码;
接口令牌 issues a token shown once and revokes it.

With ZHAOSHANG_SCREENSHOTS=1 it also writes docs/screenshots/password-change.png, tokens.png and
their phone versions.
"""
import pytest
from playwright.sync_api import expect

from zhaoshang.core.tests.browser import fast_passwords, page_errors, screenshot  # noqa: F401
from zhaoshang.core.tests.users import make_user, office_user
from zhaoshang.org import services

from .conftest import GOOD, NEW

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]


def sign_in_by_hand(page, username, password):
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_a_password_the_office_set_is_changed_at_the_first_sign_in(page, page_errors):
    services.create_user("zhangsan", role="leader", password=GOOD, full_name="张三", actor=office_user())
    sign_in_by_hand(page, "zhangsan", GOOD)
    page.wait_for_url("**/password/")
    expect(page.locator(".alert-error")).to_contain_text("您的密码是由办公室设置的")
    page.goto("/notices/")  # any other page leads back
    page.wait_for_url("**/password/")
    screenshot(page, "password-change")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "password-change-phone")
    page.set_viewport_size({"width": 1440, "height": 900})

    page.fill("#id_old_password", GOOD)
    page.fill("#id_new_password1", "zhangsan-2021")
    page.fill("#id_new_password2", "zhangsan-2021")
    page.click(".auth-card button[type=submit]")
    expect(page.locator(".field-error")).to_contain_text("密码不能包含用户名")
    page.fill("#id_old_password", GOOD)
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.click(".auth-card button[type=submit]")
    expect(page.locator("h1")).to_have_text("密码已修改")
    page.goto("/notices/")
    expect(page.locator("h1")).to_have_text("消息")
    assert page_errors == []


def test_a_user_issues_and_revokes_a_token(page, page_errors):
    make_user("leader", username="lin", password=GOOD)
    sign_in_by_hand(page, "lin", GOOD)
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto("/notices/")
    page.click(".usermenu >> text=接口令牌")
    page.wait_for_url("**/tokens/")
    expect(page.locator("td.empty")).to_have_text("您没有有效的令牌。")
    page.click("text=取得新令牌")
    token = page.locator("#new-token").inner_text()
    assert len(token) == 64
    expect(page.locator("table.tokens tbody tr")).to_have_count(1)
    expect(page.locator("table.tokens")).to_contain_text(f"{token[:8]}…")
    screenshot(page, "tokens")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "tokens-phone")
    page.set_viewport_size({"width": 1440, "height": 900})

    page.goto("/tokens/")  # shown once: not when the page is opened again
    expect(page.locator("#new-token")).to_have_count(0)
    page.click("table.tokens >> text=撤销")
    expect(page.locator(".messages")).to_contain_text(f"已撤销令牌 {token[:8]}…")
    expect(page.locator("td.empty")).to_be_visible()
    assert page_errors == []
