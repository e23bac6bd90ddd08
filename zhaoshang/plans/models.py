"""Annual plans and their targets (SPEC §11, the seed's 附件1)."""
from decimal import Decimal

from django.db import models

from zhaoshang.core.money import MoneyField
from zhaoshang.org.models import IndustryGroup


class AnnualPlan(models.Model):
    """A year's 招商引资 plan: the county targets set by the city and the counting rules."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
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
