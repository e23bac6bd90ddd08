"""/api/trips/: 外出招商考察 within `restrict(user)`, every write through `trips.services`;
/api/trips/compliance/: the two-month windows of each group the user may see."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zhaoshang.core.api import service_errors
from zhaoshang.core.api.params import year_and_as_of
from zhaoshang.core.formats import json_ratio
from zhaoshang.org.api.base import ScopedModelViewSet
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import MayEdit, restrict
from zhaoshang.plans.models import AnnualPlan

from .. import services
from ..compliance import CLOSING_DAYS, Status, compliance_matrix, windows
from ..filtersets import TripFilterSet
from ..models import Trip
from .serializers import Compliance, TripSerializer

FIELDS = ["group", "start_on", "end_on", "destination", "region", "leader", "participants",
          "enterprises", "outcome"]
REASON = OpenApiParameter("reason", OpenApiTypes.STR, required=True,
                          description="删除原因（必填，也可放在 JSON 请求体中），记入变更记录")
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="年度，默认截止日期所在年度或最近的年度计划")
AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE,
                         description="截止日期 YYYY-MM-DD，默认今天（该年度已过则为 12 月 31 日）")
UPLOAD = "考察报告用 multipart/form-data 上传（字段 report）；不传文件时也可用 JSON。"


@extend_schema_view(
    list=extend_schema(summary="外出招商考察列表", description="按用户的数据范围；筛选与列表页相同。"),
    retrieve=extend_schema(summary="外出招商考察详情"),
    create=extend_schema(summary="登记外出招商考察", description=UPLOAD),
    update=extend_schema(summary="修改外出招商考察", description=UPLOAD),
    partial_update=extend_schema(summary="修改外出招商考察", description="只传要改的字段。" + UPLOAD),
    destroy=extend_schema(summary="删除外出招商考察", parameters=[REASON],
                          description="删除的记录和原因保留在变更记录中。"),
)
class TripViewSet(ScopedModelViewSet):
    serializer_class = TripSerializer
    filterset_class = TripFilterSet
    permission_classes = [IsAuthenticated, MayEdit]

    def base_queryset(self):
        return Trip.objects.select_related("group", "created_by")

    def group_id_of(self, trip):
        return trip.group_id

    def values(self, data):
        return {name: data[name] for name in FIELDS if name in data}

    def perform_create(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.create_trip(
                self.values(data), report=data.get("report"), user=self.request.user, via="api")

    def perform_update(self, serializer):
        data = serializer.validated_data
        with service_errors():
            serializer.instance = services.update_trip(
                serializer.instance, self.values(data), report=data.get("report"),
                remove_report=data.get("remove_report", False), user=self.request.user, via="api",
                reason=data.get("reason", ""))

    def perform_destroy(self, trip):
        body = self.request.data if hasattr(self.request.data, "get") else {}
        reason = self.request.query_params.get("reason") or body.get("reason") or ""
        with service_errors():
            services.delete_trip(trip, reason=str(reason), user=self.request.user, via="api")

    @extend_schema(summary="每两个月外出招商考察情况",
                   description="每组一年六个时段（1–2月…11–12月）：已外出考察 / 未外出考察 / 进行中 / "
                               "即将到期 / 未到；考察按出发日期计入时段。产业招商组成员只看到本组。",
                   parameters=[YEAR, AS_OF],
                   responses={200: Compliance, 400: OpenApiResponse(description="参数错误")})
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def compliance(self, request):
        years = list(AnnualPlan.objects.values_list("year", flat=True))
        year, as_of = year_and_as_of(request.query_params, years)
        groups = list(restrict(request.user, IndustryGroup.objects.order_by("position", "id")))
        matrix = compliance_matrix(groups, year, as_of, trips=restrict(request.user, Trip.objects.all()))
        rows, counts = [], {status: 0 for status in Status.values}
        for group, statuses, share in matrix:
            for state in statuses:
                counts[state.status] += 1
            rows.append({
                "code": group.code, "name": group.name, "covered": sum(s.covered for s in statuses),
                "share": json_ratio(share),
                "windows": [{"number": s.window.number, "status": s.status,
                             "status_label": Status(s.status).label, "days_left": s.days_left,
                             "trips": [{"id": t.pk, "start_on": t.start_on.isoformat(),
                                        "destination": t.destination} for t in s.trips]}
                            for s in statuses],
            })
        return Response({
            "year": year, "as_of": as_of.isoformat(), "closing_days": CLOSING_DAYS,
            "windows": [{"number": w.number, "label": w.label, "start": w.start.isoformat(),
                         "end": w.end.isoformat()} for w in windows(year)],
            "groups": rows, "counts": counts,
        })
