"""/api/groups/: the industry groups the user may see."""
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from ..models import IndustryGroup
from ..scope import restrict
from .serializers import GroupSerializer


@extend_schema_view(list=extend_schema(summary="产业招商组列表"),
                    retrieve=extend_schema(summary="产业招商组详情（按代码）"))
class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GroupSerializer
    lookup_field = "code"

    def get_queryset(self):
        groups = IndustryGroup.objects.select_related("lead_unit").prefetch_related("co_unit_links__unit")
        return restrict(self.request.user, groups)
