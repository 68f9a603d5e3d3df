#!/usr/bin/env python3
"""Server memory under concurrent large uploads (issue 7: six concurrent 104 MB uploads held 812 MB).

Point it at a running server and its pid:
  MOTCUA_DATA_DIR=$(mktemp -d) .build/release/motcua demo --port 8188 &
  python3 bench/upload-memory.py http://127.0.0.1:8188 $!
Each client streams its multipart body from a generator (the client holds 1 MB at a time), and the server's peak
resident memory (VmHWM from /proc) is read before and after each scenario.
"""
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
import urllib.request

base, pid = sys.argv[1], int(sys.argv[2])
clients = int(os.environ.get("CLIENTS", "6"))
url = urllib.parse.urlsplit(base)
MB = 1024 * 1024


def memory(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    return 0


def token():
    request = urllib.request.Request(base + "/api/v1/auth/login", data=json.dumps({"username": "tiepnhan", "password": "MotCua@2026"}).encode(),
                                     headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))["token"]


def dossier(bearer):
    body = {"procedureCode": "2.000528.000.00.00.H36", "channel": "counter",
            "applicant": {"fullName": "Nguyễn Văn Thử", "idNumber": "068095000777", "phone": "0912345678"}}
    request = urllib.request.Request(base + "/api/v1/dossiers", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + bearer})
    return json.load(urllib.request.urlopen(request))["code"]


def upload(bearer, code, sizes, results):
    boundary = "----motcua-bench-boundary"
    parts = []
    for index, size in enumerate(sizes):
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan-{index}.pdf\"\r\n"
                "Content-Type: application/pdf\r\n\r\n").encode()
        parts.append((head, size))
    tail = f"--{boundary}--\r\n".encode()
    length = sum(len(head) + size + 2 for head, size in parts) + len(tail)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
    conn.putrequest("POST", f"/api/v1/dossiers/{code}/attachments")
    conn.putheader("Authorization", "Bearer " + bearer)
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(length))
    conn.endheaders()
    chunk = b"%" * MB
    try:
        for head, size in parts:
            conn.send(head + b"%PDF-1.7\n")
            left = size - len(b"%PDF-1.7\n") - len(b"\n%%EOF\n")
            while left > 0:
                conn.send(chunk[:min(left, MB)])
                left -= MB
            conn.send(b"\n%%EOF\n\r\n")
        conn.send(tail)
        response = conn.getresponse()
        response.read()
        results.append(response.status)
    except Exception as error:  # the server may answer 413 and close before the body is sent
        results.append(type(error).__name__)
    finally:
        conn.close()


bearer = token()
scenarios = {
    f"{clients} × one 104 MB file (over the 20 MB limit: refused)": [104 * MB],
    f"{clients} × five files of 19 MB (95 MB each, stored)": [19 * MB] * 5,
}
print(f"server pid {pid}; resident memory before: {memory('VmRSS')} MB (peak so far {memory('VmHWM')} MB)")
for name, sizes in scenarios.items():
    codes = [dossier(bearer) for _ in range(clients)]
    results = []
    peak = [memory("VmRSS")]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], memory("VmRSS"))
            time.sleep(0.05)
    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    threads = [threading.Thread(target=upload, args=(bearer, code, sizes, results)) for code in codes]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    done.set()
    sampler.join()
    print(f"{name}: answers {sorted(map(str, results))}, {time.monotonic() - started:.1f} s, "
          f"peak resident memory during the uploads {peak[0]} MB, after {memory('VmRSS')} MB")
