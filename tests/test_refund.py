"""The refund per billing period (docs/rules.md section 7.3): months counted from the
first day a bill covers, against examples computed by hand; the first day of the higher
price and the time-barred amounts, named as such; limitation from the day paid; kWh split
across the change (§ 12 Abs. 2 StromGVV/GasGVV). Every point read back from the letters'
PDFs in German and English, and through the page "What happened next?"."""
import calendar
import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from conftest import FIXTURES, load_json, pdf_text
from objection.assess import assess
from objection.case import CaseError, from_dict
from objection.pdf import render_pdf
from objection.refund import month_end, months_between, refund, whole_months
from objection.web import create_app
from test_assess import make
from test_web import hidden_case

D = dt.date.fromisoformat
SEED = load_json(FIXTURES / "hosting_1und1.json")      # 19.99 -> 29.99 a month
ENERGY = load_json(FIXTURES / "long_energy.json")      # per kWh, from 1.1.2027
SENT = {"type": "objection_sent", "date": "2026-11-25", "delivery": "registered_mail"}
# The seed case five years earlier: the higher price from 1 January 2022.
EARLY = {"notice.date": "2021-11-02", "notice.received": "2021-11-03",
         "notice.effective": "2022-01-01", "letter.date": "2021-11-05"}


def bill(date, first, last, **extra):
    return {"type": "bill", "date": date, "period_from": first, "period_to": last, **extra}


def case_of(*bills, base=SEED, today="2027-03-20", sent=SENT, **changes):
    return from_dict({**make(base, **changes), "history": [sent, *bills]}, D(today))


def letter(case, kind, lang, today):
    a = assess(case, D(today))
    return pdf_text(render_pdf(case, a, lang=lang, today=D(today), kind=kind))


# --- Months counted from the bill's first day (§§ 187 Abs. 2, 188 Abs. 2, 3 BGB) -------

@pytest.mark.parametrize("first, count, last", [
    ("2027-01-15", 1, "2027-02-14"),     # § 188(2): the day before the 15th
    ("2027-01-01", 1, "2027-01-31"),     # a calendar month stays one
    ("2027-01-31", 1, "2027-02-28"),     # § 188(3): no 31 February, its last day
    ("2027-01-30", 1, "2027-02-28"),
    ("2028-01-30", 1, "2028-02-29"),     # leap year
    ("2027-01-28", 1, "2027-02-27"),
    ("2027-01-31", 2, "2027-03-30"),     # counted from the first day, not step by step
    ("2027-01-15", 3, "2027-04-14"),
])
def test_a_month_from_any_day_ends_as_the_bgb_counts_it(first, count, last):
    assert month_end(D(first), count) == D(last)


def test_whole_months_and_the_days_left_over():
    assert whole_months(D("2027-01-15"), D("2027-02-14")) == (1, 0)
    assert whole_months(D("2027-01-15"), D("2027-02-24")) == (1, 10)
    assert whole_months(D("2027-01-15"), D("2027-01-24")) == (0, 10)
    assert whole_months(D("2027-01-01"), D("2027-12-31")) == (12, 0)
    # Ten days from 15 February: of the month 15.02.-14.03.2027, which has 28 days.
    assert months_between(D("2027-01-15"), D("2027-02-24")) == 1 + Decimal(10) / 28
    # The same days counted in the bill's months from 15 January: 10 of 15.01.-14.02.
    assert months_between(D("2027-02-05"), D("2027-02-14"), anchor=D("2027-01-15")) == \
        Decimal(10) / 31


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2095, 12, 31))
spans = st.integers(0, 5 * 366)


def same(a: Decimal, b: Decimal) -> bool:
    """Equal but for the last of Decimal's 28 digits (thirds do not end)."""
    return abs(a - b) < Decimal("1e-20")


def by_calendar_days(first: dt.date, last: dt.date) -> Decimal:
    """The former count: each calendar month by its share of days."""
    total, day = Decimal(0), first
    while day <= last:
        length = calendar.monthrange(day.year, day.month)[1]
        end = min(dt.date(day.year, day.month, length), last)
        total += Decimal((end - day).days + 1) / length
        day = end + dt.timedelta(days=1)
    return total


