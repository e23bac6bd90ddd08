"""Who signed in, and the passwords a user had (SPEC §16)."""
from django.conf import settings
from django.db import models
from django.utils import timezone


class PasswordHistory(models.Model):
    """A password a user had, as its hash; the newest is the current one.

    `set_by_office`: someone else (the office) typed it, so its owner must change it at their
    next sign-in. `at` starts the 90 days after which every password must be changed.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="password_history")
    password = models.CharField(max_length=128)
    at = models.DateTimeField(default=timezone.now)
    set_by_office = models.BooleanField(default=False)

    class Meta:
        verbose_name = verbose_name_plural = "历史密码"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="password_history_latest")]


class SignInRecord(models.Model):
    """One sign-in, failure, lock, sign-out or token issue, kept as evidence (SPEC §16).

    The user name is stored as typed, without a link to the user: a failure names no real user,
    and a record outlives the user it names.
    """

    class Outcome(models.TextChoices):
        SUCCESS = "success", "登录成功"
        FAILURE = "failure", "登录失败"
        LOCKED = "locked", "已锁定"
        SIGNOUT = "signout", "退出"
        TOKEN = "token", "取得令牌"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    username = models.CharField("用户名", max_length=150, db_index=True)
    address = models.CharField("地址", max_length=45, blank=True)
    user_agent = models.CharField("浏览器", max_length=255, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    path = models.CharField("入口", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录记录"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.username} {self.get_outcome_display()}"
