"""The Flask app through the test client: the guided flow step by step, check your
answers, the result and its downloads (PDF text read back, .ics parsed, case.json round
trip), both languages, every error path."""
import datetime as dt
import html
import io
import json
import logging
import re

import pytest
from icalendar import Calendar

from conftest import CASES, FIXTURES, load_json, page_count, pdf_text, token
from objection.web import create_app
from objection.web.forms import case_to_form_data
from objection.web.steps import STEPS
from test_assess import make


def answers(case: dict) -> dict[str, str]:
    """What a person types into the steps for a case."""
    return case_to_form_data(case)


def fill(client, case: dict, csrf: str, query: str = "") -> None:
    """Answer every step as a person would; each answer is a POST that redirects."""
    values = answers(case)
    for step in STEPS:
        data = {k: v for k, v in values.items() if k in step.fields}
        response = client.post(f"/step/{step.key}{query}",
                               data={"csrf_token": csrf, "action": "continue", **data})
        assert response.status_code == 303, (step.key, response.get_data(as_text=True)[:500])
        assert step.key not in response.headers["Location"], \
            (step.key, errors_on(client.get(response.headers["Location"])))


def errors_on(response) -> list[str]:
    return re.findall(r'<li><a href="#[^"]*">([^<]+)</a>', response.get_data(as_text=True))


def hidden_case(page: str) -> str:
    return html.unescape(re.search(r'name="case" value="([^"]*)"', page).group(1))


