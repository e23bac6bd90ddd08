import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from zhaoshang.identity.models import SignInRecord
from zhaoshang.identity.retention import start_of

from ._dates import iso_date


class Command(BaseCommand):
    help = "列出登录记录：登录、登录失败、锁定、退出和取得令牌，含用户名、地址和时间，按时间先后。"

    def add_arguments(self, parser):
        parser.add_argument("--since", metavar="YYYY-MM-DD", help="只列这一天（含）以来的记录")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help='输出 JSON：[{"username", "address", "at", "outcome"}]')

    def handle(self, since=None, as_json=False, **options):
        records = SignInRecord.objects.order_by("at", "id")
        if since:
            records = records.filter(at__gte=start_of(iso_date(since, "--since")))
        if as_json:
            self.stdout.write(records_json(records))
            return
        for r in records.iterator():
            at = timezone.localtime(r.at).strftime("%Y-%m-%d %H:%M:%S")
            self.stdout.write(f"{at}  {r.get_outcome_display():<4}  {r.username}  {r.address or '—'}")


def records_json(records):
    return json.dumps([{"username": r.username, "address": r.address,
                        "at": timezone.localtime(r.at).isoformat(), "outcome": r.outcome}
                       for r in records.iterator()], ensure_ascii=False, indent=2)
