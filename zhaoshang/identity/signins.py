"""The sign-in audit (SPEC §16): every sign-in, failure, lock, sign-out and token issue, with the
user name, address, browser and time, from Django's auth signals on every sign-in path.

A sign-in without a request (Django's test client, a shell's `authenticate`) comes from no
address and is not recorded.
"""
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from . import passwords
from zhaoshang.core.client import client_address
from .middleware import touch
from .models import SignInRecord

Outcome = SignInRecord.Outcome


def record(request, username, outcome):
    return SignInRecord.objects.create(
        username=(username or "")[:150], address=client_address(request) or "",
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:255], outcome=outcome,
        path=request.path[:100])


def signed_in(sender, request, user, **kwargs):
    if request is None:
        return
    record(request, user.get_username(), Outcome.SUCCESS)
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY) == str(user.pk):  # not a token's sign-in
        passwords.note_in_session(session, user, passwords.change_reason(user))
        touch(session)


def signed_out(sender, request, user, **kwargs):
    if request is not None and user is not None:
        record(request, user.get_username(), Outcome.SIGNOUT)


def failed(sender, credentials, request=None, **kwargs):
    """axes has counted the failure by now (its receiver was connected first, see below): a
    request it refused or that reached a limit is marked `axes_locked_out`."""
    if request is None:
        return
    locked = getattr(request, "axes_locked_out", False)
    record(request, credentials.get("username", ""), Outcome.LOCKED if locked else Outcome.FAILURE)


# axes' receivers connect when axes.signals is imported; importing it here first makes them run
# before `failed`, whatever the order of INSTALLED_APPS.
import axes.signals  # noqa: E402,F401

user_logged_in.connect(signed_in, dispatch_uid="identity.signed_in")
user_logged_out.connect(signed_out, dispatch_uid="identity.signed_out")
user_login_failed.connect(failed, dispatch_uid="identity.failed")
