"""Bounded load test: POST /api/v1/letter against a real gunicorn on 127.0.0.1.

    .venv/bin/python bench/load.py [--workers 1 2] [--requests 2000] [--concurrency 4]

For each worker count it starts gunicorn on a free local port, sends a fixed number of
letter requests (the realistic cases from the fixtures, in turn) with a fixed
concurrency, and prints throughput, p50/p99 latency, errors, and the RSS of every
worker after the first 200 letters and at the end. Only 127.0.0.1 is ever targeted.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = [ROOT / "tests/fixtures/telecom.json", ROOT / "tests/fixtures/hosting_1und1.json",
         ROOT / "tests/fixtures/long_energy.json",
         *sorted((ROOT / "tests/fixtures/cases").glob("*.json"))]
WARM_MARK = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return sorted(out)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


def run(workers: int, requests: int, concurrency: int) -> dict:
    port = free_port()
    env = {**os.environ, "OBJECTION_TODAY": "2026-09-05"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--preload", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env)
    try:
        wait_up(port)
        bodies = [json.dumps(json.loads(p.read_text())).encode() for p in CASES]
        latencies: list[float] = []
        errors = 0
        counter = iter(range(requests))
        lock = threading.Lock()
        warm_rss: dict[int, float] = {}
        warm_event = threading.Event()

        def client() -> None:
            nonlocal errors
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                body = bodies[n % len(bodies)]
                start = time.perf_counter()
                try:
                    conn.request("POST", "/api/v1/letter?records_sheet=1", body,
                                 {"Content-Type": "application/json"})
                    response = conn.getresponse()
                    data = response.read()
                    ok = response.status == 200 and data.startswith(b"%PDF-")
                except OSError:
                    ok = False
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    errors += not ok
                    if len(latencies) == WARM_MARK:
                        warm_event.set()

        threads = [threading.Thread(target=client) for _ in range(concurrency)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        if warm_event.wait(timeout=600):
            warm_rss = {pid: rss_mb(pid) for pid in children(server.pid)}
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        end_rss = {pid: rss_mb(pid) for pid in children(server.pid)}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    latencies.sort()
    return {
        "workers": workers, "requests": requests, "concurrency": concurrency,
        "errors": errors, "seconds": wall, "throughput": requests / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "rss_after_200": warm_rss, "rss_at_end": end_rss,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    results = [run(w, args.requests, args.concurrency) for w in args.workers]
    for r in results:
        print(f"workers={r['workers']} requests={r['requests']} concurrency={r['concurrency']}:"
              f" {r['throughput']:.1f} letters/s, p50 {r['p50_ms']:.0f} ms,"
              f" p99 {r['p99_ms']:.0f} ms, errors {r['errors']}")
        for pid, end in r["rss_at_end"].items():
            warm = r["rss_after_200"].get(pid)
            growth = f"{100 * (end - warm) / warm:+.1f} %" if warm else "n/a"
            print(f"  worker {pid}: RSS {warm or 0:.1f} MB after {WARM_MARK} letters,"
                  f" {end:.1f} MB after {r['requests']} ({growth})")
    if len(results) == 2 and results[0]["workers"] == 1:
        print(f"scaling {results[0]['workers']}->{results[1]['workers']} workers:"
              f" {results[1]['throughput'] / results[0]['throughput']:.2f}x")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
