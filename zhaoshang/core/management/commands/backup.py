import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhaoshang.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("把整个数据库（全部数据表，含账号、登录会话和上传的文件）备份为一个文件，带校验和；"
            "用 zhaoshang restore 恢复。-v 2 逐表显示进度。")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True,
                            help="备份文件，如 /var/backups/zhaoshang/zhaoshang-2021-12-31.zip")

    def handle(self, output, verbosity, **options):
        path = Path(output)
        # Written beside the target and renamed when complete: a crash leaves no half backup
        # under the real name. 0600: the file holds password hashes and sign-in sessions.
        partial = path.with_name(path.name + ".part")
        started = time.monotonic()
        try:
            with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
                manifest = backup(file, progress=self.progress if verbosity > 1 else None)
            os.replace(partial, path)
        except OSError as exc:
            raise CommandError(f"无法写入「{output}」：{exc.strerror}") from None
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        finally:
            partial.unlink(missing_ok=True)
        tables, size = manifest["tables"], path.stat().st_size / 1024 / 1024
        self.stdout.write(f"已备份 {len(tables)} 张数据表、共 {sum(t['rows'] for t in tables):,} 行到 {output}"
                          f"（{size:,.1f} MB，用时 {time.monotonic() - started:.1f} 秒）")

    def progress(self, entry):
        self.stdout.write(f"  {entry['table']}：{entry['rows']:,} 行")
