"""Real-browser journeys: Debian's Chromium driven by Playwright against the app served
by gunicorn on 127.0.0.1, in German and in English, with axe-core accessibility checks.
"""
import io
import json
import re
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import FIXTURES, ROOT, TODAY, pdf_text
from objection.i18n import translations

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
# axe-core from the npm registry (package-lock.json), installed by `scripts/setup dev`.
AXE_SCRIPT = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()


def t(lang: str, msgid: str) -> str:
    """A text as the page shows it in `lang` (the same catalogs as the app)."""
    return translations(lang).gettext(msgid)


def label(lang: str, msgid: str) -> re.Pattern:
    """A field's label exactly, with or without the required-field star."""
    return re.compile(rf"^{re.escape(t(lang, msgid))}\s*\*?$")


@pytest.fixture(scope="module")
def server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "OBJECTION_TODAY": TODAY}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--preload", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        process.wait(timeout=30)
        pytest.fail("gunicorn did not answer /healthz within 20 s")
    yield url
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, locale="en-US",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def fill_case(page, lang: str, case: dict) -> None:
    """Type a case into the form as a person would: by the visible labels."""
    c, p, n = case["customer"], case["provider"], case["notice"]
    page.get_by_label(label(lang, "Your full name")).fill(c["name"])
    page.get_by_label(label(lang, "Street and number")).fill(c["street"])
    page.locator("#customer-postal_code").fill(c["postal_code"])   # two "Postal code"s
    page.locator("#customer-city").fill(c["city"])
    page.get_by_label(label(lang, "Company name")).fill(p["name"])
    page.get_by_label(label(lang, "Street and number, or PO box")).fill(p["street"])
    page.locator("#provider-postal_code").fill(p["postal_code"])
    page.locator("#provider-city").fill(p["city"])
    page.get_by_label(label(lang, "What kind of contract?")).select_option(
        case["contract"]["sector"])
    page.get_by_label(label(lang, "Tariff or product name (optional)")).fill(
        case["contract"]["tariff"])
    page.get_by_label(label(lang, "Date of the notice")).fill(n["date"])
    page.get_by_label(label(lang, "Date you received it")).fill(n["received"])
    page.get_by_label(label(lang, "Old price in €")).fill(n["old_price"].replace(".", ","))
    page.get_by_label(label(lang, "New price in €")).fill(n["new_price"].replace(".", ","))
    page.get_by_label(label(lang, "New price from")).fill(n["effective"])
    page.get_by_role("group", name=t(lang, "Does the notice say that you may terminate the "
                                     "contract?")).get_by_label(
        t(lang, "Yes" if n["names_termination_right"] else "No"), exact=True).check()


def draw_signature(page, lang: str) -> None:
    page.get_by_label(label(lang, "Add a picture of my signature (a copy, fine for fax and "
                              "e-mail)")).check()
    canvas = page.get_by_role("img", name=t(lang, "Signature drawing area"))
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(box["x"] + 20 + i * 25, box["y"] + box["height"] * (0.3 + 0.4 * (i % 2)),
                        steps=3)
    page.mouse.up()
    expect(page.locator("#signature-image")).to_have_value(
        re.compile(r"^data:image/png;base64,"))


def axe_check(page) -> None:
    """No serious or critical accessibility violations on the page as it is now."""
    page.evaluate(AXE_SCRIPT)      # through the DevTools protocol: the page's CSP allows it
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})"
                               ".then(results => results.violations)")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in violations if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


@pytest.mark.parametrize("lang", ["de", "en"])
def test_journey_to_a_signed_pdf(server, page, lang):
    case = json.loads((FIXTURES / "telecom.json").read_text())
    page.goto(f"{server}/?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    axe_check(page)
    fill_case(page, lang, case)
    draw_signature(page, lang)
    page.get_by_role("button", name=t(lang, "Check deadlines and preview the letter")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(lang, "Your deadlines and your letter"))
    deadline = {"de": "Do., 1. Okt. 2026", "en": "Thu, 1 Oct 2026"}[lang]
    expect(page.locator(".deadline-objection dd strong")).to_have_text(deadline)
    expect(page.locator(".letter-preview")).to_contain_text("widerspreche ich hiermit")
    axe_check(page)

    with page.expect_download() as download:
        page.get_by_role("button", name=t(lang, "Download the letter (PDF)")).click()
    pdf = Path(download.value.path()).read_bytes()
    letter = pdf_text(pdf, 1, 1)
    assert "Dieser Preiserhöhung widerspreche ich hiermit." in letter
    assert "(Kopie der Unterschrift)" in letter
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    records = pdf_text(pdf, 2, 2)
    assert {"de": "Für Ihre Unterlagen", "en": "For your records"}[lang] in records


@pytest.mark.parametrize("lang", ["de", "en"])
def test_errors_are_summarised_tied_to_fields_and_input_kept(server, page, lang):
    page.goto(f"{server}/?lang={lang}")
    page.get_by_label(label(lang, "Your full name")).fill("Erika Mustermann")
    page.get_by_label(label(lang, "New price in €")).fill("zwanzig")
    page.get_by_role("button", name=t(lang, "Check deadlines and preview the letter")).click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(t(lang, "Please check these fields"))
    expect(summary).to_be_focused()
    message = t(lang, "Not a valid amount: expected digits with at most four decimals, "
                      "such as 19.99.")
    link = summary.get_by_role("link", name=message)
    link.click()
    field = page.get_by_label(label(lang, "New price in €"))
    expect(field).to_be_focused()
    expect(field).to_have_value("zwanzig")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + field.get_attribute("aria-describedby").split()[-1])) \
        .to_contain_text(message)
    expect(page.get_by_label(label(lang, "Your full name"))).to_have_value("Erika Mustermann")
    axe_check(page)


