#!/usr/bin/env bash
# Public lookup by code vs /health, in the same run, on the generated database (bench/generate.sh first).
# Goal: lookup ≥ 50% of health's requests/s.
# The machine is shared and one wrk run moves by ±20 %, so health and lookup alternate for BENCH_ROUNDS rounds
# (default 5) of BENCH_DURATION each (default 8s): every round gives a ratio measured under the same conditions,
# and the median of the rounds is the figure. Server CPU per request (/proc/<pid>/stat) is printed beside it.
source "$(dirname "$0")/lib.sh"
require wrk "apt-get install -y wrk"
require bc "apt-get install -y bc"
DURATION=${BENCH_DURATION:-8s}
ROUNDS=${BENCH_ROUNDS:-5}
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

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
ticks_per_second=$(getconf CLK_TCK)
# wrk … → "requests/s non2xx µs-of-server-CPU-per-request"
measure() {
  local before after out rps total_requests non2xx
  before=$(cpu_ticks)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$@")
  after=$(cpu_ticks)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  total_requests=$(echo "$out" | awk '/requests in/ {print $1}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "$rps ${non2xx:-0} $(( (after - before) * 1000000 / ticks_per_second / total_requests ))"
}

ratios=()
for round in $(seq 1 "$ROUNDS"); do
  read -r health health_bad health_cpu < <(measure "$BASE/health")
  read -r lookup lookup_bad lookup_cpu < <(measure -s "$ROOT/bench/lookup.lua" "$BASE" -- "$codes")
  ratio=$(echo "scale=1; $lookup * 100 / $health" | bc)
  ratios+=("$ratio")
  echo "vòng $round: health $health req/s (${health_cpu} µs CPU/yêu cầu, non-2xx $health_bad)," \
       "lookup $lookup req/s (${lookup_cpu} µs CPU/yêu cầu, non-2xx $lookup_bad) → ${ratio}%"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "lookup / health (${BACKEND:-sqlite}): trung vị ${median}% qua $ROUNDS vòng [${ratios[*]}] (mục tiêu ≥ 50%)"
