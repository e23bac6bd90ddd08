"""项目看板 and its move dialog: who may drag, what a move asks for, and that it goes through the
service (StageChange via "board")."""
import json

import pytest
from django.urls import reverse

from zhaoshang.core.tests.users import (commander_user, leader_user, liaison_user, office_user,
                                        outsider_user)
from zhaoshang.projects import views_board
from zhaoshang.projects.models import Project, Stage, StageChange
from zhaoshang.projects.tests.factories import make_project

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
BOARD = "/projects/board/"


@pytest.fixture
def lead(plan2021):
    """A 线索 project of the forestry group with an investor but none of 签约's other fields."""
    return make_project("forestry", stage="lead", code="F-LEAD", name="林木线索项目",
                        investor="广东某某木业有限公司")


def move_url(project):
    return reverse("board:move", args=[project.pk])


def signed_fields(project, **extra):
    return {"to_stage": "signed", "version": project.version, "signed_on": "2021-05-06",
            "origin": "domestic_external", "total_investment": "12000.50", **extra}


def test_urls():
    assert reverse("board:index") == BOARD
    assert reverse("board:move", args=[7]) == "/projects/board/7/move/"


def test_sign_in_required(client, lead):
    response = client.get(BOARD)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_office_sees_every_column_and_may_drag(client, lead):
    make_project("emerging", stage="started", code="E-START", name="新兴开工项目",
                 total_investment="123456.78")
    client.force_login(office_user())
    response = client.get(BOARD)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("线索", "在谈", "签约", "开工", "投产", "退出"):
        assert f">{label} <span" in html
    assert "F-LEAD" in html and "E-START" in html and "123,456.78" in html
    assert f'data-move-url="{move_url(lead)}"' in html
    assert "Sortable.min.js" in html and "js/board.js" in html
    assert f'href="/projects/{lead.pk}/"' in html
    assert "移动到…" in html
    columns = {c["stage"]: c for c in response.context["columns"]}
    assert columns[Stage.STARTED]["summary"] == {"count": "1", "total": "123,456.78"}
    assert columns[Stage.LEAD]["summary"]["count"] == "1"


