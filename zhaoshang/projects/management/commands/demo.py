from django.core.management.base import BaseCommand

from zhaoshang.projects.demo import load_demo


class Command(BaseCommand):
    help = "导入2021年鹿寨县年度计划和一年的演示数据（约60个项目及到位资金），可重复执行。"

    def handle(self, **options):
        lines = load_demo()
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write("演示数据已存在，未作修改")
        self.stdout.write("查看统计：zhaoshang stats --year 2021")
