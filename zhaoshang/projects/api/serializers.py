"""Projects, funds records and exit requests over the API. Parsing only: the rules live in
`projects.services`."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhaoshang.core.api import request_user
from zhaoshang.org.api.base import GroupCodeField
from zhaoshang.org.scope import may_edit_group, restrict

from ..models import ExitReason, ExitRequest, FundsRecord, Project
from ..services import PROJECT_FIELDS

HEAD = ["id", "code", "name", "group", "stage"]


def money(**kwargs):
    """An amount in 万元, sent and received as a decimal string with two places."""
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class ProjectSerializer(serializers.ModelSerializer):
    group = GroupCodeField(help_text="产业招商组代码（见 /api/groups/）")
    total_investment = money(allow_null=True, required=False, help_text="总投资（万元）")
    version = serializers.IntegerField(
        required=False, min_value=1,
        help_text="版本号。修改时传回读取时的版本号：若他人已先保存，返回 409，不会覆盖他人的修改")
    reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=500,
        help_text="修改原因（阶段回退须填写），记入变更记录")
    funds_total = money(read_only=True, help_text="累计到位资金（万元，全部年度）")

    class Meta:
        model = Project
        fields = [*HEAD, *(f for f in PROJECT_FIELDS if f not in HEAD), "version", "reason",
                  "funds_total", "created_at", "updated_at"]
        # Uniqueness and the stage rules are checked by the service, with its Chinese messages.
        extra_kwargs = {"code": {"validators": []}}

    def validate_group(self, group):
        if not may_edit_group(request_user(self), group.pk):
            raise serializers.ValidationError("您不能在该产业招商组登记或移入项目")
        return group


@extend_schema_field(OpenApiTypes.INT)
class VisibleProjectField(serializers.PrimaryKeyRelatedField):
    """A project by id, among those the requesting user may see."""

    default_error_messages = {"does_not_exist": "项目不存在", "incorrect_type": "项目应为项目ID（整数）"}

    def get_queryset(self):
        return restrict(request_user(self), Project.objects.all())


class FundsSerializer(serializers.ModelSerializer):
    project = VisibleProjectField(help_text="项目ID")
    project_code = serializers.CharField(source="project.code", read_only=True, help_text="项目编号")
    amount = money(help_text="到位金额（万元）")
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                   max_length=500, help_text="修改原因，记入变更记录")

    class Meta:
        model = FundsRecord
        fields = ["id", "project", "project_code", "date", "amount", "note", "reason"]
        validators = []  # one record per project and day: the service says so in Chinese

    def validate_project(self, project):
        if self.instance is not None and project.pk != self.instance.project_id:
            raise serializers.ValidationError("不能更改到位资金所属的项目，请删除后在正确的项目下登记")
        if not may_edit_group(request_user(self), project.group_id):
            raise serializers.ValidationError("您只能查看该项目，不能登记到位资金")
        return project


# 项目退出 --------------------------------------------------------------------------------------

class ExitRequestSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True, help_text="项目编号")
    project_name = serializers.CharField(source="project.name", read_only=True)
    group = GroupCodeField(source="project.group", read_only=True, help_text="产业招商组代码")
    reason = serializers.CharField(source="exit_reason", read_only=True, help_text="退出原因")
    reason_label = serializers.CharField(source="get_exit_reason_display", read_only=True)
    reason_text = serializers.CharField(source="exit_reason_text", read_only=True,
                                        help_text="退出原因说明（原因为「其他」时）")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True, default=None)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None)

    class Meta:
        model = ExitRequest
        fields = ["id", "project", "project_code", "project_name", "group", "exited_on", "reason",
                  "reason_label", "reason_text", "note", "status", "status_label", "requested_by",
                  "requested_at", "decided_by", "decided_at", "comment"]
        read_only_fields = fields


class ExitRequestCreateSerializer(serializers.Serializer):
    """POST body; the SPEC §4 exit rules are checked by `services.request_exit`."""

    project = VisibleProjectField(help_text="项目ID")
    exited_on = serializers.DateField(required=False, allow_null=True,
                                      help_text="退出日期：项目自该日起不再计入统计")
    reason = serializers.ChoiceField(choices=ExitReason.choices, required=False, allow_blank=True,
                                     help_text="退出原因（方案规定的三种，或 other 其他）")
    reason_text = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                        help_text="退出原因说明（原因为 other 时必填）")
    note = serializers.CharField(required=False, allow_blank=True, help_text="情况说明")


class ExitDecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000,
                                    help_text="审批意见：批准时可不填，退回时必填")
