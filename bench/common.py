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


def timed(funcs, runs, warmup=1):
    """Time each of `funcs` {name: callable} `runs` times after `warmup` calls, interleaved.

    Returns ({name: {"wall": [...], "cpu": [...]}}, {name: last result}). Interleaving (one
    call of each per round, the order alternating) exposes all of them to the same load: the
    machine is shared, so only timings taken side by side compare fairly. CPU is this process's
    time: on SQLite the whole query, on PostgreSQL the client side only.
    """
    for _ in range(warmup):
        for func in funcs.values():
            func()
    times = {name: {"wall": [], "cpu": []} for name in funcs}
    results = {}
    names = list(funcs)
    for round_ in range(runs):
        for name in (names if round_ % 2 == 0 else names[::-1]):
            start, start_cpu = time.perf_counter(), time.process_time()
            results[name] = funcs[name]()
            times[name]["wall"].append(time.perf_counter() - start)
            times[name]["cpu"].append(time.process_time() - start_cpu)
    return times, results


def median(values):
    return statistics.median(values)
