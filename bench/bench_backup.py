"""Time `zhaoshang backup` and `zhaoshang restore` on the database of DATABASE_URL (bench/generate.py).

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/bench_backup.py \
        [--target-url sqlite:////tmp/bench-restore.sqlite3] [--file /tmp/bench-backup.zip] [--json OUT]

Backs the database up, restores the file into a fresh migrated target (emptied first: a SQLite
file is deleted, a PostgreSQL database only when its name begins with bench), and checks that
`zhaoshang stats --json` gives the same figures on both. Each command runs as a child process:
its wall time, CPU time and peak memory (`ru_maxrss` from `os.wait4`) are its own.
"""
import argparse
import json
import os
import sys

from common import ZHAOSHANG, fresh_database, run


def main():
    parser = argparse.ArgumentParser(description="备份与恢复性能基准")
    parser.add_argument("--target-url", default="sqlite:////tmp/bench-restore.sqlite3")
    parser.add_argument("--file", default="/tmp/bench-backup.zip")
    parser.add_argument("--json", help="把结果另存为 JSON 文件")
    args = parser.parse_args()
    source = os.environ.get("DATABASE_URL")
    if not source:
        sys.exit("请设置 DATABASE_URL 指向 bench/generate.py 生成的数据库")
    if args.target_url == source:
        sys.exit("--target-url 不能与 DATABASE_URL 相同：恢复的目标会被清空")
    env, target_env = {**os.environ}, {**os.environ, "DATABASE_URL": args.target_url}
    load = os.getloadavg()[0]
    results = {"load_average": load}
    backed_up = run([ZHAOSHANG, "backup", "-o", args.file], env)
    fresh_database(args.target_url)
    run([ZHAOSHANG, "migrate", "--noinput", "-v0"], target_env)
    restored = run([ZHAOSHANG, "restore", args.file], target_env)
    for label, child in (("backup", backed_up), ("restore", restored)):
        results[label] = {"wall_s": round(child.seconds, 1), "cpu_s": round(child.cpu, 1),
                          "peak_mb": round(child.peak_mb), "output": child.output}
        print(f"{label}：墙钟 {child.seconds:.1f} 秒，CPU {child.cpu:.1f} 秒，峰值内存 {child.peak_mb:.0f} MB；"
              f"{child.output}")
    results["file_mb"] = round(os.path.getsize(args.file) / 1024 / 1024, 1)
    figures = [run([ZHAOSHANG, "stats", "--year", "2021", "--json"], e).output for e in (env, target_env)]
    if json.loads(figures[0]) != json.loads(figures[1]):
        sys.exit("恢复后的统计数字与原库不一致")
    print(f"备份文件 {results['file_mb']} MB；恢复后 2021 年统计数字与原库一致；测量开始时负载 {load:.1f}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
