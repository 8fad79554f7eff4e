"""The letter's content (pure: no PDF): blocks by sector and option, both languages."""
import datetime as dt

import pytest

from conftest import CASES, load_json
from objection.assess import assess
from objection.case import from_dict
from objection.letters import compose, compose_records
from objection.letters.layout import address_size, render_html
from objection.letters.wording import keep_together
from test_assess import make

D = dt.date.fromisoformat
NB = "\u00a0"


def letter_of(data, lang=None, today="2026-09-05"):
    case = from_dict(data)
    return compose(case, assess(case, D(today)), lang)


def body(letter) -> str:
    return " ".join(p.text for p in letter.paragraphs).replace(NB, " ").replace("\u2060", "")


def keys(letter) -> list[str]:
    return [p.key for p in letter.paragraphs]


def test_german_objection(telecom_case):
    letter = letter_of(telecom_case)
    text = body(letter)
    assert letter.salutation == "Sehr geehrte Damen und Herren,"
    assert letter.closing == "Mit freundlichen Grüßen"
    assert "Widerspruch gegen die Preiserhöhung zum 1. November 2026 – DSL 100" == \
        letter.subject.replace(NB, " ")
    assert "mit Ihrem Schreiben vom 1. September 2026, bei mir eingegangen am " \
           "3. September 2026," in text
    assert "von 19,99\u00a0€ monatlich auf 29,99\u00a0€ monatlich" in \
        " ".join(p.text for p in letter.paragraphs)
    assert "widerspreche ich hiermit" in text and "stimme der Änderung nicht zu" in text
    # Courts are split on telecom clauses: the customer's view, not a settled fact.
    assert "Nach meiner Auffassung ist die Klausel" in text
    assert "(§§ 307, 308 Nr. 5 BGB; vgl. BGH, Urteil vom 15. November 2007 – III ZR 247/06)" \
        in text
    assert "XI ZR 26/20" not in text                              # a bank case
    assert "nur den bisherigen Preis von 19,99" in text
    assert "nur unter Vorbehalt" in text and "§ 812 Abs. 1 Satz 1 BGB" in text
    # Letter date + 14 days is Saturday 19.09., moved to Monday (§ 193 BGB).
    assert "bis zum 21. September 2026 in Textform" in text
    assert "SEPA-Lastschriftmandat bleibt bestehen" in text
    assert "zurückgeben" not in text and "Rücklastschrift" not in text  # no chargeback
    assert keys(letter) == ["objection", "continuation", "reservation", "confirmation",
                            "direct_debit"]


def test_english_letter_and_translation_note(telecom_case):
    translation = letter_of(telecom_case, lang="en")
    assert translation.translation_note.startswith("Translation for your understanding")
    text = body(translation)
    assert "from €19.99 per month to €29.99 per month as of 1 November 2026" in text
    assert "I hereby object to this price increase" in text
    assert translation.salutation == "Dear Sir or Madam,"
    chosen = letter_of(make(telecom_case, **{"letter.language": "en"}))
    assert chosen.translation_note == ""
    assert letter_of(telecom_case).translation_note == ""


STATUTES = ("§ 57 Abs. 1 TKG", "§ 41 Abs. 5 EnWG", "§ 5 Abs. 3 StromGVV", "§ 5 Abs. 3 GasGVV",
            "§ 40 Abs. 1 VVG", "§ 205 Abs. 4 VVG", "§ 675g Abs. 2 Satz 2 BGB")


