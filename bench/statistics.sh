#!/usr/bin/env bash
# Response time of GET /api/v1/statistics on the generated database, for the province root and a district,
# for one month and for the whole two years (bench/generate.sh first).
source "$(dirname "$0")/lib.sh"
use_backend
start_server
token=$(curl -fs -H 'Content-Type: application/json' -d '{"username":"lanhdao","password":"MotCua@2026"}' "$BASE/api/v1/auth/login" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
month_from=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m-%d); month_to=$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m-%d)
years_from=$(date -d "-2 years" +%Y-%m-%d); today=$(date +%Y-%m-%d)
for q in "from=$month_from&to=$month_to" "from=$years_from&to=$today" "agency=000.11.21.H36&from=$month_from&to=$month_to"; do
  curl -fs -o /dev/null -H "Authorization: Bearer $token" "$BASE/api/v1/statistics?$q"   # warm
  t=$(curl -fs -o /tmp/motcua-bench-stats.json -w '%{time_total}' -H "Authorization: Bearer $token" "$BASE/api/v1/statistics?$q")
  echo "statistics?$q → ${t}s: $(head -c 300 /tmp/motcua-bench-stats.json)…"
done
