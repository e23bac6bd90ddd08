"""What the bench scripts share: Django set up on the database of DATABASE_URL, a timer."""
import os
import statistics
import sys
import time


def setup_django():
    """Set up Django on DATABASE_URL; refuse the default dev database (bench data is huge)."""
    if not os.environ.get("DATABASE_URL"):
        sys.exit("请设置 DATABASE_URL 指向基准测试专用数据库（例如 sqlite:////tmp/bench.sqlite3）")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    import django

    django.setup()


def vendor():
    from django.db import connection

    return connection.vendor  # "sqlite" or "postgresql"


def timed(func, runs, warmup=1):
    """Timings of `runs` calls after `warmup` calls: {"wall": [...], "cpu": [...]}, last result.

    CPU is this process's time: on SQLite the whole query, on PostgreSQL the client side only.
    The machine is shared, so CPU time is the steadier measure where it is meaningful.
    """
    for _ in range(warmup):
        func()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = func()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"wall": wall, "cpu": cpu}, result


def median(values):
    return statistics.median(values)
