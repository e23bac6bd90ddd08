"""月报与季报 pages for each role: the board, a group's page with 报送, a submission with its
versions, return and accept, the .xlsx of each version; outsiders get 404, readers no buttons."""
import io

import openpyxl
import pytest
from django.utils import timezone

from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        make_user, office_user, outsider_user)
from zhaoshang.projects.services import save_project
from zhaoshang.projects.tests.factories import group_of, make_funds, make_project, project_values
from zhaoshang.reports import services
from zhaoshang.reports.models import ReportPeriod, Submission

from .test_cycle_services import at, quarter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def forestry(plan2021):
    group = group_of("forestry")
    project = make_project(group, code="F1", name="林板一体化项目", total_investment="20000")
    make_funds(project, "2021-08-02", "1234.5")
    return group


def signed_in(client, user):
    client.force_login(user)
    return client


def html(response, status=200):
    assert response.status_code == status, response.status_code
    return response.content.decode()


def submit_url(group, period):
    return f"/submissions/group/{group.code}/{period.pk}/submit/"


def test_anonymous_is_sent_to_sign_in(client, forestry):
    for url in ["/submissions/", "/submissions/group/forestry/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/")


def test_board_for_the_office(client, forestry):
    office = office_user()
    services.submit(quarter(2021, 1), forestry, liaison_user(forestry), now=at("2021-03-22 09:00:00"))
    q2 = services.submit(quarter(2021, 2), forestry, liaison_user(forestry), now=at("2021-06-01 09:00:00"))
    services.return_submission(q2, office, "请更正", now=at("2021-06-02 09:00:00"))
    page = html(signed_in(client, office).get("/submissions/", {"year": "2021"}))
    assert "2021年各产业招商组季报报送情况" in page
    assert "6月2日退回，待重新报送" in page
    assert "林木加工产业招商组" in page and "战略性新兴产业招商组" in page
    assert "逾期 3 天" in page and "未报送" in page and "截止 9月18日" in page
    assert "锁定</button>" in page
    months = html(client.get("/submissions/", {"year": "2021", "kind": "month"}))
    assert "月报报送情况" in months and "12月" in months


def test_board_for_readers_and_group_members(client, forestry):
    page = html(signed_in(client, leader_user()).get("/submissions/"))
    assert "战略性新兴产业招商组" in page and "锁定</button>" not in page
    page = html(signed_in(client, liaison_user(forestry)).get("/submissions/"))
    assert "林木加工产业招商组" in page and "战略性新兴产业招商组" not in page
    page = html(signed_in(client, make_user()).get("/submissions/"))
    assert "还没有可查看的数据" in page


def test_board_bad_parameters(client, forestry):
    office = signed_in(client, office_user())
    assert "报表类别「week」无效" in html(office.get("/submissions/", {"kind": "week"}), 400)
    assert "没有 1999 年的年度计划" in html(office.get("/submissions/", {"year": "1999"}), 400)


def test_lock_is_the_office_s(client, forestry):
    q1 = quarter(2021, 1)
    response = signed_in(client, leader_user()).post(f"/submissions/period/{q1.pk}/lock/", {"locked": "1"})
    assert response.status_code == 403
    response = signed_in(client, office_user()).post(f"/submissions/period/{q1.pk}/lock/", {"locked": "1"})
    assert response.status_code == 302
    q1.refresh_from_db()
    assert q1.locked
    assert "已锁定" in html(client.get("/submissions/"))


def test_a_report_missing_in_a_locked_period_counts_no_more_days(client, forestry):
    office = office_user()
    services.set_locked(quarter(2021, 1), True, office)

    board = html(signed_in(client, office).get("/submissions/", {"year": "2021"}))
    group = html(client.get("/submissions/group/forestry/", {"year": "2021"}))

    assert board.count("已锁定，未补报") == 8  # Q1 of every group; Q2–Q4 still count their days
    assert board.count("已逾期") == 3 * 8
    assert group.count("已逾期") == 3 + 12  # Q2–Q4 and the twelve months, none locked


def test_group_page_by_role(client, forestry):
    page = html(signed_in(client, liaison_user(forestry)).get("/submissions/group/forestry/"))
    assert "林木加工产业招商组 · 2021年月报与季报" in page
    assert "2021-09-18" in page and "2021-12-20" in page and "2021-02-20" in page
    assert "data-confirm>报送</a>" in page
    for reader in [leader_user(), co_unit_user(forestry), commander_user(forestry)]:
        page = html(signed_in(client, reader).get("/submissions/group/forestry/"))
        assert "2021-09-18" in page and "data-confirm" not in page
    response = signed_in(client, outsider_user(forestry)).get("/submissions/group/forestry/")
    assert response.status_code == 404
    assert signed_in(client, office_user()).get("/submissions/group/nosuch/").status_code == 404


def test_confirmation_shows_what_will_be_frozen(client, forestry):
    q3 = quarter(2021, 3)
    liaison = signed_in(client, liaison_user(forestry))
    dialog = html(liaison.get(submit_url(forestry, q3), headers={"HX-Request": "true"}))
    assert "<html" not in dialog and "确认报送" in dialog
    assert "附件2 项目</dt><dd>1 个" in dialog and "1,234.50" in dialog
    assert "2021-09-30" in dialog  # today is past the quarter: its data stop at its last day
    assert "记为逾期" in dialog
    page = html(liaison.get(submit_url(forestry, q3)))
    assert "<html" in page and "确认报送" in page


