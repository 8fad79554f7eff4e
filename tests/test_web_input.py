"""The pages speak the person's way: amounts as printed by the rules of the page's
language, dates as written (an ambiguous one asked at its field), periods in words, state
names instead of codes, file names in the page's language; and no page shows the case
JSON's formats (ISO 8601, P4W, YYYY-MM-DD)."""
import json
import re

import pytest

from conftest import FIXTURES, load_json, token
from objection.web import create_app
from objection.web.steps import STEPS
from test_assess import make
from test_web import answers, download, errors_on, fill, hidden_case, png_upload, upload
from test_web_reader import field_value

SEED = make(load_json(FIXTURES / "hosting_1und1.json"),
            **{"notice.names_termination_right": True})
SEED_TODAY = "2026-11-25"           # the seed's letter is dated that day
# What the case JSON writes and a person never should have to read; its dates neither,
# except in what is said about a broken case file, which must be written so.
FORMATS = re.compile(r"ISO[ -]?8601|JJJJ|YYYY|\bP\d+[YMWD]\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture
def seed_client():
    return create_app({"TESTING": True, "TODAY": SEED_TODAY}).test_client()


def notice_step(client, lang: str, **typed) -> str:
    """Post the notice step of the telecom case with some answers typed otherwise, and
    the step's page as shown next."""
    case = load_json(FIXTURES / "telecom.json")
    values = {k: v for k, v in answers(case).items() if k in STEPS[0].fields}
    client.post(f"/step/notice?lang={lang}", data={"csrf_token": token(client),
                                                  "action": "continue", **values, **typed})
    return client.get(f"/step/notice?lang={lang}").get_data(as_text=True)


def case_of(client) -> dict:
    return json.loads(hidden_case(client.get("/result").get_data(as_text=True)))


def shown(page: str) -> str:
    """What a page says to a person: without the hidden case JSON, scripts, and what was
    typed into its fields (shown as typed)."""
    page = re.sub(r'<input type="hidden"[^>]*>|\svalue="[^"]*"', "", page)
    return re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)


def invalid(page: str, name: str) -> bool:
    """Whether the field is marked invalid for screen readers."""
    return 'aria-invalid="true"' in re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group()


# --- Amounts -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, old, new", [
    ("de", "19,99 €", "1.234,56"), ("en", "€19.99", "1,234.56"),
    ("en", "19,99", "1.234,56 EUR"),         # German figures on an English page: one reading
])
def test_amounts_as_printed(client, telecom_case, csrf, lang, old, new):
    fill(client, telecom_case, csrf)
    notice_step(client, lang, **{"notice-price_0_old": old, "notice-price_0_new": new})
    assert errors_on(client.get(f"/step/notice?lang={lang}")) == []
    notice = case_of(client)["notice"]
    assert (notice["old_price"], notice["new_price"]) == ("19.99", "1234.56")


@pytest.mark.parametrize("lang, typed, message", [
    ("de", "1,234", "„1,234“ ist nicht eindeutig: gemeint sein kann 1,234 oder 1.234."),
    ("en", "1.234", "“1.234” is unclear: it could be 1.234 or 1,234."),
    ("en", "zwanzig", "Write it as a number, such as 29.99 or 1,234.56."),
])
def test_an_unclear_amount_is_asked_at_its_field_with_what_was_typed(client, lang, typed,
                                                                    message):
    page = notice_step(client, lang, **{"notice-price_0_new": typed})
    assert [e for e in errors_on(client.get(f"/step/notice?lang={lang}"))
            if e.startswith(message)], errors_on(client.get(f"/step/notice?lang={lang}"))
    assert field_value(page, "notice-price_0_new") == typed
    assert invalid(page, "notice-price_0_new")
    assert client.get("/result").status_code == 303                   # no letter yet


def test_the_language_switch_never_reads_an_amount_anew(client):
    """1.234 typed on a German page is one thousand two hundred and thirty-four, also
    when the page is English afterwards (where 1.234 would be one point two three four)."""
    client.post("/step/notice?lang=de", data={
        "csrf_token": token(client), "action": "lang-en", "notice-price_0_new": "1.234",
        "notice-price_0_old": "19,99"})
    english = client.get("/step/notice?lang=en").get_data(as_text=True)
    assert field_value(english, "notice-price_0_new") == "1,234"
    assert field_value(english, "notice-price_0_old") == "19.99"
    german = client.get("/step/notice?lang=de").get_data(as_text=True)
    assert field_value(german, "notice-price_0_new") == "1.234"
    assert field_value(german, "notice-price_0_old") == "19,99"


