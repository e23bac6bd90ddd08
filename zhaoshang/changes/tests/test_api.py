"""/api/changes/: the change log, restricted like everything else."""
import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import co_unit_user, leader_user, liaison_user, office_user
from zhaoshang.projects.services import save_project
from zhaoshang.projects.tests.factories import make_funds, make_project

SECRET = "机密项目乙"


def get(as_user, path="/api/changes/", **params):
    api = APIClient()
    if as_user:
        api.force_authenticate(as_user)
    return api.get(path, params)


@pytest.fixture
def history(plan2021):
    """Plan records (no group), a forestry project with funds, an emerging project."""
    editor = liaison_user("forestry", username="lianluo")
    mine = make_project("forestry", code="F-001", user=editor)
    save_project({"progress": "已签约"}, project=mine, user=editor, via="api")
    make_funds(mine, "2021-05-01", "100", user=editor)
    theirs = make_project("emerging", code="E-SECRET", name=SECRET)
    return mine, theirs


@pytest.mark.parametrize("make_user", [office_user, leader_user])
def test_county_roles_see_everything(history, make_user):
    body = get(make_user(), page_size=1000).json()
    assert body["count"] == ChangeRecord.objects.count()
    assert any(r["group"] is None for r in body["results"])  # the plan's own records


@pytest.mark.parametrize("make_user", [liaison_user, co_unit_user])
def test_a_group_member_sees_the_own_groups_records_only(history, make_user):
    mine, theirs = history
    response = get(make_user("forestry"), page_size=1000)
    rows = response.json()["results"]
    assert {r["group"] for r in rows} == {"forestry"}
    assert {(r["object_type"], r["action"]) for r in rows} == {
        ("grouptarget", "create"), ("industrygroup", "update"), ("project", "create"),
        ("project", "update"), ("fundsrecord", "create")}
    assert SECRET not in response.content.decode() and "E-SECRET" not in response.content.decode()
    secret = ChangeRecord.objects.get(object_type="project", object_id=theirs.pk)
    assert get(make_user("forestry"), f"/api/changes/{secret.pk}/").status_code == 404


def test_record_fields(history):
    mine, _ = history
    [row] = get(office_user(), object_type="project", object_id=mine.pk, action="update").json()["results"]
    assert row["user"] == "lianluo" and row["via"] == "api" and row["group"] == "forestry"
    assert row["before"] == {"progress": ""} and row["after"] == {"progress": "已签约"}
    assert row["object_repr"].startswith("F-001")


def test_filters(history):
    office = office_user()

    def count(**params):
        return get(office, **params).json()["count"]

    assert count(user="lianluo") == 3
    assert count(group="forestry") == 5  # with the plan's target and co-units for the group
    assert count(object_type="fundsrecord") == 1
    assert count(action="create", group="emerging", object_type="project") == 1
    today = timezone.localdate()
    assert count(since=today - datetime.timedelta(days=1)) == ChangeRecord.objects.count()
    assert count(until=today - datetime.timedelta(days=1)) == 0
    assert get(office, action="nonsense").status_code == 400


def test_another_groups_code_is_an_invalid_filter(history):
    response = get(liaison_user("forestry"), group="emerging")
    assert response.status_code == 400 and SECRET not in response.content.decode()


def test_read_only_and_authenticated(history):
    api = APIClient()
    assert api.get("/api/changes/").status_code in (401, 403)
    api.force_authenticate(office_user())
    assert api.post("/api/changes/", {}, format="json").status_code == 405


def test_records_carry_their_operation_and_filter_by_it(history):
    from zhaoshang.core import requestctx
    mine, _ = history
    with requestctx.working_as("cli-0123", None):
        save_project({"progress": "已开工"}, project=mine, user=None, via="cli")
        make_funds(mine, "2021-06-01", "50")
    body = get(office_user(), request_id="cli-0123").json()
    assert body["count"] == 2 and {r["request_id"] for r in body["results"]} == {"cli-0123"}
    assert "address" not in body["results"][0]  # where a request came from stays on the page
