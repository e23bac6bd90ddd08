"""API tokens: hashed at rest, expiring, revoked with the password, listed and revoked by their
owner (SPEC §16); `POST /api/token/` keeps its shape."""
import datetime
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone
from knox.models import AuthToken

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import make_user, office_user
from zhaoshang.identity import tokens
from zhaoshang.identity.models import PasswordHistory
from zhaoshang.org import services

from .conftest import GOOD, NEW, token_for


@pytest.fixture
def lin(db):
    return make_user("leader", username="lin", password=GOOD)


@pytest.fixture
def token(client, lin):
    response = token_for(client, "lin")
    assert response.status_code == 200
    return response.json()["token"]


def works(client, token):
    return client.get("/api/notices/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def days_left(token_row):
    return round((token_row.expiry - timezone.now()) / datetime.timedelta(days=1))


def test_the_answer_keeps_its_shape(client, lin):
    response = token_for(client, "lin")
    assert list(response.json()) == ["token"] and works(client, response.json()["token"])


def test_wrong_credentials_keep_drf_s_answer(client, lin):
    response = token_for(client, "lin", "Wrong-guess-1")
    assert response.status_code == 400 and "无法使用提供的认证信息登录" in response.json()["non_field_errors"][0]


def test_only_a_hash_is_stored(token):
    row = AuthToken.objects.get()
    assert row.digest != token and len(row.digest) == 128
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM knox_authtoken")
        assert token not in repr(cursor.fetchall())


def test_a_token_expires_after_30_days(token):
    assert days_left(AuthToken.objects.get()) == 30


def test_the_lifetime_follows_the_setting(client, lin, settings):
    settings.TOKEN_TTL_DAYS = 7
    token_for(client, "lin")
    assert days_left(AuthToken.objects.get()) == 7


def test_no_token_outlives_the_password_s_90_days(client, lin):
    PasswordHistory.objects.create(user=lin, password=lin.password,
                                   at=timezone.now() - datetime.timedelta(days=80))
    token_for(client, "lin")
    assert days_left(AuthToken.objects.get()) == 10


def test_an_expired_token_is_refused(client, token):
    later = timezone.now() + datetime.timedelta(days=31)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get("/api/notices/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401 and response.json()["detail"] == "认证令牌无效。"


def test_a_password_change_revokes_the_tokens(client, lin, token):
    services.change_password(lin, NEW)
    assert not works(client, token)


def test_an_office_reset_revokes_them(client, lin, token):
    services.reset_password(lin, NEW, actor=office_user())
    assert not works(client, token)


def test_deactivation_revokes_them(client, lin, token):
    services.set_active(lin, False, actor=office_user())
    assert not AuthToken.objects.exists()


def test_a_script_asking_every_run_keeps_at_most_the_limit(client, lin, settings):
    settings.TOKEN_LIMIT_PER_USER = 2
    issued = [token_for(client, "lin").json()["token"] for _ in range(3)]
    assert AuthToken.objects.count() == 2
    assert not works(client, issued[0]) and works(client, issued[2])


# ---- one's own tokens over the API ------------------------------------------------------------

def test_a_user_lists_their_own_tokens(client, lin, token):
    token_for(client, "lin")
    make_user("leader", username="wang", password=GOOD)
    token_for(client, "wang")
    rows = client.get("/api/tokens/", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert len(rows) == 2 and [row["current"] for row in rows] == [False, True]
    assert rows[1]["key"] == token[:8] and set(rows[1]) == {"key", "created", "expiry", "current"}


def test_a_user_revokes_one_of_their_tokens(client, lin, token):
    other = token_for(client, "lin").json()["token"]
    response = client.delete(f"/api/tokens/{other[:8]}/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 204
    assert not works(client, other) and works(client, token)
    record = ChangeRecord.objects.get(object_id=lin.pk)
    assert record.reason == f"撤销接口令牌 {other[:8]}…" and record.via == "api"


def test_another_user_s_token_is_not_found(client, lin, token):
    make_user("leader", username="wang", password=GOOD)
    theirs = token_for(client, "wang").json()["token"]
    response = client.delete(f"/api/tokens/{theirs[:8]}/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 404 and works(client, theirs)


def test_without_credentials_the_list_is_refused(client, db):
    assert client.get("/api/tokens/").status_code == 401


# ---- the 接口令牌 page ------------------------------------------------------------------------

@pytest.fixture
def page_user(client, lin):
    client.force_login(lin)
    return lin


def test_the_page_issues_a_token_and_shows_it_once(client, page_user):
    response = client.post("/tokens/")
    token = response.context["issued"]["token"]
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert works(client, token)
    assert token not in client.get("/tokens/").content.decode()
    assert f"{token[:8]}…" in client.get("/tokens/").content.decode()


def test_the_page_revokes_a_token(client, page_user):
    token = client.post("/tokens/").context["issued"]["token"]
    response = client.post(f"/tokens/{token[:8]}/revoke/")
    assert response.status_code == 302 and not works(client, token)


def test_the_page_does_not_revoke_another_user_s_token(client, page_user):
    make_user("leader", username="wang", password=GOOD)
    theirs = token_for(client, "wang").json()["token"]
    assert client.post(f"/tokens/{theirs[:8]}/revoke/").status_code == 404
    assert works(client, theirs)


def test_revoking_is_a_post(client, page_user):
    token = client.post("/tokens/").context["issued"]["token"]
    assert client.get(f"/tokens/{token[:8]}/revoke/").status_code == 405


def test_the_page_needs_a_sign_in(client, db):
    response = client.get("/tokens/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_the_user_menu_links_the_page(client, page_user):
    assert 'href="/tokens/"' in client.get("/notices/").content.decode()


def test_tokens_module_names_tokens_by_their_first_characters(lin):
    row, text = AuthToken.objects.create(lin)
    assert tokens.key_of(row) == text[:8] and tokens.find(lin, text[:8]) == row
    assert tokens.find(lin, text[:7]) is None
