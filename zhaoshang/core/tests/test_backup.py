"""`zhaoshang backup` and `zhaoshang restore` (SPEC §16): a restore brings an empty migrated
database back to exactly the backed-up state, table by table and row by row; a damaged file or a
database already in use is refused and nothing is written."""
import datetime
import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import zipfile
from decimal import Decimal

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from django.db import connection
from django.utils import timezone
from knox.models import AuthToken

from zhaoshang.identity.models import PasswordHistory, SignInRecord

from zhaoshang.assessment.services import save_manual_scores
from zhaoshang.core.backup import (MANIFEST, BackupError, applied_migrations, backup, models_to_copy,
                                   restore)
from zhaoshang.core.files import FileData
from zhaoshang.core.tests.users import commander_user, liaison_user, office_user
from zhaoshang.notices.models import Webhook
from zhaoshang.org.models import Liaison
from zhaoshang.plans.models import AdjustmentAttachment, GroupTarget
from zhaoshang.plans.workflow import sign_adjustment, submit_adjustment
from zhaoshang.projects.models import ExitReason, FundsRecord, LedgerUpload
from zhaoshang.projects.services import add_issue, add_note, request_exit
from zhaoshang.projects.tests.factories import make_funds, make_project
from zhaoshang.reports.models import ReportPeriod
from zhaoshang.reports.services import open_periods, submit
from zhaoshang.trips.models import TripReportFile
from zhaoshang.trips.tests.helpers import make_trip
from zhaoshang.workcal.services import save_notice

pytestmark = pytest.mark.django_db

EVERY_BYTE = bytes(range(256)) * 4
SCAN = b"%PDF-1.4\n" + EVERY_BYTE
REPORT = b"%PDF-1.4\n" + EVERY_BYTE[::-1]


def every_row():
    """{table: rows} of every table in the database but django_migrations, as stored."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table != "django_migrations":
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                rows[table] = sorted((tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                                      for row in cursor.fetchall()), key=repr)
    return rows


def empty_database():
    """What a fresh `migrate` leaves: no rows but the content types and permissions."""
    # PostgreSQL will not TRUNCATE under the test's transaction while foreign-key checks are
    # still deferred: run them first.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def ledger(plan2021, client):
    """A year of the county's work: every kind of record, uploads with every byte value."""
    office, liaison, commander = office_user(), liaison_user("forestry"), commander_user("forestry")
    project = make_project("forestry", stage="started", total_investment="123456789.01", industrial=True)
    make_funds(project, "2021-05-01", "0.01", note="首笔")
    make_funds(project, "2021-06-30", "98765432.99")
    add_note(project, date=datetime.date(2021, 7, 1), text="厂房主体完工", user=liaison)
    add_issue(project, raised_on=datetime.date(2021, 7, 2), text="用地指标待落实", user=liaison)
    leaving = make_project("forestry", stage="signed")
    request_exit(leaving, exited_on=datetime.date(2021, 8, 1), exit_reason=ExitReason.INVESTOR_CHANGED,
                 note="投资方资金链断裂", user=liaison)
    adjustment = submit_adjustment(GroupTarget.objects.get(plan__year=2021, group__code="forestry"),
                                   {"funds_target": "120000"}, reason="受台风灾害影响，意向企业停产",
                                   attachment=FileData("调整请示.pdf", SCAN, "application/pdf"), user=liaison)
    sign_adjustment(adjustment, user=commander)
    make_trip(report=FileData("考察报告.pdf", REPORT), user=liaison)
    open_periods(2021)
    submit(ReportPeriod.objects.get(year=2021, kind="quarter", number=1), project.group, liaison,
           now=datetime.datetime(2021, 3, 18, 16, tzinfo=datetime.UTC))
    LedgerUpload.objects.create(user=office, filename="台账.xlsx", content=EVERY_BYTE,
                                sha256=hashlib.sha256(EVERY_BYTE).hexdigest())
    save_manual_scores(project.group, 2021, {"coordination": {"points": "8.5", "note": "协调滞后"}},
                       user=office)
    save_notice(2030, reference="国办发明电〔2029〕9号", working_weekends=[datetime.date(2030, 1, 26)],
                holidays=[{"name": "元旦", "first_day": datetime.date(2030, 1, 1),
                           "last_day": datetime.date(2030, 1, 1)}])
    # What only the admin site writes.
    Liaison.objects.create(group=project.group, kind=Liaison.Kind.STAFF, name="李四", phone="0772-1234567")
    Webhook.objects.create(name="林木组群", kind=Webhook.Kind.DINGTALK, secret="SEC123", group=project.group,
                           url="https://oapi.dingtalk.com/robot/send?access_token=x")
    LogEntry.objects.create(user=office, content_type=ContentType.objects.get_for_model(Webhook),
                            object_id="1", object_repr="林木组群", action_flag=ADDITION, change_message="[]")
    readers = Group.objects.create(name="查阅")
    readers.permissions.add(Permission.objects.get(codename="view_changerecord"))
    office.groups.add(readers)
    office.user_permissions.add(Permission.objects.get(codename="view_changerecord"))
    AuthToken.objects.create(office)
    # The sign-in evidence and the lockout's bookkeeping (SPEC §16).
    PasswordHistory.objects.create(user=office, password=office.password, set_by_office=True)
    SignInRecord.objects.create(username="office", address="10.0.0.8", user_agent="Mozilla/5.0",
                                outcome=SignInRecord.Outcome.FAILURE, path="/login/")
    seen = {"user_agent": "Mozilla/5.0", "ip_address": "10.0.0.8", "username": "office",
            "http_accept": "text/html", "path_info": "/login/", "attempt_time": timezone.now()}
    attempt = AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessAttemptExpiration.objects.create(access_attempt=attempt,
                                           expires_at=timezone.now() + datetime.timedelta(minutes=15))
    AccessFailureLog.objects.create(**seen, locked_out=False)
    AccessLog.objects.create(**seen, session_hash="0" * 64)
    client.force_login(office)  # a session
    return project


