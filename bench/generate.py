"""A province-sized ledger straight into the database of DATABASE_URL, for the benchmarks.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/generate.py \
        [--projects 100000] [--funds 1000000] [--seed 1] [--funds-order date|project] [--reset]

Loads the 2021 plan (its 8 groups), then writes the projects and funds records with raw
`executemany` (SQLite) or COPY (PostgreSQL), bypassing the services: this is test data, not a
ledger. The rows still obey SPEC §4 (dates in order, no funds after exit, one record per
project and day). Deterministic for a seed. Refuses a database that already has projects
unless --reset, which empties projects, stage changes and funds first.
"""
import argparse
import datetime
import random
import sys
import time

from common import setup_django, vendor

FIRST_SIGNED = datetime.date(2019, 1, 1)
FUNDS_FROM, FUNDS_TO = datetime.date(2020, 1, 1), datetime.date(2021, 12, 31)
BATCH = 5000
PROJECT_COLUMNS = [
    "id", "code", "name", "investor", "origin", "group_id", "industrial", "emerging", "sanqi",
    "sanqi_batch", "total_investment", "stage", "signed_on", "started_on", "producing_on",
    "exited_on", "exit_reason", "exit_reason_text", "location", "content", "progress", "problems",
    "created_at", "updated_at", "version",
]
FUNDS_COLUMNS = ["id", "project_id", "date", "amount", "note"]
ORIGINS = (["domestic_external", "in_region", "foreign"], [75, 15, 10])
STAGES = (["lead", "negotiating", "signed", "started", "producing", "exited"], [8, 10, 25, 25, 22, 10])
PLACES = ["鹿寨经开区", "江口乡", "中渡镇", "寨沙镇", "黄冕镇", "平山镇", "四排镇", "拉沟乡", "导江乡"]


def days(day, rng, low, high):
    return day + datetime.timedelta(days=rng.randint(low, high))


def project_rows(rng, count, groups):
    """(rows, funds windows): one tuple per project; (id, first day, last day, total) per funded one."""
    from django.db import connection
    from django.utils import timezone

    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    group_ids = rng.choices([g for g, _ in groups], [w for _, w in groups], k=count)
    origins = rng.choices(*ORIGINS, k=count)
    stages = rng.choices(*STAGES, k=count)
    span = (FUNDS_TO - FIRST_SIGNED).days
    rows, windows = [], []
    for i in range(count):
        pk, stage = i + 1, stages[i]
        total = int(10 ** rng.uniform(2, 5.7)) * 100  # 100 万 … 50 亿, in hundredths of 万元
        signed = started = producing = exited = None
        reason = ""
        if stage not in ("lead", "negotiating"):
            signed = FIRST_SIGNED + datetime.timedelta(days=rng.randint(0, span))
            if stage in ("started", "producing"):
                started = days(signed, rng, 10, 120)
            if stage == "producing":
                producing = days(started, rng, 60, 300)
            if stage == "exited":
                exited, reason = days(signed, rng, 30, 300), rng.choice(["investor_changed", "no_agreement"])
            last = min(exited or FUNDS_TO, FUNDS_TO)
            first = max(signed, FUNDS_FROM)
            if first <= last:
                windows.append((pk, first, last, total))
        rows.append((
            pk, f"P{pk:07d}", f"基准测试项目{pk}", f"测试投资有限公司{pk % 5000}", origins[i], group_ids[i],
            rng.random() < 0.5, rng.random() < 0.3, rng.random() < 0.2, "", total, stage,
            *(ops.adapt_datefield_value(d) for d in (signed, started, producing, exited)),
            reason, "", rng.choice(PLACES), "", "", "", now, now, 1,
        ))
    return rows, windows


