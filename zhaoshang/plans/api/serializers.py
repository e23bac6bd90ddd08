"""Annual plans (read; the office creates, edits and issues them) and group targets (read-only)
over the API, and the 目标调整 requests. Parsing only: every rule is `plans.annual`'s and
`plans.workflow`'s."""
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhaoshang.core.api import request_user
from zhaoshang.org.api.base import GroupCodeField
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
        fields = ["year", *PLAN_FIELDS, "status", "issued_on"]
        read_only_fields = fields
        extra_kwargs = {"status": {"help_text": "draft 草案（目标可直接修改）；issued 已下达（目标只能通过目标调整变更）"},
                        "issued_on": {"help_text": "下达日期；草案为 null"}}


# 年度计划的录入与下达 (the office): parsing only, every rule is `plans.annual`'s ------------------

def money_in(help_text, **kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                    help_text=help_text, **kwargs)


def count_in(help_text):
    return serializers.IntegerField(required=False, help_text=help_text)


class PlanCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="年度，例如 2022")
    copy_from = serializers.IntegerField(
        required=False, allow_null=True,
        help_text="以该年度计划的县级和各组目标为底稿，例如 2021；不传或 null 则目标为 0")

    def validate_copy_from(self, year):
        if year is None:
            return None
        plan = AnnualPlan.objects.filter(year=year).first()
        if plan is None:
            raise serializers.ValidationError(f"没有{year}年度计划")
        return plan


class TargetValuesSerializer(serializers.Serializer):
    """One group's targets in a PATCH; what is left out stays."""

    funds_target = money_in("区外境内到位资金目标（万元）")
    signed_target = count_in("新签约项目数目标")
    industrial_target = count_in("新引进工业项目目标")
    major_industrial_target = count_in("亿元工业项目目标")

    def to_internal_value(self, data):
        # A misspelt target would otherwise be dropped silently and the PATCH look successful.
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        if unknown:
            raise serializers.ValidationError(
                {key: [f"未知的目标，可用：{', '.join(TARGET_FIELDS)}"] for key in unknown})
        return super().to_internal_value(data)


class PlanChangeSerializer(serializers.Serializer):
    """PATCH /api/plans/{year}/: the county's fields and, while a draft, the groups' targets."""

    title = serializers.CharField(required=False, allow_blank=True, help_text="方案名称")
    document = serializers.CharField(required=False, allow_blank=True, help_text="文号")
    threshold = money_in("统计起点（万元）")
    funds_target = money_in("区外境内到位资金目标（万元）")
    signed_target = count_in("新签约项目数目标")
    emerging_share_target = serializers.DecimalField(
        max_digits=4, decimal_places=2, required=False,
        help_text="新兴产业项目占比目标，0 到 1，例如 0.30 表示 30%")
    planned_investment_target = money_in("计划投资总额目标（万元）")
    industrial_target = count_in("新引进工业项目目标")
    major_industrial_target = count_in("亿元工业项目目标")
    targets = serializers.DictField(
        child=TargetValuesSerializer(), required=False,
        help_text="各产业招商组的目标，按组代码：{\"forestry\": {\"funds_target\": \"160000.00\"}}；"
                  "只在草案中可改，下达后须通过目标调整")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500,
                                   help_text="修改说明，记入变更记录")

    def validate(self, data):
        unknown = set(self.initial_data) - set(self.fields)
        problems = {key: [LOCKED.get(key, "未知字段，不能通过此接口修改")] for key in sorted(unknown)}
        codes = set(self.context["plan"].targets.values_list("group__code", flat=True))
        for code in data.get("targets", {}):
            if code not in codes:
                problems.setdefault("targets", {})[code] = [f"没有代码为「{code}」的产业招商组"]
        if problems:
            raise serializers.ValidationError(problems)
        return data


LOCKED = {"year": "年度不能修改", "status": "下达请用 POST /api/plans/{年度}/issue/",
          "issued_on": "下达日期在下达时确定（POST /api/plans/{年度}/issue/）"}


class IssueSerializer(serializers.Serializer):
    issued_on = serializers.DateField(required=False, allow_null=True,
                                      help_text="下达日期 YYYY-MM-DD，默认今天")


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
