"""三企入桂 四率 page: the figures are four_rates', per batch, group and county, within scope."""
import datetime

import pytest

from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        make_user, office_user, outsider_user)
from zhaoshang.org.scope import Scope
from zhaoshang.projects.models import Stage
from zhaoshang.projects.tests.factories import make_funds, make_project
from zhaoshang.stats.sanqi import RATES, four_rates

AS_OF = datetime.date(2021, 9, 30)
BATCH = "2021年第一批集中签约"


@pytest.fixture
def cohort(plan2021):
    make_project("forestry", Stage.PRODUCING, code="F1", name="林木投产项目", sanqi=True, sanqi_batch=BATCH,
                 total_investment="20000")
    started = make_project("forestry", Stage.STARTED, code="F2", name="林木开工项目", sanqi=True,
                           sanqi_batch=BATCH, total_investment="10000")
    make_funds(started, "2021-05-01", "3000")
    make_funds(started, "2021-10-15", "1000")                   # after the as-of date
    make_project("forestry", Stage.EXITED, code="F3", name="林木退出项目", sanqi=True, sanqi_batch=BATCH,
                 exited_on=datetime.date(2021, 8, 1))
    make_project("emerging", Stage.SIGNED, code="E1", name="新兴签约项目", sanqi=True, sanqi_batch=BATCH,
                 total_investment="5000")
    make_project("emerging", Stage.SIGNED, code="E2", name="新兴无批次项目", sanqi=True,
                 signed_on=datetime.date(2020, 11, 1))
    make_project("emerging", Stage.SIGNED, code="E3", name="新兴十月签约项目", sanqi=True,
                 sanqi_batch=BATCH, signed_on=datetime.date(2021, 10, 8))  # after the as-of date
    make_project("forestry", Stage.SIGNED, code="F9", name="普通项目")


def page(client, user, as_of=AS_OF):
    client.force_login(user)
    response = client.get("/sanqi/", {"as_of": as_of.isoformat()})
    assert response.status_code == 200
    return response


def cell_values(cell):
    return {k: cell[k] for k in ("signed", "exited", "started", "producing", "contracted", "funds", *RATES)}


def check_against_four_rates(response, user):
    expected = four_rates(AS_OF, scope=Scope.of(user))
    batches = response.context["batches"]
    assert [b["name"] for b in batches] == sorted(expected)
    for batch in batches:
        cells = expected[batch["name"]]
        assert cell_values(batch["total"]) == cell_values(cells[None])
        assert {row["group"].pk: cell_values(row) for row in batch["rows"]} == \
            {key: cell_values(cell) for key, cell in cells.items() if key is not None}
        # The projects listed are those behind the rates, and add up to them.
        projects = batch["projects"]
        assert sorted(p.pk for p in projects) == sorted(cells[None]["project_ids"])
        stages = [p.stage_then for p in projects]
        assert sum(s != Stage.EXITED for s in stages) == cells[None]["signed"] - cells[None]["exited"]
        assert sum(s in (Stage.STARTED, Stage.PRODUCING) for s in stages) == cells[None]["started"]
        assert stages.count(Stage.PRODUCING) == cells[None]["producing"]
        assert sum(p.funds_to_date for p in projects) == cells[None]["funds"]
    return batches


def test_anonymous_is_sent_to_sign_in(client, cohort):
    assert client.get("/sanqi/").status_code == 302


@pytest.mark.parametrize("make", [office_user, leader_user])
def test_county_sees_every_group_and_the_county(client, cohort, make):
    user = make()
    response = page(client, user)
    batches = check_against_four_rates(response, user)
    assert [b["name"] for b in batches] == ["2020年签约", BATCH]
    batch = batches[1]
    # By hand: F1 producing, F2 started, F3 exited, E1 signed (E3 signed after 09-30).
    assert (batch["total"]["signed"], batch["total"]["exited"], batch["total"]["started"],
            batch["total"]["producing"]) == (4, 1, 2, 1)
    html = response.content.decode()
    assert "75.00%" in html and "50.00%" in html and "25.00%" in html   # 3/4, 2/4, 1/4
    assert "林木投产项目" in html and "新兴签约项目" in html and "新兴十月签约项目" not in html
    assert "普通项目" not in html and "全县" in html


@pytest.mark.parametrize("make", [liaison_user, commander_user, co_unit_user])
def test_group_member_sees_own_group_only(client, cohort, make):
    user = make("forestry")
    response = page(client, user)
    batches = check_against_four_rates(response, user)
    assert [b["name"] for b in batches] == [BATCH]
    assert [row["group"].code for row in batches[0]["rows"]] == ["forestry"]
    html = response.content.decode()
    assert "林木开工项目" in html and "新兴" not in html and "战略性新兴产业招商组" not in html


def test_outsider_sees_no_row_of_another_group(client, cohort):
    user = outsider_user("forestry")          # a liaison of 战略性新兴产业招商组
    html = page(client, user).content.decode()
    assert "林木" not in html and "林木加工产业招商组" not in html and "新兴签约项目" in html


def test_funds_rate_by_hand(client, cohort):
    batch = page(client, office_user()).context["batches"][1]
    # 3 000 万元 arrived by 09-30 on a contracted 20 000 + 10 000 + 1 000 (F3) + 5 000 = 36 000.
    assert str(batch["total"]["funds"]) == "3000.00" and str(batch["total"]["contracted"]) == "36000.00"
    assert batch["total"]["funds_rate"] * 36000 == 3000


def test_user_without_a_group_sees_the_notice(client, cohort):
    client.force_login(make_user())
    response = client.get("/sanqi/")
    assert response.status_code == 200 and "林木" not in response.content.decode()


def test_no_cohort_yet(client, cohort):
    response = page(client, office_user(), datetime.date(2019, 1, 1))
    assert response.context["batches"] == [] and "没有三企入桂项目" in response.content.decode()


@pytest.mark.parametrize("text", ["2021-02-30", "30/09/2021", "1899-12-31"])
def test_bad_as_of(client, cohort, text):
    client.force_login(office_user())
    response = client.get("/sanqi/", {"as_of": text})
    assert response.status_code == 400 and "截止日期" in response.content.decode()


def test_opens_on_the_dashboard_s_default_date(client, cohort):
    client.force_login(office_user())
    sanqi = client.get("/sanqi/").context["as_of"]
    assert sanqi == client.get("/").context["as_of"] == datetime.date(2021, 12, 31)  # 2021 is over
