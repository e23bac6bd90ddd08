"""An idle session ends after 30 minutes; an active one goes on (SPEC §16)."""
import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from zhaoshang.core.tests.users import make_user

PAGE = "/notices/"


def minutes_later(minutes):
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def signed_in(client, db):
    client.force_login(make_user("leader"))
    return client


def test_sessions_end_after_30_idle_minutes_by_default():
    assert settings.SESSION_IDLE_MINUTES == 30 and settings.SESSION_COOKIE_AGE == 30 * 60


def test_an_idle_session_ends(signed_in):
    with minutes_later(31):
        response = signed_in.get(PAGE)
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_an_active_session_goes_on(signed_in):
    with minutes_later(20):
        assert signed_in.get(PAGE).status_code == 200
    with minutes_later(45):
        assert signed_in.get(PAGE).status_code == 200


def saves(client):
    """Whether a request saves the session (moving its expiry on)."""
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.save") as save:
        client.get(PAGE)
    return save.called


def test_a_request_within_a_minute_of_the_sign_in_does_not_save_the_session(signed_in):
    assert not saves(signed_in)


def test_a_request_a_minute_later_does(signed_in):
    with minutes_later(1):
        assert saves(signed_in)
