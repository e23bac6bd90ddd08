"""/api/periods/ and /api/submissions/: who may submit, return, accept and lock, who only reads,
and the outsider (404, never listed); every write through reports.services."""
import pytest

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        office_user, outsider_user)
from zhaoshang.projects.services import save_project
from zhaoshang.projects.tests.factories import group_of, make_funds, make_project
from zhaoshang.reports import services
from zhaoshang.reports.models import ReportPeriod, Submission

from .test_cycle_services import at, quarter
from zhaoshang.core.tests.users import api_client as client

SECRET = "机密项目乙"


@pytest.fixture
def forestry(plan2021):
    group = group_of("forestry")
    project = make_project(group, code="F1", name="林板一体化项目", total_investment="20000")
    make_funds(project, "2021-08-02", "1234.5")
    return group


@pytest.fixture
def theirs(forestry):
    """An emerging report: a liaison of forestry must never see it."""
    emerging = group_of("emerging")
    make_project(emerging, code="E-SECRET", name=SECRET)
    return services.submit(quarter(2021, 1), emerging, liaison_user(emerging), now=at("2021-03-10 09:00:00"))


def submissions(user, **params):
    return client(user).get("/api/submissions/", params)


# --- periods -----------------------------------------------------------------------------------

def test_periods_open_for_a_plan_year_and_everyone_reads_them(forestry):
    response = client(liaison_user("forestry")).get("/api/periods/", {"year": 2021, "kind": "quarter"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["number"], r["name"], r["due"]) for r in rows] == [
        (1, "第一季度季报", "2021-03-19"), (2, "第二季度季报", "2021-06-18"),
        (3, "第三季度季报", "2021-09-18"), (4, "第四季度季报", "2021-12-20")]
    assert client(office_user()).get("/api/periods/", {"year": 2021}).json()["count"] == 16
    assert client().get("/api/periods/").status_code == 401


def test_only_the_office_locks_a_period(forestry):
    q1 = quarter(2021, 1)
    url = f"/api/periods/{q1.pk}/lock/"
    for reader in (leader_user(), liaison_user("forestry")):
        assert client(reader).post(url, {"locked": True}, format="json").status_code == 403
    office = office_user()
    assert client(office).post(url, {"locked": "maybe"}, format="json").status_code == 400
    assert not ReportPeriod.objects.get(pk=q1.pk).locked
    response = client(office).post(url, {"locked": True}, format="json")
    assert response.status_code == 200 and response.json()["locked"] is True
    record = ChangeRecord.objects.get(object_type="reportperiod", action="update")
    assert record.after == {"locked": True} and record.via == "api" and record.user == office


# --- reading submissions -----------------------------------------------------------------------

def test_lists_follow_the_scope(forestry, theirs):
    mine = services.submit(quarter(2021, 2), forestry, liaison_user(forestry), now=at("2021-06-01 09:00:00"))
    body = submissions(office_user(), year=2021).json()
    assert body["count"] == 2
    response = submissions(liaison_user("forestry"))
    assert [r["id"] for r in response.json()["results"]] == [mine.pk]
    assert SECRET not in response.content.decode() and "战略性新兴" not in response.content.decode()
    row = response.json()["results"][0]
    assert row["group"] == "forestry" and row["period_name"] == "第二季度季报" and row["version"] == 1
    assert row["on_time"] is True and row["days_late"] == 0 and row["xlsx_url"].endswith(
        f"/submissions/{mine.pk}/xlsx/")
    assert "rows" not in row  # the frozen data is in the detail only
    # Another group's code is an invalid choice, like a typo: nothing leaks.
    assert submissions(liaison_user("forestry"), group="emerging").status_code == 400
    assert submissions(office_user(), group="emerging").json()["count"] == 1


def test_detail_has_the_frozen_data_and_outsiders_get_404(forestry, theirs):
    mine = services.submit(quarter(2021, 3), forestry, liaison_user(forestry), now=at("2021-09-10 09:00:00"))
    save_project({"name": "改名后的项目"}, project=forestry.projects.get(), via="test")
    for reader in (leader_user(), co_unit_user("forestry")):
        body = client(reader).get(f"/api/submissions/{mine.pk}/").json()
        assert [r["name"] for r in body["rows"]] == ["林板一体化项目"]  # frozen: later edits do not count
        assert body["figures"]["group"]["funds_in_place"] == "1234.50" and body["as_of"] == "2021-09-10"
    response = client(outsider_user("emerging")).get(f"/api/submissions/{theirs.pk}/")
    assert response.status_code == 404 and SECRET not in response.content.decode()


# --- submitting --------------------------------------------------------------------------------