@pytest.fixture
def backed_up(ledger, tmp_path):
    """The ledger's backup file, and every row as it was."""
    path = tmp_path / "zhaoshang.zip"
    backup(path)
    return path, every_row()


@pytest.fixture
def backup_file(tmp_path):
    """The backup of a database holding one user: enough for what a restore refuses."""
    get_user_model().objects.create_user("office")
    path = tmp_path / "small.zip"
    backup(path)
    return path


def rewrite(path, *, manifest=None, member=None, fix_checksum=False):
    """A copy of the backup at `path`, its manifest and one member changed by the functions given
    ({name: bytes → bytes}); with `fix_checksum`, the manifest agrees with the changed member."""
    out = path.with_name("forged.zip")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        content = json.loads(source.read(MANIFEST))
        for info in source.infolist():
            if info.filename != MANIFEST:
                data = source.read(info)
                if member and info.filename in member:
                    data = member[info.filename](data)
                    if fix_checksum:
                        entry = next(e for e in content["tables"] if e["file"] == info.filename)
                        entry["sha256"], entry["rows"] = hashlib.sha256(data).hexdigest(), data.count(b"\n")
                target.writestr(info.filename, data)
        target.writestr(MANIFEST, json.dumps(manifest(content) if manifest else content))
    return out


def with_extra_row(path, table, **values):
    """A copy of the backup at `path` with one more row in `table`: its first row, `values`
    (by column) changed; the manifest agrees."""
    with zipfile.ZipFile(path) as archive:
        tables = json.loads(archive.read(MANIFEST))["tables"]
    columns = next(entry["columns"] for entry in tables if entry["table"] == table)

    def append(data):
        row = json.loads(data.splitlines()[0])
        for column, value in values.items():
            row[columns.index(column)] = value
        return data + json.dumps(row).encode() + b"\n"

    return rewrite(path, member={f"tables/{table}.jsonl": append}, fix_checksum=True)


# ---- the round trip ---------------------------------------------------------------------------

def test_a_restore_brings_back_every_table_row_by_row(backed_up):
    path, before = backed_up
    assert [table for table, rows in before.items() if not rows] == []  # the ledger fills them all
    empty_database()
    restore(path)
    after = every_row()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table


