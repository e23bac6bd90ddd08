"""/api/assessment/ (the `assess --json` shape within the user's scope), /api/assessment/scores/
and /api/assessment/scheme/<year>/: everyone in scope reads, only the office writes, through
assessment.services."""
import json

import pytest
from django.core.management import call_command

from zhaoshang.assessment.models import ManualScore, Scheme
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import co_unit_user, leader_user, liaison_user, office_user, outsider_user
from zhaoshang.projects.tests.factories import make_funds, make_project

from .test_services import current
from zhaoshang.core.tests.users import api_client as client


@pytest.fixture
def year(plan2021):
    """Forestry 4 亿 of 16 in place; logistics its whole 3 亿 (ranked first)."""
    make_funds(make_project("forestry", total_investment="50000"), "2021-05-01", "40000")
    make_funds(make_project("logistics", total_investment="50000"), "2021-05-01", "30000")
    return 2021


def cli_json(capsys):
    call_command("assess", "--year", "2021", "--as-of", "2021-12-31", "--json")
    return json.loads(capsys.readouterr().out)


# --- the scorecards ----------------------------------------------------------------------------

@pytest.mark.parametrize("make_user", [office_user, leader_user])
def test_county_roles_get_exactly_the_cli_json(year, capsys, make_user):
    response = client(make_user()).get("/api/assessment/", {"year": 2021, "as_of": "2021-12-31"})
    assert response.status_code == 200
    assert response.json() == cli_json(capsys)
    assert len(response.json()["groups"]) == 8


@pytest.mark.parametrize("make_user", [liaison_user, co_unit_user])
def test_a_group_member_sees_only_the_own_card_with_its_county_rank(year, capsys, make_user):
    county = {row["code"]: row for row in cli_json(capsys)["groups"]}
    response = client(make_user("forestry")).get("/api/assessment/", {"as_of": "2021-12-31"})
    body = response.json()
    assert [g["code"] for g in body["groups"]] == ["forestry"]
    assert body["groups"][0] == county["forestry"]
    assert county["logistics"]["rank"] < county["forestry"]["rank"]
    assert "logistics" not in response.content.decode()
    outsider = client(outsider_user("forestry")).get("/api/assessment/", {"as_of": "2021-12-31"})
    assert "forestry" not in [g["code"] for g in outsider.json()["groups"]]


def test_assessment_bad_parameters(year):
    api = client(office_user())
    assert api.get("/api/assessment/", {"as_of": "2021-13-01"}).status_code == 400
    assert api.get("/api/assessment/", {"year": 2021, "as_of": "2020-12-31"}).json() == {
        "as_of": ["截止日期 2020-12-31 不在 2021 年内"]}
    assert api.get("/api/assessment/", {"year": 2030}).status_code == 404
    assert client().get("/api/assessment/").status_code == 401


# --- the office's scores -----------------------------------------------------------------------

SCORES = {"year": 2021, "group": "forestry",
          "coordination": {"points": "9.5", "note": "协调某项目用地稍有延误"},
          "planning": {"points": "10"}}


def test_the_office_scores_through_the_service(plan2021):
    office = office_user()
    response = client(office).put("/api/assessment/scores/", SCORES, format="json")
    assert response.status_code == 200, response.content
    assert [(r["line"], r["points"], r["group"]) for r in response.json()] == [
        ("coordination", "9.50", "forestry"), ("planning", "10.00", "forestry")]
    record = ChangeRecord.objects.filter(object_type="manualscore", action="create").first()
    assert record.via == "api" and record.user == office
    # Blank points take a score back.
    take_back = {"year": 2021, "group": "forestry", "planning": {"points": ""}}
    response = client(office).put("/api/assessment/scores/", take_back, format="json")
    assert [r["line"] for r in response.json()] == ["coordination"]


def test_bad_scores_are_400_and_nothing_written(plan2021):
    api = client(office_user())
    bad = {**SCORES, "coordination": {"points": "9.5"}, "planning": {"points": "11"}}
    response = api.put("/api/assessment/scores/", bad, format="json")
    assert response.status_code == 400
    assert response.json() == {"coordination_note": ["「重点项目协调服务」低于满分（10.00 分），请填写评分说明"],
                               "planning_points": ["「项目策划包装」得分应在 0 至 10.00 分之间，收到 11"]}
    assert api.put("/api/assessment/scores/", {"year": 2021, "group": "forestry"},
                   format="json").status_code == 400
    assert not ManualScore.objects.exists()
    assert not ChangeRecord.objects.filter(object_type="manualscore").exists()


@pytest.mark.parametrize("make_user", [leader_user, lambda: liaison_user("forestry"),
                                       lambda: outsider_user("forestry")])
def test_others_may_not_score(plan2021, make_user):
    response = client(make_user()).put("/api/assessment/scores/", SCORES, format="json")
    assert response.status_code == 403 and "只有领导小组办公室" in response.json()["detail"]
    assert not ManualScore.objects.exists()


def test_scores_are_read_within_the_scope(plan2021):
    client(office_user()).put("/api/assessment/scores/", SCORES, format="json")
    client(office_user()).put("/api/assessment/scores/", {**SCORES, "group": "emerging"}, format="json")
    assert len(client(leader_user()).get("/api/assessment/scores/", {"year": 2021}).json()) == 4
    rows = client(co_unit_user("forestry")).get("/api/assessment/scores/").json()
    assert {r["group"] for r in rows} == {"forestry"} and rows[0]["note"] == "协调某项目用地稍有延误"
    response = client(liaison_user("forestry")).get("/api/assessment/scores/", {"group": "emerging"})
    assert response.status_code == 400 and response.json() == {"group": ["产业招商组不存在"]}


# --- the scheme --------------------------------------------------------------------------------

def scheme_body(**changes):
    return {**{k: str(v) for k, v in current().items()}, **changes}


def test_everyone_reads_the_scheme_and_the_office_changes_it(plan2021):
    body = client(liaison_user("forestry")).get("/api/assessment/scheme/2021/").json()
    assert body["funds_weight"] == "30.00" and body["early_by"] == "2021-11-30"
    office = office_user()
    response = client(office).put("/api/assessment/scheme/2021/",
                                  scheme_body(funds_weight="35", other_weight="5", reason="领导小组会议研究"),
                                  format="json")
    assert response.status_code == 200, response.content
    assert response.json()["funds_weight"] == "35.00" and response.json()["updated_by"] == office.username
    record = ChangeRecord.objects.get(object_type="scheme")
    assert record.reason == "领导小组会议研究" and record.via == "api"
    assert record.after == {"funds_weight": "35.00", "other_weight": "5.00"}


def test_bad_scheme_is_400_and_nothing_written(plan2021):
    response = client(office_user()).put("/api/assessment/scheme/2021/", scheme_body(funds_weight="35"),
                                         format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [
        "八项基本分合计应为 100 分，现为 105.00 分（目标任务完成四项、产业招商、办公室评分三项）"]}
    assert not Scheme.objects.exists()  # the default stays the default, unsaved
    assert not ChangeRecord.objects.filter(object_type="scheme").exists()


@pytest.mark.parametrize("make_user", [leader_user, lambda: liaison_user("forestry")])
def test_others_may_not_change_the_scheme(plan2021, make_user):
    response = client(make_user()).put("/api/assessment/scheme/2021/", scheme_body(), format="json")
    assert response.status_code == 403
    assert client(office_user()).get("/api/assessment/scheme/2030/").status_code == 404
