"""Schemathesis hooks for scripts/check-api-conformance.sh (loaded through SCHEMATHESIS_HOOKS).

The published document says what a valid request looks like (patterns, lengths, enums), but some things only the
running demo knows: which procedure codes its catalogue has, which dossier codes exist and are visible to the
caller, which drafts, files and uploads a citizen holds. Without them nearly every generated intake is refused with
422 `unknown_procedure`, every dossier operation ends in 404, and the online filing endpoints never get past
`draft_not_found` / `upload_not_found`, so the interesting answers (201, 200 with a whole dossier, 204 of a tus PATCH,
409 from the status machine) are never checked. Before the schema is loaded this module reads them from the server
(and, for the run's own account, prepares a few: an unfinished tus upload, finished PDF uploads to attach, a draft
ready to submit and an incomplete one), then narrows the *generated* requests to them (an `enum` on those request
values). Responses are still checked against the document as published.

Environment: MOTCUA_BASE_URL (the demo), MOTCUA_CONFORMANCE_TOKEN (the bearer token of the run, empty for the
anonymous run), MOTCUA_CONFORMANCE_LOOKUP_TOKEN (a leader's token: the dossier codes offered to the public lookup),
MOTCUA_CONFORMANCE_CITIZEN_TOKEN (the demo citizen's token: the codes and files offered to the citizen's endpoints in
every run, so that officers and the anonymous caller are refused on real dossiers too).
"""
import base64
import json
import os
import urllib.error
import urllib.request

import schemathesis

BASE = os.environ.get("MOTCUA_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
TOKEN = os.environ.get("MOTCUA_CONFORMANCE_TOKEN", "")
CITIZEN_TOKEN = os.environ.get("MOTCUA_CONFORMANCE_CITIZEN_TOKEN", "")
# A level-3 procedure of the demo (Phường 1, Đà Lạt; one required component): the citizen's drafts are for it.
ONLINE_PROCEDURE = "2.000635.000.00.00.H36"
TUS = {"Tus-Resumable": "1.0.0"}
# The smallest file the content check accepts as a PDF: its head and its `%%EOF`.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# The body of a tus PATCH is raw bytes; schemathesis knows `application/octet-stream`, and tus's own media type
# is serialized the same way.
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")


def _call(method, path, token=None, body=None, headers=None, data=None):
    """(status, headers, parsed JSON or None); never raises: a hint that cannot be read is simply not given."""
    request = urllib.request.Request(BASE + path, method=method, headers={"Accept": "application/json", **(headers or {})})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, data=data, timeout=30) as response:
            status, answer_headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer_headers, raw = error.code, error.headers, error.read()
    except Exception:  # a server not up: generate without the hint
        return 0, {}, None
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return status, answer_headers, parsed


def _get(path, token=None):
    status, _, body = _call("GET", path, token)
    return body if status == 200 else None  # an officer without a dossier list (403): no hint


def _dossier_codes(token, limit=60):
    codes = []
    # Open dossiers first (they still have moves), then any: a mix of statuses for the status machine.
    for query in ("status=1,2,4,5,6&per=40", "per=40&page=2"):
        page = _get("/api/v1/dossiers?" + query, token) if token else None
        for item in (page or {}).get("items", []):
            if item["code"] not in codes:
                codes.append(item["code"])
    return codes[:limit]


def _is_citizen(token):
    me = _get("/api/v1/me", token) if token else None
    return "citizen" in (me or {}).get("roles", [])


def _own_dossiers(token):
    """The citizen's dossier codes (by status), and the ids of the files they may download (scans, released results)."""
    page = _get("/api/v1/my/dossiers?per=100", token) if token else None
    statuses = {item["code"]: item["status"]["code"] for item in (page or {}).get("items", [])}
    codes = list(statuses)
    files = []
    for code in codes:
        for attachment in (_get("/api/v1/dossiers/" + code, token) or {}).get("attachments", []):
            files.append(attachment["id"])
    return statuses, files


def _first(statuses, status):
    """The codes with `status` first: the generator picks the first value most often."""
    return sorted(statuses, key=lambda code: statuses[code] != status)


