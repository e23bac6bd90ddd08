"""/api/changes/: the change log within the user's scope (records without a group: county only)."""
import django_filters as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import viewsets

from zhaoshang.org.filters import ScopedFilterSet, group_filter
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import restrict

from ..models import ChangeRecord
from .serializers import ChangeRecordSerializer


class ChangeRecordFilterSet(ScopedFilterSet):
    object_type = filters.CharFilter(label="对象类型，如 project、fundsrecord")
    object_id = filters.NumberFilter(label="对象ID")
    user = filters.CharFilter(field_name="username", label="操作人用户名")
    action = filters.ChoiceFilter(choices=ChangeRecord.Action.choices, label="操作")
    since = filters.DateFilter(field_name="at", lookup_expr="date__gte", label="起始日期（含）")
    until = filters.DateFilter(field_name="at", lookup_expr="date__lte", label="截止日期（含）")
    group = group_filter(method="in_group")

    class Meta:
        model = ChangeRecord
        fields = []

    @extend_schema_field(OpenApiTypes.STR)
    def in_group(self, queryset, name, group):
        return queryset.filter(group_id=group.pk)


@extend_schema_view(list=extend_schema(summary="变更记录", description="谁在何时改了什么，改前改后。"),
                    retrieve=extend_schema(summary="变更记录详情"))
class ChangeRecordViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ChangeRecordSerializer
    filterset_class = ChangeRecordFilterSet

    def get_queryset(self):
        return restrict(self.request.user, ChangeRecord.objects.select_related("user"))

    def get_serializer_context(self):
        # group_id is a plain column: the codes come from one small query, not a join per row.
        codes = dict(IndustryGroup.objects.values_list("pk", "code"))
        return {**super().get_serializer_context(), "group_codes": codes}
