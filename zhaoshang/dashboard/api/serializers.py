"""The shapes of /api/stats/ for the OpenAPI schema, built from the keys `serialize` writes.

The views return `stats.serialize.figures_json` as is; these classes only describe it.
"""
from rest_framework import serializers

from zhaoshang.stats.figures import AMOUNTS
from zhaoshang.stats.serialize import COUNTY_EXTRA, GROUP_KEYS, RATE_KEYS


def field(key):
    if key in AMOUNTS:
        return serializers.DecimalField(max_digits=14, decimal_places=2, help_text="万元")
    if key.endswith("_rate") or key in ("emerging_share", "emerging_share_target"):
        return serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True,
                                        help_text="比率，四位小数；目标为 0 时为 null（显示“—”）")
    if key == "behind_time_progress":
        return serializers.BooleanField(help_text="资金完成率低于序时进度")
    if key in ("code", "name"):
        return serializers.CharField()
    return serializers.IntegerField()


def shape(name, keys, doc):
    return type(name, (serializers.Serializer,), {"__doc__": doc, **{k: field(k) for k in keys}})


GroupFigures = shape("GroupFigures", GROUP_KEYS + RATE_KEYS, "一个产业招商组的统计数与完成率。")
CountyFigures = shape(
    "CountyFigures",
    [k for k in GROUP_KEYS if k not in ("code", "name")] + RATE_KEYS + COUNTY_EXTRA,
    "全县合计（县级目标）。组成员看到的是本组（各组）之和，目标仍为县级目标。")


class YearFigures(serializers.Serializer):
    year = serializers.IntegerField()
    as_of = serializers.DateField(help_text="截止日期")
    time_progress = serializers.DecimalField(max_digits=6, decimal_places=4, help_text="序时进度")
    county = CountyFigures()
    groups = GroupFigures(many=True)


class SanqiCell(serializers.Serializer):
    signed = serializers.IntegerField(help_text="签约项目数")
    exited = serializers.IntegerField(help_text="已退出")
    started = serializers.IntegerField(help_text="已开工（含投产）")
    producing = serializers.IntegerField(help_text="已投产")
    contracted = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="合同投资额（万元）")
    funds = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="累计到位资金（万元）")
    performance_rate = field("performance_rate")  # 协议履约率
    start_rate = field("start_rate")  # 项目开工率
    production_rate = field("production_rate")  # 竣工投产率
    funds_rate = field("funds_rate")  # 资金到位率


class SanqiGroupCell(SanqiCell):
    code = serializers.CharField()
    name = serializers.CharField()


class SanqiBatch(serializers.Serializer):
    batch = serializers.CharField(help_text="签约批次")
    total = SanqiCell(help_text="该批次合计（组成员为本组之和）")
    groups = SanqiGroupCell(many=True)


class SanqiRates(serializers.Serializer):
    as_of = serializers.DateField()
    batches = SanqiBatch(many=True)
