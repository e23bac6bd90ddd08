"""Lockout on every sign-in path (SPEC §16): 5 failures lock a name, 20 an address, 15 minutes."""
import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import RequestFactory

from zhaoshang.core.tests.users import make_user
from zhaoshang.core.client import client_address

from .conftest import GOOD, admin_user, sign_in, token_for

LOCKED = "登录失败次数过多，已暂停登录 15 分钟"
WRONG = "用户名或密码不正确，请重新输入（注意区分大小写）。"
LOCKED_TEXT = LOCKED + "，请稍后再试。忘记密码请联系领导小组办公室重置。"


@pytest.fixture
def lin(db):
    return make_user("leader", username="lin", password=GOOD)


@pytest.fixture
def wang(db):
    return make_user("leader", username="wang", password=GOOD)


def fail(client, username, times, **extra):
    for _ in range(times):
        response = sign_in(client, username, "Wrong-guess-1", **extra)
    return response


def signed_in(response):
    return response.status_code == 302 and not response.url.startswith("/login/")


def test_the_sixth_attempt_is_refused_while_another_account_still_signs_in(client, lin, wang):
    assert fail(client, "lin", 4).status_code == 400
    assert fail(client, "lin", 1).status_code == 429  # the fifth failure locks
    response = sign_in(client, "lin")  # the right password, the sixth attempt
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert signed_in(sign_in(client, "wang"))


def answer(response):
    """Status and the message shown (the form's hidden CSRF value differs on every page)."""
    shown = re.findall(r'class="alert alert-error"[^>]*>([^<]+)<', response.content.decode())
    return response.status_code, shown


def test_an_unknown_user_gets_the_same_answers(client, lin):
    assert answer(fail(client, "lin", 1)) == answer(fail(client, "nobody", 1)) == (400, [WRONG])
    fail(client, "lin", 5)
    fail(client, "nobody", 5)
    assert answer(sign_in(client, "lin")) == answer(sign_in(client, "nobody")) == (429, [LOCKED_TEXT])


def test_twenty_failures_from_one_address_lock_the_address(client, lin):
    here, elsewhere = {"REMOTE_ADDR": "10.0.0.9"}, {"REMOTE_ADDR": "10.0.0.10"}
    for name in range(10):  # two guesses at each of ten names: no name is locked
        fail(client, f"user{name}", 2, **here)
    response = sign_in(client, "lin", **here)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert signed_in(sign_in(client, "lin", **elsewhere))


def test_nineteen_failures_do_not(client, lin):
    for name in range(19):
        fail(client, f"user{name}", 1)
    assert signed_in(sign_in(client, "lin"))


def test_the_lock_ends_after_15_minutes(client, lin):
    fail(client, "lin", 5)
    past = datetime.timedelta(minutes=15, seconds=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - past)
    assert signed_in(sign_in(client, "lin"))


def test_a_sign_in_forgets_the_name_s_failures(client, lin):
    fail(client, "lin", 4)
    assert signed_in(sign_in(client, "lin"))
    client.logout()
    assert fail(client, "lin", 4).status_code == 400


def test_the_limits_follow_the_settings(client, lin, settings):
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 3
    fail(client, "lin", 3)
    assert sign_in(client, "lin").status_code == 429


def test_the_api_token_is_locked_too(client, lin):
    for _ in range(5):
        assert token_for(client, "lin", "Wrong-guess-1").status_code in (400, 429)
    response = token_for(client, "lin")
    assert response.status_code == 429 and LOCKED in response.json()["detail"]


def test_the_admin_sign_in_is_locked_too(client, db):
    admin_user(username="root", password=GOOD)
    for _ in range(5):
        client.post("/admin/login/", {"username": "root", "password": "Wrong-guess-1"})
    response = client.post("/admin/login/", {"username": "root", "password": GOOD})
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_failures_at_one_door_count_at_the_others(client, lin):
    fail(client, "lin", 3)
    for _ in range(2):
        token_for(client, "lin", "Wrong-guess-1")
    assert sign_in(client, "lin").status_code == 429


# ---- the client's address -----------------------------------------------------------------

def address(**meta):
    return client_address(RequestFactory().get("/", **meta))


def test_forwarded_for_is_ignored_unless_a_proxy_is_configured(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6") == "127.0.0.1"


def test_behind_nginx_the_address_is_the_one_nginx_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    forwarded = "6.6.6.6, 10.1.2.3"  # the client sent the first, nginx appended the second
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded) == "10.1.2.3"
    assert address(REMOTE_ADDR="127.0.0.1") == "127.0.0.1"
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address") is None
