from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.reports.bulletin import bulletin_data, bulletin_pdf, bulletin_xlsx
from zhaoshang.stats.figures import NoPlan


def number(text, what, example):
    if not text.strip().isdigit():
        raise CommandError(f"{what}「{text}」无效，应为数字，如 {example}")
    return int(text)


class Command(BaseCommand):
    help = ("生成季度招商引资工作通报（A4 PDF 或 Excel，按输出文件扩展名）。"
            "数据截至该季度最后一天；季度进行中则截至今天。")

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="年度，如 2021")
        parser.add_argument("--quarter", required=True, help="季度 1–4")
        parser.add_argument("-o", "--output", required=True, help="输出文件 .pdf 或 .xlsx")

    def handle(self, year, quarter, output, **options):
        year, quarter = number(year, "年度", "2021"), number(quarter, "季度", "3")
        kind = Path(output).suffix.lower()
        if kind not in (".pdf", ".xlsx"):
            raise CommandError(f"输出文件「{output}」应以 .pdf 或 .xlsx 结尾")
        try:
            data = bulletin_data(year, quarter)
        except (NoPlan, ValueError) as exc:
            raise CommandError(str(exc)) from None
        try:
            if kind == ".pdf":
                Path(output).write_bytes(bulletin_pdf(data))
            else:
                bulletin_xlsx(data).save(output)
        except OSError as exc:
            raise CommandError(f"无法写入「{output}」：{exc.strerror}") from None
        self.stdout.write(f"已生成 {output}：{data['title']}（数据截至 {data['as_of']:%Y-%m-%d}）")
