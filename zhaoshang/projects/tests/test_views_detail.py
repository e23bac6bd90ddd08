"""项目 detail /projects/<id>/ and its funds records: who may, who may only read, the outsider."""
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        office_user, outsider_user)
from zhaoshang.projects.models import FundsRecord, Stage
from zhaoshang.projects.services import save_project

from .factories import make_funds, make_project

NAME = "林木加工机密项目"


def client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def project(plan2021):
    project = make_project("forestry", code="F-9", name=NAME, total_investment="12000",
                           industrial=True, location="鹿寨镇工业园")
    make_funds(project, "2021-05-01", "300", note="首笔")
    make_funds(project, "2021-06-01", "200")
    return project


def url(project, rest=""):
    return f"/projects/{project.pk}/{rest}"


EDIT_CONTROLS = ["修改项目信息", "登记一笔到位资金", "确认变更阶段"]


def test_office_sees_every_field_and_edit_controls(project):
    response = client(office_user()).get(url(project))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [NAME, "F-9", "林木加工产业招商组", "县自然资源和规划局", "广东某某投资有限公司",
                 "区外境内", "12,000.00", "鹿寨镇工业园", "2021-03-01", "基本信息", "投资",
                 "阶段与日期", "建设", "亿元工业项目", "500.00", "首笔", *EDIT_CONTROLS]:
        assert text in html, text
    # What the next stages still need, before anyone tries.
    assert "进入开工" in html and "还需：开工日期" in html
    assert "进入投产" in html and "还需：开工日期、投产日期" in html


def test_stage_timeline_and_history(project):
    office = office_user(username="王主任")
    save_project({"total_investment": "15000"}, project=project, user=office, via="form")
    project.refresh_from_db()
    html = client(office).get(url(project)).content.decode()
    assert "登记为 <strong>签约</strong>" in html  # the factory creates it at 签约
    assert "总投资（万元）：" in html and "12,000.00 万元" in html and "15,000.00 万元" in html
    assert "王主任" in html and "途径：页面" in html
    assert "新建到位资金 2021-05-01" in html


