"""The files in deploy/ an operator installs: the systemd unit and the logrotate file."""
import re
import subprocess


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
    assert s["MemoryMax"] == ["1G"] and s["TasksMax"] == ["128"]
    for key in ("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices"):
        assert s[key] == ["true"], key
    assert s["ProtectSystem"] == ["strict"] and "ReadWritePaths" not in s
    assert s["User"] == ["objection"] and s["EnvironmentFile"] == ["/etc/objection/env"]
    assert s["ExecStart"][0].endswith(
        "gunicorn -c python:objection.web.gunicorn_conf objection.web.wsgi:app")


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


def test_logrotate_keeps_the_days_the_privacy_notice_states(tmp_path):
    """deploy/logrotate-objection run by logrotate day after day (forced): the live log
    and 5 old ones, so no entry lives longer than the 7 days the privacy notice states
    by default; a day without requests is rotated all the same."""
    from objection.web.operator import DEFAULT_LOG_DAYS
    conf = (ROOT / "deploy" / "logrotate-objection").read_text()
    rotate = int(re.search(r"^\s*rotate (\d+)$", conf, re.MULTILINE).group(1))
    assert rotate == DEFAULT_LOG_DAYS - 2          # the file's own rule: N days, N-2
    logs = tmp_path / "objection"
    logs.mkdir()
    conf = conf.replace("/var/log/nginx/objection", str(logs))
    conf = re.sub(r"\tpostrotate.*?endscript\n", "", conf, flags=re.DOTALL)   # no nginx here
    (tmp_path / "objection.conf").write_text(conf)
    for day in range(10):
        for name in ("objection.access.log", "objection.error.log"):
            with open(logs / name, "a") as log:
                if day != 4:                        # day 4: no request at all
                    log.write(f"day {day}\n")
        subprocess.run(["logrotate", "--force", "--state", str(tmp_path / "state"),
                        str(tmp_path / "objection.conf")], check=True, capture_output=True)
    kept = sorted(path.name for path in logs.iterdir() if path.name.startswith("objection.access"))
    assert kept == ["objection.access.log", "objection.access.log.1"] + [
        f"objection.access.log.{n}.gz" for n in range(2, rotate + 1)]
    # The oldest file kept holds day 5: days 0 to 4 are gone.
    import gzip
    assert gzip.open(logs / f"objection.access.log.{rotate}.gz").read() == b"day 5\n"


def test_the_example_operator_file_is_complete_and_valid():
    from objection.web.operator import load
    operator = load({"OBJECTION_OPERATOR_FILE": str(ROOT / "deploy" / "operator.example.toml")})
    assert operator.name and operator.authority.name.startswith("Berliner Beauftragte")
    assert operator.log_retention_days == 7 and operator.hosting.count("\n") == 1


def test_the_nginx_site_takes_several_instances():
    import sys
    sys.path.insert(0, str(ROOT / "deploy"))
    from proxy import render_site
    site = render_site("objection.example.org", "/cert.pem", "/key.pem",
                       upstream=["127.0.0.1:8001", "127.0.0.1:8002"])
    assert "upstream objection_app {\n    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n}" \
        in site
    assert "server 127.0.0.1:8000;" in render_site("objection.example.org", "/c", "/k")