@given(days, spans)
def test_calendar_month_bills_count_as_before(day, span):
    first = day.replace(day=1)
    last = first + dt.timedelta(days=span)
    assert same(months_between(first, last), by_calendar_days(first, last))


@given(days, spans, st.floats(0, 1))
def test_the_old_and_the_new_part_make_the_whole(first, span, at):
    last = first + dt.timedelta(days=span)
    change = first + dt.timedelta(days=round(span * at))
    whole = months_between(first, last)
    before = months_between(first, change - dt.timedelta(days=1), anchor=first)
    assert same(before + months_between(change, last, anchor=first), whole)
    months, rest = whole_months(first, last)
    start = first if not months else month_end(first, months) + dt.timedelta(days=1)
    length = (month_end(first, months + 1) - start).days + 1
    assert same(whole, months + Decimal(rest) / length) and 0 <= rest < length


def test_a_month_from_the_15th_owes_the_monthly_price():
    # 15.01.-14.02.2027 is one month: owed 19.99 (by calendar days it was 17/31 + 14/28
    # months = 20.96). Changed on 15.01.: the whole month at 29.99, difference 10.00
    # (by calendar days 9.03 or more).
    case = case_of(bill("2027-02-15", "2027-01-15", "2027-02-14"),
                   **{"notice.effective": "2027-01-15"})
    item = refund(case, D("2027-03-20")).items[0]
    assert (item.units, item.months, item.days) == (1, 1, 0)
    assert item.owed == Decimal("19.99") and item.charged == Decimal("29.99")
    assert item.excess == Decimal("10.00")


def test_a_change_inside_a_month_that_is_not_a_calendar_month():
    # 15.01.-14.02.2027 (31 days), changed on Mon 1.2.: 14 of 31 days at the new price:
    # 19.99 x 17/31 + 29.99 x 14/31 = 10.9623 + 13.5439 = 24.5061 -> 24.51; owed 19.99,
    # difference 4.52.
    case = case_of(bill("2027-02-15", "2027-01-15", "2027-02-14"),
                   **{"notice.effective": "2027-02-01"})
    item = refund(case, D("2027-03-20")).items[0]
    assert item.units_new == Decimal(14) / 31
    assert (item.owed, item.charged, item.excess) == (Decimal("19.99"), Decimal("24.51"),
                                                      Decimal("4.52"))
    assert refund(case, D("2027-03-20")).first_day == D("2027-02-01")


def test_a_month_and_ten_days():
    # 15.01.-24.02.2027 from the change on 15.01.: one month, then 10 of the 28 days of
    # 15.02.-14.03.: 1 + 10/28 = 1.357143 months. Owed 19.99 x 1.357143 = 27.1289 ->
    # 27.13; charged 29.99 x 1.357143 = 40.7007 -> 40.70; difference 13.57.
    case = case_of(bill("2027-02-25", "2027-01-15", "2027-02-24"),
                   **{"notice.effective": "2027-01-15"})
    item = refund(case, D("2027-03-20")).items[0]
    assert (item.months, item.days) == (1, 10)
    assert (item.owed, item.charged, item.excess) == (Decimal("27.13"), Decimal("40.70"),
                                                      Decimal("13.57"))


def test_a_quarter_billed_from_the_15th():
    # 30 -> 45 a quarter from Mon 1.3.2027; billed 15.01.-14.04.2027: one quarter, owed
    # 30.00 (by calendar days 17/31 + 1 + 1 + 14/30 months = 30.15). Its months run
    # 15.01.-14.02., 15.02.-14.03. (28 days) and 15.03.-14.04.: at the new price 14 of 28
    # days and a whole month = 1.5 months = half the quarter: charged 15.00 + 22.50 =
    # 37.50, difference 7.50.
    case = case_of(bill("2027-04-15", "2027-01-15", "2027-04-14"), today="2027-04-20",
                   **{"notice.price_unit": "quarter", "notice.old_price": "30",
                      "notice.new_price": "45", "notice.effective": "2027-03-01"})
    item = refund(case, D("2027-04-20")).items[0]
    assert item.units == 1 and item.units_new == Decimal("0.5")
    assert (item.owed, item.charged, item.excess) == (Decimal("30.00"), Decimal("37.50"),
                                                      Decimal("7.50"))


