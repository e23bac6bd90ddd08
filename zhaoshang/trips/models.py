"""外出招商考察 (SPEC §9): a group's outbound investment trip and its report file.

The report file lives in the database (TripReportFile), not on disk: the app keeps no local
state, and several app servers may stand behind one database. Its name, type and size sit on
the Trip so lists and the change log never load the file itself.
"""
from django.conf import settings
from django.db import models

from zhaoshang.org.models import IndustryGroup


class Region(models.TextChoices):
    JINGJINJI = "jingjinji", "京津冀"
    YANGTZE_DELTA = "yangtze_delta", "长三角"
    GREATER_BAY = "greater_bay", "粤港澳大湾区"
    OTHER = "other", "其他"


class Trip(models.Model):
    SCOPE = "group_id"  # how restrict(user) reaches the group (org.scope)
    PAGE = "trips:detail"  # its page, linked from the change log (core.changelog)

    group = models.ForeignKey(IndustryGroup, verbose_name="产业招商组", on_delete=models.PROTECT,
                              related_name="trips")
    start_on = models.DateField("出发日期", db_index=True)
    end_on = models.DateField("返回日期")
    destination = models.CharField("目的地", max_length=100, help_text="城市，如：深圳市、苏州市")
    region = models.CharField("考察地区", max_length=20, choices=Region.choices)
    leader = models.CharField("带队领导", max_length=100)
    participants = models.TextField("参加人员", blank=True)
    enterprises = models.TextField("走访企业", blank=True, help_text="每行一家企业")
    outcome = models.TextField("洽谈成果、线索", blank=True)
    report_name = models.CharField("考察报告", max_length=255, blank=True)
    report_type = models.CharField("报告文件类型", max_length=100, blank=True)
    report_size = models.PositiveIntegerField("报告文件大小（字节）", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "外出招商考察"
        ordering = ["-start_on", "-id"]

    def __str__(self):
        return f"{self.start_on:%Y-%m-%d} {self.group.name}赴{self.destination}"

    @property
    def days(self):
        return (self.end_on - self.start_on).days + 1

    def enterprise_list(self):
        return [line.strip() for line in self.enterprises.splitlines() if line.strip()]


class TripReportFile(models.Model):
    """The bytes of a trip's report; one per trip, replaced when a new file is uploaded."""

    SCOPE = "trip__group_id"

    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="report_file")
    content = models.BinaryField("文件内容")

    class Meta:
        verbose_name = verbose_name_plural = "考察报告文件"

    def __str__(self):
        return self.trip.report_name
