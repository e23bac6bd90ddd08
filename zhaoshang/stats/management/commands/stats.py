import json
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core.cli import iso_date, pad, width
from zhaoshang.org.scope import Scope
from zhaoshang.stats.figures import NoPlan, year_figures
from zhaoshang.stats.serialize import figures_json

DASH = "—"
COLUMNS = [  # header, alignment
    ("产业招商组", "<"), ("到位资金（万元）", ">"), ("目标（万元）", ">"), ("完成率", ">"),
    ("签约", ">"), ("工业", ">"), ("亿元工业", ">"), ("计划投资（万元）", ">"), ("退出", ">"),
    ("序时进度", "<"),
]


def money(value):
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def percent(ratio):
    if ratio is None:
        return DASH
    return f"{(ratio * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def line(name, row):
    """One table line: actual/target for counts, the 落后 mark where funds lag 序时进度."""
    return [
        name, money(row["funds_in_place"]), money(row["funds_target"]), percent(row["funds_rate"]),
        f"{row['signed_projects']}/{row['signed_target']}",
        f"{row['industrial_projects']}/{row['industrial_target']}",
        f"{row['major_industrial_projects']}/{row['major_industrial_target']}",
        money(row["planned_investment"]), str(row["exited_projects"]),
        "落后" if row["behind_time_progress"] else "",
    ]


class Command(BaseCommand):
    help = "按年度和截止日期显示各产业招商组及全县的招商引资统计（SPEC §5）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2021")
        parser.add_argument("--as-of", dest="as_of", help="截止日期 YYYY-MM-DD，默认该年12月31日")
        parser.add_argument("--json", dest="as_json", action="store_true", help="以 JSON 输出")

    def handle(self, year, as_of, as_json, **options):
        as_of = iso_date(as_of) if as_of else None
        try:
            result = year_figures(year, as_of, scope=Scope.everything())
        except (NoPlan, ValueError) as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(json.dumps(figures_json(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(self.table(result)))

    def table(self, result):
        county = result["county"]
        lines = [[h for h, _ in COLUMNS]]
        lines += [line(row["name"], row) for row in result["groups"]]
        lines.append(line("合计", county))
        sizes = [max(width(cells[i]) for cells in lines) for i in range(len(COLUMNS))]
        rule = "-" * (sum(sizes) + 2 * (len(sizes) - 1))

        def render(cells):
            return "  ".join(pad(cell, size, align)
                             for cell, size, (_, align) in zip(cells, sizes, COLUMNS)).rstrip()

        out = [f"{settings.REGION_NAME}{result['year']}年招商引资目标任务完成情况",
               f"年度：{result['year']}　截止日期：{result['as_of']:%Y-%m-%d}　"
               f"序时进度：{percent(result['time_progress'])}",
               "", render(lines[0]), rule]
        out += [render(cells) for cells in lines[1:-1]]
        out += [rule, render(lines[-1]), ""]
        out.append(f"新兴产业项目 {county['emerging_projects']} 个，占签约项目 {percent(county['emerging_share'])}"
                   f"（目标 ≥ {percent(county['emerging_share_target'])}）")
        out.append(f"计划投资总额 {money(county['planned_investment'])} 万元"
                   f"（目标 {money(county['planned_investment_target'])} 万元，"
                   f"完成率 {percent(county['planned_investment_rate'])}）")
        out.append(f"境外到位资金 {money(county['foreign_funds_in_place'])} 万元，"
                   f"区内到位资金 {money(county['in_region_funds_in_place'])} 万元（均单列，不计入区外境内到位资金）")
        out.append("签约、工业、亿元工业为 完成/目标；“落后”表示到位资金完成率低于序时进度。")
        return out
