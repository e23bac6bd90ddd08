"""Time `year_figures(2021)` beside the floor: ONE hand-written SQL aggregate of the county figures.

    DATABASE_URL=... .venv/bin/python bench/bench_stats.py [--runs 7] [--year 2021] [--explain]

Both are called --runs times after a warm-up call, interleaved (the machine is shared, so the two
are timed side by side under the same load), and reported as medians; the county figures of the
two must agree or the script fails. --explain prints the query plans of the floor and of the two
queries `year_figures` sends (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).
"""
import argparse
import datetime
import json
import os
import sys
from decimal import Decimal

from common import median, setup_django, timed, vendor

# The county figures of SPEC §5 in one statement: the projects signed in the year and the funds
# dated in it, each aggregated once, side by side. Amounts are integer hundredths of 万元.
FLOOR = """
SELECT s.*, f.* FROM (
  SELECT
    SUM(CASE WHEN live THEN 1 ELSE 0 END) AS signed_projects,
    SUM(CASE WHEN live AND industrial THEN 1 ELSE 0 END) AS industrial_projects,
    SUM(CASE WHEN live AND industrial AND total_investment >= %(major)s THEN 1 ELSE 0 END)
      AS major_industrial_projects,
    SUM(CASE WHEN live AND emerging THEN 1 ELSE 0 END) AS emerging_projects,
    COALESCE(SUM(CASE WHEN live THEN total_investment ELSE 0 END), 0) AS planned_investment,
    SUM(CASE WHEN live THEN 0 ELSE 1 END) AS exited_projects
  FROM (
    SELECT industrial, emerging, total_investment,
           (exited_on IS NULL OR exited_on > %(end)s) AS live
    FROM projects_project
    WHERE origin IN ('domestic_external', 'foreign') AND total_investment >= %(threshold)s
      AND signed_on BETWEEN %(start)s AND %(end)s
  ) counted
) s, (
  SELECT
    COALESCE(SUM(CASE WHEN p.origin = 'domestic_external' THEN r.amount ELSE 0 END), 0)
      AS funds_in_place,
    COALESCE(SUM(CASE WHEN p.origin = 'foreign' THEN r.amount ELSE 0 END), 0)
      AS foreign_funds_in_place
  FROM projects_fundsrecord r JOIN projects_project p ON p.id = r.project_id
  WHERE r.date BETWEEN %(start)s AND %(end)s AND p.total_investment >= %(threshold)s
    AND p.origin IN ('domestic_external', 'foreign')
) f
"""
AMOUNTS = {"funds_in_place", "foreign_funds_in_place", "planned_investment"}


def floor_params(year):
    from django.db import connection

    from zhaoshang.projects.models import MAJOR_INVESTMENT
    from zhaoshang.stats.figures import get_plan

    plan = get_plan(year)
    adapt = connection.ops.adapt_datefield_value
    return {"start": adapt(datetime.date(year, 1, 1)), "end": adapt(datetime.date(year, 12, 31)),
            "threshold": int(plan.threshold * 100), "major": MAJOR_INVESTMENT * 100}


def floor(params):
    """The county figures by the hand-written aggregate, amounts back in 万元."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(FLOOR, params)
        names = [c[0] for c in cursor.description]
        row = cursor.fetchone()
    return {n: (Decimal(v or 0) / 100 if n in AMOUNTS else int(v or 0)) for n, v in zip(names, row)}


def explain(sql, params=None):
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if vendor() == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        for row in cursor.fetchall():
            print("   ", " | ".join(str(c) for c in row if c is not None))


def explain_all(year, params):
    """The plans of the floor and of the aggregates year_figures sends (captured as sent)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhaoshang.stats.figures import year_figures

    print("底线查询：")
    explain(FLOOR, params)
    with CaptureQueriesContext(connection) as queries:
        year_figures(year)
    for query in queries:
        if "GROUP BY" in query["sql"]:
            print(f"year_figures 的查询（{query['time']} 秒）：{query['sql']}")
            explain(query["sql"].replace("%", "%%"))


def main():
    parser = argparse.ArgumentParser(description="统计性能基准：year_figures 与一条手写 SQL 聚合（底线）对比")
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--explain", action="store_true", help="打印查询计划")
    parser.add_argument("--json", help="把结果另存为 JSON 文件")
    args = parser.parse_args()
    setup_django()

    from zhaoshang.projects.models import FundsRecord, Project
    from zhaoshang.stats.figures import year_figures

    params = floor_params(args.year)
    times, results = timed({"year_figures": lambda: year_figures(args.year),
                            "floor": lambda: floor(params)}, args.runs)
    stats_times, floor_times = times["year_figures"], times["floor"]
    county, county_floor = results["year_figures"]["county"], results["floor"]
    mismatched = {k: (county[k], v) for k, v in county_floor.items() if county[k] != v}
    stats_s, floor_s = median(stats_times["wall"]), median(floor_times["wall"])
    summary = {
        "database": vendor(), "projects": Project.objects.count(), "funds": FundsRecord.objects.count(),
        "runs": args.runs, "load_average": os.getloadavg()[0],
        "year_figures": rounded(stats_times), "floor": rounded(floor_times),
        "ratio_wall": round(stats_s / floor_s, 2),
        # Each round's own ratio: both calls ran back to back under the same load.
        "ratio_paired_median": round(median([a / b for a, b in zip(stats_times["wall"],
                                                                    floor_times["wall"])]), 2),
        # Only on SQLite does this process's CPU time include the database's work.
        "ratio_cpu": (round(median(stats_times["cpu"]) / median(floor_times["cpu"]), 2)
                      if vendor() == "sqlite" else None),
        "county": {k: str(v) for k, v in county_floor.items()},
    }
    print(json.dumps(summary, ensure_ascii=False))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(summary, out, ensure_ascii=False, indent=2)
    if args.explain:
        explain_all(args.year, params)
    if mismatched:
        sys.exit(f"year_figures 与底线查询的全县数字不一致：{mismatched}")
    cpu = f"，CPU 时间之比 {summary['ratio_cpu']}" if summary["ratio_cpu"] else ""
    print(f"全县数字一致；year_figures 中位数 {stats_s:.3f} 秒，底线 {floor_s:.3f} 秒，"
          f"比值 {stats_s / floor_s:.2f}（逐轮成对比值的中位数 {summary['ratio_paired_median']}{cpu}；"
          "目标 ≤ 2）")


def rounded(times):
    """Medians and every run, in seconds."""
    return {"wall_median": round(median(times["wall"]), 4), "cpu_median": round(median(times["cpu"]), 4),
            "wall_min": round(min(times["wall"]), 4),
            "wall": [round(t, 4) for t in times["wall"]], "cpu": [round(t, 4) for t in times["cpu"]]}


if __name__ == "__main__":
    main()
