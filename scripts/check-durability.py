#!/usr/bin/env python3
"""Nothing acknowledged is ever lost, also when the process is killed.

Starts `motcua serve` on a fresh demo database (SQLite, the embedded default), keeps 16 clients receiving dossiers
through `POST /api/v1/dossiers`, and kills the server with SIGKILL in the middle of it. Every intake that was
answered 201 must then be in the database file with its two timeline events, and a restarted server must show it.

Usage: scripts/check-durability.py [path/to/motcua]   (default: the debug build's binary)
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT = int(os.environ.get("MOTCUA_DURABILITY_PORT", "8187"))
BASE = f"http://127.0.0.1:{PORT}"
CLIENTS = 16
RUN_BEFORE_KILL = 3.0


def binary():
    if len(sys.argv) > 1:
        return sys.argv[1]
    if os.environ.get("MOTCUA_BIN"):
        return os.environ["MOTCUA_BIN"]
    path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True)
    return os.path.join(path.stdout.strip(), "motcua")


def request(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def start(bin_path, env):
    log = open(os.path.join(env["MOTCUA_DATA_DIR"], "server.log"), "ab")
    server = subprocess.Popen([bin_path, "serve", "--hostname", "127.0.0.1", "--port", str(PORT)],
                              cwd=ROOT, env=env, stdout=log, stderr=log)
    for _ in range(120):
        try:
            if request("GET", "/health")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.kill()
    sys.exit("FAIL the server did not start")


def main():
    bin_path = binary()
    env = dict(os.environ, MOTCUA_DATA_DIR=tempfile.mkdtemp(prefix="motcua-durability-"), LOG_LEVEL="warning")
    env.pop("DATABASE_URL", None)
    subprocess.run([bin_path, "seed-demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    server = start(bin_path, env)
    status, login = request("POST", "/api/v1/auth/login", {"username": "tiepnhan", "password": "MotCua@2026"})
    if status != 200:
        sys.exit(f"FAIL login answered {status}")
    token = login["token"]

    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(number):
        n = 0
        while not stop.is_set():
            n += 1
            body = {"procedureCode": "2.000528.000.00.00.H36", "channel": "counter",
                    "applicant": {"fullName": "Nguyễn Văn An", "idNumber": f"0680950{number:02d}{n % 1000:03d}",
                                  "phone": "0912345678", "address": "12 Trần Phú, Phường 3, Đà Lạt"}}
            try:
                status, answer = request("POST", "/api/v1/dossiers", body, token)
            except OSError:
                return  # the server is gone
            if status == 201:
                with lock:
                    acknowledged.append(answer["code"])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(RUN_BEFORE_KILL)
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for thread in threads:
        thread.join()
    if len(acknowledged) < 50:
        sys.exit(f"FAIL only {len(acknowledged)} intakes were acknowledged before the kill: nothing was tested")

    # The file as the killed process left it (SQLite replays its write-ahead log on open).
    db = sqlite3.connect(os.path.join(env["MOTCUA_DATA_DIR"], "motcua.sqlite"))
    stored = {code: events for code, events in db.execute(
        "SELECT d.code, (SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_id = d.id) FROM dossiers d")}
    db.close()
    missing = [code for code in acknowledged if code not in stored]
    incomplete = [code for code in acknowledged if code in stored and stored[code] != 2]

    server = start(bin_path, env)
    try:
        _, login = request("POST", "/api/v1/auth/login", {"username": "tiepnhan", "password": "MotCua@2026"})
        unseen = [code for code in acknowledged if request("GET", f"/api/v1/dossiers/{code}", token=login["token"])[0] != 200]
    finally:
        server.terminate()
        server.wait()

    print(f"{len(acknowledged)} intakes acknowledged before SIGKILL, {len(stored)} dossiers in the file")
    if missing or incomplete or unseen:
        print(f"FAIL lost: {missing[:10]} ({len(missing)}); without both events: {incomplete[:10]} ({len(incomplete)}); "
              f"not shown after restart: {unseen[:10]} ({len(unseen)})")
        sys.exit(1)
    print("ok   every acknowledged intake survived kill -9, with both events, and is shown after restart")


if __name__ == "__main__":
    main()
