"""绩效考评 (SPEC §8): the year's scheme, as data the office edits, and the office's own scores.

The scorecard itself is computed (scorecard.py), never stored: it always follows the figures,
the trips and the reports as of the date asked for.
"""
import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models

from zhaoshang.org.models import IndustryGroup


def points_field(label, default, help_text=""):
    return models.DecimalField(label, max_digits=5, decimal_places=2, default=Decimal(default),
                               help_text=help_text)


class Scheme(models.Model):
    """One year's 考评方案. The defaults are SPEC §8's; `services.scheme_for` creates them."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    # 目标任务完成 60: each × min(完成率, 1).
    funds_weight = points_field("区外境内到位资金", "30")
    signed_weight = points_field("新签约项目", "12")
    industrial_weight = points_field("新引进工业项目", "10")
    major_industrial_weight = points_field("亿元工业项目", "8")
    # 产业招商 10: × the share of the six two-month windows with a trip.
    trips_weight = points_field("产业招商（外出招商考察）", "10")
    # Scored by the office, with a note below full marks.
    coordination_weight = points_field("重点项目协调服务", "10")
    planning_weight = points_field("项目策划包装", "10")
    other_weight = points_field("其他工作", "10")
    # 加分: +bonus_per_step per full bonus_step_percent % of funds above target, at most bonus_cap.
    bonus_step_percent = points_field("超额步长（%）", "10", "到位资金每超过目标的这一百分比加分一次")
    bonus_per_step = points_field("每步加分", "1")
    bonus_cap = points_field("超额加分上限", "5")
    # +early_bonus when all four targets are met by early_by (inclusive).
    early_bonus = points_field("提前完成加分", "2", "四项目标均在截止日（含）前完成时加分")
    early_by = models.DateField("提前完成截止日")
    # 减分 per quarterly report.
    late_deduction = points_field("季报逾期每次扣分", "1")
    missing_deduction = points_field("季报未报送每次扣分", "2")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "考评方案"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年绩效考评方案"

    @staticmethod
    def default_early_by(year):
        """"before 1 December": met on 30 November at the latest."""
        return datetime.date(year, 11, 30)


class ManualScore(models.Model):
    """The office's score of one group on one office-scored line of a year, with its note."""

    SCOPE = "group_id"

    class Line(models.TextChoices):
        COORDINATION = "coordination", "重点项目协调服务"
        PLANNING = "planning", "项目策划包装"
        OTHER = "other", "其他工作"

    year = models.PositiveSmallIntegerField("年度")
    group = models.ForeignKey(IndustryGroup, verbose_name="产业招商组", on_delete=models.PROTECT,
                              related_name="manual_scores")
    line = models.CharField("考评项目", max_length=20, choices=Line.choices)
    points = models.DecimalField("得分", max_digits=5, decimal_places=2)
    note = models.TextField("评分说明", blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评分人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField("评分时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "办公室评分"
        ordering = ["year", "group__position", "line"]
        constraints = [models.UniqueConstraint(fields=["year", "group", "line"], name="manual_score_once")]

    def __str__(self):
        return f"{self.year}年 {self.group.name} {self.get_line_display()}"
