"""The production set-up, end to end with real processes: gunicorn as
deploy/gunicorn.conf.py runs it, Debian's nginx in front of it with deploy/nginx-site.conf
and a throwaway self-signed certificate (deploy/proxy.py), all on 127.0.0.1 with free
ports and killed at the end. The browser reaches it as https://objection.test:PORT
(Chromium maps the name to 127.0.0.1), as a visitor reaches the real name.
"""
import http.client
import json
import re
import socket
import ssl
import sys
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import ARGS, CHROMIUM, ROOT, pdf_text
from objection.web import draft
from test_browser import TODAY, go_on, heading, step_notice, step_provider, step_you, t

sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT / "bench"))
from proxy import Stack  # noqa: E402
NOTICES = ROOT / "tests" / "fixtures" / "notices" / "shared"
from slowloris import through_nginx  # noqa: E402
from reader_attack import PHOTOS, multipart  # noqa: E402
from hostile_files import HOSTILE  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack():
    with Stack(env={"OBJECTION_TODAY": TODAY}) as stack:
        yield stack


@pytest.fixture(scope="module")
def browser(stack):
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=ARGS + [f"--host-resolver-rules=MAP {stack.server_name} 127.0.0.1"])
        yield browser
        browser.close()


def tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def request(stack, method: str, path: str, body: bytes = b"", headers: dict = None,
            source: str = "127.0.0.1", timeout: float = 10):
    """One HTTPS request through nginx; returns (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", stack.https_port), timeout=timeout,
                                  source_address=(source, 0)) as raw, \
            tls_context().wrap_socket(raw, server_hostname=stack.server_name) as tls:
        conn = http.client.HTTPConnection("127.0.0.1", stack.https_port, timeout=timeout)
        conn.sock = tls
        try:
            conn.request(method, path, body=body, headers={
                "Host": f"{stack.server_name}:{stack.https_port}", **(headers or {})})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


def test_journey_to_the_pdf_over_https(stack, browser):
    """Chromium sends a Referer on the form POSTs only if the page's Referrer-Policy
    allows it; Flask-WTF refuses a POST over HTTPS without a Referer from the same
    origin (400), so with `no-referrer` nobody could get past the form."""
    context = browser.new_context(accept_downloads=True, locale="en-US",
                                  ignore_https_errors=True,
                                  viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        response = page.goto(f"{stack.url}/?lang=en")
        assert response.status == 200
        assert response.header_value("strict-transport-security") == "max-age=63072000"
        assert page.evaluate("performance.getEntries()[0].nextHopProtocol") == "h2"
        page.get_by_role("link", name=t("en", "Start now")).click()
        step_notice(page, "en")
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            go_on(page, "en")
        referer = posted.value.request.header_value("referer")
        assert posted.value.status == 303, (posted.value.status, referer)
        assert referer == f"{stack.url}/step/notice"
        step_provider(page, "en")
        go_on(page, "en")
        step_you(page, "en")
        go_on(page, "en")
        go_on(page, "en")
        page.get_by_role("button", name=t("en", "Save and check your answers")).click()
        heading(page, "en", "Check your answers")
        page.get_by_role("link", name=t("en", "Continue to your deadlines and your letter")) \
            .click()
        heading(page, "en", "Your deadlines and your letter")
        expect(page.locator(".deadline-objection dd strong")).to_have_text("Fri, 18 Dec 2026")
        # Over HTTPS (as nginx tells the app) the answers' cookies are Secure and carry
        # the __Host- prefix, which the browser accepted: Path=/, no Domain.
        cookies = {c["name"]: c for c in context.cookies()}
        answers = cookies["__Host-draft0"]
        assert answers["secure"] and answers["httpOnly"] and answers["path"] == "/"
        assert "draft0" not in cookies

        with page.expect_download() as download:
            page.get_by_role("button", name=t("en", "Download the letter (PDF)")).click()
        letter = pdf_text(Path(download.value.path()).read_bytes())
        assert "Dieser Preiserhöhung widerspreche ich hiermit." in letter
    finally:
        context.close()


def test_the_app_sees_https_and_keeps_its_own_headers(stack):
    status, headers, _ = request(stack, "GET", "/?lang=de")
    assert status == 200
    # X-Forwarded-Proto reached the app: its cookies are marked Secure.
    cookies = headers.get_all("Set-Cookie")
    assert any(c.startswith("lang=de") and "Secure" in c for c in cookies), cookies
    assert any(c.startswith("session=") and "Secure" in c for c in cookies), cookies
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Server"] == "nginx"                      # no version
    # A forged Host or forwarding header changes nothing the app sees.
    status, headers, _ = request(stack, "GET", "/?lang=en", headers={
        "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http",
        "X-Forwarded-Ssl": "off"})
    assert status == 200 and "Secure" in headers["Set-Cookie"]


def test_the_largest_draft_reaches_the_app(stack):
    """The draft's cookies at their most (objection/web/draft.py) in one Cookie header:
    nginx and gunicorn pass it on (the app cannot read this one and says so); a header
    beyond nginx's 32 KB buffer is refused by nginx."""
    cookies = "; ".join(f"__Host-draft{i}={'A' * draft.CHUNK}"
                        for i in range(draft.MAX_CHUNKS))
    status, _, body = request(stack, "GET", "/step/you?lang=en",
                              headers={"Cookie": f"{cookies}; lang=en; session={'s' * 200}"})
    assert status == 200 and b"Your answers could not be read back" in body
    status, _, _ = request(stack, "GET", "/step/you", headers={"Cookie": "x=" + "A" * 33_000})
    assert status == 400


