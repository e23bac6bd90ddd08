"""The password policy of SPEC §16 (等保2.0 level 3) and when a password must be changed.

The rules are Django password validators (settings.AUTH_PASSWORD_VALIDATORS), each with a Chinese
message, so every path that sets a password — the pages, `adduser`, the admin, `changepassword` —
checks the same rules. A password must be changed at the sign-in after someone else (the office)
set it, once it is PASSWORD_MAX_AGE_DAYS old, and when it no longer meets the rules (set before
they were tightened); `change_reason` says which.
"""
import datetime
import re

from django.conf import settings
from django.contrib.auth import password_validation as django_rules
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import PasswordHistory

OFFICE, EXPIRED, WEAK = "office", "expired", "weak"
REASONS = {
    OFFICE: "您的密码是由办公室设置的。为保证账号安全，请先修改为只有您本人知道的新密码。",
    EXPIRED: "您的密码已使用超过 {days} 天，请修改密码后继续使用。",
    WEAK: "您的密码不符合现行的密码规则，请修改密码后继续使用。",
}


def reason_text(reason):
    return REASONS[reason].format(days=settings.PASSWORD_MAX_AGE_DAYS)


def api_refusal(reason):
    """What the API answers (403) a user who must change the password first."""
    return f"请先在网页上登录并修改密码，再使用接口。{reason_text(reason)}"


# ---- the rules ------------------------------------------------------------------------------

class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符"

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符"


CLASSES = [("大写字母", str.isupper), ("小写字母", str.islower), ("数字", str.isdigit),
           ("符号", lambda ch: not ch.isalnum())]


class CharacterClassesValidator:
    """At least `min_classes` of upper case, lower case, digits and symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(any(test(ch) for ch in password) for _, test in CLASSES)
        if present < self.min_classes:
            raise ValidationError(self.get_error_message(), code="password_too_simple")

    def get_error_message(self):
        return (f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类"
                if self.min_classes < len(CLASSES) else "密码须同时包含大写字母、小写字母、数字和符号")

    def get_help_text(self):
        return self.get_error_message()


class NotUsernameValidator:
    """Not the user name, forwards or backwards, anywhere in it (the similarity rule below
    lets a long password that merely contains the name through)."""

    def validate(self, password, user=None):
        name = (getattr(user, "username", "") or "").lower()
        if not name:
            return
        text = password.lower()
        if text == name or (len(name) >= 3 and (name in text or name[::-1] in text)):
            raise ValidationError(self.get_error_message(), code="password_contains_username")

    def get_error_message(self):
        return "密码不能包含用户名"

    def get_help_text(self):
        return "不能包含用户名"


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "密码与%(verbose_name)s太相似"

    def get_help_text(self):
        return "不能与姓名、电子邮箱相近"


# Letters with digits and symbols around them: "Admin@2021", "Password@123" are the office's
# most common weak passwords, and the plain list knows only "admin" and "password".
AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    """Django's list of 20 000 common passwords, also with digits or symbols added around one."""

    def validate(self, password, user=None):
        text = password.lower().strip()
        core = AROUND.sub("", text)
        if text in self.passwords or (len(core) >= 3 and core in self.passwords):
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self):
        return "这个密码太常见，容易被猜到，请换一个"

    def get_help_text(self):
        return "不能是常见密码（如 Admin@123、Password@2021）"


class PasswordHistoryValidator:
    """Not one of the user's last `count` passwords (the current one among them).

    Django calls `password_changed` after every save of a new password, whatever the path; it
    remembers the password and revokes the user's API tokens (SPEC §16: a token dies with the
    password it was issued under).
    """

    def __init__(self, count=5):
        self.count = max(count, 1)

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        hashes = list(user.password_history.values_list("password", flat=True)[:self.count])
        if user.has_usable_password():
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in set(hashes)):
            raise ValidationError(self.get_error_message(), code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .tokens import revoke_all  # tokens build on passwords: imported when used

        PasswordHistory.objects.create(user=user, password=user.password)
        old = user.password_history.values_list("pk", flat=True)[self.count:]
        PasswordHistory.objects.filter(pk__in=list(old)).delete()
        revoke_all(user)

    def get_error_message(self):
        return f"不能与最近 {self.count} 次用过的密码相同"

    def get_help_text(self):
        return self.get_error_message()


def problem(password, user=None, *, validators=None):
    """What is wrong with `password` for `user`, in Chinese ("" when nothing)."""
    try:
        django_rules.validate_password(password, user, password_validators=validators)
    except ValidationError as exc:
        return "；".join(exc.messages)
    return ""


def rules_text():
    """The rules in one Chinese sentence, for the forms' help text."""
    return "；".join(django_rules.password_validators_help_texts())


# ---- when a password must be changed --------------------------------------------------------

def latest(user):
    return user.password_history.first()


def due_at(user, current=None):
    """When the current password must be changed by age, or None (no maximum age). A password
    set where Django skips the validators' hook (createsuperuser) counts from the user's start."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days:
        return None
    current = current or latest(user)
    return (current.at if current else user.date_joined) + datetime.timedelta(days=days)


def change_reason(user, password=None):
    """OFFICE, EXPIRED, WEAK or "": why `user` must change the password before going on.
    `password`, when the sign-in typed it, is checked against today's rules."""
    current = latest(user)
    if current is not None and current.set_by_office:
        return OFFICE
    due = due_at(user, current)
    if due is not None and due <= timezone.now():
        return EXPIRED
    if password is not None and is_weak(password, user):
        return WEAK
    return ""


def is_weak(password, user):
    """Whether the password typed at a sign-in breaks today's rules (all but the history: it is
    the current password, of course it was used)."""
    rules = [rule for rule in django_rules.get_default_password_validators()
             if not isinstance(rule, PasswordHistoryValidator)]
    return bool(problem(password, user, validators=rules))


def require_change(user):
    """The password just saved was typed by someone else: its owner must change it."""
    current = latest(user)
    if current is not None:
        PasswordHistory.objects.filter(pk=current.pk).update(set_by_office=True)


def remember(user, password):
    """Tell the validators that `user` has `password` now, where Django did not (a user created
    with `create_user` skips the hook)."""
    django_rules.password_changed(password, user)


# A session remembers, from its sign-in, whether and from when its user must change the password,
# so that a page costs no query for it.
SESSION_REASON, SESSION_DUE = "identity.password_reason", "identity.password_due"


def note_in_session(session, user, reason):
    due = due_at(user)
    session[SESSION_REASON] = reason
    session[SESSION_DUE] = due.timestamp() if due else None


def pending_reason(session):
    """Why this session's user must change the password now, or ""."""
    reason = session.get(SESSION_REASON, "")
    due = session.get(SESSION_DUE)
    if not reason and due is not None and timezone.now().timestamp() >= due:
        return EXPIRED
    return reason
