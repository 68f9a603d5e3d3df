#!/usr/bin/env bash
# Shared by the bench scripts: where things are, and starting/stopping the release server.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${MOTCUA_BIN:-$ROOT/.build/release/motcua}
PORT=${BENCH_PORT:-8181}
BASE=http://127.0.0.1:$PORT
DURATION=${BENCH_DURATION:-15s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-1}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5433/motcua_bench}
SERVER_PID=""

require() {
  command -v "$1" >/dev/null || { echo "Thiếu công cụ '$1' ($2)." >&2; exit 1; }
}

# BACKEND=sqlite (file under MOTCUA_DATA_DIR) or BACKEND=postgres (BENCH_PG_URL, created if missing).
use_backend() {
  export MOTCUA_DATA_DIR=${MOTCUA_DATA_DIR:-/tmp/bench-data}
  case "${BACKEND:-sqlite}" in
    sqlite) unset DATABASE_URL ;;
    postgres)
      export DATABASE_URL=$PG_URL
      local admin=${PG_URL%/*}/postgres db=${PG_URL##*/}
      psql "$admin" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || psql "$admin" -qc "CREATE DATABASE $db"
      ;;
    *) echo "BACKEND phải là sqlite hoặc postgres" >&2; exit 1 ;;
  esac
}

sql() {
  if [ "${BACKEND:-sqlite}" = postgres ]; then psql "$DATABASE_URL" -Atqc "$1"; else sqlite3 "$MOTCUA_DATA_DIR/motcua.sqlite" "$1"; fi
}

start_server() {
  [ -x "$BIN" ] || { echo "Chưa có $BIN: chạy 'swift build -c release' trước." >&2; exit 1; }
  # Otherwise wrk would measure whatever already listens there (an older build, another bench).
  if curl -s -o /dev/null "$BASE/health"; then
    echo "Cổng $PORT đã có máy chủ khác đang chạy: dừng nó hoặc đặt BENCH_PORT." >&2
    exit 1
  fi
  (cd "$ROOT" && MOTCUA_LOOKUP_RATE_LIMIT=100000000 LOG_LEVEL=warning \
     exec "$BIN" serve --env production --hostname 127.0.0.1 --port "$PORT") > /tmp/motcua-bench-server.log 2>&1 &
  SERVER_PID=$!
  trap stop_server EXIT
  for _ in $(seq 1 60); do
    curl -fs "$BASE/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "Máy chủ không lên; xem /tmp/motcua-bench-server.log" >&2
  exit 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}

# wrk … → "requests/s non2xx"
run_wrk() {
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  echo "$out" >&2
  local rps non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "$rps ${non2xx:-0}"
}

machine() {
  echo "máy: $(nproc) lõi $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/ {print $2}') GB RAM; tải trung bình lúc đo: $(cut -d' ' -f1-3 /proc/loadavg)"
}