@pytest.mark.parametrize("sector, extra, statute, effect", [
    ("telecom", {}, "§ 57 Abs. 1 TKG",
     "ohne Kosten zu dem Zeitpunkt, zu dem die Vertragsänderung wirksam werden soll, also zum "
     "1. November 2026"),
    ("hosting", {"contract.bundled_with_internet": True},
     "§ 57 Abs. 1 TKG i. V. m. § 66 Abs. 1 TKG",
     "ohne Kosten zu dem Zeitpunkt, zu dem die Vertragsänderung wirksam werden soll"),
    ("energy", {}, "§ 41 Abs. 5 EnWG",
     "ohne Einhaltung einer Kündigungsfrist zum Zeitpunkt des Wirksamwerdens der "
     "Preisänderung am 1. November 2026"),
    ("energy", {"contract.basic_supply": True}, "§ 5 Abs. 3 StromGVV",
     "ohne Einhaltung einer Kündigungsfrist"),
    ("energy", {"contract.basic_supply": True, "contract.commodity": "gas"},
     "§ 5 Abs. 3 GasGVV", "ohne Einhaltung einer Kündigungsfrist"),
    ("insurance", {}, "§ 40 Abs. 1 VVG",
     "mit sofortiger Wirkung, frühestens jedoch zum Zeitpunkt des Wirksamwerdens der "
     "Erhöhung am 1. November 2026"),
    ("bank", {}, "§ 675g Abs. 2 Satz 2 BGB",
     "fristlos und kostenfrei mit Wirkung zum Ablauf des 31. Oktober 2026"),
])
def test_fallback_termination_names_exactly_the_sectors_statute(telecom_case, sector, extra,
                                                                statute, effect):
    data = make(telecom_case, **{"contract.sector": sector, "options.terminate_fallback": True,
                                 **extra})
    letter = letter_of(data)
    termination = [p for p in letter.paragraphs if p.key == "termination"][0]
    text = termination.text.replace(NB, " ")
    # The alternative hangs on a date the provider controls, not on "insisting".
    price = "Beitrag" if sector == "insurance" else "Preis"
    assert text.startswith("Sollten Sie mir nicht bis zum 21. September 2026 in Textform "
                           f"bestätigen, dass es beim bisherigen {price} bleibt, kündige ich ")
    assert f"hilfsweise gemäß {statute} {effect}" in text
    assert not any(other in text for other in STATUTES if other not in statute)
    assert "StromGVV/GasGVV" not in body(letter)
    assert "und hilfsweise Kündigung" in letter.subject.replace(NB, " ")


@pytest.mark.parametrize("sector", ["subscription", "hosting", "other"])
def test_plain_sectors_terminate_ordinarily(telecom_case, sector):
    letter = letter_of(make(telecom_case, **{"contract.sector": sector,
                                             "options.terminate_fallback": True}))
    text = body(letter)
    assert "hilfsweise ordentlich zum nächstmöglichen Zeitpunkt" in text
    assert "TKG" not in text


def test_termination_only(telecom_case):
    data = make(telecom_case, **{"contract.sector": "insurance", "options.object": False,
                                 "options.terminate_fallback": True})
    letter = letter_of(data)
    text = body(letter)
    assert "widerspreche" not in text and "Vorbehalt" not in text
    assert "Hiermit kündige ich den Vertrag gemäß § 40 Abs. 1 VVG" in text
    assert "Bitte bestätigen Sie mir die Kündigung und das Vertragsende" in text
    assert letter.subject.replace(NB, " ").startswith("Kündigung wegen der Beitragserhöhung")


@pytest.mark.parametrize("sector", ["insurance", "health_insurance"])
def test_an_insurer_raises_a_premium_not_a_price(telecom_case, sector):
    data = make(telecom_case, **{"contract.sector": sector,
                                 "options.terminate_fallback": sector == "insurance",
                                 "options.direct_debit": "keep"})
    german, english = letter_of(data), letter_of(data, lang="en")
    text = body(german)
    assert "Beitrag" in text and "Preis" not in text + german.subject
    assert "price" not in body(english) + english.subject
    if sector == "insurance":
        assert german.subject.replace(NB, " ").startswith(
            "Widerspruch gegen die Beitragserhöhung")
        assert "den Beitrag für meinen Tarif „DSL 100“" in text
        assert "Der Beitragserhöhung stimme ich nicht zu." in text
        assert "auf welche Beitragsanpassungsklausel meines Vertrags" in text
        assert "dass es beim bisherigen Beitrag bleibt" in text
        assert "I do not consent to the premium increase." in body(english)