@pytest.mark.parametrize("lang, expected", [
    ("de", ["für jeden vollen Monat, gezählt ab dem ersten Tag des Zeitraums (15. Januar "
            "bis 14. Februar ist ein Monat), für einen verbleibenden Teil eines Monats der "
            "Anteil nach Tagen",
            "jeweils als Rechnungsdatum, Abrechnungszeitraum: berechneter Betrag − "
            "geschuldeter Betrag = Differenz:",
            "15.02.2027, 15.01.2027–14.02.2027 (1 Monat): 29,99 €* − 19,99 € = 10,00 €",
            "25.03.2027, 15.02.2027–24.03.2027 (1 Monat und 10 Tage): 40,00 € − 26,44 € = "
            "13,56 €",
            "Ein mit * gekennzeichneter berechneter Betrag ist nach meiner Ermittlung "
            "angesetzt", "Gesamtbetrag: 23,56 €",
            "seit dem 15. Januar 2027 berechnen Sie mir einen erhöhten Preis"]),
    ("en", ["for every whole month it covers, counted from its first day (15 January to "
            "14 February is one month), and for a remaining part of a month its share by "
            "days",
            "each as date of the bill, billing period: amount charged − amount owed = "
            "difference:",
            "15 Feb 2027, 15 Jan 2027–14 Feb 2027 (1 month): €29.99* − €19.99 = €10.00",
            "25 Mar 2027, 15 Feb 2027–24 Mar 2027 (1 month and 10 days): €40.00 − €26.44 = "
            "€13.56",
            "An amount charged marked * is my calculation", "Total: €23.56",
            "Since 15 January 2027 you have charged me a higher price"]),
])
def test_the_refund_letter_states_the_rule_its_lines_follow(lang, expected):
    # The second bill: 15.02.-24.03.2027 is a month and 10 of the 31 days of
    # 15.03.-14.04.: owed 19.99 x (1 + 10/31) = 26.4384 -> 26.44; 40.00 entered.
    case = case_of(bill("2027-02-15", "2027-01-15", "2027-02-14"),
                   bill("2027-03-25", "2027-02-15", "2027-03-24", charged="40.00"),
                   today="2027-03-25", **{"notice.effective": "2027-01-15"})
    text = letter(case, "refund", lang, "2027-03-25")
    for phrase in expected:
        assert phrase in text, phrase
    assert "time-barred" not in text and "verjährt" not in text


# --- The first day of the higher price, and what is time-barred ----------------------

def early_case(*bills, today="2026-11-25"):
    return case_of(*bills, today=today, sent={**SENT, "date": "2021-11-05"}, **EARLY)


BARRED_AND_OPEN = (bill("2022-01-05", "2022-01-01", "2022-01-31"),
                   bill("2022-02-05", "2022-02-01", "2022-02-28"),
                   bill("2023-03-05", "2023-03-01", "2023-03-31"))


def test_the_first_day_does_not_move_to_the_first_bill_not_time_barred():
    r = refund(early_case(*BARRED_AND_OPEN), D("2026-11-25"))
    assert [i.bill.date for i in r.barred] == [D("2022-01-05"), D("2022-02-05")]
    assert [i.bill.date for i in r.open_items] == [D("2023-03-05")]
    assert r.first_day == D("2022-01-01")
    assert (r.total, r.barred_total) == (Decimal("10.00"), Decimal("20.00"))


