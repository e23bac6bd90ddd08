"""The change log: who changed what, when, before and after (NetBox's ObjectChange, smaller)."""
from django.conf import settings
from django.db import models

# How a change came in (ChangeRecord.via), as the pages name it.
VIA_LABELS = {"form": "页面", "board": "项目看板", "import": "台账导入", "api": "系统接口", "cli": "命令行",
              "demo": "演示数据", "test": "测试", "exit": "退出申请", "admin": "系统配置"}


class ChangeRecord(models.Model):
    SCOPE = "group_id"  # records without a group (plan-wide) are the county's only

    class Action(models.TextChoices):
        CREATE = "create", "新建"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        STAGE = "stage", "阶段变更"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The user's name as it was: the record keeps it when the user is deleted (SPEC §16).
    username = models.CharField("操作人用户名", max_length=150, blank=True, db_index=True)
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    object_type = models.CharField("对象类型", max_length=50, db_index=True)
    object_id = models.BigIntegerField("对象ID", db_index=True)
    object_repr = models.CharField("对象", max_length=200)
    # The industry group the object belongs to, so a group's members see their own history.
    group_id = models.BigIntegerField("产业招商组ID", null=True, blank=True, db_index=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    reason = models.CharField("原因", max_length=500, blank=True)
    via = models.CharField("途径", max_length=20, blank=True)
    # The request, command run or import that wrote it (core.requestctx): the records of one
    # operation share it, so 变更记录 can show them together; and where the request came from.
    request_id = models.CharField("操作编号", max_length=64, blank=True, db_index=True)
    address = models.CharField("来源地址", max_length=45, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "变更记录"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"
