"""The Flask app through the test client: every route, both languages, every error
path, the downloads read back (PDF text, .ics parsed, case.json round trip)."""
import io
import json
import re

import pytest
from icalendar import Calendar

from conftest import FIXTURES, SHARED_CASES, load_json, page_count, pdf_text
from test_assess import make


def token(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def form_data(case: dict, csrf: str) -> dict:
    """What a browser sends for a case typed into the form."""
    data = {"csrf_token": csrf}
    for section, values in case.items():
        for key, value in values.items():
            if key == "objection_period":
                continue
            if value is True:
                data[f"{section}-{key}"] = "y"
            elif value is False:
                continue
            else:
                data[f"{section}-{key}"] = str(value)
    period = case["notice"].get("objection_period", "")
    match = re.fullmatch(r"P(\d+)([DWM])", period)
    if match:
        data["notice-period_number"] = match.group(1)
        data["notice-period_kind"] = {"D": "days", "W": "weeks", "M": "months"}[match.group(2)]
    else:
        data["notice-period_kind"] = "none"
    data["contract-consumer"] = "no" if case["contract"].get("consumer") is False else "yes"
    return data


@pytest.fixture
def csrf(client):
    return token(client)


def post_review(client, case, csrf, **extra):
    data = {**form_data(case, csrf), **extra}
    return client.post("/review", data=data)


def upload(client, csrf, payload: bytes, query: str = ""):
    """Load a saved case.json on the start page."""
    return client.post(f"/load{query}", content_type="multipart/form-data",
                       data={"csrf_token": csrf,
                             "case_file": (io.BytesIO(payload), "case.json")})


def hidden_case(page: str) -> str:
    import html
    return html.unescape(re.search(r'name="case" value="([^"]*)"', page).group(1))


# --- Pages and language ---------------------------------------------------------------

def test_index_german_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="de">' in page
    assert "Einer Preiserhöhung rechtzeitig widersprechen" in page
    assert 'for="customer-name"' in page and 'id="customer-name"' in page


def test_index_follows_accept_language(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Object to a price increase in time" in page


def test_lang_parameter_is_remembered(client):
    response = client.get("/?lang=en")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_unknown_language_falls_back(client):
    page = client.get("/?lang=xx", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="de">' in page


def test_letter_date_defaults_to_today(client):
    from conftest import TODAY
    page = client.get("/").get_data(as_text=True)
    assert re.search(rf'id="letter-date"[^>]*value="{TODAY}"', page)


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


def test_page_loads_nothing_from_third_parties(client):
    page = client.get("/").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script>" not in page     # no inline script (CSP)


# --- The journey ------------------------------------------------------------------------

def test_review_shows_deadlines_warnings_and_preview(client, telecom_case, csrf):
    response = post_review(client, telecom_case, csrf)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ihr Widerspruch muss angekommen sein bis" in page
    assert "Do., 1. Okt. 2026" in page                     # the objection deadline
    assert "Sonderkündigung möglich bis" in page
    assert "§ 187 Abs. 1 BGB" in page                      # the rule chain
    assert "Dieser Preiserhöhung widerspreche ich hiermit." in page
    assert json.loads(hidden_case(page))["notice"]["received"] == "2026-09-03"


def test_review_in_english(client, telecom_case, csrf):
    page = client.post("/review?lang=en", data=form_data(telecom_case, csrf)).get_data(
        as_text=True)
    assert "Your objection must have arrived by" in page
    assert "Thu, 1 Oct 2026" in page and "26 days left" in page
    assert "Translation for you (PDF, not to send)" in page


def test_passed_deadline_still_offers_the_letter(app, telecom_case):
    app.config["TODAY"] = "2026-10-05"
    client = app.test_client()
    page = post_review(client, telecom_case, token(client)).get_data(as_text=True)
    assert "status-missed" in page and "Die Frist ist abgelaufen" in page
    assert "Zuvielgezahltes kann zurückgefordert werden" in page        # R13
    assert "Sonderkündigungsrecht besteht noch bis" in page
    assert "/letter.pdf" in page


@pytest.mark.parametrize("name", ["energy", "insurance", "streaming"])
def test_shared_cases_through_the_form(client, csrf, name):
    case = load_json(SHARED_CASES / f"{name}.json")
    response = post_review(client, case, csrf)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert json.loads(hidden_case(response.get_data(as_text=True))) == \
        json.loads(json.dumps(__import__("objection.case", fromlist=["x"]).from_dict(case)
                              .to_dict()))


def test_downloads(client, telecom_case, csrf):
    page = post_review(client, telecom_case, csrf).get_data(as_text=True)
    carried = {"csrf_token": csrf, "case": hidden_case(page)}

    pdf = client.post("/letter.pdf", data=carried)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]
    assert page_count(pdf.data) == 2
    assert "Dieser Preiserhöhung widerspreche ich hiermit." in pdf_text(pdf.data, 1, 1)

    ics = client.post("/reminder.ics", data=carried)
    assert ics.mimetype == "text/calendar"
    events = Calendar.from_ical(ics.data).walk("VEVENT")
    assert [str(e["DTSTART"].dt) for e in events] == ["2026-09-26", "2026-10-01"]
    assert all(e.walk("VALARM") for e in events)
    assert "Beispiel Telekom GmbH" in str(events[0]["SUMMARY"])

    saved = client.post("/case.json", data=carried)
    assert saved.mimetype == "application/json"
    assert json.loads(saved.data)["notice"]["objection_period"] == "P4W"


def test_translation_pdf(client, telecom_case, csrf):
    page = post_review(client, telecom_case, csrf).get_data(as_text=True)
    pdf = client.post("/letter.pdf?lang=en", data={"csrf_token": csrf, "case": hidden_case(page),
                                                   "translation": "en"})
    text = pdf_text(pdf.data, 1, 1)
    assert "Translation for your understanding only" in text
    assert "For your records" in pdf_text(pdf.data, 2, 2)


def test_downloads_straight_from_the_form(client, telecom_case, csrf):
    pdf = client.post("/letter.pdf", data=form_data(telecom_case, csrf))
    assert pdf.mimetype == "application/pdf"


def test_saved_case_round_trip_through_upload(client, telecom_case, csrf):
    page = post_review(client, telecom_case, csrf).get_data(as_text=True)
    saved = client.post("/case.json", data={"csrf_token": csrf, "case": hidden_case(page)}).data
    form_page = upload(client, csrf, saved).get_data(as_text=True)
    assert 'value="Erika Mustermann"' in form_page
    assert 'value="2026-09-03"' in form_page
    assert re.search(r'<option selected value="weeks">', form_page)
    # ... and the refilled form gives the same case again.
    fields = dict(re.findall(r'name="([a-z_]+-[a-z_]+)"[^>]*value="([^"]*)"', form_page))
    assert fields["customer-name"] == "Erika Mustermann"


@pytest.mark.parametrize("lang, text", [
    ("de", "Der gespeicherte Fall nennt als Widerspruchsfrist P1M15D"),
    ("en", "The saved case gives the objection period as P1M15D")])
def test_upload_says_when_the_form_cannot_show_the_period(client, telecom_case, csrf, lang,
                                                          text):
    saved = json.dumps(make(telecom_case, **{"notice.objection_period": "P1M15D"}))
    page = upload(client, csrf, saved.encode(), f"?lang={lang}").get_data(as_text=True)
    assert text in page
    assert re.search(r'<option selected value="months">', page)
    assert re.search(r'id="notice-period_number"[^>]*value="1"', page)
    exact = json.dumps(make(telecom_case, **{"notice.objection_period": "P6W"}))
    page = upload(client, csrf, exact.encode(), f"?lang={lang}").get_data(as_text=True)
    assert text not in page and 'class="message"' not in page


def test_edit_keeps_everything(client, telecom_case, csrf):
    page = post_review(client, telecom_case, csrf).get_data(as_text=True)
    form_page = client.post("/edit", data={"csrf_token": csrf, "case": hidden_case(page)}) \
        .get_data(as_text=True)
    for value in ("Erika Mustermann", "Heidestraße 17", "K-123456", "19.99", "29.99",
                  "2026-11-01", "Postfach 10 20 30"):
        assert f'value="{value}"' in form_page


# --- Errors: everything kept, every field explained -----------------------------------

def test_bad_input_keeps_everything_and_explains(client, telecom_case, csrf):
    data = form_data(telecom_case, csrf)
    data.update({"notice-received": "2026-02-30", "notice-old_price": "zwanzig",
                 "customer-name": "", "provider-postal_code": "1234"})
    response = client.post("/review", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error-summary"' in page
    assert '<a href="#notice-received">' in page and '<a href="#customer-name">' in page
    assert "Kein gültiges Datum" in page and "Dieses Feld ist erforderlich." in page
    assert "Eine deutsche Postleitzahl hat fünf Ziffern." in page
    assert 'value="zwanzig"' in page and 'value="1234"' in page
    assert 'value="Heidestraße 17"' in page
    old_price = re.search(r'<input[^>]*id="notice-old_price"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in old_price
    assert 'aria-describedby="notice-old_price-hint notice-old_price-error"' in old_price


def test_errors_in_english(client, telecom_case, csrf):
    data = form_data(telecom_case, csrf)
    data["notice-new_price"] = "-3"
    page = client.post("/review?lang=en", data=data).get_data(as_text=True)
    assert "An amount cannot be negative." in page


def test_period_errors_land_on_the_period_fields(client, telecom_case, csrf):
    data = form_data(telecom_case, csrf)
    data.update({"notice-period_kind": "date", "notice-period_date": ""})
    page = client.post("/review", data=data).get_data(as_text=True)
    assert '<a href="#notice-period_date">' in page


def test_language_switch_keeps_input(client, telecom_case, csrf):
    data = form_data(telecom_case, csrf)
    data["notice-old_price"] = "not yet"
    response = client.post("/?lang=en", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="en">' in page
    assert 'value="not yet"' in page and 'value="Erika Mustermann"' in page
    assert "error-summary" not in page           # switching checks nothing
    assert "lang=en" in response.headers["Set-Cookie"]


def test_review_language_switch_keeps_the_case(client, telecom_case, csrf):
    page = post_review(client, telecom_case, csrf).get_data(as_text=True)
    english = client.post("/review?lang=en", data={"csrf_token": csrf,
                                                   "case": hidden_case(page)})
    assert "Your objection must have arrived by" in english.get_data(as_text=True)


def test_missing_csrf_token_keeps_the_form(client, telecom_case):
    data = form_data(telecom_case, "")
    del data["csrf_token"]
    response = client.post("/review", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Everything you typed is still here" in page or "Alles, was Sie eingegeben" in page
    assert 'value="Erika Mustermann"' in page


def test_forged_csrf_token(client, telecom_case):
    client.get("/")
    response = client.post("/letter.pdf", data=form_data(telecom_case, "forged"))
    assert response.status_code == 400 and response.mimetype == "text/html"


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b"\xff\xfe", b""])
def test_load_rejects_what_is_not_a_case(client, csrf, payload):
    response = upload(client, csrf, payload)
    assert response.status_code == 422
    assert "kein gespeicherter Fall" in response.get_data(as_text=True)


def test_load_shows_errors_of_a_broken_case(client, telecom_case, csrf):
    telecom_case["notice"]["new_price"] = "-1"
    telecom_case["extra"] = 1
    response = upload(client, csrf, json.dumps(telecom_case).encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ein Betrag kann nicht negativ sein." in page
    assert 'value="Erika Mustermann"' in page


def test_hidden_case_that_is_broken(client, csrf):
    response = client.post("/letter.pdf", data={"csrf_token": csrf, "case": "{broken"})
    assert response.status_code == 422
    assert "error-summary" in response.get_data(as_text=True)


def test_signature_upload(client, telecom_case, csrf):
    data = form_data(telecom_case, csrf)
    data["signature-mode"] = "image"
    data["signature_upload"] = (io.BytesIO((FIXTURES / "signature.png").read_bytes()), "sig.png")
    page = client.post("/review", data=data, content_type="multipart/form-data") \
        .get_data(as_text=True)
    carried = json.loads(hidden_case(page))
    assert carried["signature"]["mode"] == "image"
    assert carried["signature"]["image"].startswith("data:image/png;base64,")
    pdf = client.post("/letter.pdf", data={"csrf_token": csrf, "case": json.dumps(carried)})
    assert "(Kopie der Unterschrift)" in pdf_text(pdf.data, 1, 1)


def test_signature_upload_that_is_not_an_image(client, telecom_case, csrf):
    data = form_data(telecom_case, csrf)
    data["signature_upload"] = (io.BytesIO(b"GIF89a...."), "sig.gif")
    response = client.post("/review", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and '<a href="#signature-image">' in page or \
        "kein lesbares PNG" in page


def test_image_mode_without_image(client, telecom_case, csrf):
    data = form_data(telecom_case, csrf)
    data["signature-mode"] = "image"
    page = client.post("/review", data=data).get_data(as_text=True)
    assert "Fügen Sie ein Bild Ihrer Unterschrift hinzu" in page


def test_request_too_large(client, csrf):
    response = client.post("/review", data={"csrf_token": csrf, "x": "y" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "512 KB" in response.get_data(as_text=True)


def test_unknown_route_and_method(client):
    assert client.get("/nope").status_code == 404
    assert client.get("/review").status_code == 405
    assert "Diese Seite gibt es nicht." in client.get("/nope").get_data(as_text=True)


def test_nothing_crashes_on_garbage(client, csrf):
    for path in ("/review", "/letter.pdf", "/reminder.ics", "/case.json", "/edit", "/"):
        response = client.post(path, data={"csrf_token": csrf, "notice-period_number": "x" * 50,
                                           "contract-sector": "<script>", "options-object": "y",
                                           "letter-state": "ZZ"})
        assert response.status_code in (200, 422), path
        assert "<script>" not in response.get_data(as_text=True).replace(
            '<script type="application/json"', "").replace("<script src=", "")


# --- Hardening ------------------------------------------------------------------------

def test_uploads_stay_in_memory(app):
    from objection.web import InMemoryRequest
    assert app.request_class is InMemoryRequest
    with app.test_request_context("/review", method="POST"):
        from flask import request
        stream = request._get_file_stream(900_000, "image/png", "sig.png")
        assert isinstance(stream, io.BytesIO)


def test_no_personal_data_in_logs(client, telecom_case, csrf, caplog):
    telecom_case["customer"]["name"] = "Zyxwa Unique-Name-4711"
    telecom_case["notice"]["new_price"] = "not a price"
    with caplog.at_level("DEBUG"):
        post_review(client, telecom_case, csrf)
        client.post("/api/v1/assessment", json=telecom_case)
        client.post("/api/v1/letter", json={**telecom_case, "notice": {
            **telecom_case["notice"], "new_price": "29.99"}})
    assert not any("Unique-Name-4711" in r.getMessage() for r in caplog.records)


def test_every_response_has_the_security_headers(client, telecom_case, csrf):
    responses = [client.get("/"), client.get("/nope"), client.get("/healthz"),
                 client.get("/static/style.css"), client.get("/api/v1/openapi.json"),
                 post_review(client, telecom_case, csrf),
                 client.post("/api/v1/assessment", json={})]
    for response in responses:
        response.close()
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"] == "same-origin"
