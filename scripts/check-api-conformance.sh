#!/usr/bin/env bash
# The API does what /api/v1/openapi.json says, checked by schemathesis against a running `motcua demo`:
# every operation, with the bearer token of each demo role (the officers and the demo citizen `congdan`) and once
# without one, a bounded number of generated requests per operation, and four checks — no 5xx, only documented status
# codes, documented content types and bodies that match the documented schema. Then the POSTs without a body (which
# schemathesis never sends) must get a documented 4xx with the Vietnamese JSON error, and the server must be the same
# process, still answering /health. About 8 minutes on a 2-core machine (8 runs × ~3,000 requests; 20 when it is busy).
#
#   MOTCUA_BASE_URL   the running demo, e.g. http://127.0.0.1:8089 (required)
#   MOTCUA_DEMO_PID   the demo's process id; when set it must still be alive at the end
#   MOTCUA_CONFORMANCE_EXAMPLES  generated cases per operation in the fuzzing phase (default 50)
#   MOTCUA_CONFORMANCE_SEED      hypothesis seed (default 20260101), so that a failure in CI replays locally
#   MOTCUA_CONFORMANCE_REPORTS   where the JUnit reports and the failures' cassettes go (default a temporary folder)
#   MOTCUA_CONFORMANCE_ARGS      extra schemathesis arguments, for investigating (e.g. --include-path /api/v1/me)
#
# scripts/api_conformance_hooks.py narrows the generated procedure and dossier codes to those the demo has, and gives
# each run's account a few uploads and drafts of its own to work on (see there).
#
# Installs nothing: CI runs `python3 -m pip install 'schemathesis==4.32.5'` first (the version this was written
# and tuned against; schemathesis changed its command line between 3.x and 4.x).
set -uo pipefail
cd "$(dirname "$0")/.."

base="${MOTCUA_BASE_URL:?set MOTCUA_BASE_URL to the running demo, e.g. http://127.0.0.1:8089}"
base="${base%/}"
examples="${MOTCUA_CONFORMANCE_EXAMPLES:-50}"
seed="${MOTCUA_CONFORMANCE_SEED:-20260101}"
reports="${MOTCUA_CONFORMANCE_REPORTS:-$(mktemp -d /tmp/motcua-conformance.XXXXXX)}"
mkdir -p "$reports" && reports=$(cd "$reports" && pwd)
password="MotCua@2026"
accounts=(quantri tiepnhan chuyenvien lanhdao vanthu tiepnhan2 congdan tichhop lanhdaotinh)
checks="not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"

if ! command -v schemathesis >/dev/null 2>&1; then
  echo "FAIL schemathesis is not installed (python3 -m pip install 'schemathesis==4.32.5')" >&2
  exit 1
fi
echo "schemathesis: $(schemathesis --version 2>&1)"

if ! curl -fsS "$base/health" >/dev/null; then
  echo "FAIL $base/health does not answer: start the demo first" >&2
  exit 1
fi

# The process that serves the port: CI tells it; otherwise it is read from the listening socket.
port="${base##*:}"; port="${port%%/*}"
listening_pid() { ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2; }
pid="${MOTCUA_DEMO_PID:-$(listening_pid)}"
echo "server: $base, pid ${pid:-unknown}"

# One token per account, obtained once before the runs: the runs below also fuzz the login endpoint (with generated
# credentials that name no demo account), which puts this client's address in the login back-off for up to
# 15 minutes, so no login from here succeeds after them. Run this check after anything else that logs in to the
# same demo. To run it again within that time, keep the tokens: MOTCUA_CONFORMANCE_TOKENS_FILE names a file of
# "username token" lines, read when it exists, written otherwise (tokens are valid for 12 hours).
declare -A tokens
tokens_file="${MOTCUA_CONFORMANCE_TOKENS_FILE:-}"
if [ -n "$tokens_file" ] && [ -s "$tokens_file" ]; then
  while read -r user token; do tokens[$user]=$token; done < "$tokens_file"
