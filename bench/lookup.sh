#!/usr/bin/env bash
# Public lookup by code vs /health, in the same run, on the generated database (bench/generate.sh first).
# Goal: lookup ≥ 50% of health's requests/s.
source "$(dirname "$0")/lib.sh"
require wrk "apt-get install -y wrk"
use_backend
total=$(sql "SELECT COUNT(*) FROM dossiers")
codes=/tmp/motcua-bench-codes.txt
sql "SELECT code FROM dossiers ORDER BY random() LIMIT 20000" > "$codes"
machine
echo "hồ sơ trong cơ sở dữ liệu: $total; mã tra cứu ngẫu nhiên: $(wc -l < "$codes")"
start_server
# Warm up both paths (connection pools, page cache).
wrk -t1 -c8 -d3s "$BASE/health" >/dev/null
wrk -t1 -c8 -d5s -s "$ROOT/bench/lookup.lua" "$BASE" -- "$codes" >/dev/null
read -r health health_bad < <(run_wrk "$BASE/health")
read -r lookup lookup_bad < <(run_wrk -s "$ROOT/bench/lookup.lua" "$BASE" -- "$codes")
ratio=$(echo "scale=3; $lookup / $health * 100" | bc)
echo "health: $health req/s (non-2xx $health_bad)"
echo "lookup: $lookup req/s (non-2xx $lookup_bad)"
echo "lookup / health = ${ratio}% (mục tiêu ≥ 50%)"