def test_bank_rejects_the_offer(telecom_case):
    letter = letter_of(make(telecom_case, **{"contract.sector": "bank"}))
    text = body(letter)
    assert "Die angebotene Änderung lehne ich hiermit ab (§ 675g Abs. 2 Satz 1 BGB)" in text
    # XI ZR 26/20 is the bank case: cited here, for a consumer, and only here.
    assert "gegenüber Verbrauchern unwirksam (BGH, Urteil vom 27. April 2021 – XI ZR 26/20)" \
        in text
    assert "direct_debit" not in keys(letter)     # a bank charges the account itself
    business = body(letter_of(make(telecom_case, **{"contract.sector": "bank",
                                                    "contract.consumer": False})))
    # Section 675e(4) BGB lets businesses contract out: the customer's view, not a fact.
    assert "XI ZR 26/20" not in business and "§ 675e Abs. 4 BGB" in business
    assert "nach meiner Auffassung" in business


def test_energy_fairness_and_one_week_confirmation():
    data = load_json(CASES / "energy.json")
    letter = letter_of(data, today="2026-10-25")
    text = body(letter)
    assert "bestreite ich, dass die Erhöhung der Billigkeit entspricht (§ 315 Abs. 3 BGB)" \
        in text
    # Section 307 BGB; no concession on sections 308, 309 (section 310(2) BGB keeps them
    # out only where the terms follow the basic-supply regulation).
    assert "(§ 307 Abs. 1 und 2 BGB)" in text and "308" not in text
    assert "vgl. BGH, Urteil vom 21. Dezember 2022 – VIII ZR 199/20" in text
    assert "meine Kündigung innerhalb einer Woche nach Zugang" in text
    assert "§ 41b Abs. 1 EnWG" in text
    assert "von 32,50 ct/kWh auf 37,90 ct/kWh" in text


def test_late_notice_paragraph(telecom_case):
    # Telecom: received 15.10. for a change on 01.11. -> was due by 30.09. (§ 57(2) TKG).
    # The letter names what the statute demands, not a past due date.
    data = make(telecom_case, **{"notice.date": "2026-10-14", "notice.received": "2026-10-15",
                                 "letter.date": "2026-10-16"})
    text = body(letter_of(data, today="2026-10-16"))
    assert ("Ihre Mitteilung ist mir erst am 15. Oktober 2026 zugegangen. Nach § 57 Abs. 2 TKG "
            "hätte sie mir mindestens einen Monat vor dem Wirksamwerden der Änderung zugehen "
            "müssen.") in text
    assert "30. September 2026" not in text
    assert "nicht zum 1. November 2026 wirksam werden" in text
    assert "Mein Kündigungsrecht nach § 57 Abs. 1 TKG bleibt unberührt." in text
    assert "Ihre Mitteilung ist mir erst" not in body(letter_of(telecom_case))


@pytest.mark.parametrize("choice, fragment", [
    ("keep", "SEPA-Lastschriftmandat bleibt bestehen"),
    ("revoke", "SEPA-Lastschriftmandat widerrufe ich hiermit"),
    ("none", None),
])
def test_direct_debit(telecom_case, choice, fragment):
    letter = letter_of(make(telecom_case, **{"options.direct_debit": choice}))
    paragraphs = [p for p in letter.paragraphs if p.key == "direct_debit"]
    if fragment:
        assert fragment in paragraphs[0].text
    else:
        assert not paragraphs


def test_no_reservation_when_switched_off(telecom_case):
    letter = letter_of(make(telecom_case, **{"options.reserve_refund": False}))
    assert "reservation" not in keys(letter)


