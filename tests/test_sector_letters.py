"""What the letter and the records sheet say, sector by sector, read back from the real
PDF in German and English: the right statute for the sector and the customer, the
customer's view where courts are split, no end date before the letter arrives, one
stance on direct debits, and a termination-only letter that says what it does."""
import datetime as dt
import re

import pytest

from conftest import pdf_text
from objection.assess import assess
from objection.case import CaseError, from_dict
from objection.pdf import render_pdf
from test_assess import make

D = dt.date.fromisoformat
LANGS = ("de", "en")


def pdf(data: dict, lang: str, today: str = "2026-09-05") -> tuple[str, str]:
    """The letter's text and the records sheet's text, in `lang`, from the real PDF."""
    case = from_dict(data, D(today))
    data = render_pdf(case, assess(case, D(today)), lang=lang, records_lang=lang)
    text = pdf_text(data)
    split = text.index("Für Ihre Unterlagen" if lang == "de" else "For your records")
    return text[:split], text[split:]


def case(base: dict, **changes) -> dict:
    return make(base, **changes)


# --- 1. A termination never ends a contract on a past day ------------------------------

@pytest.mark.parametrize("lang, sentence", [
    ("de", "Hiermit kündige ich den Vertrag gemäß § 57 Abs. 1 TKG ohne Kosten mit sofortiger "
           "Wirkung."),
    ("en", "I hereby terminate the contract under § 57(1) TKG free of charge with immediate "
           "effect.")])
def test_telecom_termination_after_the_change_is_immediate(telecom_case, lang, sentence):
    # Change on 01.11.2026; the letter goes out on 20.11.2026, within the three months of
    # section 57(1) TKG: it terminates at once (sentence 3: at the earliest at the change),
    # never "as of 1 November 2026", a day that has passed.
    data = case(telecom_case, **{"options.object": False, "options.terminate_fallback": True,
                                 "letter.date": "2026-11-20"})
    letter, _ = pdf(data, lang, today="2026-11-20")
    assert sentence in letter
    before = case(telecom_case, **{"options.object": False, "options.terminate_fallback": True})
    letter, _ = pdf(before, lang)
    assert ("also zum 1. November 2026" if lang == "de" else
            "takes effect, 1 November 2026") in letter


@pytest.mark.parametrize("lang, effect", [
    ("de", "mit sofortiger Wirkung, frühestens jedoch zum Zeitpunkt des Wirksamwerdens der "
           "Erhöhung am 1. November 2026"),
    ("en", "with immediate effect, but not before the increase takes effect on "
           "1 November 2026")])
def test_insurance_termination_before_the_change(telecom_case, lang, effect):
    data = case(telecom_case, **{"contract.sector": "insurance", "options.object": False,
                                 "options.terminate_fallback": True})
    letter, _ = pdf(data, lang)
    assert effect in letter
    assert ("§ 40 Abs. 1 VVG" if lang == "de" else "§ 40(1) VVG") in letter


DAY = re.compile(r"\b(\d{1,2})\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|"
                 r"Oktober|November|Dezember) (\d{4})\b")
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]


@pytest.mark.parametrize("sector, extra", [
    ("telecom", {}), ("insurance", {}), ("health_insurance", {"options.object": False}),
    ("bank", {}), ("energy", {"contract.commodity": "gas"}),
    ("energy", {"contract.basic_supply": True}), ("hosting", {})])
@pytest.mark.parametrize("letter_date", ["2026-09-05", "2026-10-30", "2026-11-20"])
def test_no_date_to_end_or_act_by_lies_before_the_letter_arrives(telecom_case, sector, extra,
                                                                  letter_date):
    # Every date in the termination and confirmation paragraphs (when the contract ends,
    # when the provider must answer) lies on or after the letter's expected arrival.
    data = case(telecom_case, **{"contract.sector": sector, "options.terminate_fallback": True,
                                 "letter.date": letter_date, **extra})
    c = from_dict(data, D(letter_date))
    a = assess(c, D(letter_date))
    from objection.letters import compose
    letter = compose(c, a, "de")
    for paragraph in letter.paragraphs:
        if paragraph.key not in ("termination", "confirmation", "consequences"):
            continue
        text = paragraph.text.replace("\u00a0", " ")
        for day, month, year in DAY.findall(text):
            named = dt.date(int(year), MONTHS.index(month) + 1, int(day))
            assert named >= a.expected_arrival, (sector, letter_date, text)


