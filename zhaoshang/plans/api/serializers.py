"""Annual plans and group targets over the API (read-only), and the 目标调整 requests (parsing
only: who may act and every rule is `plans.workflow`'s)."""
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhaoshang.core.api import GroupCodeField, request_user
from zhaoshang.org.scope import restrict

from .. import workflow
from ..models import (OPEN_STATUSES, AdjustmentAttachment, AdjustmentLine, AdjustmentStep,
                      AnnualPlan, GroupTarget, TargetAdjustment)
from ..services import PLAN_FIELDS, TARGET_FIELDS


def money(help_text):
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                    help_text=help_text)


class PlanSerializer(serializers.ModelSerializer):
    threshold = money("统计起点（万元）")
    funds_target = money("区外境内到位资金目标（万元）")
    planned_investment_target = money("计划投资总额目标（万元）")

    class Meta:
        model = AnnualPlan
        fields = ["year", *PLAN_FIELDS]


class TargetSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="plan.year", read_only=True, help_text="年度")
    group = GroupCodeField(read_only=True, help_text="产业招商组代码")
    group_name = serializers.CharField(source="group.name", read_only=True, help_text="产业招商组")
    funds_target = money("区外境内到位资金目标（万元）")

    class Meta:
        model = GroupTarget
        fields = ["year", "group", "group_name", *TARGET_FIELDS]


# 目标调整 --------------------------------------------------------------------------------------

def user_name(field):
    return serializers.CharField(source=f"{field}.username", read_only=True, default=None)


class AdjustmentLineSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_field_display", read_only=True)
    original = serializers.SerializerMethodField(help_text="原目标：资金为万元（两位小数），其余为个数")
    adjusted = serializers.SerializerMethodField(help_text="调整为：单位同上")

    class Meta:
        model = AdjustmentLine
        fields = ["field", "label", "original", "adjusted"]

    def value(self, line, value):
        return f"{value:.2f}" if line.field in workflow.MONEY_TARGETS else str(int(value))

    def get_original(self, line) -> str:
        return self.value(line, line.original)

    def get_adjusted(self, line) -> str:
        return self.value(line, line.adjusted)


class AdjustmentStepSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    user = user_name("user")

    class Meta:
        model = AdjustmentStep
        fields = ["action", "action_label", "at_status", "user", "at", "comment"]


class AdjustmentSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="target.plan.year", read_only=True)
    group = GroupCodeField(source="target.group", read_only=True, help_text="产业招商组代码")
    group_name = serializers.CharField(source="target.group.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = user_name("requested_by")
    lines = AdjustmentLineSerializer(many=True, read_only=True)

    class Meta:
        model = TargetAdjustment
        fields = ["id", "year", "group", "group_name", "status", "status_label", "lines", "reason",
                  "requested_by", "requested_at", "previous", "number", "decided_at"]
        read_only_fields = fields


class AttachmentInfo(serializers.Serializer):
    filename = serializers.CharField()
    size = serializers.IntegerField(help_text="字节")
    url = serializers.CharField()


class AdjustmentDetailSerializer(AdjustmentSerializer):
    steps = AdjustmentStepSerializer(many=True, read_only=True)
    attachment = serializers.SerializerMethodField(help_text="调整请示：文件名、大小和下载地址（网页登录后下载）")
    can_act = serializers.SerializerMethodField(help_text="当前用户能否办理当前环节（同意或退回）")
    next_step = serializers.SerializerMethodField(help_text="当前环节：sign、review、approve；已办结为 null")
    waiting_for = serializers.SerializerMethodField(help_text="当前环节的办理人，如 本组指挥长")

    class Meta(AdjustmentSerializer.Meta):
        fields = [*AdjustmentSerializer.Meta.fields, "steps", "attachment", "can_act", "next_step",
                  "waiting_for"]
        read_only_fields = fields

    @extend_schema_field(AttachmentInfo(allow_null=True))
    def get_attachment(self, adjustment):
        stored = AdjustmentAttachment.objects.filter(adjustment=adjustment) \
            .only("filename", "size").first()
        if stored is None:
            return None
        path = reverse("plans:adjustment_attachment", args=[adjustment.pk])
        request = self.context.get("request")
        return {"filename": stored.filename, "size": stored.size,
                "url": request.build_absolute_uri(path) if request else path}

    def get_can_act(self, adjustment) -> bool:
        return workflow.may_act(request_user(self), adjustment)

    def get_next_step(self, adjustment) -> str | None:
        return workflow.STEPS.get(adjustment.status, (None, None))[0]

    def get_waiting_for(self, adjustment) -> str | None:
        return workflow.ACTOR_LABELS.get(adjustment.status)


def target_value(money_target):
    help_text = "调整后的目标（万元）" if money_target else "调整后的目标（个）"
    return serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                 help_text=f"{help_text}；不调整则不传或留空")


@extend_schema_field(OpenApiTypes.INT)
class VisibleAdjustmentField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": "目标调整申请不存在",
                              "incorrect_type": "应为目标调整申请ID（整数）"}

    def get_queryset(self):
        return restrict(request_user(self), TargetAdjustment.objects.all())


class AdjustmentRequestSerializer(serializers.Serializer):
    """POST body (multipart/form-data, for the attachment)."""

    group = GroupCodeField(help_text="产业招商组代码")
    year = serializers.IntegerField(help_text="年度")
    funds_target = target_value(True)
    signed_target = target_value(False)
    industrial_target = target_value(False)
    major_industrial_target = target_value(False)
    reason = serializers.CharField(required=False, allow_blank=True,
                                   help_text="不可抗力说明（必填：目标只能因不可抗力调整）")
    attachment = serializers.FileField(
        required=False,
        help_text=f"经指挥长签字的调整请示：{workflow.ATTACHMENT_TYPES_TEXT}，"
                  f"不超过 {workflow.MAX_ATTACHMENT_BYTES // 1024 // 1024} MB；重新提交时不传则沿用原附件")
    previous = VisibleAdjustmentField(required=False, allow_null=True,
                                      help_text="重新提交时：被退回的原申请ID")

    def validate(self, data):
        target = GroupTarget.objects.filter(plan__year=data["year"], group=data["group"]).first()
        if target is None:
            raise serializers.ValidationError(
                {"year": f"{data['group'].name}没有{data['year']}年的目标任务，无法申请调整"})
        data["target"] = target
        return data


class DecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000,
                                    help_text="意见：同意时可不填，退回时必填")
    expected_status = serializers.ChoiceField(
        choices=[s.value for s in OPEN_STATUSES], required=False,
        help_text="读取时的状态：若他人已先办理，返回 409，不会重复办理")
