"""变更记录 page: the change log within the user's scope, filtered, paginated, readable."""
import datetime

import pytest
from django.urls import reverse

from zhaoshang.changes import views
from zhaoshang.core.audit import record
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import leader_user, liaison_user, office_user, outsider_user
from zhaoshang.projects.services import move_stage, save_project
from zhaoshang.projects.tests.factories import make_funds, make_project

SECRET = "机密项目乙"
PAGE = "/changes/"


@pytest.fixture
def history(plan2021):
    """Plan records (no group), a forestry project edited and moved, funds, an emerging project."""
    editor = liaison_user("forestry", username="lianluo")
    mine = make_project("forestry", stage="lead", code="F-001", name="林木项目甲", user=editor)
    save_project({"progress": "已签约", "industrial": True}, project=mine, user=editor, via="form")
    mine = move_stage(mine, "signed", user=editor, via="board", signed_on=datetime.date(2021, 4, 2),
                      investor="广东某某", origin="domestic_external", total_investment="5000")
    make_funds(mine, "2021-05-01", "100", user=editor)
    theirs = make_project("emerging", code="E-SECRET", name=SECRET)
    return mine, theirs


def records(response):
    return [entry["record"] for entry in response.context["entries"]]


def test_url():
    assert reverse("changes:list") == PAGE


def test_sign_in_required(client, db):
    assert client.get(PAGE).status_code == 302


@pytest.mark.parametrize("make_user", [office_user, leader_user])
def test_county_roles_see_everything_newest_first(client, history, make_user):
    client.force_login(make_user())
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == ChangeRecord.objects.count()
    shown = records(response)
    assert shown == sorted(shown, key=lambda r: (r.at, r.pk), reverse=True)
    html = response.content.decode()
    assert SECRET in html and "林木项目甲" in html


def test_liaison_sees_the_own_groups_records_only(client, history):
    mine, theirs = history
    client.force_login(liaison_user("forestry"))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert {r.group_id for r in records(response)} == {mine.group_id}
    html = response.content.decode()
    assert SECRET not in html and "E-SECRET" not in html
    # Not by a filter either: another group's code selects nothing, its name is not offered.
    assert "战略性新兴产业招商组" not in html
    assert records(client.get(PAGE, {"q": "SECRET"})) == []


def test_outsider_sees_none_of_the_group(client, history):
    mine, _ = history
    client.force_login(outsider_user("forestry"))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert all(r.group_id != mine.group_id for r in records(response))
    assert "林木项目甲" not in response.content.decode() and "lianluo" not in response.content.decode()


def test_before_and_after_are_readable(client, history):
    mine, _ = history
    client.force_login(office_user())
    response = client.get(PAGE, {"object_type": "project", "action": "stage"})
    [entry] = response.context["entries"]
    changes = {label: (old, new) for label, old, new in entry["changes"]}
    assert changes["项目阶段"] == ("线索", "签约")
    assert changes["签约日期"] == ("—", "2021-04-02")
    assert changes["投资方来源"] == ("—", "区外境内")
    assert changes["总投资（万元）"] == ("—", "5,000.00")  # amounts as every page shows them
    assert entry["url"] == f"/projects/{mine.pk}/" and entry["via"] == "项目看板"
    assert entry["user"] == "lianluo" and entry["group"] == "林木加工产业招商组"
    html = response.content.decode()
    assert f'href="/projects/{mine.pk}/"' in html and "阶段变更" in html

    update = client.get(PAGE, {"object_type": "project", "action": "update"}).context["entries"][0]
    assert dict((label, (old, new)) for label, old, new in update["changes"])["工业项目"] == ("否", "是")


def test_an_update_lists_only_the_fields_that_changed(client, history):
    mine, _ = history
    record(mine, "update", before={"total_investment": "85000.00", "name": mine.name, "stage": "signed"},
           after={"total_investment": "12000.00", "name": mine.name, "stage": "signed"})
    client.force_login(office_user())
    entry = client.get(PAGE, {"object_type": "project", "action": "update"}).context["entries"][0]
    assert entry["changes"] == [("总投资（万元）", "85,000.00", "12,000.00")]