def logged(path: Path, needle: str, tries: int = 50) -> str:
    """The line of a log that holds `needle`, looked for again while it is not there."""
    for _ in range(tries):
        found = [line for line in path.read_text().splitlines() if needle in line]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"{needle} not in {path}")


def test_one_request_id_ties_nginx_and_the_app_together(stack):
    status, headers, body = request(stack, "GET", "/nowhere?lang=en")
    rid = headers["X-Request-ID"]
    assert status == 404 and re.fullmatch(r"[0-9a-f]{32}", rid)
    # The app took nginx's id (OBJECTION_PROXIES=1): its error page quotes it ...
    assert f'<code class="request-id">{rid}</code>' in body.decode()
    # ... and nginx's access log has it, without the client's address (nginx writes the
    # line once the response has gone out: it may come a moment after the answer).
    line = logged(stack.prefix / "objection.access.log", f"request_id={rid}")
    assert " GET /nowhere 404 " in line and "127.0.0.1" not in line
    # A client cannot choose the id: nginx gives its own.
    _, headers, _ = request(stack, "GET", "/healthz", headers={"X-Request-ID": "0" * 32})
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    assert headers["X-Request-ID"] != "0" * 32


def test_plain_http_redirects_and_other_names_are_refused(stack):
    conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=10)
    try:
        conn.request("GET", "/about?lang=en",
                     headers={"Host": f"{stack.server_name}:{stack.http_port}"})
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    assert response.status == 301
    assert response.headers["Location"] == f"{stack.url}/about?lang=en"
    # No TLS handshake for a name that is not ours (nor for none).
    for name in ("evil.example", None):
        with socket.create_connection(("127.0.0.1", stack.https_port), timeout=10) as raw:
            with pytest.raises(ssl.SSLError):
                tls_context().wrap_socket(raw, server_hostname=name).close()
    # Our name in the handshake, another in the Host header: 421.
    status, _, _ = request(stack, "GET", "/", headers={"Host": "evil.example"})
    assert status == 421


def test_body_limits(stack):
    # Just over the app's 1 MB: the app answers, as problem+json on the API.
    status, headers, body = request(stack, "POST", "/api/v1/assessment",
                                    body=b"{" + b" " * (1024 * 1024 + 10_000) + b"}",
                                    headers={"Content-Type": "application/json"})
    assert status == 413 and headers["Content-Type"] == "application/problem+json"
    # Over nginx's 1100 KB: nginx refuses it without passing it on.
    status, headers, body = request(stack, "POST", "/api/v1/assessment",
                                    body=b" " * (1200 * 1024),
                                    headers={"Content-Type": "application/json"})
    assert status == 413 and headers["Content-Type"].startswith("text/html")
    # The notice may carry 10 MB: nginx passes 2 MB on and the app reads it.
    notice = (NOTICES / "musterkabel-internet.txt").read_bytes()
    status, headers, body = request(stack, "POST", "/api/v1/notice",
                                    body=notice + b" " * (2 * 1024 * 1024),
                                    headers={"Content-Type": "text/plain; charset=utf-8"})
    assert status == 200, body[:300]
    assert json.loads(body)["case"]["provider"]["name"] == "Musterkabel GmbH"
    # ... and refuses more than 10 MB itself, before the app.
    status, headers, _ = request(stack, "POST", "/read", body=b" " * (11 * 1024 * 1024),
                                 headers={"Content-Type": "application/octet-stream"})
    assert status == 413 and headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path, source", [("/api/v1/letter", "127.0.0.3"),
                                          ("/records.pdf", "127.0.0.4"),
                                          ("/advance-copy.pdf", "127.0.0.5")])
