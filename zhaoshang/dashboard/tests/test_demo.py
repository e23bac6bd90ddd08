"""`zhaoshang demo` loads the whole sample, accounts and reporting history included, once."""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from zhaoshang.dashboard.demo import DEMO_PASSWORD, REPORT_HISTORY
from zhaoshang.org.models import IndustryGroup
from zhaoshang.reports.cycle import late_and_missing
from zhaoshang.reports.models import Submission
from zhaoshang.trips.models import Trip

pytestmark = pytest.mark.django_db


def test_demo_loads_everything_once_and_its_accounts_sign_in(client):
    call_command("demo", stdout=open("/dev/null", "w"))
    counts = (get_user_model().objects.count(), Trip.objects.count(), Submission.objects.count())
    assert counts[0] == 2 + 8 * 3 and counts[1] > 30
    filed = sum(1 for history in REPORT_HISTORY.values() for when in history if when is not None)
    assert counts[2] == filed + 1  # the returned report has two versions

    call_command("demo", stdout=open("/dev/null", "w"))
    assert (get_user_model().objects.count(), Trip.objects.count(),
            Submission.objects.count()) == counts

    assert client.login(username="office", password=DEMO_PASSWORD)
    assert client.get("/").status_code == 200
    assert client.login(username="liaison_forestry", password=DEMO_PASSWORD)
    assert "林木加工产业招商组" in client.get("/").content.decode()

    year_end = datetime.date(2021, 12, 31)
    electroplating = IndustryGroup.objects.get(code="electroplating")
    # Q1 two days late, Q3 never filed.
    assert late_and_missing(electroplating, 2021, year_end) == (1, 1)