def test_leader_sees_the_board_without_drag(client, lead):
    client.force_login(leader_user())
    response = client.get(BOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "F-LEAD" in html
    assert "data-move-url" not in html and "board.js" not in html and "移动到…" not in html
    assert client.get(move_url(lead), {"to": "negotiating"}, **FETCH).status_code == 403
    response = client.post(move_url(lead), {"to_stage": "negotiating", "version": lead.version}, **FETCH)
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.stage == Stage.LEAD


def test_outsider_sees_no_card_of_another_group_and_gets_404(client, lead):
    outsider = outsider_user("forestry")
    own = make_project(outsider.memberships.get().group, stage="lead", code="OWN-1")
    client.force_login(outsider)
    html = client.get(BOARD).content.decode()
    assert "F-LEAD" not in html and "林木线索项目" not in html
    assert "OWN-1" in html and f'data-move-url="{move_url(own)}"' in html
    assert client.get(move_url(lead), {"to": "negotiating"}, **FETCH).status_code == 404
    response = client.post(move_url(lead), {"to_stage": "negotiating", "version": lead.version}, **FETCH)
    assert response.status_code == 404
    assert "林木线索项目" not in response.content.decode()
    lead.refresh_from_db()
    assert lead.stage == Stage.LEAD


def test_liaison_drags_only_own_group_cards(client, lead):
    other = make_project("emerging", stage="lead", code="E-LEAD")
    client.force_login(liaison_user("forestry"))
    html = client.get(BOARD).content.decode()
    assert f'data-move-url="{move_url(lead)}"' in html
    assert "E-LEAD" not in html and move_url(other) not in html


def test_dialog_lists_exactly_what_the_stage_lacks(client, lead):
    client.force_login(office_user())
    response = client.get(move_url(lead), {"to": "signed"}, **FETCH)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.needs == ["signed_on", "origin", "total_investment"]  # investor and group are there
    html = response.content.decode()
    assert "<html" not in html  # the bare partial for the dialog
    assert "还须填写：<strong>签约日期、投资方来源、总投资（万元）</strong>" in html
    assert 'name="investor"' not in html and 'name="started_on"' not in html
    assert f'name="version" value="{lead.version}"' in html


def test_dialog_to_started_asks_for_both_dates(client, lead):
    client.force_login(office_user())
    form = client.get(move_url(lead), {"to": "started"}, **FETCH).context["form"]
    assert form.needs == ["signed_on", "origin", "total_investment", "started_on"]


def test_dialog_without_javascript_is_a_page(client, lead):
    client.force_login(office_user())
    response = client.get(move_url(lead), {"to": "negotiating"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "移动到「在谈」" in html and "所需的信息已齐全" in html
    html = client.get(move_url(lead)).content.decode()  # 移动到… without JavaScript
    assert "<html" in html and "选择目标阶段" in html and f"{move_url(lead)}?to=signed" in html


def test_move_with_missing_fields_is_400_and_writes_nothing(client, lead):
    client.force_login(office_user())
    changes = StageChange.objects.count()
    response = client.post(move_url(lead), {"to_stage": "signed", "version": lead.version}, **FETCH)
    assert response.status_code == 400
    html = response.content.decode()
    for label in ("签约日期", "投资方来源", "总投资（万元）"):
        assert f"进入「签约」阶段须填写{label}" in html
    assert "说明（选填）" in html  # a forward move needs no reason
    lead.refresh_from_db()
    assert lead.stage == Stage.LEAD and lead.version == 1
    assert StageChange.objects.count() == changes


def test_move_writes_a_stage_change_via_board(client, lead):
    office = office_user()
    client.force_login(office)
    response = client.post(move_url(lead) + "?group=forestry",
                           signed_fields(lead, reason="签约仪式已举行"), **FETCH)
    assert response.status_code == 200
    data = json.loads(response.content)
    lead.refresh_from_db()
    assert lead.stage == Stage.SIGNED and str(lead.total_investment) == "12000.50"
    assert str(lead.signed_on) == "2021-05-06"
    change = lead.stage_changes.last()
    assert (change.from_stage, change.to_stage, change.via, change.user, change.reason) == \
        (Stage.LEAD, Stage.SIGNED, "board", office, "签约仪式已举行")
    assert data["stage"] == "signed" and "F-LEAD" in data["card"] and "data-move-url" in data["card"]
    assert data["columns"]["signed"] == {"count": "1", "total": "12,000.50"}
    assert data["columns"]["lead"] == {"count": "0", "total": "0.00"}


def test_move_without_javascript_redirects_to_the_board(client, lead):
    client.force_login(liaison_user("forestry"))
    response = client.post(move_url(lead) + "?group=forestry", {"to_stage": "negotiating", "version": 1})
    assert response.status_code == 302 and response["Location"] == BOARD + "?group=forestry"
    lead.refresh_from_db()
    assert lead.stage == Stage.NEGOTIATING


def test_stale_version_is_refused(client, lead):
    client.force_login(office_user())
    Project.objects.filter(pk=lead.pk).update(version=5)  # someone saved in between
    response = client.post(move_url(lead), {"to_stage": "negotiating", "version": 1}, **FETCH)
    assert response.status_code == 400
    assert "已被他人修改" in response.content.decode()
    lead.refresh_from_db()
    assert lead.stage == Stage.LEAD


def test_correction_backwards_is_the_office_s_with_a_reason(client, plan2021):
    project = make_project("forestry", stage="started", code="F-START")
    client.force_login(liaison_user("forestry"))
    response = client.get(move_url(project), {"to": "signed"}, **FETCH)
    assert "只能由领导小组办公室操作" in response.content.decode()
    assert "data-submit" not in response.content.decode()

    client.force_login(office_user())
    form = client.get(move_url(project), {"to": "signed"}, **FETCH).context["form"]
    assert form.backward and form.needs == []  # the dates of 开工 are cleared, not asked for
    response = client.post(move_url(project), {"to_stage": "signed", "version": project.version}, **FETCH)
    assert response.status_code == 400 and "须填写更正原因" in response.content.decode()
    assert "更正原因<span" in response.content.decode()
    response = client.post(move_url(project), {"to_stage": "signed", "version": project.version,
                                               "reason": "开工日期录错"}, **FETCH)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED and project.started_on is None


def test_exit_needs_the_approving_role(client, lead):
    client.force_login(liaison_user("forestry"))
    html = client.get(move_url(lead), {"to": "exited"}, **FETCH).content.decode()
    assert "须经领导小组办公室或本组指挥长批准" in html and "data-submit" not in html

    client.force_login(commander_user("forestry"))
    response = client.get(move_url(lead), {"to": "exited"}, **FETCH)
    assert response.context["form"].needs == ["exited_on", "exit_reason", "exit_reason_text"]
    response = client.post(move_url(lead), {"to_stage": "exited", "version": 1, "exited_on": "2021-08-01",
                                            "exit_reason": "other"}, **FETCH)
    assert response.status_code == 400 and "须说明具体原因" in response.content.decode()
    response = client.post(move_url(lead), {"to_stage": "exited", "version": 1, "exited_on": "2021-08-01",
                                            "exit_reason": "other", "exit_reason_text": "选址落空"},
                           **FETCH)
    assert response.status_code == 200
    lead.refresh_from_db()
    assert lead.stage == Stage.EXITED and lead.exit_reason_text == "选址落空"


@pytest.mark.parametrize("to, message", [("lead", "项目已处于该阶段"), ("nowhere", "请选择要移动到的阶段")])
def test_bad_target_stage_is_400(client, lead, to, message):
    client.force_login(office_user())
    response = client.get(move_url(lead), {"to": to}, **FETCH)
    assert response.status_code == 400 and message in response.content.decode()


def test_move_menu_offers_the_stages_the_user_may_choose(client, lead):
    client.force_login(liaison_user("forestry"))
    response = client.get(move_url(lead) + "?group=forestry", **FETCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "选择目标阶段" in html
    for stage in ("negotiating", "signed", "started", "producing"):
        assert f'href="{move_url(lead)}?to={stage}&amp;group=forestry" data-to="{stage}"' in html
    assert 'data-to="exited"' not in html  # a liaison cannot approve an exit

    client.force_login(office_user())
    html = client.get(move_url(lead), **FETCH).content.decode()
    assert 'data-to="exited"' in html and 'data-to="lead"' not in html


def test_filters_and_the_more_link(client, lead, monkeypatch):
    monkeypatch.setattr(views_board, "CARDS_PER_COLUMN", 2)
    for n in range(3):
        make_project("forestry", stage="lead", code=f"F-{n}", total_investment=str(100 + n))
    make_project("emerging", stage="lead", code="E-1", name="新兴线索")
    client.force_login(office_user())
    response = client.get(BOARD, {"group": "forestry", "stage": "signed"})  # stage is the columns'
    lead_column = response.context["columns"][0]
    assert [p.code for p in lead_column["cards"]] == ["F-2", "F-1"]  # largest first
    assert lead_column["summary"]["count"] == "4" and lead_column["hidden"] == 2
    html = response.content.decode()
    assert "E-1" not in html
    assert 'href="/projects/?stage=lead&amp;group=forestry"' in html and "还有 2 个" in html
    assert client.get(BOARD, {"q": "新兴"}).context["columns"][0]["summary"]["count"] == "1"


def test_bad_amount_is_explained(client, lead):
    client.force_login(office_user())
    response = client.post(move_url(lead), signed_fields(lead, total_investment="一万"), **FETCH)
    assert response.status_code == 400
    assert response.context["form"].errors["total_investment"]
    lead.refresh_from_db()
    assert lead.stage == Stage.LEAD


def test_cards_at_the_final_stage_do_not_move(client, plan2021):
    done = make_project("forestry", stage="producing", code="F-DONE", name="林木投产项目")
    make_project("forestry", stage="exited", code="F-GONE", name="林木退出项目")
    client.force_login(office_user())
    html = client.get(BOARD).content.decode()
    assert "F-DONE" in html and "F-GONE" in html
    assert 'class="board-move"' not in html and f'data-move-url="{move_url(done)}"' not in html
