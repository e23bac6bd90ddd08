"""/api/plans/ (county targets) and /api/targets/ (group targets), read-only; /api/adjustments/
(目标调整) within `restrict(user)`, every step through `plans.workflow`, which decides who acts."""
import django_filters as filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from zhaoshang.core.api import Conflict, field_errors, service_errors
from zhaoshang.org.scope import restrict

from .. import workflow
from ..filtersets import AdjustmentFilterSet
from ..models import AnnualPlan, GroupTarget, TargetAdjustment
from .serializers import (AdjustmentDetailSerializer, AdjustmentRequestSerializer, AdjustmentSerializer,
                          DecisionSerializer, PlanSerializer, TargetSerializer)


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


# 目标调整 --------------------------------------------------------------------------------------

REFUSED = OpenApiResponse(description="不能办理：各字段或 non_field_errors 的中文原因；未写入任何数据")
FORBIDDEN = OpenApiResponse(description="该环节不由您办理（detail 为中文说明）")
STALE = OpenApiResponse(description="他人已先办理（expected_status 与当前状态不符）；detail 为中文说明")
DECISIONS = {
    "sign": ("指挥长签字", "本组指挥长", workflow.sign_adjustment),
    "review": ("办公室审核", "领导小组办公室", workflow.review_adjustment),
    "approve": ("领导审批同意", "领导小组组长（县领导）；批准后目标随之调整并生成文号", workflow.approve_adjustment),
    "reject": ("退回", "当前环节的办理人；须填写意见", workflow.reject_adjustment),
}


def decision(name):
    """The action for one step: POST /api/adjustments/{id}/{name}/ with the workflow's function."""
    summary, who, function = DECISIONS[name]

    def act(self, request, pk=None):
        adjustment = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expected = serializer.validated_data.get("expected_status")
        try:
            done = function(adjustment, user=request.user, via="api", expected_status=expected,
                            comment=serializer.validated_data.get("comment", ""))
        except DjangoValidationError as exc:
            current = TargetAdjustment.objects.values_list("status", flat=True).get(pk=adjustment.pk)
            if expected is not None and current != expected:
                raise Conflict(exc.messages[0]) from None
            raise ValidationError(field_errors(exc)) from None
        return Response(AdjustmentDetailSerializer(done, context=self.get_serializer_context()).data)

    act.__name__ = name  # DRF routes the action by its function's name
    act = action(detail=True, methods=["post"])(act)
    return extend_schema(
        summary=f"目标调整：{summary}", description=f"办理人：{who}。", request=DecisionSerializer,
        responses={200: AdjustmentDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 409: STALE})(act)


@extend_schema_view(
    list=extend_schema(summary="目标调整申请列表", description="按用户的数据范围；status=awaiting 为待我办理。"),
    retrieve=extend_schema(summary="目标调整申请详情", description="含调整内容、办理记录和附件。"),
)
class AdjustmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """目标调整 (SPEC §7): group → its commander signs → office reviews → leader approves."""

    filterset_class = AdjustmentFilterSet

    def get_queryset(self):
        adjustments = TargetAdjustment.objects.select_related(
            "target", "target__plan", "target__group", "requested_by").prefetch_related("lines")
        return restrict(self.request.user, adjustments)

    def get_serializer_class(self):
        return AdjustmentSerializer if self.action == "list" else AdjustmentDetailSerializer

    @extend_schema(summary="提出目标调整申请（本组联络员或指挥长）",
                   description="multipart/form-data，附调整请示扫描件（attachment）。只填要调整的目标；"
                               "重新提交被退回的申请时传 previous。",
                   request={"multipart/form-data": AdjustmentRequestSerializer},
                   responses={201: AdjustmentDetailSerializer, 400: REFUSED, 403: FORBIDDEN})
    def create(self, request):
        serializer = AdjustmentRequestSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        changes = {field: data.get(field) for field in workflow.TARGET_FIELDS}
        with service_errors():
            adjustment = workflow.submit_adjustment(
                data["target"], changes, reason=data.get("reason", ""),
                attachment=data.get("attachment"), user=request.user,
                previous=data.get("previous"), via="api")
        return Response(AdjustmentDetailSerializer(adjustment, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    sign = decision("sign")
    review = decision("review")
    approve = decision("approve")
    reject = decision("reject")
