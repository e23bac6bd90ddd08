from django.core.management.base import BaseCommand, CommandError

from zhaoshang.projects.ledger import LedgerError, import_ledger


class Command(BaseCommand):
    requires_system_checks = []  # a data command: the checks would cost a third of a small import
    help = ("导入项目台账工作簿（.xlsx，工作表「项目台账」和「到位资金」）：按项目编号新建或更新项目，"
            "按项目编号和到位日期新建或更新到位资金，从不删除。有任何问题则不导入任何数据，并逐条列出问题。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="台账工作簿（.xlsx）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告将作的修改，不写入")

    def handle(self, file, dry_run=False, **options):
        try:
            result = import_ledger(file, dry_run=dry_run)
        except LedgerError as exc:
            raise CommandError(str(exc), returncode=1) from None
        if result.problems:
            for line in result.problems:
                self.stdout.write(line)
            raise CommandError(f"台账中有 {len(result.problems)} 处问题，未导入任何数据", returncode=1)
        if dry_run:
            self.stdout.write(f"检查通过，将{result.summary()}")
            self.stdout.write("试运行（--dry-run）：未写入任何数据")
        else:
            self.stdout.write(result.summary())
