from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core.cli import iso_date
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope
from zhaoshang.reports.exports import attachment1_workbook, attachment2_workbook
from zhaoshang.stats.figures import NoPlan

TABLES = {"attachment1": attachment1_workbook, "attachment2": attachment2_workbook}


class Command(BaseCommand):
    help = "导出附件1（目标任务分解表及完成情况）或附件2（招商引资项目统计表）为 Excel 文件。"

    def add_arguments(self, parser):
        parser.add_argument("table", choices=list(TABLES), help="attachment1：附件1；attachment2：附件2")
        parser.add_argument("--year", type=int, required=True, help="年度，如 2021")
        parser.add_argument("--as-of", dest="as_of", help="截止日期 YYYY-MM-DD，默认该年12月31日")
        parser.add_argument("--group", help="只导出一个产业招商组（代码，如 forestry；仅附件2）")
        parser.add_argument("-o", "--output", required=True, help="输出文件 .xlsx")

    def handle(self, table, year, as_of, group, output, **options):
        as_of = iso_date(as_of) if as_of else None
        scope = Scope.everything()
        if group:
            if table != "attachment2":
                raise CommandError("--group 只适用于 attachment2（附件2）")
            found = IndustryGroup.objects.filter(code=group).values_list("pk", flat=True).first()
            if found is None:
                codes = "、".join(IndustryGroup.objects.values_list("code", flat=True))
                raise CommandError(f"没有代码为「{group}」的产业招商组，可用：{codes}")
            scope = Scope.groups({found})
        if not output.lower().endswith(".xlsx"):
            raise CommandError(f"输出文件「{output}」应以 .xlsx 结尾")
        try:
            workbook = TABLES[table](year, as_of, scope=scope)
        except (NoPlan, ValueError) as exc:
            raise CommandError(str(exc)) from None
        try:
            workbook.save(output)
        except OSError as exc:
            raise CommandError(f"无法写入「{output}」：{exc.strerror}") from None
        self.stdout.write(f"已导出 {output}")
