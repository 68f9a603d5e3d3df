#!/usr/bin/env python3
"""Online submission end to end, as a citizen's client does it: log in, open a draft, upload two 5 MB PDFs with the
real tus client (tuspy, 1 MiB chunks), attach them, submit. Prints each run's wall time and the median.

    MOTCUA_BASE_URL=http://127.0.0.1:8080 python3 bench/online_submission.py [runs]

Needs `pip install tuspy requests` and a running `motcua demo` (the demo citizen `congdan`).
"""
import statistics
import sys
import time
import os

import requests
from tusclient import client

BASE = os.environ.get("MOTCUA_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
PROCEDURE = "2.000635.000.00.00.H36"
SIZE = 5 * 1024 * 1024


def pdf(size, tag):
    """A valid PDF padded with a comment stream to `size` bytes (the server checks head and %%EOF)."""
    head = b"%PDF-1.4\n% " + tag.encode() + b"\n"
    tail = b"\n%%EOF\n"
    return head + b"0" * (size - len(head) - len(tail)) + tail


def one_run(token, files):
    headers = {"Authorization": "Bearer " + token}
    started = time.perf_counter()
    draft = requests.post(BASE + "/api/v1/drafts", json={"procedureCode": PROCEDURE}, headers=headers).json()
    components = [c["name"] for c in draft["components"]]
    tus = client.TusClient(BASE + "/api/v1/uploads", headers=headers)
    for index, path in enumerate(files):
        uploader = tus.uploader(path, chunk_size=1024 * 1024, metadata={"filename": os.path.basename(path)})
        uploader.upload()
        upload_id = uploader.url.rstrip("/").split("/")[-1]
        answer = requests.post(f"{BASE}/api/v1/drafts/{draft['id']}/files",
                               json={"upload": upload_id, "component": components[index % len(components)]}, headers=headers)
        answer.raise_for_status()
    submitted = requests.post(f"{BASE}/api/v1/drafts/{draft['id']}/submit", headers=headers)
    submitted.raise_for_status()
    return time.perf_counter() - started, submitted.json()["code"]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    token = requests.post(BASE + "/api/v1/auth/login", json={"username": "congdan", "password": "MotCua@2026"}).json()["token"]
    files = []
    for index in range(2):
        path = f"/tmp/motcua-bench-{index}.pdf"
        with open(path, "wb") as handle:
            handle.write(pdf(SIZE, f"bench {index}"))
        files.append(path)
    times = []
    for run in range(runs):
        seconds, code = one_run(token, files)
        times.append(seconds)
        print(f"run {run + 1}: {seconds:.2f} s  ({code})")
    print(f"median {statistics.median(times):.2f} s over {runs} runs; two files of {SIZE // (1024 * 1024)} MB, 1 MiB chunks")


if __name__ == "__main__":
    main()
