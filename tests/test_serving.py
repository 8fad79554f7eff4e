"""How the app is served: the package's gunicorn configuration, scripts/run, and the
WSGI entry point's proxy setting, each with real processes."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT, free_port, listening_addresses, stop, wait_healthy
from objection.web import create_app

pytestmark = pytest.mark.slow


def gunicorn_setting(name: str, **env) -> subprocess.CompletedProcess:
    """One value of objection/web/gunicorn_conf.py as gunicorn loads it."""
    environ = {k: v for k, v in os.environ.items() if k != "PORT"}
    return subprocess.run(
        [sys.executable, "-c", f"import objection.web.gunicorn_conf as c; print(c.{name})"],
        cwd=ROOT, env={**environ, **env}, capture_output=True, text=True, timeout=60)


def test_gunicorn_binds_loopback_only_on_the_port_from_the_environment():
    assert gunicorn_setting("bind").stdout.strip() == "['127.0.0.1:8000']"
    assert gunicorn_setting("bind", PORT="8123").stdout.strip() == "['127.0.0.1:8123']"
    bad = gunicorn_setting("bind", PORT="80; rm")
    assert bad.returncode != 0 and "PORT must be a TCP port number" in bad.stderr
    assert gunicorn_setting("control_socket_disable").stdout.strip() == "True"


def test_scripts_run_serves_on_port_on_loopback_without_a_control_socket(tmp_path):
    port = free_port()
    env = {**os.environ, "PORT": str(port), "HOME": str(tmp_path),
           "OBJECTION_SECRET_KEY": "test"}
    env.pop("XDG_RUNTIME_DIR", None)
    process = subprocess.Popen([str(ROOT / "scripts" / "run")], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_healthy(process, port)
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        stop(process)
    assert not (tmp_path / ".gunicorn").exists()


@pytest.mark.parametrize("value", ["two", "-1", "1.5", "true"])
def test_a_bad_proxy_count_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("OBJECTION_PROXIES", value)
    with pytest.raises(ValueError, match="OBJECTION_PROXIES must be a number of proxies"):
        create_app()


def test_the_proxy_count_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("OBJECTION_PROXIES", "2")
    assert create_app().config["PROXIES"] == 2
    monkeypatch.setenv("OBJECTION_PROXIES", "")
    assert create_app().config["PROXIES"] == 0


def start_gunicorn(tmp_path, key: str, workers: int = 1) -> tuple[subprocess.Popen, int]:
    """The app under gunicorn with its configuration, as scripts/run starts it, on a free
    port of 127.0.0.1; returns the process and the port."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "OBJECTION_SECRET_KEY": key,
           "HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:objection.web.gunicorn_conf",
         "--workers", str(workers), "objection.web.wsgi:app"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process, port


def test_instances_that_share_the_key_accept_each_others_forms(tmp_path):
    """The app keeps nothing between requests: behind one proxy, any instance answers
    any request as long as all have the same OBJECTION_SECRET_KEY (the form's token is
    signed with it). An instance with another key refuses the form (400)."""
    import http.client
    import re

    def call(port, method, path, body="", cookie=""):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(method, path, body=body, headers={
            "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        text = response.read().decode()
        conn.close()
        return response, text

    instances = [start_gunicorn(tmp_path, key)
                 for key in ("shared-key", "shared-key", "another-key")]
    try:
        for process, port in instances:
            wait_healthy(process, port)
        (_, first), (_, second), (_, other) = instances
        response, page = call(first, "GET", "/?lang=en")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie"))
        form = f"csrf_token={token}"
        assert call(second, "POST", "/start-over", form, cookie)[0].status == 303
        assert call(other, "POST", "/start-over", form, cookie)[0].status == 400
    finally:
        for process, _ in instances:
            stop(process)


class _Cycle:
    """A reference cycle: only the collector frees it."""

    def __init__(self):
        self.me = self


def _cycle():
    import weakref
    return weakref.ref(_Cycle())


def test_the_collector_runs_once_the_worker_has_answered_every_request():
    import gc
    from objection.web import gunicorn_conf as conf
    assert gc.isenabled()
    try:
        conf.pre_request(None, None)
        conf.pre_request(None, None)
        garbage = _cycle()
        conf.post_request(None, None, None, None)
        assert not gc.isenabled() and garbage() is not None    # one is still served
        conf.post_request(None, None, None, None)
        assert gc.isenabled() and garbage() is None            # answered all: collected
    finally:
        gc.enable()


def test_a_worker_that_is_never_idle_collects_all_the_same():
    import gc
    from objection.web import gunicorn_conf as conf
    try:
        conf.pre_request(None, None)                           # always one in flight
        garbage = _cycle()
        for _ in range(conf.COLLECT_EVERY):
            assert garbage() is not None
            conf.pre_request(None, None)
            conf.post_request(None, None, None, None)
        assert not gc.isenabled() and garbage() is None
    finally:
        conf.post_request(None, None, None, None)
        assert gc.isenabled()


def test_a_busy_worker_collects_the_older_generations_too():
    # A cycle still in use at a collection moves to an older generation; a worker that
    # is never idle (the collector never switched on) must still collect it there.
    import gc
    from objection.web import gunicorn_conf as conf
    try:
        conf.pre_request(None, None)                           # always one in flight
        held = _cycle()
        keep = held()
        gc.collect(0)                                          # survives: now older
        del keep
        threshold = gc.get_threshold()
        for _ in range(conf.COLLECT_EVERY * threshold[1] * threshold[2] + 1):
            conf.pre_request(None, None)
            conf.post_request(None, None, None, None)
            if held() is None:
                break
        assert held() is None and not gc.isenabled()
    finally:
        conf.post_request(None, None, None, None)
        assert gc.isenabled()


def test_gunicorn_takes_the_hooks():
    # As `gunicorn -c python:objection.web.gunicorn_conf` reads its configuration.
    from gunicorn.app.wsgiapp import WSGIApplication
    from gunicorn.config import Config
    app = WSGIApplication.__new__(WSGIApplication)
    app.cfg = Config()
    app.load_config_from_module_name_or_filename("python:objection.web.gunicorn_conf")
    assert app.cfg.pre_request.__module__ == app.cfg.post_request.__module__ \
        == "objection.web.gunicorn_conf"


def test_a_worker_keeps_one_malloc_arena():
    # In a process of its own, as a forked worker: glibc's mallopt accepts the limit
    # (it answers 1), and the worker's hook sets it without complaint.
    code = ("import ctypes, objection.web.gunicorn_conf as c; c.post_fork(None, None); "
            "print(c._LIBC.mallopt(c.M_ARENA_MAX, c.ARENAS), c.ARENAS)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.split() == ["1", "1"]


def test_every_request_is_answered_on_a_connection_of_its_own(tmp_path):
    """No keep-alive: a connection a client keeps open would tie all its requests to
    one worker while the others idle; closed after each response, the next request is
    accepted by whichever worker is free."""
    import http.client

    process, port = start_gunicorn(tmp_path, "test", workers=2)
    try:
        wait_healthy(process, port)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/healthz", headers={"Connection": "keep-alive"})
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        assert response.getheader("Connection") == "close"
        assert conn.sock is None      # http.client saw the close and let the socket go
    finally:
        stop(process)