def test_letters_are_rate_limited_per_address(stack, path, source):
    # A client address of its own (the buckets are per address): the letter zone lets a
    # burst of 10 through at once (GET: 405 from the app), then 429 from nginx.
    statuses = [request(stack, "GET", path, source=source)[0] for _ in range(16)]
    assert statuses[:10] == [405] * 10, statuses
    assert statuses[-1] == 429 and statuses.count(405) <= 13, statuses


def test_hostile_notices_get_a_clear_refusal_and_no_worker_is_lost(stack):
    """Each file of the attack (tests/hostile_files.py, the attack's sizes), through
    nginx to the API: a 4xx problem+json from the app, never gunicorn's page, and no
    worker killed for its time."""
    for number, (name, make) in enumerate(sorted(HOSTILE.items())):
        filename, data = make(1.0)
        body, content_type = multipart(filename, data)
        status, headers, answer = request(
            stack, "POST", "/api/v1/notice", body=body,
            headers={"Content-Type": content_type}, source=f"127.0.1.{number + 1}",
            timeout=60)
        assert status in (200, 422), (name, status, answer[:300])
        assert headers["Content-Type"] == ("application/json" if status == 200 else
                                           "application/problem+json"), name
    log = (stack.prefix / "gunicorn.out").read_text(errors="replace")
    assert "WORKER TIMEOUT" not in log and "was sent SIG" not in log, log[-2000:]


def test_a_letter_does_not_wait_behind_photo_readings(stack):
    """Four photos read at once, a letter asked for meanwhile: the letter is rendered
    while the readings run (they take a process of their own each, and wait for a
    slot), and every reading still gets its answer."""
    readings: list[int] = []
    finished: list[str] = []        # what answered, in the order the answers came

    def read(path: Path, source: str) -> None:
        body, content_type = multipart(path.name, path.read_bytes())
        status, _, _ = request(stack, "POST", "/api/v1/notice", body=body,
                               headers={"Content-Type": content_type}, source=source,
                               timeout=60)
        readings.append(status)
        finished.append("reading")

    threads = [threading.Thread(target=read, args=(p, f"127.0.2.{i + 1}"))
               for i, p in enumerate(PHOTOS)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    status, headers, body = request(stack, "POST", "/api/v1/letter",
                                    body=(ROOT / "tests/fixtures/hosting_1und1.json").read_bytes(),
                                    headers={"Content-Type": "application/json"},
                                    source="127.0.2.99")
    finished.append("letter")
    for thread in threads:
        thread.join()
    assert status == 200 and headers["Content-Type"] == "application/pdf", body[:300]
    assert readings == [200] * 4, readings
    assert finished[-1] == "reading", finished      # not held up until the last reading


def test_slow_clients_wait_in_nginx_not_in_gunicorn(stack):
    """A slowloris (20 sockets sending a header line a second) and as many slow bodies
    through nginx: a normal request from another address is still answered, the
    attackers' own address is refused, and nginx closes every slow header. How long each
    took, and the same attack directly against gunicorn, bench/slowloris.py prints; the
    timeouts here only bound the waiting."""
    result = through_nginx(stack, 20, probe_timeout=10, seconds=15, report=lambda _: None)
    assert result["other"][1] == "200", result["other"]
    # The attackers' own address: their 20 slow bodies fill its 20 connections.
    assert result["same"][1] == "429", result["same"]
    # client_header_timeout (10 s): nginx closed every slow header; slow bodies (a byte
    # a second) stay within client_body_timeout and are held by nginx, not by gunicorn.
    assert result["headers"].open == 0
