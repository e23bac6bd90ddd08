"""/api/stats/ (the CLI's JSON) and /api/stats/sanqi/, over the groups the user may see."""
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from zhaoshang.core.api.params import parse_as_of, parse_year
from zhaoshang.core.formats import json_money, json_ratio
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope, restrict
from zhaoshang.stats.figures import NoPlan, year_figures
from zhaoshang.stats.sanqi import RATES, four_rates
from zhaoshang.stats.serialize import figures_json

from .serializers import SanqiRates, YearFigures

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="年度，默认截止日期所在年度或今年")
AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE,
                         description="截止日期 YYYY-MM-DD，默认该年 12 月 31 日（三企入桂四率默认今天）")
BAD_REQUEST = OpenApiResponse(description="参数错误，如 {\"as_of\": [\"截止日期「2021-13-01」无效，应为 YYYY-MM-DD，如 2021-06-30\"]}")


class StatsView(APIView):
    @extend_schema(
        summary="年度统计（与命令行 --json 相同）",
        description="SPEC §5 的各项统计数与完成率，按产业招商组与全县。产业招商组成员只看到本组："
                    "groups 只有本组，county 的统计数为本组（各组）之和，目标仍为县级目标。",
        parameters=[YEAR, AS_OF],
        responses={200: YearFigures, 400: BAD_REQUEST,
                   404: OpenApiResponse(description="该年度没有年度计划")})
    def get(self, request):
        as_of = parse_as_of(request.query_params)
        year = parse_year(request.query_params, as_of)
        try:
            result = year_figures(year, as_of, scope=Scope.of(request.user))
        except NoPlan as exc:
            raise NotFound(str(exc)) from None
        except ValueError as exc:  # the as-of date lies outside the year
            raise ValidationError({"as_of": [str(exc)]}) from None
        return Response(figures_json(result))


def sanqi_cell(cell):
    return {"signed": cell["signed"], "exited": cell["exited"], "started": cell["started"],
            "producing": cell["producing"], "contracted": json_money(cell["contracted"]),
            "funds": json_money(cell["funds"]), **{r: json_ratio(cell[r]) for r in RATES}}


class SanqiView(APIView):
    @extend_schema(
        summary="三企入桂四率",
        description="每个签约批次一组：协议履约率、项目开工率、竣工投产率、资金到位率，按截止日期计。"
                    "产业招商组成员只看到本组，total 为本组（各组）之和。",
        parameters=[AS_OF], responses={200: SanqiRates, 400: BAD_REQUEST})
    def get(self, request):
        as_of = parse_as_of(request.query_params) or timezone.localdate()
        groups = restrict(request.user, IndustryGroup.objects.order_by("position", "id"))
        result = four_rates(as_of, scope=Scope.of(request.user))
        batches = []
        for batch in sorted(result):
            cells = result[batch]
            batches.append({
                "batch": batch,
                "total": sanqi_cell(cells[None]),
                "groups": [{"code": g.code, "name": g.name, **sanqi_cell(cells[g.pk])}
                           for g in groups if g.pk in cells],
            })
        return Response({"as_of": as_of.isoformat(), "batches": batches})
