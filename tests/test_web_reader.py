"""Reading the notice in the web app and the API: a file or pasted text fills the steps,
each answer marked with the snippet it came from until the user changes it; every bad
file gets a clear error in the user's language, with what was pasted kept."""
import html
import io
import json
import re
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from conftest import ROOT, load_json, pdf_text
from objection.reader import MAX_BYTES
from objection.web.forms import case_to_form_data
from test_reader import encrypted_pdf, make_pdf
from test_web import errors_on

SHARED = ROOT / "tests" / "fixtures" / "notices" / "shared"


def read(client, csrf, query="", **data):
    return client.post(f"/read{query}", data={"csrf_token": csrf, **data},
                       content_type="multipart/form-data")


def upload(path):
    return (io.BytesIO(path.read_bytes()), path.name)


def field_value(page: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page) or \
        re.search(rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', page)
    return match.group(1) if match else ""


def marked(page: str) -> list[str]:
    """The ids of the fields marked "read from your notice"."""
    return re.findall(r'<p class="read-from" id="([^"]+)-read">', page)


# --- The web app ---------------------------------------------------------------------

def test_a_pdf_fills_the_steps_and_marks_every_answer(client, csrf):
    response = read(client, csrf, notice_file=upload(SHARED / "musterkabel-internet.pdf"))
    assert response.status_code == 303 and response.headers["Location"] == "/step/notice"
    page = client.get("/step/notice?lang=en").get_data(as_text=True)
    expected = case_to_form_data(load_json(SHARED / "musterkabel-internet.expected.json"))
    for name in ("notice-date", "notice-effective", "notice-price_0_old", "notice-price_0_new",
                 "contract-tariff"):
        assert field_value(page, name) == expected[name], name
    assert 'value="P4W"' not in page and field_value(page, "notice-period_number") == "4"
    assert {"notice-date", "notice-effective", "notice-price_0_old", "notice-price_0_new",
            "contract-sector", "notice-period_kind", "notice-required_form",
            "notice-names_termination_right"} <= set(marked(page))
    assert "Read from your notice – please check." in page
    assert "<q>Dortmund, 07.09.2026</q>" in page          # the snippet behind the date
    assert re.search(r"\d+ answers were filled in from your notice", page)
    # The date's field points at its mark for screen readers.
    assert re.search(r'aria-describedby="notice-date-read notice-date-hint"', page)
    provider = client.get("/step/provider?lang=de").get_data(as_text=True)
    assert field_value(provider, "provider-name") == "Musterkabel GmbH"
    assert "Aus Ihrer Mitteilung gelesen – bitte prüfen." in provider
    # The same snippet (the sender line) is quoted once, not under every address field.
    assert provider.count("<q>Musterkabel GmbH · Hafenpromenade 3 · 44147 Dortmund</q>") == 1


def test_pasted_text_is_read_like_a_file(client, csrf):
    text = (SHARED / "beispiel-webspace.txt").read_text(encoding="utf-8")
    assert read(client, csrf, notice_text=text).status_code == 303
    page = client.get("/step/notice").get_data(as_text=True)
    expected = case_to_form_data(load_json(SHARED / "beispiel-webspace.expected.json"))
    assert expected["notice-price_0_new"] == "11.99"
    assert field_value(page, "notice-price_0_new") == "11,99"          # the page's way
    assert "notice-price_0_new" in marked(page)


def test_a_changed_answer_loses_its_mark_and_check_page_shows_the_rest(client, csrf):
    read(client, csrf, notice_file=upload(SHARED / "musterkabel-internet.txt"))
    page = client.get("/step/notice").get_data(as_text=True)
    data = {name: field_value(page, name) for name in
            ("notice-date", "notice-received", "notice-price_0_old", "notice-price_0_new",
             "notice-effective", "notice-period_number", "contract-tariff")}
    data.update({"contract-sector": "telecom", "notice-price_0_unit": "month",
                 "notice-period_kind": "weeks", "notice-required_form": "text",
                 "notice-names_termination_right": "yes", "notice-price_0_old": "38,90"})
    response = client.post("/step/notice", data={"csrf_token": csrf, "action": "continue",
                                                 **data})
    assert response.headers["Location"] == "/step/provider"
    page = client.get("/step/notice?lang=en").get_data(as_text=True)
    assert "notice-price_0_old" not in marked(page)                 # changed by the user
    assert {"notice-price_0_new", "notice-date"} <= set(marked(page))   # still as read
    check = client.get("/check?lang=en").get_data(as_text=True)
    assert check.count('class="read-tag"') >= 10
    row = re.search(r"<dt>Price</dt><dd>([^<]*)(<span[^>]*>)?", check)
    # typed in German, shown the English way; changed, so no longer "read"
    assert row.group(1).strip() == "from €38.90 per month to €42.90 per month"
    assert row.group(2) is None


def test_what_the_notice_does_not_say_is_named(client, csrf):
    text = ("Sehr geehrte Kundin,\nzum 01.01.2027 erhöhen wir den Preis Ihres Tarifs von "
            "9,99 € auf 12,99 € im Monat.\n")
    assert read(client, csrf, notice_text=text).status_code == 303
    page = client.get("/step/notice?lang=en").get_data(as_text=True)
    note = html.unescape(re.search(r"Not found in the notice, please add: ([^<]+)", page)
                         .group(1))
    assert "the date of the notice" in note and "the provider's name" in note
    assert field_value(page, "notice-date") == ""               # nothing guessed
    # Switching language keeps the notes, in the other language.
    de = client.get("/step/notice?lang=de").get_data(as_text=True)
    assert "In der Mitteilung nicht gefunden, bitte ergänzen" in de


@pytest.mark.parametrize("data, field, message", [
    ({}, "notice_text", "Choose the notice's file, or paste its text."),
    ({"notice_text": "Hello, how are you?"}, "notice_text", "Nothing of a price-change notice"),
    ({"notice_file": (make_pdf(catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "),
                      "notice.pdf")}, "notice_file", "JavaScript"),
    ({"notice_file": (encrypted_pdf("secret"), "notice.pdf")}, "notice_file", "password"),
    ({"notice_file": (b"PK\x03\x04" + bytes(900), "notice.docx")}, "notice_file",
     "This kind of file cannot be read"),
    ({"notice_file": (b"\x89PNG\r\n\x1a\n" + b"x" * 99, "photo.png")}, "notice_file",
     "image"),
])
def test_bad_input_gets_a_clear_error_and_keeps_the_text(client, csrf, data, field, message):
    def post(lang):
        return read(client, csrf, f"?lang={lang}", **{
            k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in data.items()})

    response = post("en")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in html.unescape(errors_on(response)[0]), errors_on(response)
    assert f'href="#{field}"' in page and f'id="{field}-error"' in page
    if "notice_text" in data:
        assert data["notice_text"] in page                # what was pasted is still there
    assert errors_on(post("de"))[0] != errors_on(response)[0]    # in the user's language


def test_a_failed_reading_keeps_the_previous_draft(client, csrf):
    read(client, csrf, notice_file=upload(SHARED / "musterkabel-internet.txt"))
    read(client, csrf, notice_text="nothing here")
    page = client.get("/step/provider").get_data(as_text=True)
    assert field_value(page, "provider-name") == "Musterkabel GmbH"


def post_large(client, path, **fields):
    """A big multipart body built in memory (the test client would spool it to a
    temporary file that stays open when the app refuses the body unread)."""
    boundary, body = encode_multipart(MultiDict(fields))
    return client.post(path, data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_the_notice_may_be_10_mb_and_everything_else_1_mb(client, csrf):
    # 3 MB of a text notice: read (the reader reads its beginning) ...
    big = (SHARED / "musterkabel-internet.txt").read_bytes() + b" " * (3 * 1024 * 1024)
    response = post_large(client, "/read", csrf_token=csrf,
                          notice_file=FileStorage(io.BytesIO(big), "notice.txt"))
    assert response.status_code == 303
    # ... 11 MB: refused with the page and a message, not a bare 413 (both languages
    # in test_a_file_over_the_limit_is_refused_with_a_way_forward).
    response = post_large(client, "/read?lang=en", csrf_token=csrf, notice_file=FileStorage(
        io.BytesIO(b"a" * (11 * 1024 * 1024)), "notice.txt"))
    assert response.status_code == 413
    assert html.unescape(errors_on(response)[0]).startswith("The file is larger than 10 MB.")
    # The saved case on the same page keeps its 1 MB.
    response = post_large(client, "/load", csrf_token=csrf, case_file=FileStorage(
        io.BytesIO(b" " * (2 * 1024 * 1024)), "case.json"))
    assert response.status_code == 413


TOO_LARGE = {"de": ("Die Datei ist größer als 10 MB.", "kleineres Foto",
                    "Text der Mitteilung ein"),
             "en": ("The file is larger than 10 MB.", "smaller photo",
                    "paste the text of the notice")}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("size", [MAX_BYTES + 1, 11 * 1024 * 1024])
def test_a_file_over_the_limit_is_refused_with_a_way_forward(client, csrf, lang, size):
    """Over the reader's limit, whether within the body's limit (the file is measured)
    or beyond it (the body is refused unread, 413): the start page in the user's
    language, the message at the file's field, with the advice the page gives before
    the upload."""
    response = post_large(client, f"/read?lang={lang}", csrf_token=csrf, notice_text="",
                          notice_file=FileStorage(io.BytesIO(b"a" * size), "notice.jpg"))
    assert response.status_code == (422 if size <= current_limit() else 413)
    page = response.get_data(as_text=True)
    message = html.unescape(errors_on(response)[0])
    assert all(words in message for words in TOO_LARGE[lang]), message
    assert 'href="#notice_file"' in page and 'id="notice_file-error"' in page
    # the same words as the page's own check before the upload
    assert html.unescape(re.search(r'data-too-large="([^"]+)"', page).group(1)) == message


def current_limit() -> int:
    from objection.web.app import Config
    return Config.MAX_NOTICE_LENGTH


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_start_page_carries_the_limit_the_server_holds(client, lang):
    """The page refuses a larger file before it is sent (static/app.js, tested in the
    browser) with the number the server uses."""
    page = client.get(f"/?lang={lang}").get_data(as_text=True)
    assert f'data-max-bytes="{MAX_BYTES}"' in page
    assert html.unescape(re.search(r'data-too-large="([^"]+)"', page).group(1)).startswith(
        TOO_LARGE[lang][0])
    assert {"de": "bis 10 MB.", "en": "up to 10 MB."}[lang] in page
    assert '<p class="read-status" id="read-status" role="status"' in page


def test_reading_needs_the_csrf_token(client):
    response = client.post("/read", data={"notice_text": "Preis ab 01.01.2027 12,00 EUR"},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Preis ab" not in response.get_data(as_text=True)


def test_the_start_page_offers_the_reader(client):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert 'action="/read"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="notice_file"' in page and 'name="notice_text"' in page
    assert 'accept="application/pdf,image/jpeg,image/png' in page


# --- The API -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reading_schema():
    from objection.web import create_app
    spec = create_app({"TESTING": True}).test_client().get("/api/v1/openapi.json").json
    return Draft202012Validator({**spec["components"]["schemas"]["Reading"],
                                 "$defs": spec["components"]["schemas"]},
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.slow
def test_api_text_equals_the_cli(client, reading_schema):
    path = SHARED / "beispielsparkasse-konto.txt"
    api = client.post("/api/v1/notice", data=path.read_bytes(),
                      content_type="text/plain; charset=utf-8",
                      headers={"Accept-Language": "en"})
    assert api.status_code == 200 and api.mimetype == "application/json"
    reading_schema.validate(api.json)
    cli = subprocess.run([sys.executable, "-m", "objection", "read", str(path), "--json",
                          "--lang", "en"], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert api.json == json.loads(cli.stdout)
    assert api.json["case"] == load_json(SHARED / "beispielsparkasse-konto.expected.json")


def test_api_file_upload(client, reading_schema):
    response = client.post("/api/v1/notice", content_type="multipart/form-data",
                           data={"file": upload(SHARED / "beispieltal-strom.pdf")})
    assert response.status_code == 200, response.json
    reading_schema.validate(response.json)
    assert response.json["case"] == load_json(SHARED / "beispieltal-strom.expected.json")
    assert "Grundpreis" in response.json["evidence"]["/notice/prices/1/new"]


@pytest.mark.parametrize("kwargs, status, code", [
    ({"data": b"{}", "content_type": "application/json"}, 415, None),
    ({"data": {"other": (io.BytesIO(b"x"), "x.txt")}, "content_type": "multipart/form-data"},
     400, None),
    ({"data": {"file": (io.BytesIO(make_pdf(mediabox=b"[0 0 200000 200000]")), "n.pdf")},
      "content_type": "multipart/form-data"}, 422, "pdf_page_size"),
    ({"data": b"", "content_type": "text/plain"}, 422, "empty"),
    ({"data": b"a" * (11 * 1024 * 1024), "content_type": "text/plain"}, 413, None),
])
def test_api_errors_are_problems(client, kwargs, status, code):
    response = client.post("/api/v1/notice?lang=en", **kwargs)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert body["status"] == status and body["detail"]
    if code:
        assert body["errors"][0]["code"] == code
        assert body["type"].endswith("#unreadable-notice")


def test_api_a_letter_from_what_was_read(client):
    """What the API reads, completed with what only the user knows, makes a letter."""
    reading = client.post("/api/v1/notice", data=(SHARED / "musterkabel-internet.txt")
                          .read_bytes(), content_type="text/plain").json
    case = reading["case"]
    case["customer"].update({"street": "Kaiserstraße 52", "postal_code": "44135",
                             "city": "Dortmund", "country": "DE"})
    case["notice"]["received"] = "2026-09-09"
    response = client.post("/api/v1/letter?today=2026-09-10&records_sheet=0", json=case)
    assert response.status_code == 200, response.json
    text = pdf_text(response.data)
    assert "Musterkabel GmbH" in text and "MK-100-2034" in text