# --- 2. Private health insurance is statutory -------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_private_health_insurance_asks_instead_of_objecting(telecom_case, lang):
    data = case(telecom_case, **{"contract.sector": "health_insurance", "contract.tariff": "",
                                 "notice.objection_period": None})
    letter, records = pdf(data, lang)
    for wrong in ("308", "XI ZR 26/20", "widerspreche", "object to", "only the previous",
                  "nur den bisherigen"):
        assert wrong not in letter, wrong
    section = "§ 203 Abs. 5 VVG" if lang == "de" else "§ 203(5) VVG"
    assert section in letter and "IV ZR 255/17" in letter
    assert ("Treuhänder" if lang == "de" else "independent trustee") in letter
    assert ("§ 204 Abs. 1 Satz 1 Nr. 1 VVG" if lang == "de" else
            "§ 204(1) sentence 1 no. 1 VVG") in letter
    assert "§ 206 VVG" in records


@pytest.mark.parametrize("lang", LANGS)
def test_private_health_insurance_termination_warns_of_compulsory_cover(telecom_case, lang):
    data = case(telecom_case, **{"contract.sector": "health_insurance", "options.object": False,
                                 "options.terminate_fallback": True})
    letter, records = pdf(data, lang)
    basis = "§ 205 Abs. 6 VVG" if lang == "de" else "§ 205(6) VVG"
    assert basis in letter and basis in records
    assert ("Alterungsrückstellungen" if lang == "de" else "Ageing reserves") in records


# --- 3. Basic supply has its own regulation ---------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("commodity, regulation", [("electricity", "StromGVV"),
                                                   ("gas", "GasGVV")])
def test_basic_supply_cites_the_regulation_of_its_commodity(telecom_case, lang, commodity,
                                                            regulation):
    data = case(telecom_case, **{"contract.sector": "energy", "contract.basic_supply": True,
                                 "contract.commodity": commodity,
                                 "options.terminate_fallback": True})
    letter, records = pdf(data, lang)
    other = {"StromGVV": "GasGVV", "GasGVV": "StromGVV"}[regulation]
    assert "StromGVV/GasGVV" not in letter + records and other not in letter + records
    confirm, supply_duty = (("§ 20 Abs. 2 Satz 2", "§ 20 Abs. 1 Satz 2") if lang == "de" else
                            ("§ 20(2) sentence 2", "§ 20(1) sentence 2"))
    assert f"{confirm} {regulation}" in letter
    assert "41b" not in letter                 # section 41b EnWG is for special contracts
    assert f"{supply_duty} {regulation}" in records


@pytest.mark.parametrize("lang", LANGS)
def test_basic_supply_six_weeks_run_from_the_announcement(telecom_case, lang):
    # Dated 01.10. for a change on 01.11.: less than six weeks, counted from the notice's
    # own date (sent with the public announcement): the letter asks when it was published.
    data = case(telecom_case, **{"contract.sector": "energy", "contract.basic_supply": True,
                                 "contract.commodity": "electricity",
                                 "notice.date": "2026-10-01", "notice.received": "2026-10-03",
                                 "letter.date": "2026-10-05"})
    letter, records = pdf(data, lang, today="2026-10-05")
    assert ("wann und wo Sie die Änderung öffentlich bekanntgegeben haben" if lang == "de" else
            "when and where you published the change") in letter
    assert ("öffentlichen Bekanntgabe" if lang == "de" else "public announcement") in records


# --- 4. Business energy customers can be household customers ---------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_small_business_energy_gets_the_household_notice(telecom_case, lang):
    # Received 05.10. for a change on 01.11.: late for a household customer (one month),
    # in time for other businesses (two weeks). Unknown consumption: the safe side.
    energy = {"contract.sector": "energy", "contract.consumer": False,
              "contract.commodity": "electricity", "notice.date": "2026-10-02",
              "notice.received": "2026-10-05", "letter.date": "2026-10-06"}
    late = "Nach § 41 Abs. 5 EnWG hätte sie mir" if lang == "de" else "Under § 41(5) EnWG"
    for kwh in (None, 8_000):
        letter, _ = pdf(case(telecom_case, **energy, **{"contract.annual_consumption_kwh": kwh}),
                        lang, today="2026-10-06")
        assert late in letter, kwh
    letter, _ = pdf(case(telecom_case, **energy, **{"contract.annual_consumption_kwh": 50_000}),
                    lang, today="2026-10-06")
    assert late not in letter


