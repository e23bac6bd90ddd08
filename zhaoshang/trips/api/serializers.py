"""Trips over the API. Parsing only: every rule (dates, region, who may record for which group,
the report file) is `trips.services`'; its Chinese messages come back beside the fields."""
from django.urls import reverse
from rest_framework import serializers

from zhaoshang.org.api.base import GroupCodeField

from ..compliance import Status
from ..models import Trip
from ..services import MAX_REPORT_BYTES, REPORT_TYPES_TEXT

# Left to the service, which says what is missing or wrong in its own words.
LENIENT = {name: {"required": False, "allow_blank": True}
           for name in ("destination", "region", "leader", "participants", "enterprises", "outcome")}
LENIENT |= {name: {"required": False, "allow_null": True} for name in ("start_on", "end_on")}


class TripSerializer(serializers.ModelSerializer):
    group = GroupCodeField(help_text="产业招商组代码")
    group_name = serializers.CharField(source="group.name", read_only=True)
    days = serializers.IntegerField(read_only=True, help_text="天数（含出发和返回当天）")
    report = serializers.FileField(
        write_only=True, required=False,
        help_text=f"考察报告文件（multipart/form-data）：{REPORT_TYPES_TEXT}，"
                  f"不超过 {MAX_REPORT_BYTES // 1024 // 1024} MB；替换已有的报告")
    remove_report = serializers.BooleanField(write_only=True, required=False, default=False,
                                             help_text="true：删除已有的考察报告")
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=500,
                                   help_text="修改原因，记入变更记录")
    report_url = serializers.SerializerMethodField(
        help_text="考察报告下载地址（网页登录后下载）；没有报告时为 null")
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = Trip
        fields = ["id", "group", "group_name", "start_on", "end_on", "days", "destination", "region",
                  "leader", "participants", "enterprises", "outcome", "report_name", "report_size",
                  "report_url", "report", "remove_report", "reason", "created_by", "created_at",
                  "updated_at"]
        read_only_fields = ["report_name", "report_size", "created_at", "updated_at"]
        extra_kwargs = LENIENT

    def get_report_url(self, trip) -> str | None:
        if not trip.report_name:
            return None
        path = reverse("trips:report", args=[trip.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


# The compliance matrix's shape, for the schema (the view builds plain data).

class WindowSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1–6")
    label = serializers.CharField(help_text="如 1–2月")
    start = serializers.DateField()
    end = serializers.DateField()


class TripRef(serializers.Serializer):
    id = serializers.IntegerField()
    start_on = serializers.DateField()
    destination = serializers.CharField()


class WindowStatusSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    days_left = serializers.IntegerField(allow_null=True, help_text="当前时段剩余天数（含当天），其他时段为 null")
    trips = TripRef(many=True, help_text="该时段出发的外出考察")


class ComplianceRow(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    covered = serializers.IntegerField(help_text="已有外出考察的时段数")
    share = serializers.DecimalField(max_digits=6, decimal_places=4, help_text="覆盖比例 = covered ÷ 6，四位小数")
    windows = WindowStatusSerializer(many=True)


Counts = type("ComplianceCounts", (serializers.Serializer,),
              {status: serializers.IntegerField(help_text=label) for status, label in Status.choices})


class Compliance(serializers.Serializer):
    year = serializers.IntegerField()
    as_of = serializers.DateField()
    closing_days = serializers.IntegerField(help_text="当前时段剩余不超过该天数且无外出考察时为「即将到期」")
    windows = WindowSerializer(many=True)
    groups = ComplianceRow(many=True)
    counts = Counts()
