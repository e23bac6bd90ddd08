"""项目 list /projects/ and its export: scope per role, filters, sorting, pages, drill-down."""
import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from zhaoshang.core.tests.users import co_unit_user, leader_user, liaison_user, office_user
from zhaoshang.projects.models import Origin, Project, Stage
from zhaoshang.stats.figures import year_figures
from zhaoshang.org.scope import Scope

from .factories import make_funds, make_project

SECRET = "机密新兴项目"  # another group's project: a forestry liaison must never see its name
LIST, EXPORT = "/projects/", "/projects/export.xlsx"


def client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def projects(plan2021):
    """Five projects over three groups, covering every filter."""
    a = make_project("forestry", code="F-1", name="林木加工甲", total_investment="12000",
                     industrial=True, investor="广东林业集团")
    make_funds(a, "2020-11-01", "100")
    make_funds(a, "2021-05-01", "300")
    make_funds(a, "2021-06-01", "50.50")
    make_project("forestry", stage=Stage.LEAD, code="F-2", name="林木线索乙")
    make_project("emerging", stage=Stage.STARTED, code="E-1", name=SECRET, emerging=True,
                 sanqi=True, total_investment="3000", origin=Origin.FOREIGN)
    make_project("logistics", code="L-1", name="区内物流丙", origin=Origin.IN_REGION,
                 total_investment="800", signed_on=datetime.date(2020, 7, 1), location="鹿寨镇")
    make_project("logistics", stage=Stage.NEGOTIATING, code="L-2", name="物流在谈丁")
    return {p.code: p for p in Project.objects.all()}


def codes(response):
    return [p.code for p, _ in response.context["rows"]]


# --- who sees what ----------------------------------------------------------------------------

def test_office_sees_every_project_and_may_create(projects):
    response = client(office_user()).get(LIST)
    assert response.status_code == 200
    assert sorted(codes(response)) == sorted(projects)
    html = response.content.decode()
    assert SECRET in html and "新建项目" in html and "导出Excel" in html
    assert "共 <strong>5</strong> 个项目" in html


def test_leader_sees_every_project_without_create_button(projects):
    response = client(leader_user()).get(LIST)
    assert sorted(codes(response)) == sorted(projects)
    assert "新建项目" not in response.content.decode()


def test_liaison_sees_only_own_group(projects):
    response = client(liaison_user("forestry")).get(LIST)
    assert codes(response) == ["F-1", "F-2"]
    html = response.content.decode()
    assert SECRET not in html and "E-1" not in html
    # The group filter offers the own group only: no other group's name on the page.
    assert "林木加工产业招商组" in html
    assert "战略性新兴产业招商组" not in html and "商贸物流产业招商组" not in html
    assert "新建项目" in html


def test_liaison_cannot_filter_into_another_group(projects):
    response = client(liaison_user("forestry")).get(LIST, {"group": "emerging"})
    assert response.status_code == 400
    assert SECRET not in response.content.decode()


def test_co_unit_sees_own_group_read_only(projects):
    response = client(co_unit_user("logistics")).get(LIST)
    assert codes(response) == ["L-1", "L-2"]
    assert "新建项目" not in response.content.decode()


def test_anonymous_is_sent_to_sign_in(projects):
    response = Client().get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- columns ----------------------------------------------------------------------------------

def test_funds_columns_for_the_plan_year_and_in_total(projects):
    response = client(office_user()).get(LIST, {"q": "F-1"})
    project = response.context["rows"][0][0]
    assert project.year_funds == Decimal("350.50") and project.total_funds == Decimal("450.50")
    html = response.content.decode()
    assert "2021年到位资金（万元）" in html
    assert "12,000.00" in html and "350.50" in html and "450.50" in html


# --- filters ----------------------------------------------------------------------------------

# One test per table of cases: the fixture (plan and projects) is built once for all of them.
FILTER_CASES = [
    ({"group": "logistics"}, ["L-1", "L-2"]),
    ({"stage": ["lead", "negotiating"]}, ["F-2", "L-2"]),
    ({"stage": "started"}, ["E-1"]),
    ({"origin": "foreign"}, ["E-1"]),
    ({"origin": "in_region"}, ["L-1"]),
    ({"industrial": "true"}, ["F-1"]),
    ({"emerging": "true"}, ["E-1"]),
    ({"sanqi": "true"}, ["E-1"]),
    ({"sanqi": "false", "group": "emerging"}, []),
    ({"signed_year": "2020"}, ["L-1"]),
    ({"investment_min": "2000"}, ["E-1", "F-1"]),
    ({"investment_min": "900", "investment_max": "5000"}, ["E-1"]),
    ({"q": "广东林业"}, ["F-1"]),
    ({"q": "鹿寨镇"}, ["L-1"]),
    ({"q": "线索"}, ["F-2"]),
]


def test_each_filter(projects):
    office = client(office_user())
    for params, expected in FILTER_CASES:
        response = office.get(LIST, params)
        assert response.status_code == 200, params
        assert sorted(codes(response)) == expected, params


