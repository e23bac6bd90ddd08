import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhaoshang.workcal.calendar import SOURCE_LABELS, WorkCalendar
from zhaoshang.workcal.display import MONTH_NAMES
from zhaoshang.workcal.services import MAX_YEAR, MIN_YEAR, weekday_name

QUARTERS = ["第一季度", "第二季度", "第三季度", "第四季度"]


class Command(BaseCommand):
    help = "列出某年度季报、月报的报送期限（SPEC §6：遇节假日提前到最近的工作日）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="年度，默认为今年")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help='输出 {"year": Y, "quarterly": [...], "monthly": [...]}')

    def handle(self, year=None, as_json=False, **options):
        year = year or timezone.localdate().year
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"年度应在 {MIN_YEAR} 至 {MAX_YEAR} 之间，收到 {year}")
        calendar = WorkCalendar()
        source = calendar.source(year)
        quarterly, monthly = calendar.quarterly(year), calendar.monthly(year)
        if source.warning:
            self.stderr.write(f"注意：{source.warning}")
        if as_json:
            self.stdout.write(json.dumps({
                "year": year,
                "quarterly": [day.isoformat() for day in quarterly],
                "monthly": [day.isoformat() for day in monthly],
            }, ensure_ascii=False))
            return
        self.stdout.write(f"{year}年报送期限（日历来源：{SOURCE_LABELS[source.source]}）")
        self.stdout.write("季报")
        for name, day in zip(QUARTERS, quarterly):
            self.stdout.write(f"  {name}  {day:%Y-%m-%d}  {weekday_name(day)}")
        self.stdout.write("月报")
        for name, day in zip(MONTH_NAMES, monthly):
            self.stdout.write(f"  {name:<4}  {day:%Y-%m-%d}  {weekday_name(day)}")

