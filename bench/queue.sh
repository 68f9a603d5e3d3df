#!/usr/bin/env bash
# Queue boards: 100 SSE streams connected, 20 counters calling; p50/p99 from each call's response to its event at the
# boards. BACKEND=sqlite (one node) or BACKEND=postgres with NODES=1|2 (two nodes on one database: the counters call
# through both, boards listen on both). Uses MOTCUA_BIN (default the release binary), ports 8095 (+8096).
#   bench/queue.sh                                 # SQLite, one node
#   BACKEND=postgres NODES=2 BENCH_PG_URL=… bench/queue.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${MOTCUA_BIN:-$ROOT/.build/release/motcua}
BACKEND=${BACKEND:-sqlite}
NODES=${NODES:-1}
BOARDS=${BENCH_BOARDS:-100}
COUNTERS=${BENCH_COUNTERS:-20}
CALLS=${BENCH_CALLS:-400}
DATA=$(mktemp -d /tmp/bench-queue.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
export MOTCUA_DATA_DIR=$DATA MOTCUA_KIOSK_RATE_LIMIT=100000 LOG_LEVEL=warning
if [ "$BACKEND" = postgres ]; then
  export DATABASE_URL=${BENCH_PG_URL:?set BENCH_PG_URL to an empty PostgreSQL database}
  "$BIN" migrate -y >/dev/null
  "$BIN" seed-demo >/dev/null
  mode=serve
else
  mode=demo
fi
nodes=""
for n in $(seq 1 "$NODES"); do
  port=$((8094 + n))
  "$BIN" $mode --port $port > /tmp/bench-queue-node$n.log 2>&1 &
  pids+=($!)
  nodes="${nodes:+$nodes,}http://127.0.0.1:$port"
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 1; done
done
# Twenty counters of the demo centre that serve one area ("B01"…), added straight to the database.
agency_sql="(SELECT id FROM agencies WHERE code = '000.00.21.H36')"
for i in $(seq -w 1 "$COUNTERS"); do
  stmt="INSERT INTO queue_counters (id, agency_id, code, name, number, area_codes, priority_streak) VALUES ("
  if [ "$BACKEND" = postgres ]; then
    psql "$DATABASE_URL" -qc "$stmt gen_random_uuid(), $agency_sql, 'B$i', 'Quầy bench $i', 2$i, 'xay-dung', 0)"
  else
    python3 - "$DATA/motcua.sqlite" "B$i" <<'PY'
import sqlite3, sys, uuid
db = sqlite3.connect(sys.argv[1], timeout=30)
agency = db.execute("SELECT id FROM agencies WHERE code = '000.00.21.H36'").fetchone()[0]
db.execute("INSERT INTO queue_counters (id, agency_id, code, name, number, area_codes, priority_streak) VALUES (?, ?, ?, ?, ?, 'xay-dung', 0)",
           (str(uuid.uuid4()).upper(), agency, sys.argv[2], "Quầy bench " + sys.argv[2], 200 + int(sys.argv[2][1:])))
db.commit()
PY
  fi
done
python3 "$ROOT/bench/queue.py" --nodes "$nodes" --boards "$BOARDS" --counters "$COUNTERS" --calls "$CALLS"
