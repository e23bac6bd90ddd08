"""The assessment over the API: the `assess --json` shape, the office's manual scores and the
year's scheme. Parsing only: points are passed as written to `assessment.services`, whose
Chinese messages say what is wrong."""
from rest_framework import serializers

from zhaoshang.org.api.base import GroupCodeField

from ..models import ManualScore, Scheme
from ..scorecard import LINE_KEYS
from ..services import MANUAL_LINES, RULE_FIELDS, WEIGHT_FIELDS


class AssessmentLine(serializers.Serializer):
    key = serializers.ChoiceField(choices=LINE_KEYS)
    points = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="得分，两位小数；减分为负数或 0")
    explanation = serializers.CharField(help_text="公式、输入和原因")


class AssessmentGroup(serializers.Serializer):
    code = serializers.CharField()
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    rank = serializers.IntegerField(help_text="全县名次（总分相同者并列）")
    lines = AssessmentLine(many=True)


class AssessmentResult(serializers.Serializer):
    """Exactly `zhaoshang assess --json`, limited to the groups the user may see."""

    year = serializers.IntegerField()
    as_of = serializers.DateField()
    groups = AssessmentGroup(many=True, help_text="按名次；产业招商组成员只看到本组")


class ManualScoreSerializer(serializers.ModelSerializer):
    group = GroupCodeField(read_only=True, help_text="产业招商组代码")
    line_label = serializers.CharField(source="get_line_display", read_only=True)
    entered_by = serializers.CharField(source="entered_by.username", read_only=True, default=None)

    class Meta:
        model = ManualScore
        fields = ["year", "group", "line", "line_label", "points", "note", "entered_by", "entered_at"]
        read_only_fields = fields


class ScoreEntry(serializers.Serializer):
    points = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                   help_text="得分，最多两位小数，不超过该项满分；留空或 null 为撤销评分（未评分）")
    note = serializers.CharField(required=False, allow_blank=True, help_text="评分说明（低于满分时必填）")


class ScoresInput(serializers.Serializer):
    """PUT body: the lines to score (a line not given keeps its score)."""

    year = serializers.IntegerField()
    group = GroupCodeField(help_text="产业招商组代码")
    coordination = ScoreEntry(required=False, help_text="重点项目协调服务")
    planning = ScoreEntry(required=False, help_text="项目策划包装")
    other = ScoreEntry(required=False, help_text="其他工作")

    def validate(self, data):
        if not any(line in data for line in MANUAL_LINES):
            raise serializers.ValidationError("请至少给出一项评分：coordination、planning 或 other")
        return data


class SchemeSerializer(serializers.ModelSerializer):
    updated_by = serializers.CharField(source="updated_by.username", read_only=True, default=None)

    class Meta:
        model = Scheme
        fields = ["year", *WEIGHT_FIELDS, *RULE_FIELDS, "early_by", "updated_at", "updated_by"]
        read_only_fields = fields


def points_input(name):
    return serializers.CharField(required=False, allow_null=True, allow_blank=True,
                                 help_text=f"{Scheme._meta.get_field(name).verbose_name}（分，最多两位小数）")


SchemeInput = type("SchemeInput", (serializers.Serializer,), {
    "__doc__": "PUT body: the whole scheme (the eight weights sum to 100).",
    **{name: points_input(name) for name in WEIGHT_FIELDS + RULE_FIELDS},
    "early_by": serializers.CharField(
        required=False, allow_null=True, allow_blank=True,
        help_text="提前完成截止日 YYYY-MM-DD（四项目标均在该日及以前完成时加分）"),
    "reason": serializers.CharField(required=False, allow_blank=True, max_length=500,
                                    help_text="修改说明，记入变更记录"),
})