fi
for user in "${accounts[@]}"; do
  [ -n "${tokens[$user]:-}" ] && continue
  body=$(printf '{"username":"%s","password":"%s"}' "$user" "$password")
  token=$(curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' -d "$body" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])') || token=""
  if [ -z "$token" ]; then
    echo "FAIL cannot log in as $user" >&2
    exit 1
  fi
  tokens[$user]=$token
  [ -n "$tokens_file" ] && echo "$user $token" >> "$tokens_file"
done

export MOTCUA_BASE_URL="$base"
export SCHEMATHESIS_HOOKS="$PWD/scripts/api_conformance_hooks.py"
export MOTCUA_CONFORMANCE_LOOKUP_TOKEN="${tokens[lanhdao]}"
export MOTCUA_CONFORMANCE_CITIZEN_TOKEN="${tokens[congdan]}"
read -r -a extra <<< "${MOTCUA_CONFORMANCE_ARGS:-}"
failed=()
started=$(date +%s)
run() {
  local name=$1; shift
  export MOTCUA_CONFORMANCE_TOKEN="${tokens[$name]:-}"
  local t0=$(date +%s)
  echo
  echo "== schemathesis as $name"
  if ! curl -fsS --max-time 10 "$base/health" >/dev/null; then
    echo "-- $name: not run, $base/health does not answer"
    failed+=("$name")
    return
  fi
  # --phases: explicit examples, boundary/negative coverage and random fuzzing of each operation; the stateful
  #   phase (chains of calls through links) is left out to keep the step bounded.
  # --mode all: valid requests and invalid ones (wrong types, missing fields, out-of-range values): the latter
  #   must get a documented 4xx with the Vietnamese error body, never a 5xx or an undocumented status.
  # No operation is excluded: POST /api/v1/auth/login is fuzzed too (its 429 is documented), GET /health and the
  #   document itself as well.
  # Run from the reports folder: schemathesis keeps its caches in the working directory (.schemathesis/), and a
  # fresh folder each time makes a run depend on nothing but the seed (--generation-deterministic already keeps
  # hypothesis from replaying examples saved by earlier runs).
  (cd "$reports" && schemathesis --no-color run "$base/api/v1/openapi.json" \
    --url "$base" \
    --checks "$checks" \
    --phases examples,coverage,fuzzing \
    --mode all \
    --max-examples "$examples" \
    --seed "$seed" \
    --generation-deterministic \
    --no-shrink \
    --continue-on-failure \
    --workers 1 \
    --request-timeout 30 \
    --suppress-health-check all \
    --report junit,vcr \
    --report-junit-path "$reports/$name.junit.xml" \
    --report-vcr-path "$reports/$name.cassette.yaml" \
    --exclude-path /api/v1/queue/stream \
    "${extra[@]}" "$@") > "$reports/$name.log" 2>&1
  local status=$?
  # The summary, and the failures in full when there are any.
  if [ "$status" -eq 0 ]; then tail -n 25 "$reports/$name.log"; else sed -n '/= FAILURES =/,$p' "$reports/$name.log"; fi
  echo "-- $name: exit $status in $(( $(date +%s) - t0 )) s (full log: $reports/$name.log)"
  [ "$status" -eq 0 ] || failed+=("$name")
}

for user in "${accounts[@]}"; do
  run "$user" --header "Authorization: Bearer ${tokens[$user]}"
done
run anonymous

