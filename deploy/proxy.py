"""The production set-up in one place: render the nginx site, make a throwaway
certificate, and run gunicorn with nginx in front of it.

    python3 deploy/proxy.py site --server-name objection.example.org \\
        --cert /etc/letsencrypt/live/objection.example.org/fullchain.pem \\
        --key /etc/letsencrypt/live/objection.example.org/privkey.pem \\
        > /etc/nginx/sites-available/objection
    deploy/run-behind-nginx [--https-port 8443]     # try it locally (python3 deploy/proxy.py run)

`site` prints deploy/nginx-site.conf filled in for Debian's nginx. `run` starts
gunicorn (the package's configuration objection/web/gunicorn_conf.py and entry point
objection.web.wsgi, as in production, on a free loopback port) and
nginx in the foreground with a temporary prefix, a throwaway self-signed certificate and
the same site, until Ctrl-C. tests/test_production.py uses `Stack` from here.
Standard library only.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
SITE_TEMPLATE = DEPLOY / "nginx-site.conf"
GUNICORN = ["-c", "python:objection.web.gunicorn_conf", "objection.web.wsgi:app"]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_version() -> tuple[int, ...]:
    try:
        out = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr
    except OSError:
        return (0,)
    found = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", out)
    return tuple(int(part) for part in found.groups()) if found else (0,)


def render_site(server_name: str, cert: str, key: str, *,
                upstream: str | list[str] = "127.0.0.1:8000",
                https_port: int = 443, http_port: int = 80,
                addresses: tuple[str, ...] = ("", "[::]:"), public_port: int | None = None,
                log_dir: str = "/var/log/nginx/objection", http2: bool = True) -> str:
    """deploy/nginx-site.conf with its @NAMES@ filled in. `addresses` prefix each port
    in the listen lines ("" for all IPv4 addresses, "[::]:" for IPv6, "127.0.0.1:");
    `public_port` is the HTTPS port the browser uses (default `https_port`); several
    `upstream` addresses are several instances of the app, in turn."""
    public_port = public_port or https_port
    public_host = server_name if public_port == 443 else f"{server_name}:{public_port}"
    # nginx 1.25.1 moved HTTP/2 from a listen parameter to its own directive.
    new_http2 = nginx_version() >= (1, 25, 1)
    h2 = " http2" if http2 and not new_http2 else ""

    def listen(port: int, extra: str) -> str:
        return "\n".join(f"    listen {address}{port}{extra};" for address in addresses)
    https_extra = ("\n    http2 on;" if http2 and new_http2 else "")
    values = {
        "SERVER_NAME": server_name, "PUBLIC_HOST": public_host, "CERT": cert, "KEY": key,
        "UPSTREAM": ";\n    server ".join([upstream] if isinstance(upstream, str)
                                              else upstream),
        "LOG_DIR": log_dir,
        "HTTP_LISTEN": listen(http_port, ""),
        "HTTPS_LISTEN": listen(https_port, f" ssl{h2}") + https_extra,
        "HTTPS_LISTEN_DEFAULT": listen(https_port, f" ssl{h2} default_server"),
    }
    text = SITE_TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise ValueError(f"unfilled names in {SITE_TEMPLATE.name}: {left}")
    return text


def make_certificate(directory: Path, name: str) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for `name` and 127.0.0.1, valid for 2 days."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name},IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    return cert, key


def main_config(prefix: Path, site: Path) -> str:
    """A whole nginx.conf for a foreground nginx with everything under `prefix`; its
    http block holds what Debian's /etc/nginx/nginx.conf sets that matters here (gzip on,
    which the site turns off) and includes the site."""
    temp = prefix / "temp"
    return f"""daemon off;
master_process on;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    gzip on;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site};
}}
"""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def https_get(port: int, server_name: str, path: str = "/healthz", timeout: float = 5,
              source: str = "127.0.0.1") -> tuple[int, dict, bytes]:
    """One GET through nginx, with SNI and Host as a browser sends them."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                  source_address=(source, 0)) as raw, \
            context.wrap_socket(raw, server_hostname=server_name) as tls:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.sock = tls
        try:
            conn.request("GET", path, headers={"Host": f"{server_name}:{port}"})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()


