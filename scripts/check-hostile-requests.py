#!/usr/bin/env python3
"""Hostile requests never make the server answer 5xx, and never bring it down.

Against a running `motcua demo`, this requests every GET route the executable has (listed by `motcua routes`),
anonymously and as each demo account, with hostile query strings -- huge, negative and non-numeric numbers, very
long strings, NUL, invalid UTF-8 and unterminated percent-encodings, arrays, nesting and duplicated keys -- and
with hostile path parameters; then it POSTs empty, garbage and oversized bodies to every POST route without a CSRF
token (every web answer must be 4xx). Each 5xx answer, each request left unanswered for 30 s and each request the
server died on is reported with a curl reproduction. At the end the process must still run and /health answer 200.

Query strings are sent byte for byte as written here (a small HTTP/1.1 client over a socket): `%FF`, `%C0%AF` or an
unterminated `%` reach the server exactly so, and a few requests carry raw non-ASCII bytes.

Environment:
  MOTCUA_BASE_URL         the server (default http://127.0.0.1:8080), started with `motcua demo`
  MOTCUA_DEMO_PID         its process id (checked with kill -0 before and after)
  MOTCUA_BIN              the executable, for `motcua routes` (default .build/debug/motcua)
  MOTCUA_HOSTILE_BUDGET   seconds the run may take (default 240); what is left when it runs out is reported
  MOTCUA_HOSTILE_REPORT   optional: also write the findings, with reproductions, as Markdown to this file
  MOTCUA_HOSTILE_LOG      optional: every request sent, one per line (phase, identity, method, status, target)
  MOTCUA_HOSTILE_RESTART  optional, for triage only: a shell command restarting a dead server and printing its new
                          pid; the run then goes on after a crash instead of stopping (CI leaves it unset)

Usage: MOTCUA_BASE_URL=http://127.0.0.1:8089 MOTCUA_DEMO_PID=$pid MOTCUA_BIN=.build/debug/motcua \
           python3 scripts/check-hostile-requests.py
Exit status: 0 when every request answered below 500 and the server is alive at the end, 1 otherwise.
"""
import json
import os
import re
import shlex
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.environ.get("MOTCUA_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
PID = int(os.environ["MOTCUA_DEMO_PID"]) if os.environ.get("MOTCUA_DEMO_PID") else None
BUDGET = float(os.environ.get("MOTCUA_HOSTILE_BUDGET", "240"))
REPORT = os.environ.get("MOTCUA_HOSTILE_REPORT")
RESTART = os.environ.get("MOTCUA_HOSTILE_RESTART")
LOG = open(os.environ["MOTCUA_HOSTILE_LOG"], "w", encoding="utf-8") if os.environ.get("MOTCUA_HOSTILE_LOG") else None
TIMEOUT = 30.0
PASSWORD = "MotCua@2026"
ACCOUNTS = ["tiepnhan", "chuyenvien", "lanhdao", "quantri", "vanthu", "tichhop", "lanhdaotinh"]

# Query parameter names the pages and the API read; more are added from the sources (see `source_query_keys`).
QUERY_KEYS = ["page", "per", "q", "status", "tier", "level", "field", "agency", "nam", "from", "to", "year", "month",
              "period", "next", "tab", "ma", "code", "ok", "procedure", "urgency", "overdue", "da-tra"]
# Keys parsed as numbers: each hostile number is also sent alone on them, so no other key can mask it.
NUMERIC_KEYS = ["page", "per"]

INT_MAX = "9223372036854775807"
# Sent alone on `page` and on `per` (so that no other key can mask them), on every page that opens.
PAGING_NUMBERS = ["99", "8", "0", "-1", "-9223372036854775808", INT_MAX, "9223372036854775808",
                  "99999999999999999999999", "1e309", "abc", "NaN", "2147483648", "461168601842738791",
                  "4611686018427387904"]
# Sent on every key at once.
NUMBERS = ["99", "8", "0", "-1", "-9223372036854775808", INT_MAX, "99999999999999999999999", "1e309", "-1e309",
           "1.5", "abc", "NaN", "inf", "+1", "0x10", "%201", "1%00", "4294967296"]
STRINGS = ["%00", "%FF", "%FF%FE", "%C0%AF", "%E2%80%AE", "%E2%80", "%ED%A0%80", "%", "%Z", "abc%",
           "..%2F..%2F..%2Fetc%2Fpasswd", "%0D%0ASet-Cookie:%20x=1", "%27%22%3C%3E%3Bselect", "%20%20", "+", "",
           "%C4%90%C3%A0%20L%E1%BA%A1t", "%F0%9F%98%80", "2026-02-30", "0000-00-00", "-0001-01-01", "99999-01-01",
           "2026-01-01T25:61:61Z", "%25FF", "A" * 5000]
LONG = "A" * 10000
# For the other identities that may open a page, and for pages nobody opens.
FEW = [INT_MAX, "99", "-1", "abc", "%FF", "%00", "A" * 5000]
# Longer request targets are closed unanswered by the HTTP parser (SwiftNIO's limit is 80 KB): one such request is
# sent on purpose, the combined queries are cut below this.
MAX_TARGET = 60_000
# At most this many requests to find which keys of one combined query were refused.
SPLIT_BUDGET = 8
# A key a page refuses (4xx) is left out of the combined queries of that page, and gets these values alone.
REPRESENTATIVE = {INT_MAX, "-1", "99999999999999999999999", "1e309", "NaN", "abc", "%00", "%FF", "%C0%AF",
                  "%E2%80%AE", "%", "2026-02-30", "A" * 5000, "10,000 chars"}


def kv(value):
    return lambda k: f"{k}={value}"


# Per-key shapes beyond key=value: arrays, dictionaries, duplicates, no value, no '='.
SHAPES = [
    ("k[]=1&k[]=2", lambda k: f"{k}[]=1&{k}[]=2"),
    ("k[x]=1", lambda k: f"{k}[x]=1"),
    ("k[x][]=%FF", lambda k: f"{k}[x][]=%FF"),
    ("k=1&k=abc", lambda k: f"{k}=1&{k}=abc"),
    ("k=" + INT_MAX + "&k=1", lambda k: f"{k}={INT_MAX}&{k}=1"),
    ("k=1&k[]=2", lambda k: f"{k}=1&{k}[]=2"),
    ("k", lambda k: k),
    ("k[", lambda k: f"{k}[=1"),
    ("k]", lambda k: f"{k}]=1"),
]
# Whole query strings.
WHOLE_QUERIES = [
    ("a[]=1 x2000", "&".join(["a[]=1"] * 2000)),
    ("page[]=1 x2000", "&".join(["page[]=1"] * 2000)),
    ("2000 distinct keys", "&".join(f"k{i}=1" for i in range(2000))),
    ("a[x][x]... 400 deep", "a" + "[x]" * 400 + "=1"),
    ("a[][]... 400 deep", "a" + "[]" * 400 + "=1"),
    ("page=1&page=2 x500", "&".join(["page=1&page=2"] * 500)),
    ("%", "%"), ("&&&", "&&&"), ("=", "="), ("==&=", "==&="), ("?", "?"), ("%3D%26=%26", "%3D%26=%26"),
    ("page=1;per=2", "page=1;per=2"), ("#frag", "page=2#x"), ("%00=%00", "%00=%00"), ("%FF=%FF", "%FF=%FF"),
]
# Path parameter values.
PATH_HOSTILE = ["A" * 5000, "A" * 256, "%00", "%FF%FE", "..%2F", "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE", "%", "%Z",
                "%C0%AF", "-1", "99999999999999999999999", "%20", "a%2Fb", "%0A", "x%00y"]
PATH_FEW = ["A" * 5000, "%00", "%FF%FE"]
# Raw bytes in the request target, as no well-behaved client sends them.
RAW_QUERIES = [b"q=\xff\xfe", b"q=\xe2\x80\xae", b"q=\xc0\xaf", b"page=\xff", b"ma=\xed\xa0\x80"]

LOGIN_TRIES = 3


class Dead(Exception):
    pass


class OutOfTime(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------------
# A minimal HTTP/1.1 client: the request line and body go out exactly as given.

class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def text(self):
        return self.body.decode("utf-8", "replace")


class Closed(Exception):
    """The connection ended before a whole response arrived."""


class Client:
    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        self.tls = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.tls else 80)
        self.netloc = parts.netloc
        self.prefix = parts.path.rstrip("/")
        self.loopback = self.host == "localhost" or self.host.startswith("127.")
        self.conn = None
        self.next_source = 2

    def _open(self, source=None):
        sock = socket.create_connection((self.host, self.port), timeout=TIMEOUT,
                                        source_address=(source, 0) if source else None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.tls:
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
        return sock, sock.makefile("rb")

    def close(self):
        if self.conn:
            for part in reversed(self.conn):
                try:
                    part.close()
                except OSError:
                    pass
        self.conn = None

    def other_source(self):
        """Another loopback source address: per-client rate limits count by peer address."""
        self.next_source = self.next_source % 250 + 2
        return f"127.0.0.{self.next_source}"

    def send(self, method, target, headers, body=b"", source=None):
        """One request; `target` is bytes after the base path (starting with '/')."""
        head = [b"%s %s%s HTTP/1.1" % (method.encode(), self.prefix.encode(), target),
                b"Host: " + self.netloc.encode(), b"User-Agent: motcua-hostile-check"]
        for name, value in headers:
            head.append(name.encode() + b": " + (value if isinstance(value, bytes) else value.encode("latin-1")))
        if body or method in ("POST", "PUT", "PATCH"):
            head.append(b"Content-Length: %d" % len(body))
        if source:
            head.append(b"Connection: close")
        data = b"\r\n".join(head) + b"\r\n\r\n" + body
        if source:
            sock, reader = self._open(source)
            try:
                sock.sendall(data)
                return self._read(reader, method)[0]
            finally:
                reader.close()
                sock.close()
        for attempt in (0, 1):
            reused = self.conn is not None
            if not reused:
                self.conn = self._open()
            sock, reader = self.conn
            try:
                sock.sendall(data)
                response, keep = self._read(reader, method)
                if not keep:
                    self.close()
                return response
            except (Closed, ConnectionResetError, BrokenPipeError, ConnectionAbortedError):
                self.close()
                if reused and attempt == 0:
                    continue  # a kept-alive connection the server had closed meanwhile: try once on a new one
                raise
            except BaseException:
                self.close()
                raise
        raise AssertionError("unreachable")

    @staticmethod
    def _read(reader, method):
        while True:
            line = reader.readline(65537)
            if not line:
                raise Closed("no response")
            parts = line.split(None, 2)
            if len(parts) < 2 or not parts[0].startswith(b"HTTP/"):
                raise Closed(f"not an HTTP response: {line[:80]!r}")
            status = int(parts[1])
            headers = {}
            while True:
                h = reader.readline(65537)
                if not h:
                    raise Closed("headers cut short")
                if h in (b"\r\n", b"\n"):
                    break
                name, _, value = h.partition(b":")
                headers.setdefault(name.strip().lower().decode("latin-1"), []).append(value.strip().decode("latin-1"))
            if 100 <= status < 200:
                continue
            break
        keep = "close" not in ",".join(headers.get("connection", [])).lower()
        if method == "HEAD" or status in (204, 304):
            return Response(status, headers, b""), keep
        # A server-sent event stream (the queue board's) never ends: its status and headers are the answer.
        if "text/event-stream" in ",".join(headers.get("content-type", [])).lower():
            return Response(status, headers, b""), False
        if "chunked" in ",".join(headers.get("transfer-encoding", [])).lower():
            chunks = []
            while True:
                size_line = reader.readline(65537)
                if not size_line:
                    raise Closed("chunked body cut short")
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while reader.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunk = reader.read(size + 2)
                if len(chunk) < size + 2:
                    raise Closed("chunk cut short")
                chunks.append(chunk[:size])
            return Response(status, headers, b"".join(chunks)), keep
        length = headers.get("content-length")
        if length:
            n = int(length[0])
            body = reader.read(n)
            if len(body) < n:
                raise Closed("body cut short")
            return Response(status, headers, body), keep
        return Response(status, headers, reader.read()), False


# ---------------------------------------------------------------------------------------------------------------

class Identity:
    def __init__(self, name):
        self.name = name
        self.cookies = {}
        self.token = None
        self.csrf = None

    def headers(self, target):
        api = target.startswith(b"/api/")
        out = [("Accept", "application/json" if api else "text/html,application/xhtml+xml,*/*;q=0.8")]
        if self.cookies and not api:
            out.append(("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())))
        if self.token and api:
            out.append(("Authorization", "Bearer " + self.token))
        return out

    def remember(self, response):
        for value in response.headers.get("set-cookie", []):
            pair = value.split(";", 1)[0]
            name, _, val = pair.partition("=")
            if name.strip():
                self.cookies[name.strip()] = val.strip()
        if response.header("content-type", ) and "html" in (response.header("content-type") or ""):
            found = re.search(r'name="_csrf" value="([^"]+)"', response.text())
            if found:
                self.csrf = found.group(1)


class Run:
    def __init__(self):
        self.client = Client(BASE)
        self.pid = PID
        self.started = time.monotonic()
        self.deadline = self.started + BUDGET
        self.sent = 0
        self.by_class = {}
        self.failures = []     # (kind, method, target, status, snippet, identity, body_spec)
        self.dropped = []      # connections closed without an answer while the server stayed up
        self.deaths = []
        self.skipped = 0
        self.refusers = {}     # page -> query keys it answered 4xx alone
        self.probed = {}       # page -> combined queries sent
        self.crashers = set()  # (route, key, value) that killed the server, not sent again (restart mode)
        self.notes = []
        self.phase = "setup"
        self.previous = None
        self.phase_counts = {}

    # --- the server -------------------------------------------------------------------------------------------

    def pid_alive(self):
        if self.pid is None:
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        try:  # a zombie child has exited
            with open(f"/proc/{self.pid}/stat") as f:
                return f.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return True

    def health(self, attempts=3):
        for i in range(attempts):
            try:
                client = Client(BASE)
                r = client.send("GET", b"/health", [("Accept", "application/json")])
                client.close()
                if r.status == 200:
                    return True
            except OSError:
                pass
            except Closed:
                pass
            time.sleep(0.5 * (i + 1))
        return False

    def alive(self):
        return self.pid_alive() and self.health()

    def restart(self):
        out = subprocess.run(RESTART, shell=True, capture_output=True, text=True, timeout=300)
        numbers = re.findall(r"\d+", out.stdout)
        if numbers:
            self.pid = int(numbers[-1])
        for _ in range(240):
            if self.health(1):
                return
            time.sleep(0.5)
        raise SystemExit("FAIL the restart command did not bring the server back")

    # --- requests ---------------------------------------------------------------------------------------------

    def request(self, ident, method, target, body=b"", content_type=None, body_spec=None, extra=(), count=True):
        """Sends one request; records 5xx, timeouts and deaths. Returns the response or None."""
        if time.monotonic() > self.deadline:
            raise OutOfTime()
        headers = ident.headers(target) + list(extra)
        if content_type:
            headers.append(("Content-Type", content_type))
        self.sent += 1 if count else 0
        self.phase_counts[self.phase] = self.phase_counts.get(self.phase, 0) + 1
        try:
            r = self.client.send(method, target, headers, body)
            tries = 0
            while r.status == 429 and self.client.loopback and tries < 2:
                tries += 1  # rate-limited by peer address: ask again from another loopback address
                r = self.client.send(method, target, headers, body, source=self.client.other_source())
                self.sent += 1 if count else 0
        except socket.timeout:
            self.client.close()
            self.fail("timeout", method, target, None, f"no answer within {TIMEOUT:.0f} s", ident, body_spec)
            if not self.alive():
                self.died(method, target, ident, body_spec)
            return None
        except (OSError, Closed) as error:
            self.client.close()
            if self.alive():
                self.dropped.append((method, target, ident.name, repr(error)))
                return None
            why = f"server died: {error!r}"
            if isinstance(error, ConnectionRefusedError) and self.previous:
                why += f" (it was already down: it died during or after the previous request, {self.previous})"
            self.fail("crash", method, target, None, why, ident, body_spec)
            self.died(method, target, ident, body_spec)
            return None
        self.previous = f"{method} {shorten(target, 300)} as {ident.name}"
        if LOG:
            LOG.write(f"{self.phase}\t{ident.name}\t{method}\t{r.status}\t{shorten(target, 300)}\n")
        cls = f"{r.status // 100}xx"
        self.by_class[cls] = self.by_class.get(cls, 0) + 1
        if r.status >= 500:
            self.fail(str(r.status), method, target, r.status, r.body[:200], ident, body_spec)
        return r

    def fail(self, kind, method, target, status, snippet, ident, body_spec):
        self.failures.append((kind, method, target, status, snippet, ident.name, body_spec))
        detail = snippet if isinstance(snippet, str) else snippet.decode("utf-8", "replace")
        print(f"FAIL {kind} {method} {shorten(target, 160)} as {ident.name}"
              f"{' body=' + body_spec[0] if body_spec else ''}: {' '.join(detail.split())[:200]}", flush=True)

    def died(self, method, target, ident, body_spec):
        self.deaths.append((method, target, ident.name))
        if not RESTART:
            raise Dead()
        print("     restarting the server (MOTCUA_HOSTILE_RESTART)", flush=True)
        self.restart()

    def get(self, ident, target, **kw):
        r = self.request(ident, "GET", target, **kw)
        if r is not None:
            ident.remember(r)
        return r


# ---------------------------------------------------------------------------------------------------------------
# Routes and sample values

def list_routes():
    """(method, path) pairs from `motcua routes`, run on a throwaway SQLite directory."""
    binary = os.environ.get("MOTCUA_BIN") or os.path.join(ROOT, ".build", "debug", "motcua")
    env = dict(os.environ, LOG_LEVEL="error")
    env.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="motcua-routes-") as data:
        env["MOTCUA_DATA_DIR"] = data
        out = subprocess.run([binary, "routes"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    routes = []
    for line in out.stdout.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD") and cells[1].startswith("/"):
            routes.append((cells[0], cells[1]))
    if not routes:
        raise RuntimeError(f"`{binary} routes` listed no routes (exit {out.returncode}): {out.stderr[-400:]}")
    return routes


def source_query_keys():
    """Query parameter names read anywhere in Sources (req.query[...], query.get(..., at:), query[..., at:])."""
    keys = set()
    pattern = re.compile(r'query(?:\.get\(|\[)[^\]\n]*?(?:at:\s*)?"([A-Za-z0-9_\-]+)"')
    for folder, _, files in os.walk(os.path.join(ROOT, "Sources")):
        for name in files:
            if name.endswith(".swift"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    text = f.read()
                if "query" in text:
                    keys.update(pattern.findall(text))
    return keys


def json_body(r):
    try:
        return json.loads(r.body)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------------

def main():
    run = Run()
    print(f"== hostile requests against {BASE} (pid {run.pid}), budget {BUDGET:.0f} s", flush=True)
    if not run.pid_alive():
        print(f"FAIL process {run.pid} is not running")
        return 1
    for _ in range(60):
        if run.health(1):
            break
        time.sleep(1)
    else:
        print("FAIL /health does not answer 200")
        return 1

    try:
        routes = list_routes()
    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
        print(f"FAIL cannot list the routes: {error}")
        return 1
    gets = sorted({p for m, p in routes if m == "GET"})
    posts = sorted({p for m, p in routes if m in ("POST", "PUT", "PATCH", "DELETE")})
    others = sorted({(m, p) for m, p in routes if m not in ("GET", "POST")})
    keys = sorted(set(QUERY_KEYS) | source_query_keys())
    print(f"   {len(gets)} GET routes, {len(posts)} POST routes, {len(keys)} query keys: {' '.join(keys)}", flush=True)

    anon = Identity("anonymous")
    idents = [anon] + [Identity(name) for name in ACCOUNTS]
    try:
        code = setup(run, idents)
        if code:
            return code
        samples = find_samples(run, idents)
        print("   samples: " + ", ".join(f"{k}={v}" for k, v in samples.items()), flush=True)
        plan(run, idents, gets, posts, others, keys, samples)
    except Dead:
        print("   stopped: the server is dead", flush=True)
    except OutOfTime:
        print(f"   WARNING the time budget of {BUDGET:.0f} s ran out before every planned request was sent", flush=True)
        run.notes.append(f"time budget of {BUDGET:.0f} s ran out; the plan was not finished")
    finally:
        run.client.close()
    return finish(run)


def setup(run, idents):
    """Web sessions (login form with its CSRF token) and API tokens, once per account."""
    anon = idents[0]
    r = run.get(anon, b"/dang-nhap")
    if r is None or r.status != 200:
        print(f"FAIL GET /dang-nhap answered {r and r.status}")
        return 1
    for ident in idents[1:]:
        for attempt in range(LOGIN_TRIES):
            r = run.get(ident, b"/dang-nhap")
            if r is None or r.status != 200 or not ident.csrf:
                print(f"FAIL GET /dang-nhap for {ident.name} answered {r and r.status} (csrf token: {ident.csrf})")
                return 1
            form = urllib.parse.urlencode({"username": ident.name, "password": PASSWORD, "next": "/",
                                           "_csrf": ident.csrf}).encode()
            r = run.request(ident, "POST", b"/dang-nhap", form, "application/x-www-form-urlencoded")
            if r is not None:
                ident.remember(r)
            if r is not None and r.status in (301, 302, 303, 307):
                break
            print(f"   login of {ident.name} answered {r and r.status}; retrying", flush=True)
            time.sleep(2)
        else:
            print(f"FAIL cannot log in as {ident.name}")
            return 1
        body = json.dumps({"username": ident.name, "password": PASSWORD}).encode()
        r = run.request(ident, "POST", b"/api/v1/auth/login", body, "application/json")
        token = (json_body(r) or {}).get("token") if r is not None and r.status == 200 else None
        if not token:
            print(f"FAIL API login of {ident.name} answered {r and r.status}")
            return 1
        ident.token = token
        # the session's CSRF token after login (the form pages carry it)
        run.get(ident, b"/dang-nhap")
    return 0


def find_samples(run, idents):
    by = {i.name: i for i in idents}
    samples = {}
    r = run.get(by["anonymous"], b"/api/v1/procedures?per=1")
    items = (json_body(r) or {}).get("items") if r is not None and r.status == 200 else None
    if items:
        samples["procedure"] = items[0].get("code")
    else:
        r = run.get(by["anonymous"], b"/thu-tuc")
        found = re.search(r'href="/thu-tuc/([^"/?#]+)"', r.text()) if r is not None else None
        samples["procedure"] = urllib.parse.unquote(found.group(1)) if found else "1.001193.000.00.00.H41"
    r = run.get(by["tiepnhan"], b"/api/v1/dossiers?per=1")
    items = (json_body(r) or {}).get("items") if r is not None and r.status == 200 else None
    more = run.get(by["tiepnhan"], b"/api/v1/dossiers?per=50")
    if more is not None and more.status == 200:
        # one past intake (not new, not refused): it has a receipt slip and a timeline
        received = [i for i in (json_body(more) or {}).get("items") or []
                    if (i.get("status") or {}).get("code") not in (1, 3)]
        items = received[:1] or items
    if items:
        samples["dossier"] = items[0].get("code")
    else:
        for ident, page in ((by["tiepnhan"], b"/mot-cua"), (by["chuyenvien"], b"/xu-ly")):
            r = run.get(ident, page)
            found = re.search(r'/ho-so/([^"/?#<]+)', r.text()) if r is not None else None
            if found:
                samples["dossier"] = urllib.parse.unquote(found.group(1))
                break
        else:
            samples["dossier"] = "000.00.00.H41-260101-0001"
    samples["attachment"] = str(uuid.uuid4())
    r = run.get(by["tiepnhan"], b"/api/v1/dossiers/" + quote(samples["dossier"]))
    text = r.text() if r is not None else ""
    found = re.search(r'"attachments"\s*:\s*\[\s*\{[^]]*?"id"\s*:\s*"([^"]+)"', text)
    if found:
        samples["attachment"] = found.group(1)
    samples["form"] = "01"
    r = run.get(by["tiepnhan"], b"/ho-so/" + quote(samples["dossier"]))
    if r is not None and r.status == 200:
        slip = re.search(r'/phieu/([0-9]+)"', r.text())
        if slip:
            samples["form"] = slip.group(1)
        file = re.search(r'/tep/([^"/?#]+)"', r.text())
        if file:
            samples["attachment"] = file.group(1)
    # a well-formed dossier code that does not exist: posts may reach their handler without touching a dossier
    samples["missing-dossier"] = re.sub(r"-\d{6}-\d+$", "-000101-0000", samples["dossier"])
    return samples


def quote(text):
    return urllib.parse.quote(text, safe=".-_~").encode()


def instantiate(path, values):
    """The path with each `:name` replaced from `values` (raw wire text), `*` and `**` with something."""
    out = []
    for segment in path.strip("/").split("/"):
        if segment.startswith(":"):
            out.append(values[segment[1:]])
        elif segment == "**":
            out.append("khong-ton-tai/x")
        elif segment == "*":
            out.append("x")
        elif segment:
            out.append(segment)
    return ("/" + "/".join(out)).encode("latin-1")


def plausible(path, name, samples):
    """Real values for a path parameter, as wire text."""
    if name == "code":
        if "thu-tuc" in path or "procedures" in path:
            return quote(samples["procedure"]).decode()
        return quote(samples["dossier"]).decode()
    if name == "form":
        return samples["form"]
    if name == "id":
        return samples["attachment"]
    if name == "username":
        return "khong-ton-tai"  # never a real account: these routes lock, unlock and disable
    if name == "agency":
        return "000.00.21.H36"  # Đà Lạt, which the demo seeds with a published work calendar
    if name == "file" and "can-bo" in path:
        return "lanhdao.ics"
    return "1"


def params(path):
    return [s[1:] for s in path.strip("/").split("/") if s.startswith(":")]


def plan(run, idents, gets, posts, others, keys, samples):
    anon = idents[0]
    base = {p: instantiate(p, {n: plausible(p, n, samples) for n in params(p)}) for p in gets}

    # Who can open each page with plausible parameters (2xx); the first of them (anonymous first) gets every value.
    run.phase = "baseline"
    opened = {}
    for path in gets:
        opened[path] = []
        for ident in idents:
            r = run.get(ident, base[path])
            if r is not None and 200 <= r.status < 300:
                opened[path].append(ident)
    print("   pages open to: " + "; ".join(f"{p} {','.join(i.name for i in opened[p]) or '-'}" for p in gets), flush=True)
    closed = [p for p in gets if not opened[p]]
    if closed:
        run.notes.append("pages no identity opened with plausible parameters (fewer values sent): " + " ".join(closed))

    def primary(path):
        return opened[path][0] if opened[path] else anon

    # 1. Numbers alone on the paging keys.
    run.phase = "paging numbers"
    for path in gets:
        ident = primary(path)
        if not opened[path]:
            for key in NUMERIC_KEYS:
                run.get(ident, base[path] + f"?{key}={INT_MAX}".encode())
            continue
        for key in NUMERIC_KEYS:
            for value in PAGING_NUMBERS:
                probe(run, ident, path, base[path], [key], kv(value), value, opened[path])
        for value in ("99", INT_MAX, "461168601842738791"):
            run.get(ident, base[path] + f"?page={value}&per=100".encode())
            run.get(ident, base[path] + f"?per=1&page={value}".encode())

    # 2. Hostile path parameters, by everybody.
    run.phase = "path parameters"
    for path in gets:
        for name in params(path):
            real = plausible(path, name, samples)
            for ident in idents:
                full = ident is primary(path) or ident is anon
                values = PATH_HOSTILE + [real + "%00", real + "A" * 5000, real.lower(), real + "%20"] if full else PATH_FEW
                for value in values:
                    vals = {n: plausible(path, n, samples) for n in params(path)}
                    vals[name] = value
                    run.get(ident, instantiate(path, vals))

    # 3. Every key with one value at once, split in halves while some key is refused (4xx) or fails (5xx).
    run.phase = "all keys at once"
    for path in gets:
        ident = primary(path)
        if not opened[path]:
            for value in FEW:
                probe_all(run, ident, path, base[path], keys, kv(value), value, opened[path], False, split=False)
            continue
        for value in NUMBERS + STRINGS:
            probe_all(run, ident, path, base[path], keys, kv(value), value, opened[path], value in REPRESENTATIVE)
        for label, shape in SHAPES:
            probe_all(run, ident, path, base[path], keys, shape, label, opened[path], True)

    # 4. Posts without a CSRF token: empty, garbage, 40,000 fields.
    run.phase = "posts without CSRF token"
    post_bodies(run, idents, posts, samples, csrf=False)

    # 5. The other identities: fewer values where they may open the page, two requests where they may not.
    run.phase = "other identities"
    for path in gets:
        for ident in idents:
            if ident is primary(path):
                continue
            run.get(ident, base[path] + f"?page={INT_MAX}".encode())
            values = FEW if ident in opened[path] else ["%FF"]
            for value in values:
                probe_all(run, ident, path, base[path], keys, kv(value), value, opened[path], False, split=False)

    # 6. Long values (in groups of keys), whole hostile query strings, raw bytes, hostile headers.
    run.phase = "long values and whole queries"
    for path in gets:
        if not opened[path]:
            continue
        ident = primary(path)
        for i in range(0, len(keys), 4):
            probe_all(run, ident, path, base[path], keys[i:i + 4], kv(LONG), "10,000 chars", opened[path], True)
        for label, query in WHOLE_QUERIES:
            run.get(ident, base[path] + b"?" + query.encode())
    for path in ("/thu-tuc", "/tra-cuu", "/xu-ly"):
        if path in base:
            run.get(primary(path), base[path] + b"?q=" + b"A" * 100_000)
            for raw in RAW_QUERIES:
                run.get(primary(path), base[path] + b"?" + raw)
            run.get(primary(path), base[path] + b"/\xc0\xaf")
    for path in ("/", "/xu-ly", "/thu-tuc"):
        if path in base:
            for header in (("Cookie", "motcua_session=" + "%FF" * 10), ("Cookie", "motcua_session=" + "A" * 5000),
                           ("Accept", "application/json;q=%FF, */*;q=abc")):
                run.get(anon, base[path], extra=[header])
    for target in (b"/api/v1/me", b"/api/v1/dossiers"):
        for token in ("A" * 5000, "%00", "\xff"):
            run.request(anon, "GET", target, extra=[("Authorization", "Bearer " + token)])

    # 7. Garbage posts carrying the session's CSRF token (in the header), so the handlers themselves read them;
    #    never logging out, never on a real account or dossier.
    run.phase = "posts with CSRF token"
    post_bodies(run, idents, posts, samples, csrf=True)
    if others:
        run.notes.append("routes with other methods, not exercised: " + ", ".join(f"{m} {p}" for m, p in others))


def probe_all(run, ident, path, base, keys, shape, label, opened, representative, split=True):
    """All keys the page has not refused before in one query (split on refusal); the refused keys alone."""
    refusing = run.refusers.setdefault(path, set())
    rest = [k for k in keys if k not in refusing]
    # the first values of a page may split further: they find the keys the page refuses
    seen = run.probed[path] = run.probed.get(path, 0) + 1
    # request targets stay under MAX_TARGET: longer ones are refused by the HTTP parser before the application
    chunks, chunk = [], []
    for key in rest:
        if chunk and len(base) + len("&".join(shape(k) for k in chunk + [key])) > MAX_TARGET:
            chunks.append(chunk)
            chunk = []
        chunk.append(key)
    for chunk in chunks + [chunk]:
        probe(run, ident, path, base, chunk, shape, label, opened, split,
              budget=[3 * SPLIT_BUDGET if seen <= 4 else SPLIT_BUDGET])
    if representative:
        for key in keys:
            if key in refusing and key not in rest:
                probe(run, ident, path, base, [key], shape, label, opened)


def probe(run, ident, path, base, keys, shape, label, opened, split=True, budget=None):
    """GET base?k1=..&k2=.. for `keys`; halves the key set while the answer is 4xx or 5xx, to reach every key."""
    keys = [k for k in keys if (path, k, label) not in run.crashers]
    budget = budget if budget is not None else [SPLIT_BUDGET]
    if not keys:
        return
    query = "&".join(shape(k) for k in keys)
    deaths = len(run.deaths)
    r = run.get(ident, base + b"?" + query.encode())
    crashed = len(run.deaths) > deaths
    if crashed and len(keys) == 1:
        run.crashers.add((path, keys[0], label))
    refused = r is not None and 400 <= r.status < 500 and ident in opened
    if len(keys) == 1:
        if refused:
            run.refusers.setdefault(path, set()).add(keys[0])
        return
    if not split:
        return
    failed = crashed or (r is not None and r.status >= 500)
    if failed or (refused and budget[0] >= min(len(keys), 2)):
        parts = [[k] for k in keys] if len(keys) <= 3 else [keys[:len(keys) // 2], keys[len(keys) // 2:]]
        budget[0] -= len(parts)
        for part in parts:
            probe(run, ident, path, base, part, shape, label, opened, split, budget)


POST_BODIES = [
    ("empty", b"", None),
    ("empty form", b"", "application/x-www-form-urlencoded"),
    ("garbage form", b"\xff\xfe\x00%%%&&==[[]]%E2%80%AE=%C0%AF&_csrf[]=1&username[x]=%FF", "application/x-www-form-urlencoded"),
    ("garbage json", b'{"username": ["\xff\xfe", {"a": 1e309}], "code": null, ', "application/json"),
    ("json nested 10,000 deep", b"[" * 10000, "application/json"),
    ("form nested 2,000 deep", b"a" + b"[x]" * 2000 + b"=1", "application/x-www-form-urlencoded"),
    ("garbage multipart", b"--X\r\nContent-Disposition: form-data; name=\"\xff\"\r\n\r\n\x00\r\n--Y--", "multipart/form-data; boundary=X"),
    ("multipart without boundary", b"garbage", "multipart/form-data"),
    ("40,000 a[]=1& fields", b"a[]=1&" * 40000, "application/x-www-form-urlencoded"),
]
POST_EXPR = {
    "empty": "b''", "empty form": "b''",
    "garbage form": repr(POST_BODIES[2][1]), "garbage json": repr(POST_BODIES[3][1]),
    "json nested 10,000 deep": "b'['*10000", "form nested 2,000 deep": "b'a'+b'[x]'*2000+b'=1'",
    "garbage multipart": repr(POST_BODIES[6][1]), "multipart without boundary": "b'garbage'",
    "40,000 a[]=1& fields": "b'a[]=1&'*40000",
}


def post_bodies(run, idents, posts, samples, csrf):
    by = {i.name: i for i in idents}
    for path in posts:
        if csrf and path in ("/dang-xuat",):
            continue
        if path.startswith("/quan-tri"):
            who = ["anonymous", "quantri"]
        elif path.startswith("/mot-cua") or path.startswith("/api/"):
            who = ["anonymous", "tiepnhan"]
        elif path.startswith("/ho-so") or path.startswith("/xu-ly"):
            who = ["anonymous", "chuyenvien"]
        else:
            who = ["anonymous", "tiepnhan"]
        if csrf:
            who = who[1:] if path != "/dang-nhap" else ["anonymous"]
        api = path.startswith("/api/")
        if csrf and api:
            continue  # the API has no CSRF token; its posts were all sent in the first round
        vals = {}
        for name in params(path):
            if name == "code":
                vals[name] = quote(samples["dossier"] if api and not csrf else samples["missing-dossier"]).decode()
            else:
                vals[name] = plausible(path, name, samples)
        targets = [instantiate(path, vals)]
        if params(path):
            targets.append(instantiate(path, {n: "A" * 5000 if i == 0 else v for i, (n, v) in enumerate(vals.items())}))
            targets.append(instantiate(path, {n: "%FF%00" for n in vals}))
        for name in who:
            ident = by[name]
            for target in targets:
                for label, body, ctype in POST_BODIES:
                    extra = [("X-CSRF-Token", ident.csrf)] if csrf and ident.csrf else []
                    r = run.request(ident, "POST", target, body, ctype, body_spec=(label, POST_EXPR[label], ctype), extra=extra)
                    if r is not None and not csrf and not api and r.status < 400:
                        run.fail("no-csrf-accepted", "POST", target, r.status, r.body[:200], ident,
                                 (label, POST_EXPR[label], ctype))


# ---------------------------------------------------------------------------------------------------------------
# Reporting

def shell_target(target):
    """The URL for a shell command line: long runs of one character become $(printf ...)."""
    url = BASE + target.decode("latin-1")
    pieces, i = [], 0
    for m in re.finditer(r"(.)\1{99,}", url):
        pieces.append(("lit", url[i:m.start()]))
        pieces.append(("run", m.group(1), len(m.group(0))))
        i = m.end()
    pieces.append(("lit", url[i:]))
    if len(pieces) == 1:
        return shlex.quote(url)
    out = []
    for piece in pieces:
        if piece[0] == "lit":
            out.append(piece[1].replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`"))
        else:
            out.append(f"$(printf '%{piece[2]}s' '' | tr ' ' '{piece[1]}')")
    return '"' + "".join(out) + '"'


def repro(method, target, ident, body_spec):
    if any(b >= 0x80 or b < 0x20 for b in target):
        parts = urllib.parse.urlsplit(BASE)
        raw = target.decode("latin-1").encode("unicode_escape").decode().replace("%", "%%")
        return (f"printf '{method} {parts.path.rstrip('/')}{raw} HTTP/1.1\\r\\nHost: {parts.netloc}\\r\\n"
                f"Connection: close\\r\\n\\r\\n' | nc {parts.hostname} {parts.port or 80}")
    auth = ""
    if ident != "anonymous":
        auth = (f' -H "Authorization: Bearer $TOKEN_{ident}"' if target.startswith(b"/api/")
                else f" -b /tmp/motcua-{ident}.cookies")
    cmd = f"curl -sS -g --path-as-is -o /dev/stderr -w '%{{http_code}}\\n'{auth}"
    if method != "GET":
        code = shlex.quote(f"import sys; sys.stdout.buffer.write({body_spec[1]})")
        ctype = shlex.quote("Content-Type: " + body_spec[2] if body_spec[2] else "Content-Type:")
        cmd = f"python3 -c {code} | {cmd} -X {method} -H {ctype} --data-binary @-"
    return cmd + " " + shell_target(target)


LOGIN_HELP = """```sh
BASE={base}
login() {{  # web session cookie jar /tmp/motcua-$1.cookies and API token $TOKEN_$1
  c=/tmp/motcua-$1.cookies; rm -f $c
  t=$(curl -s -c $c -b $c $BASE/dang-nhap | grep -o 'name="_csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
  curl -s -c $c -b $c -o /dev/null --data-urlencode username=$1 --data-urlencode 'password=MotCua@2026' \\
       --data-urlencode "_csrf=$t" --data-urlencode next=/ $BASE/dang-nhap
  export TOKEN_$1=$(curl -s -H 'Content-Type: application/json' \\
       -d "{{\\"username\\":\\"$1\\",\\"password\\":\\"MotCua@2026\\"}}" $BASE/api/v1/auth/login \\
       | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
}}
```"""


def shorten(target, n):
    text = re.sub(r"(.)\1{29,}", lambda m: f"{{{m.group(1)}*{len(m.group(0))}}}", target.decode("latin-1"))
    text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= n else text[:n] + "..."


def finish(run):
    elapsed = time.monotonic() - run.started
    alive_pid = run.pid_alive()
    healthy = run.health() if alive_pid else False
    classes = " ".join(f"{k}={v}" for k, v in sorted(run.by_class.items()))
    print(f"== {run.sent} requests in {elapsed:.0f} s ({classes}); {len(run.failures)} failures, "
          f"{len(run.deaths)} deaths, {len(run.dropped)} connections closed without an answer (server alive)")
    print("   requests by phase: " + ", ".join(f"{k} {v}" for k, v in run.phase_counts.items()))
    for method, target, ident, error in run.dropped[:5]:
        print(f"   note: no answer to {method} {shorten(target, 100)} as {ident} ({error}); the server stayed up")
    for note in run.notes:
        print("   note: " + note)
    if REPORT:
        write_report(run, elapsed, classes)
    ok = not run.failures and alive_pid and healthy
    if not alive_pid:
        print(f"FAIL process {run.pid} is gone")
    elif not healthy:
        print("FAIL /health does not answer 200 at the end")
    if run.failures:
        distinct = {}
        for kind, method, target, status, snippet, ident, body_spec in run.failures:
            route = shorten(re.sub(rb"\?.*", b"", target), 100)
            distinct.setdefault((kind, method, route), 0)
            distinct[(kind, method, route)] += 1
        print("FAIL answers of 500 and more, crashes or timeouts (kind, method, path: count):")
        for (kind, method, route), n in sorted(distinct.items()):
            print(f"     {kind:>7} {method} {route}: {n}")
    print("OK no 5xx, the server is alive" if ok else "FAIL")
    return 0 if ok else 1


def write_report(run, elapsed, classes):
    lines = [f"# Hostile requests against {BASE}", "",
             f"{run.sent} requests in {elapsed:.0f} s ({classes}); {len(run.failures)} failures, "
             f"{len(run.deaths)} server deaths.", "", "Reproductions need a demo server and, for accounts:", "",
             LOGIN_HELP.format(base=BASE), "", "| # | kind | request | as | answer |", "| --- | --- | --- | --- | --- |"]
    for n, (kind, method, target, status, snippet, ident, body_spec) in enumerate(run.failures, 1):
        detail = snippet if isinstance(snippet, str) else snippet.decode("utf-8", "replace")
        detail = " ".join(detail.split())[:200].replace("|", "\\|")
        body = f" body: {body_spec[0]}" if body_spec else ""
        lines.append(f"| {n} | {kind} | `{method} {shorten(target, 300)}`{body} | {ident} | {detail} |")
    if run.dropped:
        lines += ["", "## Connections closed without an answer while the server stayed up (not failures)", ""]
        for method, target, ident, error in run.dropped:
            lines.append(f"- `{method} {shorten(target, 200)}` as {ident}: {error}")
    lines += ["", "## Reproductions", ""]
    for n, (kind, method, target, status, snippet, ident, body_spec) in enumerate(run.failures, 1):
        lines += [f"{n}. ({kind}, as {ident})", "", "```sh", repro(method, target, ident, body_spec), "```", ""]
    with open(REPORT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
