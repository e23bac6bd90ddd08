"""`zhaoshang demo`: the whole sample year, loaded once into an empty database, never again."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from zhaoshang.assessment.models import ManualScore
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import office_user
from zhaoshang.dashboard.demo import DEMO_PASSWORD, existing_data
from zhaoshang.notices.models import Notification
from zhaoshang.org.models import Unit
from zhaoshang.org.services import create_user
from zhaoshang.org.units import rename_unit
from zhaoshang.plans.models import AnnualPlan
from zhaoshang.projects.models import Project
from zhaoshang.projects.tests.factories import make_project
from zhaoshang.reports.models import Submission
from zhaoshang.trips.models import Trip

pytestmark = pytest.mark.django_db
User = get_user_model()


def demo():
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def state():
    """Everything the office could have entered or the demo could write, as counts."""
    return [model.objects.count() for model in
            (User, Project, ChangeRecord, Submission, Trip, ManualScore, Notification, AnnualPlan)]


def test_the_demo_password_meets_the_password_policy_to_come():
    # SPEC §16: at least 10 characters, three of upper case, lower case, digits and symbols.
    kinds = [str.isupper, str.islower, str.isdigit, lambda c: not c.isalnum()]
    assert len(DEMO_PASSWORD) >= 10
    assert sum(any(kind(c) for c in DEMO_PASSWORD) for kind in kinds) >= 3


@pytest.mark.parametrize("office_data", [
    pytest.param(lambda: office_user(username="zhang"), id="an account"),
    pytest.param(lambda: create_user("admin", role="admin", password="Kp9-station-2026"), id="the admin"),
    pytest.param(lambda: make_project("forestry", code="LZ2022-001"), id="a project"),
    pytest.param(lambda: AnnualPlan.objects.create(year=2022), id="another plan"),
])
def test_a_database_with_the_offices_data_is_left_as_it_is(plan2021, office_data):
    office_data()
    before = state()

    output = demo()

    assert state() == before
    assert "演示数据只装入空数据库：本次未作任何修改" in output


def test_empty_means_what_migrate_and_loadplan_write(plan2021):
    assert existing_data() == []


def test_a_unit_the_office_renamed_is_data(plan2021):
    rename_unit(Unit.objects.get(name="驰普公司"), "广西驰普公司")

    assert existing_data() == ["变更记录 1 条"]