def test_funds_records_have_no_project_link(client, history):
    client.force_login(office_user())
    [entry] = client.get(PAGE, {"object_type": "fundsrecord"}).context["entries"]
    assert entry["type"] == "到位资金" and entry["url"] == ""
    assert [c[0] for c in entry["changes"]] == ["到位日期", "金额（万元）"]  # the empty note left out


def test_filters(client, history):
    mine, theirs = history
    client.force_login(office_user())
    assert {r.object_id for r in records(client.get(PAGE, {"q": "机密"}))} == {theirs.pk}
    assert {r.group_id for r in records(client.get(PAGE, {"group": "emerging"}))} == {theirs.group_id}
    by_user = records(client.get(PAGE, {"user": "lianluo"}))
    assert len(by_user) == 4 and all(r.user.username == "lianluo" for r in by_user)
    assert {r.action for r in records(client.get(PAGE, {"action": "create", "object_type": "project"}))} \
        == {"create"}
    today = datetime.date.today()  # records are stamped now
    assert records(client.get(PAGE, {"until": str(today - datetime.timedelta(days=1))})) == []
    assert len(records(client.get(PAGE, {"since": str(today), "object_type": "project"}))) == 4
    response = client.get(PAGE, {"object_type": "project"})
    html = response.content.decode()
    assert '<option value="project" selected>招商项目</option>' in html
    assert '<option value="fundsrecord">到位资金</option>' in html


def test_bad_filter_is_explained(client, history):
    client.force_login(office_user())
    response = client.get(PAGE, {"since": "2021-02-30"})
    assert response.status_code == 200
    assert "起始日期（含）：" in response.content.decode()


def test_pagination_keeps_the_filters(client, history, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(office_user())
    first = client.get(PAGE, {"object_type": "project"})
    assert first.context["page"].paginator.num_pages == 2  # 4 project records
    assert "?object_type=project&amp;page=2" in first.content.decode()
    second = client.get(PAGE, {"object_type": "project", "page": "2"})
    assert not set(records(first)) & set(records(second))
    assert client.get(PAGE, {"page": "999"}).status_code == 200


def test_the_records_of_one_operation_link_to_each_other(client, history):
    from zhaoshang.core import requestctx

    mine, _ = history
    with requestctx.working_as("op-import-1", "10.0.0.7"):
        record(mine, "update", before={"name": "甲"}, after={"name": "乙"}, via="import")
        record(mine, "update", before={"name": "乙"}, after={"name": "丙"}, via="import")
    client.force_login(office_user())
    response = client.get(PAGE)
    html = response.content.decode()
    assert html.count('href="?request_id=op-import-1">同一次操作（2 条）</a>') == 2
    assert "10.0.0.7" in html  # the office sees where it came from
    assert {e["record"].request_id for e in response.context["entries"]} >= {"op-import-1"}
    together = client.get(PAGE, {"request_id": "op-import-1"})
    assert len(together.context["entries"]) == 2 and "正在查看同一次操作" in together.content.decode()
    client.force_login(liaison_user("forestry"))
    assert "10.0.0.7" not in client.get(PAGE).content.decode()


def test_a_page_request_and_a_command_stamp_their_records(client, history):
    mine, _ = history
    client.force_login(office_user())
    response = client.post(f"/projects/{mine.pk}/funds/", {"funds-date": "2021-07-01",
                           "funds-amount": "10", "funds-note": ""}, HTTP_X_REQUEST_ID="req-abc-1",
                           REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    newest = ChangeRecord.objects.order_by("-id").first()
    assert (newest.object_type, newest.request_id, newest.address) == ("fundsrecord", "req-abc-1", "10.1.2.3")