# schemathesis never leaves out a required body, so the bodiless requests are checked here: each must get a
# documented 4xx with the Vietnamese JSON error (Vapor's own answer is 422 "Unprocessable Entity" in English). The
# officers' endpoints are called as tiepnhan, the citizen's (registration, drafts, supplements, rating) as congdan,
# on a draft made for the purpose and the citizen's own dossiers.
echo
echo "== requests without a body"
if ! python3 - "$base" "${tokens[tiepnhan]}" "${tokens[congdan]}" <<'PY'
import json, re, sys, urllib.error, urllib.request
base, officer, citizen = sys.argv[1], sys.argv[2], sys.argv[3]
def call(method, path, headers=None, data=None):
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
doc = json.loads(call("GET", "/api/v1/openapi.json")[2])
message = doc["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["message"]["pattern"]
officer_auth, citizen_auth = {"Authorization": "Bearer " + officer}, {"Authorization": "Bearer " + citizen}
code = json.loads(call("GET", "/api/v1/dossiers?per=1", officer_auth)[2])["items"][0]["code"]
own = json.loads(call("GET", "/api/v1/my/dossiers?per=100", citizen_auth)[2])["items"]
waiting = next((item["code"] for item in own if item["status"]["code"] == 5), own[0]["code"])
returned = next((item["code"] for item in own if item["status"]["code"] == 10), own[0]["code"])
status, _, body = call("POST", "/api/v1/drafts", dict(citizen_auth, **{"Content-Type": "application/json"}),
                       json.dumps({"procedureCode": "2.000635.000.00.00.H36"}).encode())
draft = json.loads(body)["id"] if status == 201 else "00000000-0000-0000-0000-000000000000"
failures = 0
for method, template, auth in [
        ("POST", "/api/v1/auth/login", officer_auth), ("POST", "/api/v1/dossiers", officer_auth),
        ("POST", "/api/v1/dossiers/{code}/transitions", officer_auth), ("POST", "/api/v1/dossiers/{code}/attachments", officer_auth),
        ("POST", "/api/v1/citizens", {}), ("POST", "/api/v1/drafts", citizen_auth), ("PUT", "/api/v1/drafts/{id}", citizen_auth),
        ("POST", "/api/v1/drafts/{id}/files", citizen_auth), ("POST", "/api/v1/dossiers/{code}/transitions", citizen_auth),
        ("POST", "/api/v1/dossiers/{code}/files", citizen_auth), ("POST", "/api/v1/dossiers/{code}/rating", citizen_auth)]:
    documented = doc["paths"][template][method.lower()]["responses"]
    dossier = code if auth is officer_auth else (returned if template.endswith("/rating") else waiting)
    path = template.replace("{code}", dossier).replace("{id}", draft)
    who = "as tiepnhan" if auth is officer_auth else ("as congdan" if auth else "anonymous")
    for content_type in ["application/json", None]:
        headers = dict(auth, **({"Content-Type": content_type} if content_type else {}))
        status, type_, body = call(method, path, headers, b"")
        try:
            error = json.loads(body)["error"]
            good = (str(status) in documented and 400 <= status < 500 and type_.startswith("application/json")
                    and re.search(message, error["message"]) is not None)
        except (ValueError, KeyError, TypeError):
            good = False
        failures += not good
        print(("ok  " if good else "FAIL"), method, template, who, "empty body,", content_type or "no Content-Type", "->", status,
              body[:160].decode("utf-8", "replace"))
call("DELETE", "/api/v1/drafts/" + draft, citizen_auth)
sys.exit(1 if failures else 0)
PY
then
  failed+=("empty-bodies")
fi

echo
echo "== after $(( $(date +%s) - started )) s"
alive=1
if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
  echo "FAIL the server process $pid is gone: it crashed during the runs" >&2
  alive=0
fi
if [ -z "${MOTCUA_DEMO_PID:-}" ] && [ -n "$pid" ] && [ "$(listening_pid)" != "$pid" ]; then
  echo "FAIL port $port is now served by another process than $pid" >&2
  alive=0
fi
if ! curl -fsS --max-time 10 "$base/health"; then
  echo "FAIL $base/health no longer answers" >&2
  alive=0
fi
echo
runs=$(( ${#accounts[@]} + 2 ))
if [ ${#failed[@]} -gt 0 ] || [ $alive -eq 0 ]; then
  echo "FAIL API conformance: ${failed[*]:-} $([ $alive -eq 0 ] && echo 'server died or stopped answering') (reports in $reports)"
  echo "conformance: $(( runs - ${#failed[@]} + alive )) passed, $(( ${#failed[@]} + 1 - alive )) failed"
  exit 1
fi
echo "conformance: $(( runs + 1 )) passed, 0 failed"
exit 0
