#!/usr/bin/env bash
# A throw-away PostgreSQL 15 for the benchmarks: `bench/pg.sh start` (initdb on first use, port
# 55433, database "bench", trust auth on 127.0.0.1 only), `bench/pg.sh stop` (stops and deletes it).
# As root the server runs as the `postgres` user (initdb refuses root).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${BENCH_PG_DIR:-/tmp/bench-pg}
PORT=${BENCH_PG_PORT:-55433}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then (cd "$DIR" && runuser -u postgres -- "$@"); else (cd "$DIR" && "$@"); fi
}

case "${1:-}" in
  start)
    mkdir -p "$DIR"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$DIR"
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      as_pg "$PG_BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null \
      || as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w start \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1"
    as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qtAc \
      "SELECT 1 FROM pg_database WHERE datname = 'bench'" | grep -q 1 \
      || as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres bench
    echo "DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/bench"
    ;;
  stop)
    if [ -f "$DIR/data/postmaster.pid" ]; then as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop; fi
    rm -rf "$DIR"
    ;;
  *)
    echo "用法：bench/pg.sh start|stop" >&2
    exit 2
    ;;
esac
