"""The whole database in one file, and back (SPEC §16): `zhaoshang backup` and `zhaoshang restore`.

The file is a ZIP archive (ZIP64, deflated) that any unzip tool opens:

    manifest.json               what the file holds (below)
    tables/<db_table>.jsonl     one table: a JSON array per row, the manifest's columns in order,
                                rows by primary key

manifest.json: `format` ("zhaoshang-backup"), `format_version`, `created_at`, `database` (vendor
and version), `app_version`, `django_version`, `migrations` (every applied migration, as
`django_migrations` holds them) and `migration_heads` (the last one of each app), `files` (files
kept on disk: none, uploads are BinaryFields in the tables) and per table its `model`, `columns`,
`rows`, `last_id` (the highest id ever handed out, so restored ids are never reused) and the
SHA-256 of its file.

Values are written as Django reads them (money Decimal → "12.34", dates and aware datetimes in
ISO 8601, bytes in base64, JSON fields as JSON) and read back with the field's own `to_python`,
so a SQLite backup restores on PostgreSQL and back. Every table of every installed app is in
it, auth and sessions included; `restore` replaces the content types and permissions `migrate`
made, so their ids, and everything pointing at them, are the backed-up ones.

Rows are streamed in chunks both ways: memory stays bounded whatever the size of the ledger.
Restore is an operation on the database like `migrate`, not a change of the facts: it writes
raw rows (no `save()`, no `auto_now`, no change records) in one transaction.
"""
import base64
import datetime
import decimal
import hashlib
import io
import json
import uuid
import zipfile
import zlib
from contextlib import contextmanager
from importlib import metadata

import django
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string

FORMAT = "zhaoshang-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# What `migrate` itself writes into a new database; restore replaces these rows.
MIGRATE_MADE = {"contenttypes.contenttype", "auth.permission"}
CHUNK_ROWS = 2000
CHUNK_BYTES = 8 * 1024 * 1024  # a batch of uploads is bounded by size, not only by rows
BLOB_CHUNK_ROWS = 10  # rows read at a time from a table holding files (up to 20 MB each)
VENDORS = {"sqlite", "postgresql"}


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why, in Chinese."""


def _connection(using):
    connection = connections[using]
    if connection.vendor not in VENDORS:
        raise BackupError(f"备份与恢复只支持 SQLite 和 PostgreSQL 数据库，不支持 {connection.vendor}")
    return connection


def models_to_copy():
    """Every model that owns a table: installed apps' models and the M2M tables Django makes."""
    return [model for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy]


def app_version():
    try:
        return metadata.version("zhaoshang")
    except metadata.PackageNotFoundError:
        return "unknown"


def _plain(value):
    """JSON for what `json` does not know: the values Django hands back for our fields."""
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} cannot go into a backup")


def _fields(model):
    return model._meta.local_concrete_fields


def _has_sequence(model):
    return model._meta.pk.get_internal_type().endswith("AutoField")


def _last_id(connection, model):
    """The highest id the table's sequence handed out (rows since deleted included), or None."""
    if not _has_sequence(model):
        return None
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)",
                           [connection.ops.quote_name(table), column])
            sequence = cursor.fetchone()[0]
            if sequence is None:
                return None
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
            last, called = cursor.fetchone()
            return last if called else last - 1
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            return row[0] if row else 0
    return None


def applied_migrations(connection):
    return sorted(MigrationRecorder(connection).applied_migrations())


def migration_heads(connection, applied):
    """{app: [its last applied migrations]}: those no other applied one of the app depends on."""
    graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    applied = set(applied)
    heads = {}
    for key in sorted(applied):
        node = graph.node_map.get(key)
        children = {child.key for child in node.children} if node else set()
        if not any(child in applied and child[0] == key[0] for child in children):
            heads.setdefault(key[0], []).append(key[1])
    return heads


@contextmanager
def _snapshot(connection):
    """One consistent view of every table while they are read, without blocking writers."""
    if connection.in_atomic_block:  # the caller's transaction already is one
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    else:
        # Django's atomic() would BEGIN IMMEDIATE (settings): a write lock for the whole backup.
        # A deferred transaction reads one WAL snapshot and lets writers go on.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")


