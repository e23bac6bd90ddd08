import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.org.models import Role
from zhaoshang.org.services import create_user


class Command(BaseCommand):
    help = "新建用户并分配角色；密码从标准输入读取（--password-stdin）。"

    def add_arguments(self, parser):
        parser.add_argument("name", help="用户名")
        parser.add_argument("--role", required=True, choices=Role.values, help="角色")
        parser.add_argument("--group", action="append", default=[], metavar="CODE",
                            help="产业招商组代码，可重复")
        parser.add_argument("--full-name", default="", help="姓名")
        parser.add_argument("--password-stdin", action="store_true", required=True,
                            help="从标准输入读取密码")

    def handle(self, name, role, group, full_name, password_stdin, **options):
        password = sys.stdin.readline().rstrip("\r\n")
        try:
            user = create_user(name, role=role, groups=group, password=password, full_name=full_name)
        except ValidationError as exc:
            raise CommandError("\n".join(f"{m}" for msgs in exc.message_dict.values() for m in msgs))
        where = f"（{'、'.join(group)}）" if group else ""
        self.stdout.write(f"已新建用户 {user.username}：{Role(role).label}{where}")
