"""/api/projects/, /api/funds/, /api/token/ and the schema: who may, who may only read, the outsider."""
import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        office_user, outsider_user)
from zhaoshang.projects.models import FundsRecord, Project, Stage, StageChange

from .factories import group_of, make_funds, make_project
from zhaoshang.core.tests.users import api_client as client

SECRET = "机密项目乙"  # the other group's project name: must never show to an outsider


@pytest.fixture
def mine(plan2021):
    return make_project("forestry", code="F-001", name="林木项目甲")


@pytest.fixture
def theirs(plan2021):
    """A project of the group an outsider of forestry belongs to (emerging)."""
    return make_project("emerging", code="E-SECRET", name=SECRET)


def url(project=None):
    return f"/api/projects/{project.pk}/" if project else "/api/projects/"


# --- reading -------------------------------------------------------------------------------

def test_office_lists_every_group_with_ledger_fields(mine, theirs):
    make_funds(mine, "2021-05-01", "300")
    response = client(office_user()).get(url())
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    row = next(r for r in body["results"] if r["code"] == "F-001")
    assert row["group"] == "forestry" and row["stage"] == "signed" and row["name"] == "林木项目甲"
    assert row["total_investment"] == "1000.00" and row["signed_on"] == "2021-03-01"
    assert row["funds_total"] == "300.00" and row["version"] == 1
    for field in ("investor", "origin", "industrial", "emerging", "sanqi", "sanqi_batch",
                  "started_on", "producing_on", "exited_on", "exit_reason", "exit_reason_text",
                  "location", "content", "progress", "problems", "updated_at"):
        assert field in row
    assert "reason" not in row


def test_liaison_list_never_shows_another_groups_project(mine, theirs):
    response = client(liaison_user("forestry")).get(url())
    assert [r["code"] for r in response.json()["results"]] == ["F-001"]
    assert SECRET not in response.content.decode() and "E-SECRET" not in response.content.decode()