# --- Dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, message", [
    ("de", "„11/12/2026“ kann Fr., 11. Dez. 2026 oder Do., 12. Nov. 2026 sein. Bitte "
           "schreiben Sie das Datum mit Punkten, den Tag zuerst, etwa 11.12.2026."),
    ("en", "“11/12/2026” could be Fri, 11 Dec 2026 or Thu, 12 Nov 2026. Please write the "
           "date with dots, day first, such as 11.12.2026."),
])
def test_an_ambiguous_date_is_asked_not_guessed(client, lang, message):
    page = notice_step(client, lang, **{"notice-effective": "11/12/2026"})
    assert message in errors_on(client.get(f"/step/notice?lang={lang}"))
    assert field_value(page, "notice-effective") == "11/12/2026"
    assert invalid(page, "notice-effective")


def test_a_date_that_has_one_reading_only_is_taken(client):
    page = notice_step(client, "en", **{"notice-effective": "1/11/2026"})
    assert "could be" in page
    page = notice_step(client, "en", **{"notice-effective": "11/1/2026",
                                        "notice-date": "01/09/2026"})
    assert "could be" in page                      # 11 January or 1 November: asked too
    notice_step(client, "en", **{"notice-effective": "13/11/2026", "notice-date": "1.9.2026"})
    assert errors_on(client.get("/step/notice?lang=en")) == []


def test_the_day_to_send_is_asked_too_when_ambiguous(client, telecom_case, csrf):
    fill(client, telecom_case, csrf)
    response = client.post("/result/date?lang=en", data={"csrf_token": csrf,
                                                          "letter-date": "09/10/2026"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "“09/10/2026” could be Fri, 9 Oct 2026 or Thu, 10 Sept 2026." in page
    assert re.search(r'id="letter-date"[^>]*value="09/10/2026"', page)
    assert client.post("/result/date", data={"csrf_token": csrf,
                                             "letter-date": "10.09.2026"}).status_code == 303


# --- Periods -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, typed, period, de, en", [
    ("weeks", "4", "P4W", "4 Wochen", "4 weeks"),
    ("weeks", "vier", "P4W", "4 Wochen", "4 weeks"),
    ("weeks", "6 Wochen", "P6W", "6 Wochen", "6 weeks"),
    ("months", "ein Monat", "P1M", "1 Monat", "1 month"),
    ("days", "14 Tage", "P14D", "14 Tage", "14 days"),
])
def test_a_period_in_words(client, telecom_case, csrf, kind, typed, period, de, en):
    fill(client, telecom_case, csrf)
    notice_step(client, "de", **{"notice-period_kind": kind, "notice-period_number": typed})
    assert errors_on(client.get("/step/notice")) == []
    assert case_of(client)["notice"]["objection_period"] == period
    for lang, words in (("de", de), ("en", en)):
        check = client.get(f"/check?lang={lang}").get_data(as_text=True)
        assert re.search(rf"<dd>\s*{words}\s*<", check), lang


@pytest.mark.parametrize("lang, typed, message", [
    ("en", "bald", "Enter the number of weeks, days or months, such as 4, or the period as "
                   "the notice says it, such as 4 weeks."),
    ("de", "", "Geben Sie an, wie viele Wochen, Tage oder Monate Ihnen die Mitteilung für den "
               "Widerspruch lässt."),
])
def test_a_period_that_cannot_be_read(client, lang, typed, message):
    page = notice_step(client, lang, **{"notice-period_kind": "weeks",
                                        "notice-period_number": typed})
    assert message in errors_on(client.get(f"/step/notice?lang={lang}"))
    assert field_value(page, "notice-period_number") == typed
    assert not FORMATS.search(shown(page))


# --- State names, file names ---------------------------------------------------------------

@pytest.mark.parametrize("lang, name", [("de", "Rheinland-Pfalz"),
                                        ("en", "Rhineland-Palatinate")])
def test_the_result_names_the_state(seed_client, lang, name):
    fill(seed_client, SEED, token(seed_client), f"?lang={lang}")
    page = shown(seed_client.get(f"/result?lang={lang}").get_data(as_text=True))
    assert name in page and not re.search(r"\bRP\b", page)


@pytest.mark.parametrize("lang, message", [
    ("de", "aus der Postleitzahl 14467 geht es nicht eindeutig hervor: Berlin, Brandenburg."),
    ("en", "the postal code 14467 does not tell it for sure: Berlin, Brandenburg.")])
def test_an_unclear_state_is_asked_by_name(client, telecom_case, csrf, lang, message):
    values = answers(make(telecom_case, **{"provider.postal_code": "14467"}))
    provider = next(step for step in STEPS if step.key == "provider")
    client.post(f"/step/provider?lang={lang}", data={
        "csrf_token": csrf, "action": "continue", **{
            k: v for k, v in values.items() if k in provider.fields}, "letter-state": ""})
    errors = errors_on(client.get(f"/step/provider?lang={lang}"))
    assert any(e.endswith(message) for e in errors), errors


