"""首页 for each role: the county for the office and leaders, the own group for a member."""
import datetime
import json

import pytest
from django.urls import reverse

from zhaoshang.dashboard.context_processors import active_section, menu_for
from zhaoshang.core.tests.users import commander_user, leader_user, liaison_user, make_user, office_user
from zhaoshang.plans.annual import create_plan
from zhaoshang.plans.models import AnnualPlan
from zhaoshang.projects.models import Stage
from zhaoshang.projects.tests.factories import group_of, make_funds, make_project

AS_OF = {"year": "2021", "as_of": "2021-06-30"}
FORESTRY, EMERGING = "林木加工产业招商组", "战略性新兴产业招商组"


@pytest.fixture
def ledger(plan2021):
    emerging = make_project("emerging", code="LZ-E-01", total_investment="20000", industrial=True)
    make_funds(emerging, "2021-03-01", "60000")          # 6 亿 of 8: ahead of 序时进度 on 06-30
    forestry = make_project("forestry", code="F1", total_investment="800")
    make_funds(forestry, "2021-01-10", "1000")
    make_funds(forestry, "2021-04-01", "234.56")
    make_project("forestry", Stage.LEAD, code="F2")


def page(client, user, query=AS_OF):
    client.force_login(user)
    response = client.get("/", query)
    assert response.status_code == 200
    return response, response.content.decode()


def charts(response):
    return response.context["charts"]


def test_anonymous_is_sent_to_sign_in(client, ledger):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/login/?next=/"


def test_office_sees_the_county(client, ledger):
    response, html = page(client, office_user())
    assert "鹿寨县2021年招商引资工作进展" in html
    assert FORESTRY in html and EMERGING in html and "新兴产业项目占比" in html
    total = response.context["total"]
    assert total["funds"]["target"] == 45 and total["signed"]["target"] == 30   # the city's targets
    assert str(total["funds"]["actual"]) == "6.123456"
    data = charts(response)
    assert data["completion"]["by"] == "group" and len(data["completion"]["bars"]) == 8
    assert data["funds"]["actual"] == ["0.10", "0.10", "6.10", "6.12", "6.12", "6.12"]
    assert data["funds"]["target"] == "45.00" and data["funds"]["pace"][-1] == "45.00"
    assert data["progress"] == "49.59"
    assert {s["name"]: s["value"] for s in data["pipeline"]["stages"]}["线索"] == 1
    # A figure opens the projects behind it.
    assert "/projects/?figure=funds_in_place&amp;year=2021&amp;as_of=2021-06-30&amp;group=forestry" in html
    assert "/projects/?figure=signed_projects&amp;year=2021&amp;as_of=2021-06-30" in html
    rows = {row["code"]: row for row in response.context["rows"]}
    assert rows["forestry"]["behind_time_progress"] and not rows["emerging"]["behind_time_progress"]


def test_leader_sees_the_county_read_only(client, ledger):
    response, html = page(client, leader_user())
    assert response.context["county_scope"] is True and FORESTRY in html and EMERGING in html
    assert 'href="/import/"' not in html


def test_liaison_sees_only_the_own_group(client, ledger):
    response, html = page(client, liaison_user("forestry"))
    assert f"{FORESTRY}2021年招商引资工作进展" in html
    assert EMERGING not in html and "LZ-E-01" not in html  # a dash: no CSRF token holds one
    assert "新兴产业项目占比" not in html and "计划投资总额" not in html   # county targets only
    total = response.context["total"]
    assert total["funds"]["target"] == 16 and total["signed"]["target"] == 7   # the group's targets
    data = charts(response)
    assert data["funds"]["target"] == "16.00"
    assert data["funds"]["actual"][-1] == "0.12"
    assert data["completion"]["by"] == "target"
    assert [b["name"] for b in data["completion"]["bars"]] == ["到位资金", "新签约项目", "工业项目", "亿元工业项目"]
    assert sum(s["value"] for s in data["pipeline"]["stages"]) == 2
    embedded = html[html.index('id="dashboard-data"'):]
    assert json.loads(embedded[embedded.index(">") + 1:embedded.index("</script>")]) == data


def test_member_of_two_groups_sees_both_against_their_targets(client, ledger):
    user = commander_user("forestry")
    user.memberships.create(role="liaison", group=group_of("emerging"))
    response, html = page(client, user)
    assert response.context["total"]["funds"]["target"] == 24        # 16 + 8 亿
    assert [b["name"] for b in charts(response)["completion"]["bars"]] == [FORESTRY, EMERGING]
    assert "电镀产业招商组" not in html


def test_user_without_a_group_sees_nothing(client, ledger):
    response, html = page(client, make_user())
    assert "尚未分配到任何产业招商组" in html and FORESTRY not in html


def test_default_period_and_bad_parameters(client, ledger):
    client.force_login(office_user())
    response = client.get("/")
    assert response.context["year"] == 2021 and response.context["as_of"] == datetime.date(2021, 12, 31)
    response = client.get("/", {"year": "2021", "as_of": "2022-01-01"})
    assert response.status_code == 400 and "不在 2021 年内" in response.content.decode()


def test_without_a_plan_the_page_says_how_to_load_one(client, db):
    response, html = page(client, office_user(), {})
    assert "还没有年度计划" in html and 'href="/plans/">设置 · 年度计划</a>' in html


def test_menu_shows_import_to_the_office_only(client, ledger):
    _, html = page(client, office_user())
    assert 'href="/import/"' in html and 'href="/" class="active"' in html
    assert 'href="/bulletin/"' in html and 'href="/assessment/"' in html
    assert 'action="/logout/"' in html and 'href="/password/"' in html and "领导小组办公室" in html
    _, html = page(client, liaison_user("forestry"))
    assert 'href="/import/"' not in html and 'href="/projects/"' in html and "联络员" in html
    assert 'href="/bulletin/"' not in html and 'href="/submissions/"' in html


def test_active_menu_item_follows_the_path():
    assert active_section("/") == "home"
    assert active_section("/projects/board/") == "projects"
    assert active_section("/trips/compliance/") == "work"
    assert active_section("/bulletin/") == "reports"
    assert active_section("/projects/12/") == "projects"
    assert active_section("/reports/attachment1.xlsx") == "reports"
    assert active_section("/login/") == ""
    assert active_section("/plans/adjustments/3/") == "work"
    assert active_section("/plans/2021/") == "settings"
    assert active_section("/calendar/2021/") == "settings"


def test_the_menu_keeps_the_settings_apart_from_the_daily_work():
    menu = {section["label"]: [item["label"] for item in section["items"]]
            for section in menu_for({"all", "scope", "office", "county"}, "/")}
    assert menu["日常工作"] == ["月报与季报", "外出招商考察", "目标调整"]
    assert menu["设置"][:4] == ["年度计划", "工作日历", "人员管理", "单位与招商组"]


def test_sign_in_page_has_no_menu(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "topnav" not in html


def test_a_draft_years_targets_say_so(client, ledger):
    create_plan(2022, copy_from=AnnualPlan.objects.get(year=2021))
    _, html = page(client, liaison_user("forestry"), {"year": "2022"})
    assert "2022年度计划尚未下达，目标为草案" in html and 'href="/plans/2022/"' in html
    _, html = page(client, office_user())
    assert "尚未下达" not in html  # 2021 was issued
