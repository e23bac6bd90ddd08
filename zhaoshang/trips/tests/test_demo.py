"""The sample trips: deterministic, idempotent, through the services, with some windows missed."""
import datetime

import pytest
from django.utils import timezone

from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.models import IndustryGroup
from zhaoshang.trips.compliance import compliance_matrix
from zhaoshang.trips.demo import load_demo_trips
from zhaoshang.trips.models import Trip

pytestmark = pytest.mark.django_db


def test_demo_trips(plan2021):
    assert load_demo_trips() == ["登记演示外出招商考察 39 次（2021 年）"]
    first = list(Trip.objects.order_by("pk").values_list("group__code", "start_on", "destination"))
    assert load_demo_trips() == ["已存在的演示外出招商考察 39 次，跳过"]
    assert Trip.objects.count() == 39
    assert ChangeRecord.objects.filter(object_type="trip", via="demo").count() == 39
    assert Trip.objects.exclude(report_name="").count() > 20
    rows = compliance_matrix(list(IndustryGroup.objects.all()), 2021, datetime.date(2021, 12, 31))
    covered = {group.code: sum(w.covered for w in row) for group, row, _ in rows}
    assert covered["forestry"] == covered["emerging"] == 6 and covered["culture_tourism"] == 3
    assert sum(1 for n in covered.values() if n < 6) == 6
    # The same trips on every run.
    Trip.objects.all().delete()
    load_demo_trips()
    assert list(Trip.objects.order_by("pk").values_list("group__code", "start_on", "destination")) == first


def test_demo_trips_are_registered_after_the_trip_not_at_load_time(plan2021):
    load_demo_trips()

    for trip in Trip.objects.all():
        registered = timezone.localdate(trip.created_at)
        assert registered == min(trip.end_on + datetime.timedelta(days=2), datetime.date(2021, 12, 31))
        assert trip.updated_at == trip.created_at
    records = ChangeRecord.objects.filter(object_type="trip")
    assert {timezone.localdate(at).year for at in records.values_list("at", flat=True)} == {2021}
