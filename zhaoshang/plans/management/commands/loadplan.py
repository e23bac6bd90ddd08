from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.plans.catalog import CATALOG
from zhaoshang.plans.planfile import PlanFileError, read_plan
from zhaoshang.plans.services import load_plan


class Command(BaseCommand):
    help = ("创建或更新一个年度计划（单位、产业招商组、目标任务），可重复执行。"
            "可用内置计划的名称，或一个 JSON 文件（格式见 docs/examples/plan-example.json）。")

    def add_arguments(self, parser):
        parser.add_argument("name", help=f"计划名称：{', '.join(CATALOG)}；或以 .json 结尾的文件路径")

    def handle(self, name, **options):
        if name.lower().endswith(".json"):
            try:
                data = read_plan(name)
            except PlanFileError as exc:
                lines = "\n".join(f"  {problem}" for problem in exc.problems)
                raise CommandError(f"计划文件有 {len(exc.problems)} 处问题，未写入任何数据：\n{lines}",
                                   returncode=1) from None
        elif name in CATALOG:
            data = CATALOG[name]
        else:
            raise CommandError(f"未知的计划「{name}」，可用：{', '.join(CATALOG)}，或一个 .json 文件")
        try:
            plan, lines = load_plan(data)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages), returncode=1) from None
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"{plan}：{'已是最新，未作修改' if not lines else '完成'}")
