"""Annual plans and group targets over the API (read-only)."""
from rest_framework import serializers

from zhaoshang.core.api import GroupCodeField

from ..models import AnnualPlan, GroupTarget
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
