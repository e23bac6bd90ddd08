"""API tokens (django-rest-knox): only a hash is stored, each expires, and they are revoked with
the password (passwords.PasswordHistoryValidator) and on deactivation (org.services.set_active).

`POST /api/token/` and the 接口令牌 page issue them; the token itself is shown once.
"""
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken

from zhaoshang.core.audit import record
from zhaoshang.core.models import ChangeRecord

from . import passwords, signins
from .models import SignInRecord

SHOWN = 8  # characters of a token that name it in lists (knox keeps the first 15 in clear)


@transaction.atomic
def issue(user, request):
    """A new token for `user` (recorded as a sign-in record): (AuthToken, the token text).

    It expires after TOKEN_TTL_DAYS, or when the password must be changed if that comes first,
    so no token outlives the password it was issued under. Beyond TOKEN_LIMIT_PER_USER live
    tokens the oldest are dropped: a script asking for a token on every run must not pile them up.
    """
    ttl = datetime.timedelta(days=settings.TOKEN_TTL_DAYS)
    due = passwords.due_at(user)
    if due is not None:
        ttl = min(ttl, due - timezone.now())
    instance, token = AuthToken.objects.create(user, expiry=ttl)
    surplus = live(user).values_list("digest", flat=True)[settings.TOKEN_LIMIT_PER_USER:]
    AuthToken.objects.filter(digest__in=list(surplus)).delete()
    signins.record(request, user.get_username(), SignInRecord.Outcome.TOKEN)
    return instance, token


def live(user):
    """`user`'s tokens that still work, newest first."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


def key_of(token):
    """The part of a token that names it in lists and URLs (not enough to use it)."""
    return token.token_key[:SHOWN]


def find(user, key):
    """`user`'s live token named `key`, or None."""
    if len(key) != SHOWN:
        return None
    return live(user).filter(token_key__startswith=key).first()


def revoke_all(user):
    AuthToken.objects.filter(user=user).delete()


@transaction.atomic
def revoke(token, *, actor, via):
    """The user revokes one of their tokens; the change log says which (by its first characters)."""
    key = key_of(token)
    token.delete()
    record(actor, ChangeRecord.Action.UPDATE, user=actor, via=via, reason=f"撤销接口令牌 {key}…")
