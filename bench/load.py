"""Bounded load test: POST /api/v1/letter against a real gunicorn on 127.0.0.1.

    .venv/bin/python bench/load.py [--workers 1 2] [--requests 2000] [--concurrency 4]
                                   [--records-sheet] [--same-signature] [--tree DIR]

For each worker count it starts gunicorn (--preload, as scripts/run does) on a free
local port, sends a fixed number of letter requests with a fixed concurrency, and prints
throughput, p50/p99 latency, errors, the CPU per letter of gunicorn's whole process tree
(master and workers), and the RSS of every worker after the first 200 letters and at
the end. Each request is the seed case signed with a NEW signature picture (a fresh PNG,
other pixels: bench/signatures.py), so no cache can answer it; the pictures are made
before the clock starts. --same-signature sends one picture throughout; --tree serves
another checkout (e.g. an older revision, for bench/compare.py's figures). Only
127.0.0.1 is ever targeted.
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
sys.path.insert(0, str(ROOT / "bench"))

from signatures import fresh_signature  # noqa: E402

SEED = ROOT / "tests/fixtures/hosting_1und1.json"
WARM_MARK = 200
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == pid:
                out.append(int(entry.name))
    return sorted(out)


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children(current))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU of these processes, and of their children that ended and were
    waited for (utime, stime, cutime, cstime in /proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += sum(int(v) for v in fields[11:15])
    return total / TICKS


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


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[int(0.95 * (len(values) - 1))]


def signed_seed(picture: str) -> dict:
    """The seed case signed with a picture that signs the letter itself (text form)."""
    case = json.loads(SEED.read_text(encoding="utf-8"))
    case["notice"]["required_form"] = "text"
    case["signature"] = {"mode": "image", "image": picture}
    return case


def bodies(requests: int, same_signature: bool = False) -> list[bytes]:
    if same_signature:
        body = json.dumps(signed_seed(fresh_signature(0))).encode()
        return [body] * requests
    return [json.dumps(signed_seed(fresh_signature(n))).encode() for n in range(requests)]


class Gunicorn:
    """gunicorn as scripts/run starts it, on a free port, for the `with` block."""

    def __init__(self, workers: int, tree_dir: Path = ROOT):
        self.port = free_port()
        env = {**os.environ, "OBJECTION_TODAY": "2026-11-25",
               "OBJECTION_SECRET_KEY": "bench"}
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--preload", "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning", "wsgi:app"],
            cwd=tree_dir, env=env)

    def __enter__(self) -> Gunicorn:
        wait_up(self.port)
        return self

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def cpu(self) -> float:
        return cpu_seconds(tree(self.process.pid))

    def post(self, conn: http.client.HTTPConnection, body: bytes,
             records: bool = False) -> bool:
        conn.request("POST", f"/api/v1/letter?records_sheet={int(records)}", body,
                     {"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        return response.status == 200 and data.startswith(b"%PDF-")


def run(workers: int, requests: int, concurrency: int, records: bool = False,
        same_signature: bool = False, tree_dir: Path = ROOT) -> dict:
    payloads = bodies(requests, same_signature)
    with Gunicorn(workers, tree_dir) as server:
        latencies: list[float] = []
        errors = 0
        counter = iter(range(requests))
        lock = threading.Lock()
        warm_rss: dict[int, float] = {}
        warm_event = threading.Event()

        def client() -> None:
            nonlocal errors
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                start = time.perf_counter()
                try:
                    ok = server.post(conn, payloads[n], records)
                except OSError:
                    ok = False
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    errors += not ok
                    if len(latencies) == WARM_MARK:
                        warm_event.set()

        threads = [threading.Thread(target=client) for _ in range(concurrency)]
        cpu_start, start = server.cpu(), time.perf_counter()
        for t in threads:
            t.start()
        if warm_event.wait(timeout=600):
            warm_rss = {pid: rss_mb(pid) for pid in server.workers()}
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        cpu = server.cpu() - cpu_start
        end_rss = {pid: rss_mb(pid) for pid in server.workers()}
    latencies.sort()
    return {
        "workers": workers, "requests": requests, "concurrency": concurrency,
        "errors": errors, "seconds": wall, "throughput": requests / wall,
        "cpu_per_letter_ms": 1000 * cpu / requests,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "rss_after_200": warm_rss, "rss_at_end": end_rss,
    }


def rss_lines(r: dict) -> list[str]:
    lines = []
    for pid, end in r["rss_at_end"].items():
        warm = r["rss_after_200"].get(pid)
        growth = f"{100 * (end - warm) / warm:+.1f} %" if warm else "n/a"
        lines.append(f"  worker {pid}: RSS {warm or 0:.1f} MB after {WARM_MARK} letters,"
                     f" {end:.1f} MB after {r['requests']} ({growth})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--records-sheet", action="store_true")
    parser.add_argument("--same-signature", action="store_true")
    parser.add_argument("--tree", type=Path, default=ROOT)
    args = parser.parse_args()
    results = [run(w, args.requests, args.concurrency, args.records_sheet,
                   args.same_signature, args.tree) for w in args.workers]
    for r in results:
        print(f"workers={r['workers']} requests={r['requests']} concurrency={r['concurrency']}:"
              f" {r['throughput']:.1f} letters/s, CPU {r['cpu_per_letter_ms']:.1f} ms per"
              f" letter, p50 {r['p50_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms,"
              f" errors {r['errors']}")
        print("\n".join(rss_lines(r)))
    if len(results) == 2 and results[0]["workers"] == 1:
        print(f"scaling {results[0]['workers']}->{results[1]['workers']} workers:"
              f" {results[1]['throughput'] / results[0]['throughput']:.2f}x")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
