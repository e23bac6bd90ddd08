"""Lockout on every sign-in path (SPEC §16), with django-axes.

axes counts failures per user name and per address (AXES_LOCKOUT_PARAMETERS) against one limit;
SPEC §16 has two: LOGIN_FAILURE_LIMIT for a name, LOGIN_ADDRESS_FAILURE_LIMIT for an address.
`LockoutHandler` is axes' database handler with that one difference. A name that belongs to no
user is counted and locked exactly like a real one, and the answer is the same.
"""
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render


LOCKED = "登录失败次数过多，已暂停登录 {minutes} 分钟，请稍后再试。忘记密码请联系领导小组办公室重置。"


def locked_text():
    return LOCKED.format(minutes=settings.LOGIN_LOCK_MINUTES)


def sign_in_note():
    """What the sign-in page tells everyone about the lockout."""
    return (f"连续输错密码 {settings.LOGIN_FAILURE_LIMIT} 次，该账号将暂停登录 "
            f"{settings.LOGIN_LOCK_MINUTES} 分钟。")


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """Failures held against the name's limit: an address past its own limit counts as a
        full name's worth, so axes' single comparison locks either way."""
        by_name, by_address = [attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
                               for attempts in self.get_user_attempts(request, credentials)]
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_name, settings.LOGIN_FAILURE_LIMIT)
        return by_name

    def reset_user_attempts(self, request, credentials=None):
        """After a sign-in forget the name's failures only: someone spraying guesses at many
        names from one address must not wipe the address's count by signing in to their own."""
        username = get_client_username(request, credentials)
        return AccessAttempt.objects.filter(username=username).delete()[0]


class LockoutBackend(AxesStandaloneBackend):
    """axes' check, on the sign-in paths; they all pass the request. An `authenticate` without
    one (Django's test client, a shell) comes from no address: nothing to count or lock."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def is_api(request):
    return request.path.startswith("/api/")


def lockout_response(request, original_response=None, credentials=None):
    """What a locked sign-in gets (429): the same for every name, known or not."""
    if is_api(request):
        return JsonResponse({"detail": locked_text()}, status=429)
    return render(request, "registration/locked.html", {"message": locked_text()}, status=429)


