"""Projects and funds records over the API. Parsing only: the rules live in `projects.services`."""
from rest_framework import serializers

from zhaoshang.core.api import GroupCodeField, request_user
from zhaoshang.org.scope import may_edit_group, restrict

from ..models import FundsRecord, Project
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
