import time

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("把 zhaoshang backup 写出的备份文件恢复到一个刚建立、只执行过 migrate 的空数据库；"
            "文件损坏、结构不符或数据库不空时拒绝，一行也不写。-v 2 逐表显示进度。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件")

    def handle(self, file, verbosity, **options):
        started = time.monotonic()
        try:
            manifest = restore(file, progress=self.progress if verbosity > 1 else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        tables = manifest["tables"]
        self.stdout.write(
            f"已从 {file} 恢复 {len(tables)} 张数据表、共 {sum(t['rows'] for t in tables):,} 行"
            f"（备份于 {manifest['created_at']}，{manifest['database']['vendor']} 数据库，"
            f"系统版本 {manifest['app_version']}；用时 {time.monotonic() - started:.1f} 秒）")

    def progress(self, entry):
        self.stdout.write(f"  {entry['table']}：{entry['rows']:,} 行")