def test_leader_reads_without_edit_controls(project):
    response = client(leader_user()).get(url(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert NAME in html
    for text in [*EDIT_CONTROLS, "填写进展情况", "登记存在问题", "修改</a>"]:
        assert text not in html, text


def test_liaison_and_commander_of_the_group_get_edit_controls(project):
    for user in (liaison_user("forestry"), commander_user("forestry")):
        html = client(user).get(url(project)).content.decode()
        for text in EDIT_CONTROLS:
            assert text in html, text


def test_co_unit_may_only_add_notes_and_problems(project):
    html = client(co_unit_user("forestry")).get(url(project)).content.decode()
    assert "填写进展情况" in html and "登记存在问题" in html
    for text in EDIT_CONTROLS:
        assert text not in html, text


def test_outsider_gets_404_everywhere_without_the_name(project):
    outsider = client(outsider_user("forestry"))
    funds = project.funds.first()
    for path in ["", "edit/", "stage/", f"funds/{funds.pk}/edit/", f"funds/{funds.pk}/remove/"]:
        response = outsider.get(url(project, path))
        assert response.status_code == 404, path
        assert NAME not in response.content.decode()
    for path in ["edit/", "stage/", "funds/", "notes/", "issues/", f"funds/{funds.pk}/remove/"]:
        assert outsider.post(url(project, path), {"reason": "x"}).status_code == 404, path
    assert project.funds.count() == 2


def test_unknown_project_is_404(project):
    assert client(office_user()).get("/projects/999999/").status_code == 404


# --- funds records ----------------------------------------------------------------------------

def add(c, project, **data):
    return c.post(url(project, "funds/"), {f"funds-{k}": v for k, v in data.items()})


def test_liaison_adds_funds(project):
    liaison = liaison_user("forestry")
    response = add(client(liaison), project, date="2021-07-01", amount="123.45", note="二期")
    assert response.status_code == 302 and response["Location"].endswith("#funds")
    funds = project.funds.get(date="2021-07-01")
    assert funds.amount == Decimal("123.45") and funds.note == "二期"
    record = ChangeRecord.objects.get(object_type="fundsrecord", object_id=funds.pk)
    assert record.user == liaison and record.via == "form"


def test_adding_funds_errors_beside_the_fields(project):
    office = client(office_user())
    response = add(office, project, date="2021-05-01", amount="-5")
    assert response.status_code == 400
    html = response.content.decode()
    assert "金额不能为负数" in html
    response = add(office, project, date="2021-05-01", amount="10")
    assert response.status_code == 400 and "2021-05-01 已有到位资金记录" in response.content.decode()
    response = add(office, project, date="", amount="10")
    assert response.status_code == 400 and "请填写到位日期" in response.content.decode()
    assert project.funds.count() == 2


def test_funds_dated_after_today_or_before_2000_are_refused_on_the_page(project):
    c = client(liaison_user("forestry"))
    response = add(c, project, date="2030-01-01", amount="10")
    assert response.status_code == 400 and "尚未到位的资金不能登记" in response.content.decode()
    funds = project.funds.get(date="2021-06-01")
    response = c.post(url(project, f"funds/{funds.pk}/edit/"), {"date": "2030-01-01", "amount": "200"})
    assert response.status_code == 400 and "尚未到位的资金不能登记" in response.content.decode()
    response = c.post(url(project, f"funds/{funds.pk}/edit/"), {"date": "1999-12-31", "amount": "200"})
    assert response.status_code == 400 and "早于 2000-01-01" in response.content.decode()
    assert sorted(project.funds.values_list("date", flat=True)) == [date(2021, 5, 1), date(2021, 6, 1)]


def test_read_only_roles_cannot_touch_funds(project):
    funds = project.funds.first()
    for user in (leader_user(), co_unit_user("forestry")):
        c = client(user)
        assert add(c, project, date="2021-07-01", amount="1").status_code == 403
        assert c.get(url(project, f"funds/{funds.pk}/edit/")).status_code == 403
        assert c.post(url(project, f"funds/{funds.pk}/remove/"), {"reason": "x"}).status_code == 403
    assert project.funds.count() == 2


def test_edit_funds(project):
    funds = project.funds.get(date="2021-06-01")
    c = client(liaison_user("forestry"))
    page = c.get(url(project, f"funds/{funds.pk}/edit/"))
    assert page.status_code == 200 and 'value="200.00"' in page.content.decode()
    response = c.post(url(project, f"funds/{funds.pk}/edit/"),
                      {"date": "2021-06-02", "amount": "250", "note": "", "reason": "凭证更正"})
    assert response.status_code == 302
    funds.refresh_from_db()
    assert funds.date.isoformat() == "2021-06-02" and funds.amount == Decimal("250.00")
    record = ChangeRecord.objects.filter(object_type="fundsrecord", object_id=funds.pk).first()
    assert record.reason == "凭证更正" and record.after == {"date": "2021-06-02", "amount": "250.00"}
    response = c.post(url(project, f"funds/{funds.pk}/edit/"), {"date": "2021-05-01", "amount": "1"})
    assert response.status_code == 400 and "已有到位资金记录" in response.content.decode()


def test_remove_funds_needs_a_reason(project):
    funds = project.funds.get(date="2021-06-01")
    c = client(liaison_user("forestry"))
    assert "200.00 万元" in c.get(url(project, f"funds/{funds.pk}/remove/")).content.decode()
    response = c.post(url(project, f"funds/{funds.pk}/remove/"), {"reason": "  "})
    assert response.status_code == 400 and "删除到位资金须填写原因" in response.content.decode()
    assert FundsRecord.objects.filter(pk=funds.pk).exists()
    response = c.post(url(project, f"funds/{funds.pk}/remove/"), {"reason": "重复登记"})
    assert response.status_code == 302
    assert not FundsRecord.objects.filter(pk=funds.pk).exists()
    assert ChangeRecord.objects.get(object_type="fundsrecord", object_id=funds.pk,
                                    action="delete").reason == "重复登记"
    # The removed record stays in the project's history.
    html = c.get(url(project)).content.decode()
    assert "删除到位资金 2021-06-01" in html and "重复登记" in html


def test_funds_of_another_project_are_404(project, plan2021):
    other = make_project("forestry", code="F-10", name="另一个项目")
    funds = project.funds.first()
    c = client(office_user())
    assert c.get(url(other, f"funds/{funds.pk}/edit/")).status_code == 404


def test_exited_project_shows_exit_section(plan2021):
    project = make_project("forestry", stage=Stage.EXITED, code="F-X", name="退出项目")
    html = client(office_user()).get(url(project)).content.decode()
    assert "退出原因" in html and "投资方投资有变" in html and "2021-10-01" in html


def test_history_shows_the_newest_ten_and_links_to_the_rest(project):
    for day in range(3, 13):
        make_funds(project, f"2021-07-{day:02d}", "1")
    html = client(office_user()).get(url(project)).content.decode()
    assert html.count('<span class="action">') == 10
    assert "新建到位资金 2021-07-12" in html and "新建到位资金 2021-05-01" not in html
    assert "/changes/?q=F-9" in html and "查看全部 13 条" in html


@pytest.mark.parametrize("stage", ["producing", "exited"])
def test_a_project_at_its_final_stage_offers_no_move(plan2021, stage):
    done = make_project("forestry", stage=stage, code="F-END", name="林木终态项目")
    liaison = client(liaison_user("forestry")).get(url(done)).content.decode()
    assert 'id="stage-move"' not in liaison and "确认变更阶段" not in liaison and "更正阶段" not in liaison
    office = client(office_user()).get(url(done)).content.decode()
    assert 'id="stage-move"' not in office and "确认变更阶段" not in office
    assert f'href="/projects/{done.pk}/stage/#stage">更正阶段</a>' in office  # corrections stay the office's
    correcting = client(office_user()).get(url(done, "stage/")).content.decode()
    assert 'id="stage-move"' in correcting
