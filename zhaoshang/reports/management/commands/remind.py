from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core import cli
from zhaoshang.reports.services import DEFAULT_REMIND_DAYS, remind

KIND_LABELS = {"due": "到期提醒", "overdue": "逾期提醒"}


def iso_date(text):
    return cli.iso_date(text, "日期")


def working_days(text):
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise CommandError(f"--days「{text}」无效，应为 0 或正整数（截止日前的工作日数）")
    return days


class Command(BaseCommand):
    help = ("发送月报、季报的报送提醒（供 cron 每天运行；重复运行不会重复发送）："
            "截止日前 N 个工作日提醒未报送的产业招商组联络员；截止日次日提醒逾期未报送的联络员和办公室。")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=working_days, default=DEFAULT_REMIND_DAYS,
                            help=f"截止日前几个工作日提醒，默认 {DEFAULT_REMIND_DAYS}")
        parser.add_argument("--today", type=iso_date, help="按这一天运行（YYYY-MM-DD），默认今天")

    def handle(self, days, today, **options):
        sent = remind(today, days=days)
        if not sent:
            self.stdout.write("今天没有需要发送的提醒（或已发送过）。")
            return
        for item in sent:
            period, group, notices = item["period"], item["group"], item["notices"]
            names = "、".join(n.recipient.get_full_name() or n.recipient.username for n in notices)
            self.stdout.write(f"{KIND_LABELS[item['kind']]}：{group.name} · {period}"
                              f"（截止 {period.due:%Y-%m-%d}）→ {names}")
        total = sum(len(item["notices"]) for item in sent)
        self.stdout.write(f"共发送 {total} 条通知。")
