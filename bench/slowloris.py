"""Slow clients against gunicorn's sync workers, directly and through nginx.

    .venv/bin/python bench/slowloris.py [--clients 20] [--seconds 14] [--probe-timeout 5]

Starts the production set-up (deploy/proxy.py: gunicorn with objection/web/gunicorn_conf.py,
Debian's nginx with deploy/nginx-site.conf and a throwaway certificate), all on
127.0.0.1 with free ports. Then, for a bounded time and with a bounded number of
sockets from 127.0.0.1:

1. directly against gunicorn: --clients sockets that send a request header slowly (a
   slowloris: one more header line a second, never the blank line); a normal request
   (GET /healthz) waits --probe-timeout seconds for an answer;
2. through nginx (HTTPS): the same slow headers, and as many slow bodies (a complete
   header with Content-Length, then one byte a second); a normal request from another
   client address (127.0.0.2) and one from the attackers' own address (127.0.0.1);
   then it keeps trickling for --seconds and prints when nginx closed the slow sockets
   (client_header_timeout and client_body_timeout, 10 s).

tests/test_production.py runs the nginx case and asserts what happens there (the normal
request answered, the attackers' address refused, the slow headers closed), never how
long it took: the figures are this script's.
"""
from __future__ import annotations

import argparse
import select
import socket
import ssl
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

from proxy import Stack, http_get, https_get  # noqa: E402


class SlowClients:
    """`count` connections to 127.0.0.1:`port` that each send a request slowly, from a
    background thread, until closed.

    kind "header": "GET / HTTP/1.1" and a Host line, then one header line every
    `interval` seconds and never the blank line that ends the header.
    kind "body": a complete POST header with Content-Length: 100000, then one byte of
    the body every `interval` seconds.
    `tls_name`: talk HTTPS with this SNI and Host (through nginx)."""

    def __init__(self, port: int, count: int, kind: str = "header",
                 tls_name: str | None = None, interval: float = 1.0):
        self.port, self.count, self.kind = port, count, kind
        self.tls_name, self.interval = tls_name, interval
        self.sockets: list[socket.socket] = []
        self.closed: dict[int, float] = {}     # index -> seconds after start
        self.answers: dict[int, str] = {}      # index -> the server's status line
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)

    def __enter__(self) -> SlowClients:
        self.started = time.monotonic()
        host = f"{self.tls_name}:{self.port}" if self.tls_name else f"127.0.0.1:{self.port}"
        context = None
        if self.tls_name:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        try:
            for _ in range(self.count):
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                if context:
                    sock = context.wrap_socket(sock, server_hostname=self.tls_name)
                self.sockets.append(sock)
                if self.kind == "header":
                    sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n".encode())
                else:
                    sock.sendall(f"POST /review HTTP/1.1\r\nHost: {host}\r\n"
                                 "Content-Type: application/x-www-form-urlencoded\r\n"
                                 "Content-Length: 100000\r\n\r\ncsrf_token=".encode())
                sock.settimeout(0.2)
        except BaseException:
            self.close()
            raise
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def open(self) -> int:
        return len(self.sockets) - len(self.closed)

    def _trickle(self) -> None:
        line = 0
        while not self._stop.wait(self.interval):
            line += 1
            data = f"X-Slow-{line}: x\r\n".encode() if self.kind == "header" else b"a"
            for index, sock in enumerate(self.sockets):
                if index in self.closed:
                    continue
                self._read(index, sock)
                if index in self.closed:
                    continue
                try:
                    sock.sendall(data)
                except (OSError, ValueError):
                    self.closed[index] = time.monotonic() - self.started

    def _read(self, index: int, sock: socket.socket) -> None:
        """Note an answer or a close by the server, without blocking."""
        try:
            pending = sock.pending() if isinstance(sock, ssl.SSLSocket) else 0
            if not pending and not select.select([sock], [], [], 0)[0]:
                return
            data = sock.recv(4096)
        except (TimeoutError, ssl.SSLWantReadError):
            return
        except (OSError, ValueError):
            data = b""
        if data and index not in self.answers:
            self.answers[index] = data.split(b"\r\n", 1)[0].decode(errors="replace")
        if not data or index in self.answers:
            self.closed[index] = time.monotonic() - self.started

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        for sock in self.sockets:
            try:
                sock.close()
            except OSError:
                pass

    def summary(self) -> str:
        times = sorted(self.closed.values())
        answers = sorted(set(self.answers.values()))
        kinds = {"header": "headers", "body": "bodies"}[self.kind]
        text = f"{self.count} slow {kinds}: {self.open} still open"
        if times:
            text += f", {len(times)} closed by the server after {times[0]:.1f}-{times[-1]:.1f} s"
        if answers:
            text += f" (answered {', '.join(answers)})"
        return text


def timed(request) -> tuple[float, str]:
    """Seconds to the answer, and the status or why none came."""
    start = time.monotonic()
    try:
        status = request()
    except TimeoutError:
        return time.monotonic() - start, "no answer (timed out)"
    except OSError as exc:
        return time.monotonic() - start, f"failed: {exc}"
    return time.monotonic() - start, str(status)


def direct(stack: Stack, clients: int, probe_timeout: float) -> tuple[float, str]:
    with SlowClients(stack.gunicorn_port, clients, "header"):
        time.sleep(2)
        return timed(lambda: http_get(stack.gunicorn_port, timeout=probe_timeout))


def through_nginx(stack: Stack, clients: int, probe_timeout: float, seconds: float,
                  report=print) -> dict:
    """The attack through nginx; returns what happened (the test asserts on it)."""
    result = {}
    with SlowClients(stack.https_port, clients, "header", stack.server_name) as headers, \
            SlowClients(stack.https_port, clients, "body", stack.server_name) as bodies:
        time.sleep(3)
        result["other"] = timed(lambda: https_get(
            stack.https_port, stack.server_name, timeout=probe_timeout, source="127.0.0.2")[0])
        result["same"] = timed(lambda: https_get(
            stack.https_port, stack.server_name, timeout=probe_timeout)[0])
        report(f"  normal request from 127.0.0.2: {result['other'][1]} in "
               f"{result['other'][0]:.2f} s")
        report(f"  normal request from 127.0.0.1 (the attackers' address): "
               f"{result['same'][1]} in {result['same'][0]:.2f} s")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and (headers.open or bodies.open):
            time.sleep(0.5)
        result["headers"], result["bodies"] = headers, bodies
        report("  " + headers.summary())
        report("  " + bodies.summary())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=14,
                        help="how long to keep trickling through nginx (default 14)")
    parser.add_argument("--probe-timeout", type=float, default=5)
    args = parser.parse_args()
    if not 1 <= args.clients <= 200:
        parser.error("--clients: 1 to 200")
    with Stack() as stack:
        print(f"gunicorn (objection/web/gunicorn_conf.py) on 127.0.0.1:{stack.gunicorn_port}, "
              f"nginx on {stack.url}")
        print(f"directly against gunicorn, {args.clients} slow headers:")
        seconds, answer = direct(stack, args.clients, args.probe_timeout)
        print(f"  normal request: {answer} after {seconds:.2f} s")
        time.sleep(1)
        print(f"  after the slow clients left: {timed(lambda: http_get(stack.gunicorn_port))[1]}")
        print(f"through nginx, {args.clients} slow headers and {args.clients} slow bodies:")
        through_nginx(stack, args.clients, args.probe_timeout, args.seconds)


if __name__ == "__main__":
    main()