def http_get(port: int, path: str = "/healthz", timeout: float = 5,
             host: str | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": host} if host else {})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@dataclass
class Stack:
    """gunicorn as in production, nginx in front of it; all on 127.0.0.1, free ports.

    with Stack(env={...}) as stack:
        stack.url   # https://objection.test:PORT (resolve objection.test to 127.0.0.1)
    """
    server_name: str = "objection.test"
    https_port: int = 0
    http_port: int = 0
    env: dict = field(default_factory=dict)
    python: str = sys.executable
    prefix: Path | None = None
    gunicorn_port: int = 0
    processes: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"https://{self.server_name}:{self.https_port}"

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self.prefix = Path(tempfile.mkdtemp(prefix="objection-nginx-"))
        self.prefix.chmod(0o755)          # nginx's workers may run as nobody
        (self.prefix / "temp").mkdir()
        self.https_port = self.https_port or free_port()
        self.http_port = self.http_port or free_port()
        self.gunicorn_port = self.gunicorn_port or free_port()
        env = {**os.environ, "OBJECTION_PROXIES": "1",
               "OBJECTION_SECRET_KEY": secrets.token_hex(32),
               # The public name, and 127.0.0.1 for health checks on the loopback port.
               "OBJECTION_TRUSTED_HOSTS": json.dumps([self.server_name, "127.0.0.1"]),
               **self.env}
        self._start("gunicorn", [self.python, "-m", "gunicorn", *GUNICORN],
                    env={**env, "PORT": str(self.gunicorn_port)})
        cert, key = make_certificate(self.prefix, self.server_name)
        site = self.prefix / "objection.conf"
        site.write_text(render_site(
            self.server_name, str(cert), str(key), upstream=f"127.0.0.1:{self.gunicorn_port}",
            https_port=self.https_port, http_port=self.http_port, addresses=("127.0.0.1:",),
            log_dir=str(self.prefix)))
        conf = self.prefix / "nginx.conf"
        conf.write_text(main_config(self.prefix, site))
        subprocess.run([NGINX, "-t", "-q", "-p", f"{self.prefix}/", "-c", str(conf),
                        "-e", str(self.prefix / "error.log")], check=True)
        self._start("nginx", [NGINX, "-p", f"{self.prefix}/", "-c", str(conf),
                              "-e", str(self.prefix / "error.log")])
        self._wait(lambda: http_get(self.gunicorn_port, timeout=2) == 200, "gunicorn")
        self._wait(lambda: https_get(self.https_port, self.server_name, timeout=2)[0] == 200,
                   "nginx")

    def _start(self, name: str, args: list[str], env: dict | None = None) -> None:
        log = open(self.prefix / f"{name}.out", "wb")
        try:
            process = subprocess.Popen(args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                       stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()
        self.processes.append((name, process))

    def _wait(self, ready, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}:\n"
                                       + self.logs())
            try:
                if ready():
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{what} did not come up:\n" + self.logs())

    def logs(self) -> str:
        if not self.prefix:
            return ""
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
                         for path in sorted(self.prefix.glob("*.out"))
                         + [self.prefix / "error.log", self.prefix / "objection.error.log"]
                         if path.exists())

    def stop(self) -> None:
        for _, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _, process in reversed(self.processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.processes.clear()
        if self.prefix:
            shutil.rmtree(self.prefix, ignore_errors=True)
            self.prefix = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    site = commands.add_parser("site", help="print the nginx site for Debian's nginx")
    site.add_argument("--server-name", required=True, help="the public host name")
    site.add_argument("--cert", required=True, help="certificate chain (PEM)")
    site.add_argument("--key", required=True, help="private key (PEM)")
    site.add_argument("--upstream", action="append",
                      help="gunicorn's address (default 127.0.0.1:8000); repeat it for "
                           "several instances")
    site.add_argument("--https-port", type=int, default=443)
    site.add_argument("--http-port", type=int, default=80)
    site.add_argument("--public-port", type=int, default=None,
                      help="the HTTPS port browsers use, if another than --https-port")
    site.add_argument("--no-ipv6", action="store_true", help="listen on IPv4 only")
    site.add_argument("--log-dir", default="/var/log/nginx/objection",
                      help="where the site's logs go (deploy/logrotate-objection rotates "
                           "/var/log/nginx/objection/*.log)")
    run = commands.add_parser("run", help="gunicorn and nginx in the foreground, with a "
                                          "throwaway certificate, until Ctrl-C")
    run.add_argument("--server-name", default="localhost")
    run.add_argument("--https-port", type=int, default=8443)
    run.add_argument("--http-port", type=int, default=8080)
    args = parser.parse_args()
    if args.command == "site":
        print(render_site(args.server_name, args.cert, args.key,
                          upstream=args.upstream or "127.0.0.1:8000",
                          https_port=args.https_port, http_port=args.http_port,
                          addresses=("",) if args.no_ipv6 else ("", "[::]:"),
                          public_port=args.public_port, log_dir=args.log_dir), end="")
        return
    python = str(ROOT / ".venv/bin/python")
    with Stack(server_name=args.server_name, https_port=args.https_port,
               http_port=args.http_port, python=python) as stack:
        print(f"serving {stack.url}/ (self-signed certificate; Ctrl-C stops)", flush=True)
        try:
            while all(process.poll() is None for _, process in stack.processes):
                time.sleep(1)
        except KeyboardInterrupt:
            return
        print("a process ended:\n" + stack.logs(), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
