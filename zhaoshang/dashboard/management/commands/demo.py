from django.core.management.base import BaseCommand

from zhaoshang.dashboard.demo import DEMO_PASSWORD, load_all


class Command(BaseCommand):
    help = ("导入2021年鹿寨县年度计划和一年的演示数据（约60个项目及到位资金、演示账号、"
            "外出招商考察、季报报送），可重复执行。")

    def handle(self, **options):
        lines = load_all()
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write("演示数据已存在，未作修改")
        self.stdout.write(f"演示账号：office（办公室）、leader（县领导）、liaison_forestry（林木组联络员）等，"
                          f"密码 {DEMO_PASSWORD}")
