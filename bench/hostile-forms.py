#!/usr/bin/env python3
"""CPU an anonymous client can make the server spend on one form, before logging in (issue 7).

Starts nothing: point it at a running server and its pid, e.g.
  MOTCUA_DATA_DIR=$(mktemp -d) .build/release/motcua demo --port 8187 &
  python3 bench/hostile-forms.py http://127.0.0.1:8187 $!
For each body it posts N requests to /dang-nhap and /api/v1/auth/login and reports the server's CPU time per
request (utime + stime from /proc/<pid>/stat), so the figure does not depend on what else the machine is doing.
"""
import http.client
import os
import sys
import time
import urllib.parse

base, pid = sys.argv[1], int(sys.argv[2])
rounds = int(os.environ.get("ROUNDS", "5"))
url = urllib.parse.urlsplit(base)
ticks = os.sysconf(os.sysconf_names["SC_CLK_TCK"])


def cpu_seconds():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks


def post(path, body, content_type):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    conn.request("POST", path, body=body, headers={"Content-Type": content_type})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


forms = {
    "a[]=1 × 40,000 (240 KB, the tester's)": "&".join(["a[]=1"] * 40_000) + "&username=x&password=y",
    "a[]=1 × 998 (the most fields elsewhere)": "&".join(["a[]=1"] * 998) + "&username=x&password=y",
    "a[]=1 × 14 (the most fields a login form takes)": "&".join(["a[]=1"] * 14) + "&username=x&password=y",
    "fields of 1 KB × 15 (16 KB, the login body limit)": "&".join([f"f{i}=" + "x" * 1_000 for i in range(15)]) + "&username=x&password=y",
    "fields of 1 KB × 900 (900 KB, refused unread)": "&".join([f"f{i}=" + "x" * 1_000 for i in range(900)]) + "&username=x&password=y",
    "an ordinary wrong login": "username=khongco&password=sai",
}
print(f"server pid {pid}, {rounds} requests per row; CPU seconds of the server process per request")
for path in ["/dang-nhap", "/api/v1/auth/login"]:
    for name, body in forms.items():
        statuses = set()
        before = cpu_seconds()
        started = time.monotonic()
        for _ in range(rounds):
            statuses.add(post(path, body.encode(), "application/x-www-form-urlencoded"))
        cpu = (cpu_seconds() - before) / rounds
        wall = (time.monotonic() - started) / rounds
        print(f"{path:22} {name:48} status {sorted(statuses)}  cpu {cpu * 1000:8.1f} ms  wall {wall * 1000:8.1f} ms")
