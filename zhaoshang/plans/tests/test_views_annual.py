"""年度计划 pages: the office creates, edits and issues; a leader only reads; a group member reads
the county's targets and the own group's row only."""
from decimal import Decimal

import pytest

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import leader_user, liaison_user, office_user
from zhaoshang.plans import annual
from zhaoshang.plans.models import AnnualPlan

FORESTRY, EMERGING = "林木加工产业招商组", "战略性新兴产业招商组"


@pytest.fixture
def draft(plan2021):
    return annual.create_plan(2022, copy_from=plan2021)


def as_user(client, user):
    client.force_login(user)
    return client


def form_data(client, year):
    """What the edit form sends back untouched."""
    form = client.get(f"/plans/{year}/edit/").context["form"]
    return {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def test_the_office_sees_every_plan_and_may_act(client, draft):
    as_user(client, office_user())
    html = client.get("/plans/").content.decode()
    assert "2021年" in html and "2022年" in html and "草案" in html and "已下达" in html
    assert "新建年度计划" in html and "45.00" in html
    html = client.get("/plans/2022/").content.decode()
    assert "修改目标任务" in html and "下达</button>" in html and FORESTRY in html and EMERGING in html
    assert "各组合计" in html


def test_the_office_creates_a_plan_from_last_year(client, plan2021):
    as_user(client, office_user())
    page = client.get("/plans/new/")
    assert page.context["form"]["year"].value() == 2022
    response = client.post("/plans/new/", {"year": "2022", "copy_from": "2021"})
    assert response.status_code == 302 and response.url == "/plans/2022/edit/"
    assert AnnualPlan.objects.get(year=2022).funds_target == Decimal("450000.00")
    response = client.post("/plans/new/", {"year": "2022", "copy_from": "2021"})
    assert response.status_code == 400 and "2022年度计划已存在" in response.content.decode()


def test_the_office_edits_a_draft(client, draft):
    as_user(client, office_user())
    data = form_data(client, 2022)
    data.update({"emerging_share": "35", "forestry-funds_target": "180000", "reason": "市下达"})
    response = client.post("/plans/2022/edit/", data)
    assert response.status_code == 302 and response.url == "/plans/2022/"
    draft.refresh_from_db()
    assert draft.emerging_share_target == Decimal("0.35")
    assert draft.targets.get(group__code="forestry").funds_target == Decimal("180000.00")
    html = client.get("/plans/2022/").content.decode()
    assert "已保存2022年度计划" in html and 'class="num off"' in html  # 47 亿 ≠ the county's 45


def test_a_bad_edit_answers_400_beside_the_field(client, draft):
    as_user(client, office_user())
    data = form_data(client, 2022)
    before = ChangeRecord.objects.count()
    response = client.post("/plans/2022/edit/", {**data, "funds_target": "abc"})
    assert response.status_code == 400 and response.context["form"].errors["funds_target"]
    response = client.post("/plans/2022/edit/", {**data, "forestry-signed_target": "-3"})
    assert response.status_code == 400
    assert response.context["form"].errors["forestry-signed_target"] == ["不能为负数"]
    assert "不能为负数" in response.content.decode()  # beside the cell of the table
    assert ChangeRecord.objects.count() == before


def test_issue_then_only_the_wording_changes(client, draft):
    as_user(client, office_user())
    response = client.post("/plans/2022/issue/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AnnualPlan.Status.ISSUED
    html = client.get("/plans/2022/").content.decode()
    assert "各组目标自此只能通过目标调整变更" in html and "修改名称和文号" in html and "下达</button>" not in html
    data = form_data(client, 2022)
    data.update({"document": "鹿政办发〔2022〕8号", "funds_target": "1", "forestry-signed_target": "99"})
    assert client.post("/plans/2022/edit/", data).status_code == 302
    draft.refresh_from_db()
    assert draft.document == "鹿政办发〔2022〕8号" and draft.funds_target == Decimal("450000.00")
    assert draft.targets.get(group__code="forestry").signed_target == 7
    # A second 下达 says why not.
    html = client.post("/plans/2022/issue/", follow=True).content.decode()
    assert "2022年度计划已于" in html


def test_a_leader_reads_without_controls(client, draft):
    as_user(client, leader_user())
    html = client.get("/plans/2022/").content.decode()
    assert FORESTRY in html and EMERGING in html and "修改目标任务" not in html and "下达</button>" not in html
    assert "新建年度计划" not in client.get("/plans/").content.decode()
    for path in ["/plans/new/", "/plans/2022/edit/"]:
        assert client.get(path).status_code == 403
    assert client.post("/plans/2022/issue/").status_code == 403
    assert client.post("/plans/new/", {"year": "2023"}).status_code == 403
    assert AnnualPlan.objects.get(year=2022).status == AnnualPlan.Status.DRAFT
    assert not AnnualPlan.objects.filter(year=2023).exists()


def test_a_group_member_sees_the_county_and_the_own_row_only(client, draft):
    as_user(client, liaison_user("forestry"))
    html = client.get("/plans/2022/").content.decode()
    assert FORESTRY in html and EMERGING not in html and "各组合计" not in html
    assert "45.00" in html  # the county's targets are the plan document's, public to every role
    assert client.post("/plans/2022/edit/", {}).status_code == 403


def test_an_unknown_year_is_404(client, plan2021):
    as_user(client, office_user())
    assert client.get("/plans/2030/").status_code == 404
    assert client.get("/plans/2030/edit/").status_code == 404


def test_the_menu_has_it_for_everyone(client, plan2021):
    html = as_user(client, liaison_user("forestry")).get("/").content.decode()
    assert 'href="/plans/"' in html
