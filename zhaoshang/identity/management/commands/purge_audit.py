from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.identity.retention import purge

from ._dates import iso_date


class Command(BaseCommand):
    help = "清理某日之前的变更记录和登录记录；保存期（至少 180 天）内的记录不能清理。"

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, metavar="YYYY-MM-DD",
                            help="清理这一天之前（不含）的记录")

    def handle(self, before, **options):
        day = iso_date(before, "--before")
        try:
            removed = purge(day)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        for model, count in removed.items():
            self.stdout.write(f"{model._meta.verbose_name}：清理 {count} 条（{day.isoformat()} 之前）")
