"""Report periods open when a plan is issued, follow the calendar, and are never written by a
read: the board, a group's page and the API read what the service opened."""
import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import liaison_user, office_user
from zhaoshang.plans.annual import create_plan, issue_plan
from zhaoshang.plans.models import AnnualPlan
from zhaoshang.reports.models import ReportPeriod
from zhaoshang.workcal.calendar import monthly_deadlines
from zhaoshang.workcal.services import save_notice

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_loading_a_plan_opens_its_sixteen_periods_audited(plan2021):
    assert ReportPeriod.objects.filter(year=2021).count() == 16
    records = ChangeRecord.objects.filter(object_type="reportperiod")
    assert records.count() == 16
    assert {(r.action, r.via, r.reason) for r in records} == {("create", "cli", "开设报送期")}


def test_issuing_a_drafted_plan_opens_its_periods(plan2021):
    draft = create_plan(2022, copy_from=plan2021, actor=office_user(), via="form")
    assert not ReportPeriod.objects.filter(year=2022).exists()  # a draft has no periods yet
    AnnualPlan.objects.filter(pk=draft.pk).update(funds_target=1, signed_target=1)
    draft.targets.update(funds_target=1)
    issue_plan(draft, issued_on=datetime.date(2021, 12, 1), actor=office_user(), via="form")
    assert ReportPeriod.objects.filter(year=2022).count() == 16
    assert ChangeRecord.objects.filter(object_type="reportperiod", via="form").count() == 16


def test_a_changed_calendar_moves_the_open_deadlines_audited(plan2021):
    january = ReportPeriod.objects.get(year=2021, kind="month", number=1)
    assert january.due == datetime.date(2021, 1, 20)
    save_notice(2021, reference="国办发明电〔2020〕27号",
                holidays=[{"name": "元旦", "first_day": datetime.date(2021, 1, 18),
                           "last_day": datetime.date(2021, 1, 20)}],
                working_weekends=[], user=office_user(), via="form")
    january.refresh_from_db()
    assert january.due == monthly_deadlines(2021)[0] != datetime.date(2021, 1, 20)
    record = ChangeRecord.objects.get(object_type="reportperiod", object_id=january.pk, action="update")
    assert record.before == {"due": "2021-01-20"} and record.after == {"due": january.due.isoformat()}


def test_the_command_opens_the_periods_of_a_plan_without_them(plan2021):
    ReportPeriod.objects.all().delete()
    call_command("openperiods", "--year", "2021")
    assert ReportPeriod.objects.filter(year=2021).count() == 16


@pytest.mark.parametrize("url", ["/submissions/?year=2021", "/submissions/?year=2021&kind=month",
                                 "/submissions/group/forestry/?year=2021"])
def test_the_pages_write_nothing(client, plan2021, url):
    ReportPeriod.objects.filter(year=2021, kind="month").delete()  # as if never opened
    client.force_login(liaison_user("forestry"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert writes(queries) == []


@pytest.mark.parametrize("url", ["/api/periods/?year=2021", "/api/submissions/board/?year=2021"])
def test_the_api_reads_write_nothing(plan2021, url):
    ReportPeriod.objects.filter(year=2021, kind="month").delete()
    api = APIClient()
    api.force_authenticate(office_user())
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    assert writes(queries) == []
