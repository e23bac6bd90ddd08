"""Telling users something: the notice in the app (the bell), an e-mail, the group robots.

    notify(users, title=..., body=..., link="/reports/...", kind="reminder", key="remind:2021-Q3:forestry")

is the one call; a `key` makes it idempotent (run twice, or from two processes at once: sent once).
"""
import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhaoshang.org.models import Membership
from zhaoshang.core.branding import PRODUCT_NAME

from .models import Notification, Webhook

logger = logging.getLogger(__name__)

# A robot that hangs must not hold up a reminder run for long.
WEBHOOK_TIMEOUT = 5


def notify(users, *, title, body="", link="", kind="", key=""):
    """Give each active user of `users` a notice; return the Notification rows created.

    `link` is a path in this site ("/reports/..."). With a non-empty `key`, users who already hold
    a notice with that key are skipped. Only the new notices are e-mailed (to users with an
    address) and posted to the robots of their groups and the county-wide ones — after the
    surrounding transaction commits, so a rolled-back change sends nothing.
    """
    # In pk order: two calls inserting the same users in opposite orders would deadlock.
    recipients = sorted({user.pk: user for user in users if user.is_active}.values(),
                        key=lambda user: user.pk)
    created = []
    with transaction.atomic():
        for user in recipients:
            # Insert and let the unique constraint (recipient, key) decide, each row in its own
            # savepoint so a duplicate undoes only itself. A SELECT-then-INSERT check would race
            # with another process, and bulk_create(ignore_conflicts=True) does not tell which
            # rows were new. A concurrent inserter of the same key waits for the first to commit
            # (PostgreSQL's unique index, SQLite's write lock), then gets IntegrityError here.
            try:
                with transaction.atomic():
                    created.append(Notification.objects.create(
                        recipient=user, title=title, body=body, link=link, kind=kind, key=key))
            except IntegrityError:
                if not key:
                    raise  # not a duplicate: without a key nothing is unique
        if created:
            # After commit: no mail about a notice that was rolled back, and no network wait
            # while holding the database's write lock. robust: a failure is logged, not raised.
            transaction.on_commit(lambda: deliver(created), robust=True)
    return created


def mark_read(user, ids=None):
    """Mark `user`'s unread notices read — those with a pk in `ids`, or all; return how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def unread_count(user):
    """How many of `user`'s notices are unread (0 for an anonymous visitor); one COUNT query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def deliver(notices):
    """E-mail each new notice and post them to the robots (the notices of one notify call)."""
    for notice in notices:
        send_notice_mail(notice)
    post_to_webhooks(notices)


def display_name(user):
    return user.get_full_name() or user.username


def absolute_url(path):
    """The address to open `path` from outside the site, when SITE_URL is configured."""
    return settings.SITE_URL.rstrip("/") + path if settings.SITE_URL and path else ""


def send_notice_mail(notice):
    address = notice.recipient.email
    if not address:
        return
    url = absolute_url(reverse("notices:open", args=[notice.pk]))  # opening marks it read
    lines = [f"{display_name(notice.recipient)}：", "", notice.title]
    if notice.body:
        lines += ["", notice.body]
    lines += ["", f"查看：{url}" if url else "请登录系统查看。", "", f"——{PRODUCT_NAME}（{settings.REGION_NAME}）"]
    try:
        send_mail(f"【{PRODUCT_NAME}】{notice.title}", "\n".join(lines), None, [address])
    except Exception:  # a mail server down or refusing: the notice stays in the app
        logger.warning("notice %s: e-mail to %s failed", notice.pk, address, exc_info=True)


def post_to_webhooks(notices):
    """One post per active robot: the county-wide ones get every recipient, a group's its members."""
    recipients = {notice.recipient_id: notice.recipient for notice in notices}
    members = {}
    for user_id, group_id in (Membership.objects.filter(user_id__in=recipients, group__isnull=False)
                              .values_list("user_id", "group_id")):
        members.setdefault(group_id, set()).add(user_id)
    hooks = Webhook.objects.filter(active=True).filter(Q(group__isnull=True) | Q(group_id__in=members))
    first = notices[0]  # one notify call: the same title, body and link for everyone
    for hook in hooks:
        names = [display_name(user) for user_id, user in recipients.items()
                 if hook.group_id is None or user_id in members[hook.group_id]]
        post_webhook(hook, webhook_text(hook, first, names))


def webhook_text(hook, notice, names):
    lines = [f"{hook.keyword} {notice.title}" if hook.keyword else notice.title]
    if notice.body:
        lines.append(notice.body)
    lines.append("接收人：" + "、".join(names))
    url = absolute_url(notice.link)
    if url:
        lines.append(url)
    return "\n".join(lines)


def webhook_payload(content):
    """企业微信 and 钉钉 robots take the same JSON "text" message."""
    return {"msgtype": "text", "text": {"content": content}}


def signed_url(hook, timestamp_ms=None):
    """The robot's address; a 钉钉 robot secured by 加签 also gets `timestamp` and `sign`:
    base64(HMAC-SHA256(secret, "timestamp\nsecret")), which it checks within an hour."""
    if hook.kind != Webhook.Kind.DINGTALK or not hook.secret:
        return hook.url
    timestamp = str(timestamp_ms if timestamp_ms is not None else round(time.time() * 1000))
    digest = hmac.new(hook.secret.encode(), f"{timestamp}\n{hook.secret}".encode(), hashlib.sha256).digest()
    query = urllib.parse.urlencode({"timestamp": timestamp, "sign": base64.b64encode(digest).decode()})
    return f"{hook.url}{'&' if '?' in hook.url else '?'}{query}"


def post_webhook(hook, content):
    """POST the message; record the outcome on the row. Never raises: the notice is already kept."""
    request = urllib.request.Request(
        signed_url(hook), data=json.dumps(webhook_payload(content), ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    error = ""
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            answer = json.loads(response.read() or b"{}")
        # Both robots answer HTTP 200 with {"errcode": 0, "errmsg": "ok"}, or a non-zero errcode.
        if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
            error = f"机器人返回错误 {answer.get('errcode')}：{answer.get('errmsg', '')}"
    except urllib.error.HTTPError as exc:
        error = f"HTTP {exc.code} {exc.reason}"
    except Exception as exc:  # unreachable, refused, slow, not JSON...: recorded, not raised
        reason = getattr(exc, "reason", exc)  # URLError wraps the socket's error
        error = f"{WEBHOOK_TIMEOUT} 秒内无响应" if isinstance(reason, TimeoutError) else f"发送失败：{reason}"
    if error:
        logger.warning("webhook %s (%s): %s", hook.pk, hook.name, error)
    Webhook.objects.filter(pk=hook.pk).update(last_sent_at=timezone.now(), last_error=error)