# Fields whose values JSON carries as they are and every database takes back as they are. An
# exact class, not a subclass: MoneyField is a BigIntegerField that reads back as a Decimal.
PLAIN = {models.AutoField, models.BigAutoField, models.SmallAutoField, models.IntegerField,
         models.BigIntegerField, models.SmallIntegerField, models.PositiveIntegerField,
         models.PositiveBigIntegerField, models.PositiveSmallIntegerField, models.BooleanField,
         models.CharField, models.TextField, models.SlugField, models.EmailField, models.URLField}
# Dates go through their C isoformat; the rest json does not know (Decimal, bytes…) through _plain.
ISOFORMAT = {models.DateField: datetime.date.isoformat, models.DateTimeField: datetime.datetime.isoformat}
ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_plain)


def _write_table(archive, connection, model):
    """Stream `model`'s rows into tables/<table>.jsonl; its manifest entry."""
    fields = _fields(model)
    name = f"tables/{model._meta.db_table}.jsonl"
    dates = [(i, ISOFORMAT[type(f)]) for i, f in enumerate(fields) if type(f) in ISOFORMAT]
    blobs = any(f.get_internal_type() == "BinaryField" for f in fields)
    queryset = (model._base_manager.using(connection.alias).order_by(model._meta.pk.attname)
                .values_list(*[f.attname for f in fields]))
    digest, rows, lines, size = hashlib.sha256(), 0, [], 0
    with archive.open(name, "w", force_zip64=True) as out:
        for row in queryset.iterator(chunk_size=BLOB_CHUNK_ROWS if blobs else CHUNK_ROWS):
            if dates:  # the many dates through their C isoformat, not one _plain call each
                row = list(row)
                for i, isoformat in dates:
                    if row[i] is not None:
                        row[i] = isoformat(row[i])
            lines.append(ENCODER.encode(row) + "\n")
            size += len(lines[-1])
            rows += 1
            if size >= CHUNK_BYTES or len(lines) >= CHUNK_ROWS:
                _write(out, digest, lines)
                lines, size = [], 0
        _write(out, digest, lines)
    return {"table": model._meta.db_table, "model": model._meta.label_lower,
            "columns": [f.column for f in fields], "rows": rows, "last_id": _last_id(connection, model),
            "file": name, "sha256": digest.hexdigest()}


def _write(out, digest, lines):
    data = "".join(lines).encode("utf-8")
    digest.update(data)
    out.write(data)


def _server_version(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return cursor.fetchone()[0]


def backup(target, *, using="default", progress=None):
    """Write the whole database of `using` to `target` (a path or a binary file); the manifest.

    `progress(entry)` is called after each table.
    """
    connection = _connection(using)
    with _snapshot(connection), zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        applied = applied_migrations(connection)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.localtime().isoformat(timespec="seconds"),
            "database": {"vendor": connection.vendor, "version": _server_version(connection)},
            "app_version": app_version(),
            "django_version": django.get_version(),
            "migrations": [list(key) for key in applied],
            "migration_heads": migration_heads(connection, applied),
            "files": [],
            "tables": [],
        }
        for model in sorted(models_to_copy(), key=lambda m: m._meta.db_table):
            entry = _write_table(archive, connection, model)
            manifest["tables"].append(entry)
            if progress:
                progress(entry)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


# ---- restore ----------------------------------------------------------------------------------

DAMAGED = "备份文件「{name}」已损坏"


def _open(path):
    name = str(path)
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"找不到备份文件「{name}」") from None
    except OSError as exc:
        raise BackupError(f"无法读取「{name}」：{exc.strerror}") from None
    except zipfile.BadZipFile:
        with open(path, "rb") as file:
            zip_like = file.read(4) == b"PK\x03\x04"
        if zip_like:
            raise BackupError(DAMAGED.format(name=name) + "：文件不完整（可能在复制或下载时被截断），无法恢复") from None
        raise BackupError(f"「{name}」不是本系统的备份文件（应为 zhaoshang backup 写出的文件）") from None


