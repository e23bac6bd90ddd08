"""The sign-in audit, `zhaoshang signins`, the admin's read-only page and export, retention and
`purge_audit` (SPEC §16)."""
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from zhaoshang.core.audit import record
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import make_user
from zhaoshang.identity.checks import audit_retention
from zhaoshang.identity.models import SignInRecord

from .conftest import GOOD, admin_user, sign_in, token_for

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Windows NT 10.0) Chrome/120", "REMOTE_ADDR": "10.0.0.7"}


@pytest.fixture
def lin(db):
    return make_user("leader", username="lin", password=GOOD)


def outcomes():
    return list(SignInRecord.objects.order_by("id").values_list("username", "outcome"))


def test_a_sign_in_is_recorded_with_address_browser_and_time(client, lin):
    sign_in(client, "lin", **BROWSER)
    entry = SignInRecord.objects.get()
    assert (entry.username, entry.outcome, entry.address) == ("lin", "success", "10.0.0.7")
    assert entry.path == "/login/"
    assert entry.user_agent == BROWSER["HTTP_USER_AGENT"]
    assert abs(entry.at - timezone.now()) < datetime.timedelta(seconds=10)


def test_a_failure_names_the_name_typed(client, db):
    sign_in(client, "nobody", "Wrong-guess-1")
    assert outcomes() == [("nobody", "failure")]


def test_the_locking_failure_and_the_refused_attempts_are_locked(client, lin):
    for _ in range(6):
        sign_in(client, "lin", "Wrong-guess-1")
    assert [outcome for _, outcome in outcomes()] == ["failure"] * 4 + ["locked"] * 2


def test_a_sign_out_is_recorded(client, lin):
    sign_in(client, "lin")
    client.post("/logout/")
    assert outcomes() == [("lin", "success"), ("lin", "signout")]


def test_a_token_issue_is_recorded_after_its_sign_in(client, lin):
    token_for(client, "lin", **BROWSER)
    assert outcomes() == [("lin", "success"), ("lin", "token")]
    assert {e.path for e in SignInRecord.objects.all()} == {"/api/token/"}


def test_a_token_from_the_page_is_recorded(client, lin):
    client.force_login(lin)
    client.post("/tokens/")
    assert outcomes()[-1] == ("lin", "token")


def test_the_admin_sign_in_is_recorded(client, db):
    admin_user(username="root", password=GOOD)
    client.post("/admin/login/", {"username": "root", "password": GOOD})
    assert outcomes() == [("root", "success")]


# ---- zhaoshang signins ----------------------------------------------------------------------

def at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def log(db):
    for day, name, outcome in [(datetime.date(2021, 3, 1), "lin", "failure"),
                               (datetime.date(2021, 3, 2), "lin", "success"),
                               (datetime.date(2021, 3, 3), "wang", "token")]:
        SignInRecord.objects.create(at=at(day), username=name, address="10.0.0.7", outcome=outcome)


def signins(*args):
    out = io.StringIO()
    call_command("signins", *args, stdout=out)
    return out.getvalue()


def test_signins_json_has_exactly_the_documented_shape(log):
    rows = json.loads(signins("--json"))
    assert rows[0] == {"username": "lin", "address": "10.0.0.7", "at": "2021-03-01T09:00:00+08:00",
                       "outcome": "failure"}
    assert [r["outcome"] for r in rows] == ["failure", "success", "token"]


def test_signins_since_a_day(log):
    rows = json.loads(signins("--since", "2021-03-02", "--json"))
    assert [r["at"][:10] for r in rows] == ["2021-03-02", "2021-03-03"]


def test_signins_lists_in_chinese(log):
    assert "2021-03-01 09:00:00  登录失败  lin  10.0.0.7" in signins()


def test_signins_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="--since「2021-13-01」不是有效日期"):
        signins("--since", "2021-13-01")


# ---- the admin's page and export --------------------------------------------------------------

@pytest.fixture
def admin_client(client, db):
    client.force_login(admin_user(username="root"))
    return client


