"""Real-browser journeys: Debian's Chromium driven by Playwright against the app served
by gunicorn on 127.0.0.1, in German and in English, desktop and phone, with axe-core
accessibility checks on every step.

The seed case: 1&1-style web hosting, 19.99 -> 29.99 EUR a month, written form, four
weeks from receipt.
"""
import contextlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from conftest import FIXTURES, ROOT, load_json, pdf_text
from objection.i18n import Message, Number, translations
from objection.reader import MAX_BYTES
from objection.web.steps import KEYS

pytestmark = pytest.mark.browser

# axe-core from the npm registry (package-lock.json), installed by `scripts/setup dev`.
AXE_SCRIPT = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
TODAY = "2026-11-25"        # the seed case's letter date
SEED = json.loads((FIXTURES / "hosting_1und1.json").read_text())
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


def t(lang: str, msgid: str) -> str:
    """A text as the page shows it in `lang` (the same catalogs as the app)."""
    return translations(lang).gettext(msgid)


def label(lang: str, msgid: str) -> re.Pattern:
    """A field's label exactly, with or without the required-field star."""
    return re.compile(rf"^{re.escape(t(lang, msgid))}\s*\*?$")


@contextlib.contextmanager
def serve(today: str, **settings: str):
    """The app under gunicorn with the production configuration (as scripts/run) on a
    free port of 127.0.0.1, counting from `today`, with more OBJECTION_* settings as
    keyword arguments."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "OBJECTION_TODAY": today, "PORT": str(port),
           **{f"OBJECTION_{key.upper()}": value for key, value in settings.items()}}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:objection.web.gunicorn_conf",
         "--workers", "2", "objection.web.wsgi:app"], cwd=ROOT, env=env)
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
    try:
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def server():
    with serve(TODAY) as url:
        yield url


def new_page(browser, size="desktop"):
    context = browser.new_context(accept_downloads=True, locale="en-US",
                                  viewport=VIEWPORTS[size], has_touch=size == "phone",
                                  is_mobile=size == "phone")
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = new_page(browser)
    yield page
    context.close()


def axe_check(page) -> None:
    """No serious or critical accessibility violations on the page as it is now."""
    page.evaluate(AXE_SCRIPT)      # through the DevTools protocol: the page's CSP allows it
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})"
                               ".then(results => results.violations)")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in violations if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


def choose(page, lang: str, question: str, answer: str) -> None:
    """Pick an answer of a group of radio buttons, by the visible words."""
    page.get_by_role("group", name=t(lang, question)).get_by_label(
        t(lang, answer), exact=True).check()


def go_on(page, lang: str) -> None:
    page.get_by_role("button", name=t(lang, "Continue")).click()


# The seed case as a person types it, step by step.
def step_notice(page, lang: str) -> None:
    choose(page, lang, "What kind of contract?", "Web hosting")
    page.get_by_label(label(lang, "Tariff or product name (optional)")).fill("Business Pro 5.0")
    page.get_by_label(label(lang, "Date printed on the notice")).fill("18.11.2026")
    page.get_by_label(label(lang, "Day you received it")).fill("20.11.2026")
    page.get_by_label(label(lang, "Old price in €")).fill("19,99")
    page.get_by_label(label(lang, "New price in €")).fill("29,99")
    page.get_by_label(label(lang, "New price from")).fill("01.01.2027")
    page.get_by_label(label(lang, "Objection period")).select_option("weeks")
    page.get_by_label(label(lang, "Number of weeks, days or months")).fill("4")
    page.get_by_label(label(lang, "How must you object, says the notice?")).select_option(
        "written")
    choose(page, lang, "Does the notice say that you may terminate the contract?", "No")


def step_provider(page, lang: str) -> None:
    page.get_by_label(label(lang, "Company name")).fill("Beispiel Internet SE")
    page.get_by_label(label(lang, "Street and number, or PO box")).fill(
        "Elgendorfer Straße 57")
    page.get_by_label(label(lang, "Postal code")).fill("56410")
    page.get_by_label(label(lang, "Town or city")).fill("Montabaur")


def step_you(page, lang: str) -> None:
    page.get_by_label(label(lang, "Your full name")).fill("Jörg Łukasz Meißner")
    page.get_by_label(label(lang, "Street and number")).fill("Am Stadtgraben 5")
    page.get_by_label(label(lang, "Postal code")).fill("56068")
    page.get_by_label(label(lang, "Town or city")).fill("Koblenz")


def heading(page, lang: str, msgid: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, msgid))


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_seed_case_step_by_step(server, browser, lang, size):
    context, page = new_page(browser, size)
    try:
        page.goto(f"{server}/?lang={lang}")
        axe_check(page)
        page.get_by_role("link", name=t(lang, "Start now")).click()
        for title, fill in (("The notice", step_notice), ("The provider", step_provider),
                            ("You", step_you)):
            heading(page, lang, title)
            axe_check(page)
            fill(page, lang)
            assert page.evaluate("document.documentElement.scrollWidth") <= \
                VIEWPORTS[size]["width"]
            go_on(page, lang)
        heading(page, lang, "What you want")
        axe_check(page)
        go_on(page, lang)
        heading(page, lang, "Signature and sending")
        axe_check(page)
        page.get_by_role("button", name=t(lang, "Save and check your answers")).click()

        heading(page, lang, "Check your answers")
        axe_check(page)
        expect(page.locator("main")).to_contain_text("Beispiel Internet SE")
        page.get_by_role("link", name=t(lang, "Continue to your deadlines and your letter")) \
            .click()
        heading(page, lang, "Your deadlines and your letter")
        expect(page.locator(".status .big")).to_have_text(
            {"de": "Absenden bis Mo., 14. Dez. 2026", "en": "Send by Mon, 14 Dec 2026"}[lang])
        expect(page.locator(".deadline-objection dd strong")).to_have_text(
            {"de": "Fr., 18. Dez. 2026", "en": "Fri, 18 Dec 2026"}[lang])
        axe_check(page)
        with page.expect_download() as download:
            page.get_by_role("button", name=t(lang, "Download the letter (PDF)")).click()
        letter = pdf_text(Path(download.value.path()).read_bytes())
        assert "Dieser Preiserhöhung widerspreche ich hiermit." in letter
        assert "Beispiel Internet SE" in letter and "56410 Montabaur" in letter
    finally:
        context.close()


def test_change_an_answer_go_back_and_switch_language(server, page):
    page.goto(f"{server}/step/notice?lang=de")
    step_notice(page, "de")
    go_on(page, "de")
    step_provider(page, "de")
    page.get_by_label(label("de", "Company name")).fill("Falscher Name AG")
    go_on(page, "de")
    # Only once the next step has fully loaded: going back while the form's POST and its
    # redirect are still under way races the browser's own navigation.
    heading(page, "de", "You")
    page.wait_for_load_state("load")
    # The browser's back button returns to the provider's step, without asking to resend
    # a form, and what was typed is there.
    page.go_back()
    heading(page, "de", "The provider")
    expect(page.get_by_label(label("de", "Company name"))).to_have_value("Falscher Name AG")
    page.go_forward()
    heading(page, "de", "You")
    step_you(page, "de")
    # Switching the language mid-way keeps what was typed on the step.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label(label("en", "Your full name"))).to_have_value(
        "Jörg Łukasz Meißner")
    go_on(page, "en")
    go_on(page, "en")
    page.get_by_role("button", name=t("en", "Save and check your answers")).click()
    heading(page, "en", "Check your answers")
    # Change an answer from the check page: it returns there after saving.
    page.locator("#answers-provider").locator("..").get_by_role("link").click()
    heading(page, "en", "The provider")
    page.get_by_label(label("en", "Company name")).fill("Beispiel Internet SE")
    page.get_by_role("button", name=t("en", "Save and check your answers")).click()
    heading(page, "en", "Check your answers")
    expect(page.locator("main")).to_contain_text("Beispiel Internet SE")
    expect(page.locator("main")).not_to_contain_text("Falscher Name AG")
    axe_check(page)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_errors_are_specific_summarised_tied_to_fields_and_input_kept(server, page, lang):
    page.goto(f"{server}/step/notice?lang={lang}")
    page.get_by_label(label(lang, "New price in €")).fill("zwanzig")
    page.get_by_label(label(lang, "Date printed on the notice")).fill("18.11.22026")
    go_on(page, lang)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(t(lang, "There is a problem"))
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(t(lang, "Choose the kind of contract."))
    expect(summary).not_to_contain_text(t(lang, "This field is required."))
    message = Message("Write it as a number, such as %(small)s or %(large)s.", {
        "small": Number(Decimal("29.99")), "large": Number(Decimal("1234.56"))}).render(lang)
    summary.get_by_role("link", name=message).click()
    field = page.get_by_label(label(lang, "New price in €"))
    expect(field).to_be_focused()
    expect(field).to_have_value("zwanzig")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(label(lang, "Date printed on the notice"))).to_have_value(
        "18.11.22026")
    axe_check(page)


def test_upload_a_saved_case_lands_on_the_check_page(server, page):
    page.goto(f"{server}/?lang=en")
    page.get_by_label(label("en", "Saved case file (case.json)")).set_input_files(
        str(FIXTURES / "hosting_1und1.json"))
    page.get_by_role("button", name=t("en", "Load the case")).click()
    heading(page, "en", "Check your answers")
    expect(page.get_by_role("status")).to_contain_text(t("en", "Case loaded. Check your answers."))
    # The seed file does not say whether the notice names a termination right: asked.
    expect(page.get_by_role("alert")).to_contain_text(
        t("en", "Say whether the notice tells you that you may terminate"))
    page.get_by_role("alert").get_by_role("link").first.click()
    choose(page, "en", "Does the notice say that you may terminate the contract?", "No")
    page.get_by_role("button", name=t("en", "Save and check your answers")).click()
    page.get_by_role("link", name=t("en", "Continue to your deadlines and your letter")).click()
    expect(page.locator(".deadline-objection dd strong")).to_have_text("Fri, 18 Dec 2026")


def draw(page, canvas) -> None:
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(box["x"] + 20 + i * 25, box["y"] + box["height"] * (0.3 + 0.4 * (i % 2)),
                        steps=3)
    page.mouse.up()


@pytest.mark.parametrize("lang, size", [("en", "desktop"), ("de", "phone")])
def test_the_pad_sits_with_the_choice_and_never_holds_up_the_letter(server, browser, lang,
                                                                     size):
    """Drawn on the step "Signature and sending", kept until the download: the letter to
    post (written form may be demanded) downloads signed by hand at once, the advance
    copy carries the drawing."""
    context, page = new_page(browser, size)
    try:
        page.goto(f"{server}/?lang={lang}")
        page.get_by_role("link", name=t(lang, "Start now")).click()
        for fill in (step_notice, step_provider, step_you):
            fill(page, lang)
            go_on(page, lang)
        go_on(page, lang)
        heading(page, lang, "Signature and sending")
        pad = page.get_by_role("img", name=t(lang, "Signature drawing area"))
        expect(pad).to_be_hidden()                      # asked only for a picture
        choose(page, lang, "How will you sign?",
               "Add a picture of my signature (a copy, fine for fax and e-mail)")
        expect(pad).to_be_visible()
        axe_check(page)
        draw(page, pad)
        page.get_by_role("button", name=t(lang, "Save and check your answers")).click()
        page.get_by_role("link", name=t(lang, "Continue to your deadlines and your letter")) \
            .click()
        expect(page.locator(".kept-note")).to_contain_text(
            t(lang, "Your signature picture is added."))
        expect(page.get_by_role("img", name=t(lang, "Signature drawing area"))).to_have_count(0)
        axe_check(page)
        with page.expect_download() as download:
            page.get_by_role("button", name=t(lang, "Download the letter (PDF)")).click()
        letter = Path(download.value.path()).read_bytes()
        assert not pypdf.PdfReader(io.BytesIO(letter)).pages[0].images
        with page.expect_download() as download:
            page.get_by_role("button", name=t(lang, "Advance copy for fax or e-mail (PDF)")) \
                .click()
        copy = Path(download.value.path()).read_bytes()
        assert len(pypdf.PdfReader(io.BytesIO(copy)).pages[0].images) == 1
    finally:
        context.close()


def test_a_drawn_signature_goes_on_the_advance_copy(server, page, tmp_path):
    # A saved case keeps no picture: the result page asks for it, for the advance copy
    # only (written form may be demanded: the posted letter is signed in ink).
    case = {**SEED, "signature": {"mode": "image"}}
    saved = tmp_path / "case.json"
    saved.write_text(json.dumps({**case, "notice": {**SEED["notice"],
                                                    "names_termination_right": False}}))
    page.goto(f"{server}/?lang=en")
    page.get_by_label(label("en", "Saved case file (case.json)")).set_input_files(str(saved))
    page.get_by_role("button", name=t("en", "Load the case")).click()
    page.get_by_role("link", name=t("en", "Continue to your deadlines and your letter")).click()
    canvas = page.get_by_role("img", name=t("en", "Signature drawing area"))
    expect(canvas).to_be_visible()
    draw(page, canvas)
    expect(page.locator("input[name='signature-image']")).to_have_value(
        re.compile(r"^data:image/png"))
    with page.expect_download() as download:
        page.get_by_role("button", name=t("en", "Advance copy for fax or e-mail (PDF)")).click()
    copy = Path(download.value.path()).read_bytes()
    assert len(pypdf.PdfReader(io.BytesIO(copy)).pages[0].images) == 1
    assert "Vorab per Fax oder E-Mail" in pdf_text(copy)
    with page.expect_download() as download:
        page.get_by_role("button", name=t("en", "Download the letter (PDF)")).click()
    letter = Path(download.value.path()).read_bytes()
    assert not pypdf.PdfReader(io.BytesIO(letter)).pages[0].images
    axe_check(page)


def test_keyboard_only(server, page):
    """A step with the keyboard alone: Tab to each field, type, Space, arrows and Enter."""
    page.goto(f"{server}/step/provider?lang=en")
    values = {"provider-name": "Beispiel Internet SE", "provider-street": "Elgendorfer Str. 57",
              "provider-postal_code": "56410", "provider-city": "Montabaur"}
    typed = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.textContent")
        if focused in values and focused not in typed:
            page.keyboard.type(values[focused])
            typed.add(focused)
        if focused.strip() == t("en", "Continue"):
            break
    assert typed == set(values)
    page.keyboard.press("Enter")
    heading(page, "en", "You")
    # Radio groups with the arrow keys: "No, as a business".
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "contract-consumer":
            break
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label(t("en", "No, as a business"))).to_be_checked()
    axe_check(page)


def test_enter_in_a_field_continues(server, page):
    """Enter in a text field submits the step as "Continue" does: the header's language
    switch, first in the page and bound to the step's form, never takes the Enter."""
    page.goto(f"{server}/step/provider?lang=en")
    step_provider(page, "en")
    page.get_by_label(label("en", "Town or city")).press("Enter")
    heading(page, "en", "You")
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_planted_violation_is_caught(server, page):
    # The accessibility check can fail: an unlabelled field in grey on grey.
    page.goto(f"{server}/?lang=en")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend',"
                  " '<input id=x style=\"color:#eee;background:#fff\">"
                  "<p style=\"color:#eee\">faint</p>')")
    with pytest.raises(AssertionError):
        axe_check(page)


