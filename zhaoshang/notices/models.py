"""In-app notices (the bell) and the group robots they are also posted to."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhaoshang.org.models import IndustryGroup


class Notification(models.Model):
    """One notice to one user. A non-empty `key` reaches a user once, whoever sends it."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "截止提醒"
        OVERDUE = "overdue", "逾期"
        WORKFLOW = "workflow", "待办"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人",
                                  on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, blank=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    key = models.CharField("去重键", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            # The database, not the code, refuses a second notice with the same key: two
            # processes sending at once cannot both succeed.
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""),
                                    name="notification_key_once"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.title}"


class Webhook(models.Model):
    """A 企业微信 / 钉钉 group robot that notices are posted to (SPEC issue 4)."""

    class Kind(models.TextChoices):
        WECOM = "wecom", "企业微信群机器人"
        DINGTALK = "dingtalk", "钉钉群机器人"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    url = models.URLField("Webhook 地址", max_length=500,
                          help_text="在群机器人设置中复制的完整地址（含 key 或 access_token）")
    keyword = models.CharField("关键词", max_length=50, blank=True,
                               help_text="钉钉机器人安全设置为「自定义关键词」时填写，消息开头会加上它")
    secret = models.CharField("加签密钥", max_length=100, blank=True,
                              help_text="钉钉机器人安全设置为「加签」时填写（SEC 开头）；每条消息据此签名")
    group = models.ForeignKey(IndustryGroup, verbose_name="产业招商组", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="webhooks",
                              help_text="只接收发给本组成员的通知；不选为全县，接收所有通知")
    active = models.BooleanField("启用", default=True)
    last_sent_at = models.DateTimeField("最近发送时间", null=True, blank=True, editable=False)
    last_error = models.TextField("最近一次错误", blank=True, editable=False,
                                  help_text="最近一次发送成功时为空")

    class Meta:
        verbose_name = verbose_name_plural = "群机器人"
        ordering = ["group__position", "name", "id"]

    def __str__(self):
        return self.name
