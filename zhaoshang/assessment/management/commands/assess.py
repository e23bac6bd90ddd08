import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core.cli import iso_date, pad, width
from zhaoshang.assessment.scorecard import LINE_KEYS, SHORT_LABELS, assess, assessment_json, pts
from zhaoshang.stats.figures import NoPlan


class Command(BaseCommand):
    help = "按年度和截止日期计算各产业招商组的绩效考评得分和排名（SPEC §8）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2021")
        parser.add_argument("--as-of", dest="as_of",
                            help="截止日期 YYYY-MM-DD，默认该年12月31日（年度进行中为今天）")
        parser.add_argument("--json", dest="as_json", action="store_true", help="以 JSON 输出")

    def handle(self, year, as_of, as_json, **options):
        as_of = iso_date(as_of) if as_of else None
        try:
            result = assess(year, as_of)
        except (NoPlan, ValueError) as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(json.dumps(assessment_json(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(self.table(result)))

    def table(self, result):
        header = ["名次", "产业招商组"] + [SHORT_LABELS[key] for key in LINE_KEYS] + ["总分"]
        rows = [[str(card.rank), card.group.name] + [pts(line.points) for line in card.lines]
                + [pts(card.total)] for card in result.cards]
        sizes = [max(width(cells[i]) for cells in [header, *rows]) for i in range(len(header))]
        aligns = [">", "<"] + [">"] * (len(header) - 2)

        def render(cells):
            return "  ".join(pad(c, s, a) for c, s, a in zip(cells, sizes, aligns)).rstrip()

        rule = "-" * (sum(sizes) + 2 * (len(sizes) - 1))
        unscored = sum(1 for card in result.cards for line in card.lines if not line.scored)
        out = [f"{settings.REGION_NAME}{result.year}年产业招商组绩效考评",
               f"年度：{result.year}　截止日期：{result.as_of:%Y-%m-%d}", "",
               render(header), rule, *[render(r) for r in rows], rule, ""]
        out.append("各项得分保留两位小数（四舍五入），总分为各项得分之和；总分相同者名次并列。")
        if unscored:
            out.append(f"尚有 {unscored} 项办公室评分未录入，按 0 分计。")
        out.append("每项的计算过程：zhaoshang assess --year "
                   f"{result.year} --as-of {result.as_of:%Y-%m-%d} --json")
        return out