PHOTO = FIXTURES / "notices" / "own" / "train" / "t19-strom-de.grainy.jpg"


@pytest.mark.parametrize("lang, size", [("de", "desktop"), ("en", "phone")])
def test_read_a_photo_of_the_notice_and_get_the_letter(server, browser, lang, size):
    """A phone photo of an electricity supplier's notice: the steps come back filled and
    marked, the user adds what the photo did not give and gets the letter."""
    context, page = new_page(browser, size)
    try:
        page.goto(f"{server}/?lang={lang}")
        page.get_by_label(label(lang, "The notice as a file")).set_input_files(str(PHOTO))
        page.get_by_role("button", name=t(lang, "Read the notice")).click()
        heading(page, lang, "The notice")
        expect(page.locator(".read-summary")).to_contain_text(t(lang, "We read your notice"))
        expect(page.get_by_label(label(lang, "Date printed on the notice"))).to_have_value(
            "12.11.2026")
        expect(page.get_by_label(label(lang, "New price from"))).to_have_value("01.01.2027")
        expect(page.get_by_label(label(lang, "Tariff or product name (optional)"))) \
            .to_have_value("NordStrom Klassik")
        expect(page.locator("#notice-date-read")).to_contain_text(
            t(lang, "Read from your notice – please check."))
        assert page.locator(".read-from").count() >= 6
        axe_check(page)
        # What the photo did not give (the prices per kWh, electricity or gas) is typed.
        choose(page, lang, "Electricity or gas?", "Electricity")
        page.get_by_label(label(lang, "Old price in €")).fill("0,30")
        page.get_by_label(label(lang, "New price in €")).fill("0,33")
        page.get_by_label(label(lang, "The prices are")).select_option("kWh")
        go_on(page, lang)
        heading(page, lang, "The provider")
        expect(page.get_by_label(label(lang, "Town or city"))).to_have_value("Lüneburg")
        axe_check(page)
        page.get_by_label(label(lang, "Company name")).fill("EnergieHaus Nord AG")
        page.get_by_label(label(lang, "Street and number, or PO box")).fill("Am Elbufer 77")
        # Region 21 spans three states: the user says which (Lüneburg: Lower Saxony).
        page.get_by_label(label(lang, "State whose public holidays count")).select_option("NI")
        go_on(page, lang)
        heading(page, lang, "You")
        expect(page.get_by_label(label(lang, "Customer number (optional)"))).to_have_value(
            "EHN-003-448-21")
        step_you(page, lang)
        go_on(page, lang)
        go_on(page, lang)                                        # what you want: as offered
        page.get_by_role("button", name=t(lang, "Save and check your answers")).click()
        heading(page, lang, "Check your answers")
        expect(page.locator(".read-tag").first).to_have_text(t(lang, "read from your notice"))
        axe_check(page)
        page.get_by_role("link", name=t(lang, "Continue to your deadlines and your letter")) \
            .click()
        heading(page, lang, "Your deadlines and your letter")
        with page.expect_download() as download:
            page.get_by_role("button", name=t(lang, "Download the letter (PDF)")).click()
        letter = pdf_text(Path(download.value.path()).read_bytes())
        assert "EnergieHaus Nord AG" in letter and "21335 Lüneburg" in letter
        assert "EHN-003-448-21" in letter and "NordStrom Klassik" in letter
    finally:
        context.close()