@pytest.mark.parametrize("lang, claim, barred", [
    ("de", "seit dem 1. Januar 2022 berechnen Sie mir einen erhöhten Preis",
     "Nicht enthalten, weil voraussichtlich verjährt (§§ 195, 199 BGB): Rechnung vom 05.01.2022 für "
     "01.01.2022–31.01.2022, Differenz 10,00 €; Rechnung vom 05.02.2022 für "
     "01.02.2022–28.02.2022, Differenz 10,00 €."),
    ("en", "Since 1 January 2022 you have charged me a higher price",
     "Not included, as they are probably time-barred (§§ 195, 199 BGB): bill of 5 Jan 2022 for 1 Jan "
     "2022–31 Jan 2022, difference €10.00; bill of 5 Feb 2022 for 1 Feb 2022–28 Feb 2022, "
     "difference €10.00."),
])
def test_the_refund_claim_names_the_true_start_and_the_barred_amounts(lang, claim, barred):
    text = letter(early_case(*BARRED_AND_OPEN), "refund", lang, "2026-11-25")
    assert claim in text
    assert barred in text
    # Only the open bill is listed and claimed.
    assert text.count("31.03.2023" if lang == "de" else "31 Mar 2023") == 1
    assert ("Gesamtbetrag: 10,00 €" if lang == "de" else "Total: €10.00") in text


@pytest.mark.parametrize("lang, facts, barred", [
    ("de", "Seit dem 1. Januar 2022 berechnet er den erhöhten Preis; der Mehrbetrag "
           "beläuft sich bisher auf 10,00 €.",
     "Nicht enthalten, weil voraussichtlich verjährt (§§ 195, 199 BGB): Rechnung vom 05.01.2022"),
    ("en", "Since 1 January 2022 it has charged the higher price; the excess so far is "
           "€10.00.",
     "Not included, as they are probably time-barred (§§ 195, 199 BGB): bill of 5 Jan 2022"),
])
def test_the_arbitration_application_names_the_true_start_and_the_barred_amounts(
        lang, facts, barred):
    text = letter(early_case(*BARRED_AND_OPEN), "arbitration", lang, "2026-11-25")
    assert facts in text and barred in text
    assert text.index(facts) < text.index(barred)


def test_nothing_barred_no_such_paragraph():
    case = case_of(bill("2027-02-05", "2027-01-01", "2027-01-31"))
    for kind in ("refund", "arbitration"):
        assert "time-barred" not in letter(case, kind, "en", "2027-03-20")


# --- Limitation from the day paid (§§ 195, 199 Abs. 1 BGB) ---------------------------

def test_limitation_runs_from_the_day_paid():
    # A bill of 15.12.2022: counted from its date, barred after 31.12.2025; paid on
    # 3.1.2023, barred only after 31.12.2026, and so still claimed on 25.11.2026.
    december = bill("2022-12-15", "2022-12-01", "2022-12-31")
    unpaid = refund(early_case(december), D("2026-11-25"))
    assert unpaid.items[0].barred_after == D("2025-12-31") and unpaid.barred
    assert unpaid.items[0].paid_at_year_end_unknown
    paid = refund(early_case({**december, "paid": "2023-01-03"}), D("2026-11-25"))
    assert paid.items[0].barred_after == D("2026-12-31")
    assert paid.open_items and paid.expiring and not paid.barred
    assert not paid.items[0].paid_at_year_end_unknown
    # Paid before the bill's date (an advance debit): the earlier day counts.
    early = refund(early_case(bill("2023-01-10", "2023-01-01", "2023-01-31",
                                   paid="2022-12-28")), D("2026-11-25"))
    assert early.items[0].barred_after == D("2025-12-31")


@pytest.mark.parametrize("lang, expected", [
    ("de", ["15.12.2022, 01.12.2022–31.12.2022 (1 Monat)", "Gesamtbetrag: 10,00 €"]),
    ("en", ["15 Dec 2022, 1 Dec 2022–31 Dec 2022 (1 month)", "Total: €10.00"]),
])
def test_a_bill_paid_in_january_is_still_claimed(lang, expected):
    case = early_case(bill("2022-12-15", "2022-12-01", "2022-12-31", paid="2023-01-03"))
    text = letter(case, "refund", lang, "2026-11-25")
    for phrase in expected:
        assert phrase in text, phrase
    assert "199 BGB" not in text        # nothing time-barred


def test_the_day_paid_is_checked_and_kept():
    with pytest.raises(CaseError) as info:
        case_of(bill("2027-02-05", "2027-01-01", "2027-01-31", paid="2027-03-21"))
    assert [e.path for e in info.value.errors] == ["history.1.paid"]
    assert "cannot be in the future" in info.value.errors[0].render("en")
    case = case_of(bill("2027-02-05", "2027-01-01", "2027-01-31", paid="2027-02-08"))
    again = from_dict(json.loads(json.dumps(case.to_dict())), D("2027-03-20"))
    assert again == case and again.to_dict()["history"][1]["paid"] == "2027-02-08"


def test_the_api_takes_the_day_paid_and_refuses_one_in_the_future(client):
    from jsonschema import Draft202012Validator
    spec = client.get("/api/v1/openapi.json").json
    case = {**make(SEED, **EARLY), "history": [
        {**SENT, "date": "2021-11-05"},
        bill("2022-12-15", "2022-12-01", "2022-12-31", paid="2023-01-03")]}
    Draft202012Validator(spec["components"]["schemas"]["Case"]).validate(case)
    pdf = client.post("/api/v1/letter?type=refund&today=2026-11-25", json=case)
    assert pdf.status_code == 200 and "Gesamtbetrag: 10,00 €" in pdf_text(pdf.data)
    case["history"][1]["paid"] = "2026-11-26"
    refused = client.post("/api/v1/letter?type=refund&today=2026-11-25", json=case,
                          headers={"Accept-Language": "de"})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert refused.json["errors"] == [{
        "pointer": "/history/1/paid",
        "message": "Der Tag der Zahlung kann nicht in der Zukunft liegen (heute ist "
                   "Mi., 25. Nov. 2026)."}]


# --- kWh across the change (§ 12 Abs. 2 StromGVV/GasGVV) -----------------------------

ENERGY_SENT = {**SENT, "date": "2026-12-06"}
PRICES = {"notice.old_price": "0.30", "notice.new_price": "0.33"}


def energy_case(*bills, **changes):
    return case_of(*bills, base=ENERGY, sent=ENERGY_SENT, **PRICES, **changes)


def test_the_kwh_the_bill_attributes_to_the_new_price_are_used():
    # 620 kWh, 400 of them at the new price as billed: 220 x 0.30 + 400 x 0.33 = 198.00;
    # owed 186.00; difference 12.00 (split by days: 310 kWh, 9.30).
    item = refund(energy_case(bill("2027-02-10", "2026-12-01", "2027-01-31", kwh="620",
                                   kwh_new="400")), D("2027-03-20")).items[0]
    assert item.units_new == 400 and not item.split_by_days
    assert (item.owed, item.charged, item.excess) == (Decimal("186.00"), Decimal("198.00"),
                                                      Decimal("12.00"))


def test_more_kwh_at_the_new_price_than_billed_is_refused():
    with pytest.raises(CaseError) as info:
        energy_case(bill("2027-02-10", "2026-12-01", "2027-01-31", kwh="620", kwh_new="621"))
    assert [e.path for e in info.value.errors] == ["history.1.kwh_new"]


SPLIT = bill("2027-02-10", "2026-12-01", "2027-01-31", kwh="620")