def result_page(client, case, csrf, query="") -> str:
    fill(client, case, csrf)
    response = client.get(f"/result{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def download(client, path: str, page: str, csrf: str, **extra):
    return client.post(path, data={"csrf_token": csrf, "case": hidden_case(page),
                                   "signature-mode": "handwritten", **extra})


# --- Pages and language ---------------------------------------------------------------

def test_start_page_german_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Einer Preiserhöhung rechtzeitig widersprechen" in page
    assert 'href="/step/notice"' in page


def test_start_page_follows_accept_language(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Object to a price increase in time" in page


def test_the_start_page_promises_the_time_it_takes(client):
    # Measured with first-time users: 5-8 minutes, reading included.
    assert "Rechnen Sie mit etwa fünf bis zehn Minuten, das Lesen eingerechnet." in \
        client.get("/?lang=de").get_data(as_text=True)
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "It takes about five to ten minutes, reading included." in page
    assert "two minutes" not in page and "five short questions" not in page


def test_lang_parameter_is_remembered(client):
    response = client.get("/?lang=en")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert '<html lang="en">' in client.get("/step/notice").get_data(as_text=True)


def test_unknown_language_falls_back(client):
    page = client.get("/?lang=xx", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="de">' in page


def test_the_day_to_send_is_asked_on_the_result_page_not_before(client, telecom_case, csrf):
    assert 'id="letter-date"' not in client.get("/step/sending").get_data(as_text=True)
    page = result_page(client, telecom_case, csrf)
    assert re.search(r'id="letter-date"[^>]*value="05.09.2026"', page)     # today


@pytest.mark.parametrize("path, text_de, text_en", [
    ("/privacy", "Nichts, was Sie eingeben", "Nothing you type is stored on our server"),
    ("/about", "Keine Rechtsberatung", "This is not legal advice"),
])
def test_small_pages(client, path, text_de, text_en):
    assert text_de in client.get(path + "?lang=de").get_data(as_text=True)
    assert text_en in client.get(path + "?lang=en").get_data(as_text=True)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_security_headers(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/step/notice", "/step/provider", "/step/sending"])
def test_pages_load_nothing_from_third_parties(client, path):
    page = client.get(path).get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script>" not in page     # no inline script (CSP)


# --- The flow -------------------------------------------------------------------------

def test_every_step_redirects_and_the_result_leads_with_what_to_do(client, telecom_case,
                                                                   csrf):
    page = result_page(client, telecom_case, csrf)
    assert "Absenden bis Sa., 26. Sept. 2026" in page                # the send-by day first
    assert "Ihr Schreiben muss bis Do., 1. Okt. 2026 beim Anbieter eingegangen sein." in page
    assert "Was jetzt zu tun ist" in page and "Einwurf-Einschreiben" in page
    assert "Ihr Widerspruch muss eingegangen sein bis" in page
    assert "Berlin" in page and ">BE<" not in page                      # a state's name
    assert "Dieser Preiserhöhung widerspreche ich hiermit." in page      # the preview
    # The rule chain in plain words, the statutes behind a "why".
    assert "Mitteilung zugegangen am Do., 3. Sept. 2026" in page
    assert "<summary>Warum</summary><p>§ 187 Abs. 1 BGB, § 188 Abs. 2 BGB" in page
    assert json.loads(hidden_case(page))["notice"]["received"] == "2026-09-03"


def test_result_in_english(client, telecom_case, csrf):
    page = result_page(client, telecom_case, csrf, "?lang=en")
    assert "Send by Sat, 26 Sept 2026" in page and "21 days left to send it." in page
    assert "Your objection must have arrived by" in page
    assert "Translation for you (PDF, not to send)" in page


def test_a_passed_deadline_still_offers_the_letter(app, telecom_case):
    app.config["TODAY"] = "2026-10-05"
    client = app.test_client()
    page = result_page(client, make(telecom_case, **{"letter.date": "2026-10-05"}),
                       token(client))
    assert "status-missed" in page and "Die Frist ist abgelaufen" in page
    assert "Sonderkündigungsrecht besteht noch bis" in page


@pytest.mark.parametrize("name", ["energy", "insurance", "streaming"])
def test_example_cases_through_the_steps(name):
    case = load_json(CASES / f"{name}.json")
    if case["contract"]["sector"] == "energy":   # the steps ask what the JSON may omit
        case["contract"]["commodity"] = "electricity"
    # Counted from the day the example's letter is dated (its receipt lies before it).
    client = create_app({"TESTING": True, "TODAY": case["letter"]["date"]}).test_client()
    page = result_page(client, case, token(client))
    from objection.case import from_dict
    assert json.loads(hidden_case(page)) == json.loads(json.dumps(from_dict(case).to_dict()))


def test_downloads(client, telecom_case, csrf):
    page = result_page(client, telecom_case, csrf)
    letter = download(client, "/letter.pdf", page, csrf)
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    assert "attachment" in letter.headers["Content-Disposition"]
    assert page_count(letter.data) == 1                      # the letter is the letter
    assert "Widerspruch gegen die Preiserhöhung" in pdf_text(letter.data)
    records = download(client, "/records.pdf", page, csrf)
    assert pdf_text(records.data).startswith("Für Ihre Unterlagen")
    ics = download(client, "/reminder.ics", page, csrf)
    events = {str(e["SUMMARY"]): e["DTSTART"].dt
              for e in Calendar.from_ical(ics.data).walk("VEVENT")}
    assert events == {
        # The day the letter is dated (today here), not the last day to send: every
        # later date follows from it.
        "Schreiben heute an Beispiel Telekom GmbH abschicken": dt.date(2026, 9, 5),
        "Fristende: Ihr Schreiben muss bei Beispiel Telekom GmbH eingegangen sein":
            dt.date(2026, 10, 1),
        # Answer asked by Sat 19.09. + 14 days, moved to Mon 21.09. (§ 193 BGB).
        "Hat Beispiel Telekom GmbH auf Ihr Schreiben geantwortet?":
            dt.date(2026, 9, 22),
        "Erste Rechnung von Beispiel Telekom GmbH nach der Änderung prüfen":
            dt.date(2026, 12, 1)}
    saved = download(client, "/case.json", page, csrf)
    assert json.loads(saved.data)["customer"]["name"] == "Erika Mustermann"


def test_translation_pdf(client, telecom_case, csrf):
    page = result_page(client, telecom_case, csrf, "?lang=en")
    pdf = download(client, "/letter.pdf?lang=en", page, csrf, translation="en")
    assert "Translation for your understanding only" in pdf_text(pdf.data, 1, 1)


def test_saved_case_round_trip(client, telecom_case, csrf):
    page = result_page(client, telecom_case, csrf)
    saved = download(client, "/case.json", page, csrf).data
    other = create_app({"TESTING": True, "TODAY": "2026-09-05"}).test_client()
    response = upload(other, token(other), saved)
    assert response.status_code == 303 and response.headers["Location"].startswith(
        "/check?loaded=1")
    check = other.get(response.headers["Location"]).get_data(as_text=True)
    assert "Fall geladen" in check and "Erika Mustermann" in check
    # ... and the loaded answers give the same case again.
    again = other.get("/result").get_data(as_text=True)
    assert json.loads(hidden_case(again)) == json.loads(saved)


def upload(client, csrf, payload: bytes, query: str = ""):
    """Load a saved case.json on the start page."""
    return client.post(f"/load{query}", content_type="multipart/form-data",
                       data={"csrf_token": csrf,
                             "case_file": (io.BytesIO(payload), "case.json")})


@pytest.mark.parametrize("lang, text", [
    ("de", "Der gespeicherte Fall nennt als Widerspruchsfrist 1 Monat, 15 Tage"),
    ("en", "The saved case gives the objection period as 1 month, 15 days")])
def test_upload_says_when_the_form_cannot_show_the_period(client, telecom_case, csrf, lang,
                                                          text):
    saved = json.dumps(make(telecom_case, **{"notice.objection_period": "P1M15D"}))
    response = upload(client, csrf, saved.encode())
    page = client.get(response.headers["Location"] + f"&lang={lang}").get_data(as_text=True)
    assert text in page
    exact = json.dumps(make(telecom_case, **{"notice.objection_period": "P6W"}))
    response = upload(client, csrf, exact.encode())
    assert text not in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b"\xff\xfe", b""])
def test_load_rejects_what_is_not_a_case(client, csrf, payload):
    response = upload(client, csrf, payload)
    assert response.status_code == 422
    assert "kein gespeicherter Fall" in response.get_data(as_text=True)


def test_a_broken_saved_case_lands_on_the_check_page_with_its_problems(client, telecom_case,
                                                                       csrf):
    broken = make(telecom_case, **{"notice.received": "yesterday"})
    response = upload(client, csrf, json.dumps(broken).encode())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Einige Angaben fehlen" in page
    assert "Geben Sie ein gültiges Datum" in page
    assert 'href="/step/notice?return=check"' in page
    assert client.get("/result").status_code == 303      # no letter before it is complete


# --- One question at a time, nothing lost --------------------------------------------

def test_an_empty_step_says_specifically_what_is_missing(client, csrf):
    response = client.post("/step/notice?lang=en", data={"csrf_token": csrf,
                                                         "action": "continue"})
    assert response.status_code == 303 and response.headers["Location"].startswith(
        "/step/notice")
    page = client.get("/step/notice?lang=en")
    assert page.status_code == 422
    assert errors_on(page) == [
        "Choose the kind of contract.", "Enter the date printed on the notice.",
        "Enter the price before the increase.", "Enter the price after the increase.",
        "Enter the day the new price is to apply.",
        "Say how long the notice gives you to object, or that it names no period.",
        "Say whether the notice tells you that you may terminate: it decides whether a "
        "special termination window runs."]
    assert "This field is required." not in page.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["23.11.2026", "23/11/2026", "2026-11-23", "23.11. 2026",
                                   "3.9.2026", "23.11.26", "23/11/26"])
def test_dates_typed_as_people_write_them(client, telecom_case, csrf, typed):
    values = answers(make(telecom_case, **{"notice.effective": "2026-11-23"}))
    values["notice-effective"] = typed
    data = {k: v for k, v in values.items() if k in STEPS[0].fields}
    response = client.post("/step/notice", data={"csrf_token": csrf, "action": "continue",
                                                 **data})
    assert response.headers["Location"] == "/step/provider", typed


@pytest.mark.parametrize("typed", ["23.11.22026", "23.11.226", "31.02.2026", "morgen"])
def test_dates_that_are_no_date(client, telecom_case, csrf, typed):
    values = answers(telecom_case)
    values["notice-date"] = typed
    data = {k: v for k, v in values.items() if k in STEPS[0].fields}
    client.post("/step/notice?lang=en", data={"csrf_token": csrf, "action": "continue",
                                              **data})
    page = client.get("/step/notice?lang=en")
    errors = errors_on(page)
    assert errors[0].startswith("Enter a real date") or "must lie between" in errors[0], errors
    assert f'value="{typed}"' in page.get_data(as_text=True)        # what was typed stays


def test_limits_are_shown_before_submitting(client):
    page = client.get("/step/you?lang=en").get_data(as_text=True)
    assert re.search(r'id="customer-name"[^>]*maxlength="100"', page)
    assert "At most 100 characters." in page


def test_the_language_switch_keeps_what_was_typed(client, csrf):
    response = client.post("/step/you", data={"csrf_token": csrf, "action": "lang-en",
                                              "customer-name": "Jörg Meißner"})
    assert response.status_code == 303 and "lang=en" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="en">' in page and 'value="Jörg Meißner"' in page
    assert 'class="error-summary"' not in page           # switching checks nothing


def test_back_keeps_what_was_typed(client, csrf):
    response = client.post("/step/you", data={"csrf_token": csrf, "action": "back",
                                              "customer-name": "Jörg Meißner"})
    assert response.headers["Location"] == "/step/provider"
    assert 'value="Jörg Meißner"' in client.get("/step/you").get_data(as_text=True)


def test_a_change_from_the_check_page_returns_there(client, telecom_case, csrf):
    fill(client, telecom_case, csrf)
    page = client.get("/check").get_data(as_text=True)
    assert 'href="/step/provider?return=check"' in page
    step = client.get("/step/provider?return=check").get_data(as_text=True)
    assert 'name="return" value="check"' in step
    values = {k: v for k, v in answers(telecom_case).items() if k in STEPS[1].fields}
    values["provider-name"] = "Andere Telekom AG"
    response = client.post("/step/provider", data={"csrf_token": csrf, "action": "continue",
                                                   "return": "check", **values})
    assert response.headers["Location"] == "/check"
    assert "Andere Telekom AG" in client.get("/check").get_data(as_text=True)


def test_the_form_answers_no_fact_before_the_user(client):
    page = client.get("/step/notice?lang=en").get_data(as_text=True)
    sectors = re.findall(r'<input[^>]*name="contract-sector"[^>]*>', page)
    assert len(sectors) == 8 and not any("checked" in r for r in sectors)
    radios = re.findall(r'<input[^>]*name="notice-names_termination_right"[^>]*>', page)
    assert len(radios) == 2 and not any("checked" in r for r in radios)
    assert re.search(r'<option selected value="">', page)          # the period, unchosen


def test_choices_follow_the_sector(client, telecom_case, csrf):
    fill(client, make(telecom_case, **{"contract.sector": "health_insurance"}), csrf)
    page = client.get("/step/wishes?lang=en").get_data(as_text=True)
    assert "Ask for the reasons, the trustee's approval and a tariff switch" in page
    assert 'value="both"' not in page              # no termination in the alternative
    fill(client, make(telecom_case, **{"contract.sector": "bank"}), csrf)
    assert 'name="options-direct_debit"' not in client.get("/step/wishes").get_data(
        as_text=True)


def test_the_first_versions_form_still_works(client, telecom_case, csrf):
    response = client.post("/review", data={"csrf_token": csrf, **answers(telecom_case)})
    assert response.status_code == 303 and response.headers["Location"] == "/result"
    assert "Absenden bis" in client.get("/result").get_data(as_text=True)


# --- The signature, honestly ------------------------------------------------------------

def png_upload():
    return (io.BytesIO((FIXTURES / "signature.png").read_bytes()), "sig.png")


def test_written_form_signs_the_posted_letter_by_hand(client, telecom_case, csrf):
    # Written form demanded, a contract from 2015: the picture may not sign the letter.
    case = make(telecom_case, **{"signature.mode": "image"})
    page = result_page(client, case, csrf)
    assert "Vorab-Kopie für Fax oder E-Mail (PDF)" in page
    data = {"csrf_token": csrf, "case": hidden_case(page), "signature-mode": "image",
            "signature_upload": png_upload()}
    letter = client.post("/letter.pdf", data=data, content_type="multipart/form-data")
    assert b"/Subtype /Image" not in letter.data
    data["signature_upload"] = png_upload()
    copy = client.post("/advance-copy.pdf", data=data, content_type="multipart/form-data")
    assert b"/Subtype /Image" in copy.data
    text = pdf_text(copy.data)
    assert "Vorab per Fax oder E-Mail" in text and "(Kopie der Unterschrift)" in text


def test_text_form_lets_the_picture_sign(client, telecom_case, csrf):
    case = make(telecom_case, **{"signature.mode": "image", "notice.required_form": "text"})
    page = result_page(client, case, csrf)
    assert "Vorab-Kopie" not in page
    letter = client.post("/letter.pdf", data={
        "csrf_token": csrf, "case": hidden_case(page), "signature-mode": "image",
        "signature_upload": png_upload()}, content_type="multipart/form-data")
    assert b"/Subtype /Image" in letter.data


def test_a_signature_that_is_not_an_image(client, telecom_case, csrf):
    page = result_page(client, make(telecom_case, **{"signature.mode": "image"}), csrf)
    response = client.post("/letter.pdf", data={
        "csrf_token": csrf, "case": hidden_case(page), "signature-mode": "image",
        "signature_upload": (io.BytesIO(b"GIF89a...."), "sig.gif")},
        content_type="multipart/form-data")
    assert response.status_code == 303
    assert response.headers["Location"] == "/result#signature-image"
    assert "kein lesbares PNG" in client.get("/result").get_data(as_text=True)


@pytest.mark.parametrize("required_form", ["text", "written"])
def test_no_picture_yet_never_holds_up_the_letter(client, telecom_case, csrf, required_form):
    """Without a picture the letter has a line to sign by hand; only the advance copy,
    which is nothing without one, asks for it."""
    page = result_page(client, make(telecom_case, **{
        "signature.mode": "image", "notice.required_form": required_form}), csrf)
    assert 'id="signature-image"' in page                    # the pad, asked right here
    response = client.post("/letter.pdf", data={"csrf_token": csrf, "case": hidden_case(page),
                                                 "signature-mode": "image"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "(Kopie der Unterschrift)" not in pdf_text(response.data)
    if required_form == "written":
        copy = client.post("/advance-copy.pdf", data={
            "csrf_token": csrf, "case": hidden_case(page), "signature-mode": "image"})
        assert copy.headers["Location"] == "/result#signature-image"
        assert "Fügen Sie ein Bild Ihrer Unterschrift hinzu" in client.get(
            "/result").get_data(as_text=True)


# --- Errors and limits ----------------------------------------------------------------

def test_request_too_large(client, csrf):
    response = client.post("/step/notice", data={"csrf_token": csrf,
                                                 "x": "y" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "512 KB" in response.get_data(as_text=True)


def test_unknown_route_and_method(client):
    assert client.get("/nope").status_code == 404
    assert client.get("/step/nope").status_code == 404
    assert client.get("/review").status_code == 405
    assert "Diese Seite gibt es nicht." in client.get("/nope").get_data(as_text=True)


@pytest.mark.parametrize("method, path, lang, title", [
    ("get", "/nope", "de", "Seite nicht gefunden"),
    ("get", "/nope", "en", "Page not found"),
    ("get", "/review", "de", "Anfrage nicht zulässig"),
    ("post", "/step/notice", "de", "Anfrage zu groß")])
def test_error_pages_are_titled_as_sites_title_them(client, method, path, lang, title):
    # Each status its own heading ("Seite nicht gefunden", not an apology), with the
    # status in the window title.
    too_large = {"x": "y" * (2 * 1024 * 1024)} if method == "post" else None
    response = client.open(f"{path}?lang={lang}", method=method.upper(), data=too_large)
    page = response.get_data(as_text=True)
    assert f"<title>{title} ({response.status_code})</title>" in page
    assert f"<h1>{title}</h1>" in page


def test_nothing_crashes_on_garbage(client, csrf):
    for path in ("/step/notice", "/step/provider", "/step/you", "/step/wishes",
                 "/step/sending", "/review", "/letter.pdf", "/reminder.ics", "/case.json"):
        response = client.post(path, data={"csrf_token": csrf, "notice-period_number": "x" * 50,
                                           "contract-sector": "<script>", "options-wish": "y",
                                           "letter-state": "ZZ", "action": "continue",
                                           "case": "<script>"})
        assert response.status_code in (200, 303, 422), path
        for page in ("/check", "/step/notice"):
            body = client.get(page).get_data(as_text=True)
            assert "<script>" not in body.replace('<script type="application/json"', "") \
                .replace("<script src=", "")


@pytest.mark.parametrize("path", ["/step/notice", "/letter.pdf", "/case.json", "/load",
                                  "/review"])
def test_expired_or_forged_token_gives_the_empty_start_page(client, telecom_case, path):
    # An expired page and a post from another site look the same: the start page
    # comes back with a message, and nothing that was posted is shown or kept.
    client.get("/")
    for token_value in (None, "forged"):
        data = {**answers(telecom_case), "case": json.dumps(telecom_case)}
        if token_value:
            data["csrf_token"] = token_value
        response = client.post(path + "?lang=en", data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and response.mimetype == "text/html"
        assert "This page had expired, so nothing was sent" in page
        assert "Erika Mustermann" not in page and "K-123456" not in page
    assert "Erika Mustermann" not in client.get("/check").get_data(as_text=True)


def test_a_forged_draft_cookie_is_ignored(client, csrf, telecom_case):
    fill(client, telecom_case, csrf)
    client.set_cookie("draft0", "eyJ2YWx1ZXMiOnt9fQ.forged")
    assert client.get("/check").status_code == 303          # empty: start with step 1


# --- Hardening ------------------------------------------------------------------------

def probe_app(**config):
    """The real app with one extra route for a test to look inside a request."""
    from flask import request
    app = create_app({"TODAY": "2026-09-05", "WTF_CSRF_ENABLED": False, **config})

    @app.post("/probe/upload")
    def probe_upload():
        return type(request.files["file"].stream).__name__

    @app.post("/probe/boom")
    def probe_boom():
        raise ValueError(f"broke for {request.form.get('name')}")

    return app


def test_uploads_stay_in_memory():
    # Werkzeug spools uploads above 500 KB to a temporary file; ours never. (The body is
    # built by hand: the test client would spool it to a file of its own.)
    body = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sig.png\"\r\n"
            b"Content-Type: image/png\r\n\r\n" + b"x" * 900_000 + b"\r\n--b--\r\n")
    response = probe_app().test_client().post(
        "/probe/upload", data=body, content_type="multipart/form-data; boundary=b")
    assert response.get_data(as_text=True) == "BytesIO"


@pytest.mark.parametrize("path, mimetype, title, text", [
    ("/probe/boom?lang=en", "text/html", "Internal error", "Something went wrong on our side"),
    ("/probe/boom", "text/html", "Interner Serverfehler", "Bei uns ist etwas schiefgegangen")])
def test_server_error_page_without_personal_data_in_the_log(path, mimetype, title, text,
                                                            caplog):
    client = probe_app(TESTING=False).test_client()
    with caplog.at_level(logging.DEBUG):
        response = client.post(path, data={"name": "Zyxwa Unique-Name-4711"})
    assert response.status_code == 500 and response.mimetype == mimetype
    assert f"<h1>{title}</h1>" in response.get_data(as_text=True)
    assert text in response.get_data(as_text=True)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "unhandled ValueError" in logged and "Unique-Name-4711" not in logged


def test_server_error_in_the_api_is_problem_json(caplog):
    app = probe_app(TESTING=False)

    @app.post("/api/v1/probe")
    def api_boom():
        raise RuntimeError("Zyxwa Unique-Name-4711")

    with caplog.at_level(logging.DEBUG):
        response = app.test_client().post("/api/v1/probe", headers={"Accept-Language": "en"})
    assert response.status_code == 500 and response.mimetype == "application/problem+json"
    assert response.json["title"] == "Internal error"
    assert "Unique-Name-4711" not in " ".join(r.getMessage() for r in caplog.records)


def test_no_personal_data_in_logs(client, telecom_case, csrf, caplog):
    telecom_case["customer"]["name"] = "Zyxwa Unique-Name-4711"
    with caplog.at_level("DEBUG"):
        fill(client, telecom_case, csrf)
        client.get("/result")
        client.post("/api/v1/assessment", json=telecom_case)
        client.post("/api/v1/letter", json=telecom_case)
    assert not any("Unique-Name-4711" in r.getMessage() for r in caplog.records)


def test_calendar_entries_keep_their_identity(client, telecom_case, csrf):
    # Importing the reminder again updates the entries instead of adding new ones: the
    # same case gives the same UIDs, another case other ones.
    def uids(case):
        page = result_page(client, case, csrf)
        response = download(client, "/reminder.ics", page, csrf)
        return [str(e["UID"]) for e in Calendar.from_ical(response.data).walk("VEVENT")]
    first, again = uids(telecom_case), uids(telecom_case)
    assert first == again and len(set(first)) == 4
    other = make(telecom_case, **{"customer.name": "Max Mustermann"})
    assert not set(uids(other)) & set(first)


def test_every_response_has_the_security_headers(client, telecom_case, csrf):
    fill(client, telecom_case, csrf)
    responses = [client.get("/"), client.get("/nope"), client.get("/healthz"),
                 client.get("/static/style.css"), client.get("/api/v1/openapi.json"),
                 client.get("/step/notice"), client.get("/check"), client.get("/result"),
                 client.post("/api/v1/assessment", json={})]
    for response in responses:
        response.close()
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_with_personal_data_are_not_cached(client, telecom_case, csrf):
    fill(client, telecom_case, csrf)
    for path in ("/step/you", "/check", "/result"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