def test_the_admin_page_is_read_only(admin_client, log):
    entry = SignInRecord.objects.first()
    page = admin_client.get("/admin/identity/signinrecord/")
    assert page.status_code == 200 and "wang" in page.content.decode()
    assert admin_client.get("/admin/identity/signinrecord/add/").status_code == 403
    assert admin_client.post(f"/admin/identity/signinrecord/{entry.pk}/delete/").status_code == 403
    admin_client.post(f"/admin/identity/signinrecord/{entry.pk}/change/", {"username": "x"})
    assert SignInRecord.objects.filter(username="x").count() == 0


def exported(client, url):
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def test_the_admin_exports_the_filtered_records(admin_client, log):
    rows, _ = exported(admin_client, "/admin/identity/signinrecord/export.xlsx?outcome__exact=token")
    assert rows[0][:3] == ["时间", "用户名", "结果"]
    assert rows[1:] == [[datetime.datetime(2021, 3, 3, 9), "wang", "取得令牌", "10.0.0.7", None, None]]


def test_a_browser_name_that_looks_like_a_formula_is_exported_as_text(admin_client, db):
    SignInRecord.objects.create(username="x", outcome="failure", user_agent='=HYPERLINK("http://x")')
    _, sheet = exported(admin_client, "/admin/identity/signinrecord/export.xlsx")
    assert sheet["F2"].data_type == "s" and sheet["F2"].value == '=HYPERLINK("http://x")'


def test_a_bad_filter_is_a_400(admin_client, log):
    response = admin_client.get("/admin/identity/signinrecord/export.xlsx?at__gte=nonsense")
    assert response.status_code == 400


def test_others_may_not_export(client, log):
    client.force_login(make_user("office"))
    assert client.get("/admin/identity/signinrecord/export.xlsx").status_code == 302  # admin sign-in


def test_the_admin_exports_the_change_log(admin_client):
    lin = make_user("leader", username="lin")
    record(lin, ChangeRecord.Action.UPDATE, user=lin, reason="修改密码", via="form")
    rows, _ = exported(admin_client, "/admin/core/changerecord/export.xlsx")
    assert rows[1][1:3] == ["lin", "修改"] and "修改密码" in rows[1]


# ---- retention ----------------------------------------------------------------------------------

def test_a_change_record_keeps_the_name_of_a_deleted_user(db):
    lin = make_user("leader", username="lin")
    entry = record(lin, ChangeRecord.Action.UPDATE, user=lin, reason="修改密码")
    lin.delete()
    entry.refresh_from_db()
    assert entry.user is None and entry.username == "lin"


def old_and_young(db):
    long_ago = timezone.localdate() - datetime.timedelta(days=200)
    SignInRecord.objects.create(at=at(long_ago), username="old", outcome="success")
    SignInRecord.objects.create(username="young", outcome="success")
    entry = record(make_user("leader"), ChangeRecord.Action.UPDATE, reason="旧记录")
    ChangeRecord.objects.filter(pk=entry.pk).update(at=at(long_ago))
    return long_ago


def purge(before):
    out = io.StringIO()
    call_command("purge_audit", "--before", before.isoformat(), stdout=out)
    return out.getvalue()


def test_purge_removes_records_past_the_retention_and_records_that_it_did(db):
    long_ago = old_and_young(db)
    text = purge(long_ago + datetime.timedelta(days=1))
    assert "登录记录：清理 1 条" in text and "变更记录：清理 1 条" in text
    assert list(SignInRecord.objects.values_list("username", flat=True)) == ["young"]
    reasons = set(ChangeRecord.objects.values_list("reason", flat=True))
    assert reasons == {"清理保存期已满的登录记录 1 条", "清理保存期已满的变更记录 1 条"}


def test_purge_refuses_records_younger_than_180_days(db):
    old_and_young(db)
    too_late = timezone.localdate() - datetime.timedelta(days=179)
    with pytest.raises(CommandError, match="至少保存 180 天"):
        purge(too_late)
    assert SignInRecord.objects.count() == 2 and ChangeRecord.objects.count() == 1


def test_a_retention_shorter_than_180_days_is_refused_at_start(settings):
    settings.AUDIT_RETENTION_DAYS = 90
    assert [e.id for e in audit_retention(None)] == ["identity.E001"]