def test_liaison_submits_and_sees_the_submission(client, forestry, monkeypatch):
    q3 = quarter(2021, 3)
    monkeypatch.setattr(timezone, "now", lambda: at("2021-09-18 23:59:59"))
    liaison = signed_in(client, liaison_user(forestry))
    response = liaison.post(submit_url(forestry, q3))
    submission = Submission.objects.get()
    assert response.status_code == 302 and response.url == f"/submissions/{submission.pk}/"
    assert submission.on_time and submission.as_of.isoformat() == "2021-09-18"
    page = html(liaison.get(response.url))
    assert "已报送2021年第三季度季报第1版" in page
    assert "林板一体化项目" in page and "按时" in page and "退回意见（必填" not in page

    again = liaison.post(submit_url(forestry, q3))
    assert "办公室退回后才能重新报送" in html(again, 400)
    assert Submission.objects.count() == 1


def test_who_may_not_submit(client, forestry):
    q3 = quarter(2021, 3)
    assert signed_in(client, outsider_user(forestry)).post(submit_url(forestry, q3)).status_code == 404
    for user in [commander_user(forestry), co_unit_user(forestry), leader_user()]:
        assert signed_in(client, user).post(submit_url(forestry, q3)).status_code == 403
        assert signed_in(client, user).get(submit_url(forestry, q3)).status_code == 403
    assert not Submission.objects.exists()


def test_submission_scope(client, forestry):
    submission = services.submit(quarter(2021, 1), forestry, liaison_user(forestry))
    url = f"/submissions/{submission.pk}/"
    for user in [leader_user(), co_unit_user(forestry)]:
        page = html(signed_in(client, user).get(url))
        assert "林板一体化项目" in page and "退回意见（必填" not in page and "确认无误" not in page
        assert signed_in(client, user).get(url + "xlsx/").status_code == 200
    other = signed_in(client, outsider_user(forestry))
    for path in ["", "xlsx/"]:
        assert other.get(url + path).status_code == 404
    assert other.post(url + "return/", {"comment": "x"}).status_code == 404
    reader = signed_in(client, leader_user())
    assert reader.post(url + "return/", {"comment": "x"}).status_code == 403
    assert reader.post(url + "accept/").status_code == 403


def workbook(response):
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def values(ws):
    return [cell.value for row in ws.iter_rows() for cell in row if cell.value is not None]


def test_return_resubmit_and_download_both_versions(client, forestry):
    q3 = quarter(2021, 3)
    liaison_client = signed_in(client, liaison := liaison_user(forestry))
    first = services.submit(q3, forestry, liaison, now=at("2021-09-17 10:00:00"))
    office = signed_in(client, office_user())
    page = html(office.get(f"/submissions/{first.pk}/"))
    assert "退回意见（必填" in page and "确认无误" in page

    empty = office.post(f"/submissions/{first.pk}/return/", {"comment": " "})
    assert "请填写退回意见" in html(empty, 400)
    response = office.post(f"/submissions/{first.pk}/return/", {"comment": "F1 总投资有误"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "returned"

    # The group corrects the project and submits again: version 2 has the new figure.
    project = forestry.projects.get(code="F1")
    save_project({**project_values("signed", code="F1", name="林板一体化项目（更正）",
                                   total_investment="25000"), "group": forestry}, project=project)
    liaison_client = signed_in(client, liaison)
    page = html(liaison_client.get("/submissions/group/forestry/"))
    assert "data-confirm>重新报送</a>" in page
    response = liaison_client.post(submit_url(forestry, q3))
    second = Submission.objects.get(version=2)
    assert response.url == f"/submissions/{second.pk}/"
    page = html(liaison_client.get(response.url))
    assert "第1版" in page and "第2版" in page and "F1 总投资有误" in page

    old, new = (workbook(liaison_client.get(f"/submissions/{s.pk}/xlsx/")) for s in (first, second))
    assert "林板一体化项目" in values(old) and 20000 in values(old)
    assert "林板一体化项目（更正）" in values(new) and 25000 in values(new)
    assert old.title == "附件2" and old["D3"].value is None
    assert old["A3"].value == "填报单位：林木加工产业招商组"
    assert "第1版" in old["K1"].value and "按时报送" in old["K1"].value
    assert "第2版" in new["K1"].value and "逾期报送" in new["K1"].value
    response = liaison_client.get(f"/submissions/{first.pk}/xlsx/")
    assert "%E7%AC%AC1%E7%89%88" in response["Content-Disposition"]  # 第1版 in the file name


def test_accept(client, forestry):
    submission = services.submit(quarter(2021, 1), forestry, liaison_user(forestry))
    office = signed_in(client, office_user())
    assert office.post(f"/submissions/{submission.pk}/accept/").status_code == 302
    submission.refresh_from_db()
    assert submission.status == "accepted"
    page = html(office.get(f"/submissions/{submission.pk}/"))
    assert "已确认第1版" in page and "重新打开（退回）" in page and "确认无误" not in page
    assert ReportPeriod.objects.filter(year=2021).count() == 16
