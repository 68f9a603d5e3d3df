"""Schemathesis hooks for scripts/check-api-conformance.sh (loaded through SCHEMATHESIS_HOOKS).

The published document says what a valid request looks like (patterns, lengths, enums), but two things only the
running demo knows: which procedure codes its catalogue has, and which dossier codes exist and are visible to the
caller. Without them nearly every generated intake is refused with 422 `unknown_procedure` and every dossier
operation ends in 404, so the interesting answers (201, 200 with a whole dossier, 409 from the status machine) are
never checked. Before the schema is loaded this module reads both from the server and narrows the *generated*
requests to them (an `enum` on those request values). Responses are still checked against the document as published.

Environment: MOTCUA_BASE_URL (the demo), MOTCUA_CONFORMANCE_TOKEN (the bearer token of the run, empty for the
anonymous run), MOTCUA_CONFORMANCE_LOOKUP_TOKEN (a leader's token: the dossier codes offered to the public lookup).
"""
import json
import os
import urllib.request

import schemathesis

BASE = os.environ.get("MOTCUA_BASE_URL", "http://127.0.0.1:8080").rstrip("/")


def _get(path, token=None):
    request = urllib.request.Request(BASE + path, headers={"Accept": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except Exception:  # an officer without a dossier list (403), a server not up: generate without the hint
        return None


def _dossier_codes(token, limit=60):
    codes = []
    # Open dossiers first (they still have moves), then any: a mix of statuses for the status machine.
    for query in ("status=1,2,4,5,6&per=40", "per=40&page=2"):
        page = _get("/api/v1/dossiers?" + query, token) if token else None
        for item in (page or {}).get("items", []):
            if item["code"] not in codes:
                codes.append(item["code"])
    return codes[:limit]


@schemathesis.hook
def before_load_schema(context, raw_schema):
    catalogue = _get("/api/v1/procedures?per=100")
    procedure_codes = sorted(item["code"] for item in (catalogue or {}).get("items", []))
    if procedure_codes:
        schemas = raw_schema["components"]["schemas"]
        schemas["IntakeRequest"]["properties"]["procedureCode"]["enum"] = procedure_codes

    own = _dossier_codes(os.environ.get("MOTCUA_CONFORMANCE_TOKEN", ""))
    public = _dossier_codes(os.environ.get("MOTCUA_CONFORMANCE_LOOKUP_TOKEN", ""))
    for path, item in raw_schema["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "path" or parameter.get("name") != "code":
                    continue
                if path.startswith("/api/v1/procedures/") and procedure_codes:
                    parameter["schema"]["enum"] = procedure_codes
                elif path.startswith("/api/v1/lookup/") and public:
                    parameter["schema"]["enum"] = public
                elif path.startswith("/api/v1/dossiers/") and (own or public):
                    parameter["schema"]["enum"] = own or public


# The deterministic generator repeats the same few Idempotency-Key values (the documented example first), so nearly
# every intake after the first one with a key is a reuse of that key for another request (422
# `idempotency_key_reused`, correctly). Three keys in four get a counter appended, which keeps them valid (the
# documented pattern, at most 255 bytes) and makes them fresh; the fourth is sent as generated, so the replay (200)
# and the reuse (422) answers are still exercised. Invalid generated keys (empty, too long, control characters)
# are never touched: the 400 they must get is part of the contract.
_sent = {"count": 0}


@schemathesis.hook
def before_call(context, case, kwargs):
    operation = context.operation
    if operation is None or operation.method.upper() != "POST" or operation.path != "/api/v1/dossiers":
        return
    headers = case.headers or {}
    key = headers.get("Idempotency-Key")
    if not isinstance(key, str) or not key or len(key) > 240 or not all(0x21 <= ord(c) <= 0x7E or c == " " for c in key):
        return
    if key.strip() != key:
        return
    _sent["count"] += 1
    if _sent["count"] % 4:
        headers["Idempotency-Key"] = f"{key}-{_sent['count']}"
        case.headers = headers
