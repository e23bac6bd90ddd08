"""/api/plans/ writes: the office creates a year's draft, edits it, issues it (through
plans.annual); the leader and a liaison only read (403); every bad input is a 400 in Chinese
with nothing written; an issued plan keeps its numbers."""
from datetime import date
from decimal import Decimal

import pytest

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import leader_user, liaison_user, office_user
from zhaoshang.plans.annual import create_plan
from zhaoshang.plans.models import AnnualPlan, GroupTarget
from zhaoshang.core.tests.users import api_client as client

URL = "/api/plans/"


def counts():
    return AnnualPlan.objects.count(), GroupTarget.objects.count(), ChangeRecord.objects.count()


@pytest.fixture
def people(plan2021):
    return {"office": office_user(), "leader": leader_user(), "liaison": liaison_user("forestry")}


@pytest.fixture
def draft(plan2021):
    return create_plan(2022, copy_from=plan2021, actor=None, via="cli")


def target(year, code):
    return GroupTarget.objects.get(plan__year=year, group__code=code)


# --- creating ----------------------------------------------------------------------------------

def test_the_office_creates_a_draft_from_last_year(people):
    response = client(people["office"]).post(URL, {"year": 2022, "copy_from": 2021}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["year"] == 2022 and body["status"] == "draft" and body["issued_on"] is None
    assert body["funds_target"] == "450000.00" and body["signed_target"] == 30
    assert body["title"] == "鹿寨县2022年投资促进工作方案" and body["document"] == ""
    assert target(2022, "forestry").funds_target == Decimal("160000.00")
    assert GroupTarget.objects.filter(plan__year=2022).count() == 8
    record = ChangeRecord.objects.get(object_type="annualplan",
                                      object_id=AnnualPlan.objects.get(year=2022).pk)
    assert record.via == "api" and record.user == people["office"] and "2021" in record.reason


def test_without_copy_from_the_targets_are_zero(people):
    response = client(people["office"]).post(URL, {"year": 2022, "copy_from": None}, format="json")
    assert response.status_code == 201 and response.json()["funds_target"] == "0.00"
    assert target(2022, "forestry").funds_target == Decimal("0")


@pytest.mark.parametrize("body, errors", [
    ({"year": 2022, "copy_from": 2019}, {"copy_from": ["没有2019年度计划"]}),
    ({"year": 2021}, {"year": ["2021年度计划已存在"]}),
    ({"year": 1999}, {"year": ["年度须在 2000–2100 之间"]}),
    ({"year": "明年"}, {"year": ["请填写合法的整数值。"]}),
    ({}, {"year": ["该字段是必填项。"]}),
])
def test_bad_creations_are_400_and_nothing_written(people, body, errors):
    before = counts()
    response = client(people["office"]).post(URL, body, format="json")
    assert response.status_code == 400 and response.json() == errors
    assert counts() == before


@pytest.mark.parametrize("who", ["leader", "liaison"])
def test_only_the_office_creates(people, who):
    before = counts()
    response = client(people[who]).post(URL, {"year": 2022, "copy_from": 2021}, format="json")
    assert response.status_code == 403 and response.json()["detail"].endswith("只能查看")
    assert counts() == before


# --- reading -----------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["office", "leader", "liaison"])
def test_every_role_reads_plans_with_their_status(people, draft, who):
    plans = client(people[who]).get(URL).json()["results"]
    assert [(p["year"], p["status"], p["issued_on"]) for p in plans] == [
        (2022, "draft", None), (2021, "issued", None)]
    assert client(people[who]).get(f"{URL}2022/").json()["funds_target"] == "450000.00"


def test_a_liaison_sees_only_the_own_groups_draft_targets(people, draft):
    response = client(people["liaison"]).get("/api/targets/", {"year": 2022})
    assert [t["group"] for t in response.json()["results"]] == ["forestry"]
    assert "战略性新兴产业招商组" not in response.content.decode()


# --- editing -----------------------------------------------------------------------------------

def test_the_office_edits_a_draft_and_its_targets(people, draft):
    body = {"funds_target": "500000.00", "signed_target": 32, "emerging_share_target": "0.35",
            "document": "鹿政办发〔2022〕5号", "reason": "市下达2022年目标",
            "targets": {"forestry": {"funds_target": "180000.00", "signed_target": 8},
                        "emerging": {"major_industrial_target": 2}}}
    response = client(people["office"]).patch(f"{URL}2022/", body, format="json")
    assert response.status_code == 200, response.content
    plan = response.json()
    assert plan["funds_target"] == "500000.00" and plan["signed_target"] == 32
    assert plan["emerging_share_target"] == "0.35" and plan["document"] == "鹿政办发〔2022〕5号"
    forestry, emerging = target(2022, "forestry"), target(2022, "emerging")
    assert forestry.funds_target == Decimal("180000.00") and forestry.signed_target == 8
    assert forestry.industrial_target == 7 and emerging.major_industrial_target == 2
    assert target(2021, "forestry").funds_target == Decimal("160000.00")  # last year untouched
    records = ChangeRecord.objects.filter(via="api", action="update", reason="市下达2022年目标")
    assert records.count() == 3 and {r.user for r in records} == {people["office"]}
    assert records.get(object_type="grouptarget", group_id=forestry.group_id).after == {
        "funds_target": "180000.00", "signed_target": 8}


@pytest.mark.parametrize("body, errors", [
    ({"funds_target": "-1.00"}, {"funds_target": ["不能为负数"]}),
    ({"emerging_share_target": "1.50"},
     {"emerging_share_target": ["新兴产业项目占比须在 0 到 1 之间，例如 0.30 表示 30%"]}),
    ({"title": "  "}, {"title": ["请填写方案名称"]}),
    ({"document": "号" * 101}, {"document": ["不能超过100个字"]}),
    ({"funds_target": "十万", "signed_target": "x"},
     {"funds_target": ["请填写合法的数字。"], "signed_target": ["请填写合法的整数值。"]}),
    ({"funds_target": "1.005"}, {"funds_target": ["请确保总计不超过 2 个小数位。"]}),
    ({"targets": {"forestry": {"funds_target": "-5"}}},
     {"targets": {"forestry": {"funds_target": ["不能为负数"]}}}),
    ({"targets": {"forestry": {"funds_target": "abc"}}},
     {"targets": {"forestry": {"funds_target": ["请填写合法的数字。"]}}}),
    ({"targets": {"forestry": {"fund_target": "1"}}},
     {"targets": {"forestry": {"fund_target": [
         "未知的目标，可用：funds_target, signed_target, industrial_target, major_industrial_target"]}}}),
    ({"targets": {"nowhere": {"signed_target": 1}}},
     {"targets": {"nowhere": ["没有代码为「nowhere」的产业招商组"]}}),
    ({"targets": ["forestry"]}, None),
    ({"status": "issued"}, {"status": ["下达请用 POST /api/plans/{年度}/issue/"]}),
    ({"year": 2023, "title": "新名称"}, {"year": ["年度不能修改"]}),
])
def test_bad_edits_are_400_and_nothing_written(people, draft, body, errors):
    before = counts(), list(AnnualPlan.objects.values()), list(GroupTarget.objects.values())
    response = client(people["office"]).patch(f"{URL}2022/", body, format="json")
    assert response.status_code == 400, response.content
    if errors is not None:
        assert response.json() == errors
    assert (counts(), list(AnnualPlan.objects.values()), list(GroupTarget.objects.values())) == before


def test_several_problems_are_reported_together(people, draft):
    body = {"funds_target": "-1", "title": "", "targets": {"forestry": {"signed_target": -2}}}
    response = client(people["office"]).patch(f"{URL}2022/", body, format="json")
    assert response.json() == {"funds_target": ["不能为负数"], "title": ["请填写方案名称"],
                               "targets": {"forestry": {"signed_target": ["不能为负数"]}}}


@pytest.mark.parametrize("who", ["leader", "liaison"])
def test_only_the_office_edits(people, draft, who):
    before = counts()
    api = client(people[who])
    response = api.patch(f"{URL}2022/", {"funds_target": "1.00",
                                         "targets": {"forestry": {"signed_target": 99}}}, format="json")
    assert response.status_code == 403 and "只能查看" in response.json()["detail"]
    assert counts() == before and target(2022, "forestry").signed_target == 7


def test_an_unknown_year_is_404(people):
    api = client(people["office"])
    assert api.patch(f"{URL}2030/", {"title": "x"}, format="json").status_code == 404
    assert api.post(f"{URL}2030/issue/", {}, format="json").status_code == 404


def test_plans_are_not_deleted_or_replaced(people, draft):
    api = client(people["office"])
    assert api.delete(f"{URL}2022/").status_code == 405
    assert api.put(f"{URL}2022/", {"title": "x"}, format="json").status_code == 405
    assert AnnualPlan.objects.filter(year=2022).exists()


# --- issuing -----------------------------------------------------------------------------------

def test_the_office_issues_a_draft(people, draft):
    response = client(people["office"]).post(f"{URL}2022/issue/", {"issued_on": "2022-02-15"},
                                             format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "issued" and response.json()["issued_on"] == "2022-02-15"
    record = ChangeRecord.objects.filter(object_type="annualplan", reason="下达年度计划").get()
    assert record.via == "api" and record.user == people["office"]


def test_issuing_without_a_date_means_today(people, draft):
    response = client(people["office"]).post(f"{URL}2022/issue/", format="json")
    assert response.status_code == 200 and response.json()["issued_on"] == date.today().isoformat()


def test_bad_issues_are_400_and_nothing_written(people, plan2021):
    api = client(people["office"])
    api.post(URL, {"year": 2022}, format="json")  # targets all zero
    before = counts(), list(AnnualPlan.objects.values())
    response = api.post(f"{URL}2022/issue/", {}, format="json")
    assert response.status_code == 400 and response.json() == {
        "non_field_errors": ["请先填写全县区外境内到位资金和新签约项目数目标，再下达"]}
    assert (counts(), list(AnnualPlan.objects.values())) == before
    api.patch(f"{URL}2022/", {"funds_target": "100.00", "signed_target": 1}, format="json")
    before = counts(), list(AnnualPlan.objects.values())
    response = api.post(f"{URL}2022/issue/", {}, format="json")
    assert response.json() == {"non_field_errors": [
        "各产业招商组的目标任务都还是 0，请先分解目标，再下达"]}
    response = api.post(f"{URL}2022/issue/", {"issued_on": "2022-02-30"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["issued_on"]
    assert (counts(), list(AnnualPlan.objects.values())) == before


def test_an_issued_plan_is_not_issued_again(people, draft):
    api = client(people["office"])
    api.post(f"{URL}2022/issue/", {"issued_on": "2022-02-15"}, format="json")
    before = counts()
    response = api.post(f"{URL}2022/issue/", {"issued_on": "2022-03-01"}, format="json")
    assert response.status_code == 400 and response.json() == {
        "non_field_errors": ["2022年度计划已于2022-02-15下达"]}
    assert counts() == before and AnnualPlan.objects.get(year=2022).issued_on == date(2022, 2, 15)


@pytest.mark.parametrize("who", ["leader", "liaison"])
def test_only_the_office_issues(people, draft, who):
    response = client(people[who]).post(f"{URL}2022/issue/", {}, format="json")
    assert response.status_code == 403 and "只能查看" in response.json()["detail"]
    assert AnnualPlan.objects.get(year=2022).status == "draft"


# --- an issued plan ----------------------------------------------------------------------------

def test_an_issued_plan_refuses_numbers_but_takes_its_wording(people, plan2021):
    api = client(people["office"])
    before = counts()
    response = api.patch(f"{URL}2021/", {"funds_target": "400000.00",
                                         "targets": {"forestry": {"funds_target": "1.00"}}},
                         format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["funds_target"][0].startswith("2021年度计划已下达，不能再修改区外境内到位资金目标")
    assert errors["targets"]["forestry"]["non_field_errors"][0].endswith("各组目标只能通过目标调整变更")
    assert counts() == before and target(2021, "forestry").funds_target == Decimal("160000.00")

    response = api.patch(f"{URL}2021/", {"title": "鹿寨县2021年投资促进工作方案（修订）",
                                         "document": "鹿政办发〔2021〕18号",
                                         "funds_target": "450000.00"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "鹿寨县2021年投资促进工作方案（修订）"
    assert response.json()["document"] == "鹿政办发〔2021〕18号"
    assert response.json()["funds_target"] == "450000.00"  # unchanged numbers may be sent back