def test_switching_language_keeps_input(server, page):
    page.goto(f"{server}/?lang=de")
    page.get_by_label(label("de", "Your full name")).fill("Jörg Meißner")
    page.get_by_label(label("de", "Old price in €")).fill("19,99")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label(label("en", "Your full name"))).to_have_value("Jörg Meißner")
    expect(page.get_by_label(label("en", "Old price in €"))).to_have_value("19,99")
    expect(page.get_by_role("alert")).to_have_count(0)
    # The choice is remembered.
    page.goto(f"{server}/about")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page)


def test_upload_a_saved_case(server, page, tmp_path):
    # The seed case, dated before the server's fixed today (a receipt in the future is
    # an error), and without the answer to the termination-right question, which the
    # form then asks.
    case = json.loads((FIXTURES / "hosting_1und1.json").read_text())
    case["notice"].update({"date": "2026-08-18", "received": "2026-08-20"})
    del case["letter"]["date"]
    saved = tmp_path / "case.json"
    saved.write_text(json.dumps(case), encoding="utf-8")
    page.goto(f"{server}/?lang=en")
    page.get_by_text(t("en", "Continue with a saved case (case.json)")).click()
    page.get_by_label(label("en", "Saved case file")).set_input_files(str(saved))
    page.get_by_role("button", name=t("en", "Load the case")).click()
    expect(page.get_by_label(label("en", "Your full name"))).to_have_value("Jörg Łukasz Meißner")
    expect(page.get_by_label(label("en", "Tariff or product name (optional)"))) \
        .to_have_value("Business Pro 5.0")
    page.get_by_role("button", name=t("en", "Check deadlines and preview the letter")).click()
    expect(page.locator("#error-summary")).to_contain_text(
        t("en", "Say whether the notice tells you that you may terminate: it decides whether "
                "a special termination window runs."))
    page.get_by_role("group", name=t("en", "Does the notice say that you may terminate the "
                                     "contract?")).get_by_label("No", exact=True).check()
    page.get_by_role("button", name=t("en", "Check deadlines and preview the letter")).click()
    expect(page.locator(".deadline-objection dd strong")).to_have_text("Thu, 17 Sept 2026")


def test_keyboard_only(server, page):
    """Every step with the keyboard: Tab to each field, type, Space and Enter."""
    case = json.loads((FIXTURES / "telecom.json").read_text())
    values = {
        "customer-name": case["customer"]["name"], "customer-street": "Heidestraße 17",
        "customer-postal_code": "51147", "customer-city": "Köln",
        "provider-name": case["provider"]["name"], "provider-street": "Postfach 10 20 30",
        "provider-postal_code": "10115", "provider-city": "Berlin",
        "notice-date": "09012026", "notice-received": "09032026",   # typed as mm/dd/yyyy
        "notice-old_price": "19,99", "notice-new_price": "29,99",
        "notice-effective": "11012026",
        "contract-sector": "Internet",                     # a select picks by typing
        "notice-names_termination_right-0": " ",           # Space checks the radio
    }
    page.goto(f"{server}/?lang=en")
    typed = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.textContent")
        if focused in values and focused not in typed:
            page.keyboard.type(values[focused])
            typed.add(focused)
        if focused.strip() == t("en", "Check deadlines and preview the letter"):
            break
    assert typed == set(values)
    page.keyboard.press("Enter")
    expect(page.locator(".deadline-objection dd strong")).to_have_text("Thu, 1 Oct 2026")
    # The download buttons are reachable by keyboard too.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == \
                t("en", "Download the letter (PDF)"):
            break
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")


def test_phone_viewport(server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="de-DE",
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        case = json.loads((FIXTURES / "telecom.json").read_text())
        page.goto(f"{server}/?lang=de")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        fill_case(page, "de", case)
        page.get_by_role("button", name=t("de", "Check deadlines and preview the letter")) \
            .click()
        expect(page.locator(".deadline-objection dd strong")).to_have_text("Do., 1. Okt. 2026")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        axe_check(page)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/privacy", "/about", "/nope"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_small_pages_are_accessible(server, page, path, lang):
    page.goto(f"{server}{path}?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    axe_check(page)


def test_the_accessibility_check_can_fail(server, page):
    # A planted unlabelled field and low-contrast text must be caught.
    page.goto(f"{server}/?lang=en")
    page.evaluate("""() => {
        const input = document.createElement('input');
        document.querySelector('main').appendChild(input);
        const p = document.createElement('p');
        p.textContent = 'faint'; p.style.color = '#eeeeee';
        document.querySelector('main').appendChild(p);
    }""")
    with pytest.raises(AssertionError) as info:
        axe_check(page)
    assert "label" in str(info.value) and "color-contrast" in str(info.value)