# Photos whose every answer is checked against what the notice says (its expected.json):
# the shared sample, a German cable notice with a period of four weeks, and an English
# insurer's notice that names no period.
READ_PHOTOS = [FIXTURES / "notices" / "shared" / "musterkabel-internet.png",
               FIXTURES / "notices" / "own" / "train" / "t21-insurance-en.jpg"]
# The steps' controls as the page holds them: a radio group by its checked value.
FORM_VALUES = """() => {
  const out = {};
  for (const el of document.querySelectorAll("main form [name]")) {
    if (el.type === "hidden" || el.tagName === "BUTTON") continue;
    if (el.type === "radio") {
      if (!(el.name in out)) out[el.name] = "";
      if (el.checked) out[el.name] = el.value;
    } else if (el.type === "checkbox") {
      out[el.name] = el.checked ? el.value : "";
    } else {
      out[el.name] = el.value;
    }
  }
  return out;
}"""
MARKED = "() => [...document.querySelectorAll('.read-from[id$=\"-read\"]')].map(e => e.id.slice(0, -5))"
PERIOD = ("notice-period_kind", "notice-period_number", "notice-period_date")


def as_shown(expected: dict, lang: str) -> dict[str, str]:
    """A notice's expected.json as the steps show it in `lang`, written out here (not by
    the app's code): dates as 18.11.2026, amounts the language's way, choices by value."""
    from babel.numbers import format_decimal

    def day(iso: str) -> str:
        return f"{iso[8:10]}.{iso[5:7]}.{iso[:4]}"

    def amount(plain: str) -> str:
        decimals = len(plain.partition(".")[2])
        return format_decimal(Decimal(plain), format="#,##0." + "0" * decimals, locale=lang)

    shown = {}
    notice = expected.get("notice", {})
    # the prices' rows: the list, else the one price of the triple in the first row
    prices = notice.get("prices") or ([{"old": notice["old_price"], "new": notice["new_price"],
                                        "unit": notice.get("price_unit", "month")}]
                                      if "old_price" in notice else [])
    for row, price in enumerate(prices):
        for part, value in price.items():
            shown[f"notice-price_{row}_{part}"] = amount(value) if part in ("old", "new") \
                else value
    for section, fields in expected.items():
        for name, value in fields.items():
            key = f"{section}-{name}"
            if key == "notice-currency" or name in ("old_price", "new_price", "price_unit",
                                                      "prices"):
                continue                        # euros only: the labels say €; rows above
            if name in ("date", "effective"):
                shown[key] = day(value)
            elif name == "names_termination_right":
                shown[key] = "yes" if value else "no"
            elif name == "objection_period" and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
                shown.update(zip(PERIOD, ("date", "", day(value))))
            elif name == "objection_period":
                number, unit = re.fullmatch(r"P(\d+)([DWM])", value).groups()
                kind = {"D": "days", "W": "weeks", "M": "months"}[unit]
                shown.update(zip(PERIOD, (kind, number, "")))
            else:
                shown[key] = value
    return shown


