import json
import os
import re
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from objection.web import create_app

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "fixtures" / "cases"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


TODAY = "2026-09-05"   # the web tests' fixed "today" (the TODAY setting)


@pytest.fixture
def app():
    return create_app({"TESTING": True, "TODAY": TODAY})


@pytest.fixture
def client(app):
    return app.test_client()


def token(client) -> str:
    """The CSRF token of a fresh page, as a browser would send it back."""
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def csrf(client):
    return token(client)


@pytest.fixture
def telecom_case() -> dict:
    return load_json(FIXTURES / "telecom.json")


# --- Real servers and a real browser ------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (imported here only)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(process: subprocess.Popen, port: int, seconds: float = 60) -> None:
    """Until GET /healthz on 127.0.0.1:port answers 200; fails when the process ends
    first or the time is up (a bound on waiting, not a measurement)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read() if process.stdout else ""
            pytest.fail(f"the server exited with {process.returncode}:\n{out}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"no answer on port {port} within {seconds} s")


def stop(process: subprocess.Popen) -> str:
    """SIGTERM, wait, and what the process printed."""
    process.terminate()
    try:
        out, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate(timeout=10)
    return out or ""


def listening_addresses(port: int) -> set[str]:
    """The IPv4 addresses a socket listens on for `port`, from /proc/net/tcp."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:       # 0A: LISTEN
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


# --- Reading real PDFs back (poppler's pdftotext) -------------------------------------

PT_TO_MM = 25.4 / 72


@dataclass(frozen=True)
class Word:
    text: str
    x0: float   # millimetres from the left edge
    y0: float   # millimetres from the top edge
    x1: float
    y1: float


def pdf_text(data: bytes, first: int = 1, last: int | None = None) -> str:
    args = ["pdftotext", "-f", str(first)] + (["-l", str(last)] if last else []) + ["-", "-"]
    text = subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u2060", ""))


def pdf_words(data: bytes, page: int = 1) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
                         input=data, capture_output=True, check=True).stdout.decode()
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">(.*?)</word>', out):
        x0, y0, x1, y1 = (float(v) * PT_TO_MM for v in m.groups()[:4])
        words.append(Word(m.group(5), x0, y0, x1, y1))
    return words


def page_images(data: bytes, dpi: int = 100) -> list[bytes]:
    """Every page as the RGB pixels poppler's pdftoppm draws at `dpi`: two PDFs whose
    lists are equal look the same to the last pixel."""
    import tempfile
    from PIL import Image
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(Path(tmp) / "page")],
                       check=True)
        return [Image.open(page).convert("RGB").tobytes()
                for page in sorted(Path(tmp).glob("page-*.png"))]


def page_count(data: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", out.stdout.decode()).group(1))


# --- Hypothesis profiles: a few hundred examples in the normal run, many more in a
# long run (HYPOTHESIS_PROFILE=long ./scripts/test tests/test_fuzz.py).

settings.register_profile("default", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_collection_modifyitems(items):
    """Whatever drives Chromium is a browser test, marked or not, so that the quick run
    (-m "not browser and not slow") never starts one by accident."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
