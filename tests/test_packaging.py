"""The wheel: built from the checkout, installed away from it, it finds its templates,
fonts and compiled catalogs inside itself and offers its command."""
import email
import http.client
import os
import re
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, free_port, listening_addresses, stop, wait_healthy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    (work / "tmp").mkdir()          # the build's temporary folder (see the test below)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--disable-pip-version-check", "-w", str(work),
                    str(ROOT)], check=True, capture_output=True,
                   env={**os.environ, "TMPDIR": str(work / "tmp")})
    wheel = next(work.glob("price_change_objection-*.whl"))
    target = work / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--disable-pip-version-check", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    return wheel, target


def run(target, *args, **kwargs):
    """A command in a folder outside the checkout, with the installed package first."""
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run(args, cwd=target.parent, env=env, capture_output=True, text=True,
                          check=True, **kwargs)


def test_wheel_carries_templates_fonts_catalogs_and_licences(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("objection/templates/letter/letter.html", "objection/templates/start.html",
                   "objection/templates/steps/notice.html",
                   "objection/static/fonts/LiberationSans-Regular.ttf",
                   "objection/static/style.css",
                   "objection/web/wsgi.py", "objection/web/gunicorn_conf.py",
                   "objection/data/providers/energy.toml",
                   "objection/locales/de/LC_MESSAGES/messages.mo",
                   "objection/locales/en/LC_MESSAGES/messages.mo"):
        assert needed in names
    dist = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert f"{dist}/licenses/LICENSE" in names
    entry_points = zipfile.ZipFile(wheel).read(f"{dist}/entry_points.txt").decode()
    assert "price-objection = objection.cli:run" in entry_points


def test_the_build_leaves_no_temporary_folder(installed):
    """hatch_build.py compiles the catalogs in a temporary folder: gone after the build."""
    wheel, _ = installed
    assert list((wheel.parent / "tmp").iterdir()) == []


def test_installed_package_uses_its_own_files(installed):
    _, target = installed
    out = run(target, sys.executable, "-c", "import objection.paths as p; print(p.TEMPLATES)")
    assert out.stdout.strip() == str(target / "objection" / "templates")


def test_console_script_and_module(installed):
    _, target = installed
    version = run(target, str(target / "bin" / "price-objection"), "--version").stdout
    assert version.startswith("price-objection 0.")
    out = run(target, sys.executable, "-m", "objection", "deadline", "--received",
              "2026-09-02", "--period", "P4W", "--state", "BE", "--json").stdout
    assert '"objection_deadline": "2026-09-30"' in out


def test_installed_app_speaks_german_and_renders_a_letter(installed):
    _, target = installed
    code = ("from objection.web import create_app\n"
            "page = create_app().test_client().get('/step/you?lang=de').get_data(as_text=True)\n"
            "print('Widerspruch' in page and 'Ihr vollständiger Name' in page)\n")
    assert run(target, sys.executable, "-c", code).stdout.strip() == "True"
    case = ROOT / "tests" / "fixtures" / "telecom.json"
    pdf = target.parent / "letter.pdf"
    run(target, sys.executable, "-m", "objection", "render", str(case), "-o", str(pdf),
        "--today", "2026-09-05")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_installed_package_serves_its_wsgi_entry_with_gunicorn(installed, tmp_path):
    """`gunicorn objection.web.wsgi:app` with the package's own configuration, away from
    the checkout: the entry point (proxy setting, warm-up) is in the wheel."""
    _, target = installed
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(target), "PORT": str(port),
           "OBJECTION_SECRET_KEY": "test", "OBJECTION_PROXIES": "1", "HOME": str(tmp_path)}
    env.pop("XDG_RUNTIME_DIR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:objection.web.gunicorn_conf",
         "objection.web.wsgi:app"], cwd=target.parent, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_healthy(process, port)
        assert listening_addresses(port) == {"127.0.0.1"}
        # The proxy setting took effect: the forwarded host is the one the app checks.
        for forwarded, status in (("localhost", 200), ("evil.example", 400)):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/?lang=de", headers={"X-Forwarded-Host": forwarded})
            response = conn.getresponse()
            body = response.read().decode()
            conn.close()
            assert response.status == status, (forwarded, body[:200])
        assert "Widerspruch" not in body and "Unknown host" in body
    finally:
        out = stop(process)
    assert "Traceback" not in out, out


def metadata(wheel) -> email.message.Message:
    names = zipfile.ZipFile(wheel).namelist()
    path = next(n for n in names if n.endswith(".dist-info/METADATA"))
    return email.message_from_bytes(zipfile.ZipFile(wheel).read(path))


def test_metadata_has_project_urls_and_valid_classifiers(installed):
    from trove_classifiers import classifiers, deprecated_classifiers
    wheel, _ = installed
    meta = metadata(wheel)
    urls = dict(value.split(", ", 1) for value in meta.get_all("Project-URL"))
    home = urls["Homepage"]
    assert set(urls) >= {"Homepage", "Source", "Issues", "Changelog"}
    assert all(url.startswith(home) for url in urls.values())
    listed = meta.get_all("Classifier")
    assert len(listed) >= 10 and listed == sorted(listed)
    for classifier in listed:
        assert classifier in classifiers and classifier not in deprecated_classifiers, classifier


def test_readme_links_and_images_work_on_the_package_index(installed):
    """The index shows README.md without the repository around it: every link and image
    is absolute, under the project's home, and points at a file that exists here."""
    wheel, _ = installed
    meta = metadata(wheel)
    home = dict(v.split(", ", 1) for v in meta.get_all("Project-URL"))["Homepage"]
    owner_repo = home.removeprefix("https://github.com/")
    readme = meta.get_payload()
    assert readme.startswith("# Price-change objection assistant")
    targets = re.findall(r"(!?)\[[^\]]*\]\(([^)\s]+)\)", readme)
    assert len(targets) > 30
    for image, target in targets:
        if image:
            prefix = f"https://raw.githubusercontent.com/{owner_repo}/main/"
        elif target.startswith(f"{home}/blob/main/"):
            prefix = f"{home}/blob/main/"
        else:
            assert target.startswith("https://"), target       # another site, absolute
            continue
        assert target.startswith(prefix), target
        assert (ROOT / target.removeprefix(prefix).split("#")[0]).is_file(), target


def test_readme_links_and_images_work_in_the_repository(installed):
    """In the repository README.md links relative, so it works in any clone or mirror;
    the build makes them absolute for the index (the test above)."""
    wheel, _ = installed
    home = dict(v.split(", ", 1) for v in metadata(wheel).get_all("Project-URL"))["Homepage"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert home.removeprefix("https://") not in readme
    targets = re.findall(r"!?\[[^\]]*\]\(([^)\s]+)\)", readme)
    relative = [t for t in targets if not t.startswith(("https://", "http://", "#"))]
    assert len(relative) > 30
    for target in relative:
        assert (ROOT / target.split("#")[0]).is_file(), target