# --- 5. The legal ground fits the sector and the customer ------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_business_customers_get_section_307_via_310(telecom_case, lang):
    letter, _ = pdf(case(telecom_case, **{"contract.consumer": False}), lang)
    assert "308" not in letter
    assert ("§ 307 Abs. 1 und 2 BGB i. V. m. § 310 Abs. 1 Satz 2 BGB" if lang == "de" else
            "§ 307(1), (2) BGB in conjunction with § 310(1) sentence 2 BGB") in letter


@pytest.mark.parametrize("lang", LANGS)
def test_energy_special_contract_grounds(telecom_case, lang):
    letter, _ = pdf(case(telecom_case, **{"contract.sector": "energy",
                                          "contract.commodity": "gas"}), lang)
    assert ("(§ 307 Abs. 1 und 2 BGB)" if lang == "de" else "(§ 307(1), (2) BGB)") in letter
    assert "308" not in letter
    assert "VIII ZR 200/20" in letter and "VIII ZR 199/20" not in letter   # gas, not power
    assert "XI ZR 26/20" not in letter


@pytest.mark.parametrize("lang, view", [("de", "Nach meiner Auffassung"), ("en", "In my view")])
@pytest.mark.parametrize("sector", ["telecom", "hosting", "subscription"])
def test_split_courts_give_the_customers_view(telecom_case, lang, view, sector):
    letter, _ = pdf(case(telecom_case, **{"contract.sector": sector}), lang)
    assert view in letter and "XI ZR 26/20" not in letter


def test_a_letter_cites_only_rulings_that_exist_on_its_date(telecom_case):
    streaming = {"contract.sector": "subscription", "notice.date": "2025-06-01",
                 "notice.received": "2025-06-02", "notice.effective": "2025-08-01",
                 "letter.date": "2025-06-03"}
    letter, _ = pdf(case(telecom_case, **streaming), "de", today="2025-06-03")
    assert "39 U 2482/23 e" in letter                  # OLG München, 11 October 2024
    assert "I-20 U 19/25" not in letter                # OLG Düsseldorf, 30 October 2025
    later, _ = pdf(case(telecom_case, **{**streaming, "letter.date": "2025-11-03"}), "de",
                   today="2025-11-03")
    assert "I-20 U 19/25" in later
    # Two rulings of one court and day in one citation.
    assert "KG, Urteile vom 15. November 2023 – 23 U 15/22 und 23 U 112/22" in later


# --- 6. Direct debit: one stance per option ----------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_direct_debit_keep_pays_under_reservation_and_announces_no_chargeback(telecom_case,
                                                                               lang):
    letter, records = pdf(telecom_case, lang)
    assert ("unter dem oben erklärten Vorbehalt" if lang == "de" else
            "under the reservation stated above") in letter
    for chargeback in ("zurückgeben", "Rücklastschrift", "returned", "charge back"):
        assert chargeback not in letter
    assert ("den ganzen Betrag" if lang == "de" else "the whole amount") in records
    assert ("§ 61 Abs. 4 TKG" if lang == "de" else "§ 61(4) TKG") in records


@pytest.mark.parametrize("lang", LANGS)
def test_business_records_explain_the_b2b_mandate(telecom_case, lang):
    _, records = pdf(case(telecom_case, **{"contract.consumer": False}), lang)
    assert ("SEPA-Firmenlastschriftmandat" if lang == "de" else "SEPA B2B") in records


# --- 8. Impossible and late dates ------------------------------------------------------------

@pytest.mark.parametrize("changes, path", [
    ({"notice.received": "2026-09-06"}, "notice.received"),                 # the future
    ({"notice.received": "2026-08-30"}, "notice.received"),                 # before the notice
    ({"letter.date": "2026-09-02"}, "letter.date"),                         # before receipt
])
def test_impossible_dates_are_errors(telecom_case, changes, path):
    with pytest.raises(CaseError) as error:
        from_dict(case(telecom_case, **changes), D("2026-09-05"))
    assert [e.path for e in error.value.errors] == [path]


@pytest.mark.parametrize("lang, said", [
    ("de", "erst am 3. November 2026 und damit am oder nach dem angekündigten Zeitpunkt"),
    ("en", "only on 3 November 2026, on or after the date announced for the change")])
def test_a_notice_after_the_change_keeps_the_customers_rights(telecom_case, lang, said):
    data = case(telecom_case, **{"notice.date": "2026-11-02", "notice.received": "2026-11-03",
                                 "letter.date": "2026-11-04", "notice.objection_period": None})
    a = assess(from_dict(data, D("2026-11-04")), D("2026-11-04"))
    assert "notice_too_late" in a.codes and "deadline_passed" not in a.codes
    assert a.status != "missed"
    assert a.termination.date == D("2027-02-03")       # three months from receipt
    letter, _ = pdf(data, lang, today="2026-11-04")
    assert said in letter