def test_the_yes_no_filters_show_what_they_filter(projects):
    """The bar shows 是/否 exactly when the filter applies it (a value it ignores shows 全部)."""
    office = client(office_user())
    response = office.get(LIST, {"industrial": "true"})
    assert codes(response) == ["F-1"]
    assert ("industrial", "工业项目", "true") in response.context["filters"]["flags"]
    assert response.context["filters"]["active"]
    response = office.get(LIST, {"industrial": "maybe"})
    assert len(codes(response)) == len(projects)  # not filtered…
    assert ("industrial", "工业项目", "") in response.context["filters"]["flags"]  # …nor shown
    assert not response.context["filters"]["active"]
    board = office.get("/projects/board/", {"emerging": "false"})
    assert ("emerging", "新兴产业", "false") in board.context["boolean_filters"]
    board = office.get("/projects/board/", {"emerging": "maybe"})
    assert ("emerging", "新兴产业", "") in board.context["boolean_filters"]


BAD_PARAMETERS = [
    ({"signed_year": "abc"}, "签约年度"),
    ({"group": "nope"}, "产业招商组"),
    ({"ordering": "secret"}, "排序"),
    ({"figure": "nonsense", "year": "2021"}, "未知的统计指标"),
    ({"figure": "signed_projects", "year": "1999"}, "没有 1999 年的年度计划"),
    ({"figure": "signed_projects", "year": "2021", "as_of": "2021-13-01"}, "截止日期"),
    ({"year": "21"}, "年度"),
]


def test_bad_parameters_are_a_400_in_chinese(projects):
    office = client(office_user())
    for params, message in BAD_PARAMETERS:
        response = office.get(LIST, params)
        assert response.status_code == 400, params
        assert message in response.content.decode(), params


def test_ordering_by_total_investment_both_ways(projects):
    office = client(office_user())
    down = codes(office.get(LIST, {"ordering": "-total_investment", "stage": ["signed", "started"]}))
    assert down == ["F-1", "E-1", "L-1"]
    up = codes(office.get(LIST, {"ordering": "total_investment", "stage": ["signed", "started"]}))
    assert up == ["L-1", "E-1", "F-1"]
    html = office.get(LIST, {"ordering": "-total_investment"}).content.decode()
    assert 'aria-sort="descending"' in html and "ordering=total_investment" in html


def test_fifty_per_page_with_page_links(plan2021):
    for number in range(53):
        make_project("forestry", stage=Stage.LEAD, code=f"P-{number:03d}", name=f"项目{number}")
    office = client(office_user())
    first = office.get(LIST)
    assert len(codes(first)) == 50 and codes(first)[0] == "P-000"
    html = first.content.decode()
    assert "共 <strong>53</strong> 个项目" in html and "?page=2" in html
    second = office.get(LIST, {"page": "2"})
    assert codes(second) == ["P-050", "P-051", "P-052"]


# --- export -----------------------------------------------------------------------------------

def exported_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def test_export_is_exactly_the_filtered_sorted_view(projects):
    office = client(office_user())
    params = {"ordering": "-total_investment", "stage": ["signed", "started"]}
    listed = codes(office.get(LIST, params))
    rows = exported_rows(office.get(EXPORT, params))
    title, note, header, *data = rows
    assert title[0] == "招商项目列表"
    assert "项目阶段：签约、开工" in note[0] and "共 3 个项目" in note[0]
    assert header[:3] == ("项目编号", "项目名称", "产业招商组")
    assert [row[0] for row in data] == listed
    first = data[0]
    assert first[1] == "林木加工甲" and first[2] == "林木加工产业招商组" and first[6] == "签约"
    assert first[5] == 12000 and first[7] == datetime.datetime(2021, 3, 1)
    assert first[8] == 350.5 and first[9] == 450.5


def test_export_respects_scope(projects):
    rows = exported_rows(client(liaison_user("forestry")).get(EXPORT))
    assert [row[0] for row in rows[3:]] == ["F-1", "F-2"]


def test_export_all_pages(plan2021):
    for number in range(60):
        make_project("forestry", stage=Stage.LEAD, code=f"P-{number:03d}", name=f"项目{number}")
    rows = exported_rows(client(office_user()).get(EXPORT, {"page": "2"}))
    assert len(rows) == 3 + 60


# --- dashboard drill-down ---------------------------------------------------------------------

def test_drill_down_signed_projects_equals_the_figure(projects):
    make_project("forestry", code="F-X", name="退出项目", stage=Stage.EXITED)
    make_project("forestry", code="F-S", name="小项目", total_investment="100")
    office = client(office_user())
    params = {"figure": "signed_projects", "year": "2021", "as_of": "2021-12-31"}
    response = office.get(LIST, params)
    figures = year_figures(2021, datetime.date(2021, 12, 31), scope=Scope.everything())
    assert response.context["page"].paginator.count == figures["county"]["signed_projects"] == 2
    assert sorted(codes(response)) == ["E-1", "F-1"]
    html = response.content.decode()
    assert "统计口径：2021年新签约项目（截至2021年12月31日）" in html and "清除统计口径" in html
    forestry = next(g for g in figures["groups"] if g["code"] == "forestry")
    grouped = office.get(LIST, {**params, "group": "forestry"})
    assert grouped.context["page"].paginator.count == forestry["signed_projects"] == 1


def test_drill_down_keeps_the_users_scope(projects):
    params = {"figure": "signed_projects", "year": "2021"}
    response = client(liaison_user("forestry")).get(LIST, params)
    assert codes(response) == ["F-1"]


def test_drill_down_export_has_the_same_rows(projects):
    params = {"figure": "signed_projects", "year": "2021", "as_of": "2021-06-30"}
    office = client(office_user())
    rows = exported_rows(office.get(EXPORT, params))
    assert "统计口径：2021年新签约项目" in rows[1][0]
    assert sorted(row[0] for row in rows[3:]) == sorted(codes(office.get(LIST, params)))
