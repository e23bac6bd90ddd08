"""新建 / 修改 forms and the stage-move form: service errors beside fields, stale edits refused."""
import datetime
from decimal import Decimal

import pytest
from django.test import Client

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, leader_user, liaison_user, office_user,
                                        outsider_user)
from zhaoshang.projects.models import Project, Stage, StageChange

from .factories import group_of, make_project

NEW = "/projects/new/"


def client(user):
    c = Client()
    c.force_login(user)
    return c


def form_data(**values):
    data = {"code": "N-1", "name": "新项目", "group": "", "investor": "", "origin": "",
            "sanqi_batch": "", "total_investment": "", "stage": "lead", "signed_on": "",
            "started_on": "", "producing_on": "", "location": "", "content": "", "progress": "",
            "problems": ""}
    data.update(values)
    return data


def edit_data(project, **values):
    """What the edit form posts back unchanged, with `values` typed over it."""
    data = {"code": project.code, "name": project.name, "group": project.group_id,
            "investor": project.investor, "origin": project.origin,
            "sanqi_batch": project.sanqi_batch, "location": project.location,
            "content": project.content, "progress": project.progress, "problems": project.problems,
            "total_investment": project.total_investment or "", "version": project.version}
    for flag in ("industrial", "emerging", "sanqi"):
        if getattr(project, flag):
            data[flag] = "on"
    for day in ("signed_on", "started_on", "producing_on"):
        if getattr(project, day):
            data[day] = getattr(project, day).isoformat()
    data.update(values)
    return data


# --- create -----------------------------------------------------------------------------------

def test_liaison_creates_a_signed_project(plan2021):
    liaison = liaison_user("forestry")
    c = client(liaison)
    page = c.get(NEW)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="date"' in html and "万元" in html and "线索" in html
    assert "林木加工产业招商组" in html and "战略性新兴产业招商组" not in html  # own groups only
    response = c.post(NEW, form_data(group=group_of("forestry").pk, stage="signed",
                                     signed_on="2021-04-01", investor="广东某公司",
                                     origin="domestic_external", total_investment="8000.50",
                                     industrial="on"))
    assert response.status_code == 302
    project = Project.objects.get(code="N-1")
    assert response["Location"] == f"/projects/{project.pk}/"
    assert project.stage == Stage.SIGNED and project.total_investment == Decimal("8000.50")
    assert project.industrial and not project.emerging
    assert ChangeRecord.objects.get(object_type="project", object_id=project.pk).via == "form"
    assert StageChange.objects.get(project=project).user == liaison


def test_new_form_chooses_the_one_group_and_suggests_the_next_code(plan2021):
    make_project("forestry", code="LZ2021-007")
    make_project("emerging", code="LZ2021-012")  # codes are county-wide: 008 … 012 may be taken
    make_project("forestry", code="LZ2021-009")
    form = client(liaison_user("forestry")).get(NEW).context["form"]
    assert form.initial == {"group": group_of("forestry").pk, "code": "LZ2021-013"}
    html = client(liaison_user("forestry")).get(NEW).content.decode()
    assert 'value="LZ2021-013"' in html and "已按本组编号规则填入下一个可用编号" in html
    assert '项目编号<span class="req" title="必填">*</span>' in html
    assert '项目名称<span class="req"' in html and '产业招商组<span class="req"' in html
    assert '投资方<span class="req"' not in html
    office = client(office_user()).get(NEW).context["form"]  # eight groups: the office chooses
    assert "group" not in office.initial and office.initial["code"] == "LZ2021-013"


def test_next_code_keeps_the_pattern():
    from zhaoshang.projects.codes import next_in_pattern
    assert next_in_pattern("LZ2021-007", ["LZ2021-010", "LZ2022-099", "X-1"]) == "LZ2021-011"
    assert next_in_pattern("F-9", []) == "F-10"
    assert next_in_pattern("无编号", ["LZ2021-001"]) == ""


def test_create_errors_beside_the_fields_with_400_and_nothing_written(plan2021):
    c = client(liaison_user("forestry"))
    response = c.post(NEW, form_data(group=group_of("forestry").pk, stage="started",
                                     total_investment="-1", producing_on="2021-01-01"))
    assert response.status_code == 400
    html = response.content.decode()
    for message in ["进入「开工」阶段须填写签约日期", "进入「开工」阶段须填写投资方",
                    "进入「开工」阶段须填写开工日期", "总投资不能为负数",
                    "项目尚未到「投产」阶段，不能填写投产日期"]:
        assert message in html, message
    assert 'value="新项目"' in html  # the user's input is kept
    assert not Project.objects.exists()
    assert not ChangeRecord.objects.filter(object_type="project").exists()


