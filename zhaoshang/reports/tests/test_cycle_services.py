"""Submitting, returning and accepting reports (SPEC §6): on time to the last second, frozen data,
every version kept, who may, and the notices to the office and the liaisons."""
import datetime
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (commander_user, leader_user, liaison_user, office_user,
                                        outsider_user)
from zhaoshang.notices.models import Notification
from zhaoshang.notices.tests.test_concurrency import database, together  # noqa: F401 (fixture)
from zhaoshang.org.models import IndustryGroup
from zhaoshang.projects.services import save_project, update_funds
from zhaoshang.projects.tests.factories import make_funds, make_project, project_values
from zhaoshang.reports import services
from zhaoshang.reports.models import ReportPeriod, Submission

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text):
    """An aware moment in Asia/Shanghai from 'YYYY-MM-DD HH:MM:SS'."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def quarter(year, number):
    services.open_periods(year)
    return ReportPeriod.objects.get(year=year, kind="quarter", number=number)


@pytest.fixture
def forestry(plan2021):
    from zhaoshang.projects.tests.factories import group_of
    return group_of("forestry")


def test_open_periods_makes_the_sixteen_deadlines_once(plan2021):
    periods = services.open_periods(2021)
    assert len(periods) == 16
    quarters = ReportPeriod.objects.filter(year=2021, kind="quarter").order_by("number")
    assert [p.due.isoformat() for p in quarters] == ["2021-03-19", "2021-06-18", "2021-09-18",
                                                      "2021-12-20"]
    assert ReportPeriod.objects.get(year=2021, kind="month", number=2).due.isoformat() == "2021-02-20"
    services.open_periods(2021)
    assert ReportPeriod.objects.filter(year=2021).count() == 16
    q3 = quarters[2]
    assert str(q3) == "2021年第三季度季报" and q3.start == datetime.date(2021, 7, 1)
    assert q3.end == datetime.date(2021, 9, 30)


def test_open_periods_follows_a_changed_calendar_but_not_a_locked_period(plan2021):
    services.open_periods(2021)
    ReportPeriod.objects.filter(year=2021, kind="month", number=1).update(due="2021-01-05")
    ReportPeriod.objects.filter(year=2021, kind="month", number=2).update(due="2021-02-05", locked=True)
    services.open_periods(2021)
    assert ReportPeriod.objects.get(year=2021, kind="month", number=1).due.isoformat() == "2021-01-20"
    assert ReportPeriod.objects.get(year=2021, kind="month", number=2).due.isoformat() == "2021-02-05"


def test_on_time_up_to_the_deadline_last_second_late_from_midnight(forestry):
    q3 = quarter(2021, 3)  # due Saturday 2021-09-18, a working day
    liaison = liaison_user(forestry)
    first = services.submit(q3, forestry, liaison, now=at("2021-09-18 23:59:59"))
    assert first.on_time and first.version == 1 and first.status == "submitted"

    other = outsider_user(forestry)
    other_group = other.memberships.get().group
    late = services.submit(q3, other_group, other, now=at("2021-09-19 00:00:00"))
    assert not late.on_time


def test_the_frozen_data_does_not_follow_later_edits(forestry):
    project = make_project(forestry, code="F1", name="林板一体化项目", total_investment="20000")
    funds = make_funds(project, "2021-05-10", "300")
    liaison = liaison_user(forestry)
    submission = services.submit(quarter(2021, 2), forestry, liaison, now=at("2021-06-15 10:00:00"))
    rows, figures = submission.rows, submission.figures
    assert submission.as_of == datetime.date(2021, 6, 15)
    assert rows == [{**rows[0], "code": "F1", "name": "林板一体化项目", "total_investment": "20000.00",
                     "year_funds": "300.00", "total_funds": "300.00", "signed_on": "2021-03-01"}]
    assert figures["group"]["funds_in_place"] == "300.00"
    assert figures["group"]["signed_projects"] == 1 and figures["as_of"] == "2021-06-15"

    # The project is renamed, more money arrives, the old funds change: the report stays.
    save_project({**project_values("signed", code="F1", name="改名后的项目", total_investment="30000"),
                  "group": forestry}, project=project)
    make_funds(project, "2021-06-01", "500")
    update_funds(funds, date=funds.date, amount=Decimal("999"), reason="更正")
    submission.refresh_from_db()
    assert submission.rows == rows and submission.figures == figures


def test_data_is_taken_at_the_period_end_for_a_late_report(forestry):
    make_funds(make_project(forestry), "2021-04-02", "100")
    make_funds(make_project(forestry), "2021-07-02", "50")  # after the quarter: not in Q2's data
    submission = services.submit(quarter(2021, 2), forestry, office_user(), now=at("2021-07-05 09:00:00"))
    assert submission.as_of == datetime.date(2021, 6, 30)
    assert submission.figures["group"]["funds_in_place"] == "100.00"
    assert not submission.on_time and submission.by_office


def test_returned_and_resubmitted_keeps_both_versions(forestry):
    q1 = quarter(2021, 1)
    liaison, office = liaison_user(forestry), office_user()
    first = services.submit(q1, forestry, liaison, now=at("2021-03-18 09:00:00"))
    with pytest.raises(ValidationError, match="已报送"):
        services.submit(q1, forestry, liaison, now=at("2021-03-18 10:00:00"))
    with pytest.raises(ValidationError) as error:
        services.return_submission(first, office, "  ")
    assert error.value.message_dict == {"comment": ["请填写退回意见，说明需要更正的内容"]}

    services.return_submission(first, office, "项目F1的签约日期有误")
    second = services.submit(q1, forestry, liaison, now=at("2021-03-19 16:00:00"))
    assert second.version == 2 and second.on_time
    first.refresh_from_db()
    assert first.status == "returned" and first.return_comment == "项目F1的签约日期有误"
    assert first.returned_by == office
    assert list(Submission.objects.filter(period=q1, group=forestry).values_list("version", "status")) \
        == [(1, "returned"), (2, "submitted")]
    with pytest.raises(ValidationError, match="不是最新版本"):
        services.return_submission(first, office, "再退一次")

    services.accept(second, office)
    second.refresh_from_db()
    assert second.status == "accepted" and second.accepted_by == office
    with pytest.raises(ValidationError, match="已报送"):
        services.submit(q1, forestry, liaison)
    services.reopen(second, office, "补充三季度新签约项目")  # reopening is returning
    third = services.submit(q1, forestry, liaison, now=at("2021-03-25 08:00:00"))
    assert third.version == 3 and not third.on_time


def test_who_may_submit_and_review(forestry):
    q1 = quarter(2021, 1)
    for user in [outsider_user(forestry), commander_user(forestry), leader_user()]:
        with pytest.raises(PermissionDenied):
            services.submit(q1, forestry, user, now=at("2021-03-01 09:00:00"))
    submission = services.submit(q1, forestry, liaison_user(forestry), now=at("2021-03-01 09:00:00"))
    for user in [liaison_user(forestry), leader_user()]:
        with pytest.raises(PermissionDenied):
            services.return_submission(submission, user, "不行")
        with pytest.raises(PermissionDenied):
            services.accept(submission, user)
        with pytest.raises(PermissionDenied):
            services.set_locked(q1, True, user)
    assert Submission.objects.count() == 1


def test_locked_and_not_yet_begun_periods_take_nothing(forestry):
    liaison, office = liaison_user(forestry), office_user()
    with pytest.raises(ValidationError, match="尚未开始，2021-07-01起才能报送"):
        services.submit(quarter(2021, 3), forestry, liaison, now=at("2021-06-30 12:00:00"))
    q1 = quarter(2021, 1)
    submission = services.submit(q1, forestry, liaison, now=at("2021-03-10 09:00:00"))
    services.set_locked(q1, True, office)
    with pytest.raises(ValidationError, match="已锁定"):
        services.return_submission(submission, office, "更正")
    other = outsider_user(forestry)
    with pytest.raises(ValidationError, match="已锁定"):
        services.submit(q1, other.memberships.get().group, other, now=at("2021-03-10 09:00:00"))
    services.set_locked(q1, False, office)
    services.return_submission(submission, office, "更正")


def test_submit_and_return_are_audited_and_notified(forestry, django_capture_on_commit_callbacks, mailoutbox):
    office = office_user(username="office-a")
    office.email = "office@example.cn"
    office.save()
    liaison = liaison_user(forestry, username="liaison-a")
    liaison.email = "liaison@example.cn"
    liaison.save()
    q1 = quarter(2021, 1)
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submit(q1, forestry, liaison, now=at("2021-03-20 09:00:00"))
    [notice] = Notification.objects.filter(recipient=office)
    assert notice.title == "林木加工产业招商组已报送2021年第一季度季报（逾期）"
    assert notice.link == f"/submissions/{submission.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        services.return_submission(submission, office, "请补充进展情况")
    [notice] = Notification.objects.filter(recipient=liaison)
    assert notice.title == "2021年第一季度季报已被退回，请更正后重新报送" and "请补充进展情况" in notice.body
    assert sorted(m.to[0] for m in mailoutbox) == ["liaison@example.cn", "office@example.cn"]
    records = ChangeRecord.objects.filter(object_type="submission", object_id=submission.pk)
    assert [(r.action, r.user, r.group_id) for r in records.order_by("id")] == [
        ("create", liaison, forestry.pk), ("update", office, forestry.pk)]
    assert records.order_by("id").last().after["status"] == "returned"


def test_two_submitters_at_once_make_one_version(database, monkeypatch):  # noqa: F811 (fixture)
    def setup():
        from zhaoshang.plans.catalog import LUZHAI_2021
        from zhaoshang.plans.services import load_plan

        load_plan(LUZHAI_2021)
        group = IndustryGroup.objects.get(code="forestry")
        return quarter(2021, 1), group, liaison_user(group), office_user()

    [(q1, group, liaison, office)] = together(database, setup)
    freeze, meet = services.frozen_data, threading.Barrier(2)

    def slow_freeze(*args):
        # Without the lock both would get here having read "nothing submitted yet"; with it the
        # second waits at its first write, so the first goes on alone after a second.
        try:
            meet.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass
        return freeze(*args)

    monkeypatch.setattr(services, "frozen_data", slow_freeze)

    def attempt(user):
        def run():
            try:
                return services.submit(q1, group, user, now=at("2021-03-18 09:00:00"))
            except ValidationError as exc:
                return exc.messages[0]
        return run

    results = together(database, attempt(liaison), attempt(office))
    submissions = [r for r in results if isinstance(r, Submission)]
    refusals = [r for r in results if isinstance(r, str)]
    assert len(submissions) == 1 and submissions[0].version == 1
    assert len(refusals) == 1 and "已报送2021年第一季度季报（第1版，已报送）" in refusals[0]
    [count] = together(database, lambda: Submission.objects.count())
    assert count == 1
