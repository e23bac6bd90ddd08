"""/api/periods/ and /api/submissions/: the reporting cycle of SPEC §6 over the API.

Submissions are scoped by `restrict(user)`: another group's report is a 404 and never listed.
Every write goes through `reports.services`, which decides who may (403 otherwise): a group's
liaison (or the office) submits, the office returns, accepts and locks.
"""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from zhaoshang.core.api import service_errors
from zhaoshang.core.api.params import parse_year
from zhaoshang.core.params import default_year
from zhaoshang.org.api.base import ScopedViewSet
from zhaoshang.org.scope import EditorsCreate, OfficeWrites, Scope
from rest_framework.permissions import IsAuthenticated
from zhaoshang.plans.models import AnnualPlan

from .. import cycle, services
from ..filtersets import PeriodFilterSet, SubmissionFilterSet
from ..models import ReportPeriod, Submission
from .serializers import (Board, CommentSerializer, LockSerializer, PeriodSerializer,
                          SubmissionDetailSerializer, SubmissionSerializer, SubmitSerializer)

REFUSED = OpenApiResponse(description="不能办理：中文原因，如已锁定、尚未开始、已报送待审；未写入任何数据")
FORBIDDEN = OpenApiResponse(description="没有权限（detail 为中文说明）")
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="年度，默认最近的年度计划")
KIND = OpenApiParameter("kind", OpenApiTypes.STR, enum=ReportPeriod.Kind.values,
                        description="quarter 季报（默认）、month 月报")


def plan_year(params):
    """?year= of a plan (default as the pages: `default_year`); 404 for a year without a plan."""
    years = list(AnnualPlan.objects.order_by("-year").values_list("year", flat=True))
    if not params.get("year", "").strip():
        if not years:
            raise NotFound("尚未导入年度计划，请先运行 zhaoshang loadplan")
        return default_year(years)
    year = parse_year(params, None)
    if year not in years:
        raise NotFound(f"没有 {year} 年的年度计划")
    return year


@extend_schema_view(
    list=extend_schema(summary="报送期列表",
                       description="月报、季报及其截止日。年度计划下达时开设该年度的报送期。"),
    retrieve=extend_schema(summary="报送期详情"))
class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """报送期: no group's data, so everyone signed in reads them."""

    queryset = ReportPeriod.objects.all()
    serializer_class = PeriodSerializer
    filterset_class = PeriodFilterSet
    permission_classes = [IsAuthenticated, OfficeWrites]  # locking is the office's

    @extend_schema(summary="锁定或解锁报送期（办公室）", request=LockSerializer,
                   responses={200: PeriodSerializer, 403: FORBIDDEN})
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        period = self.get_object()  # 404, then 403 for anyone but the office, before the body
        serializer = LockSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        period = services.set_locked(period, serializer.validated_data["locked"],
                                     request.user, via="api")
        return Response(PeriodSerializer(period).data)


@extend_schema_view(
    list=extend_schema(summary="报送记录列表",
                       description="每组每个报送期的每个版本（不含冻结数据）；按用户的数据范围。"),
    retrieve=extend_schema(summary="报送记录详情",
                           description="含报送时冻结的附件2项目行（rows）和本组统计数（figures）。"),
)
class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    permission_classes = [IsAuthenticated, EditorsCreate]  # a reader creates nothing
    create_message = "只有本组联络员或领导小组办公室可以报送本组报告"
    filterset_class = SubmissionFilterSet

    def base_queryset(self):
        submissions = Submission.objects.select_related(
            "period", "group", "submitted_by", "returned_by", "accepted_by")
        if self.action == "list":
            submissions = submissions.defer("rows", "figures")
        return submissions

    def get_serializer_class(self):
        return SubmissionSerializer if self.action == "list" else SubmissionDetailSerializer

    @extend_schema(summary="报送（本组联络员，或办公室代报）",
                   description="冻结本组此刻的附件2项目行和统计数，作为该报送期的新版本；是否按时以报送时刻"
                               "与截止日 24 时比较。已报送的版本被办公室退回后才能再次报送。",
                   request=SubmitSerializer,
                   responses={201: SubmissionDetailSerializer, 400: REFUSED, 403: FORBIDDEN})
    def create(self, request):
        serializer = SubmitSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            submission = services.submit(data["period"], data["group"], request.user, via="api")
        return Response(SubmissionDetailSerializer(submission, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="退回（办公室）", description="退回最新版本并通知本组联络员重新报送。",
                   request=CommentSerializer,
                   responses={200: SubmissionDetailSerializer, 400: REFUSED, 403: FORBIDDEN})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            submission = services.return_submission(
                self.get_object(), request.user, serializer.validated_data.get("comment", ""), via="api")
        return Response(self.get_serializer(submission).data)

    @extend_schema(summary="确认（办公室）", request=None,
                   responses={200: SubmissionDetailSerializer, 400: REFUSED, 403: FORBIDDEN})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        with service_errors():
            submission = services.accept(self.get_object(), request.user, via="api")
        return Response(self.get_serializer(submission).data)

    @extend_schema(summary="报送情况一览",
                   description="每个报送期、每组：按时 / 逾期（天数）/ 已退回 / 未报送 / 未到期。"
                               "产业招商组成员只看到本组。",
                   parameters=[YEAR, KIND],
                   responses={200: Board, 400: OpenApiResponse(description="参数错误"),
                              404: OpenApiResponse(description="该年度没有年度计划")})
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def board(self, request):
        params = request.query_params
        kind = params.get("kind", "").strip() or ReportPeriod.Kind.QUARTER
        if kind not in ReportPeriod.Kind.values:
            raise ValidationError({"kind": [f"报表类别「{kind}」无效，应为 quarter（季报）或 month（月报）"]})
        year = plan_year(params)
        data = cycle.status_board(year, kind, scope=Scope.of(request.user))
        periods = []
        for period, cells in data["rows"]:
            row = PeriodSerializer(period).data
            row["cells"] = [{"group": cell.group.code, "status": cell.status, "label": cell.label,
                             "days_late": cell.days_late, "versions": len(cell.versions),
                             "latest": cell.latest.pk if cell.latest else None} for cell in cells]
            periods.append(row)
        return Response({"year": year, "kind": kind,
                         "groups": [{"code": g.code, "name": g.name} for g in data["groups"]],
                         "periods": periods, "counts": data["counts"]})