def test_create_refuses_a_group_the_user_may_not_edit(plan2021):
    c = client(liaison_user("forestry"))
    response = c.post(NEW, form_data(group=group_of("emerging").pk))
    assert response.status_code == 400
    assert not Project.objects.exists()


def test_duplicate_code_and_bad_date(plan2021):
    make_project("forestry", code="N-1")
    c = client(office_user())
    response = c.post(NEW, form_data(group=group_of("forestry").pk, signed_on="2021-02-30"))
    html = response.content.decode()
    assert response.status_code == 400 and "输入一个有效的日期" in html
    response = c.post(NEW, form_data(group=group_of("forestry").pk))
    assert response.status_code == 400 and "项目编号「N-1」已存在" in response.content.decode()
    assert Project.objects.count() == 1


def test_a_code_typed_full_width_is_stored_as_it_looks(plan2021):
    make_project("forestry", code="N-1")
    c = client(office_user())
    response = c.post(NEW, form_data(group=group_of("forestry").pk, code="Ｎ－１"))
    assert response.status_code == 400 and "项目编号「N-1」已存在" in response.content.decode()
    response = c.post(NEW, form_data(group=group_of("forestry").pk, code="Ｎ－２\u200b"))
    assert response.status_code == 302
    assert Project.objects.filter(code="N-2").exists()


def test_a_name_with_a_bidi_override_is_refused_beside_the_field(plan2021):
    response = client(office_user()).post(NEW, form_data(group=group_of("forestry").pk,
                                                         name="项目\u202e甲"))
    assert response.status_code == 400
    assert "第3个字符是看不见的文字方向控制符" in response.content.decode()
    assert not Project.objects.exists()


def test_read_only_roles_may_not_create(plan2021):
    for user in (leader_user(), co_unit_user("forestry")):
        c = client(user)
        assert c.get(NEW).status_code == 403
        assert c.post(NEW, form_data(group=group_of("forestry").pk)).status_code == 403
    assert not Project.objects.exists()


# --- edit -------------------------------------------------------------------------------------

@pytest.fixture
def project(plan2021):
    return make_project("forestry", code="F-1", name="林木项目", total_investment="1000")


