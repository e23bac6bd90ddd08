"""进展情况 and 存在问题: the group's editors and co-units may add them; read-only roles 403."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, leader_user, liaison_user, office_user,
                                        outsider_user)
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import ProgressNote, ProjectIssue
from zhaoshang.projects.services import add_issue, add_note, resolve_issue

from .factories import make_project

DAY = datetime.date(2021, 6, 1)


def client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def project(plan2021):
    return make_project("forestry", code="F-1", name="林木项目")


def note_url(project):
    return f"/projects/{project.pk}/notes/"


def issue_url(project, issue=None):
    return f"/projects/{project.pk}/issues/" + (f"{issue.pk}/resolve/" if issue else "")


# --- services ---------------------------------------------------------------------------------

def test_add_note_records_author_and_change(project):
    liaison = liaison_user("forestry")
    note = add_note(project, date=DAY, text=" 完成用地报批 ", user=liaison, via="form")
    assert note.text == "完成用地报批" and note.author == liaison
    record = ChangeRecord.objects.get(object_type="progressnote", object_id=note.pk)
    assert record.after == {"date": "2021-06-01", "text": "完成用地报批"}
    assert record.group_id == project.group_id and record.object_repr.startswith("F-1 ")


def test_note_and_issue_rules(project):
    user = co_unit_user("forestry")
    with pytest.raises(ValidationError) as error:
        add_note(project, date=None, text=" ", user=user)
    assert set(error.value.message_dict) == {"date", "text"}
    with pytest.raises(ValidationError) as error:
        add_issue(project, raised_on=DAY, text="用地", due_on=datetime.date(2021, 5, 1), user=user)
    assert "办结期限不能早于提出日期" in error.value.message_dict["due_on"][0]
    for reader in (leader_user(), outsider_user("forestry")):
        with pytest.raises(PermissionDenied):
            add_note(project, date=DAY, text="x", user=reader)
    assert not ProgressNote.objects.exists() and not ProjectIssue.objects.exists()


def test_resolve_issue(project):
    user = co_unit_user("forestry")
    issue = add_issue(project, raised_on=DAY, text="用地指标不足", user=user)
    with pytest.raises(ValidationError):
        resolve_issue(issue, resolution="", resolved_on=datetime.date(2021, 5, 1), user=user)
    with pytest.raises(PermissionDenied):
        resolve_issue(issue, resolution="已解决", resolved_on=DAY, user=leader_user())
    resolve_issue(issue, resolution="已调剂指标", resolved_on=datetime.date(2021, 7, 1), user=user)
    issue.refresh_from_db()
    assert issue.status == ProjectIssue.Status.RESOLVED and issue.resolution == "已调剂指标"
    record = ChangeRecord.objects.filter(object_type="projectissue", object_id=issue.pk).first()
    assert record.after == {"status": "resolved", "resolution": "已调剂指标", "resolved_on": "2021-07-01"}
    with pytest.raises(ValidationError):
        resolve_issue(issue, resolution="再次", resolved_on=DAY, user=user)


# --- pages ------------------------------------------------------------------------------------

def test_co_unit_adds_a_note_and_a_problem(project):
    user = co_unit_user("forestry", username="协办小李")
    c = client(user)
    response = c.post(note_url(project), {"note-date": "2021-06-01", "note-text": "已完成环评"})
    assert response.status_code == 302 and response["Location"].endswith("#notes")
    unit = Unit.objects.get(name="县自然资源和规划局")
    response = c.post(issue_url(project), {"issue-raised_on": "2021-06-02", "issue-text": "用地报批慢",
                                           "issue-owner_unit": unit.pk, "issue-due_on": "2021-07-01"})
    assert response.status_code == 302
    issue = ProjectIssue.objects.get()
    assert (issue.author, issue.owner_unit, issue.due_on) == (user, unit, datetime.date(2021, 7, 1))
    html = c.get(f"/projects/{project.pk}/").content.decode()
    assert "已完成环评" in html and "协办小李" in html and "用地报批慢" in html
    assert "责任单位：县自然资源和规划局" in html and "办结期限：2021-07-01" in html and "待协调" in html
    response = c.post(issue_url(project, issue), {f"resolve{issue.pk}-resolution": "已协调",
                                                  f"resolve{issue.pk}-resolved_on": "2021-06-20"})
    assert response.status_code == 302
    assert ProjectIssue.objects.get().status == ProjectIssue.Status.RESOLVED


def test_liaison_and_office_may_add_notes(project):
    for user in (liaison_user("forestry"), office_user()):
        response = client(user).post(note_url(project), {"note-date": "2021-06-01", "note-text": "进展"})
        assert response.status_code == 302
    assert ProgressNote.objects.count() == 2


def test_errors_are_shown_beside_the_fields(project):
    c = client(co_unit_user("forestry"))
    response = c.post(note_url(project), {"note-date": "", "note-text": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写日期" in html and "请填写进展情况" in html
    response = c.post(issue_url(project), {"issue-raised_on": "2021-06-02", "issue-text": "问题",
                                           "issue-due_on": "2021-06-01"})
    assert response.status_code == 400 and "办结期限不能早于提出日期" in response.content.decode()
    assert not ProgressNote.objects.exists() and not ProjectIssue.objects.exists()


def test_leader_gets_403_and_outsider_404(project):
    issue = add_issue(project, raised_on=DAY, text="问题", user=None)
    leader, outsider = client(leader_user()), client(outsider_user("forestry"))
    note = {"note-date": "2021-06-01", "note-text": "x"}
    assert leader.post(note_url(project), note).status_code == 403
    assert leader.post(issue_url(project), {"issue-raised_on": "2021-06-01", "issue-text": "x"}).status_code == 403
    assert leader.post(issue_url(project, issue), {}).status_code == 403
    assert outsider.post(note_url(project), note).status_code == 404
    assert outsider.post(issue_url(project, issue), {}).status_code == 404
    assert not ProgressNote.objects.exists()
    assert ProjectIssue.objects.get().status == ProjectIssue.Status.OPEN


def test_co_unit_of_another_group_gets_404(project):
    c = client(co_unit_user("emerging"))
    assert c.post(note_url(project), {"note-date": "2021-06-01", "note-text": "x"}).status_code == 404
