"""/api/projects/, /api/funds/ and /api/exits/: the scope of `restrict(user)`, every write through
the services (which decide who may approve an exit)."""
import django_filters as filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (OpenApiParameter, OpenApiResponse, extend_schema,
                                   extend_schema_view)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zhaoshang.core.api import Conflict, field_errors, service_errors
from zhaoshang.core.api.etag import STALE_IF_MATCH, PreconditionFailed, VersionETag, if_match
from zhaoshang.core.filters import IdFilter
from zhaoshang.org.api.base import ScopedModelViewSet, ScopedViewSet
from zhaoshang.org.filters import ScopedFilterSet, group_filter
from zhaoshang.org.scope import EditorsCreate, MayEdit

from ..filtersets import ExitRequestFilterSet, ProjectFilterSet
from ..models import ExitRequest, FundsRecord, Project
from ..services import (add_funds, approve_exit, reject_exit, remove_funds, request_exit,
                        save_project, update_funds)
from ..tables import funds_sum
from .serializers import (ExitDecisionSerializer, ExitRequestCreateSerializer, ExitRequestSerializer,
                          FundsSerializer, ProjectSerializer)


STALE = OpenApiResponse(description="版本过期：他人已先保存，请重新读取后再修改（detail 为中文说明）")
STALE_TAG = OpenApiResponse(description="If-Match 与当前版本（ETag）不符：他人已先保存，未写入任何数据")
IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
                            description="读取时得到的 ETag（如 \"3\"）。记录已被他人修改时返回 412，不会覆盖")