def test_edit_saves_through_the_service(project):
    c = client(liaison_user("forestry"))
    page = c.get(f"/projects/{project.pk}/edit/")
    html = page.content.decode()
    assert page.status_code == 200 and 'value="林木项目"' in html and 'name="version"' in html
    assert 'name="started_on"' not in html  # a later stage's date is set by a stage move
    response = c.post(f"/projects/{project.pk}/edit/", edit_data(project, total_investment="2000"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.total_investment == Decimal("2000.00") and project.version == 2
    record = ChangeRecord.objects.filter(object_type="project", object_id=project.pk).first()
    assert record.before == {"total_investment": "1000.00"} and record.after == {"total_investment": "2000.00"}


def test_edit_errors_with_400_and_nothing_written(project):
    c = client(office_user())
    response = c.post(f"/projects/{project.pk}/edit/",
                      edit_data(project, name="", signed_on="", total_investment="abc"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "请输入一个数字" in html or "输入一个数字" in html
    response = c.post(f"/projects/{project.pk}/edit/", edit_data(project, name="", signed_on=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "项目名称不能为空" in html and "进入「签约」阶段须填写签约日期" in html
    project.refresh_from_db()
    assert project.name == "林木项目" and project.version == 1


def test_edit_permissions(project):
    assert client(leader_user()).get(f"/projects/{project.pk}/edit/").status_code == 403
    assert client(co_unit_user("forestry")).post(f"/projects/{project.pk}/edit/",
                                                 edit_data(project)).status_code == 403
    assert client(outsider_user("forestry")).get(f"/projects/{project.pk}/edit/").status_code == 404


def test_concurrent_edits_never_silently_lose_one(project):
    """Two users open the same project; the second save is refused with a message."""
    first, second = client(liaison_user("forestry", username="张联络")), client(office_user())
    opened = Project.objects.get(pk=project.pk)  # both forms carry version 1
    assert first.post(f"/projects/{project.pk}/edit/",
                      edit_data(opened, total_investment="2000")).status_code == 302
    response = second.post(f"/projects/{project.pk}/edit/",
                           edit_data(opened, total_investment="3000", location="新地点"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "保存未成功" in html and "张联络" in html and "修改了该项目" in html
    assert "2,000.00" in html or "2000.00" in html  # what is stored now, beside what was typed
    assert 'value="3000' in html and 'value="新地点"' in html  # the input is kept
    project.refresh_from_db()
    assert project.total_investment == Decimal("2000.00") and project.location == ""
    # The form now carries the stored version: saving again is a deliberate overwrite.
    assert 'name="version" value="2"' in html
    again = second.post(f"/projects/{project.pk}/edit/",
                        edit_data(project, total_investment="3000", location="新地点"))
    assert again.status_code == 302
    project.refresh_from_db()
    assert project.total_investment == Decimal("3000.00") and project.version == 3


def test_edit_without_version_is_refused(project):
    data = edit_data(project, name="无版本")
    del data["version"]
    response = client(office_user()).post(f"/projects/{project.pk}/edit/", data)
    assert response.status_code == 400 and "表单缺少版本号" in response.content.decode()


# --- stage move -------------------------------------------------------------------------------

def stage_url(project):
    return f"/projects/{project.pk}/stage/"


def test_stage_form_shows_what_the_target_needs(project):
    c = client(liaison_user("forestry"))
    partial = c.get(stage_url(project), {"to_stage": "producing"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "<html" not in html and 'id="stage-move"' in html
    assert "进入投产还需填写：开工日期、投产日期" in html
    assert 'name="started_on"' in html and 'name="producing_on"' in html
    assert 'name="investor"' not in html  # already there
    # Without htmx the same form comes inside the detail page.
    page = c.get(stage_url(project), {"to_stage": "started"})
    assert "<html" in page.content.decode() and 'name="started_on"' in page.content.decode()


def test_stage_move_with_missing_fields_lists_the_errors(project):
    c = client(liaison_user("forestry"))
    response = c.post(stage_url(project), {"to_stage": "producing", "version": project.version})
    assert response.status_code == 400
    html = response.content.decode()
    assert "进入「投产」阶段须填写开工日期" in html and "进入「投产」阶段须填写投产日期" in html
    response = c.post(stage_url(project), {"to_stage": "producing", "version": project.version,
                                           "started_on": "2021-08-01", "producing_on": "2021-07-01"})
    assert response.status_code == 400 and "投产日期（2021-07-01）不能早于开工日期（2021-08-01）" \
        in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED and project.stage_changes.count() == 1


def test_stage_move_writes_a_stage_change(project):
    liaison = liaison_user("forestry")
    response = client(liaison).post(stage_url(project), {
        "to_stage": "started", "version": project.version, "started_on": "2021-06-15",
        "reason": "已举行开工仪式"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.STARTED and project.started_on == datetime.date(2021, 6, 15)
    change = project.stage_changes.last()
    assert (change.from_stage, change.to_stage, change.user, change.via, change.reason) == \
        (Stage.SIGNED, Stage.STARTED, liaison, "form", "已举行开工仪式")


def test_only_the_office_may_correct_backwards(project):
    liaison = client(liaison_user("forestry"))
    page = liaison.get(stage_url(project), {"to_stage": "lead"}, HTTP_HX_REQUEST="true")
    assert 'value="lead"' not in page.content.decode()
    response = liaison.post(stage_url(project), {"to_stage": "lead", "version": project.version})
    assert response.status_code == 400
    office = client(office_user())
    response = office.post(stage_url(project), {"to_stage": "lead", "version": project.version})
    assert response.status_code == 400 and "阶段回退须填写更正原因" in response.content.decode()
    response = office.post(stage_url(project), {"to_stage": "lead", "version": project.version,
                                                "reason": "签约信息录错"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.LEAD and project.signed_on is None


def test_exit_needs_approval_and_its_fields(project):
    liaison = client(liaison_user("forestry"))
    page = liaison.get(stage_url(project), HTTP_HX_REQUEST="true").content.decode()
    assert 'value="exited"' not in page  # a liaison cannot approve an exit
    office = client(office_user())
    response = office.post(stage_url(project), {"to_stage": "exited", "version": project.version,
                                                "exit_reason": "other"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "进入「退出」阶段须填写退出日期" in html and "退出原因为「其他」时须说明具体原因" in html
    response = office.post(stage_url(project), {"to_stage": "exited", "version": project.version,
                                                "exited_on": "2021-09-01", "exit_reason": "policy"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.EXITED


def test_stage_move_permissions(project):
    data = {"to_stage": "started", "version": project.version, "started_on": "2021-06-15"}
    assert client(leader_user()).post(stage_url(project), data).status_code == 403
    assert client(co_unit_user("forestry")).post(stage_url(project), data).status_code == 403
    assert client(outsider_user("forestry")).post(stage_url(project), data).status_code == 404
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED


def test_stale_stage_move_is_refused(project):
    c = client(office_user())
    old = project.version
    client(liaison_user("forestry")).post(f"/projects/{project.pk}/edit/",
                                          edit_data(project, name="改名"))
    response = c.post(stage_url(project), {"to_stage": "started", "version": old,
                                           "started_on": "2021-06-15"})
    assert response.status_code == 400 and "已被他人修改" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED
