"""目标调整 in a real browser (Chromium via Playwright) against a live server (issue 5).

A liaison files an adjustment with its scanned 调整请示, the group's commander signs, the office
reviews, a leader approves; the dashboard then shows the new target and 附件1 its original
and the approval's 文号. Skipped without /usr/bin/chromium unless ZHAOSHANG_REQUIRE_BROWSER=1.
"""
import re
from decimal import Decimal

import pytest

from zhaoshang.core.tests.browser import PASSWORD, fast_passwords, number, screenshot, sign_in  # noqa: F401
from zhaoshang.core.tests.users import commander_user, leader_user, liaison_user, office_user
from zhaoshang.notices.models import Notification
from zhaoshang.plans.models import GroupTarget, TargetAdjustment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fast_passwords")]

FORESTRY = "林木加工产业招商组"
DASHBOARD_2021 = "/?year=2021&as_of=2021-12-31"


def named(user, name):
    user.first_name = name
    user.save(update_fields=["first_name"])
    return user


def forestry_funds_target(page):
    """The 到位资金 target (亿元) of the forestry row of the dashboard's group table."""
    page.goto(DASHBOARD_2021)
    row = page.locator("table.dashboard-table tbody tr", has=page.locator(f"th:text-is('{FORESTRY}')"))
    return number(row.locator("td").nth(0).inner_text())


def take_step(page, adjustment_id, button, comment=""):
    """Open the request from the 待我办理 list, comment, and press `button`."""
    page.goto("/plans/adjustments/?status=awaiting")
    page.click(f"a:text-is('#{adjustment_id}')")
    page.wait_for_url(f"**/plans/adjustments/{adjustment_id}/")
    if comment:
        page.fill("#id_comment", comment)
    page.click(f"button:text-is('{button}')")
    page.wait_for_selector(".messages li")


def test_an_adjustment_from_request_to_dashboard(page, plan2021):
    named(liaison_user("forestry", username="lin", password=PASSWORD), "林晓雨")
    named(commander_user("forestry", username="zhang", password=PASSWORD), "张建国")
    named(office_user(username="office", password=PASSWORD), "王敏")
    named(leader_user(username="leader", password=PASSWORD), "李县长")

    sign_in(page, "leader")
    assert forestry_funds_target(page) == Decimal("16.00")

    # The liaison files the request: 16 亿 → 12 亿 and 7 → 6 projects, with the reason and the scan.
    sign_in(page, "lin")
    page.goto("/plans/adjustments/")
    page.click("text=提出目标调整申请")
    page.wait_for_url("**/plans/adjustments/new/")
    assert "160,000.00 万元（16.00 亿元）" in page.locator("table.wf-targets").inner_text()
    page.fill("#id_funds_target", "120000")
    page.fill("#id_signed_target", "6")
    page.fill("#id_reason", "2021年7月特大洪灾，园区两家意向企业厂房受损，投资计划推迟至2022年。")
    page.set_input_files("#id_attachment", files=[{
        "name": "林木加工组目标调整请示.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n% scanned request\n"}])
    page.click("form.form-card button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/adjustments/\d+/$"))
    adjustment = TargetAdjustment.objects.get()
    assert "待指挥长签字" in page.locator("h1").inner_text()
    assert page.locator("a.wf-file").inner_text() == "林木加工组目标调整请示.pdf"
    assert Notification.objects.filter(recipient__username="zhang", kind="workflow").exists()

    # The commander signs, the office reviews, the leader approves: each from 待我办理.
    sign_in(page, "zhang")
    take_step(page, adjustment.pk, "签字同意", "情况属实，同意报办公室审核")
    sign_in(page, "office")
    take_step(page, adjustment.pk, "审核通过", "材料齐全，符合不可抗力情形")
    assert GroupTarget.objects.get(plan=plan2021, group__code="forestry").funds_target == Decimal("160000.00")
    sign_in(page, "leader")
    take_step(page, adjustment.pk, "同意调整", "同意")

    adjustment.refresh_from_db()
    assert adjustment.status == TargetAdjustment.Status.APPROVED
    assert adjustment.number in page.locator(".wf-banner").inner_text()
    steps = page.locator(".wf-timeline li").all_inner_texts()
    assert [s.split("\n")[0].split(" · ")[0] for s in steps] == [
        "提交申请", "指挥长签字", "办公室审核通过", "领导小组组长同意"]
    screenshot(page, "adjustment")

    # The dashboard measures the group against its new target; 附件1 keeps the original.
    assert forestry_funds_target(page) == Decimal("12.00")
    page.goto("/reports/?year=2021&as_of=2021-12-31")
    row = page.locator("table.figures tbody tr", has=page.locator(f"th:text-is('{FORESTRY}')"))
    assert f"到位资金 16.00 → 12.00 亿元（{adjustment.number}）" in row.locator(".col-mark").inner_text()

    # The requester hears of the approval.
    assert Notification.objects.filter(recipient__username="lin",
                                       key=f"adjustment:{adjustment.pk}:approved").exists()