@pytest.mark.parametrize("changes, lang, expected", [
    ({}, "de", ["(620 kWh, davon 310 kWh zum neuen Preis, nach Tagen aufgeteilt)",
                "Ist bei den kWh einer Rechnung „nach Tagen aufgeteilt“ vermerkt",
                "Für die Grundversorgung bestimmt § 12 Abs. 2 StromGVV: „Ändern sich "
                "innerhalb eines Abrechnungszeitraums die verbrauchsabhängigen Preise, so wird "
                "der für die neuen Preise maßgebliche Verbrauch zeitanteilig berechnet; "
                "jahreszeitliche Verbrauchsschwankungen sind auf der Grundlage der für "
                "Haushaltskunden maßgeblichen Erfahrungswerte angemessen zu berücksichtigen.“",
                "Bitte teilen Sie mir für jede dieser Rechnungen mit, wie viele kWh Sie zum "
                "neuen Preis berechnet haben"]),
    ({}, "en", ["(620 kWh, 310 kWh of them at the new price, split by days)",
                "For the basic supply, § 12(2) StromGVV provides: if the consumption-based "
                "prices change within a billing period, the consumption relevant for the new "
                "prices is calculated pro rata temporis; seasonal variations in consumption "
                "are to be taken into account appropriately on the basis of the empirical "
                "values relevant for household customers.",
                "Please state for each of these bills how many kWh you charged at the new "
                "price and how you determined them"]),
    ({"contract.basic_supply": True, "contract.commodity": "gas"}, "de",
     ["§ 12 Abs. 2 GasGVV bestimmt: „Ändern sich"]),
    ({"contract.basic_supply": True, "contract.commodity": "gas"}, "en",
     ["§ 12(2) GasGVV provides: if the consumption-based prices change"]),
])
def test_kwh_split_by_days_quote_the_rule_and_ask_for_the_suppliers_share(
        changes, lang, expected):
    text = letter(energy_case(SPLIT, **changes), "refund", lang, "2027-03-20")
    for phrase in expected:
        assert phrase in text, phrase


@pytest.mark.parametrize("lang, line", [
    ("de", "(620 kWh, davon 400 kWh zum neuen Preis laut Rechnung): 198,00 €* − "
           "186,00 € = 12,00 €"),
    ("en", "(620 kWh, 400 kWh of them at the new price as billed): €198.00* − €186.00 = "
           "€12.00"),
])
def test_kwh_as_billed_need_no_split_and_no_question(lang, line):
    text = letter(energy_case({**SPLIT, "kwh_new": "400"}), "refund", lang, "2027-03-20")
    assert line in text
    assert "12 Abs. 2" not in text and "12(2)" not in text


# --- The page "What happened next?" --------------------------------------------------

def client_with(case: dict, today: str):
    client = create_app({"TESTING": True, "TODAY": today}).test_client()
    client.token = re.search(r'name="csrf_token" value="([^"]+)"',
                             client.get("/").get_data(as_text=True)).group(1)
    client.post("/load", content_type="multipart/form-data", data={
        "csrf_token": client.token,
        "case_file": (io.BytesIO(json.dumps(case).encode()), "c.json")})
    return client


def record_bills(client, lang="en", **fields):
    return client.post(f"/next?lang={lang}", data={"csrf_token": client.token,
                                                   "action": "bills", **fields})


def page(client, lang="en") -> str:
    return client.get(f"/next?lang={lang}").get_data(as_text=True)


@pytest.fixture
def early():
    """The seed case five years earlier, its objection recorded, on 25 November 2026."""
    data = make({**SEED, "notice": {**SEED["notice"], "names_termination_right": False}},
                **EARLY)
    return client_with({**data, "history": [{**SENT, "date": "2021-11-05"}]}, "2026-11-25")


DECEMBER = {"bill-0-date": "15.12.2022", "bill-0-from": "01.12.2022",
            "bill-0-to": "31.12.2022"}


def test_the_page_asks_when_a_december_bill_was_paid(early):
    text = page(early)
    assert 'name="bill-0-paid"' in text and "Paid on (optional)" in text
    assert "Matters if you paid in the year after the bill's date" in text
    assert "Bezahlt am (optional)" in page(early, "de")
    assert record_bills(early, **DECEMBER).status_code == 303
    text = page(early)
    assert "(1 month): charged by my calculation €29.99, owed €19.99, difference €10.00 – " \
           "time-barred" in text
    assert "Dated in December: if you paid it only in 2023, the claim becomes time-barred a " \
           "year later." in text
    assert "€10.00 is time-barred (§§ 195, 199 BGB) and is not claimed." in text
    # Recorded again with the day it was paid: claimed, and about to be time-barred.
    early.post("/next", data={"csrf_token": early.token, "action": "remove-1"})
    assert record_bills(early, **DECEMBER, **{"bill-0-paid": "03.01.2023"}).status_code == 303
    text = page(early)
    assert "paid on Tue, 3 Jan 2023" in text
    assert "Total to claim: €10.00" in text and "Dated in December" not in text
    assert "Claims become time-barred after Thu, 31 Dec 2026." in text
    saved = early.post("/case.json", data={"csrf_token": early.token,
                                           "case": hidden_case(text)}).json
    assert saved["history"][1]["paid"] == "2023-01-03"


