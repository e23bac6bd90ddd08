"""单位与招商组 in a real browser: the office reaches it from the menu, renames a unit, changes a
group's co-units (a wrong name is explained beside the field), and a liaison reads the result.

With ZHAOSHANG_SCREENSHOTS=1 it also writes docs/screenshots/units.png.
"""
import pytest
from playwright.sync_api import expect

from zhaoshang.core.tests.browser import (PASSWORD, fast_passwords, page_errors,  # noqa: F401
                                          screenshot, sign_in)
from zhaoshang.core.tests.users import liaison_user, office_user
from zhaoshang.org.models import IndustryGroup, Unit
from zhaoshang.org.units import co_unit_names

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]

FORESTRY = "林木加工产业招商组"


def test_the_office_keeps_the_make_up_of_the_groups_current(page, plan2021, page_errors):
    office_user(username="office", password=PASSWORD)
    liaison_user("forestry", username="lin", password=PASSWORD)
    sign_in(page, "office")
    page.goto("/")
    page.hover("nav >> text=设置")  # the section opens its menu
    page.click("nav >> text=单位与招商组")
    page.wait_for_url("**/org/")
    expect(page.locator("#groups tbody tr")).to_have_count(8)
    screenshot(page, "units")

    # 县税务局 becomes 国家税务总局鹿寨县税务局 (机构改革): every group shows the new name.
    page.click("#units >> text=县税务局")
    page.click("text=更名")
    page.fill("#id_name", "国家税务总局鹿寨县税务局")
    page.fill("#id_reason", "机构改革")
    page.click("form.form-card button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已保存单位「国家税务总局鹿寨县税务局」")
    expect(page.locator("#history")).to_contain_text("县税务局")
    page.goto("/org/")
    row = page.locator("#groups tbody tr", has=page.locator(f"a:text-is('{FORESTRY}')"))
    expect(row).to_contain_text("国家税务总局鹿寨县税务局")

    # The group's co-units: a name not yet registered is refused beside the field.
    row.locator(f"a:text-is('{FORESTRY}')").click()
    page.click("text=修改组成")
    page.fill("#id_co_units", "县投促中心\n县发改局\n县外事办")
    page.click("form.form-card button[type=submit]")
    expect(page.locator(".field:has(#id_co_units) .field-error")).to_have_text(
        "以下单位尚未登记：县外事办。请先在「单位」中新增")
    assert len(co_unit_names(IndustryGroup.objects.get(code="forestry"))) == 9
    page.fill("#id_co_units", "县投促中心\n县发改局")
    page.fill("#id_commander", "张三（副县长）")
    page.click("form.form-card button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已保存林木加工产业招商组")
    expect(page.locator("#make-up ol li")).to_have_text(["县投促中心", "县发改局"])

    # The liaison reads the new make-up of the own group, without the edit button.
    sign_in(page, "lin")
    page.goto("/org/groups/forestry/")
    expect(page.locator("#make-up")).to_contain_text("张三（副县长）")
    expect(page.locator("text=修改组成")).to_have_count(0)
    assert Unit.objects.filter(name="国家税务总局鹿寨县税务局").exists()
    assert page_errors == []
