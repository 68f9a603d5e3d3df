#!/usr/bin/env bash
# Counter intake through the API: POST /api/v1/dossiers with bearer tokens of tiepnhan and tiepnhan2.
# Goal: ≥ 500 dossiers/s on SQLite. Uses a fresh demo database (BENCH_KEEP_DATA=1 to run on the current one,
# e.g. the 1,000,000 generated dossiers).
source "$(dirname "$0")/lib.sh"
require wrk "apt-get install -y wrk"
export MOTCUA_DATA_DIR=${MOTCUA_DATA_DIR:-/tmp/bench-intake}
# Its own PostgreSQL database: the generated one (bench/generate.sh) is left alone.
PG_URL=${BENCH_PG_INTAKE_URL:-postgres://postgres@127.0.0.1:5433/motcua_intake}
use_backend
if [ "${BENCH_KEEP_DATA:-0}" != 1 ]; then
  if [ "${BACKEND:-sqlite}" = postgres ]; then
    admin=${PG_URL%/*}/postgres db=${PG_URL##*/}
    psql "$admin" -qc "DROP DATABASE IF EXISTS $db" && psql "$admin" -qc "CREATE DATABASE $db"
  else
    rm -rf "$MOTCUA_DATA_DIR" && mkdir -p "$MOTCUA_DATA_DIR"
  fi
  (cd "$ROOT" && "$BIN" seed-demo > /dev/null)
fi
DURATION=${BENCH_DURATION:-10s}
machine
start_server
login() {
  curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"MotCua@2026\"}" "$BASE/api/v1/auth/login" \
    | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
t1=$(login tiepnhan); t2=$(login tiepnhan2)
before=$(sql "SELECT COUNT(*) FROM dossiers")
read -r rate bad < <(run_wrk -s "$ROOT/bench/intake.lua" "$BASE" -- "$t1" "$t2")
stop_server   # let the requests still in flight finish before counting
after=$(sql "SELECT COUNT(*) FROM dossiers")
codes=$(sql "SELECT COUNT(DISTINCT code) FROM dossiers")
events=$(sql "SELECT COUNT(*) FROM dossier_events")
echo "intake (${BACKEND:-sqlite}): $rate dossiers/s (non-2xx $bad); hồ sơ mới: $((after - before)), mã khác nhau: $codes / $after, sự kiện: $events"
