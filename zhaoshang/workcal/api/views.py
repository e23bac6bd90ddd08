"""/api/calendar/<year>/: the working-day calendar of a year (everyone signed in reads: it holds
no group's data); the office enters or removes the State Council's notice through the services."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from zhaoshang.core.api import service_errors
from zhaoshang.org.scope import require_office

from .. import services
from ..calendar import SOURCE_LABELS, WorkCalendar
from ..display import year_entries
from ..views import OFFICE_ONLY
from .serializers import CalendarYear, HolidayNoticeSerializer

BAD_NOTICE = OpenApiResponse(description="通知有误：各字段的中文原因，如 "
                                         "{\"working_weekends\": [\"调休上班日 2030-01-28 是星期一…\"]}；未保存")
REASON = OpenApiParameter("reason", OpenApiTypes.STR, description="删除原因（可选），记入变更记录")


def calendar_json(year):
    calendar = WorkCalendar()
    source = calendar.source(year)
    holidays, weekends, notice = year_entries(year, source.source)
    return {
        "year": year, "source": source.source, "source_label": SOURCE_LABELS[source.source],
        "warning": source.warning, "reference": notice.reference if notice else None,
        "holidays": [{"name": h.name, "first_day": h.first_day.isoformat(),
                      "last_day": h.last_day.isoformat()} for h in holidays],
        "working_weekends": [day.isoformat() for day in weekends],
        "deadlines": {"year": year,
                      "quarterly": [day.isoformat() for day in calendar.quarterly(year)],
                      "monthly": [day.isoformat() for day in calendar.monthly(year)]},
    }


class CalendarView(APIView):
    def year(self, year):
        if not services.MIN_YEAR <= year <= services.MAX_YEAR:
            raise NotFound(f"没有这个年度（{services.MIN_YEAR}–{services.MAX_YEAR}）")
        return year

    @extend_schema(summary="工作日历与报送期限",
                   description="日历来源、节假日、调休上班日和季报、月报截止日（deadlines 与命令行 "
                               "`zhaoshang deadlines --json` 相同）。没有节假日数据的年度按周一至周五计算，"
                               "warning 给出提醒。",
                   responses={200: CalendarYear, 404: OpenApiResponse(description="年度超出范围")})
    def get(self, request, year):
        return Response(calendar_json(self.year(year)))

    @extend_schema(summary="录入节假日安排（办公室）",
                   description="整份保存国务院办公厅通知：放假安排和调休上班日替换该年已录入的内容，"
                               "报送期限随之重新计算。",
                   request=HolidayNoticeSerializer,
                   responses={200: CalendarYear, 400: BAD_NOTICE,
                              403: OpenApiResponse(description="只有领导小组办公室可以录入")})
    def put(self, request, year):
        self.year(year)
        require_office(request.user, OFFICE_ONLY)
        serializer = HolidayNoticeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            services.save_notice(year, reference=data["reference"],
                                 holidays=[dict(row) for row in data["holidays"]],
                                 working_weekends=data["working_weekends"],
                                 user=request.user, via="api")
        return Response(calendar_json(year))

    @extend_schema(summary="删除办公室录入的节假日安排（办公室）",
                   description="该年度改按 chinesecalendar 数据或周一至周五计算。",
                   parameters=[REASON],
                   responses={204: None, 400: OpenApiResponse(description="该年度没有办公室录入的安排"),
                              403: OpenApiResponse(description="只有领导小组办公室可以删除")})
    def delete(self, request, year):
        self.year(year)
        require_office(request.user, OFFICE_ONLY)
        body = request.data if hasattr(request.data, "get") else {}
        reason = request.query_params.get("reason") or body.get("reason") or ""
        with service_errors():
            services.delete_notice(year, user=request.user, via="api", reason=str(reason))
        return Response(status=204)