def read_manifest(archive, name):
    """The manifest of an opened backup, its form checked; BackupError if it is not one of ours."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(f"「{name}」不是本系统的备份文件：其中没有清单 {MANIFEST}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise BackupError(DAMAGED.format(name=name) + f"：清单 {MANIFEST} 无法读取") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"「{name}」不是本系统的备份文件：清单 {MANIFEST} 不是本系统写出的")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"备份文件「{name}」的格式版本为 {manifest.get('format_version')}，"
                          f"本系统只能恢复格式版本 {FORMAT_VERSION} 的备份；请用写出它的那一版系统恢复")
    try:
        whole = all(isinstance(entry["table"], str) and isinstance(entry["file"], str)
                    and isinstance(entry["sha256"], str) and isinstance(entry["rows"], int)
                    and isinstance(entry.get("last_id", 0), int | None)
                    and all(isinstance(column, str) for column in entry["columns"])
                    for entry in manifest["tables"])
        whole = whole and all(len(key) == 2 for key in manifest["migrations"])
    except (KeyError, TypeError):
        whole = False
    if not whole:
        raise BackupError(DAMAGED.format(name=name) + f"：清单 {MANIFEST} 不完整")
    return manifest


def _listed(names, limit=5):
    names = sorted(names)
    return "、".join(names[:limit]) + (" 等" if len(names) > limit else "")


def check_schema(manifest, connection):
    """The target has exactly the backup's migrations, tables and columns; {table: model}."""
    target = {".".join(key) for key in applied_migrations(connection)}
    if not target:
        raise BackupError("目标数据库还没有建立数据表：请先运行 zhaoshang migrate，再恢复")
    backed = {".".join(key) for key in manifest["migrations"]}
    if backed != target:
        lines = ["备份与目标数据库的数据表结构不一致（数据库迁移不同），不能恢复"]
        if backed - target:
            lines.append(f"备份中有、目标数据库没有的迁移（{len(backed - target)} 个）：{_listed(backed - target)}")
        if target - backed:
            lines.append(f"目标数据库有、备份中没有的迁移（{len(target - backed)} 个）：{_listed(target - backed)}")
        lines.append(f"请用写出备份的那一版系统（{manifest.get('app_version', '版本不明')}）建立数据库并恢复，"
                     "恢复后再升级")
        raise BackupError("\n".join(lines))
    models = {model._meta.db_table: model for model in models_to_copy()}
    tables = {entry["table"] for entry in manifest["tables"]}
    if tables != set(models):
        differences = []
        if tables - set(models):
            differences.append(f"目标数据库没有 {_listed(tables - set(models))}")
        if set(models) - tables:
            differences.append(f"备份中没有 {_listed(set(models) - tables)}")
        raise BackupError("备份与目标数据库的数据表不一致，不能恢复：" + "；".join(differences))
    for entry in manifest["tables"]:
        if set(entry["columns"]) != {f.column for f in _fields(models[entry["table"]])}:
            raise BackupError(f"备份与目标数据库的数据表 {entry['table']} 的列不一致，不能恢复")
    return models


def check_empty(models, connection):
    """Refuse a target holding anything beyond what `migrate` writes into a new database."""
    holding = [table for table, model in sorted(models.items())
               if model._meta.label_lower not in MIGRATE_MADE
               and model._base_manager.using(connection.alias).exists()]
    if holding:
        raise BackupError(
            f"目标数据库不是空的：{len(holding)} 张数据表中已有数据（{_listed(holding)}），不能恢复。"
            "恢复只写入刚建立、只执行过 zhaoshang migrate 的空数据库，以免覆盖现有数据；请新建一个数据库，migrate 后再恢复")


