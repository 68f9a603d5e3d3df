#!/usr/bin/env bash
# Fills the benchmark database: bench/generate.sh [N] — BACKEND=sqlite|postgres, MOTCUA_DATA_DIR (default /tmp/bench-data).
# Starts from an empty database each time, so the figure is the time of one full load.
source "$(dirname "$0")/lib.sh"
N=${1:-1000000}
use_backend
if [ "${BACKEND:-sqlite}" = postgres ]; then
  admin=${PG_URL%/*}/postgres db=${PG_URL##*/}
  psql "$admin" -qc "DROP DATABASE IF EXISTS $db" && psql "$admin" -qc "CREATE DATABASE $db"
else
  rm -rf "$MOTCUA_DATA_DIR" && mkdir -p "$MOTCUA_DATA_DIR"
fi
machine
cd "$ROOT"
start=$(date +%s.%N)
"$BIN" generate --dossiers "$N" --seed "${SEED:-2026}"
end=$(date +%s.%N)
echo "generate $N (${BACKEND:-sqlite}): $(echo "$end - $start" | bc) s tổng (kể cả migrate và nạp dữ liệu mẫu)"
echo "hồ sơ: $(sql 'SELECT COUNT(*) FROM dossiers'), sự kiện: $(sql 'SELECT COUNT(*) FROM dossier_events')"
[ "${BACKEND:-sqlite}" = sqlite ] && du -sh "$MOTCUA_DATA_DIR"
exit 0