# --- 9. Two states, one deadline, also in the calendar ---------------------------------------

def test_the_calendar_uses_the_earlier_day_of_two_states(telecom_case):
    from icalendar import Calendar
    from objection.ics import reminder_ics
    # Received Thu 14.05.2009, four weeks: Thu 11.06.2009 is Corpus Christi in RP (the
    # provider's state), not in BE (the customer's): the earlier day counts.
    data = case(telecom_case, **{"notice.date": "2009-05-13", "notice.received": "2009-05-14",
                                 "notice.effective": "2009-07-01", "letter.date": "2009-05-15",
                                 "letter.state": "RP", "customer.postal_code": "10115",
                                 "contract.start_date": "2005-01-01"})
    c = from_dict(data, D("2009-05-15"))
    a = assess(c, D("2009-05-15"))
    assert a.deadline.date == D("2009-06-11")
    events = Calendar.from_ical(reminder_ics(c, a, "en")).walk("VEVENT")
    assert D("2009-06-11") in [e["DTSTART"].dt for e in events]


# --- 11. "Terminate only" says what the label says ---------------------------------------

@pytest.mark.parametrize("lang, termination, domains", [
    ("de", "Hiermit kündige ich den Vertrag ordentlich zum nächstmöglichen Zeitpunkt.",
     "Auth-Code (AuthInfo) für jede meiner Domains"),
    ("en", "I hereby terminate the contract with ordinary notice as of the earliest possible "
           "date.", "auth code (AuthInfo) for each of my domains")])
def test_terminate_only_hosting(telecom_case, lang, termination, domains):
    data = case(telecom_case, **{"contract.sector": "hosting", "options.object": False,
                                 "options.terminate_fallback": True})
    letter, records = pdf(data, lang)
    assert termination in letter and domains in letter
    assert ("widerspreche" if lang == "de" else "object to") not in letter
    assert ("Domains" if lang == "de" else "domains") in records
    a = assess(from_dict(data), D("2026-09-05"))
    assert a.deadline.date == D("2026-10-01")         # with the notice's four weeks
    assert [row.key for row in a.rows()][0] == "letter"


# --- What the lawyer's reading added ------------------------------------------------------

def test_private_health_insurance_has_no_termination_in_the_alternative(telecom_case):
    data = case(telecom_case, **{"contract.sector": "health_insurance",
                                 "options.terminate_fallback": True})
    with pytest.raises(CaseError) as error:
        from_dict(data)
    assert [e.path for e in error.value.errors] == ["options.terminate_fallback"]


@pytest.mark.parametrize("lang, proof", [
    ("de", "Den Abschluss eines Liefervertrags mit einem neuen Lieferanten weise ich Ihnen "
           "innerhalb eines Monats nach Zugang dieser Kündigung nach (§ 5 Abs. 3 Satz 2 GasGVV)."),
    ("en", "(§ 5(3) sentence 2 GasGVV)")])
def test_basic_supply_termination_names_the_proof_of_a_new_supplier(telecom_case, lang, proof):
    data = case(telecom_case, **{"contract.sector": "energy", "contract.basic_supply": True,
                                 "contract.commodity": "gas", "options.object": False,
                                 "options.terminate_fallback": True})
    letter, records = pdf(data, lang)
    assert proof in letter
    assert ("§ 5 Abs. 3 Satz 2 GasGVV" if lang == "de" else "§ 5(3) sentence 2 GasGVV") \
        in records


@pytest.mark.parametrize("lang", LANGS)
def test_telecom_termination_never_asks_to_cut_the_line(telecom_case, lang):
    data = case(telecom_case, **{"options.object": False, "options.terminate_fallback": True})
    letter, _ = pdf(data, lang)
    assert ("§ 59 Abs. 2 TKG" if lang == "de" else "§ 59(2) TKG") in letter
    assert ("Leistungen zu diesem Zeitpunkt ein" if lang == "de" else
            "end your services") not in letter


@pytest.mark.parametrize("lang", LANGS)
def test_bank_termination_falls_back_to_section_675h(telecom_case, lang):
    data = case(telecom_case, **{"contract.sector": "bank", "options.object": False,
                                 "options.terminate_fallback": True})
    letter, _ = pdf(data, lang)
    assert ("§ 675g Abs. 2 Satz 2 BGB" if lang == "de" else "§ 675g(2) sentence 2 BGB") in letter
    assert ("§ 675h Abs. 1 BGB" if lang == "de" else "§ 675h(1) BGB") in letter
