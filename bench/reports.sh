#!/usr/bin/env bash
# Response time of GET /api/v1/reports/dossiers (province leader lanhdaotinh) on the generated database:
# the province for the last year and for the whole history, grouped by field and by agency.
# BENCH_REQUESTS (default 40) sequential requests per case after two warm-ups; prints p50/p95/max in ms.
source "$(dirname "$0")/lib.sh"
use_backend
start_server
N=${BENCH_REQUESTS:-40}
token=$(curl -fs -H 'Content-Type: application/json' -d '{"username":"lanhdaotinh","password":"MotCua@2026"}' "$BASE/api/v1/auth/login" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
today=$(date +%Y-%m-%d); year_from=$(date -d "-1 year +1 day" +%Y-%m-%d)
echo "$(machine); dossiers: $(sql 'SELECT COUNT(*) FROM dossiers'); roll-up rows: $(sql 'SELECT COUNT(*) FROM dossier_rollups')"
for range in "from=$year_from&to=$today" "from=2000-01-01&to=$today"; do
  for group in field agency; do
    q="$range&groupBy=$group"
    for _ in 1 2; do curl -fs -o /dev/null -H "Authorization: Bearer $token" "$BASE/api/v1/reports/dossiers?$q"; done
    times=()
    for _ in $(seq 1 "$N"); do
      times+=("$(curl -fs -o /tmp/motcua-bench-report.json -w '%{time_total}' -H "Authorization: Bearer $token" "$BASE/api/v1/reports/dossiers?$q")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v q="$q" '{ a[NR] = $1 * 1000 } END {
      p50 = a[int((NR + 1) * 0.50)]; p95 = a[int(NR * 0.95 + 0.999)]; printf "reports/dossiers?%s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d requests)\n", q, p50, p95, a[NR], NR }'
    echo "  total: $(python3 -c 'import json; t=json.load(open("/tmp/motcua-bench-report.json"))["total"]; print({k: t[k] for k in ("received","resolved","resolvedEarly","resolvedOnTime","resolvedLate","onTimeRate")})')"
  done
done