def test_a_wrong_day_paid_comes_back_at_its_field_with_everything_typed(early):
    typed = {**DECEMBER, "bill-0-paid": "32.01.2023", "bill-0-charged": "29,99"}
    response = record_bills(early, lang="de", **typed)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert '<a href="#bill-0-paid">Geben Sie ein gültiges Datum als Tag, Monat und Jahr ein' \
        in text
    for name, value in typed.items():
        assert re.search(rf'name="{name}" value="{re.escape(value)}"', text), name
    response = record_bills(early, **{**typed, "bill-0-paid": "01.12.2026"})
    assert re.search(r'<a href="#bill-0-paid">The day you paid cannot be in the future',
                     response.get_data(as_text=True))


def test_the_page_takes_the_kwh_at_the_new_price():
    # The web flow asks for the commodity.
    data = make(ENERGY, **PRICES, **{"contract.commodity": "electricity"})
    client = client_with({**data, "history": [ENERGY_SENT]}, "2027-03-20")
    assert 'name="bill-0-kwh-new"' in page(client)
    rows = {"bill-0-date": "10.02.2027", "bill-0-from": "01.12.2026",
            "bill-0-to": "31.01.2027", "bill-0-kwh": "620", "bill-0-kwh-new": "700"}
    response = record_bills(client, **rows)
    assert response.status_code == 422
    assert re.search(r'<a href="#bill-0-kwh-new">The kWh at the new price cannot be more',
                     response.get_data(as_text=True))
    assert record_bills(client, **{**rows, "bill-0-kwh-new": "400"}).status_code == 303
    text = page(client)
    assert "620 kWh, 400 kWh at the new price" in text
    assert "(620 kWh, 400 kWh of them at the new price as billed)" in text
    assert "Total to claim: €12.00" in text


@pytest.mark.parametrize("lang, rule, star", [
    ("de", "für jeden vollen Monat, gezählt ab dem ersten Tag des Zeitraums (15. Januar bis "
           "14. Februar ist ein Monat).",
     "angesetzt: der neue Preis für den ganzen Abrechnungszeitraum, der mit oder nach der "
     "Änderung zum 1. Januar 2027 begann."),
    ("en", "for every whole month it covers, counted from its first day (15 January to 14 "
           "February is one month).",
     "my calculation: the new price for the whole billing period, which began on or after "
     "the change on 1 January 2027."),
])
def test_whole_months_after_the_change_need_no_rule_for_part_months_and_no_split(
        lang, rule, star):
    # Calendar months from the day of the change on: no part of a month to share by days,
    # and the amount charged is the new price for each period.
    case = case_of(bill("2027-02-05", "2027-01-01", "2027-01-31"),
                   bill("2027-03-05", "2027-02-01", "2027-02-28"))
    text = " ".join(letter(case, "refund", lang, "2027-03-20").split())
    assert rule in text and star in text
    assert "Teil eines Monats" not in text and "part of a month" not in text


def test_a_bill_across_the_change_keeps_its_split_by_days():
    # 15.12.2026-14.01.2027 is one whole month, half of it before the change on 1.1.2027.
    case = case_of(bill("2027-01-20", "2026-12-15", "2027-01-14"))
    text = " ".join(letter(case, "refund", "de", "2027-03-20").split())
    assert "bis zur Änderung zum 1. Januar 2027 der bisherige Preis und ab dann der neue, " \
        "anteilig nach den Tagen zum neuen Preis" in text
    assert "für den ganzen Abrechnungszeitraum" not in text
    assert "Teil eines Monats" not in text
