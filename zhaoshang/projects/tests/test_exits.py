"""项目退出 (SPEC §4, §7): the request, who may approve it, the figures without the project from
its exit date, the pipeline gap, notices, and the pages."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        office_user, outsider_user)
from zhaoshang.notices.models import Notification
from zhaoshang.projects.models import ExitReason, ExitRequest, Project, Stage, StageChange
from zhaoshang.projects.services import approve_exit, reject_exit, request_exit
from zhaoshang.stats.figures import pipeline_gap, year_figures
from zhaoshang.org.scope import Scope

from .factories import group_of, make_funds, make_project

Status = ExitRequest.Status
EXIT_DAY = datetime.date(2021, 8, 1)


@pytest.fixture
def people(plan2021):
    return {"liaison": liaison_user("forestry"), "commander": commander_user("forestry"),
            "co_unit": co_unit_user("forestry"), "outsider": outsider_user("forestry"),
            "other_commander": commander_user("emerging"), "office": office_user(),
            "leader": leader_user()}


@pytest.fixture
def project(plan2021):
    return make_project("forestry", stage="started", total_investment="12000", industrial=True)


def ask(project, user, **kwargs):
    values = {"exited_on": EXIT_DAY, "exit_reason": ExitReason.INVESTOR_CHANGED, **kwargs}
    return request_exit(project, user=user, **values)


def forestry_figures(as_of):
    return next(row for row in year_figures(2021, as_of, scope=Scope.everything())["groups"] if row["code"] == "forestry")


@pytest.mark.parametrize("approver", ["commander", "office"])
def test_the_commander_or_the_office_approves_and_the_project_exits(people, project, approver):
    exit_request = ask(project, people["liaison"], note="投资方资金链断裂")
    assert exit_request.status == Status.PENDING
    assert Project.objects.get().stage == Stage.STARTED  # nothing moves before the approval
    approve_exit(exit_request, user=people[approver], comment="同意退出")

    project.refresh_from_db()
    exit_request.refresh_from_db()
    assert (project.stage, project.exited_on, project.exit_reason) == (
        Stage.EXITED, EXIT_DAY, ExitReason.INVESTOR_CHANGED)
    assert (exit_request.status, exit_request.decided_by, exit_request.comment) == (
        Status.APPROVED, people[approver], "同意退出")
    move = StageChange.objects.get(project=project, to_stage=Stage.EXITED)
    assert (move.user, move.via, move.reason) == (people[approver], "exit", f"退出申请 #{exit_request.pk}")
    assert ChangeRecord.objects.filter(object_type="exitrequest", object_id=exit_request.pk).count() == 2


@pytest.mark.parametrize("who", ["liaison", "co_unit", "leader", "other_commander", "outsider"])
def test_no_one_else_approves_or_rejects(people, project, who):
    exit_request = ask(project, people["commander"])
    with pytest.raises(PermissionDenied):
        approve_exit(exit_request, user=people[who])
    with pytest.raises(PermissionDenied):
        reject_exit(exit_request, user=people[who], comment="不同意")
    project.refresh_from_db()
    assert project.stage == Stage.STARTED and ExitRequest.objects.get().status == Status.PENDING


@pytest.mark.parametrize("who, may", [("liaison", True), ("commander", True), ("office", True),
                                      ("co_unit", False), ("leader", False), ("outsider", False)])
def test_who_may_request(people, project, who, may):
    if may:
        assert ask(project, people[who]).requested_by == people[who]
    else:
        with pytest.raises(PermissionDenied):
            ask(project, people[who])
        assert not ExitRequest.objects.exists()


def test_rejection_needs_a_comment_and_leaves_the_project(people, project):
    exit_request = ask(project, people["liaison"])
    with pytest.raises(ValidationError):
        reject_exit(exit_request, user=people["commander"], comment=" ")
    reject_exit(exit_request, user=people["commander"], comment="项目仍在推进，暂不退出")
    project.refresh_from_db()
    assert project.stage == Stage.STARTED and project.exited_on is None
    with pytest.raises(ValidationError):  # decided once
        approve_exit(exit_request, user=people["office"])
    # The group may ask again later.
    assert ask(project, people["liaison"]).status == Status.PENDING


@pytest.mark.parametrize("values, field, message", [
    ({"exit_reason": ExitReason.OTHER}, "exit_reason_text", "须说明具体原因"),
    ({"exit_reason": ""}, "exit_reason", "须填写退出原因"),
    ({"exit_reason": "bogus"}, "exit_reason", "无效"),
    ({"exited_on": None}, "exited_on", "须填写退出日期"),
    ({"exited_on": datetime.date(2021, 5, 1)}, "exited_on", "不能早于开工日期"),
    ({"exited_on": datetime.date(2999, 1, 1)}, "exited_on", "不能晚于今天"),
])
def test_a_bad_request_is_refused(people, project, values, field, message):
    with pytest.raises(ValidationError) as error:
        ask(project, people["liaison"], **values)
    assert message in " ".join(error.value.message_dict[field])
    assert not ExitRequest.objects.exists()


def test_other_with_its_text_is_kept(people, project):
    exit_request = ask(project, people["liaison"], exit_reason=ExitReason.OTHER, exit_reason_text="企业搬迁")
    approve_exit(exit_request, user=people["office"])
    project.refresh_from_db()
    assert (project.exit_reason, project.exit_reason_text) == (ExitReason.OTHER, "企业搬迁")


def test_funds_after_the_exit_date_block_the_request(people, project):
    make_funds(project, "2021-09-01", "100")
    with pytest.raises(ValidationError) as error:
        ask(project, people["liaison"])
    assert "2021-09-01" in error.value.message_dict["exited_on"][0]


def test_producing_exited_and_pending_projects_cannot_be_asked_again(people, project):
    producing = make_project("forestry", stage="producing")
    with pytest.raises(ValidationError) as error:
        ask(producing, people["liaison"])
    assert "已投产" in str(error.value)
    first = ask(project, people["liaison"])
    with pytest.raises(ValidationError) as error:
        ask(project, people["commander"])
    assert f"#{first.pk}" in str(error.value)
    approve_exit(first, user=people["commander"])
    with pytest.raises(ValidationError) as error:
        ask(project, people["commander"])
    assert "已于 2021-08-01 退出" in str(error.value)


def test_an_exit_made_meanwhile_is_not_approved_twice(people, project):
    from zhaoshang.projects.services import move_stage
    exit_request = ask(project, people["liaison"])
    move_stage(project, Stage.EXITED, exited_on=datetime.date(2021, 7, 1),
               exit_reason=ExitReason.POLICY, user=people["office"])
    with pytest.raises(ValidationError):
        approve_exit(exit_request, user=people["commander"])
    project.refresh_from_db()
    assert project.exited_on == datetime.date(2021, 7, 1)


def test_the_figures_drop_the_project_from_its_exit_date(people, project):
    before = forestry_figures(EXIT_DAY - datetime.timedelta(days=1))
    assert (before["signed_projects"], before["industrial_projects"],
            before["major_industrial_projects"]) == (1, 1, 1)
    approve_exit(ask(project, people["liaison"]), user=people["commander"])
    on_the_day = forestry_figures(EXIT_DAY)
    assert (on_the_day["signed_projects"], on_the_day["industrial_projects"],
            on_the_day["major_industrial_projects"], on_the_day["exited_projects"]) == (0, 0, 0, 1)
    assert forestry_figures(EXIT_DAY - datetime.timedelta(days=1))["signed_projects"] == 1


def test_pipeline_gap(people, project):
    forestry = group_of("forestry")  # 新签约项目 target: 7
    make_project(forestry)
    make_project(forestry, origin="in_region")  # not 招商引资: does not count
    make_project(forestry, total_investment="100")  # under the 500 万元 threshold
    assert pipeline_gap(forestry, 2021) == 5
    assert pipeline_gap(forestry, 2021, datetime.date(2021, 2, 1)) == 7  # nothing signed yet
    approve_exit(ask(project, people["liaison"]), user=people["commander"])
    assert pipeline_gap(forestry, 2021) == 6
    assert pipeline_gap(forestry, 2021, EXIT_DAY - datetime.timedelta(days=1)) == 5
    for _ in range(7):
        make_project(forestry)
    assert pipeline_gap(forestry, 2021) == 0  # never negative


def test_notices_go_to_the_approvers_then_the_requester(people, project):
    exit_request = ask(project, people["liaison"])
    told = {n.recipient for n in Notification.objects.filter(key=f"exit:{exit_request.pk}:pending")}
    assert told == {people["commander"], people["office"]}
    assert Notification.objects.filter(kind="workflow", link=f"/exits/{exit_request.pk}/").count() == 2
    reject_exit(exit_request, user=people["office"], comment="请补充说明")
    notice = Notification.objects.get(key=f"exit:{exit_request.pk}:rejected")
    assert notice.recipient == people["liaison"] and "请补充说明" in notice.body
    for who in ("other_commander", "leader", "co_unit", "outsider"):
        assert not Notification.objects.filter(recipient=people[who]).exists()


# --- pages -----------------------------------------------------------------------------------

def as_user(client, user):
    client.force_login(user)
    return client


def test_the_liaison_asks_through_the_form(client, people, project):
    client = as_user(client, people["liaison"])
    page = client.get(f"/exits/new/{project.pk}/")
    assert page.status_code == 200 and "申请退出" in page.content.decode()
    response = client.post(f"/exits/new/{project.pk}/", {"exited_on": "2021-08-01",
                                                         "exit_reason": "no_agreement"})
    exit_request = ExitRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exits/{exit_request.pk}/"
    bad = client.post(f"/exits/new/{make_project('forestry').pk}/", {"exit_reason": "other"})
    assert bad.status_code == 400 and "须说明具体原因" in bad.content.decode()


@pytest.mark.parametrize("who, status", [("co_unit", 403), ("leader", 403), ("outsider", 404)])
def test_the_form_refuses_the_others(client, people, project, who, status):
    client = as_user(client, people[who])
    assert client.get(f"/exits/new/{project.pk}/").status_code == status
    assert client.post(f"/exits/new/{project.pk}/", {"exited_on": "2021-08-01",
                                                    "exit_reason": "policy"}).status_code == status
    assert not ExitRequest.objects.exists()


def test_list_and_detail_are_scoped(client, people, project):
    exit_request = ask(project, people["liaison"])
    for who in ("liaison", "co_unit", "leader", "office"):
        assert project.name in as_user(client, people[who]).get("/exits/").content.decode()
        assert as_user(client, people[who]).get(f"/exits/{exit_request.pk}/").status_code == 200
    assert project.name not in as_user(client, people["outsider"]).get("/exits/").content.decode()
    assert as_user(client, people["outsider"]).get(f"/exits/{exit_request.pk}/").status_code == 404
    awaiting = as_user(client, people["commander"]).get("/exits/?status=awaiting").content.decode()
    assert project.name in awaiting
    # The approver sees the buttons; the requester does not.
    assert "批准退出" in as_user(client, people["commander"]).get(f"/exits/{exit_request.pk}/").content.decode()
    assert "批准退出" not in as_user(client, people["liaison"]).get(f"/exits/{exit_request.pk}/").content.decode()


@pytest.mark.parametrize("who, status", [("liaison", 403), ("leader", 403), ("co_unit", 403),
                                         ("other_commander", 404), ("outsider", 404)])
def test_decide_refuses_the_others(client, people, project, who, status):
    exit_request = ask(project, people["liaison"])
    response = as_user(client, people[who]).post(f"/exits/{exit_request.pk}/decide/", {"decision": "approve"})
    assert response.status_code == status
    assert ExitRequest.objects.get().status == Status.PENDING


def test_the_commander_approves_on_the_page_and_the_gap_shows(client, people, project):
    exit_request = ask(project, people["liaison"])
    client = as_user(client, people["commander"])
    assert client.post(f"/exits/{exit_request.pk}/decide/", {"decision": "reject"}).status_code == 400
    response = client.post(f"/exits/{exit_request.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.EXITED
    page = client.get(f"/exits/{exit_request.pk}/").content.decode()
    assert "距2021年新签约项目目标还差 <strong>7</strong> 个" in page
    assert "有新洽谈的项目要及时补充" in client.get("/exits/").content.decode()


def test_the_project_panel(people, project):
    from django.template.loader import render_to_string

    from zhaoshang.projects.views.exits import project_exit_panel
    panel = project_exit_panel(project, people["liaison"])
    assert panel["may_request"] and panel["gap"] == 0
    html = render_to_string("projects/exit_panel.html", {"panel": panel})
    assert f'href="/exits/new/{project.pk}/"' in html and "申请退出" in html
    assert not project_exit_panel(project, people["co_unit"])["may_request"]
    exit_request = ask(project, people["liaison"])
    assert not project_exit_panel(project, people["liaison"])["may_request"]  # one pending at a time
    approve_exit(exit_request, user=people["office"])
    project.refresh_from_db()
    panel = project_exit_panel(project, people["liaison"])
    html = render_to_string("projects/exit_panel.html", {"panel": panel})
    assert panel["gap"] == 7 and '还差 <strong class="overdue">7</strong> 个' in html
    assert f'href="/exits/{exit_request.pk}/"' in html and "已批准" in html
    assert not panel["may_request"]
