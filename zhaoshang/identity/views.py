"""接口令牌: a user's own API tokens — issue one (shown once), see them, revoke one."""
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import tokens


def token_list(request):
    issued = None
    if request.method == "POST":
        instance, text = tokens.issue(request.user, request)
        issued = {"token": text, "expiry": instance.expiry}
    rows = [{"key": tokens.key_of(t), "created": t.created, "expiry": t.expiry}
            for t in tokens.live(request.user)]
    response = render(request, "identity/tokens.html", {
        "tokens": rows, "issued": issued, "ttl_days": settings.TOKEN_TTL_DAYS})
    if issued:
        response["Cache-Control"] = "no-store"  # the token is on this page only, once
    return response


@require_POST
def token_revoke(request, key):
    token = tokens.find(request.user, key)
    if token is None:
        raise Http404
    tokens.revoke(token, actor=request.user, via="form")
    messages.success(request, f"已撤销令牌 {key}…，使用它的系统或脚本将不能再调用接口")
    return redirect("accounts:tokens")
