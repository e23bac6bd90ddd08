"""Page and API latency under concurrent clients, against a real gunicorn on loopback.

    DATABASE_URL=... .venv/bin/python bench/bench_pages.py [--clients 1,20] [--requests 2000]
        [--duration 30] [--workers N] [--urls / /projects/ ...] [--json out.json]
    DATABASE_URL=... .venv/bin/python bench/bench_pages.py --profile [--urls /]

Needs gunicorn (`pip install -e '.[bench]'`) and a database filled by `generate.py`. Creates (or
resets the password of) an office user `bench-office`, starts `gunicorn zhaoshang.wsgi` with
--workers (default 2 × cores + 1, as docs/deployment.md advises) and CONN_MAX_AGE=60, signs in
through the login form and keeps the session cookie. Then, for each number of clients, that
many threads send requests back to back (or, with --think S, each after a pause of 0…2S seconds,
as people reading a page would) until --requests have been answered or --duration seconds have
passed; each thread cycles through --urls starting at a different one, so every URL is measured
under the same mixed load. A request's latency is from sending it to having read the whole
body. Reports median, p95 and maximum per URL, the throughput and gunicorn's CPU time per
request (which the machine's other load does not change); any status but 200 fails the run.

--profile runs no server: it requests each URL in this process (Django's test client) and
prints the SQL query count, the time in SQL and the functions taking the most time (cProfile).
"""
import argparse
import cProfile
import http.client
import json
import math
import os
import pstats
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

from common import setup_django, vendor

# Meets the password policy: a weak one would send the user to change it first.
USERNAME, PASSWORD = "bench-office", "Bench-Office-2026-pw!"
COUNTY_URLS = ["/", "/projects/", "/api/projects/", "/api/stats/?year=2021"]


def office_user():
    """The bench's office user, with a known password."""
    from django.contrib.auth import get_user_model

    from zhaoshang.org.models import Membership, Role

    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, role=Role.OFFICE, group=None)
    return user


# --- the server ----------------------------------------------------------------------------

def port_free(port):
    with socket.socket() as probe:
        # As gunicorn binds: sockets in TIME_WAIT do not count, a listening server does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_server(port, workers, threads):
    if not port_free(port):  # never measure someone else's server
        sys.exit(f"端口 {port} 已被占用，请用 --port 换一个")
    command = [sys.executable, "-m", "gunicorn", "zhaoshang.wsgi:application",
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
               "--timeout", "120", "--log-level", "warning"]
    env = {**os.environ, "CONN_MAX_AGE": "60", "DEBUG": "false",
           "DJANGO_SETTINGS_MODULE": "zhaoshang.settings"}
    server = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn 启动失败（退出码 {server.returncode}）")
        try:
            status, _, _ = request(port, "GET", "/login/")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn 60 秒内没有就绪")


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def server_cpu(server):
    """CPU seconds used so far by gunicorn's master and workers (Linux /proc)."""
    pids = [server.pid]
    try:
        with open(f"/proc/{server.pid}/task/{server.pid}/children") as children:
            pids += [int(pid) for pid in children.read().split()]
    except OSError:
        return None
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def request(port, method, path, *, body=None, headers=None, connection=None):
    """(status, headers, body) of one request; a fresh connection unless one is given."""
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        if connection is None:
            conn.close()


def cookies(headers):
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
    return jar


