"""/api/assessment/: the scorecards (`assess --json`) of the groups the user may see, ranks
county-wide; /api/assessment/scores/ and /api/assessment/scheme/<year>/: everyone in scope reads,
only the office writes, through `assessment.services`."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zhaoshang.core.api import service_errors
from zhaoshang.core.api.params import parse_year, year_and_as_of
from zhaoshang.core.params import default_year
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import OfficeWrites, Scope, require_office, restrict
from zhaoshang.plans.models import AnnualPlan

from ..models import ManualScore
from ..scorecard import assess, assessment_json
from ..services import MANUAL_LINES, SCHEME_FIELDS, save_manual_scores, save_scheme, scheme_for
from ..views import READ_ONLY
from .serializers import (AssessmentResult, ManualScoreSerializer, SchemeInput, SchemeSerializer,
                          ScoresInput)

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="年度，默认截止日期所在年度或最近的年度计划")
AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE,
                         description="截止日期 YYYY-MM-DD，默认今天（该年度已过则为 12 月 31 日）")
GROUP = OpenApiParameter("group", OpenApiTypes.STR, description="产业招商组代码")
BAD_REQUEST = OpenApiResponse(description="参数或数值有误：各字段的中文原因；未写入任何数据")
NO_PLAN = OpenApiResponse(description="该年度没有年度计划")
OFFICE_ONLY = OpenApiResponse(description="只有领导小组办公室可以修改（detail 为中文说明）")


def plan_or_404(year):
    if not AnnualPlan.objects.filter(year=year).exists():
        raise NotFound(f"没有 {year} 年的年度计划")
    return year


class AssessmentView(APIView):
    @extend_schema(summary="绩效考评（与命令行 assess --json 相同）",
                   description="各组计分表：每项得分及其公式、输入和原因，总分和全县名次。"
                               "产业招商组成员只看到本组（名次仍是全县名次）。",
                   parameters=[YEAR, AS_OF],
                   responses={200: AssessmentResult, 400: BAD_REQUEST, 404: NO_PLAN})
    def get(self, request):
        years = list(AnnualPlan.objects.values_list("year", flat=True))
        year, as_of = year_and_as_of(request.query_params, years)
        try:
            result = assess(plan_or_404(year), as_of)
        except ValueError as exc:
            raise ValidationError({"as_of": [str(exc)]}) from None
        scope = Scope.of(request.user)
        data = assessment_json(result)
        if not scope.is_everything:
            codes = {card.group.code for card in result.cards if scope.includes(card.group.pk)}
            data["groups"] = [row for row in data["groups"] if row["code"] in codes]
        return Response(data)


class ScoresView(APIView):
    permission_classes = [IsAuthenticated, OfficeWrites]  # everyone in scope reads; the office scores
    office_message = READ_ONLY

    @extend_schema(summary="办公室评分",
                   description="重点项目协调服务、项目策划包装、其他工作三项的得分和评分说明；按用户的数据范围。",
                   parameters=[YEAR, GROUP],
                   responses={200: ManualScoreSerializer(many=True), 400: BAD_REQUEST, 404: NO_PLAN})
    def get(self, request):
        params = request.query_params
        if params.get("year", "").strip():
            year = plan_or_404(parse_year(params, None))
        else:
            years = list(AnnualPlan.objects.values_list("year", flat=True))
            year = default_year(years) if years else None
        scores = restrict(request.user, ManualScore.objects.filter(year=year)
                          .select_related("group", "entered_by"))
        code = params.get("group", "").strip()
        if code:
            group = restrict(request.user, IndustryGroup.objects.all()).filter(code=code).first()
            if group is None:
                raise ValidationError({"group": ["产业招商组不存在"]})
            scores = scores.filter(group=group)
        return Response(ManualScoreSerializer(scores, many=True).data)

    @extend_schema(summary="录入办公室评分（办公室）",
                   description="只改给出的项目；points 留空或为 null 即撤销该项评分。低于满分须写评分说明。"
                               "返回该组该年度的全部办公室评分。",
                   request=ScoresInput,
                   responses={200: ManualScoreSerializer(many=True), 400: BAD_REQUEST, 403: OFFICE_ONLY})
    def put(self, request):
        serializer = ScoresInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entries = {line: dict(data[line]) for line in MANUAL_LINES if line in data}
        with service_errors():
            save_manual_scores(data["group"], data["year"], entries, user=request.user, via="api")
        scores = ManualScore.objects.filter(year=data["year"], group=data["group"]) \
            .select_related("group", "entered_by")
        return Response(ManualScoreSerializer(scores, many=True).data)


class SchemeView(APIView):
    @extend_schema(summary="考评方案",
                   description="该年度的权重、加分和减分规则；首次查看时按 SPEC §8 的默认方案建立。",
                   responses={200: SchemeSerializer, 404: NO_PLAN})
    def get(self, request, year):
        return Response(SchemeSerializer(scheme_for(plan_or_404(year))).data)

    @extend_schema(summary="修改考评方案（办公室）",
                   description="整份提交：八项基本分合计 100 分；与已录入评分冲突时不保存并说明原因。",
                   request=SchemeInput,
                   responses={200: SchemeSerializer, 400: BAD_REQUEST, 403: OFFICE_ONLY, 404: NO_PLAN})
    def put(self, request, year):
        plan_or_404(year)
        require_office(request.user, READ_ONLY)
        serializer = SchemeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        values = {name: data.get(name) for name in SCHEME_FIELDS}
        with service_errors():
            scheme = save_scheme(year, values, user=request.user, via="api", reason=data.get("reason", ""))
        return Response(SchemeSerializer(scheme).data)