def test_outsider_gets_404_without_the_name(mine, theirs):
    response = client(outsider_user("emerging")).get(url(theirs))  # a liaison of forestry
    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    response = client(outsider_user("emerging")).patch(url(theirs), {"name": "x"}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("make_reader", [leader_user, lambda: co_unit_user("forestry")])
def test_read_only_roles_read_but_may_not_write(mine, make_reader):
    api = client(make_reader())
    assert api.get(url(mine)).json()["code"] == "F-001"
    assert api.patch(url(mine), {"name": "改名"}, format="json").status_code == 403
    response = api.post(url(), {"code": "N-1", "name": "新项目", "group": "forestry"}, format="json")
    assert response.status_code == 403
    assert Project.objects.count() == 1 and Project.objects.get().name == "林木项目甲"


def test_unauthenticated_is_refused(mine):
    anonymous = client().get(url())
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    assert client().get(url(mine)).status_code in (401, 403)


def test_group_filter_and_other_filters(mine, theirs):
    make_project("forestry", stage=Stage.LEAD, code="F-002", name="线索项目")
    office = client(office_user())
    codes = [r["code"] for r in office.get(url(), {"group": "forestry"}).json()["results"]]
    assert codes == ["F-001", "F-002"]
    codes = [r["code"] for r in office.get(url(), {"stage": "lead"}).json()["results"]]
    assert codes == ["F-002"]
    codes = [r["code"] for r in office.get(url(), {"q": "乙", "ordering": "-code"}).json()["results"]]
    assert codes == ["E-SECRET"]
    # A liaison naming another group's code learns nothing: an invalid choice, like a typo.
    response = client(liaison_user("forestry")).get(url(), {"group": "emerging"})
    assert response.status_code == 400 and SECRET not in response.content.decode()


def test_page_size_up_to_1000(plan2021):
    group = make_project("forestry", code="P-0000").group
    # Bulk rows straight into the table: only the paging is under test here.
    Project.objects.bulk_create(Project(code=f"P-{i:04d}", name="批量", group=group)
                                for i in range(1, 1001))
    office = client(office_user())
    body = office.get(url(), {"page_size": 1000}).json()
    assert body["count"] == 1001 and len(body["results"]) == 1000 and body["next"]
    assert len(office.get(url(), {"page_size": 5000}).json()["results"]) == 1000
    assert len(office.get(url()).json()["results"]) == 50


# --- writing -------------------------------------------------------------------------------

def test_liaison_creates_in_own_group_through_the_service(plan2021):
    liaison = liaison_user("forestry")
    response = client(liaison).post(url(), {
        "code": "F-NEW", "name": "新签约项目", "group": "forestry", "stage": "signed",
        "signed_on": "2021-04-01", "investor": "某公司", "origin": "domestic_external",
        "total_investment": "12000.50", "industrial": True}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["total_investment"] == "12000.50"
    assert response.json()["version"] == 1 and response.json()["group"] == "forestry"
    record = ChangeRecord.objects.get(object_type="project")
    assert record.via == "api" and record.user == liaison and record.action == "create"


def test_the_code_is_stored_as_it_looks(plan2021):
    response = client(office_user()).post(url(), {"code": "ＦＸ\u200b－１", "name": "新项目",
                                                  "group": "forestry"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "FX-1" and Project.objects.get().code == "FX-1"


def test_text_with_a_hidden_character_is_400(plan2021):
    response = client(office_user()).post(url(), {"code": "FX-1", "name": "新\x07项目",
                                                  "group": "forestry"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": ["第2个字符是看不见的控制字符，请删除后重新填写"]}


def test_liaison_cannot_create_in_another_group(plan2021):
    api = client(liaison_user("forestry"))
    for code in ("emerging", "no-such-group"):
        response = api.post(url(), {"code": "X-1", "name": "越权", "group": code}, format="json")
        assert response.status_code == 400
        assert response.json() == {"group": ["产业招商组不存在"]}
    assert not Project.objects.exists()


def test_co_unit_elsewhere_may_not_create_there(plan2021):
    user = liaison_user("forestry")
    user.memberships.create(role="co_unit", group=group_of("emerging"))
    response = client(user).post(url(), {"code": "X-2", "name": "协办组项目", "group": "emerging"},
                                 format="json")
    assert response.status_code == 400 and "group" in response.json()
    assert not Project.objects.exists()


def test_service_errors_are_field_errors(mine):
    response = client(office_user()).post(url(), {"code": "F-001", "name": "重复", "group": "forestry"},
                                          format="json")
    assert response.status_code == 400
    assert response.json() == {"code": ["项目编号「F-001」已存在"]}


def test_patch_edits_one_field_and_records_it(mine):
    liaison = liaison_user("forestry")
    response = client(liaison).patch(url(mine), {"name": "林木项目甲（二期）", "version": 1},
                                     format="json")
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "林木项目甲（二期）" and response.json()["version"] == 2
    record = ChangeRecord.objects.filter(object_type="project", action="update").get()
    assert record.after == {"name": "林木项目甲（二期）"} and record.via == "api" and record.user == liaison


def test_put_replaces_the_fields(mine):
    response = client(commander_user("forestry")).put(url(mine), {
        "code": "F-001", "name": "全量修改", "group": "forestry", "stage": "signed",
        "signed_on": "2021-03-02", "investor": "某公司", "origin": "foreign",
        "total_investment": "800"}, format="json")
    assert response.status_code == 200, response.content
    mine.refresh_from_db()
    assert (mine.name, mine.origin, str(mine.total_investment)) == ("全量修改", "foreign", "800.00")


def test_stage_change_missing_fields_is_400_and_writes_nothing(mine):
    records, moves = ChangeRecord.objects.count(), StageChange.objects.count()
    response = client(liaison_user("forestry")).patch(url(mine), {"stage": "started"}, format="json")
    assert response.status_code == 400
    assert "started_on" in response.json()
    assert all(isinstance(m, str) for m in response.json()["started_on"])
    mine.refresh_from_db()
    assert mine.stage == Stage.SIGNED and mine.version == 1
    assert (ChangeRecord.objects.count(), StageChange.objects.count()) == (records, moves)


def test_stage_change_through_patch(mine):
    response = client(liaison_user("forestry")).patch(
        url(mine), {"stage": "started", "started_on": "2021-07-01"}, format="json")
    assert response.status_code == 200, response.content
    move = StageChange.objects.get(project=mine, to_stage="started")
    assert move.via == "api" and move.from_stage == "signed"
    assert ChangeRecord.objects.filter(object_id=mine.pk, action="stage").exists()


def test_backward_move_needs_the_office_and_a_reason(mine):
    api = client(liaison_user("forestry"))
    assert api.patch(url(mine), {"stage": "negotiating"}, format="json").status_code == 400
    office = client(office_user())
    assert "stage" in office.patch(url(mine), {"stage": "negotiating"}, format="json").json()
    response = office.patch(url(mine), {"stage": "negotiating", "reason": "录入错误"}, format="json")
    assert response.status_code == 200 and response.json()["signed_on"] is None
    assert StageChange.objects.get(project=mine, to_stage="negotiating").reason == "录入错误"


def test_stale_version_is_409(mine):
    liaison = liaison_user("forestry")
    client(office_user()).patch(url(mine), {"progress": "已完成选址"}, format="json")
    records = ChangeRecord.objects.count()
    response = client(liaison).patch(url(mine), {"name": "旧版本上的修改", "version": 1}, format="json")
    assert response.status_code == 409
    assert "已被他人修改" in response.json()["detail"]
    mine.refresh_from_db()
    assert mine.name == "林木项目甲" and mine.version == 2
    assert ChangeRecord.objects.count() == records


def test_detail_answers_carry_the_version_as_etag(mine):
    api = client(liaison_user("forestry"))
    assert api.get(url(mine))["ETag"] == '"1"'
    response = api.patch(url(mine), {"progress": "已完成选址"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response["ETag"] == '"2"'
    assert "ETag" not in api.get(url())  # a list has no single version


def test_stale_if_match_is_412_and_writes_nothing(mine):
    client(office_user()).patch(url(mine), {"progress": "已完成选址"}, format="json")
    records = ChangeRecord.objects.count()
    api = client(liaison_user("forestry"))
    for tag in ('"1"', 'W/"1"', '"1", "7"', "garbage"):
        response = api.patch(url(mine), {"name": "旧版本上的修改"}, format="json", HTTP_IF_MATCH=tag)
        assert response.status_code == 412, tag
        assert "If-Match" in response.json()["detail"]
    response = api.put(url(mine), {"code": "F-001", "name": "整条替换", "group": "forestry",
                                   "stage": "lead"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    mine.refresh_from_db()
    assert mine.name == "林木项目甲" and mine.version == 2
    assert ChangeRecord.objects.count() == records


def test_current_or_any_if_match_goes_ahead(mine):
    api = client(liaison_user("forestry"))
    for tag, name in (('"1"', "改名一"), ("*", "改名二"), ('"9", W/"3"', "改名三")):
        response = api.patch(url(mine), {"name": name}, format="json", HTTP_IF_MATCH=tag)
        assert response.status_code == 200, tag
    mine.refresh_from_db()
    assert mine.name == "改名三" and mine.version == 4


def test_liaison_cannot_move_a_project_to_another_group(mine):
    response = client(liaison_user("forestry")).patch(url(mine), {"group": "emerging"}, format="json")
    assert response.status_code == 400 and response.json() == {"group": ["产业招商组不存在"]}
    response = client(office_user()).patch(url(mine), {"group": "emerging"}, format="json")
    assert response.status_code == 200 and response.json()["group"] == "emerging"


def test_no_delete(mine):
    assert client(office_user()).delete(url(mine)).status_code == 405
    assert Project.objects.filter(pk=mine.pk).exists()


# --- funds ---------------------------------------------------------------------------------

def funds_url(funds=None):
    return f"/api/funds/{funds.pk}/" if funds else "/api/funds/"


def test_liaison_adds_edits_and_removes_funds(mine):
    api = client(liaison_user("forestry"))
    response = api.post(funds_url(), {"project": mine.pk, "date": "2021-05-01", "amount": "300.5",
                                      "note": "首笔"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount"] == "300.50" and body["project_code"] == "F-001"
    funds = FundsRecord.objects.get(pk=body["id"])
    response = api.patch(funds_url(funds), {"amount": "310", "reason": "按银行回单更正"}, format="json")
    assert response.status_code == 200 and response.json()["amount"] == "310.00"
    update = ChangeRecord.objects.get(object_type="fundsrecord", action="update")
    assert update.reason == "按银行回单更正" and update.via == "api"

    assert api.delete(funds_url(funds)).status_code == 400  # no reason
    assert api.delete(funds_url(funds), {"reason": "重复登记"}, format="json").status_code == 204
    assert ChangeRecord.objects.get(object_type="fundsrecord", action="delete").reason == "重复登记"
    assert not FundsRecord.objects.exists()


def test_funds_delete_reason_as_query_parameter(mine):
    funds = make_funds(mine, "2021-05-01", "100")
    response = client(office_user()).delete(funds_url(funds) + "?reason=录入错误")
    assert response.status_code == 204 and not FundsRecord.objects.exists()


def test_funds_missing_reason_says_why(mine):
    funds = make_funds(mine, "2021-05-01", "100")
    response = client(office_user()).delete(funds_url(funds))
    assert response.json() == {"reason": ["删除到位资金须填写原因"]}


def test_funds_service_errors(mine):
    make_funds(mine, "2021-05-01", "100")
    api = client(liaison_user("forestry"))
    response = api.post(funds_url(), {"project": mine.pk, "date": "2021-05-01", "amount": "1"},
                        format="json")
    assert response.status_code == 400 and "date" in response.json()
    response = api.post(funds_url(), {"project": mine.pk, "date": "2021-05-02", "amount": "-1"},
                        format="json")
    assert response.json() == {"amount": ["金额不能为负数"]}
    assert FundsRecord.objects.count() == 1


def test_funds_dates_that_cannot_be_true_are_400(mine):
    api = client(liaison_user("forestry"))
    today = timezone.localdate()
    response = api.post(funds_url(), {"project": mine.pk, "date": "2030-01-01", "amount": "1"},
                        format="json")
    assert response.status_code == 400
    assert response.json() == {"date": [f"到位日期（2030-01-01）晚于今天（{today}）：尚未到位的资金不能登记"]}
    funds = make_funds(mine, "2021-05-01", "100")
    response = api.patch(funds_url(funds), {"date": "1999-12-31"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"date": ["到位日期（1999-12-31）早于 2000-01-01，请核对"]}
    assert list(FundsRecord.objects.values_list("date", flat=True)) == [funds.date]


def test_funds_outsider_and_read_only(mine, theirs):
    secret = make_funds(theirs, "2021-05-01", "999")
    make_funds(mine, "2021-05-01", "100")
    outsider = client(outsider_user("emerging"))
    listing = outsider.get(funds_url())
    assert [r["project_code"] for r in listing.json()["results"]] == ["F-001"]
    assert "E-SECRET" not in listing.content.decode()
    assert outsider.get(funds_url(secret)).status_code == 404
    assert outsider.delete(funds_url(secret) + "?reason=x").status_code == 404
    response = outsider.post(funds_url(), {"project": theirs.pk, "date": "2021-06-01", "amount": "1"},
                             format="json")
    assert response.status_code == 400 and response.json() == {"project": ["项目不存在"]}

    reader = client(co_unit_user("emerging"))
    assert reader.get(funds_url(secret)).json()["amount"] == "999.00"
    assert reader.patch(funds_url(secret), {"amount": "1"}, format="json").status_code == 403
    assert reader.post(funds_url(), {"project": theirs.pk, "date": "2021-06-01", "amount": "1"},
                       format="json").status_code == 403
    assert FundsRecord.objects.get(pk=secret.pk).amount == 999


def test_funds_filters(mine, theirs):
    make_funds(mine, "2021-03-01", "1")
    make_funds(mine, "2021-06-01", "2")
    make_funds(theirs, "2021-06-01", "3")
    office = client(office_user())

    def amounts(**params):
        return sorted(r["amount"] for r in office.get(funds_url(), params).json()["results"])

    assert amounts(project=mine.pk) == ["1.00", "2.00"]
    assert amounts(group="emerging") == ["3.00"]
    assert amounts(date_after="2021-05-01", date_before="2021-06-01") == ["2.00", "3.00"]
    assert amounts(date_before="2021-03-01") == ["1.00"]


# --- token, schema -------------------------------------------------------------------------

def test_token_flow_end_to_end(mine):
    liaison_user("forestry", username="lianluo", password="Lz-forest-2021!")
    anonymous = client()
    response = anonymous.post("/api/token/", {"username": "lianluo", "password": "Lz-forest-2021!"},
                              format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anonymous.get(url()).json()["results"][0]["code"] == "F-001"
    response = anonymous.patch(url(mine), {"progress": "已开工准备"}, format="json")
    assert response.status_code == 200

    response = client().post("/api/token/", {"username": "lianluo", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "无法使用提供的认证信息登录" in response.content.decode()


def test_schema_and_docs(plan2021):
    reader = APIClient()
    reader.force_login(liaison_user("forestry"))  # a person signed in on the site
    response = reader.get("/api/schema/")
    assert response.status_code == 200 and b"/api/projects/" in response.content
    response = reader.get("/api/docs/")
    assert response.status_code == 200 and b"swagger-ui" in response.content
    assert not re.search(rb'(src|href)="(https?:)?//', response.content)  # everything served by us
    assert b'"docExpansion": "none"' in response.content  # folded: usable at once


def test_schema_is_generated_once_per_process(plan2021, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator

    from zhaoshang.core.api import schema
    monkeypatch.setattr(schema, "_schemas", {})
    calls = []
    original = SchemaGenerator.get_schema
    monkeypatch.setattr(SchemaGenerator, "get_schema",
                        lambda self, **kw: calls.append(1) or original(self, **kw))
    reader = APIClient()
    reader.force_login(liaison_user("forestry"))
    first, second = reader.get("/api/schema/"), reader.get("/api/schema/?format=json")
    assert first.status_code == second.status_code == 200 and len(calls) == 1
    assert b"/api/projects/" in second.content


def test_schema_and_docs_are_for_signed_in_users_only(db):
    assert client().get("/api/schema/").status_code == 401
    response = client().get("/api/docs/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/api/docs/")


def test_lists_take_a_fixed_number_of_queries(mine, theirs, django_assert_max_num_queries):
    for day in ("2021-05-01", "2021-06-01"):
        make_funds(mine, day, "1")
        make_funds(theirs, day, "1")
    api = client(liaison_user("forestry"))
    with django_assert_max_num_queries(3):  # memberships, count, page
        assert api.get(url()).status_code == 200
    with django_assert_max_num_queries(3):
        assert len(api.get(funds_url()).json()["results"]) == 2
