"""/api/changes/: the change log within the user's scope (records without a group: county only)."""
from drf_spectacular.utils import extend_schema, extend_schema_view

from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.api.base import ScopedReadOnlyViewSet
from zhaoshang.org.models import IndustryGroup

from ..filtersets import ChangeRecordFilterSet
from .serializers import ChangeRecordSerializer


@extend_schema_view(list=extend_schema(summary="变更记录", description="谁在何时改了什么，改前改后。"),
                    retrieve=extend_schema(summary="变更记录详情"))
class ChangeRecordViewSet(ScopedReadOnlyViewSet):
    serializer_class = ChangeRecordSerializer
    filterset_class = ChangeRecordFilterSet

    def base_queryset(self):
        return ChangeRecord.objects.select_related("user")

    def get_serializer_context(self):
        # group_id is a plain column: the codes come from one small query, not a join per row.
        codes = dict(IndustryGroup.objects.values_list("pk", "code"))
        return {**super().get_serializer_context(), "group_codes": codes}
