"""Annual plans and their targets (SPEC §11, the seed's 附件1)."""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhaoshang.core.money import MoneyField
from zhaoshang.org.models import IndustryGroup


class AnnualPlan(models.Model):
    """A year's 招商引资 plan: the county targets set by the city and the counting rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草案"      # the office is still entering it; targets may change
        ISSUED = "issued", "已下达"  # from then on only an approved adjustment changes a target

    year = models.PositiveSmallIntegerField("年度", unique=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_on = models.DateField("下达日期", null=True, blank=True)
    title = models.CharField("方案名称", max_length=200, blank=True)
    document = models.CharField("文号", max_length=100, blank=True)
    # 统计起点: a project counts from this total investment (SPEC §5, configurable per plan).
    threshold = MoneyField("统计起点（万元）", default=Decimal("500.00"))
    funds_target = MoneyField("区外境内到位资金目标（万元）", default=Decimal("0"))
    signed_target = models.PositiveIntegerField("新签约项目数目标", default=0)
    emerging_share_target = models.DecimalField("新兴产业项目占比目标", max_digits=4,
                                                decimal_places=2, default=Decimal("0.30"))
    planned_investment_target = MoneyField("计划投资总额目标（万元）", default=Decimal("0"))
    industrial_target = models.PositiveIntegerField("新引进工业项目目标", default=0)
    major_industrial_target = models.PositiveIntegerField("亿元工业项目目标", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "年度计划"
        ordering = ["-year"]

    def __str__(self):
        return self.title or f"{self.year}年度计划"


class GroupTarget(models.Model):
    """A group's targets for a plan's year (附件1 row)."""

    SCOPE = "group_id"

    plan = models.ForeignKey(AnnualPlan, verbose_name="年度计划", on_delete=models.CASCADE,
                             related_name="targets")
    group = models.ForeignKey(IndustryGroup, verbose_name="产业招商组", on_delete=models.PROTECT,
                              related_name="targets")
    funds_target = MoneyField("区外境内到位资金目标（万元）", default=Decimal("0"))
    signed_target = models.PositiveIntegerField("新签约项目数目标", default=0)
    industrial_target = models.PositiveIntegerField("新引进工业项目目标", default=0)
    major_industrial_target = models.PositiveIntegerField("亿元工业项目目标", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "产业招商组目标"
        ordering = ["plan", "group__position"]
        constraints = [models.UniqueConstraint(fields=["plan", "group"], name="one_target_per_group")]

    def __str__(self):
        return f"{self.plan.year} · {self.group}"


class TargetAdjustment(models.Model):
    """目标调整 (SPEC §7): a group asks to change one or more of its targets for 不可抗力.

    submitted → signed by the group's commander → reviewed by the office → approved by a leader;
    any step may reject. A rejected request is final; the group resubmits a new request that
    points back to it (`previous`), so every version and its steps stay on record.
    """

    SCOPE = "target__group_id"
    PAGE = "plans:adjustment_detail"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待指挥长签字"
        SIGNED = "signed", "待办公室审核"
        REVIEWED = "reviewed", "待领导审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已退回"

    target = models.ForeignKey(GroupTarget, verbose_name="目标任务", on_delete=models.PROTECT,
                               related_name="adjustments")
    reason = models.TextField("不可抗力说明")
    status = models.CharField("状态", max_length=20, choices=Status.choices,
                              default=Status.SUBMITTED, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    previous = models.ForeignKey("self", verbose_name="重新提交自", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="resubmissions")
    # 调整批复文号, given at approval: 鹿投促调〔2021〕3号 is sequence 3 of 2021.
    number = models.CharField("调整批复文号", max_length=50, blank=True)
    number_year = models.PositiveSmallIntegerField("文号年度", null=True, blank=True)
    number_seq = models.PositiveIntegerField("文号序号", null=True, blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "目标调整申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number_year", "number_seq"], name="adjustment_number_once"),
        ]

    def __str__(self):
        return f"目标调整申请 #{self.pk}（{self.target.plan.year}年 {self.target.group.name}）"

    @property
    def group(self):
        return self.target.group

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


OPEN_STATUSES = (TargetAdjustment.Status.SUBMITTED, TargetAdjustment.Status.SIGNED,
                 TargetAdjustment.Status.REVIEWED)


class AdjustmentLine(models.Model):
    """One target of a request: its value when the request was made and the value asked for."""

    SCOPE = "adjustment__target__group_id"

    class Target(models.TextChoices):
        FUNDS = "funds_target", "区外境内到位资金"
        SIGNED = "signed_target", "新签约项目"
        INDUSTRIAL = "industrial_target", "新引进工业项目"
        MAJOR_INDUSTRIAL = "major_industrial_target", "亿元工业项目"

    adjustment = models.ForeignKey(TargetAdjustment, on_delete=models.CASCADE, related_name="lines")
    field = models.CharField("目标", max_length=30, choices=Target.choices)
    # Funds in 万元; the three counts are whole numbers kept in the same exact decimal column.
    original = MoneyField("原目标")
    adjusted = MoneyField("调整为")

    class Meta:
        verbose_name = verbose_name_plural = "目标调整内容"
        ordering = ["adjustment", "id"]
        constraints = [models.UniqueConstraint(fields=["adjustment", "field"], name="adjustment_line_once")]

    def __str__(self):
        return f"{self.get_field_display()} {self.original} → {self.adjusted}"


class AdjustmentStep(models.Model):
    """One step of a request: who did what, when, at which stage, with what comment."""

    SCOPE = "adjustment__target__group_id"

    class Action(models.TextChoices):
        SUBMIT = "submit", "提交申请"
        SIGN = "sign", "指挥长签字"
        REVIEW = "review", "办公室审核通过"
        APPROVE = "approve", "领导小组组长同意"
        REJECT = "reject", "退回"

    adjustment = models.ForeignKey(TargetAdjustment, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    # The status the request stood at when the step was taken (where a rejection happened).
    at_status = models.CharField("办理环节", max_length=20, choices=TargetAdjustment.Status.choices,
                                 blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "目标调整办理记录"
        ordering = ["adjustment", "at", "id"]

    def __str__(self):
        return f"#{self.adjustment_id} {self.get_action_display()}"


class AdjustmentAttachment(models.Model):
    """The scanned 调整请示 of a request. The bytes live in the database, not on disk: the app
    keeps no local state and several app servers may share one database."""

    SCOPE = "adjustment__target__group_id"

    adjustment = models.OneToOneField(TargetAdjustment, on_delete=models.CASCADE,
                                      related_name="attachment")
    filename = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    content = models.BinaryField("文件内容")

    class Meta:
        verbose_name = verbose_name_plural = "调整请示附件"

    def __str__(self):
        return self.filename
