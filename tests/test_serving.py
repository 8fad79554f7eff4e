"""How the app is served: the package's gunicorn configuration, scripts/run, and the
WSGI entry point's proxy setting, each with real processes."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT, free_port, listening_addresses, stop, wait_healthy
from objection.web import create_app


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
