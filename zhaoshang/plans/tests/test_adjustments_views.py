"""目标调整 pages: the one who may act, the one who may only read (403 on writes), the outsider
(404), and the admin site that cannot change a target."""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhaoshang.core.files import FileData
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        make_user, office_user, outsider_user)
from zhaoshang.org.models import Role
from zhaoshang.plans.models import AnnualPlan, GroupTarget, TargetAdjustment
from zhaoshang.plans.workflow import sign_adjustment, submit_adjustment

Status = TargetAdjustment.Status
URL = "/plans/adjustments/"


@pytest.fixture
def people(plan2021):
    return {"liaison": liaison_user("forestry"), "commander": commander_user("forestry"),
            "co_unit": co_unit_user("forestry"), "outsider": outsider_user("forestry"),
            "other_commander": commander_user("emerging"), "office": office_user(),
            "leader": leader_user()}


@pytest.fixture
def adjustment(people):
    target = GroupTarget.objects.get(plan__year=2021, group__code="forestry")
    return submit_adjustment(target, {"funds_target": "120000"}, reason="台风灾害",
                             attachment=FileData("请示.pdf", b"%PDF scan"), user=people["liaison"])


def as_user(client, user):
    client.force_login(user)
    return client


def form_data(**overrides):
    data = {"funds_target": "120000", "signed_target": "", "industrial_target": "",
            "major_industrial_target": "", "reason": "受疫情影响，意向企业暂停投资",
            "attachment": SimpleUploadedFile("调整请示.pdf", b"%PDF-1.4", content_type="application/pdf")}
    data.update(overrides)
    return data


def funds_target():
    return GroupTarget.objects.get(plan__year=2021, group__code="forestry").funds_target


def test_list_is_scoped(client, people, adjustment):
    for who, sees in [("liaison", True), ("co_unit", True), ("office", True), ("leader", True),
                      ("outsider", False)]:
        page = as_user(client, people[who]).get(URL)
        assert page.status_code == 200
        assert (f"#{adjustment.pk}" in page.content.decode()) is sees, who


def test_list_awaiting_shows_what_the_user_may_take(client, people, adjustment):
    page = as_user(client, people["commander"]).get(URL + "?status=awaiting").content.decode()
    assert f"#{adjustment.pk}" in page
    page = as_user(client, people["office"]).get(URL + "?status=awaiting").content.decode()
    assert f"#{adjustment.pk}" not in page and "没有等待您办理" in page


def test_the_liaison_files_a_request_with_its_attachment(client, people):
    client = as_user(client, people["liaison"])
    page = client.get(URL + "new/")
    assert page.status_code == 200
    assert "160,000.00 万元（16.00 亿元）" in page.content.decode()
    response = client.post(URL + "new/", form_data())
    adjustment = TargetAdjustment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}{adjustment.pk}/"
    assert adjustment.attachment.filename == "调整请示.pdf"
    assert funds_target() == Decimal("160000.00")


