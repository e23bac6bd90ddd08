"""core.backdate: the demo dates the rows a service call inserts (and only those) when it happened."""
import datetime

import pytest
from django.utils import timezone

from zhaoshang.core.audit import record
from zhaoshang.core.backdate import backdated, local_time, stamp_fields
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import make_user
from zhaoshang.notices.models import Notification
from zhaoshang.projects.models import Project
from zhaoshang.reports.models import Submission

pytestmark = pytest.mark.django_db
MOMENT = local_time(datetime.date(2021, 3, 18), 16, 5)


def notice(user, title):
    notice = Notification.objects.create(recipient=user, title=title)
    record(notice, ChangeRecord.Action.CREATE)
    return notice


def test_the_stamps_are_the_columns_the_database_fills_in():
    assert stamp_fields(Project) == ["created_at", "updated_at"]
    assert stamp_fields(Notification) == ["created_at"]  # not read_at: a user's act
    assert stamp_fields(Submission) == []  # submitted_at is the writer's, given as `now`


def test_rows_inserted_in_the_block_get_the_moment_and_no_others():
    user = make_user()
    before = notice(user, "之前")
    with backdated(MOMENT, Notification):
        inside = notice(user, "之内")
    after = notice(user, "之后")

    dated = {n.title: n.created_at for n in Notification.objects.all()}
    assert dated["之内"] == MOMENT
    assert dated["之前"] > MOMENT and dated["之后"] > MOMENT
    records = {r.object_id: r.at for r in ChangeRecord.objects.all()}
    assert records[inside.pk] == MOMENT  # the change log always
    assert records[before.pk] > MOMENT and records[after.pk] > MOMENT


def test_a_local_time_is_in_the_sites_time_zone():
    assert timezone.localtime(MOMENT).strftime("%Y-%m-%d %H:%M %Z") == "2021-03-18 16:05 CST"