def test_money_and_files_come_back_exactly(backed_up):
    path, _ = backed_up
    empty_database()
    restore(path)
    amounts = sorted(FundsRecord.objects.values_list("amount", flat=True))
    assert amounts == [Decimal("0.01"), Decimal("98765432.99")]
    assert bytes(AdjustmentAttachment.objects.get().content) == SCAN
    assert bytes(TripReportFile.objects.get().content) == REPORT
    assert bytes(LedgerUpload.objects.get().content) == EVERY_BYTE


def test_the_file_says_what_it_holds(backup_file):
    path, before = backup_file, every_row()
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        assert (manifest["format"], manifest["format_version"]) == ("zhaoshang-backup", 1)
        assert manifest["database"]["vendor"] == connection.vendor and manifest["app_version"] == "0.1.0"
        created = datetime.datetime.fromisoformat(manifest["created_at"])
        assert created.utcoffset() == datetime.timedelta(hours=8)  # Asia/Shanghai
        assert {tuple(m) for m in manifest["migrations"]} == set(applied_migrations(connection))
        assert manifest["migration_heads"]["auth"] == ["0012_alter_user_first_name_max_length"]
        assert manifest["files"] == []  # every upload is a BinaryField, in the tables
        tables = {entry["table"]: entry for entry in manifest["tables"]}
        assert tables.keys() == before.keys()
        for table, entry in tables.items():
            data = archive.read(entry["file"])
            assert entry["rows"] == len(before[table]) == data.count(b"\n")
            assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_no_model_keeps_a_file_on_disk():
    """A FileField would keep its file outside the database, and outside the backup."""
    from django.db.models import FileField
    assert not [f for model in models_to_copy() for f in model._meta.fields if isinstance(f, FileField)]


def test_new_rows_get_ids_above_every_id_handed_out_before(tmp_path):
    User = get_user_model()
    kept, gone = User.objects.create_user("kept"), User.objects.create_user("deleted-later")
    gone_id = gone.pk
    gone.delete()  # its id was handed out: a new user after the restore must not get it again
    backup(tmp_path / "b.zip")
    empty_database()
    restore(tmp_path / "b.zip")
    assert User.objects.get().pk == kept.pk
    assert User.objects.create_user("after-restore").pk == gone_id + 1


def test_the_content_types_are_the_backed_up_ones(tmp_path):
    stale = ContentType.objects.create(app_label="gone", model="removed")
    path = tmp_path / "b.zip"
    backup(path)
    before = sorted(ContentType.objects.values_list("pk", "app_label", "model"))
    empty_database()
    restore(path)
    assert sorted(ContentType.objects.values_list("pk", "app_label", "model")) == before
    assert ContentType.objects.get_for_id(stale.pk).app_label == "gone"


# ---- what is refused --------------------------------------------------------------------------

def refused(path):
    """The message of a refused restore into an empty database; asserts nothing was written."""
    empty_database()
    types = every_row()
    with pytest.raises(BackupError) as caught:
        restore(path)
    assert every_row() == types
    return str(caught.value)


def test_a_database_holding_data_is_refused_and_left_alone(backup_file):
    path, before = backup_file, every_row()
    with pytest.raises(BackupError) as caught:
        restore(path)
    assert str(caught.value).startswith("目标数据库不是空的：")
    assert "auth_user" in str(caught.value) and "migrate 后再恢复" in str(caught.value)
    assert every_row() == before


def test_a_truncated_file_is_refused(backup_file):
    path = backup_file
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert "文件不完整（可能在复制或下载时被截断）" in refused(path)


