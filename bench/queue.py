#!/usr/bin/env python3
"""Queue boards under load: BOARDS server-sent event streams stay connected (spread over the given nodes), COUNTERS
counters call as fast as they can (through the first node, or round-robin over nodes); for every call, the time from
the call's HTTP response to the `call` event arriving at each board. Prints p50/p99 over all (call, board) pairs.

    python3 bench/queue.py --nodes http://127.0.0.1:8095[,http://127.0.0.1:8096] [--boards 100 --counters 20 --calls 400]
Standard library only (asyncio sockets), so that nothing is installed for it."""
import argparse, asyncio, json, statistics, time, urllib.request


async def http(host, port, method, path, body=None, headers=None):
    reader, writer = await asyncio.open_connection(host, port)
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\nContent-Length: {len(data)}\r\n"
    if body is not None:
        head += "Content-Type: application/json\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    writer.write(head.encode() + b"\r\n" + data)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    status = int(raw.split(b" ", 2)[1])
    payload = raw.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in raw else b""
    return status, payload


async def board(host, port, arrivals, ready):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /api/v1/queue/stream HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    event = None
    opened = False
    while True:
        line = await reader.readline()
        if not line:
            return
        text = line.decode("utf-8", "replace").strip()
        if text.startswith("event: "):
            event = text[7:]
        elif text.startswith("data: ") and event == "call":
            now = time.perf_counter()
            call_id = json.loads(text[6:])["id"]
            arrivals.setdefault(call_id, []).append(now)
        elif text.startswith("data: ") and event == "state" and not opened:
            opened = True
            ready.release()


async def counter(code, nodes, token, answered, calls_left):
    i = 0
    while calls_left[0] > 0:
        calls_left[0] -= 1
        host, port = nodes[i % len(nodes)]
        i += 1
        sent = time.perf_counter()
        status, payload = await http(host, port, "POST", f"/api/v1/queue/counters/{code}/call", {}, {"Authorization": "Bearer " + token})
        now = time.perf_counter()
        if status == 200:
            answered[json.loads(payload)["id"]] = (sent, now)
        elif status == 404:
            return


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", required=True)
    parser.add_argument("--boards", type=int, default=100)
    parser.add_argument("--counters", type=int, default=20)
    parser.add_argument("--calls", type=int, default=400)
    args = parser.parse_args()
    nodes = []
    for url in args.nodes.split(","):
        hostport = url.split("//", 1)[1].rstrip("/")
        host, port = hostport.split(":")
        nodes.append((host, int(port)))
    asyncio.run(run(nodes, args))


async def run(nodes, args):
    host, port = nodes[0]
    status, payload = await http(host, port, "POST", "/api/v1/auth/login", {"username": "tiepnhan", "password": "MotCua@2026"})
    token = json.loads(payload)["token"]
    # Tickets first (the kiosk limit is lifted by the script that starts the server).
    for i in range(args.calls + args.counters):
        await http(host, port, "POST", "/api/v1/queue/tickets", {"area": "xay-dung", "priority": i % 5 == 0})
    arrivals, answered = {}, {}
    ready = asyncio.Semaphore(0)
    boards = [asyncio.create_task(board(*nodes[i % len(nodes)], arrivals, ready)) for i in range(args.boards)]
    for _ in range(args.boards):
        await asyncio.wait_for(ready.acquire(), 30)
    codes = [f"B{i:02d}" for i in range(1, args.counters + 1)]
    calls_left = [args.calls]
    started = time.perf_counter()
    await asyncio.gather(*(counter(code, nodes, token, answered, calls_left) for code in codes))
    elapsed = time.perf_counter() - started
    await asyncio.sleep(2)
    for task in boards:
        task.cancel()
    delays, from_request = [], []
    missing = 0
    for call_id, (sent, at) in answered.items():
        got = arrivals.get(call_id, [])
        missing += args.boards - len(got)
        # An event may reach a board before the caller has read its own answer: that counts as 0.
        delays += [max(0.0, t - at) * 1000 for t in got]
        from_request += [(t - sent) * 1000 for t in got]
    delays.sort()
    from_request.sort()
    def pct(p, values=None):
        values = delays if values is None else values
        return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else float("nan")
    print(json.dumps({"nodes": len(nodes), "boards": args.boards, "counters": args.counters, "calls": len(answered),
                      "callsPerSecond": round(len(answered) / elapsed, 1), "deliveries": len(delays), "missing": missing,
                      "p50_ms": round(pct(50), 1), "p99_ms": round(pct(99), 1),
                      "fromRequest_p50_ms": round(pct(50, from_request), 1), "fromRequest_p99_ms": round(pct(99, from_request), 1), "max_ms": round(delays[-1], 1) if delays else None}))


if __name__ == "__main__":
    main()