def _upload(token, data=None, length=None):
    """A tus upload of the caller's: finished with `data`, or left at offset 0 of `length` bytes. Its id, or None."""
    metadata = "filename " + base64.b64encode("giấy tờ.pdf".encode()).decode()
    status, headers, _ = _call("POST", "/api/v1/uploads", token, data=b"",
                               headers={**TUS, "Upload-Length": str(length or len(data)), "Upload-Metadata": metadata})
    location = headers.get("Location") if status == 201 else None
    if not location:
        return None
    if data is not None:
        status, _, _ = _call("PATCH", location, token, data=data,
                             headers={**TUS, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
        if status != 204:
            return None
    return location.rsplit("/", 1)[-1]


def _citizen_fixtures(token):
    """Drafts to read, save, attach to, submit and delete, and finished uploads to attach: the citizen run's own."""
    fixtures = {"drafts": [], "draft_files": [], "uploads": [], "components": []}
    # Keep room under the 50 open drafts an account may hold (an earlier run may have left some).
    listing = _get("/api/v1/drafts?per=100", token) or {}
    for item in listing.get("items", [])[10:]:
        _call("DELETE", "/api/v1/drafts/" + item["id"], token)
    drafts = []
    for _ in range(2):
        status, _, draft = _call("POST", "/api/v1/drafts", token, body={"procedureCode": ONLINE_PROCEDURE})
        if status == 201:
            drafts.append(draft)
    if not drafts:
        return fixtures
    fixtures["components"] = [line["name"] for line in drafts[0]["components"]]
    # The first draft is made complete, so that its submit answers 201 (then 200), and its file can be detached.
    complete = drafts[0]
    for line in complete["components"]:
        if not line["required"]:
            continue
        upload = _upload(token, data=PDF)
        status, _, file = _call("POST", f"/api/v1/drafts/{complete['id']}/files", token, body={"upload": upload, "component": line["name"]})
        if status == 201:
            fixtures["draft_files"].append(file["id"])
    # Prefilled from the account (name, CCCD, phone, e-mail): saved as it is, which is all a submission needs.
    _call("PUT", f"/api/v1/drafts/{complete['id']}", token, body={
        "applicant": {key: value for key, value in complete["applicant"].items() if value},
        "delivery": {"method": "online"}})
    # The incomplete draft first: the generator picks the first value most often, and a submitted draft only answers 409.
    fixtures["drafts"] = [draft["id"] for draft in reversed(drafts)]
    # Finished uploads for the generated attachments (each is used up by the first attachment that takes it).
    fixtures["uploads"] = [upload for upload in (_upload(token, data=PDF) for _ in range(3)) if upload]
    return fixtures


# What the generated DELETEs must not take away from the operations tested after them (see `before_call`).
_kept = {"uploads": set(), "drafts": set()}


def _set_enum(parameter, values):
    if values:
        parameter["schema"]["enum"] = list(values)


@schemathesis.hook
def before_load_schema(context, raw_schema):
    schemas = raw_schema["components"]["schemas"]
    catalogue = _get("/api/v1/procedures?per=100")
    procedure_codes = sorted(item["code"] for item in (catalogue or {}).get("items", []))
    online_codes = sorted(item["code"] for item in (catalogue or {}).get("items", []) if item.get("level", 0) >= 3)
    if procedure_codes:
        schemas["IntakeRequest"]["properties"]["procedureCode"]["enum"] = procedure_codes
    if online_codes:
        # The demo's level-3 procedure first: the coverage phase starts with it.
        schemas["DraftCreateRequest"]["properties"]["procedureCode"]["enum"] = [ONLINE_PROCEDURE] + [c for c in online_codes if c != ONLINE_PROCEDURE]

    citizen_run = _is_citizen(TOKEN)
    if citizen_run:
        # A citizen's only move on their dossier; any other is a 403 before anything else is looked at.
        schemas["TransitionRequest"]["properties"]["action"]["enum"] = ["supplement"]
    citizen_statuses, citizen_files = _own_dossiers(CITIZEN_TOKEN or (TOKEN if citizen_run else ""))
    # Supplements and the supplement move on the dossier waiting for them (5), ratings on the returned one (10).
    waiting, returned = _first(citizen_statuses, 5), _first(citizen_statuses, 10)
    own = waiting if citizen_run else _dossier_codes(TOKEN)
    public = _dossier_codes(os.environ.get("MOTCUA_CONFORMANCE_LOOKUP_TOKEN", ""))

    # Uploads of the run's own account: one unfinished (HEAD, PATCH from offset 0), created for every signed-in run.
    tus_ids = [upload for upload in [_upload(TOKEN, length=65536)] if upload] if TOKEN else []
    _kept["uploads"] = set(tus_ids)
    options = _call("OPTIONS", "/api/v1/uploads")[1]
    max_size = options.get("Tus-Max-Size") if options else None
    fixtures = _citizen_fixtures(TOKEN) if citizen_run else {"drafts": [], "draft_files": [], "uploads": [], "components": []}
    _kept["drafts"] = set(fixtures["drafts"][:-1])
    if fixtures["uploads"]:
        for name in ("DraftFileRequest", "SupplementFileRequest"):
            schemas[name]["properties"]["upload"]["enum"] = fixtures["uploads"]
    if fixtures["components"]:
        schemas["DraftFileRequest"]["properties"]["component"]["enum"] = fixtures["components"]
        schemas["DraftUpdateRequest"]["properties"]["components"]["items"]["enum"] = fixtures["components"]

    for path, item in raw_schema["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                name, where = parameter.get("name"), parameter.get("in")
                if where == "header" and name == "Upload-Length" and max_size and max_size.isdigit():
                    parameter["schema"]["maximum"] = int(max_size)
                if where != "path":
                    continue
                if path.startswith("/api/v1/uploads/"):
                    _set_enum(parameter, tus_ids)
                elif path.startswith("/api/v1/drafts/"):
                    _set_enum(parameter, fixtures["drafts"] if name == "id" else fixtures["draft_files"])
                elif path.startswith("/api/v1/my/dossiers/"):
                    _set_enum(parameter, returned if name == "code" else citizen_files)
                elif name != "code":
                    continue
                elif path.startswith("/api/v1/procedures/") and procedure_codes:
                    parameter["schema"]["enum"] = procedure_codes
                elif path.startswith("/api/v1/lookup/") and public:
                    parameter["schema"]["enum"] = public
                elif path.endswith("/files") or path.endswith("/rating"):
                    _set_enum(parameter, waiting if path.endswith("/files") else returned)
                elif path.startswith("/api/v1/dossiers/") and (own or public):
                    parameter["schema"]["enum"] = own or public


# The deterministic generator repeats the same few Idempotency-Key values (the documented example first), so nearly
# every intake after the first one with a key is a reuse of that key for another request (422
# `idempotency_key_reused`, correctly). Three keys in four get a counter appended, which keeps them valid (the
# documented pattern, at most 255 bytes) and makes them fresh; the fourth is sent as generated, so the replay (200)
# and the reuse (422) answers are still exercised. Invalid generated keys (empty, too long, control characters)
# are never touched: the 400 they must get is part of the contract.
_sent = {"count": 0}


#
# Schemathesis runs each phase over every operation in turn, so a DELETE of the run's unfinished upload (or of its
# incomplete draft) in the first phase would leave HEAD, PATCH and PUT nothing but 404 in the next ones: such a DELETE
# is sent to a fresh upload (draft) made for it instead, and still gets its 204.
@schemathesis.hook
def before_call(context, case, kwargs):
    operation = context.operation
    if operation is None:
        return
    if operation.method.upper() == "DELETE" and operation.path in ("/api/v1/uploads/{id}", "/api/v1/drafts/{id}"):
        parameters = case.path_parameters or {}
        if operation.path == "/api/v1/uploads/{id}" and parameters.get("id") in _kept["uploads"]:
            fresh = _upload(TOKEN, length=65536)
        elif operation.path == "/api/v1/drafts/{id}" and parameters.get("id") in _kept["drafts"]:
            status, _, draft = _call("POST", "/api/v1/drafts", TOKEN, body={"procedureCode": ONLINE_PROCEDURE})
            fresh = draft.get("id") if status == 201 and isinstance(draft, dict) else None
        else:
            fresh = None
        if fresh:
            case.path_parameters = dict(parameters, id=fresh)
        return
    if operation.method.upper() != "POST" or operation.path != "/api/v1/dossiers":
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


# An account may hold at most 50 unfinished uploads and 50 open drafts. What the generated requests create is never
# used again (the generator does not chain calls), so it is discarded at once: the runs stay repeatable on one demo
# instead of ending in 429 `too_many_uploads` / `too_many_drafts` after the first one.
@schemathesis.hook
def after_call(context, case, response):
    operation = context.operation
    if operation is None or operation.method.upper() != "POST" or response.status_code != 201 or not TOKEN:
        return
    if operation.path == "/api/v1/uploads":
        location = next((values[0] for name, values in response.headers.items() if name.lower() == "location" and values), None)
        if location:
            _call("DELETE", location, TOKEN, headers=TUS)
    elif operation.path == "/api/v1/drafts":
        try:
            draft = json.loads(response.content)
        except ValueError:
            return
        if isinstance(draft, dict) and draft.get("id"):
            _call("DELETE", "/api/v1/drafts/" + draft["id"], TOKEN)
