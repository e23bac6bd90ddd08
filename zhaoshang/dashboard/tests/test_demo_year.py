"""The demo year looks like a real county's 2021, and a second `zhaoshang demo` leaves it alone.

The year is loaded once for the module (`loaded`, in the root conftest's `module_transaction`).
"""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from zhaoshang.assessment.models import ManualScore
from zhaoshang.core.models import ChangeRecord
from zhaoshang.dashboard.demo import DEMO_PASSWORD, OFFICE_SCORES
from zhaoshang.notices.models import Notification
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope
from zhaoshang.projects.models import Project
from zhaoshang.reports.cycle import LATE, MISSING, ON_TIME, late_and_missing, status_board
from zhaoshang.reports.models import ReportPeriod, Submission
from zhaoshang.trips.models import Trip

from .test_demo import demo, state

pytestmark = pytest.mark.django_db
User = get_user_model()
YEAR_END = datetime.date(2021, 12, 31)


@pytest.fixture(scope="module")
def loaded(module_transaction):
    """`zhaoshang demo` on an empty database, once for this module's tests: (start, output)."""
    return timezone.now(), demo()


def test_an_empty_database_gets_the_year_and_accounts_that_sign_in(loaded, client):
    _, output = loaded

    assert "新建演示账号 26 个" in output and DEMO_PASSWORD in output
    assert User.objects.count() == 2 + 8 * 3
    assert Project.objects.count() > 50 and Trip.objects.count() > 30
    assert client.login(username="office", password=DEMO_PASSWORD)
    assert client.login(username="liaison_forestry", password=DEMO_PASSWORD)
    assert "林木加工产业招商组" in client.get("/").content.decode()


def test_a_second_run_keeps_a_deleted_demo_account_deleted(loaded):
    User.objects.get(username="liaison_forestry").delete()
    before = state()

    output = demo()

    assert not User.objects.filter(username="liaison_forestry").exists()
    assert state() == before
    assert "本次未作任何修改" in output and "用户账号 25 个" in output


def test_the_second_run_reminds_of_the_accounts_while_they_can_sign_in(loaded):
    assert "演示账号仍可登录" in demo()
    User.objects.update(is_active=False)
    assert "演示账号仍可登录" not in demo()


# The year looks like a real one ------------------------------------------------------------------

def board_counts(kind):
    board = status_board(2021, kind, now=timezone.now(), scope=Scope.everything())
    return board["counts"], [cell for _, cells in board["rows"] for cell in cells]


def test_most_reports_are_on_time_a_few_late_one_missing(loaded):
    for kind, periods in ((ReportPeriod.Kind.QUARTER, 4), (ReportPeriod.Kind.MONTH, 12)):
        counts, cells = board_counts(kind)
        assert counts[ON_TIME] >= 0.8 * 8 * periods, kind
        assert 3 <= counts[LATE] <= 6, kind
    assert board_counts(ReportPeriod.Kind.QUARTER)[0][MISSING] == 1
    assert board_counts(ReportPeriod.Kind.MONTH)[0][MISSING] == 0
    electroplating = IndustryGroup.objects.get(code="electroplating")
    assert late_and_missing(electroplating, 2021, YEAR_END) == (1, 1)  # Q1 late, Q3 never filed


def test_one_report_of_each_kind_was_returned_and_filed_again(loaded):
    for kind in ReportPeriod.Kind:
        _, cells = board_counts(kind)
        again = [c for c in cells if len(c.versions) == 2]
        assert len(again) == 1 and again[0].versions[0].status == Submission.Status.RETURNED
        assert again[0].status == ON_TIME


def test_the_office_confirmed_the_reports_and_closed_the_periods_up_to_november(loaded):
    locked = ReportPeriod.objects.filter(year=2021, locked=True)
    assert {p.end.month for p in locked} == set(range(1, 12))
    assert not Submission.objects.filter(period__in=locked, status=Submission.Status.SUBMITTED).exists()


def test_everything_happened_in_2021_as_the_groups_people_did_it(loaded):
    load_time, _ = loaded
    assert not ChangeRecord.objects.filter(at__gte=load_time).exists()
    years = {timezone.localdate(at).year for at in ChangeRecord.objects.values_list("at", flat=True)}
    assert years == {2021}
    assert {s.submitted_at.year for s in Submission.objects.all()} == {2021}
    assert not Trip.objects.filter(created_at__gte=load_time).exists()
    # The work of a group is done by its people; only the set-up is the system's.
    anonymous = ChangeRecord.objects.filter(user=None).values_list("object_type", flat=True)
    assert set(anonymous) <= {"annualplan", "unit", "industrygroup", "grouptarget", "reportperiod",
                              "liaison", "user"}


def test_the_notices_of_past_months_were_read(loaded):
    unread = Notification.objects.filter(read_at=None)
    assert unread.exists()  # December's, for the office to try the bell
    assert not unread.filter(created_at__lt=timezone.make_aware(datetime.datetime(2021, 12, 1))).exists()


def test_every_score_comes_with_a_note_that_fits_it(loaded):
    scores = ManualScore.objects.filter(year=2021).select_related("group")
    assert scores.count() == 3 * len(OFFICE_SCORES)
    for score in scores:
        assert score.note, score
        assert timezone.localdate(score.entered_at) == datetime.date(2021, 12, 28)
    full = {s.note for s in scores if s.points == 10}
    assert not any("超期" in note or "不足" in note or "逾期" in note for note in full)
