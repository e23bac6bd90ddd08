from django.core.management.base import BaseCommand, CommandError

from zhaoshang.plans.catalog import CATALOG
from zhaoshang.plans.services import load_plan


class Command(BaseCommand):
    help = "创建或更新一个年度计划（单位、产业招商组、目标任务），可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("name", help=f"计划名称：{', '.join(CATALOG)}")

    def handle(self, name, **options):
        if name not in CATALOG:
            raise CommandError(f"未知的计划「{name}」，可用：{', '.join(CATALOG)}")
        plan, lines = load_plan(CATALOG[name])
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"{plan}：{'已是最新，未作修改' if not lines else '完成'}")