def test_a_file_with_one_byte_altered_is_refused(backup_file):
    path = backup_file
    with zipfile.ZipFile(path) as archive:
        biggest = max((info for info in archive.infolist() if info.filename != MANIFEST),
                      key=lambda info: info.compress_size)
    data = bytearray(path.read_bytes())
    # About the middle of the biggest table's compressed rows (past its header, name and extra).
    at = (biggest.header_offset + 30 + len(biggest.filename.encode()) + len(biggest.extra)
          + biggest.compress_size // 2)
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
    assert refused(path).startswith(f"备份文件「{path}」已损坏：{biggest.filename} ")


def test_a_table_that_does_not_match_its_checksum_is_refused(backup_file):
    forged = rewrite(backup_file, member={
        "tables/auth_permission.jsonl": lambda data: data.replace(b"Can ", b"May ")})
    assert refused(forged) == (f"备份文件「{forged}」已损坏：tables/auth_permission.jsonl 的校验和（SHA-256）"
                               "与清单不符")


@pytest.mark.parametrize("content", ["项目台账\n".encode(), b""])
def test_a_file_that_is_not_a_backup_is_refused(tmp_path, content):
    path = tmp_path / "台账.csv"
    path.write_bytes(content)
    assert refused(path) == f"「{path}」不是本系统的备份文件（应为 zhaoshang backup 写出的文件）"


def test_a_zip_without_a_manifest_is_refused(tmp_path):
    path = tmp_path / "台账.xlsx"  # a workbook is a zip too
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert refused(path) == f"「{path}」不是本系统的备份文件：其中没有清单 manifest.json"


def test_another_format_version_is_refused(backup_file):
    forged = rewrite(backup_file, manifest=lambda m: {**m, "format_version": 2})
    assert refused(forged) == (f"备份文件「{forged}」的格式版本为 2，本系统只能恢复格式版本 1 的备份；"
                               "请用写出它的那一版系统恢复")


def test_a_backup_of_other_migrations_is_refused(backup_file):
    forged = rewrite(backup_file, manifest=lambda m: {**m, "migrations": [
        key for key in m["migrations"] if key != ["auth", "0012_alter_user_first_name_max_length"]
    ] + [["projects", "0099_future"]]})
    assert refused(forged).splitlines() == [
        "备份与目标数据库的数据表结构不一致（数据库迁移不同），不能恢复",
        "备份中有、目标数据库没有的迁移（1 个）：projects.0099_future",
        "目标数据库有、备份中没有的迁移（1 个）：auth.0012_alter_user_first_name_max_length",
        "请用写出备份的那一版系统（0.1.0）建立数据库并恢复，恢复后再升级",
    ]


def test_a_row_the_database_refuses_rolls_back_every_table(backup_file):
    """The checksums agree, yet a permission points at a content type that is not there: the
    content types and permissions deleted to make room are back, nothing else is written."""
    forged = with_extra_row(backup_file, "auth_permission", id=9999, content_type_id=424242)
    assert "无法写入目标数据库，已全部撤销，目标数据库保持原样" in refused(forged)


def test_a_row_that_cannot_be_read_is_refused(backup_file):
    forged = with_extra_row(backup_file, "auth_user", id=99, username="x",
                            date_joined="2021-02-30T08:00:00+00:00")
    assert refused(forged).startswith("tables/auth_user.jsonl 第 2 行无法读取：")


# ---- the commands ------------------------------------------------------------------------------

def test_backup_writes_a_file_only_its_owner_reads(tmp_path):
    out = io.StringIO()
    call_command("backup", "-o", str(tmp_path / "b.zip"), stdout=out)
    assert out.getvalue().startswith(f"已备份 {len(models_to_copy())} 张数据表、共 ")
    assert stat.S_IMODE(os.stat(tmp_path / "b.zip").st_mode) == 0o600
    assert os.listdir(tmp_path) == ["b.zip"]  # no .part left behind


def test_restore_refuses_with_the_reason(backup_file):
    with pytest.raises(CommandError, match="^目标数据库不是空的："):
        call_command("restore", str(backup_file))


def test_the_restore_drill_on_a_fresh_database(backed_up, tmp_path):
    """As docs/deployment.md tells: a new database, migrate, restore, and the same figures."""
    path, _ = backed_up
    figures = io.StringIO()
    call_command("stats", "--year", "2021", "--json", stdout=figures)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}

    def zhaoshang(*args):
        return subprocess.run([sys.executable, "-m", "zhaoshang.manage", *args], env=env,
                              capture_output=True, text=True, timeout=120)

    assert zhaoshang("migrate", "-v", "0").returncode == 0
    restored = zhaoshang("restore", str(path))
    assert restored.returncode == 0 and restored.stdout.startswith(f"已从 {path} 恢复 ")
    assert json.loads(zhaoshang("stats", "--year", "2021", "--json").stdout) == json.loads(figures.getvalue())