@pytest.mark.parametrize("photo", READ_PHOTOS, ids=lambda path: path.name.split(".")[0])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_photo_read_on_a_phone_fills_every_answer_as_the_notice_says(server, browser,
                                                                       lang, photo):
    """On a phone: while the photo is sent and read the page says so (and takes no second
    submit); then every answer the reader filled in on the five steps is the notice's, as
    the page's language writes it, and every other answer is as on a blank step."""
    expected = as_shown(load_json(photo.parent / f"{photo.name.split('.')[0]}.expected.json"),
                        lang)
    context, page = new_page(browser, "phone")
    try:
        blank = {}
        for key in KEYS:
            page.goto(f"{server}/step/{key}?lang={lang}")
            blank[key] = page.evaluate(FORM_VALUES)
        page.goto(f"{server}/?lang={lang}")
        field = page.get_by_label(label(lang, "The notice as a file"))
        button = page.get_by_role("button", name=t(lang, "Read the notice"))
        # The waiting page, held still: a listener after the page's own counts the
        # submits the page lets through and stops them (Playwright waits for a page
        # under way, so the state is looked at before anything is sent).
        page.evaluate("window.sent = 0; window.addEventListener('submit', e => {"
                      " window.sent += !e.defaultPrevented; e.preventDefault(); })")
        field.set_input_files(str(photo))
        button.click()
        waiting = page.locator("button[data-busy]")
        expect(waiting).to_be_disabled()
        expect(waiting).to_have_text(t(lang, "Reading your notice…"))
        expect(page.get_by_role("status")).to_have_text(t(
            lang, "Reading your notice. A photo or a scan takes a few seconds, rarely more "
                  "than half a minute: please keep this page open."))
        expect(page.locator(".read-progress progress")).to_be_visible()
        expect(page.get_by_role("timer")).not_to_have_text("0 s")       # it counts
        page.evaluate("document.querySelector('form[data-read-form]').requestSubmit()")
        assert page.evaluate("window.sent") == 1                        # once only
        axe_check(page)
        # Now for real.
        page.goto(f"{server}/?lang={lang}")
        posts = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        field.set_input_files(str(photo))
        button.click()
        heading(page, lang, "The notice")
        assert posts == [f"{server}/read"]
        read = set()
        for key in KEYS:
            if key != KEYS[0]:
                page.goto(f"{server}/step/{key}?lang={lang}")
            values, marked = page.evaluate(FORM_VALUES), set(page.evaluate(MARKED))
            if key == KEYS[0]:
                axe_check(page)
            for name, value in values.items():
                if marked & {name, PERIOD[0] if name in PERIOD else name}:
                    assert (name, value) == (name, expected.get(name)), (key, "read")
                else:
                    assert (name, value) == (name, blank[key][name]), (key, "not read")
            read |= marked
        # What matters most on the photo was read (the test cannot pass empty).
        assert {"notice-date", "notice-effective", "notice-price_0_old",
                "notice-price_0_new", "contract-sector"} <= read
        for _ in KEYS[1:]:
            page.go_back()
        heading(page, lang, "The notice")
        page.go_back()                                       # back to the start page,
        expect(button).to_be_enabled()                       # ready to read again
        expect(page.locator("#read-status")).to_have_text("")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_file_over_the_limit_is_refused_before_it_is_sent(server, browser, lang):
    """The page knows the server's limit and refuses a larger file at the field, with a
    way forward, before anything is sent; a file within it clears the refusal."""
    context, page = new_page(browser, "phone")
    try:
        page.goto(f"{server}/?lang={lang}")
        posts = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        field = page.get_by_label(label(lang, "The notice as a file"))
        field.set_input_files({"name": "notice.jpg", "mimeType": "image/jpeg",
                               "buffer": b"\xff\xd8\xff" + bytes(MAX_BYTES)})
        refusal = page.locator("#notice_file-size")
        message = t(lang, "The file is larger than %(max)s MB. Take a smaller photo (a lower "
                          "resolution in the camera's settings is still sharp enough to "
                          "read), or paste the text of the notice below instead.") % {
                              "max": MAX_BYTES // 1_000_000}
        expect(refusal).to_have_text(message)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-describedby", re.compile(r"\bnotice_file-size\b"))
        axe_check(page)
        page.get_by_role("button", name=t(lang, "Read the notice")).click()
        expect(field).to_be_focused()
        expect(refusal).to_have_text(message)
        assert posts == []                                   # nothing was sent
        field.set_input_files(str(READ_PHOTOS[0]))           # a photo within the limit
        expect(refusal).to_have_count(0)
        expect(field).not_to_have_attribute("aria-invalid", "true")
        assert posts == []
    finally:
        context.close()


def test_object_then_the_higher_price_is_charged_then_the_refund_claim(server, browser,
                                                                        tmp_path):
    """The seed case objected to and saved; months later, three bills with the higher
    price give the refund claim."""
    context, page = new_page(browser)
    try:
        page.goto(f"{server}/?lang=en")
        page.get_by_role("link", name=t("en", "Start now")).click()
        for fill in (step_notice, step_provider, step_you):
            fill(page, "en")
            go_on(page, "en")
        go_on(page, "en")
        page.get_by_role("button", name=t("en", "Save and check your answers")).click()
        page.get_by_role("link", name=t("en", "Continue to your deadlines and your letter")) \
            .click()
        with page.expect_download() as download:
            page.get_by_role("button", name=t("en", "Save the case (JSON)")).click()
        saved = tmp_path / "case.json"
        download.value.save_as(saved)
    finally:
        context.close()
    with serve("2027-03-20") as later:
        context, page = new_page(browser)
        try:
            page.goto(f"{later}/?lang=en")
            page.get_by_label(label("en", "Saved case file (case.json)")).set_input_files(
                str(saved))
            page.get_by_role("button", name=t("en", "Load the case")).click()
            page.get_by_role("link", name=t("en", "Continue to your deadlines and your "
                                                  "letter")).click()
            page.get_by_role("link", name=t("en", "What happened next?")).click()
            heading(page, "en", "What happened next?")
            axe_check(page)
            expect(page.get_by_label(label("en", "Day you sent it"))).to_have_value(
                "25.11.2026")
            page.get_by_label(label("en", "Number of the posting receipt (optional)")).fill(
                "RT 1234 5678 9DE")
            page.get_by_role("button", name=t("en", "Record"), exact=True).click()
            for row, (date, first, last) in enumerate((
                    ("05.01.2027", "01.01.2027", "31.01.2027"),
                    ("05.02.2027", "01.02.2027", "28.02.2027"),
                    ("05.03.2027", "01.03.2027", "31.03.2027"))):
                bill = page.get_by_role("group", name=t("en", "Bill %(number)s")
                                        % {"number": row + 1})
                bill.get_by_label(t("en", "Date of the bill or debit")).fill(date)
                bill.get_by_label(t("en", "Covers from")).fill(first)
                bill.get_by_label(t("en", "to"), exact=True).fill(last)
            page.get_by_role("button", name=t("en", "Record the bills")).click()
            expect(page.locator("main")).to_contain_text("Total to claim: €30.00")
            expect(page.get_by_role("status")).to_contain_text(
                "Claim the refund of €30.00 charged above the old price.")
            axe_check(page)
            with page.expect_download() as download:
                page.get_by_role("button", name=re.compile(
                    re.escape(t("en", "Refund claim for the higher price charged")))).click()
            letter = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
            assert "Rückforderung" in letter and "Gesamtbetrag: 30,00 €" in letter
            assert "mit Schreiben vom 25. November 2026 widersprochen" in letter
            # The two folded forms open, and are accessible when open.
            for title in ("A dunning letter, or a threat to block or cut off",
                          "The provider terminated the contract"):
                page.get_by_text(t("en", title), exact=True).click()
            expect(page.get_by_label(label("en", "What the letter does"))).to_be_visible()
            expect(page.get_by_label(label("en", "Day it says the contract ends"))) \
                .to_be_visible()
            axe_check(page)
        finally:
            context.close()


def test_the_letters_html_opens_in_a_browser_with_its_fonts(page, tmp_path):
    # `render --html` (bench/letter.py compares Chromium with WeasyPrint on it): a browser
    # opens the file as it is, its stylesheets and fonts found beside it.
    out = tmp_path / "out" / "letter.html"
    subprocess.run([sys.executable, "-m", "objection", "render",
                    str(FIXTURES / "hosting_1und1.json"), "--html", "-o", str(out),
                    "--today", TODAY], cwd=ROOT, check=True, capture_output=True, timeout=120)
    page.goto(out.as_uri())
    fonts = page.evaluate("document.fonts.ready.then(() => [...document.fonts]"
                          ".map(face => [face.family, face.weight, face.status]))")
    assert sorted(fonts) == [["Letter Sans", "bold", "loaded"],
                             ["Letter Sans", "normal", "loaded"]]
    assert page.evaluate("getComputedStyle(document.body).fontFamily") == '"Letter Sans"'
    assert "Widerspruch gegen die Preiserhöhung" in page.inner_text("body")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_legal_notice_and_privacy_from_every_footer(browser, lang):
    operator = {"operator_name": "Verbraucherhilfe Musterstadt e.V.",
                "operator_street": "Musterstraße 1", "operator_postcode": "10115",
                "operator_city": "Berlin", "operator_email": "kontakt@example.org",
                "operator_state": "BE", "operator_dpo_email": "dsb@example.org"}
    with serve(TODAY, **operator) as url:
        context, page = new_page(browser)
        try:
            page.goto(f"{url}/step/notice?lang={lang}")
            footer = page.locator("footer")
            footer.get_by_role("link", name=t(lang, "Legal notice")).click()
            heading(page, lang, "Legal notice")
            expect(page.locator("address")).to_contain_text("10115 Berlin")
            axe_check(page)
            page.locator("footer").get_by_role("link", name=t(lang, "Privacy")).click()
            heading(page, lang, "Privacy")
            expect(page.locator("main")).to_contain_text("Alt-Moabit 59-61")
            axe_check(page)
        finally:
            context.close()


def test_an_installation_without_operator_says_so_on_every_page(server, page):
    page.goto(f"{server}/?lang=en")
    expect(page.locator("footer")).to_contain_text(
        t("en", "This installation is not configured for public use:"))
    page.locator("footer").get_by_role("link", name=t("en", "Legal notice")).click()
    expect(page.locator("main")).to_contain_text(
        t("en", "This installation is not configured for public use."))
    axe_check(page)
