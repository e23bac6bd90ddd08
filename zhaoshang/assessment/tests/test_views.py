"""The assessment pages for each role: the office edits, a leader only reads, a group's member
sees their own group's card and rank only, an outsider gets 404; the Excel export."""
import io

import pytest
from openpyxl import load_workbook

from zhaoshang.assessment.models import ManualScore, Scheme
from zhaoshang.assessment.services import scheme_for
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        office_user, outsider_user)
from zhaoshang.projects.tests.factories import group_of

from .helpers import build_year

pytestmark = pytest.mark.django_db
PERIOD = {"year": "2021", "as_of": "2021-12-31"}
NAMES = ["林木加工产业招商组", "战略性新兴产业招商组", "电镀产业招商组", "汽车产业招商组", "商贸物流产业招商组",
         "农业产业招商组", "基础设施及房地产产业招商组", "文旅产业与教育卫生招商组"]


@pytest.fixture
def year(plan2021):
    build_year()


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, {**PERIOD, **params})


def scores_post(**overrides):
    data = {"coordination_points": "8.5", "coordination_note": "两个重点项目协调滞后",
            "planning_points": "10", "planning_note": "", "other_points": "", "other_note": ""}
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_sign_in(client, year):
    assert client.get("/assessment/").status_code == 302


@pytest.mark.parametrize("make_user", [office_user, leader_user])
def test_county_users_see_the_whole_ranking(client, year, make_user):
    html = get(client, make_user(), "/assessment/").content.decode()
    assert all(name in html for name in NAMES)
    assert "62.56" not in html and "44.06" in html and "56.00" in html  # no scores entered yet
    assert "/assessment/export/?year=2021&amp;as_of=2021-12-31" in html


@pytest.mark.parametrize("make_user", [liaison_user, commander_user, co_unit_user])
def test_a_group_member_sees_own_card_and_rank_only(client, year, make_user):
    user = make_user("forestry")
    html = get(client, user, "/assessment/").content.decode()
    assert "林木加工产业招商组" in html and "44.06" in html
    assert 'class="rank rank-2">2<' in html  # 2nd of the county's 8 groups
    assert not any(name in html for name in NAMES[1:])
    assert "56.00" not in html  # 商贸物流's total
    assert get(client, user, "/assessment/groups/forestry/").status_code == 200
    assert get(client, user, "/assessment/groups/logistics/").status_code == 404


def test_outsider_gets_404_on_another_groups_scorecard(client, year):
    outsider = outsider_user("forestry")
    assert get(client, outsider, "/assessment/groups/forestry/").status_code == 404
    client.force_login(outsider)
    response = client.post("/assessment/groups/forestry/scores/?year=2021&as_of=2021-12-31", scores_post())
    assert response.status_code == 404
    assert not ManualScore.objects.exists()
    html = get(client, outsider, "/assessment/").content.decode()
    assert "林木加工产业招商组" not in html


def test_the_scorecard_shows_every_line_with_inputs_formula_and_reasons(client, year):
    html = get(client, leader_user(), "/assessment/groups/forestry/").content.decode()
    for text in ("30 × min(12.00 ÷ 16.00, 1) = 22.50", "12 × min(8 ÷ 7, 1) = 12.00",
                 "10 × 4 ÷ 6 = 6.67", "5–6月（无外出考察）", "第一季度季报（逾期 3 天）",
                 "未报送季报：第二季度季报", "未评分", "第 2 名", "44.06"):
        assert text in html, text
    assert 'name="coordination_points"' not in html  # the leader only reads


def test_office_scores_inline(client, year):
    office = office_user()
    client.force_login(office)
    url = "/assessment/groups/forestry/scores/?year=2021&as_of=2021-12-31"
    response = client.post(url, scores_post())
    assert response.status_code == 302
    assert response["Location"] == "/assessment/groups/forestry/?year=2021&as_of=2021-12-31"
    html = client.get(response["Location"]).content.decode()
    assert "62.56" in html and "两个重点项目协调滞后" in html and "第 1 名" in html
    scores = {s.line: s.points for s in ManualScore.objects.filter(group=group_of("forestry"))}
    assert scores == {"coordination": 8.5, "planning": 10}
    assert ChangeRecord.objects.filter(object_type="manualscore", user=office).count() == 2


