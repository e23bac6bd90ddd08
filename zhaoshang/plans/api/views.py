"""/api/plans/ (county targets: everyone reads, the office creates, edits and issues through
`plans.annual`), /api/targets/ (group targets, read-only); /api/adjustments/ (目标调整) within
`restrict(user)`, every step through `plans.workflow`, which decides who acts."""
import django_filters as filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from zhaoshang.core.api import Conflict, field_errors, service_errors
from zhaoshang.core.filters import YearFilter
from zhaoshang.org.api.base import ScopedReadOnlyViewSet, ScopedViewSet
from zhaoshang.org.scope import EditorsCreate, require_office
from rest_framework.permissions import IsAuthenticated

from .. import annual, workflow
from ..filtersets import AdjustmentFilterSet
from ..models import AnnualPlan, GroupTarget, TargetAdjustment
from .serializers import (AdjustmentDetailSerializer, AdjustmentRequestSerializer, AdjustmentSerializer,
                          DecisionSerializer, IssueSerializer, PlanChangeSerializer,
                          PlanCreateSerializer, PlanSerializer, TargetSerializer)


OFFICE_ONLY = "年度计划由领导小组办公室录入和下达，您的角色只能查看"
REFUSED = OpenApiResponse(description="不能办理：各字段或 non_field_errors 的中文原因；未写入任何数据")
NOT_OFFICE = OpenApiResponse(description="只有领导小组办公室录入、修改和下达年度计划（detail 为中文说明）")


def plan_errors(exc):
    """`annual`'s errors with a group's target errors (`forestry-funds_target`,
    `forestry-targets`) under "targets" by group code, as the request sends them."""
    errors, targets = {}, {}
    for key, messages in field_errors(exc).items():
        code, dash, field = key.rpartition("-")
        if dash:
            name = api_settings.NON_FIELD_ERRORS_KEY if field == "targets" else field
            targets.setdefault(code, {})[name] = messages
        else:
            errors[key] = messages
    if targets:
        errors["targets"] = targets
    return errors


@extend_schema_view(
    list=extend_schema(summary="年度计划列表", description="各年度县级目标任务（市下达）与统计起点。"),
    retrieve=extend_schema(summary="年度计划（按年度）"))
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every role reads the county's targets (the plan document's); only the office enters a
    new year's plan, edits it while a draft and issues it (`plans.annual`)."""

    queryset = AnnualPlan.objects.all()
    serializer_class = PlanSerializer
    lookup_field = "year"
    filterset_fields = ["year"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def plan_response(self, plan, code=status.HTTP_200_OK):
        return Response(PlanSerializer(AnnualPlan.objects.get(pk=plan.pk)).data, status=code)

    @extend_schema(summary="新建年度计划草案（办公室）",
                   description="每个产业招商组一行目标；copy_from 给出年度时复制该年度计划的县级和各组目标，"
                               "否则为 0。方案名称按年度生成，之后可修改。",
                   request=PlanCreateSerializer,
                   responses={201: PlanSerializer, 400: REFUSED, 403: NOT_OFFICE})
    def create(self, request):
        require_office(request.user, OFFICE_ONLY)
        serializer = PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            plan = annual.create_plan(data["year"], copy_from=data.get("copy_from"),
                                      actor=request.user, via="api")
        return self.plan_response(plan, status.HTTP_201_CREATED)

    @extend_schema(summary="修改年度计划（办公室）",
                   description="只传要修改的项。草案中可改县级目标和各组目标（targets，按组代码）；"
                               "已下达的计划只能改方案名称和文号，目标只能通过目标调整变更。"
                               "各组目标的错误在 targets.{组代码}.{目标} 下。",
                   request=PlanChangeSerializer,
                   responses={200: PlanSerializer, 400: REFUSED, 403: NOT_OFFICE})
    def partial_update(self, request, year=None):
        plan = self.get_object()
        require_office(request.user, OFFICE_ONLY)
        serializer = PlanChangeSerializer(data=request.data, context={"plan": plan})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        targets, reason = data.pop("targets", None), data.pop("reason", "")
        try:
            plan = annual.update_plan(plan, data, targets=targets, reason=reason,
                                      actor=request.user, via="api")
        except DjangoValidationError as exc:
            raise ValidationError(plan_errors(exc)) from None
        return self.plan_response(plan)

    @extend_schema(summary="下达年度计划（办公室）",
                   description="草案成为本年度的计划；此后各组目标只能通过目标调整变更。"
                               "须先填写全县到位资金和新签约项目数目标，并分解到各组。",
                   request=IssueSerializer,
                   responses={200: PlanSerializer, 400: REFUSED, 403: NOT_OFFICE})
    @action(detail=True, methods=["post"])
    def issue(self, request, year=None):
        plan = self.get_object()
        require_office(request.user, OFFICE_ONLY)
        serializer = IssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            plan = annual.issue_plan(plan, issued_on=serializer.validated_data.get("issued_on"),
                                     actor=request.user, via="api")
        return self.plan_response(plan)


class TargetFilterSet(filters.FilterSet):
    year = YearFilter(field_name="plan__year", label="年度")
    group = filters.CharFilter(field_name="group__code", label="产业招商组代码")

    class Meta:
        model = GroupTarget
        fields = []


@extend_schema_view(list=extend_schema(summary="产业招商组目标任务",
                                       description="附件1 各组的四项目标；按用户的数据范围。"),
                    retrieve=extend_schema(summary="产业招商组目标任务详情"))
class TargetViewSet(ScopedReadOnlyViewSet):
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet

    def base_queryset(self):
        targets = GroupTarget.objects.select_related("plan", "group")
        return targets


# 目标调整 --------------------------------------------------------------------------------------

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
class AdjustmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """目标调整 (SPEC §7): group → its commander signs → office reviews → leader approves."""

    permission_classes = [IsAuthenticated, EditorsCreate]  # a reader creates nothing
    create_message = "只有产业招商组的联络员或指挥长可以提出本组的目标调整申请"

    filterset_class = AdjustmentFilterSet

    def base_queryset(self):
        adjustments = TargetAdjustment.objects.select_related(
            "target", "target__plan", "target__group", "requested_by").prefetch_related("lines")
        return adjustments

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