def file_name(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.search(r"filename=\"?([^\";]+)", response.headers["Content-Disposition"]).group(1)


@pytest.mark.parametrize("lang, names", [
    ("de", ["widerspruch.pdf", "uebersetzung-widerspruch.pdf", "unterlagen.pdf",
            "widerspruch-vorab.pdf", "widerspruch-frist.ics", "widerspruch-fall.json"]),
    ("en", ["objection.pdf", "translation-objection.pdf", "records.pdf",
            "objection-advance-copy.pdf", "objection-deadline.ics", "objection-case.json"]),
])
def test_every_download_has_its_own_name_in_the_pages_language(client, telecom_case, csrf,
                                                                lang, names):
    # The letter in the other language than the page's, so that a translation is offered.
    case = make(telecom_case, **{"signature.mode": "image",
                                 "letter.language": "en" if lang == "de" else "de"})
    fill(client, case, csrf, f"?lang={lang}")
    page = client.get(f"/result?lang={lang}").get_data(as_text=True)
    image = {"signature-mode": "image", "signature_upload": png_upload()}
    got = [file_name(download(client, "/letter.pdf", page, csrf)),
           file_name(download(client, "/letter.pdf", page, csrf, translation=lang)),
           file_name(download(client, "/records.pdf", page, csrf)),
           file_name(client.post("/advance-copy.pdf", content_type="multipart/form-data",
                                 data={"csrf_token": csrf, "case": hidden_case(page),
                                       **image})),
           file_name(download(client, "/reminder.ics", page, csrf)),
           file_name(download(client, "/case.json", page, csrf))]
    assert got == names


def test_the_apis_letter_is_named_in_the_requests_language(client, telecom_case):
    def name(query, language):
        return file_name(client.post(f"/api/v1/letter{query}", json=telecom_case,
                                     headers={"Accept-Language": language}))
    assert name("", "de") == "widerspruch.pdf" and name("", "en") == "objection.pdf"
    # ?lang= is the request's language too: a translation, or the German letter itself.
    assert name("?lang=en", "de") == "translation-objection.pdf"
    assert name("?lang=de", "en") == "widerspruch.pdf"


# --- No page shows the case JSON's formats -------------------------------------------------

def pages(client, lang: str):
    for path in ["/", "/about", "/privacy", "/impressum",
                 *(f"/step/{step.key}" for step in STEPS), "/check", "/result", "/next"]:
        response = client.get(f"{path}?lang={lang}")
        yield path, response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_page_shows_the_case_jsons_formats(seed_client, lang):
    client = seed_client
    fill(client, SEED, token(client), f"?lang={lang}")
    seen = list(pages(client, lang))
    assert [status for _, status, _ in seen] == [200] * len(seen)
    # ... nor the errors of what was typed wrongly, of every kind.
    csrf = token(client)
    client.post(f"/step/notice?lang={lang}", data={
        "csrf_token": csrf, "action": "continue", "notice-date": "11/12/2026",
        "notice-received": "gestern", "notice-price_0_old": "1,234", "notice-price_0_new": "viel",
        "notice-effective": "30.02.2026", "notice-period_kind": "weeks",
        "notice-period_number": "P4W4", "contract-start_date": "01/02/2015"})
    seen.append(("notice with errors", 0, client.get(f"/step/notice?lang={lang}")
                 .get_data(as_text=True)))
    client.post(f"/step/notice?lang={lang}", data={
        "csrf_token": csrf, "action": "continue", "notice-period_kind": "date",
        "notice-period_date": "morgen"})
    seen.append(("period date", 0, client.get(f"/step/notice?lang={lang}")
                 .get_data(as_text=True)))
    seen.append(("check with errors", 0, client.get(f"/check?lang={lang}").get_data(as_text=True)))
    for path, _, page in seen:
        found = FORMATS.search(shown(page)) or ISO_DATE.search(shown(page))
        assert not found, (path, shown(page)[found.start() - 200:found.end() + 50])
    # A saved case with a period the form cannot show exactly, and a broken bill.
    saved = make(SEED, **{"notice.objection_period": "P1M15D"})
    saved["history"] = [{"type": "bill", "date": "5.1.2027", "period_from": "2027-01-01",
                         "period_to": "2027-01-31", "charged": "viel"}]
    response = upload(client, csrf, json.dumps(saved).encode(), f"?lang={lang}")
    page = shown(client.get(response.headers["Location"] + f"&lang={lang}")
                 .get_data(as_text=True))
    assert {"de": "1 Monat, 15 Tage", "en": "1 month, 15 days"}[lang] in page
    assert not FORMATS.search(page), FORMATS.search(page)
