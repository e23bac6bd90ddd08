"""Time `zhaoshang import_ledger` end to end on a 10 000-row ledger workbook, with peak memory.

    .venv/bin/python bench/bench_import.py [--rows 10000] [--funds 20000] [--seed 1] \
        [--database-url sqlite:////tmp/bench-import.sqlite3] [--workbook /tmp/bench-ledger.xlsx]

Writes the workbook (sheets 项目台账 and 到位资金 of SPEC §10, every row valid) with openpyxl in
write-only mode, empties the database (a fresh SQLite file, or DROP/CREATE of a PostgreSQL
database whose name starts with "bench"), migrates it and loads the 2021 plan, then runs
`zhaoshang import_ledger` as a child process: the wall time and the child's peak RSS are the
whole command (start-up, reading, checking, writing). A second import of the same workbook
times the update path (every row already there). The whole is repeated --repeat times (the
machine is shared) and reported as median and best.
"""
import argparse
import datetime
import json
import os
import random
import statistics
import time
from urllib.parse import urlparse

from openpyxl import Workbook

from common import ZHAOSHANG, fresh_database, run

HEADERS = ["项目编号", "项目名称", "投资方", "投资方来源", "产业招商组", "是否工业项目", "是否新兴产业",
           "是否三企入桂", "总投资（万元）", "项目阶段", "签约日期", "开工日期", "投产日期", "退出日期", "退出原因",
           "建设地点", "建设内容", "进展情况", "存在问题"]
GROUPS = ["林木加工产业招商组", "战略性新兴产业招商组", "电镀产业招商组", "汽车产业招商组", "商贸物流产业招商组",
          "农业产业招商组", "基础设施及房地产产业招商组", "文旅产业与教育卫生招商组"]
STAGES = (["线索", "在谈", "签约", "开工", "投产", "退出"], [8, 10, 25, 25, 22, 10])
ORIGINS = (["区外境内", "区内", "境外"], [75, 15, 10])
EXIT_REASONS = ["投资方投资有变", "双方条件无法达成一致", "不符合国家产业政策", "其他：用地未能落实"]
PLACES = ["鹿寨经开区", "江口乡", "中渡镇", "寨沙镇", "黄冕镇", "平山镇", "四排镇", "拉沟乡", "导江乡"]
FIRST, LAST = datetime.date(2020, 1, 1), datetime.date(2021, 12, 31)


def plus(day, rng, low, high):
    return day + datetime.timedelta(days=rng.randint(low, high))


def project_row(rng, number):
    """One valid ledger row and, for a signed project, the window its funds may fall in."""
    stage = rng.choices(*STAGES)[0]
    signed = started = producing = exited = None
    reason = ""
    if stage not in ("线索", "在谈"):
        signed = FIRST + datetime.timedelta(days=rng.randint(0, (LAST - FIRST).days - 30))
        if stage in ("开工", "投产"):
            started = plus(signed, rng, 10, 120)
        if stage == "投产":
            producing = plus(started, rng, 60, 300)
        if stage == "退出":
            exited, reason = plus(signed, rng, 30, 300), rng.choice(EXIT_REASONS)
    code = f"BJ{number:06d}"
    row = [code, f"基准测试项目{number}", f"测试投资有限公司{number % 997}", rng.choices(*ORIGINS)[0],
           rng.choice(GROUPS), rng.choice("是否"), rng.choice("否否是"), rng.choice("否否否是"),
           int(10 ** rng.uniform(2, 5.7)), stage, signed, started, producing, exited, reason,
           rng.choice(PLACES), "新建厂房及生产线", "按计划推进", ""]
    window = (code, signed, min(exited or LAST, LAST)) if signed else None
    return row, window


def write_workbook(path, rows, funds, seed):
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    projects = workbook.create_sheet("项目台账")
    projects.append(HEADERS)
    windows = []
    for number in range(1, rows + 1):
        row, window = project_row(rng, number)
        projects.append(row)
        if window and window[1] < window[2]:
            windows.append(window)
    sheet = workbook.create_sheet("到位资金")
    sheet.append(["项目编号", "到位日期", "金额（万元）", "备注"])
    used = set()
    while len(used) < funds:
        code, first, last = rng.choice(windows)
        day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
        if (code, day) not in used:  # one record per project and day
            used.add((code, day))
            sheet.append([code, day, rng.randint(1, 500000) / 100, ""])
    workbook.save(path)


def main():
    parser = argparse.ArgumentParser(description="台账导入性能基准")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--funds", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "sqlite:////tmp/bench-import.sqlite3"))
    parser.add_argument("--workbook", default="/tmp/bench-ledger.xlsx")
    parser.add_argument("--repeat", type=int, default=3, help="在新库上重复整个导入的次数")
    parser.add_argument("--json", help="把结果另存为 JSON 文件")
    args = parser.parse_args()

    start = time.perf_counter()
    write_workbook(args.workbook, args.rows, args.funds, args.seed)
    print(f"工作簿 {args.workbook}：项目 {args.rows} 行，到位资金 {args.funds} 行，"
          f"生成 {time.perf_counter() - start:.1f} 秒，{os.path.getsize(args.workbook) / 1e6:.1f} MB")
    env = {**os.environ, "DATABASE_URL": args.database_url}
    # The importer refuses sheets beyond LEDGER_MAX_ROWS (20 000 by default) before reading them.
    env.setdefault("LEDGER_MAX_ROWS", str(max(args.rows, args.funds, 20_000)))
    runs = {"first": [], "again": []}
    for _ in range(args.repeat):
        fresh_database(args.database_url)
        run([ZHAOSHANG, "migrate", "--noinput", "-v0"], env)
        run([ZHAOSHANG, "loadplan", "luzhai-2021"], env)
        for label in runs:
            runs[label].append(run([ZHAOSHANG, "import_ledger", args.workbook], env))
    results = {"database": urlparse(args.database_url).scheme, "rows": args.rows,
               "funds_rows": args.funds, "repeat": args.repeat, "load_average": os.getloadavg()[0]}
    for label, timings in runs.items():
        seconds = [t.seconds for t in timings]
        best, typical = min(seconds), statistics.median(seconds)
        peak_mb = max(t.peak_mb for t in timings)
        results[label] = {"seconds": [round(t, 2) for t in seconds], "median_s": round(typical, 2),
                          "min_s": round(best, 2), "peak_mb": round(peak_mb, 1),
                          "project_rows_per_s": round(args.rows / typical),
                          "all_rows_per_s": round((args.rows + args.funds) / typical),
                          "output": timings[-1].output}
        print(f"{'首次导入' if label == 'first' else '再次导入'}（{args.repeat} 次）：中位数 {typical:.2f} 秒"
              f"（最快 {best:.2f} 秒），峰值内存 {peak_mb:.0f} MB，项目台账 {args.rows / typical:.0f} 行/秒"
              f"（含到位资金共 {(args.rows + args.funds) / typical:.0f} 行/秒）；{timings[-1].output}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