@extend_schema_view(
    list=extend_schema(summary="项目列表", description="按用户的数据范围；筛选与项目列表页相同。"),
    retrieve=extend_schema(summary="项目详情"),
    create=extend_schema(summary="新建项目"),
    update=extend_schema(summary="修改项目（全部字段）", parameters=[IF_MATCH],
                         responses={200: ProjectSerializer, 409: STALE, 412: STALE_TAG}),
    partial_update=extend_schema(
        summary="修改项目",
        description="只传要改的字段。改 stage 即阶段变更，须同时提供新阶段要求的字段（SPEC §4）。"
                    "请带上读取时的 ETag（请求头 If-Match，不符返回 412）或 version（不符返回 409），"
                    "以免覆盖他人的修改。",
        parameters=[IF_MATCH], responses={200: ProjectSerializer, 409: STALE, 412: STALE_TAG}),
)
class ProjectViewSet(VersionETag, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """招商项目. No DELETE: a project leaves the pipeline by the stage 退出."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    permission_classes = [IsAuthenticated, MayEdit]

    def base_queryset(self):
        projects = Project.objects.select_related("group").annotate(funds_total=funds_sum())
        return projects

    def group_id_of(self, project):
        return project.group_id

    def perform_create(self, serializer):
        serializer.instance = self.save(serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = self.save(serializer.validated_data, serializer.instance)

    def save(self, data, project=None):
        values = dict(data)
        reason = values.pop("reason", "")
        version = values.pop("version", None) if project else None
        values.pop("version", None)  # a new project starts at version 1 whatever is sent
        tagged = if_match(self.request, project.version) if project else None
        expected = version if version is not None else tagged
        try:
            saved = save_project(values, project=project, user=self.request.user, via="api",
                                 reason=reason, expected_version=expected)
        except DjangoValidationError as exc:
            if expected is not None and not Project.objects.filter(pk=project.pk, version=expected).exists():
                if version is None:
                    raise PreconditionFailed(STALE_IF_MATCH) from None
                raise Conflict(exc.messages[0]) from None
            raise serializers.ValidationError(field_errors(exc)) from None
        # Read back through the annotated queryset: the answer shows what is stored.
        return self.get_queryset().get(pk=saved.pk)


class FundsFilterSet(ScopedFilterSet):
    project = IdFilter(field_name="project_id", label="项目ID")
    group = group_filter(field_name="project__group")
    date = filters.DateFromToRangeFilter(label="到位日期（date_after 起，date_before 止，含当天）")

    class Meta:
        model = FundsRecord
        fields = []


REASON = OpenApiParameter("reason", OpenApiTypes.STR, required=True,
                          description="删除原因（必填，也可放在 JSON 请求体中），记入变更记录")


@extend_schema_view(
    list=extend_schema(summary="到位资金列表"),
    retrieve=extend_schema(summary="到位资金详情"),
    create=extend_schema(summary="登记到位资金", description="同一项目同一天只有一条记录。"),
    update=extend_schema(summary="修改到位资金"),
    partial_update=extend_schema(summary="修改到位资金"),
    destroy=extend_schema(summary="删除到位资金", parameters=[REASON]),
)
class FundsViewSet(ScopedModelViewSet):
    """到位资金: dated amounts that arrived for a project, in 万元."""

    serializer_class = FundsSerializer
    filterset_class = FundsFilterSet
    permission_classes = [IsAuthenticated, MayEdit]

    def base_queryset(self):
        return FundsRecord.objects.select_related("project")

    def group_id_of(self, funds):
        return funds.project.group_id

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = add_funds(data["project"], date=data["date"], amount=data["amount"],
                                            note=data.get("note", ""), user=self.request.user,
                                            via="api")

    def perform_update(self, serializer):
        funds, data = serializer.instance, serializer.validated_data
        with service_errors():
            serializer.instance = update_funds(
                funds, date=data.get("date", funds.date), amount=data.get("amount", funds.amount),
                note=data.get("note", funds.note), reason=data.get("reason", ""),
                user=self.request.user, via="api")

    def perform_destroy(self, funds):
        body = self.request.data if hasattr(self.request.data, "get") else {}
        reason = self.request.query_params.get("reason") or body.get("reason") or ""
        with service_errors():
            remove_funds(funds, reason=str(reason), user=self.request.user, via="api")


# 项目退出 --------------------------------------------------------------------------------------

# The service names the request's fields as the project does; the API calls them reason, reason_text.
EXIT_FIELD_NAMES = {"exit_reason": "reason", "exit_reason_text": "reason_text"}
EXIT_REFUSED = OpenApiResponse(description="不能办理：各字段或 non_field_errors 的中文原因；未写入任何数据")
EXIT_FORBIDDEN = OpenApiResponse(description="没有权限（detail 为中文说明）")


@extend_schema_view(
    list=extend_schema(summary="项目退出申请列表", description="按用户的数据范围；status=awaiting 为待我审批。"),
    retrieve=extend_schema(summary="项目退出申请详情"),
)
class ExitRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """退出申请 (SPEC §7): the group asks, its commander or the office approves or rejects."""

    permission_classes = [IsAuthenticated, EditorsCreate]  # a reader creates nothing
    create_message = "只有本组联络员、指挥长或领导小组办公室可以申请项目退出"

    serializer_class = ExitRequestSerializer
    filterset_class = ExitRequestFilterSet

    def base_queryset(self):
        requests = ExitRequest.objects.select_related("project", "project__group", "requested_by",
                                                      "decided_by")
        return requests

    def answer(self, exit_request, **kwargs):
        exit_request = self.get_queryset().get(pk=exit_request.pk)  # as stored, with its relations
        return Response(self.get_serializer(exit_request).data, **kwargs)

    @extend_schema(summary="申请项目退出（本组联络员、指挥长或办公室）",
                   description="退出日期和原因按 SPEC §4 的退出规则检查；批准后项目转入「退出」阶段。",
                   request=ExitRequestCreateSerializer,
                   responses={201: ExitRequestSerializer, 400: EXIT_REFUSED, 403: EXIT_FORBIDDEN})
    def create(self, request):
        serializer = ExitRequestCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            exit_request = request_exit(data["project"], exited_on=data.get("exited_on"),
                                        exit_reason=data.get("reason", ""),
                                        exit_reason_text=data.get("reason_text", ""),
                                        note=data.get("note", ""), user=request.user, via="api")
        except DjangoValidationError as exc:
            errors = field_errors(exc)
            raise serializers.ValidationError(
                {EXIT_FIELD_NAMES.get(name, name): texts for name, texts in errors.items()}) from None
        return self.answer(exit_request, status=201)

    def decide(self, request, function):
        exit_request = self.get_object()
        serializer = ExitDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            function(exit_request, user=request.user, via="api",
                     comment=serializer.validated_data.get("comment", ""))
        return self.answer(exit_request)

    @extend_schema(summary="批准项目退出（本组指挥长或办公室）",
                   description="项目自退出日期起转入「退出」阶段，不再计入统计。",
                   request=ExitDecisionSerializer,
                   responses={200: ExitRequestSerializer, 400: EXIT_REFUSED, 403: EXIT_FORBIDDEN})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.decide(request, approve_exit)

    @extend_schema(summary="退回项目退出申请（本组指挥长或办公室）", description="须填写审批意见。",
                   request=ExitDecisionSerializer,
                   responses={200: ExitRequestSerializer, 400: EXIT_REFUSED, 403: EXIT_FORBIDDEN})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.decide(request, reject_exit)