def check_files(archive, manifest, name):
    """Every table file is there, whole, with its SHA-256 and row count."""
    for entry in manifest["tables"]:
        digest, lines = hashlib.sha256(), 0
        try:
            with archive.open(entry["file"]) as member:
                while chunk := member.read(1024 * 1024):
                    digest.update(chunk)
                    lines += chunk.count(b"\n")
        except KeyError:
            raise BackupError(DAMAGED.format(name=name) + f"：缺少 {entry['file']}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise BackupError(DAMAGED.format(name=name) + f"：{entry['file']} 无法读出") from None
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(DAMAGED.format(name=name) + f"：{entry['file']} 的校验和（SHA-256）与清单不符")
        if lines != entry["rows"]:
            raise BackupError(DAMAGED.format(name=name) + f"：{entry['file']} 的行数与清单不符")


def _converter(field, connection):
    """A value of the file → what the database takes: the field's own parsing and adaptation
    (None where the value goes in as it is)."""
    kind = type(field.target_field if field.is_relation else field)
    if kind in PLAIN:
        return None
    if kind is models.DateField:  # a million funds dates: the short way to what Django would pass
        adapt = connection.ops.adapt_datefield_value
        return lambda value: adapt(datetime.date.fromisoformat(value))
    return lambda value: field.get_db_prep_save(field.to_python(value), connection)


def _batches(archive, entry, fields, connection):
    """The rows of a table file as the database takes them, in batches bounded in rows and bytes."""
    converters = [(i, convert) for i, f in enumerate(fields) if (convert := _converter(f, connection))]
    batch, size = [], 0
    with archive.open(entry["file"]) as member:
        for number, line in enumerate(io.TextIOWrapper(member, encoding="utf-8", newline="\n"), start=1):
            try:
                row = json.loads(line)
                if not isinstance(row, list) or len(row) != len(fields):
                    raise ValueError(f"应为 {len(fields)} 列的一行")
                for i, convert in converters:
                    if row[i] is not None:
                        row[i] = convert(row[i])
            except (ValueError, TypeError, ValidationError) as exc:
                raise BackupError(f"{entry['file']} 第 {number} 行无法读取：{exc}") from None
            batch.append(row)
            size += len(line)
            if len(batch) >= CHUNK_ROWS or size >= CHUNK_BYTES:
                yield batch
                batch, size = [], 0
    if batch:
        yield batch


def _load_table(archive, cursor, connection, model, entry):
    by_column = {f.column: f for f in _fields(model)}
    fields = [by_column[column] for column in entry["columns"]]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        # COPY: a province's million funds records in seconds, where row-by-row INSERTs take minutes.
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for batch in _batches(archive, entry, fields, connection):
                for row in batch:
                    copy.write_row(row)
    else:
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for batch in _batches(archive, entry, fields, connection):
            cursor.executemany(sql, batch)


def _reset_sequence(cursor, connection, model, last_id):
    """New rows get ids above every restored one and every one the backed-up database handed out."""
    if not _has_sequence(model):
        return
    quote = connection.ops.quote_name
    table, column = model._meta.db_table, model._meta.pk.column
    cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")
    top = max(cursor.fetchone()[0] or 0, last_id or 0)
    if connection.vendor == "postgresql":
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s, %s)",
                       [quote(table), column, max(top, 1), top > 0])
    else:
        cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
        if top:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top])


@contextmanager
def _big_cache(cursor, connection):
    """SQLite's page cache is 2 MB: a million rows into indexed tables spill and re-read pages
    all the time; with 64 MB a province-sized restore takes a fifth less CPU (docs/performance.md §8)."""
    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA cache_size")
    before = cursor.fetchone()[0]
    cursor.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(before)}")


def restore(path, *, using="default", progress=None):
    """Load the backup at `path` into the empty migrated database `using`; its manifest.

    Everything is checked first (the file, its checksums, the migrations, that the target is
    empty), then written in one transaction: on any problem BackupError and nothing written.
    """
    connection = _connection(using)
    name = str(path)
    with _open(path) as archive:
        manifest = read_manifest(archive, name)
        models = check_schema(manifest, connection)
        check_empty(models, connection)
        check_files(archive, manifest, name)
        try:
            with (transaction.atomic(using=using), connection.cursor() as cursor,
                  _big_cache(cursor, connection)):
                for label in sorted(MIGRATE_MADE):  # replaced by the backed-up ones
                    table = apps.get_model(label)._meta.db_table
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
                for entry in manifest["tables"]:
                    model = models[entry["table"]]
                    _load_table(archive, cursor, connection, model, entry)
                    _reset_sequence(cursor, connection, model, entry.get("last_id"))
                    if progress:
                        progress(entry)
                connection.check_constraints()
        except DatabaseError as exc:
            raise BackupError(f"备份中的数据无法写入目标数据库，已全部撤销，目标数据库保持原样：{exc}") from None
        finally:
            ContentType.objects.clear_cache()
    return manifest
