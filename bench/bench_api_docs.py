"""How soon /api/docs/ is usable: from navigating to it until Swagger UI shows its endpoints.

    DATABASE_URL=... .venv/bin/python bench/bench_api_docs.py [--runs 5] [--port 8765]

Serves the app with `zhaoshang runserver --insecure` (static files from Django, uncompressed, the
slowest way), signs in as the bench's office user in Debian's chromium and opens /api/docs/
--runs times, each in a fresh browser context (nothing cached). The first run meets a server
that has not built the schema yet. Prints each time and the median of the others.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request

from common import ZHAOSHANG, setup_django

from bench_pages import PASSWORD, USERNAME, office_user, port_free


def wait_ready(port, server):
    for _ in range(200):
        if server.poll() is not None:
            sys.exit("服务启动失败")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    sys.exit("服务 60 秒内没有就绪")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    setup_django()
    office_user()
    if not port_free(args.port):
        sys.exit(f"端口 {args.port} 已被占用，请用 --port 换一个")
    env = {**os.environ, "DEBUG": "false", "LOG_FILE": "off"}
    server = subprocess.Popen([str(ZHAOSHANG), "runserver", "--insecure", "--noreload",
                               f"127.0.0.1:{args.port}"], env=env, stderr=subprocess.DEVNULL)
    from playwright.sync_api import sync_playwright
    try:
        wait_ready(args.port, server)
        times = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get(
                "ZHAOSHANG_CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"])
            for _ in range(args.runs):
                context = browser.new_context(base_url=f"http://127.0.0.1:{args.port}")
                page = context.new_page()
                page.goto("/login/")
                page.fill("#id_username", USERNAME)
                page.fill("#id_password", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(lambda url: "/login/" not in url)
                start = time.perf_counter()
                page.goto("/api/docs/")
                page.wait_for_selector(".opblock-tag", timeout=30_000)
                times.append(time.perf_counter() - start)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    print("每次（秒）：", " ".join(f"{t:.2f}" for t in times))
    print(f"首次 {times[0]:.2f} 秒；其后中位数 {statistics.median(times[1:] or times):.2f} 秒")


if __name__ == "__main__":
    main()