def sign_in(port):
    """The session cookie of the office user, signed in through the login form."""
    status, headers, body = request(port, "GET", "/login/")
    csrf = cookies(headers)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"username": USERNAME, "password": PASSWORD,
                                   "csrfmiddlewaretoken": token})
    status, headers, _ = request(port, "POST", "/login/", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"})
    session = cookies(headers).get("sessionid")
    if status != 302 or not session:
        sys.exit(f"登录失败（状态 {status}）")
    return f"sessionid={session}; csrftoken={csrf}"


# --- the load ------------------------------------------------------------------------------

def run_load(port, cookie, urls, clients, max_requests, duration, think=0.0):
    """{url: [latency seconds]} and the wall time of `clients` threads sending requests, back to
    back or (think > 0) each after a pause drawn uniformly from 0…2 × think seconds."""
    latencies = {url: [] for url in urls}
    failures = []
    lock = threading.Lock()
    sent = [0]
    deadline = time.monotonic() + duration

    def client(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        pauses = random.Random(index)
        i = index
        while True:
            if think:
                time.sleep(pauses.uniform(0, 2 * think))
            with lock:
                if sent[0] >= max_requests or time.monotonic() >= deadline:
                    break
                sent[0] += 1
            url = urls[i % len(urls)]
            i += 1
            start = time.perf_counter()
            try:
                status, _, _ = request(port, "GET", url, headers={"Cookie": cookie},
                                       connection=conn)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status = repr(exc)
            elapsed = time.perf_counter() - start
            with lock:
                if status == 200:
                    latencies[url].append(elapsed)
                else:
                    failures.append((url, status))
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit(f"有 {len(failures)} 个请求失败，例如：{failures[:3]}")
    return latencies, time.perf_counter() - start


def percentile(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ms(seconds):
    return round(seconds * 1000, 1)


def summary(latencies, wall):
    rows = {url: {"requests": len(v), "median_ms": ms(statistics.median(v)),
                  "p95_ms": ms(percentile(v, 95)), "max_ms": ms(max(v))}
            for url, v in latencies.items() if v}
    total = sum(len(v) for v in latencies.values())
    return {"urls": rows, "requests": total, "seconds": round(wall, 2),
            "per_second": round(total / wall, 1)}


def print_table(clients, result):
    pause = f"，平均停顿 {result['think_seconds']} 秒" if result["think_seconds"] else ""
    print(f"\n并发客户端 {clients} 个{pause}：{result['requests']} 个请求，{result['seconds']} 秒，"
          f"{result['per_second']} 个/秒")
    if "server_cpu_ms_per_request" in result:
        print(f"  服务器 CPU 每请求 {result['server_cpu_ms_per_request']} ms，"
              f"客户端 CPU 每请求 {result['client_cpu_ms_per_request']} ms，"
              f"开始前负载 {result['load_average_before']}")
    print(f"  {'地址':<28}{'请求数':>8}{'中位数 ms':>12}{'p95 ms':>10}{'最大 ms':>10}")
    for url, row in result["urls"].items():
        print(f"  {url:<30}{row['requests']:>8}{row['median_ms']:>12}{row['p95_ms']:>10}"
              f"{row['max_ms']:>10}")


# --- where the time goes -------------------------------------------------------------------

def profile(urls, runs=5):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(office_user())
    for url in urls:
        client.get(url)  # warm: imports, templates, the first queries
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
        sql = sum(float(q["time"]) for q in queries.captured_queries)
        print(f"\n{url}：状态 {response.status_code}，{len(response.content):,} 字节，"
              f"SQL {len(queries.captured_queries)} 条共 {sql * 1000:.0f} ms，"
              f"整个请求中位数 {statistics.median(times) * 1000:.0f} ms")
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:160]}")
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(r"zhaoshang|django/(db|template)", 25)


def main():
    parser = argparse.ArgumentParser(description="页面与接口响应时间（gunicorn，本机回环，并发客户端）")
    parser.add_argument("--urls", nargs="+", default=COUNTY_URLS)
    parser.add_argument("--clients", default="1,20", help="逗号分隔的并发客户端数，依次各测一轮")
    parser.add_argument("--requests", type=int, default=2000, help="每轮最多请求数")
    parser.add_argument("--duration", type=float, default=30, help="每轮最长秒数")
    parser.add_argument("--think", type=float, default=0,
                        help="每个客户端两次请求之间的平均停顿秒数（0…2 倍均匀分布；默认 0 即连续发送）")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1, help="每个 worker 的线程数（>1 即 gthread）")
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--json", help="把结果写入此 JSON 文件")
    parser.add_argument("--profile", action="store_true", help="不启动服务器，逐个地址分析耗时")
    args = parser.parse_args()
    setup_django()
    from zhaoshang.projects.models import FundsRecord, Project

    scale = {"projects": Project.objects.count(), "funds": FundsRecord.objects.count()}
    print(f"{vendor()}：项目 {scale['projects']:,} 个，到位资金 {scale['funds']:,} 条")
    if args.profile:
        return profile(args.urls)
    office_user()

    server = start_server(args.port, args.workers, args.threads)
    try:
        cookie = sign_in(args.port)
        # Warm every worker: imports, templates and connections are not what is measured.
        run_load(args.port, cookie, args.urls, args.workers, args.workers * len(args.urls) * 3, 120)
        results = {}
        for clients in (int(c) for c in args.clients.split(",")):
            load, cpu, own_cpu = os.getloadavg()[0], server_cpu(server), time.process_time()
            latencies, wall = run_load(args.port, cookie, args.urls, clients, args.requests,
                                       args.duration, args.think)
            result = summary(latencies, wall)
            # CPU per request says what the machine's load does not: the server's own work.
            if cpu is not None:
                result["server_cpu_ms_per_request"] = round(
                    (server_cpu(server) - cpu) * 1000 / result["requests"], 1)
            result["client_cpu_ms_per_request"] = round(
                (time.process_time() - own_cpu) * 1000 / result["requests"], 1)
            results[clients] = {**result, "think_seconds": args.think,
                                "load_average_before": round(load, 2)}
            print_table(clients, results[clients])
    finally:
        stop_server(server)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"database": vendor(), **scale, "workers": args.workers,
                       "threads": args.threads, "cpus": os.cpu_count(), "results": results},
                      out, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
