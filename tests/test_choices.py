"""Choices that fit: what matters is on the page when it is chosen (private health
insurance), a pure termination asks only what applies (a bank's: the switching service
and the IBAN for the balance), and the direct debit says the same on the page, in the
letter and on the records sheet."""
import json
import re

import pytest

from conftest import pdf_text
from test_assess import make
from test_web import download, fill, hidden_case, result_page


def step(client, key: str, lang: str = "de") -> str:
    return client.get(f"/step/{key}?lang={lang}").get_data(as_text=True)


def letter_and_records(client, case, csrf) -> tuple[str, str]:
    page = result_page(client, case, csrf)
    data = download(client, "/letter.pdf", page, csrf, records="1").data
    return pdf_text(data, 1, 1), pdf_text(data, 2)


# --- Private health insurance --------------------------------------------------------------

@pytest.fixture
def health(telecom_case):
    return make(telecom_case, **{"contract.sector": "health_insurance",
                                 "notice.price_unit": "month"})


def test_a_premium_reset_is_not_asked_for_a_period_or_a_form(client, health, csrf):
    notice = step(client, "notice")
    period = notice.index('id="notice-period_kind"')
    assert notice.rfind('class="hide-health"', 0, period) > notice.rfind("</div>\n</div>", 0, period)
    # Nothing typed for the period: the steps go on, and the case holds neither.
    fill(client, make(health, **{"notice.objection_period": None,
                                 "notice.required_form": "written"}), csrf)
    check = client.get("/check").get_data(as_text=True)
    assert "Widerspruchsfrist" not in check and "Wie müssen Sie widersprechen" not in check
    case = json.loads(hidden_case(client.get("/result").get_data(as_text=True)))
    assert case["notice"].get("objection_period") is None
    assert case["notice"]["required_form"] == "unknown"


@pytest.mark.parametrize("lang, texts", [
    ("de", ["§ 205 Abs. 6 VVG", "binnen zwei Monaten", "Alterungsrückstellungen",
            "Gesundheitszustand erneut prüfen", "§ 204 VVG", "Zustimmung des Treuhänders"]),
    ("en", ["§ 205 Abs. 6 VVG", "within two months", "Ageing reserves",
            "assess your health again", "§ 204 VVG", "trustee's approval"]),
])
def test_the_health_choice_says_what_each_option_means(client, health, csrf, lang, texts):
    fill(client, health, csrf)
    page = step(client, "wishes", lang)
    hint = re.search(r'<fieldset[^>]*id="options-wish".*?</fieldset>', page, re.S).group(0)
    for text in texts:
        assert text in hint, text
    assert "keeps the contract at the old price" not in hint


# --- A pure termination -------------------------------------------------------------------

def test_a_pure_termination_asks_no_reservation_and_the_sheet_names_no_refund(
        client, telecom_case, csrf):
    fill(client, telecom_case, csrf)
    wishes = step(client, "wishes")
    reserve = wishes.index('id="options-reserve_refund"')
    assert wishes.rfind('class="hide-terminate"', 0, reserve) != -1
    case = make(telecom_case, **{"options.object": False, "options.terminate_fallback": True})
    letter, records = letter_and_records(client, case, csrf)
    assert "Vorbehalt" not in letter
    assert "verjähren" not in records and "Vorbehalt" not in records
    check = client.get("/check").get_data(as_text=True)
    assert "Nur unter Vorbehalt zahlen" not in check


@pytest.fixture
def bank_termination(telecom_case):
    return make(telecom_case, **{"contract.sector": "bank", "provider.name": "Beispielbank AG",
                                 "options.object": False, "options.terminate_fallback": True})


def test_a_bank_termination_names_the_switching_service_and_asks_for_the_iban(
        client, bank_termination, csrf):
    fill(client, bank_termination, csrf)
    wishes = step(client, "wishes")
    assert "§§ 20 ff. ZKG" in wishes and 'id="customer-iban"' in wishes
    assert 'name="options-direct_debit"' not in wishes      # a bank charges the account
    case = make(bank_termination, **{"customer.iban": "de89370400440532013000"})
    letter, records = letter_and_records(client, case, csrf)
    assert ("überweisen Sie das Restguthaben auf mein Konto IBAN DE89 3704 0044 0532 0130 00."
            in letter)
    assert "gesondert mit" not in letter
    assert "§§ 20 ff. ZKG" in records
    assert "IBAN" in client.get("/check").get_data(as_text=True)


@pytest.mark.parametrize("lang, message", [("de", "Keine gültige IBAN"),
                                           ("en", "Not a valid IBAN")])
def test_a_wrong_iban_is_explained_at_its_field_and_kept(client, bank_termination, csrf,
                                                        lang, message):
    fill(client, bank_termination, csrf)
    response = client.post(f"/step/wishes?lang={lang}", data={
        "csrf_token": csrf, "action": "continue", "options-wish": "terminate",
        "options-confirmation_days": "14", "letter-language": "de",
        "customer-iban": "DE89 3704 0044 0532 0130 01"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    error = re.search(r'id="customer-iban-error"[^>]*>(.*?)</p>', page, re.S)
    assert error and message in error.group(1)
    assert re.search(r'id="customer-iban"[^>]*value="DE89 3704 0044 0532 0130 01"', page)


def test_without_an_iban_the_letter_says_the_account_follows(client, bank_termination, csrf):
    letter, _ = letter_and_records(client, bank_termination, csrf)
    assert "wohin Sie ein Restguthaben überweisen sollen, teile ich Ihnen gesondert mit" in letter


# --- The direct debit, one stance ---------------------------------------------------------

@pytest.mark.parametrize("wish, debit, letter_text, records_text", [
    ((True, False), "keep",
     "Auch eingezogene Beträge über dem bisherigen Preis gelten als unter dem oben erklärten "
     "Vorbehalt gezahlt.",
     "Sie zahlen ihn dann unter Vorbehalt und können ihn zurückfordern"),
    ((False, True), "keep",
     "gilt nur noch für Beträge, die bis zum Vertragsende anfallen, einschließlich der "
     "Schlussrechnung",
     "für alles, was bis zum Vertragsende anfällt, einschließlich der Schlussrechnung"),
    ((True, False), "revoke", "Den bisherigen Preis von 19,99 € monatlich überweise ich fristgerecht.",
     "Überweisen Sie den alten Preis pünktlich"),
    ((False, True), "revoke", "Die bis zum Vertragsende geschuldeten Beträge",
     "was bis zum Vertragsende geschuldet ist"),
])
def test_the_direct_debit_says_the_same_on_the_page_in_the_letter_and_on_the_sheet(
        client, telecom_case, csrf, wish, debit, letter_text, records_text):
    case = make(telecom_case, **{"options.object": wish[0], "options.terminate_fallback":
                                 wish[1], "options.direct_debit": debit})
    letter, records = letter_and_records(client, case, csrf)
    assert letter_text in letter
    assert records_text in records
    page = step(client, "wishes")
    hint = re.search(r'<fieldset[^>]*id="options-direct_debit".*?</fieldset>', page,
                     re.S).group(0)
    assert ("unter Vorbehalt gezahlt" if debit == "keep" and wish[0] else
            "bis zum Vertragsende" if debit == "keep" else "per Überweisung") in hint
    assert "nur den alten Preis" not in hint        # what the mandate never did
