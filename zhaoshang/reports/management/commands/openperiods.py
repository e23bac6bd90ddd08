from django.core.management.base import BaseCommand, CommandError

from zhaoshang.plans.models import AnnualPlan
from zhaoshang.reports.services import open_periods


class Command(BaseCommand):
    help = ("开设某年度的月报、季报报送期（年度计划下达时已自动开设）；"
            "工作日历变更后，未锁定报送期的截止日随之调整。可重复运行。")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2021")

    def handle(self, year, **options):
        if not AnnualPlan.objects.filter(year=year).exists():
            raise CommandError(f"没有 {year} 年的年度计划，请先导入（zhaoshang loadplan）")
        periods = open_periods(year, via="cli")
        self.stdout.write(f"{year}年报送期 {len(periods)} 个已开设")
