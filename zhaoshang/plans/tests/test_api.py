"""/api/adjustments/: 目标调整 over the API — who files, who takes each step (exactly as
plans.workflow decides: 403 otherwise), the outsider (404, never listed), and that only an
approved request changes the target."""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        office_user, outsider_user)
from zhaoshang.notices.models import Notification
from zhaoshang.plans.models import GroupTarget, TargetAdjustment

from .test_adjustments import REASON, target_of
from .test_adjustments import submit as submit_directly
from zhaoshang.core.tests.users import api_client as client

URL = "/api/adjustments/"


def scan():
    return SimpleUploadedFile("调整请示.pdf", b"%PDF-1.4 scan", content_type="application/pdf")


@pytest.fixture
def people(plan2021):
    return {"liaison": liaison_user("forestry"), "commander": commander_user("forestry"),
            "co_unit": co_unit_user("forestry"), "office": office_user(), "leader": leader_user(),
            "outsider": outsider_user("forestry")}


@pytest.fixture
def filed(people):
    return submit_directly(people)  # forestry: funds 160000 → 120000, filed by the liaison


def request_body(**overrides):
    return {"group": "forestry", "year": 2021, "funds_target": "120000", "signed_target": "",
            "reason": REASON, "attachment": scan(), **overrides}


def act(user, adjustment, step, **body):
    return client(user).post(f"{URL}{adjustment.pk}/{step}/", body, format="json")


# --- filing ------------------------------------------------------------------------------------

def test_the_liaison_files_with_the_attachment(people):
    response = client(people["liaison"]).post(URL, request_body(), format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["group"] == "forestry" and body["year"] == 2021
    assert body["lines"] == [{"field": "funds_target", "label": "区外境内到位资金",
                              "original": "160000.00", "adjusted": "120000.00"}]
    assert body["attachment"]["filename"] == "调整请示.pdf" and body["attachment"]["size"] == 13
    assert [s["action"] for s in body["steps"]] == ["submit"] and body["next_step"] == "sign"
    assert body["can_act"] is False and body["waiting_for"] == "本组指挥长"
    record = ChangeRecord.objects.get(object_type="targetadjustment")
    assert record.action == "create" and record.via == "api" and record.user == people["liaison"]
    assert Notification.objects.filter(recipient=people["commander"], kind="workflow").exists()
    assert target_of().funds_target == Decimal("160000")  # nothing changes before approval


def test_bad_requests_are_400_in_chinese_and_nothing_written(people):
    api = client(people["liaison"])
    response = api.post(URL, request_body(attachment=""), format="multipart")
    assert response.status_code == 400 and response.json()["attachment"] == ["请上传调整请示（扫描件）"]
    response = api.post(URL, request_body(funds_target="十二万", reason=""), format="multipart")
    assert set(response.json()) == {"funds_target", "reason"}
    assert response.json()["reason"] == ["请填写不可抗力说明：目标只能因不可抗力调整（一般情况不得调整）"]
    response = api.post(URL, request_body(year=2030), format="multipart")
    assert response.json() == {"year": ["林木加工产业招商组没有2030年的目标任务，无法申请调整"]}
    assert not TargetAdjustment.objects.exists() and not ChangeRecord.objects.filter(
        object_type="targetadjustment").exists()


@pytest.mark.parametrize("who", ["office", "leader", "co_unit"])
def test_only_the_groups_liaisons_and_commanders_file(people, who):
    response = client(people[who]).post(URL, request_body(), format="multipart")
    assert response.status_code == 403 and "联络员或指挥长" in response.json()["detail"]
    assert not TargetAdjustment.objects.exists()


def test_an_outsider_cannot_name_another_group(people):
    response = client(people["outsider"]).post(URL, request_body(), format="multipart")
    assert response.status_code == 400 and response.json() == {"group": ["产业招商组不存在"]}


# --- reading -----------------------------------------------------------------------------------

def test_lists_and_detail_follow_the_scope(people, filed):
    for who in ("liaison", "co_unit", "office", "leader"):
        assert [r["id"] for r in client(people[who]).get(URL).json()["results"]] == [filed.pk]
    response = client(people["outsider"]).get(URL)
    assert response.json()["count"] == 0 and "林木" not in response.content.decode()
    assert client(people["outsider"]).get(f"{URL}{filed.pk}/").status_code == 404
    assert client(people["commander"]).get(URL, {"status": "awaiting"}).json()["count"] == 1
    assert client(people["office"]).get(URL, {"status": "awaiting"}).json()["count"] == 0
    detail = client(people["commander"]).get(f"{URL}{filed.pk}/").json()
    assert detail["can_act"] is True and detail["attachment"]["url"].endswith(
        f"/plans/adjustments/{filed.pk}/attachment/")


# --- the steps ---------------------------------------------------------------------------------

def test_sign_review_approve_change_the_target(people, filed):
    assert act(people["office"], filed, "sign").status_code == 403  # not the office's step yet
    response = act(people["commander"], filed, "review")
    assert response.status_code == 400 and "不能「办公室审核通过」" in response.json()["non_field_errors"][0]
    response = act(people["commander"], filed, "sign", comment="同意上报")
    assert response.status_code == 200 and response.json()["status"] == "signed"
    assert act(people["leader"], filed, "review").status_code == 403
    assert act(people["office"], filed, "review").json()["status"] == "reviewed"
    assert target_of().funds_target == Decimal("160000")
    response = act(people["leader"], filed, "approve", comment="同意")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "approved" and body["number"].startswith("鹿投促调〔")
    assert [s["action"] for s in body["steps"]] == ["submit", "sign", "review", "approve"]
    assert target_of().funds_target == Decimal("120000")
    record = ChangeRecord.objects.get(object_type="grouptarget", action="update", via="api")
    assert record.user == people["leader"] and record.after == {"funds_target": "120000.00"}


def test_reject_needs_a_comment_and_only_the_current_actor(people, filed):
    assert act(people["liaison"], filed, "reject", comment="撤回").status_code == 403
    assert act(people["outsider"], filed, "reject", comment="x").status_code == 404
    response = act(people["commander"], filed, "reject", comment=" ")
    assert response.status_code == 400 and response.json() == {"comment": ["退回须填写意见，说明退回原因"]}
    assert TargetAdjustment.objects.get().status == "submitted"
    response = act(people["commander"], filed, "reject", comment="理由不充分")
    assert response.json()["status"] == "rejected"
    assert act(people["commander"], filed, "sign").status_code == 400  # closed: nothing to take
    # The group resubmits, keeping the attachment.
    response = client(people["liaison"]).post(URL, request_body(attachment="", previous=filed.pk),
                                              format="multipart")
    assert response.status_code == 201 and response.json()["previous"] == filed.pk
    assert response.json()["attachment"]["filename"] == "调整请示.pdf"


def test_a_step_taken_meanwhile_is_409(people, filed):
    act(people["commander"], filed, "sign")
    response = act(people["commander"], filed, "sign", expected_status="submitted")
    assert response.status_code == 409 and "已被他人办理" in response.json()["detail"]
    assert TargetAdjustment.objects.get().status == "signed"
    assert GroupTarget.objects.get(plan__year=2021, group__code="forestry").funds_target == Decimal("160000")
