from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.plans.annual import create_plan
from zhaoshang.plans.models import AnnualPlan


def plan_year(value, option):
    """A year given on the command line; CommandError in Chinese when it is not one."""
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"{option} 须为年度（整数），例如 2022", returncode=1) from None


def service_error(exc):
    """A service's ValidationError as a CommandError with its Chinese messages."""
    return CommandError("\n".join(exc.messages), returncode=1)


class Command(BaseCommand):
    help = ("新建一个年度计划草案：每个产业招商组一行目标，可复制上一年度的目标（--copy-from），"
            "否则为 0。填好目标后用 issueplan 下达。")

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="年度，例如 2022")
        parser.add_argument("--copy-from", help="以该年度计划的县级和各组目标为底稿，例如 2021")

    def handle(self, year, copy_from=None, **options):
        year = plan_year(year, "--year")
        source = None
        if copy_from is not None:
            copy_from = plan_year(copy_from, "--copy-from")
            source = AnnualPlan.objects.filter(year=copy_from).first()
            if source is None:
                raise CommandError(f"没有{copy_from}年度计划", returncode=1)
        try:
            plan = create_plan(year, copy_from=source, actor=None, via="cli")
        except ValidationError as exc:
            raise service_error(exc) from None
        groups = plan.targets.count()
        origin = f"县级目标和 {groups} 个产业招商组的目标复制自{source.year}年度计划" if source \
            else f"{groups} 个产业招商组的目标均为 0"
        self.stdout.write(f"已新建{year}年度计划草案：{plan.title}")
        self.stdout.write(origin)
        self.stdout.write(f"请在「年度计划」中核对、分解目标，再用 zhaoshang issueplan --year {year} 下达")