def test_confirmation_days(telecom_case):
    text = body(letter_of(make(telecom_case, **{"options.confirmation_days": 30})))
    assert "bis zum 5. Oktober 2026" in text


def test_postal_note_follows_delivery(telecom_case):
    assert letter_of(telecom_case).postal_note == "Einwurf-Einschreiben"
    receipt = make(telecom_case, **{"options.delivery": "registered_mail_receipt"})
    assert letter_of(receipt).postal_note == "Einschreiben Rückschein"
    fax = make(telecom_case, **{"options.delivery": "fax"})
    assert letter_of(fax).postal_note == "Per Fax: +49 30 1234567"
    assert letter_of(make(telecom_case, **{"options.delivery": "letter"})).postal_note == ""


def test_info_block(telecom_case):
    info = {r.label: r.value for r in letter_of(telecom_case).info}
    assert info == {"Kundennummer": "K-123456", "Vertragsnummer": "V-987654",
                    "Ihr Schreiben vom": "01.09.2026", "Eingegangen am": "03.09.2026",
                    "Datum": "Köln, 05.09.2026"}


def test_provider_abroad_gets_the_country_line():
    letter = letter_of(load_json(CASES / "streaming.json"), today="2026-11-12")
    assert letter.recipient[-1] == "NETHERLANDS"
    assert letter.translation_note == ""              # an English letter by choice


def test_a_provider_in_the_united_kingdom_has_its_postcode_after_the_town():
    data = load_json(CASES / "streaming.json")
    data["provider"].update(street="Hammersmith Road 1", postal_code="W6 7AP", city="London",
                            country="GB")
    letter = letter_of(data, today="2026-11-12")
    assert letter.recipient[-2:] == ["London W6 7AP", "UNITED KINGDOM"]


def test_address_size_keeps_six_lines():
    assert address_size(["Beispiel GmbH", "Straße 1", "10115 Berlin"]) == 10
    assert address_size(["x" * 100, "y" * 100, "12345 Stadt"]) == 8


def test_keep_together():
    assert keep_together("gemäß § 41 Abs. 5 EnWG") == f"gemäß §{NB}41{NB}Abs.{NB}5{NB}EnWG"


def test_records_sheet(telecom_case):
    case = from_dict(telecom_case)
    records = compose_records(case, assess(case, D("2026-09-05")), "de")
    labels = [r.label for r in records.deadlines]
    assert labels[0] == "Ihr Widerspruch muss eingegangen sein bis" and "Absenden bis" in labels
    text = " ".join(item for _, items in records.sections for item in items)
    assert "Auslieferungsbeleg" in text                      # R12 proof
    assert "ordentlich kündigen" in text                     # R14
    assert "8 Wochen" in text and "den ganzen Betrag" in text  # chargeback risks
    assert "§ 61 Abs. 4 TKG" in text                         # blocking only from 100 €
    assert "eigenhändig mit Tinte" in text                   # R11, handwritten
    assert records.not_to_send == "Dieses Blatt bitte aufbewahren, nicht mitschicken."


def test_html_escapes_what_the_user_typed(telecom_case):
    data = make(telecom_case, **{"customer.name": "<b>Eve</b> & {{ 7*7 }}",
                                 "contract.tariff": "<img src=x onerror=alert(1)>"})
    html = render_html(letter_of(data))
    assert "<b>Eve</b>" not in html and "&lt;b&gt;Eve&lt;/b&gt; &amp; {{ 7*7 }}" in html
    assert "<img src=x" not in html


def test_records_sheet_for_a_termination_only():
    data = load_json(CASES / "insurance.json")
    case = from_dict(data)
    records = compose_records(case, assess(case, D("2026-11-09")), "en")
    labels = [r.label for r in records.deadlines]
    assert "Special termination possible until" in labels
    assert not any("objection" in label for label in labels)
    text = " ".join(item for _, items in records.sections for item in items)
    assert "After your objection" not in text
