"""Idle sessions end; a password that must be changed is changed first (SPEC §16)."""
from django.contrib.auth import SESSION_KEY
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from rest_framework.views import APIView

from . import passwords

TOUCHED = "identity.touched"
TOUCH_EVERY = 60  # seconds: the idle timeout is exact to the minute; a session saved once a minute


def touch(session):
    """Mark the session used now; saved, its expiry moves SESSION_COOKIE_AGE on."""
    session[TOUCHED] = int(timezone.now().timestamp())


class IdleTimeout:
    """A session lives SESSION_COOKIE_AGE (SESSION_IDLE_MINUTES) past its last save; saving it
    when the user is active moves that on, so only an idle session expires."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        idle = timezone.now().timestamp() - session.get(TOUCHED, 0) if SESSION_KEY in session else 0
        if idle >= TOUCH_EVERY:
            touch(session)
        return self.get_response(request)


# What a user who must change the password may still open.
ALLOWED = {"accounts:password", "accounts:password_done", "accounts:logout", "admin:logout"}


class PasswordChangeRequired:
    """Pages send the user to 修改密码; the API answers 403 until the password is changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        reason = passwords.pending_reason(request.session)
        if not reason or request.resolver_match.view_name in ALLOWED:
            return None
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            return JsonResponse({"detail": passwords.api_refusal(reason)}, status=403)
        if not getattr(view_func, "login_required", True):  # the sign-in page, the icon
            return None
        return redirect("accounts:password")
