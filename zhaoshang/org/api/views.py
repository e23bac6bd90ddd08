"""/api/groups/ and /api/units/: read within the user's scope; only the office writes (403 for
the others, 404 outside the scope), through `units` like the pages."""
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zhaoshang.core.api import service_errors

from .. import units
from ..models import IndustryGroup, Unit
from ..scope import OfficeWrites, require_office
from .base import ScopedViewSet
from .serializers import GroupChangeSerializer, GroupSerializer, UnitSerializer

OFFICE_ONLY = "单位与招商组的设置由领导小组办公室维护，您的角色只能查看"


@extend_schema_view(list=extend_schema(summary="产业招商组列表"),
                    retrieve=extend_schema(summary="产业招商组详情（按代码）"),
                    partial_update=extend_schema(
                        summary="修改产业招商组的牵头单位、协办单位、指挥长（办公室）",
                        request=GroupChangeSerializer, responses=GroupSerializer))
class GroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = GroupSerializer
    lookup_field = "code"
    http_method_names = ["get", "patch", "head", "options"]

    def base_queryset(self):
        groups = IndustryGroup.objects.select_related("lead_unit").prefetch_related("co_unit_links__unit")
        return groups

    def partial_update(self, request, code=None):
        group = self.get_object()
        require_office(request.user, OFFICE_ONLY)
        change = GroupChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        data = change.validated_data
        with service_errors():
            units.update_group(
                group, lead_unit=data.get("lead_unit", group.lead_unit.name),
                co_units=data.get("co_units", units.co_unit_names(group)),
                commander=data.get("commander", group.commander), reason=data.get("reason", ""),
                actor=request.user, via="api")
        return Response(GroupSerializer(self.get_queryset().get(pk=group.pk)).data)


@extend_schema_view(list=extend_schema(summary="单位列表"), retrieve=extend_schema(summary="单位详情"),
                    create=extend_schema(summary="新增单位（办公室）"),
                    partial_update=extend_schema(summary="单位更名（办公室）"))
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, ScopedViewSet):
    """单位. No DELETE: groups, memberships and the change log refer to units."""

    serializer_class = UnitSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [IsAuthenticated, OfficeWrites]  # refused before the body is read
    office_message = OFFICE_ONLY

    def base_queryset(self):
        return Unit.objects.order_by("name")

    def perform_create(self, serializer):
        require_office(self.request.user, OFFICE_ONLY)
        with service_errors():
            serializer.instance = units.create_unit(serializer.validated_data["name"],
                                                    actor=self.request.user, via="api")

    def perform_update(self, serializer):
        require_office(self.request.user, OFFICE_ONLY)
        data = serializer.validated_data
        with service_errors():
            serializer.instance = units.rename_unit(
                serializer.instance, data.get("name", serializer.instance.name),
                reason=data.get("reason", ""), actor=self.request.user, via="api")
