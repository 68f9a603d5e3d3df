#!/usr/bin/env bash
# Response times of the reports on the generated database (bench/generate.sh first), as the province leader
# lanhdaotinh: GET /api/v1/reports/dossiers for the last year and the whole history, grouped by field and by agency;
# GET /api/v1/statistics and the public statement for the same periods; the evaluation page (/bao-cao/danh-gia)
# for the last month, the last year and the whole history. BENCH_REQUESTS (default 40) sequential requests per case after two warm-ups
# (BENCH_PAGE_REQUESTS, default 5, for the evaluation page); prints p50/p95/max in ms.
source "$(dirname "$0")/lib.sh"
use_backend
start_server
N=${BENCH_REQUESTS:-40}
token=$(curl -fs -H 'Content-Type: application/json' -d '{"username":"lanhdaotinh","password":"MotCua@2026"}' "$BASE/api/v1/auth/login" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
jar=$(mktemp)
csrf=$(curl -fs -c "$jar" -b "$jar" "$BASE/dang-nhap" | sed -nE 's/.*name="_csrf" value="([^"]+)".*/\1/p' | head -1)
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "username=lanhdaotinh" \
  --data-urlencode "password=MotCua@2026" "$BASE/dang-nhap"
today=$(date +%Y-%m-%d); year_from=$(date -d "-1 year +1 day" +%Y-%m-%d)
month_from=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m-%d); month_to=$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m-%d)
echo "$(machine); dossiers: $(sql 'SELECT COUNT(*) FROM dossiers'); roll-up rows: $(sql 'SELECT COUNT(*) FROM dossier_rollups')"

# time_requests LABEL COUNT CURL-ARGS… → one line of percentiles; the last answer stays in /tmp/motcua-bench-report.out
time_requests() {
  local label=$1 count=$2; shift 2
  for _ in 1 2; do curl -fs -o /dev/null "$@"; done
  local times=()
  for _ in $(seq 1 "$count"); do times+=("$(curl -fs -o /tmp/motcua-bench-report.out -w '%{time_total}' "$@")"); done
  printf '%s\n' "${times[@]}" | sort -n | awk -v q="$label" '{ a[NR] = $1 * 1000 } END {
    p50 = a[int((NR + 1) * 0.50)]; p95 = a[int(NR * 0.95 + 0.999)]; printf "%s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d requests)\n", q, p50, p95, a[NR], NR }'
}

for range in "from=$year_from&to=$today" "from=2000-01-01&to=$today"; do
  for group in field agency; do
    q="$range&groupBy=$group"
    time_requests "reports/dossiers?$q" "$N" -H "Authorization: Bearer $token" "$BASE/api/v1/reports/dossiers?$q"
    echo "  total: $(python3 -c 'import json; t=json.load(open("/tmp/motcua-bench-report.out"))["total"]; print({k: t[k] for k in ("received","resolved","resolvedEarly","resolvedOnTime","resolvedLate","onTimeRate")})')"
  done
  time_requests "statistics?$range" "$N" -H "Authorization: Bearer $token" "$BASE/api/v1/statistics?$range"
  echo "  received/resolved: $(python3 -c 'import json; t=json.load(open("/tmp/motcua-bench-report.out")); print(t["received"]["total"], t["resolved"]["total"])')"
  time_requests "public/statistics?$range" "$N" "$BASE/api/v1/public/statistics?$range"
done
for range in "from=$month_from&to=$month_to" "from=$year_from&to=$today" "from=2000-01-01&to=$today"; do
  time_requests "bao-cao/danh-gia?$range" "${BENCH_PAGE_REQUESTS:-5}" -b "$jar" "$BASE/bao-cao/danh-gia?$range"
  grep -q "Đánh giá giải quyết" /tmp/motcua-bench-report.out || { echo "the evaluation page did not answer with the report" >&2; exit 1; }
done
rm -f "$jar"
