"""The files in deploy/ an operator installs: the systemd unit and the logrotate file."""
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

UNIT = ROOT / "deploy" / "objection.service"


def unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_the_unit_bounds_memory_and_tasks_and_is_hardened():
    s = unit_settings()
    assert s["MemoryMax"] == ["1G"] and s["TasksMax"] == ["64"]
    for key in ("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices"):
        assert s[key] == ["true"], key
    assert s["ProtectSystem"] == ["strict"] and "ReadWritePaths" not in s
    assert s["User"] == ["objection"] and s["EnvironmentFile"] == ["/etc/objection/env"]
    assert s["ExecStart"][0].endswith(
        "gunicorn -c python:objection.web.gunicorn_conf objection.web.wsgi:app")


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze missing")
def test_systemd_accepts_the_unit(tmp_path):
    # The unit as installed in a checkout here: its paths pointed at this one.
    text = UNIT.read_text().replace("/srv/objection", str(ROOT))
    unit = tmp_path / "objection.service"
    unit.write_text(text)
    out = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                         text=True, timeout=60)
    problems = [line for line in (out.stdout + out.stderr).splitlines()
                if "objection.service" in line]
    assert out.returncode == 0 and not problems, out.stdout + out.stderr
