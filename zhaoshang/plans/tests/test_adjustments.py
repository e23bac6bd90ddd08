"""目标调整 (SPEC §7): every step and who may take it, rejection and resubmission, and that
nothing but an approved adjustment changes a target."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.core.files import FileData
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        make_user, office_user, outsider_user)
from zhaoshang.notices.models import Notification
from zhaoshang.org.models import Role
from zhaoshang.org.scope import Scope
from zhaoshang.plans import workflow
from zhaoshang.plans.catalog import LUZHAI_2021
from zhaoshang.plans.models import AdjustmentStep, GroupTarget, TargetAdjustment
from zhaoshang.plans.services import load_plan
from zhaoshang.plans.workflow import (adjustment_note, adjustments_for,
                                      approve_adjustment, reject_adjustment, review_adjustment,
                                      sign_adjustment, submit_adjustment)

Status = TargetAdjustment.Status
SCAN = FileData("调整请示.pdf", b"%PDF-1.4 scan", "application/pdf")
REASON = "受台风灾害影响，主要意向企业停产，无法按期落地"


@pytest.fixture
def people(plan2021):
    """Everyone who might touch a forestry request."""
    return {
        "liaison": liaison_user("forestry"), "commander": commander_user("forestry"),
        "co_unit": co_unit_user("forestry"), "other_commander": commander_user("emerging"),
        "outsider": outsider_user("forestry"), "office": office_user(), "leader": leader_user(),
        "admin": make_user(Role.ADMIN),
    }


def target_of(code="forestry"):
    return GroupTarget.objects.get(plan__year=2021, group__code=code)


def submit(people, changes=None, **kwargs):
    kwargs.setdefault("reason", REASON)
    kwargs.setdefault("attachment", SCAN)
    kwargs.setdefault("user", people["liaison"])
    return submit_adjustment(target_of(), changes or {"funds_target": "120000"}, **kwargs)


def signed(people, **kwargs):
    return sign_adjustment(submit(people, **kwargs), user=people["commander"])


def reviewed(people, **kwargs):
    return review_adjustment(signed(people, **kwargs), user=people["office"])


def funds_target():
    return target_of().funds_target


def test_the_four_steps_change_the_target_and_keep_the_original(people):
    adjustment = submit(people, {"funds_target": "120000", "signed_target": "5", "industrial_target": "7"})
    assert adjustment.status == Status.SUBMITTED
    # industrial_target 7 equals the current target: not part of the request.
    assert [(l.field, l.original, l.adjusted) for l in adjustment.lines.all()] == [
        ("funds_target", Decimal("160000.00"), Decimal("120000.00")),
        ("signed_target", Decimal("7.00"), Decimal("5.00"))]
    assert adjustment.attachment.filename == "调整请示.pdf" and adjustment.attachment.size == 13

    sign_adjustment(adjustment, user=people["commander"], comment="情况属实")
    review_adjustment(adjustment, user=people["office"])
    assert funds_target() == Decimal("160000.00")  # not yet: only the leader's approval changes it
    approve_adjustment(adjustment, user=people["leader"], comment="同意")

    adjustment.refresh_from_db()
    target = target_of()
    assert adjustment.status == Status.APPROVED
    assert (target.funds_target, target.signed_target, target.industrial_target) == (
        Decimal("120000.00"), 5, 7)
    year = timezone.localdate().year
    assert adjustment.number == f"鹿投促调〔{year}〕1号"
    steps = list(adjustment.steps.values_list("action", "at_status", "user", "comment"))
    assert steps == [
        ("submit", "", people["liaison"].pk, ""),
        ("sign", "submitted", people["commander"].pk, "情况属实"),
        ("review", "signed", people["office"].pk, ""),
        ("approve", "reviewed", people["leader"].pk, "同意"),
    ]
    log = ChangeRecord.objects.get(object_type="grouptarget", object_id=target.pk,
                                   action=ChangeRecord.Action.UPDATE)
    assert log.before == {"funds_target": "160000.00", "signed_target": 7}
    assert log.after == {"funds_target": "120000.00", "signed_target": 5}
    assert log.user == people["leader"] and log.via == "form" and adjustment.number in log.reason
    assert log.group_id == target.group_id


@pytest.mark.parametrize("who", ["liaison", "commander"])
def test_the_groups_liaison_and_commander_may_request(people, who):
    assert submit(people, user=people[who]).requested_by == people[who]


@pytest.mark.parametrize("who", ["co_unit", "other_commander", "outsider", "office", "leader", "admin"])
def test_no_one_else_may_request(people, who):
    with pytest.raises(PermissionDenied):
        submit(people, user=people[who])
    assert not TargetAdjustment.objects.exists()


STEP_TAKERS = {
    "submitted": ("commander", sign_adjustment),
    "signed": ("office", review_adjustment),
    "reviewed": ("leader", approve_adjustment),
}
EVERYONE = ["liaison", "commander", "co_unit", "other_commander", "outsider", "office", "leader"]


def at_status(people, status):
    return {"submitted": submit, "signed": signed, "reviewed": reviewed}[status](people)


@pytest.mark.parametrize("status", list(STEP_TAKERS))
@pytest.mark.parametrize("who", EVERYONE)
def test_each_step_is_taken_by_exactly_one_role(people, status, who):
    adjustment = at_status(people, status)
    allowed, step = STEP_TAKERS[status]
    if who == allowed:
        step(adjustment, user=people[who])
        adjustment.refresh_from_db()
        assert adjustment.status != status
        return
    with pytest.raises(PermissionDenied):
        step(adjustment, user=people[who])
    with pytest.raises(PermissionDenied):
        reject_adjustment(adjustment, user=people[who], comment="不同意")
    adjustment.refresh_from_db()
    assert adjustment.status == status
    assert funds_target() == Decimal("160000.00")


def test_the_admin_counts_as_the_office_for_the_review(people):
    # org.scope.is_office: the system administrator holds the office's authority everywhere.
    adjustment = signed(people)
    review_adjustment(adjustment, user=people["admin"])
    assert TargetAdjustment.objects.get().status == Status.REVIEWED


@pytest.mark.parametrize("status", list(STEP_TAKERS))
def test_any_step_may_reject_with_a_comment(people, status):
    adjustment = at_status(people, status)
    taker = people[STEP_TAKERS[status][0]]
    with pytest.raises(ValidationError) as error:
        reject_adjustment(adjustment, user=taker, comment="  ")
    assert "退回须填写意见" in str(error.value)
    reject_adjustment(adjustment, user=taker, comment="依据不足")
    adjustment.refresh_from_db()
    assert adjustment.status == Status.REJECTED
    step = adjustment.steps.last()
    assert (step.action, step.at_status, step.user, step.comment) == ("reject", status, taker, "依据不足")
    assert funds_target() == Decimal("160000.00")


def test_a_step_out_of_order_is_refused(people):
    adjustment = submit(people)
    with pytest.raises(ValidationError):  # the commander's turn, but not a review
        review_adjustment(adjustment, user=people["commander"])
    with pytest.raises(ValidationError):
        approve_adjustment(adjustment, user=people["commander"])
    sign_adjustment(adjustment, user=people["commander"])
    with pytest.raises(PermissionDenied):  # signed once; the next step is the office's
        sign_adjustment(adjustment, user=people["commander"])
    assert AdjustmentStep.objects.filter(action="sign").count() == 1


def test_a_stale_page_does_not_repeat_a_step(people):
    adjustment = signed(people)
    with pytest.raises(ValidationError) as error:
        review_adjustment(adjustment, user=people["office"], expected_status=Status.SUBMITTED)
    assert "已被他人办理" in str(error.value)


def test_a_closed_request_takes_no_more_steps(people):
    adjustment = reviewed(people)
    reject_adjustment(adjustment, user=people["leader"], comment="不符合不可抗力情形")
    with pytest.raises(ValidationError):
        approve_adjustment(adjustment, user=people["leader"])
    approved = reviewed(people, changes={"signed_target": "6"})
    approve_adjustment(approved, user=people["leader"])
    with pytest.raises(ValidationError):
        reject_adjustment(approved, user=people["leader"], comment="撤回")
    assert target_of().signed_target == 6 and funds_target() == Decimal("160000.00")


@pytest.mark.parametrize("stop_at", ["submitted", "signed", "reviewed", "rejected"])
def test_nothing_but_an_approved_adjustment_changes_a_target(people, stop_at):
    before = {f: getattr(target_of(), f) for f in workflow.TARGET_FIELDS}
    if stop_at == "rejected":
        reject_adjustment(signed(people), user=people["office"], comment="材料不全")
    else:
        at_status(people, stop_at)
    # Misuse: the leader approving before the office reviewed, or a request that is closed.
    adjustment = TargetAdjustment.objects.get()
    with pytest.raises((PermissionDenied, ValidationError)):
        approve_adjustment(adjustment, user=people["leader"]) if stop_at != "reviewed" else \
            approve_adjustment(adjustment, user=people["office"])
    assert {f: getattr(target_of(), f) for f in workflow.TARGET_FIELDS} == before
    assert not ChangeRecord.objects.filter(object_type="grouptarget", action="update").exists()


def test_a_target_changed_since_the_request_is_not_overwritten(people):
    adjustment = reviewed(people)
    data = {**LUZHAI_2021, "groups": [list(g) for g in LUZHAI_2021["groups"]]}
    data["groups"][0][4] = 15  # the plan itself reloaded with forestry at 15 亿
    load_plan(data)
    with pytest.raises(ValidationError) as error:
        approve_adjustment(adjustment, user=people["leader"])
    assert "已变化" in str(error.value)
    assert funds_target() == Decimal("150000.00")
    adjustment.refresh_from_db()
    assert adjustment.status == Status.REVIEWED and not adjustment.number


@pytest.mark.parametrize("changes, field, message", [
    ({}, "__all__", "请至少填写一项"),
    ({"funds_target": "160000"}, "__all__", "请至少填写一项"),  # the same as now
    ({"funds_target": "12万"}, "funds_target", "不是数字"),
    ({"funds_target": "-1"}, "funds_target", "不能为负数"),
    ({"funds_target": "1.234"}, "funds_target", "超过两位小数"),
    ({"signed_target": "5.5"}, "signed_target", "整数"),
    ({"major_industrial_target": "-2"}, "major_industrial_target", "整数"),
])
def test_bad_values_are_refused_beside_their_field(people, changes, field, message):
    with pytest.raises(ValidationError) as error:
        submit_adjustment(target_of(), changes, reason=REASON, attachment=SCAN, user=people["liaison"])
    assert message in " ".join(error.value.message_dict[field])
    assert not TargetAdjustment.objects.exists()


def test_the_reason_and_the_attachment_are_required(people):
    with pytest.raises(ValidationError) as error:
        submit(people, reason=" ", attachment=None)
    assert set(error.value.message_dict) == {"reason", "attachment"}
    for bad, text in [(FileData("a.exe", b"MZ"), "格式不支持"), (FileData("a.pdf", b""), "空文件")]:
        with pytest.raises(ValidationError) as error:
            submit(people, attachment=bad)
        assert text in error.value.message_dict["attachment"][0]
    assert not TargetAdjustment.objects.exists()


def test_an_attachment_over_the_limit_is_refused(people, monkeypatch):
    monkeypatch.setattr(workflow, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ValidationError) as error:
        submit(people, attachment=FileData("scan.pdf", b"x" * 11))
    assert "超过" in error.value.message_dict["attachment"][0]


def test_one_open_request_per_target(people):
    first = submit(people)
    with pytest.raises(ValidationError) as error:
        submit(people, changes={"signed_target": "6"})
    assert f"#{first.pk}" in str(error.value)
    # Another group is not held up.
    other = submit_adjustment(target_of("emerging"), {"signed_target": "6"}, reason=REASON,
                              attachment=SCAN, user=liaison_user("emerging"))
    assert other.status == Status.SUBMITTED


def test_a_rejected_request_is_resubmitted_as_a_new_version(people):
    first = signed(people)
    reject_adjustment(first, user=people["office"], comment="请补充受灾证明")
    second = submit(people, changes={"funds_target": "130000"}, previous=first, attachment=None,
                    reason=REASON + "（补充受灾证明）")
    assert second.previous == first and second.status == Status.SUBMITTED
    assert bytes(second.attachment.content) == b"%PDF-1.4 scan"  # kept from the first version
    assert second.steps.get().comment == f"重新提交（原申请 #{first.pk}）"
    first.refresh_from_db()
    assert first.status == Status.REJECTED and first.steps.count() == 3  # history kept
    reject_adjustment(second, user=people["commander"], comment="数值再核实")
    with pytest.raises(ValidationError) as error:  # each version is resubmitted once, as a chain
        submit(people, previous=first)
    assert "已经重新提交过" in str(error.value)
    third = submit(people, changes={"funds_target": "140000"}, previous=second)
    approve_adjustment(review_adjustment(sign_adjustment(third, user=people["commander"]),
                                         user=people["office"]), user=people["leader"])
    assert funds_target() == Decimal("140000.00")
    assert [a.status for a in TargetAdjustment.objects.order_by("pk")] == ["rejected", "rejected", "approved"]


def test_only_a_rejected_request_of_the_same_target_may_be_resubmitted(people):
    open_request = submit(people)
    with pytest.raises(ValidationError):
        submit_adjustment(target_of("emerging"), {"signed_target": "6"}, reason=REASON, attachment=SCAN,
                          user=liaison_user("emerging"), previous=open_request)


def test_each_step_notifies_the_next_people(people):
    second_commander = commander_user("forestry")
    second_office = office_user()
    adjustment = submit(people)

    def notified(status):
        rows = Notification.objects.filter(key=f"adjustment:{adjustment.pk}:{status}")
        assert {n.kind for n in rows} == {"workflow"}
        assert {n.link for n in rows} == {f"/plans/adjustments/{adjustment.pk}/"}
        return {n.recipient for n in rows}

    assert notified("submitted") == {people["commander"], second_commander}
    sign_adjustment(adjustment, user=people["commander"])
    assert notified("signed") == {people["office"], second_office}
    review_adjustment(adjustment, user=people["office"])
    assert notified("reviewed") == {people["leader"]}
    approve_adjustment(adjustment, user=people["leader"])
    assert notified("approved") == {people["liaison"]}
    notice = Notification.objects.get(key=f"adjustment:{adjustment.pk}:approved")
    assert adjustment.number in notice.title and "160,000.00 万元 → 120,000.00 万元" in notice.body
    # No one else heard anything (the other group's commander, the co-unit, the outsider).
    for who in ("other_commander", "co_unit", "outsider", "admin"):
        assert not Notification.objects.filter(recipient=people[who]).exists()


def test_a_rejection_notifies_the_requester_with_the_comment(people):
    adjustment = signed(people, user=people["commander"])
    reject_adjustment(adjustment, user=people["office"], comment="请补充说明")
    notice = Notification.objects.get(key=f"adjustment:{adjustment.pk}:rejected")
    assert notice.recipient == people["commander"] and "请补充说明" in notice.body


def test_approval_numbers_are_sequential_and_unique_per_year(people, monkeypatch):
    codes = ["forestry", "emerging", "electroplating"]
    leader = people["leader"]
    numbers = []
    for code in codes:
        commander = people["commander"] if code == "forestry" else commander_user(code)
        adjustment = submit_adjustment(target_of(code), {"signed_target": "9"}, reason=REASON,
                                       attachment=SCAN, user=commander)
        sign_adjustment(adjustment, user=commander)
        review_adjustment(adjustment, user=people["office"])
        numbers.append(approve_adjustment(adjustment, user=leader).number)
    year = timezone.localdate().year
    assert numbers == [f"鹿投促调〔{year}〕{n}号" for n in (1, 2, 3)]
    # A new year starts again at 1.
    next_year = timezone.now() + datetime.timedelta(days=366)
    monkeypatch.setattr(workflow.timezone, "now", lambda: next_year)
    adjustment = reviewed(people, changes={"funds_target": "100000"})
    assert approve_adjustment(adjustment, user=leader).number == f"鹿投促调〔{next_year.year}〕1号"
    assert TargetAdjustment.objects.filter(number_year=year).count() == 3


def test_adjustments_for_gives_original_adjusted_and_reference(people, plan2021):
    first = approve_adjustment(reviewed(people, changes={"funds_target": "120000", "signed_target": "5"}),
                               user=people["leader"])
    rejected = reviewed(people, changes={"funds_target": "100000"})
    reject_adjustment(rejected, user=people["leader"], comment="不同意")
    entries = adjustments_for(plan2021)
    group_id = target_of().group_id
    assert list(entries) == [group_id]
    assert entries[group_id] == [
        ("区外境内到位资金", Decimal("160000.00"), Decimal("120000.00"), first.number),
        ("新签约项目", 7, 5, first.number)]
    assert adjustment_note(entries[group_id]) == (
        f"目标经调整：到位资金 16.00 → 12.00 亿元（{first.number}）；新签约项目 7 → 5 个（{first.number}）")


def test_attachment1_shows_the_adjusted_target_its_original_and_reference(people):
    from zhaoshang.reports.exports import attachment1_table, attachment1_workbook

    adjustment = approve_adjustment(reviewed(people), user=people["leader"])
    _, total, rows = attachment1_table(2021, scope=Scope.everything())
    forestry = rows[0]
    assert forestry["funds"]["target"] == Decimal("12")
    assert forestry["adjustment_note"] == f"目标经调整：到位资金 16.00 → 12.00 亿元（{adjustment.number}）"
    assert all(not row["adjustment_note"] for row in rows[1:])
    ws = attachment1_workbook(2021, datetime.date(2021, 12, 31), scope=Scope.everything()).active
    assert ws.cell(7, 1).value == "林木加工产业招商组" and ws.cell(7, 4).value == Decimal("12")
    assert forestry["adjustment_note"] in ws.cell(7, 16).value


def test_reloading_the_plan_keeps_an_approved_adjustment(people):
    approve_adjustment(reviewed(people, changes={"funds_target": "120000", "signed_target": "6"}),
                       user=people["leader"])
    _, lines = load_plan(LUZHAI_2021)  # `make run` and `zhaoshang demo` reload the plan
    assert not any("目标" in line for line in lines)
    GroupTarget.objects.filter(pk=target_of().pk).update(signed_target=99)  # by hand, in the database
    _, lines = load_plan(LUZHAI_2021)
    assert lines == ["更新林木加工产业招商组2021年目标"]
    target = target_of()
    assert (target.funds_target, target.signed_target) == (Decimal("120000.00"), 6)
