import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.plans.annual import issue_plan
from zhaoshang.plans.models import AnnualPlan

from .newplan import plan_year, service_error


class Command(BaseCommand):
    help = "下达一个年度计划草案：此后目标只能通过目标调整变更。"

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="年度，例如 2022")
        parser.add_argument("--date", help="下达日期 YYYY-MM-DD，默认今天")

    def handle(self, year, date=None, **options):
        year = plan_year(year, "--year")
        issued_on = parse_date(date) if date else None
        plan = AnnualPlan.objects.filter(year=year).first()
        if plan is None:
            raise CommandError(f"没有{year}年度计划", returncode=1)
        try:
            plan = issue_plan(plan, issued_on=issued_on, actor=None, via="cli")
        except ValidationError as exc:
            raise service_error(exc) from None
        self.stdout.write(f"{plan.year}年度计划已于{plan.issued_on:%Y-%m-%d}下达：{plan}")
        self.stdout.write("此后各产业招商组的目标只能通过目标调整变更")


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"--date 须为日期 YYYY-MM-DD，例如 2022-02-15（收到「{value}」）",
                           returncode=1) from None
