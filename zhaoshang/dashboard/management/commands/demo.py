from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.dashboard.demo import DEMO_PASSWORD, active_demo_accounts, disable_accounts, load_all


class Command(BaseCommand):
    help = ("向空数据库装入演示数据：2021年鹿寨县年度计划和一年的工作（约60个项目及到位资金、进展情况、"
            "存在问题、外出招商考察、月报季报、年终评分）和演示账号。数据库里已有用户账号或录入的数据时"
            "什么也不写（make run 每次启动都会执行它）。")

    def add_arguments(self, parser):
        parser.add_argument("--disable-accounts", action="store_true",
                            help="停用全部演示账号（先建立办公室自己的账号），不装入任何数据")

    def handle(self, disable_accounts=False, **options):
        if disable_accounts:
            return self.disable()
        loaded, lines = load_all()
        for line in lines:
            self.stdout.write(line)
        if loaded:
            self.stdout.write(f"演示账号：office（办公室）、leader（县领导）、liaison_forestry（林木组联络员）等，"
                              f"密码 {DEMO_PASSWORD}；正式使用前请停用或删除（zhaoshang demo --disable-accounts）")
        elif active_demo_accounts().exists():
            self.stdout.write(f"提醒：演示账号仍可登录（密码 {DEMO_PASSWORD}），正式使用前请停用或删除"
                              "（zhaoshang demo --disable-accounts）")

    def disable(self):
        try:
            count = disable_accounts()
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages), returncode=1) from None
        self.stdout.write(f"已停用演示账号 {count} 个" if count else "没有可登录的演示账号，未作修改")
