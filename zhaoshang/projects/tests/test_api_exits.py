"""/api/exits/: 项目退出 over the API — who asks (the group's editors), who approves (its
commander or the office, 403 otherwise), the outsider (404, never listed)."""
import pytest

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        office_user, outsider_user)
from zhaoshang.projects.models import ExitRequest, Project, Stage, StageChange

from .factories import make_project
from .test_exits import ask
from zhaoshang.core.tests.users import api_client as client

URL = "/api/exits/"
SECRET = "机密项目乙"


@pytest.fixture
def people(plan2021):
    return {"liaison": liaison_user("forestry"), "commander": commander_user("forestry"),
            "co_unit": co_unit_user("forestry"), "outsider": outsider_user("forestry"),
            "office": office_user(), "leader": leader_user()}


@pytest.fixture
def project(plan2021):
    return make_project("forestry", stage="started", code="F-001", total_investment="12000")


@pytest.fixture
def pending(people, project):
    return ask(project, people["liaison"], note="投资方资金链断裂")


def body(project, **overrides):
    return {"project": project.pk, "exited_on": "2021-08-01", "reason": "investor_changed",
            "reason_text": "", "note": "投资方资金链断裂", **overrides}


# --- asking ------------------------------------------------------------------------------------

def test_the_liaison_asks_through_the_service(people, project):
    response = client(people["liaison"]).post(URL, body(project), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "pending" and data["project_code"] == "F-001" and data["group"] == "forestry"
    assert data["reason"] == "investor_changed" and data["reason_label"] == "投资方投资有变"
    assert data["requested_by"] == people["liaison"].username
    record = ChangeRecord.objects.get(object_type="exitrequest")
    assert record.action == "create" and record.via == "api" and record.user == people["liaison"]
    assert Project.objects.get().stage == Stage.STARTED  # nothing moves before the approval


def test_bad_requests_are_400_under_the_api_names_and_nothing_written(people, project):
    api = client(people["liaison"])
    response = api.post(URL, body(project, reason="other", reason_text=""), format="json")
    assert response.status_code == 400 and set(response.json()) == {"reason_text"}
    response = api.post(URL, body(project, exited_on="2099-01-01"), format="json")
    assert response.json() == {"exited_on": ["退出日期（2099-01-01）不能晚于今天"]}
    response = api.post(URL, body(project, reason="bankrupt"), format="json")
    assert response.status_code == 400 and "reason" in response.json()
    assert not ExitRequest.objects.exists()
    assert not ChangeRecord.objects.filter(object_type="exitrequest").exists()


@pytest.mark.parametrize("who", ["co_unit", "leader"])
def test_readers_may_not_ask(people, project, who):
    response = client(people[who]).post(URL, body(project), format="json")
    assert response.status_code == 403 and "申请项目退出" in response.json()["detail"]
    assert not ExitRequest.objects.exists()


def test_an_outsider_cannot_name_the_project(people, project):
    response = client(people["outsider"]).post(URL, body(project), format="json")
    assert response.status_code == 400 and response.json() == {"project": ["项目不存在"]}


# --- reading -----------------------------------------------------------------------------------

def test_lists_and_detail_follow_the_scope(people, pending, plan2021):
    theirs = make_project("emerging", stage="started", code="E-SECRET", name=SECRET)
    ask(theirs, office_user())
    assert client(people["office"]).get(URL).json()["count"] == 2
    for who in ("liaison", "co_unit"):
        assert [r["id"] for r in client(people[who]).get(URL).json()["results"]] == [pending.pk]
    response = client(people["outsider"]).get(URL)
    assert [r["project_code"] for r in response.json()["results"]] == ["E-SECRET"]
    assert "F-001" not in response.content.decode()
    assert client(people["outsider"]).get(f"{URL}{pending.pk}/").status_code == 404
    assert client(people["commander"]).get(URL, {"status": "awaiting"}).json()["count"] == 1
    assert client(people["liaison"]).get(URL, {"status": "awaiting"}).json()["count"] == 0


# --- deciding ----------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["commander", "office"])
def test_approval_moves_the_project_to_exited(people, pending, who):
    response = client(people[who]).post(f"{URL}{pending.pk}/approve/", {"comment": "同意退出"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["decided_by"] == people[who].username
    assert Project.objects.get().stage == Stage.EXITED
    assert StageChange.objects.get(to_stage=Stage.EXITED).reason == f"退出申请 #{pending.pk}"
    assert ChangeRecord.objects.filter(object_type="exitrequest", action="update", via="api").exists()


@pytest.mark.parametrize("who", ["liaison", "co_unit", "leader"])
def test_others_in_scope_may_not_decide(people, pending, who):
    for step in ("approve", "reject"):
        response = client(people[who]).post(f"{URL}{pending.pk}/{step}/", {"comment": "x"}, format="json")
        assert response.status_code == 403 and "审批" in response.json()["detail"]
    assert ExitRequest.objects.get().status == "pending"


def test_reject_needs_a_comment_and_outsiders_get_404(people, pending):
    assert client(people["outsider"]).post(f"{URL}{pending.pk}/reject/", {"comment": "x"}).status_code == 404
    response = client(people["commander"]).post(f"{URL}{pending.pk}/reject/", {"comment": ""}, format="json")
    assert response.status_code == 400 and response.json() == {"comment": ["退回须填写审批意见，说明退回原因"]}
    assert ExitRequest.objects.get().status == "pending"
    response = client(people["commander"]).post(f"{URL}{pending.pk}/reject/", {"comment": "再争取"},
                                                format="json")
    assert response.json()["status"] == "rejected" and Project.objects.get().stage == Stage.STARTED
    again = client(people["office"]).post(f"{URL}{pending.pk}/approve/")
    assert again.status_code == 400 and "不能再审批" in again.json()["non_field_errors"][0]
