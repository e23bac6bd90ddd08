"""What the bench scripts share: Django set up on the database of DATABASE_URL, a timer, and
child commands timed on their own (wall, CPU, peak memory) against a database emptied first."""
import os
import statistics
import subprocess
import sys
import time
from collections import namedtuple
from pathlib import Path
from urllib.parse import urlparse

ZHAOSHANG = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "zhaoshang"
Child = namedtuple("Child", "seconds cpu peak_mb output")


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


def fresh_database(url):
    """Empty the database of `url`: a SQLite file is deleted, a PostgreSQL database whose name
    starts with "bench" dropped and created again (any other name: refused)."""
    parsed = urlparse(url)
    if parsed.scheme.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(parsed.path + suffix).unlink(missing_ok=True)
        return
    name = parsed.path.lstrip("/")
    if not name.startswith("bench"):
        sys.exit(f"只清空名称以 bench 开头的 PostgreSQL 数据库，而不是「{name}」")
    import psycopg

    with psycopg.connect(url.replace(f"/{name}", "/postgres", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def run(args, env):
    """The Child (wall seconds, CPU seconds, peak RSS in MB, output) of one command; exits if it fails."""
    start = time.perf_counter()
    with open(os.devnull, "rb") as stdin, subprocess.Popen(
            args, env=env, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as child:
        output = child.stdout.read().decode()
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not all children's
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode:
        sys.exit(f"{' '.join(map(str, args))} 失败（退出码 {child.returncode}）：\n{output}")
    return Child(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output.strip())