def test_a_bad_request_is_shown_again_beside_its_fields(client, people):
    response = as_user(client, people["liaison"]).post(
        URL + "new/", form_data(funds_target="abc", reason="", attachment=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "不是数字" in page and "请填写不可抗力说明" in page and "请上传调整请示" in page
    assert not TargetAdjustment.objects.exists()


@pytest.mark.parametrize("who", ["office", "leader", "co_unit"])
def test_only_group_liaisons_and_commanders_may_open_the_form(client, people, who):
    assert as_user(client, people[who]).get(URL + "new/").status_code == 403
    assert as_user(client, people[who]).post(URL + "new/", form_data()).status_code == 403
    assert not TargetAdjustment.objects.exists()


def test_the_form_may_choose_another_plan_year(client, people):
    AnnualPlan.objects.create(year=2022)
    page = as_user(client, people["liaison"]).get(URL + "new/?year=2022")
    assert page.status_code == 404 and "还没有年度目标任务" in page.content.decode()


@pytest.mark.parametrize("who", ["liaison", "co_unit", "commander", "office", "leader"])
def test_detail_is_seen_within_scope(client, people, adjustment, who):
    page = as_user(client, people[who]).get(f"{URL}{adjustment.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "台风灾害" in text and "待指挥长签字" in text
    assert ("签字同意" in text) is (who == "commander")


def test_the_outsider_gets_404_everywhere(client, people, adjustment):
    client = as_user(client, people["outsider"])
    for path in ["", "attachment/", "resubmit/"]:
        assert client.get(f"{URL}{adjustment.pk}/{path}").status_code == 404
    assert client.post(f"{URL}{adjustment.pk}/decide/", {"decision": "agree"}).status_code == 404


@pytest.mark.parametrize("who", ["liaison", "co_unit", "other_commander", "office", "leader"])
def test_only_the_groups_commander_may_sign(client, people, adjustment, who):
    response = as_user(client, people[who]).post(f"{URL}{adjustment.pk}/decide/",
                                                 {"decision": "agree", "step": "submitted"})
    assert response.status_code == (404 if who == "other_commander" else 403)
    assert TargetAdjustment.objects.get().status == Status.SUBMITTED


def test_the_steps_through_the_pages(client, people, adjustment):
    path = f"{URL}{adjustment.pk}/decide/"
    for who, step in [("commander", "submitted"), ("office", "signed"), ("leader", "reviewed")]:
        response = as_user(client, people[who]).post(path, {"decision": "agree", "step": step})
        assert response.status_code == 302, who
    adjustment.refresh_from_db()
    assert adjustment.status == Status.APPROVED and funds_target() == Decimal("120000.00")
    page = as_user(client, people["liaison"]).get(f"{URL}{adjustment.pk}/").content.decode()
    assert adjustment.number in page and "领导小组组长同意" in page


def test_a_stale_form_does_not_take_the_next_step(client, people, adjustment):
    sign_adjustment(adjustment, user=people["commander"])
    response = as_user(client, people["office"]).post(f"{URL}{adjustment.pk}/decide/",
                                                      {"decision": "agree", "step": "submitted"})
    assert response.status_code == 400 and "已被他人办理" in response.content.decode()
    assert TargetAdjustment.objects.get().status == Status.SIGNED


def test_a_step_taken_meanwhile_says_so_even_to_whom_the_next_is_not(client, people, adjustment):
    sign_adjustment(adjustment, user=people["commander"])
    second = commander_user("forestry")  # a second commander, on the page before the first signed
    response = as_user(client, second).post(f"{URL}{adjustment.pk}/decide/",
                                             {"decision": "agree", "step": "submitted"})
    assert response.status_code == 400 and "已被他人办理" in response.content.decode()
    returned = as_user(client, people["office"]).post(f"{URL}{adjustment.pk}/decide/",
                                                      {"decision": "reject", "step": "signed",
                                                       "comment": "材料不全"})
    assert returned.status_code == 302
    response = as_user(client, second).post(f"{URL}{adjustment.pk}/decide/", {"decision": "agree"})
    assert response.status_code == 400 and "该申请已退回，不能再办理" in response.content.decode()


def test_rejecting_needs_a_comment_and_resubmitting_keeps_history(client, people, adjustment):
    sign_adjustment(adjustment, user=people["commander"])
    office = as_user(client, people["office"])
    response = office.post(f"{URL}{adjustment.pk}/decide/", {"decision": "reject", "step": "signed"})
    assert response.status_code == 400 and "退回须填写意见" in response.content.decode()
    response = office.post(f"{URL}{adjustment.pk}/decide/",
                           {"decision": "reject", "step": "signed", "comment": "请附受灾证明"})
    assert response.status_code == 302
    assert TargetAdjustment.objects.get().status == Status.REJECTED

    assert office.get(f"{URL}{adjustment.pk}/resubmit/").status_code == 403
    liaison = as_user(client, people["liaison"])
    form = liaison.get(f"{URL}{adjustment.pk}/resubmit/").content.decode()
    assert "沿用原申请的附件「请示.pdf」" in form and 'value="120000.00"' in form
    response = liaison.post(f"{URL}{adjustment.pk}/resubmit/",
                            form_data(funds_target="130000", attachment="", reason="补充受灾证明"))
    second = TargetAdjustment.objects.exclude(pk=adjustment.pk).get()
    assert response.status_code == 302 and second.previous_id == adjustment.pk
    page = liaison.get(f"{URL}{adjustment.pk}/").content.decode()
    assert "请附受灾证明" in page and f"申请 #{second.pk}" in page
    # Resubmitted once: the old version no longer offers it.
    assert liaison.get(f"{URL}{adjustment.pk}/resubmit/").status_code == 400


def test_attachment_download_is_scoped(client, people, adjustment):
    response = as_user(client, people["co_unit"]).get(f"{URL}{adjustment.pk}/attachment/")
    assert response.status_code == 200 and response.content == b"%PDF scan"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"


def test_the_admin_site_cannot_change_or_drop_a_target(client, people):
    admin = make_user(Role.ADMIN, username="root")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = as_user(client, admin)
    plan = AnnualPlan.objects.get(year=2021)
    assert client.get("/admin/plans/grouptarget/").status_code == 404  # not registered on its own
    page = client.get(f"/admin/plans/annualplan/{plan.pk}/change/")
    assert page.status_code == 200
    # A hand-made POST with target values in the inline changes nothing: the fields are read-only.
    target = GroupTarget.objects.get(plan=plan, group__code="forestry")
    data = {"year": 2021, "title": plan.title, "document": plan.document, "threshold": "500.00",
            "emerging_share_target": "0.30", "funds_target": "1",
            "targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "1", "targets-MIN_NUM_FORMS": "0",
            "targets-MAX_NUM_FORMS": "1000", "targets-0-id": target.pk, "targets-0-plan": plan.pk,
            "targets-0-funds_target": "1", "targets-0-signed_target": "1"}
    client.post(f"/admin/plans/annualplan/{plan.pk}/change/", data)
    target.refresh_from_db()
    plan.refresh_from_db()
    assert (target.funds_target, target.signed_target) == (Decimal("160000.00"), 7)
    assert plan.funds_target == Decimal("450000.00")
    assert client.post(f"/admin/plans/annualplan/{plan.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AnnualPlan.objects.filter(pk=plan.pk).exists()
    adjustments = client.get("/admin/plans/targetadjustment/")
    assert adjustments.status_code == 200
    assert client.get("/admin/plans/targetadjustment/add/").status_code == 403


def test_review_through_the_page_by_the_office(client, people, adjustment):
    sign_adjustment(adjustment, user=people["commander"])
    response = as_user(client, people["office"]).post(f"{URL}{adjustment.pk}/decide/",
                                                      {"decision": "agree", "step": "signed",
                                                       "comment": "材料齐全"})
    assert response.status_code == 302
    adjustment.refresh_from_db()
    assert adjustment.status == Status.REVIEWED
    assert adjustment.steps.last().comment == "材料齐全"
    # The leader's page offers the approval; the office's no longer does.
    assert "同意调整" in as_user(client, people["leader"]).get(f"{URL}{adjustment.pk}/").content.decode()
