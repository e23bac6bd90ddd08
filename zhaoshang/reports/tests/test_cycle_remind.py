"""`zhaoshang remind`: N working days before a deadline and the day after a missed one; run twice
or by two processes at once, every notice is sent once."""
import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from zhaoshang.notices.models import Notification
from zhaoshang.notices.tests.helpers import person
from zhaoshang.notices.tests.test_concurrency import database, together  # noqa: F401 (fixture)
from zhaoshang.org.models import Role
from zhaoshang.projects.tests.factories import group_of
from zhaoshang.reports import services
from zhaoshang.reports.models import ReportPeriod

from .test_cycle_services import at

D = datetime.date
# 2021 Q3 is due Saturday 18 September (a working day; 20–21 September are holidays):
# three working days before it is Wednesday the 15th.
Q3_DUE = D(2021, 9, 18)


def setup_year():
    """The 2021 plan with only Q3 open, a liaison each for forestry and emerging, the office;
    forestry has already submitted Q3."""
    from zhaoshang.plans.catalog import LUZHAI_2021
    from zhaoshang.plans.services import load_plan

    load_plan(LUZHAI_2021)
    services.open_periods(2021)
    ReportPeriod.objects.exclude(kind="quarter", number=3).update(locked=True)
    forestry, emerging = group_of("forestry"), group_of("emerging")
    people = {
        "forestry": person("林联络", Role.LIAISON, forestry),
        "emerging": person("新联络", Role.LIAISON, emerging),
        "office": person("办公室", Role.OFFICE),
    }
    q3 = ReportPeriod.objects.get(year=2021, kind="quarter", number=3)
    services.submit(q3, forestry, people["forestry"], now=at("2021-09-14 10:00:00"))
    Notification.objects.all().delete()  # the office's notice of that submission
    return q3, people


@pytest.fixture
def year(db, django_capture_on_commit_callbacks):
    q3, people = setup_year()
    mail.outbox.clear()
    return q3, people


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """services.remind with the e-mails it leaves for after commit sent at once."""
    def run(today, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.remind(today, **kwargs)
    return run


def keys(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("key", flat=True))


def test_due_reminder_three_working_days_before_once(year, run):
    q3, people = year
    emerging = group_of("emerging")
    assert run(D(2021, 9, 14)) == []  # four working days before
    [sent] = run(D(2021, 9, 15))
    assert (sent["kind"], sent["period"], sent["group"]) == ("due", q3, emerging)
    assert [n.recipient for n in sent["notices"]] == [people["emerging"]]
    assert run(D(2021, 9, 15)) == [] and run(D(2021, 9, 16)) == []  # run again: nothing new
    assert keys(people["emerging"]) == [f"remind:{q3.pk}:{emerging.pk}:due"]
    assert keys(people["forestry"]) == [] and keys(people["office"]) == []  # forestry submitted
    [notice] = Notification.objects.all()
    assert notice.title == "2021年第三季度季报将于9月18日截止，请按时报送"
    assert notice.link == "/submissions/group/emerging/" and notice.kind == "reminder"
    assert [m.to for m in mail.outbox] == [[people["emerging"].email]]


def test_a_run_missed_on_the_day_is_caught_up_on_the_next(year, run):
    _, people = year
    assert [item["kind"] for item in run(D(2021, 9, 17))] == ["due"]  # nothing ran on the 15th
    assert len(keys(people["emerging"])) == 1


def test_days_sets_the_working_days_before(year, run):
    _, people = year
    assert run(D(2021, 9, 12), days=5) == []  # a Sunday: six working days before
    assert [item["kind"] for item in run(D(2021, 9, 13), days=5)] == ["due"]
    assert run(D(2021, 9, 15)) == []  # the key is the same whatever --days was
    assert len(keys(people["emerging"])) == 1


def test_overdue_the_day_after_to_liaisons_and_office_once(year, run):
    q3, people = year
    emerging = group_of("emerging")
    assert all(item["kind"] == "due" for item in run(Q3_DUE))  # the deadline day: still due
    sent = run(D(2021, 9, 19))
    assert {item["kind"] for item in sent} == {"overdue"}
    # Every group but forestry missed it: their liaisons (only emerging has one) and the office.
    assert len(sent) == 7 and group_of("forestry") not in [item["group"] for item in sent]
    assert keys(people["emerging"]) == sorted([f"remind:{q3.pk}:{emerging.pk}:due",
                                               f"remind:{q3.pk}:{emerging.pk}:overdue"])
    assert len(keys(people["office"])) == 7
    outbox = len(mail.outbox)
    assert run(D(2021, 9, 19)) == [] and run(D(2021, 9, 22)) == []
    assert Notification.objects.count() == 1 + 1 + 7 and len(mail.outbox) == outbox
    notice = Notification.objects.get(recipient=people["emerging"], kind="overdue")
    assert notice.title == "战略性新兴产业招商组2021年第三季度季报已逾期未报送"


def test_returned_report_is_reminded_before_the_deadline_not_after(year, run):
    q3, people = year
    forestry = group_of("forestry")
    services.return_submission(q3.submissions.get(), people["office"], "请更正")
    run(D(2021, 9, 15))
    assert f"remind:{q3.pk}:{forestry.pk}:due" in keys(people["forestry"])
    run(D(2021, 9, 19))
    assert f"remind:{q3.pk}:{forestry.pk}:overdue" not in keys(people["forestry"])


def test_only_the_latest_missed_deadline_is_reminded(year, run):
    q3, people = year
    ReportPeriod.objects.filter(year=2021).update(locked=False)
    sent = run(D(2021, 9, 19))
    overdue = {(item["period"].kind, item["period"].number) for item in sent if item["kind"] == "overdue"}
    assert overdue == {("quarter", 3), ("month", 9)}  # not Q1, Q2 or January to August


def test_locked_periods_are_not_reminded(year, run):
    q3, _ = year
    q3.locked = True
    q3.save()
    assert run(D(2021, 9, 15)) == [] and run(D(2021, 9, 19)) == []


def test_command_prints_what_it_sent(year, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind", "--today", "2021-09-15", stdout=out)
    assert out.getvalue() == ("到期提醒：战略性新兴产业招商组 · 2021年第三季度季报（截止 2021-09-18）→ 新联络\n"
                              "共发送 1 条通知。\n")
    out = io.StringIO()
    call_command("remind", "--today", "2021-09-15", "--days", "3", stdout=out)
    assert out.getvalue() == "今天没有需要发送的提醒（或已发送过）。\n"
    with pytest.raises(CommandError, match="日期「2021-13-01」不是有效日期"):
        call_command("remind", "--today", "2021-13-01")
    with pytest.raises(CommandError, match="--days「-1」无效"):
        call_command("remind", "--days", "-1")


def test_two_runs_at_once_send_each_notice_once(database):  # noqa: F811 (fixture)
    [(q3, people)] = together(database, setup_year)
    mail.outbox.clear()
    day = D(2021, 9, 19)
    results = together(database, *[lambda: services.remind(day)] * 3)
    created = [(n.recipient_id, n.key) for sent in results for item in sent for n in item["notices"]]
    assert len(created) == len(set(created)) == 1 + 7
    [rows] = together(database, lambda: list(Notification.objects.values_list("recipient", "key")))
    assert sorted(rows) == sorted(created)
    assert len(mail.outbox) == 8