def test_the_liaison_submits_through_the_service(forestry):
    liaison = liaison_user(forestry)
    q1 = quarter(2021, 1)
    response = client(liaison).post("/api/submissions/", {"period": q1.pk, "group": "forestry"},
                                    format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["version"] == 1 and body["status"] == "submitted" and body["on_time"] is False
    assert body["as_of"] == "2021-03-31" and body["submitted_by"] == liaison.username
    assert [r["code"] for r in body["rows"]] == ["F1"]
    record = ChangeRecord.objects.get(object_type="submission")
    assert record.via == "api" and record.user == liaison and record.group_id == forestry.pk

    again = client(liaison).post("/api/submissions/", {"period": q1.pk, "group": "forestry"}, format="json")
    assert again.status_code == 400 and "办公室退回后才能重新报送" in again.json()["non_field_errors"][0]
    assert Submission.objects.count() == 1
    assert ChangeRecord.objects.filter(object_type="submission").count() == 1


@pytest.mark.parametrize("make_user", [leader_user, lambda: commander_user("forestry"),
                                       lambda: co_unit_user("forestry")])
def test_readers_may_not_submit(forestry, make_user):
    response = client(make_user()).post("/api/submissions/", {"period": quarter(2021, 1).pk,
                                                              "group": "forestry"}, format="json")
    assert response.status_code == 403 and "联络员" in response.json()["detail"]
    assert not Submission.objects.exists()


def test_an_outsider_cannot_name_another_group(forestry):
    response = client(outsider_user("forestry")).post(
        "/api/submissions/", {"period": quarter(2021, 1).pk, "group": "forestry"}, format="json")
    assert response.status_code == 400 and response.json() == {"group": ["产业招商组不存在"]}
    response = client(liaison_user(forestry)).post(
        "/api/submissions/", {"period": 99999, "group": "forestry"}, format="json")
    assert response.json() == {"period": ["报送期不存在"]}
    assert not Submission.objects.exists()


# --- returning and accepting -------------------------------------------------------------------

@pytest.fixture
def submitted(forestry):
    return services.submit(quarter(2021, 2), forestry, liaison_user(forestry), now=at("2021-06-01 09:00:00"))


def test_the_office_returns_with_a_comment(submitted):
    office = office_user()
    url = f"/api/submissions/{submitted.pk}/return/"
    response = client(office).post(url, {"comment": " "}, format="json")
    assert response.status_code == 400 and response.json() == {"comment": ["请填写退回意见，说明需要更正的内容"]}
    assert Submission.objects.get().status == "submitted" and not ChangeRecord.objects.filter(
        object_type="submission", action="update").exists()
    response = client(office).post(url, {"comment": "请补充项目进展"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert response.json()["return_comment"] == "请补充项目进展"
    record = ChangeRecord.objects.get(object_type="submission", action="update")
    assert record.reason == "请补充项目进展" and record.via == "api"


def test_the_office_accepts(submitted):
    response = client(office_user()).post(f"/api/submissions/{submitted.pk}/accept/")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert ChangeRecord.objects.get(object_type="submission", action="update").after["status"] == "accepted"
    again = client(office_user()).post(f"/api/submissions/{submitted.pk}/accept/")
    assert again.status_code == 400 and "不能确认" in again.json()["non_field_errors"][0]


@pytest.mark.parametrize("make_user", [leader_user, lambda: liaison_user("forestry")])
def test_readers_may_not_return_or_accept(submitted, make_user):
    api = client(make_user())
    url = f"/api/submissions/{submitted.pk}"
    assert api.post(f"{url}/return/", {"comment": "x"}, format="json").status_code == 403
    assert api.post(f"{url}/accept/").status_code == 403
    assert Submission.objects.get().status == "submitted"


def test_outsiders_get_404_on_writes(submitted):
    api = client(outsider_user("forestry"))
    url = f"/api/submissions/{submitted.pk}"
    assert api.post(f"{url}/return/", {"comment": "x"}, format="json").status_code == 404
    assert api.post(f"{url}/accept/").status_code == 404


# --- the board ---------------------------------------------------------------------------------

def test_the_board_for_the_office_and_a_group(forestry, theirs):
    services.submit(quarter(2021, 1), forestry, liaison_user(forestry), now=at("2021-03-22 09:00:00"))
    body = client(office_user()).get("/api/submissions/board/", {"year": 2021}).json()
    assert body["year"] == 2021 and body["kind"] == "quarter" and len(body["groups"]) == 8
    q1 = body["periods"][0]
    cells = {cell["group"]: cell for cell in q1["cells"]}
    assert cells["forestry"]["status"] == "late" and cells["forestry"]["label"] == "逾期 3 天"
    assert cells["emerging"]["status"] == "on_time" and cells["logistics"]["status"] == "missing"
    assert body["counts"]["late"] == 1 and body["counts"]["on_time"] == 1

    response = client(liaison_user("forestry")).get("/api/submissions/board/", {"kind": "month"})
    body = response.json()
    assert [g["code"] for g in body["groups"]] == ["forestry"] and len(body["periods"]) == 12
    assert all(len(p["cells"]) == 1 for p in body["periods"])
    assert "战略性新兴" not in response.content.decode()


def test_board_bad_parameters(forestry):
    office = client(office_user())
    assert office.get("/api/submissions/board/", {"kind": "week"}).json() == {
        "kind": ["报表类别「week」无效，应为 quarter（季报）或 month（月报）"]}
    assert office.get("/api/submissions/board/", {"year": 1999}).status_code == 404
    assert office.get("/api/submissions/board/", {"year": "二〇二一"}).status_code == 400