def funds_counts(rng, windows, wanted):
    """How many records each funded project gets: about the mean, never more than its days."""
    mean = max(1, wanted // max(1, len(windows)))
    spare = [(last - first).days + 1 for _, first, last, _ in windows]
    counts = [min(s, rng.randint(1, 2 * mean - 1)) for s in spare]
    remaining = wanted - sum(counts)
    while remaining > 0:
        moved = 0
        for i, room in enumerate(spare):
            add = min(room - counts[i], remaining, mean)
            if add > 0:
                counts[i] += add
                remaining -= add
                moved += add
        if not moved:
            sys.exit(f"到位资金记录 {wanted} 条超出项目可用日期，请减少 --funds 或增加 --projects")
    while remaining < 0:  # too many on the first pass: take them back from the largest
        i = max(range(len(counts)), key=counts.__getitem__)
        take = min(counts[i] - 1, -remaining)
        counts[i] -= take
        remaining += take
    return counts


def funds_rows(rng, windows, counts, order):
    """Funds records, distinct days per project, in date order (as a ledger in use fills up
    over time) or project by project (as after one import of a ledger sorted by project)."""
    from django.db import connection

    day_text = [connection.ops.adapt_datefield_value(FUNDS_FROM + datetime.timedelta(days=d))
                for d in range((FUNDS_TO - FUNDS_FROM).days + 1)]
    keys = []  # day << 32 | index of the window: one small int per record, cheap to sort
    for i, ((_, first, last, _), count) in enumerate(zip(windows, counts)):
        base = (first - FUNDS_FROM).days
        keys += [(base + offset) << 32 | i
                 for offset in sorted(rng.sample(range((last - first).days + 1), count))]
    if order == "date":
        keys.sort()
    for pk, key in enumerate(keys, start=1):
        i = key & 0xFFFFFFFF
        project_id, _, _, total = windows[i]
        yield pk, project_id, day_text[key >> 32], rng.randint(1, max(1, total // (2 * counts[i]))), ""


def batches(rows, size=BATCH):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert(table, columns, rows):
    """Write `rows` fast: COPY on PostgreSQL, executemany in batches on SQLite."""
    from django.db import connection

    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
            for batch in batches(rows):
                cursor.executemany(sql, batch)


def reset():
    from zhaoshang.core.models import ChangeRecord
    from zhaoshang.projects.models import FundsRecord, Project, StageChange

    for model in (FundsRecord, StageChange, Project):
        model.objects.all()._raw_delete(model.objects.db)
    ChangeRecord.objects.filter(object_type__in=["project", "fundsrecord"]).delete()


def main():
    parser = argparse.ArgumentParser(description="生成省级规模的项目台账（基准测试用）")
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--funds", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--funds-order", choices=["date", "project"], default="date",
                        help="到位资金的物理写入顺序：按日期（默认，系统日常使用的样子）或按项目")
    parser.add_argument("--reset", action="store_true", help="先清空项目、阶段变更和到位资金")
    args = parser.parse_args()
    setup_django()

    from django.core.management.color import no_style
    from django.db import connection, transaction

    from zhaoshang.plans.catalog import LUZHAI_2021
    from zhaoshang.plans.models import GroupTarget
    from zhaoshang.plans.services import load_plan
    from zhaoshang.projects.models import FundsRecord, Project

    start = time.perf_counter()
    with transaction.atomic():
        load_plan(LUZHAI_2021)
        if Project.objects.exists():
            if not args.reset:
                sys.exit("数据库中已有项目；加 --reset 先清空（仅用于基准测试数据库）")
            reset()
        # Groups weighted by their funds targets, so the big groups get the most projects.
        groups = [(t.group_id, int(t.funds_target))
                  for t in GroupTarget.objects.filter(plan__year=2021).order_by("group__position")]
        rng = random.Random(args.seed)
        rows, windows = project_rows(rng, args.projects, groups)
        insert(Project._meta.db_table, PROJECT_COLUMNS, rows)
        counts = funds_counts(rng, windows, args.funds)
        insert(FundsRecord._meta.db_table, FUNDS_COLUMNS, funds_rows(rng, windows, counts, args.funds_order))
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Project, FundsRecord]):
                cursor.execute(sql)
    written = time.perf_counter() - start
    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give
        cursor.execute("ANALYZE")
    print(f"{connection.vendor}：项目 {len(rows)} 个，到位资金 {sum(counts)} 条；"
          f"写入 {written:.1f} 秒，ANALYZE {time.perf_counter() - start - written:.1f} 秒")


if __name__ == "__main__":
    main()
