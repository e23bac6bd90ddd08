"""/api/plans/ (county targets) and /api/targets/ (group targets), read-only."""
import django_filters as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from zhaoshang.org.scope import restrict

from ..models import AnnualPlan, GroupTarget
from .serializers import PlanSerializer, TargetSerializer


@extend_schema_view(
    list=extend_schema(summary="年度计划列表", description="各年度县级目标任务（市下达）与统计起点。"),
    retrieve=extend_schema(summary="年度计划（按年度）"))
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    # The county's targets are the plan document's and every role sees them.
    queryset = AnnualPlan.objects.all()
    serializer_class = PlanSerializer
    lookup_field = "year"
    filterset_fields = ["year"]


class TargetFilterSet(filters.FilterSet):
    year = filters.NumberFilter(field_name="plan__year", label="年度")
    group = filters.CharFilter(field_name="group__code", label="产业招商组代码")

    class Meta:
        model = GroupTarget
        fields = []


@extend_schema_view(list=extend_schema(summary="产业招商组目标任务",
                                       description="附件1 各组的四项目标；按用户的数据范围。"),
                    retrieve=extend_schema(summary="产业招商组目标任务详情"))
class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet

    def get_queryset(self):
        targets = GroupTarget.objects.select_related("plan", "group")
        return restrict(self.request.user, targets)
