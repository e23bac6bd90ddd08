"""A password someone else set, an old one and one below today's rules are changed first (SPEC §16)."""
import datetime
import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhaoshang.core.tests.users import make_user, office_user
from zhaoshang.identity import passwords
from zhaoshang.identity.models import PasswordHistory

from .conftest import GOOD, NEW, sign_in, token_for

CHANGE = "/password/"
SOME_PAGE = "/notices/"


@pytest.fixture
def office(client, db):
    user = office_user(username="bangongshi")
    client.force_login(user)
    return user


def created_by_office(client):
    response = client.post("/people/new/", {"username": "zhangsan", "full_name": "张三", "email": "",
                                            "role": "leader", "password": GOOD})
    assert response.status_code == 302
    client.logout()


def changes_first(client):
    """The signed-in user is sent to 修改密码 by every page."""
    response = client.get(SOME_PAGE)
    return response.status_code == 302 and response.url == CHANGE


def test_a_user_the_office_created_changes_the_password_at_first_sign_in(client, office):
    created_by_office(client)
    assert sign_in(client, "zhangsan").status_code == 302
    assert changes_first(client)
    assert "您的密码是由办公室设置的" in client.get(CHANGE).content.decode()


def test_the_api_answers_403_in_chinese_until_the_password_is_changed(client, office):
    created_by_office(client)
    sign_in(client, "zhangsan")
    response = client.get("/api/notices/")
    assert response.status_code == 403
    assert "请先在网页上登录并修改密码" in response.json()["detail"]


def test_after_the_change_every_page_opens(client, office):
    created_by_office(client)
    sign_in(client, "zhangsan")
    response = client.post(CHANGE, {"old_password": GOOD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert client.get(SOME_PAGE).status_code == 200
    assert client.get("/api/notices/").status_code == 200


def test_a_user_who_must_change_may_still_sign_out(client, office):
    created_by_office(client)
    sign_in(client, "zhangsan")
    assert client.post("/logout/").status_code == 302
    assert client.get(SOME_PAGE).url.startswith("/login/")


def test_a_password_the_office_reset_is_changed_at_the_next_sign_in(client, office):
    user = make_user("leader", username="lisi", password="Old-pass-2020")
    response = client.post(f"/people/{user.pk}/password/", {"password": GOOD, "password2": GOOD})
    assert response.status_code == 302
    client.logout()
    sign_in(client, "lisi")
    assert changes_first(client)


def test_adduser_is_a_person_setting_their_own_password(client, db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD + "\n"))
    call_command("adduser", "lisi", "--role", "leader", "--password-stdin", stdout=io.StringIO())
    sign_in(client, "lisi")
    assert client.get(SOME_PAGE).status_code == 200


def test_adduser_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("luzhai21\n"))
    with pytest.raises(CommandError, match="密码太短，至少需要 10 个字符"):
        call_command("adduser", "lisi", "--role", "leader", "--password-stdin")


def aged(user, days):
    PasswordHistory.objects.create(user=user, password=user.password,
                                   at=timezone.now() - datetime.timedelta(days=days))


def test_a_password_older_than_90_days_is_changed_at_sign_in(client, db):
    aged(make_user("leader", username="lisi", password=GOOD), 91)
    sign_in(client, "lisi")
    assert changes_first(client)
    assert "已使用超过 90 天" in client.get(CHANGE).content.decode()


def test_a_password_of_89_days_is_not(client, db):
    aged(make_user("leader", username="lisi", password=GOOD), 89)
    sign_in(client, "lisi")
    assert client.get(SOME_PAGE).status_code == 200


def test_the_maximum_age_follows_the_setting(client, db, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0  # never
    aged(make_user("leader", username="lisi", password=GOOD), 400)
    sign_in(client, "lisi")
    assert client.get(SOME_PAGE).status_code == 200


def test_a_session_whose_password_comes_due_is_sent_to_change_it(client, db):
    make_user("leader", username="lisi", password=GOOD)
    sign_in(client, "lisi")
    session = client.session
    session[passwords.SESSION_DUE] = time.time() - 1
    session.save()
    assert changes_first(client)


def test_a_password_below_today_s_rules_is_changed_at_sign_in(client, db):
    make_user("leader", username="lisi", password="luzhai2021")  # set before the rules
    sign_in(client, "lisi", "luzhai2021")
    assert changes_first(client)
    assert "不符合现行的密码规则" in client.get(CHANGE).content.decode()


def test_no_token_for_a_password_that_must_be_changed_first(client, office):
    created_by_office(client)
    response = token_for(client, "zhangsan")
    assert response.status_code == 403
    assert "请先在网页上登录并修改密码" in response.json()["detail"]
