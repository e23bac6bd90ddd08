"""The State Council's holiday notice for a year, as the office enters it (SPEC §6).

For years `chinesecalendar` does not cover yet, the office enters the notice
(国务院办公厅关于××年部分节假日安排的通知): its holidays and its adjusted working weekends (调休上班).
Only `workcal.services` writes these; `workcal.calendar` reads them.
"""
from django.conf import settings
from django.db import models


class HolidayNotice(models.Model):
    """A year's 节假日安排通知; when it exists, it is that year's calendar."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    reference = models.CharField("文号", max_length=100)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排通知"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年节假日安排（{self.reference}）"


class Holiday(models.Model):
    """A holiday of the notice: first to last day, both days off (weekends inside included)."""

    notice = models.ForeignKey(HolidayNotice, verbose_name="通知", on_delete=models.CASCADE,
                               related_name="holidays")
    name = models.CharField("节日", max_length=30)
    first_day = models.DateField("放假开始")
    last_day = models.DateField("放假结束")

    class Meta:
        verbose_name = verbose_name_plural = "节假日"
        ordering = ["first_day"]

    def __str__(self):
        return f"{self.name} {self.first_day}至{self.last_day}"


class WorkingWeekend(models.Model):
    """A Saturday or Sunday the notice makes a working day (调休上班)."""

    notice = models.ForeignKey(HolidayNotice, verbose_name="通知", on_delete=models.CASCADE,
                               related_name="working_weekends")
    day = models.DateField("调休上班日")

    class Meta:
        verbose_name = verbose_name_plural = "调休上班日"
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["notice", "day"], name="workcal_weekend_once")]

    def __str__(self):
        return f"{self.day} 上班"