def test_a_score_below_full_marks_needs_a_note(client, year):
    client.force_login(office_user())
    url = "/assessment/groups/forestry/scores/?year=2021&as_of=2021-12-31"
    response = client.post(url, scores_post(coordination_note="  ", other_points="12"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "「重点项目协调服务」低于满分（10.00 分），请填写评分说明" in html
    assert "「其他工作」得分应在 0 至 10.00 分之间，收到 12" in html
    assert not ManualScore.objects.exists()


@pytest.mark.parametrize("make_user", [leader_user, lambda: commander_user("forestry")])
def test_readers_may_not_score(client, year, make_user):
    client.force_login(make_user())
    response = client.post("/assessment/groups/forestry/scores/?year=2021", scores_post())
    assert response.status_code == 403
    assert not ManualScore.objects.exists()


def scheme_post(**overrides):
    data = {"funds_weight": "25", "signed_weight": "17", "industrial_weight": "10",
            "major_industrial_weight": "8", "trips_weight": "10", "coordination_weight": "10",
            "planning_weight": "10", "other_weight": "10", "bonus_step_percent": "10",
            "bonus_per_step": "1", "bonus_cap": "5", "early_bonus": "2", "early_by": "2021-11-30",
            "late_deduction": "1", "missing_deduction": "2", "reason": "领导小组会议研究调整"}
    data.update(overrides)
    return data


def test_office_edits_the_scheme_and_the_ranking_follows(client, year):
    office = office_user()
    client.force_login(office)
    html = client.get("/assessment/scheme/2021/").content.decode()
    assert 'name="funds_weight" value="30.00"' in html
    response = client.post("/assessment/scheme/2021/", scheme_post())
    assert response.status_code == 302
    scheme = Scheme.objects.get(year=2021)
    assert (scheme.funds_weight, scheme.signed_weight) == (25, 17)
    change = ChangeRecord.objects.get(object_type="scheme")
    assert change.before == {"funds_weight": "30.00", "signed_weight": "12.00"}
    assert change.after == {"funds_weight": "25.00", "signed_weight": "17.00"}
    assert change.reason == "领导小组会议研究调整" and change.user == office
    html = get(client, office, "/assessment/groups/forestry/").content.decode()
    assert "25 × min(12.00 ÷ 16.00, 1) = 18.75" in html


def test_scheme_errors_beside_the_fields_nothing_saved(client, year):
    client.force_login(office_user())
    response = client.post("/assessment/scheme/2021/", scheme_post(signed_weight="12", funds_weight="abc",
                                                                   early_by="2022-11-30"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "「区外境内到位资金」「abc」不是数字" in html
    assert "「提前完成截止日」应在 2021 年内，收到 2022-11-30" in html
    response = client.post("/assessment/scheme/2021/", scheme_post(signed_weight="12"))
    assert "八项基本分合计应为 100 分，现为 95.00 分" in response.content.decode()
    assert scheme_for(2021).funds_weight == 30
    assert not ChangeRecord.objects.filter(object_type="scheme").exists()


@pytest.mark.parametrize("make_user", [leader_user, lambda: liaison_user("forestry")])
def test_others_read_the_scheme_but_may_not_change_it(client, year, make_user):
    user = make_user()
    html = get(client, user, "/assessment/scheme/2021/").content.decode()
    assert "区外境内到位资金" in html and 'name="funds_weight"' not in html
    client.force_login(user)
    assert client.post("/assessment/scheme/2021/", scheme_post()).status_code == 403
    assert scheme_for(2021).funds_weight == 30


def test_bad_parameters_and_unknown_years(client, year):
    office = office_user()
    assert get(client, office, "/assessment/", as_of="2021-02-30").status_code == 400
    assert "不在 2021 年内" in get(client, office, "/assessment/", as_of="2022-01-05").content.decode()
    assert get(client, office, "/assessment/", year="2020", as_of="").status_code == 400
    assert get(client, office, "/assessment/scheme/2020/").status_code == 404
    assert get(client, office, "/assessment/groups/nope/").status_code == 404


def export(client, user):
    response = get(client, user, "/assessment/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def test_export_has_the_ranking_and_a_sheet_per_group(client, year):
    workbook = export(client, office_user())
    assert workbook.sheetnames == [  # the ranking, then the groups in ranking order
        "排名", "商贸物流产业招商组", "林木加工产业招商组", "文旅产业与教育卫生招商组", "农业产业招商组",
        "基础设施及房地产产业招商组", "电镀产业招商组", "汽车产业招商组", "战略性新兴产业招商组"]
    ranking = workbook["排名"]
    assert ranking["A1"].value == "鹿寨县2021年产业招商组绩效考评排名"
    assert [ranking.cell(3, c).value.split("\n")[0] for c in range(1, 14)] == [
        "名次", "产业招商组", "到位资金", "签约", "工业", "亿元工业", "外出考察", "协调服务", "策划包装",
        "其他工作", "加分", "减分", "总分"]
    assert ranking.cell(3, 3).value == "到位资金\n（30分）"
    assert [ranking.cell(r, 1).value for r in range(4, 12)] == [1, 2, 3, 3, 5, 6, 7, 7]
    assert ranking.cell(5, 2).value == "林木加工产业招商组" and float(ranking.cell(5, 13).value) == 44.06
    assert ranking.page_setup.orientation == "landscape"
    sheet = workbook["林木加工产业招商组"]
    assert sheet.cell(4, 1).value == "区外境内到位资金" and sheet.cell(4, 4).value == "30 × min(12.00 ÷ 16.00, 1) = 22.50"
    assert float(sheet.cell(4, 5).value) == 22.5
    assert sheet.cell(14, 1).value == "总分" and float(sheet.cell(14, 5).value) == 44.06


def test_a_group_member_exports_own_group_only(client, year):
    workbook = export(client, liaison_user("forestry"))
    assert workbook.sheetnames == ["排名", "林木加工产业招商组"]
    assert workbook["排名"].cell(4, 1).value == 2 and workbook["排名"].cell(5, 2).value is None


def test_reading_the_assessment_writes_nothing(client, year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office = office_user()
    client.force_login(office)
    with CaptureQueriesContext(connection) as queries:
        for url in ("/assessment/", "/assessment/scheme/2021/", "/api/assessment/scheme/2021/",
                    "/api/assessment/?year=2021"):
            assert client.get(url).status_code == 200, url
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
              and "django_session" not in q["sql"]]
    assert writes == [] and not Scheme.objects.exists()
