from django.core.management.base import BaseCommand, CommandError

from zhaoshang.projects.ledger import LedgerError, import_ledger, preview_lines


class Command(BaseCommand):
    requires_system_checks = []  # a data command: the checks would cost a third of a small import
    help = ("导入项目台账工作簿（.xlsx，工作表「项目台账」和「到位资金」）：按项目编号新建或更新项目，"
            "按项目编号和到位日期新建或更新到位资金，从不删除。有任何问题则不导入任何数据，并逐条列出问题。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="台账工作簿（.xlsx）")
        parser.add_argument("--dry-run", action="store_true",
                            help="只检查，并逐项列出将作的修改（原值 → 新值），不写入")
        parser.add_argument("--correction-reason", default="", metavar="原因",
                            help="台账把项目阶段改回前面的阶段（更正）时必填，记入每一条这样的阶段变更")

    def handle(self, file, dry_run=False, correction_reason="", **options):
        try:
            result = import_ledger(file, dry_run=dry_run, correction_reason=correction_reason)
        except LedgerError as exc:
            raise CommandError(str(exc), returncode=1) from None
        if result.problems:
            for line in result.problems:
                self.stdout.write(line)
            hint = ""
            if result.refused_corrections:
                hint = (f"；其中 {result.refused_corrections} 处是阶段回退，确属更正请用 "
                        "--correction-reason 说明原因后重新导入")
            raise CommandError(f"台账中有 {len(result.problems)} 处问题，未导入任何数据{hint}", returncode=1)
        if dry_run:
            self.stdout.write(f"检查通过，将{result.summary()}")
            for line in preview_lines(result.preview()):
                self.stdout.write(line)
            self.stdout.write("试运行（--dry-run）：未写入任何数据")
        else:
            self.stdout.write(result.summary())
