"""年度计划 in a real browser: the office starts 2022 from 2021's plan, changes a group's target,
下达 it (confirming the dialog), and the dashboard for 2022 measures the group against it.

With ZHAOSHANG_SCREENSHOTS=1 it also writes docs/screenshots/plans.png.
"""
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from zhaoshang.core.tests.browser import (PASSWORD, fast_passwords, number, page_errors,  # noqa: F401
                                          screenshot, sign_in)
from zhaoshang.core.tests.users import office_user
from zhaoshang.plans.models import AnnualPlan

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]

FORESTRY = "林木加工产业招商组"


def test_the_office_enters_and_issues_next_years_plan(page, plan2021, page_errors):
    office_user(username="office", password=PASSWORD)
    sign_in(page, "office")
    page.goto("/")
    page.hover("nav >> text=设置")  # the section opens its menu
    page.click("nav >> text=年度计划")
    page.wait_for_url("**/plans/")
    page.click("text=新建年度计划")
    expect(page.locator("#id_year")).to_have_value("2022")
    page.select_option("#id_copy_from", label="2021年度计划")
    page.click("form.form-card button[type=submit]")
    page.wait_for_url("**/plans/2022/edit/")

    page.fill("#id_document", "鹿政办发〔2022〕8号")
    page.fill("#id_forestry-funds_target", "-5")
    page.click("form.form-card button[type=submit]")
    expect(page.locator("td.has-error .field-error")).to_have_text("不能为负数")
    page.fill("#id_forestry-funds_target", "180000")
    page.fill("#id_reason", "市下达2022年任务")
    page.click("form.form-card button[type=submit]")
    page.wait_for_url("**/plans/2022/")
    row = page.locator("#groups tbody tr", has=page.locator(f"th:text-is('{FORESTRY}')"))
    expect(row.locator("td").first).to_have_text("18.00")
    expect(page.locator("tr.sum td.off").first).to_have_text("47.00")  # no longer the county's 45
    screenshot(page, "plans")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:text-is('下达')")
    expect(page.locator(".messages")).to_contain_text("2022年度计划已下达")
    assert AnnualPlan.objects.get(year=2022).status == AnnualPlan.Status.ISSUED

    page.click(".page-actions >> text=完成情况")
    page.wait_for_url("**/?year=2022")
    group = page.locator("table.dashboard-table tbody tr", has=page.locator(f"th:text-is('{FORESTRY}')"))
    assert number(group.locator("td").nth(0).inner_text()) == Decimal("18.00")
    assert page_errors == []
