"""The reporting cycle of SPEC §6: report periods with their deadlines, and the groups'
submissions, each a frozen copy of the group's 附件2 rows and figures (every version kept)."""
import calendar
import datetime

from django.conf import settings
from django.db import models

from zhaoshang.org.models import IndustryGroup


class ReportPeriod(models.Model):
    """One 月报 or 季报 of a plan year, due on a working day (SPEC §6)."""

    class Kind(models.TextChoices):
        MONTH = "month", "月报"
        QUARTER = "quarter", "季报"

    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField("期次")  # month 1–12 or quarter 1–4
    due = models.DateField("报送截止日")
    # The office closes a period once consolidated: no submissions, no returns.
    locked = models.BooleanField("已锁定", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "报送期"
        ordering = ["year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "number"], name="report_period_once"),
        ]

    def __str__(self):
        return f"{self.year}年{self.name}"

    @property
    def name(self):
        """第3季度季报 / 5月月报 (without the year)."""
        if self.kind == self.Kind.QUARTER:
            return f"第{'一二三四'[self.number - 1]}季度季报"
        return f"{self.number}月月报"

    @property
    def first_month(self):
        return self.number if self.kind == self.Kind.MONTH else 3 * self.number - 2

    @property
    def start(self):
        """The first day the period covers: a report can be submitted from then on."""
        return datetime.date(self.year, self.first_month, 1)

    @property
    def end(self):
        """The last day the period covers (a month, or a quarter's last month)."""
        month = self.number if self.kind == self.Kind.MONTH else 3 * self.number
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])


class Submission(models.Model):
    """One version of a group's report for a period, frozen when submitted.

    `rows` holds the group's 附件2 rows (amounts as strings, dates as ISO text); `figures` the
    group's SPEC §5 figures in stats.serialize's JSON shape, as of `as_of`. Later edits of
    projects never change them. A return keeps the version; the group submits a new one.
    """

    SCOPE = "group_id"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已确认"

    period = models.ForeignKey(ReportPeriod, verbose_name="报送期", on_delete=models.PROTECT,
                               related_name="submissions")
    group = models.ForeignKey(IndustryGroup, verbose_name="产业招商组", on_delete=models.PROTECT,
                              related_name="submissions")
    version = models.PositiveSmallIntegerField("版本")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    by_office = models.BooleanField("办公室代报", default=False)
    submitted_at = models.DateTimeField("报送时间")
    on_time = models.BooleanField("按时报送")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    as_of = models.DateField("数据截止日期")
    rows = models.JSONField("附件2项目行", default=list)
    figures = models.JSONField("统计数据", default=dict)
    return_comment = models.TextField("退回意见", blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="退回人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报送记录"
        ordering = ["period", "group", "version"]
        constraints = [
            models.UniqueConstraint(fields=["period", "group", "version"], name="submission_version_once"),
        ]

    def __str__(self):
        return f"{self.group.name} {self.period} 第{self.version}版"
