"""Report periods and submissions over the API. Parsing only: who may submit, return or accept,
and when, is `reports.services`'."""
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from zhaoshang.org.api.base import GroupCodeField

from ..cycle import STATUS_LABELS, days_late
from ..models import ReportPeriod, Submission


def username(field):
    return serializers.CharField(source=f"{field}.username", read_only=True, default=None)


class PeriodSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="如 第三季度季报、5月月报")
    start = serializers.DateField(read_only=True, help_text="报送期覆盖的第一天（自该日起可报送）")
    end = serializers.DateField(read_only=True, help_text="报送期覆盖的最后一天")

    class Meta:
        model = ReportPeriod
        fields = ["id", "year", "kind", "number", "name", "start", "end", "due", "locked"]
        read_only_fields = fields


class LockSerializer(serializers.Serializer):
    locked = serializers.BooleanField(help_text="true 锁定（不再接受报送和退回），false 解锁")


class SubmissionSerializer(serializers.ModelSerializer):
    """One version of a group's report, without its frozen data (the list)."""

    year = serializers.IntegerField(source="period.year", read_only=True)
    kind = serializers.CharField(source="period.kind", read_only=True, help_text="quarter 季报、month 月报")
    period_name = serializers.CharField(source="period.name", read_only=True)
    due = serializers.DateField(source="period.due", read_only=True, help_text="报送截止日")
    group = GroupCodeField(read_only=True, help_text="产业招商组代码")
    group_name = serializers.CharField(source="group.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    days_late = serializers.SerializerMethodField(help_text="本版本逾期天数（截止日次日报送为 1）")
    submitted_by = username("submitted_by")
    returned_by = username("returned_by")
    accepted_by = username("accepted_by")
    xlsx_url = serializers.SerializerMethodField(help_text="本版本的附件2（Excel）下载地址（网页登录后下载）")

    class Meta:
        model = Submission
        fields = ["id", "period", "year", "kind", "period_name", "due", "group", "group_name",
                  "version", "status", "status_label", "submitted_by", "by_office", "submitted_at",
                  "on_time", "days_late", "as_of", "return_comment", "returned_by", "returned_at",
                  "accepted_by", "accepted_at", "xlsx_url"]
        read_only_fields = fields

    def get_days_late(self, submission) -> int:
        return days_late(submission.period.due, timezone.localdate(submission.submitted_at))

    def get_xlsx_url(self, submission) -> str:
        path = reverse("cycle:submission_xlsx", args=[submission.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class SubmissionDetailSerializer(SubmissionSerializer):
    """A version with the data frozen when it was submitted (later edits never change it)."""

    rows = serializers.ListField(child=serializers.DictField(), read_only=True,
                                 help_text="报送时冻结的附件2项目行（金额为两位小数的字符串）")
    figures = serializers.DictField(read_only=True,
                                    help_text="报送时冻结的本组统计数（与 /api/stats/ 的组数据相同）")

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "rows", "figures"]
        read_only_fields = fields


class PeriodField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": "报送期不存在", "incorrect_type": "报送期应为报送期ID（整数）"}


class SubmitSerializer(serializers.Serializer):
    period = PeriodField(queryset=ReportPeriod.objects.all(), help_text="报送期ID（见 /api/periods/）")
    group = GroupCodeField(help_text="产业招商组代码（只能是您能看到的组）")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                    help_text="退回意见：需要更正的内容（退回时必填）")


# The board's shape, for the schema (the view builds plain data).

class BoardCell(serializers.Serializer):
    group = serializers.CharField(help_text="产业招商组代码")
    status = serializers.ChoiceField(choices=list(STATUS_LABELS),
                                     help_text="on_time 按时、late 逾期、returned 已退回、missing 未报送、not_due 未到期")
    label = serializers.CharField(help_text="如 逾期 3 天")
    days_late = serializers.IntegerField(help_text="首版逾期天数；未报送时为截至今天的天数")
    versions = serializers.IntegerField(help_text="已报送的版本数")
    latest = serializers.IntegerField(allow_null=True, help_text="最新版本的报送记录ID")


class BoardPeriod(PeriodSerializer):
    cells = BoardCell(many=True, help_text="每组一格，顺序同 groups")

    class Meta(PeriodSerializer.Meta):
        fields = [*PeriodSerializer.Meta.fields, "cells"]


class BoardGroup(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


Counts = type("BoardCounts", (serializers.Serializer,),
              {status: serializers.IntegerField(help_text=label) for status, label in STATUS_LABELS.items()})


class Board(serializers.Serializer):
    year = serializers.IntegerField()
    kind = serializers.CharField()
    groups = BoardGroup(many=True)
    periods = BoardPeriod(many=True)
    counts = Counts(help_text="各状态的格数")
