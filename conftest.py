import os

import pytest


@pytest.fixture
def plan2021(db):
    """The 2021 Luzhai plan of SPEC §11, as `zhaoshang loadplan luzhai-2021` loads it."""
    from zhaoshang.plans.catalog import LUZHAI_2021
    from zhaoshang.plans.services import load_plan

    plan, _ = load_plan(LUZHAI_2021)
    return plan


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """One transaction around a test module, rolled back at its end, for data its tests share
    and that costs seconds to load (the demo year): a module fixture loads it inside. Each test
    still runs in a savepoint of its own (the `db` fixture). Only for modules whose every test
    wants that data: the other tests of the module would see it too."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


# ---- browser tests (Playwright driving Debian's chromium) ---------------------------------------

CHROMIUM = os.environ.get("ZHAOSHANG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium; skips on a laptop without it, fails in CI (ZHAOSHANG_REQUIRE_BROWSER=1)."""
    if not os.path.exists(CHROMIUM):
        message = f"没有找到 Chromium（{CHROMIUM}）：apt-get install chromium 后可运行浏览器测试"
        if os.environ.get("ZHAOSHANG_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
    # itself are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab at the live server, in Chinese, laptop-sized."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                  viewport={"width": 1440, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A phone's browser tab: 390 × 844 with touch; like a phone it zooms out a page too wide."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                  viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


# sign_in and the other helpers of the browser tests: zhaoshang/core/tests/browser.py
