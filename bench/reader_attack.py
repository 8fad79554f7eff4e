"""Hostile notices against the app as deployed: what it answers, how fast, and what the
workers' memory does; then ordinary photo readings at once beside a letter.

    .venv/bin/python bench/reader_attack.py [--only NAME ...] [--rounds 3] [--tree DIR]

Starts gunicorn with deploy/gunicorn.conf.py on a free port of 127.0.0.1 (only ever
127.0.0.1) and

1. sends each hostile file of tests/hostile_files.py (the attack's sizes, plus the
   1.4 MB e-mail) once to POST /api/v1/notice and once to the page's POST /read, and
   prints the status, the content type, the seconds to the answer, the largest resident
   memory of any web worker while it ran, and the largest of any other process of the
   tree (the readings' own processes, the tools they start);
2. sends four ordinary photos of notices at once and, half a second later, the seed
   letter (POST /api/v1/letter), `--rounds` times, and prints the letter's seconds and
   what the readings answered, and the largest proportional memory (PSS) and number of
   tasks of gunicorn's whole tree meanwhile (what systemd's MemoryMax and TasksMax count);
3. prints whether gunicorn logged "WORKER TIMEOUT".

`--tree DIR` serves another checkout (e.g. `git worktree add /tmp/before <rev>`) with
its own configuration. Tests never assert on these figures; this script prints them.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from hostile_files import HOSTILE, eml_encoded_subject  # noqa: E402
from load import children, free_port, rss_mb, tree, wait_up  # noqa: E402

PHOTOS = [ROOT / "tests/fixtures/notices/own/train" / name for name in (
    "t18-kabel-de.jpg", "h09-mobil-de.grainy.jpg", "h21-strom-de.grainy.jpg",
    "h08-pkv-de.jpg")]
SEED = ROOT / "tests/fixtures/hosting_1und1.json"
CASES = {name: (lambda make=make: make(1.0)) for name, make in HOSTILE.items()}
CASES["eml_encoded_subject_1.4MB"] = lambda: eml_encoded_subject(4.4)


def multipart(filename: str, data: bytes, field: str = "file",
              extra: dict[str, str] | None = None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
             f"{value}\r\n".encode() for name, value in (extra or {}).items()]
    parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
                 f"filename=\"{filename}\"\r\nContent-Type: application/octet-stream"
                 "\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"


def post(port: int, path: str, body: bytes, content_type: str,
         headers: dict[str, str] | None = None, timeout: float = 120) -> tuple:
    """(status, content type, seconds, body); status 0 when the connection failed."""
    start = time.monotonic()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("POST", path, body, {"Content-Type": content_type, **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        return (response.status, response.getheader("Content-Type", ""),
                time.monotonic() - start, data)
    except OSError as exc:
        return 0, type(exc).__name__, time.monotonic() - start, b""


def page_token(port: int) -> tuple[str, str]:
    """A CSRF token and the session cookie that goes with it, as a browser has them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = "; ".join(c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie"))
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1), cookie


def _status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _pss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Peaks:
    """Samples the resident memory of gunicorn's workers and of everything below them,
    and, for the whole tree (what systemd's MemoryMax and TasksMax count), its
    proportional memory and its tasks (threads)."""

    def __init__(self, master: int):
        self.master, self.worker, self.other = master, 0.0, 0.0
        self.pss, self.tasks = 0.0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            workers = children(self.master)
            pss, tasks = 0.0, 0
            for pid in tree(self.master):
                try:
                    rss = rss_mb(pid)
                    pss += _pss_mb(pid)
                    tasks += _status(pid, "Threads")
                except OSError:
                    continue
                if pid in workers:
                    self.worker = max(self.worker, rss)
                elif pid != self.master:
                    self.other = max(self.other, rss)
            self.pss, self.tasks = max(self.pss, pss), max(self.tasks, tasks)
            time.sleep(0.05)


def serve(tree_dir: Path, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, OBJECTION_SECRET_KEY="bench", OBJECTION_TODAY="2026-11-25",
               OBJECTION_READER_LOCKS=tempfile.mkdtemp(prefix="objection-readers-"))
    process = subprocess.Popen(
        [str(tree_dir / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=tree_dir, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    wait_up(port)
    return process, port


def hostile(port: int, master: int, only: list[str]) -> None:
    token, cookie = page_token(port)
    print(f"{'input':34} {'bytes':>9}  {'endpoint':9} {'status':>6} {'type':26} "
          f"{'seconds':>7} {'worker MB':>9} {'other MB':>8}")
    for name, make in CASES.items():
        if only and name not in only:
            continue
        filename, data = make()
        for endpoint in ("api", "page"):
            if endpoint == "api":
                body, ctype = multipart(filename, data)
                path, headers = "/api/v1/notice", {}
            else:
                body, ctype = multipart(filename, data, "notice_file",
                                        {"csrf_token": token, "notice_text": ""})
                path, headers = "/read", {"Cookie": cookie}
            with Peaks(master) as peaks:
                status, kind, seconds, _ = post(port, path, body, ctype, headers)
            print(f"{name:34} {len(data):>9,}  {endpoint:9} {status:>6} {kind[:26]:26} "
                  f"{seconds:>7.2f} {peaks.worker:>9.0f} {peaks.other:>8.0f}")


def letter_during_readings(port: int, master: int, rounds: int) -> None:
    seed = SEED.read_bytes()
    print(f"\n{len(PHOTOS)} photo readings at once, the seed letter 0.5 s later:")
    for round_ in range(rounds):
        answers: list[tuple] = []

        def read(path: Path, answers: list[tuple] = answers) -> None:
            body, ctype = multipart(path.name, path.read_bytes())
            answers.append(post(port, "/api/v1/notice", body, ctype))

        threads = [threading.Thread(target=read, args=(p,)) for p in PHOTOS]
        with Peaks(master) as peaks:
            for thread in threads:
                thread.start()
            time.sleep(0.5)
            status, kind, seconds, _ = post(port, "/api/v1/letter", seed, "application/json")
            for thread in threads:
                thread.join()
        readings = ", ".join(f"{a[0]} in {a[2]:.1f} s" for a in sorted(answers,
                                                                        key=lambda a: a[2]))
        print(f"  round {round_ + 1}: letter {status} {kind} in {seconds:.2f} s; readings "
              f"{readings}; worker peak {peaks.worker:.0f} MB, other {peaks.other:.0f} MB; "
              f"the whole tree at most {peaks.pss:.0f} MB PSS and {peaks.tasks} tasks")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=[], choices=sorted(CASES))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tree", type=Path, default=ROOT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "gunicorn.log"
        process, port = serve(args.tree.resolve(), log)
        try:
            hostile(port, process.pid, args.only)
            if args.rounds:
                letter_during_readings(port, process.pid, args.rounds)
        finally:
            process.terminate()
            process.wait(30)
        text = log.read_text(errors="replace")
        print(f"\nWORKER TIMEOUT in gunicorn's log: {text.count('WORKER TIMEOUT')} times; "
              f"workers killed by a signal: {len(re.findall(r'was sent SIG', text))}")


if __name__ == "__main__":
    main()
