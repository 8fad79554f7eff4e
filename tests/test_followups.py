"""After the objection: the case's history, the refund calculator against examples
computed by hand, when each later letter can be written, what comes next, and every
letter in both languages read back from its PDF."""
import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from conftest import FIXTURES, ROOT, load_json, pdf_text
from objection.assess import assess
from objection.case import CaseError, from_dict
from objection.letters import blocked, deadline, next_step
from objection.pdf import render_pdf
from objection.refund import UnknownRate, barred_after, interest, months_between, refund
from test_assess import make

D = dt.date.fromisoformat
SEED = load_json(FIXTURES / "hosting_1und1.json")      # 19.99 -> 29.99 a month from 1.1.2027
SENT = {"type": "objection_sent", "date": "2026-11-25", "delivery": "registered_mail",
        "tracking": "RT 1234 5678 9DE"}


def bill(date, first, last, **extra):
    return {"type": "bill", "date": date, "period_from": first, "period_to": last, **extra}


def case_with(*events, base=SEED, today="2027-03-20", sent="2026-11-25", **changes):
    return from_dict({**make(base, **changes), "history": [{**SENT, "date": sent}, *events]},
                     D(today))


def euros(value: str) -> Decimal:
    return Decimal(value)


# --- The refund calculator, examples computed by hand --------------------------------

def test_whole_months():
    # 19.99 -> 29.99 from 1 November: three whole months, 10.00 each.
    case = case_with(bill("2026-11-03", "2026-11-01", "2026-11-30"),
                     bill("2026-12-03", "2026-12-01", "2026-12-31"),
                     bill("2027-01-03", "2027-01-01", "2027-01-31"),
                     **{"notice.effective": "2026-11-01"})
    r = refund(case, D("2027-03-20"))
    assert [i.excess for i in r.items] == [euros("10.00")] * 3
    assert r.total == euros("30.00")


def test_change_in_the_middle_of_a_30_day_month():
    # From Mon 16.11.2026: 15 of 30 November days at the new price: 10.00 x 15/30 = 5.00;
    # charged 19.99 x 15/30 + 29.99 x 15/30 = 24.99.
    case = case_with(bill("2026-12-01", "2026-11-01", "2026-11-30"),
                     bill("2027-01-01", "2026-12-01", "2026-12-31"),
                     bill("2027-02-01", "2027-01-01", "2027-01-31"),
                     **{"notice.effective": "2026-11-16"})
    r = refund(case, D("2027-03-20"))
    november = r.items[0]
    assert november.units == 1 and november.units_new == Decimal("0.5")
    assert november.charged == euros("24.99") and november.excess == euros("5.00")
    assert r.total == euros("25.00")
    assert r.first_day == D("2026-11-16")


def test_change_in_the_middle_of_a_31_day_month():
    # From Thu 10.12.2026: 22 of 31 days: 10.00 x 22/31 = 7.0968 -> 7.10.
    case = case_with(bill("2027-01-02", "2026-12-01", "2026-12-31"),
                     **{"notice.effective": "2026-12-10"})
    assert refund(case, D("2027-03-20")).total == euros("7.10")


def test_charged_amount_entered_and_bills_before_the_change():
    case = case_with(bill("2027-02-05", "2027-01-01", "2027-01-31", charged="31.00"),
                     bill("2026-12-05", "2026-12-01", "2026-12-31", charged="19.99"),
                     bill("2027-03-05", "2027-02-01", "2027-02-28", charged="15.00"))
    r = refund(case, D("2027-03-20"))
    # 31.00 - 19.99; the December bill is before the change; a bill below the old price
    # gives nothing, never a negative amount.
    assert [i.excess for i in r.items] == [euros("0.00"), euros("11.01"), euros("0.00")]
    assert r.total == euros("11.01") and len(r.open_items) == 1


def test_price_per_quarter():
    # 30 -> 45 a quarter from 1 February; the bill for January to March: 1/3 at 30 and
    # 2/3 at 45 = 40, owed 30, difference 10.00.
    case = case_with(bill("2027-03-31", "2027-01-01", "2027-03-31"), today="2027-04-20",
                     **{"notice.price_unit": "quarter", "notice.old_price": "30",
                        "notice.new_price": "45", "notice.effective": "2027-02-01"})
    assert refund(case, D("2027-04-20")).total == euros("10.00")


def test_price_per_kwh_split_by_days():
    # 30 -> 33 ct/kWh from 1 January; 620 kWh from 1.12.2026 to 31.1.2027 (62 days), 31
    # days of them at the new price: 310 kWh x 0.03 = 9.30.
    energy = load_json(FIXTURES / "long_energy.json")
    case = case_with(bill("2027-02-10", "2026-12-01", "2027-01-31", kwh="620"), base=energy,
                     sent="2026-12-06", **{"notice.old_price": "0.30", "notice.new_price": "0.33"})
    item = refund(case, D("2027-03-20")).items[0]
    assert item.units_new == Decimal(310) and item.excess == euros("9.30")


def test_a_bill_per_kwh_needs_the_kwh():
    energy = load_json(FIXTURES / "long_energy.json")
    with pytest.raises(CaseError) as info:
        case_with(bill("2027-02-10", "2026-12-01", "2027-01-31"), base=energy, sent="2026-12-06")
    assert [e.path for e in info.value.errors] == ["history.1.kwh"]


def test_months_between_counts_parts_of_months_by_their_days():
    assert months_between(D("2027-01-01"), D("2027-03-31")) == 3
    assert months_between(D("2027-02-15"), D("2027-02-28")) == Decimal(14) / 28
    assert months_between(D("2028-02-15"), D("2028-02-29")) == Decimal(15) / 29  # leap year


def test_interest_within_one_half_year():
    # 30.00, deadline Mon 15.02.2027, default from 16.02., paid 15.04.: 58 days at the base
    # rate + 5 points; with a base rate of 1.27 %: 30 x 0.0627 x 58/365 = 0.2989 -> 0.30.
    rates = {D("2027-01-01"): Decimal("1.27")}
    assert interest(euros("30.00"), D("2027-02-16"), D("2027-04-14"), rates) == euros("0.30")


def test_interest_across_1_july_with_the_published_rates():
    # 300.00 from 17.06.2025 (deadline Sun 15.06. -> Mon 16.06., § 193 BGB) to 14.09.2025:
    # 14 days at 2.27 + 5 = 7.27 % -> 0.83655, 76 days at 1.27 + 5 = 6.27 % -> 3.91660;
    # 4.75315 -> 4.75.
    assert interest(euros("300.00"), D("2025-06-17"), D("2025-09-14")) == euros("4.75")


def test_interest_in_a_leap_year_counts_366_days():
    # 100.00 at 6.27 % for 1.1.-30.6.2028 (182 days): 100 x 0.0627 x 182/366 = 3.118 -> 3.12
    # (with 365 days it would be 3.13).
    rates = {D("2028-01-01"): Decimal("1.27")}
    assert interest(euros("100.00"), D("2028-01-01"), D("2028-06-30"), rates) == euros("3.12")


def test_interest_for_a_half_year_without_a_known_rate_is_not_guessed():
    with pytest.raises(UnknownRate) as info:
        interest(euros("30.00"), D("2026-06-20"), D("2026-07-10"))
    assert info.value.half_year == D("2026-07-01")


def test_limitation_at_the_end_of_the_third_year():
    # Paid 15.03.2023 and 15.12.2023: barred after 31.12.2026 (36 days after 25.11.2026:
    # a warning); paid 15.03.2022: barred after 31.12.2025, not claimed.
    assert barred_after(D("2023-03-15")) == barred_after(D("2023-12-15")) == D("2026-12-31")
    case = case_with(bill("2023-03-15", "2023-03-01", "2023-03-31"),
                     bill("2023-12-15", "2023-12-01", "2023-12-31"),
                     bill("2022-03-15", "2022-03-01", "2022-03-31"), today="2026-11-25",
                     **{"notice.date": "2021-11-02", "notice.received": "2021-11-03",
                        "notice.effective": "2022-01-01", "letter.date": "2021-11-05"})
    r = refund(case, D("2026-11-25"))
    assert [i.barred_after for i in r.expiring] == [D("2026-12-31")] * 2
    assert [i.bill.date for i in r.barred] == [D("2022-03-15")]
    assert r.total == euros("20.00")
    step = next_step(case, assess(case, D("2026-11-25")), D("2026-11-25"))
    assert step.kind == "arbitration" and step.date == D("2026-12-31")
    assert "§ 204(1) no. 1, 3, 4 BGB" in step.message.render("en")


# --- The history in the case JSON ----------------------------------------------------

def test_a_case_without_history_is_written_as_before():
    case = from_dict(SEED)
    assert case.history == () and "history" not in case.to_dict()


def test_history_round_trip():
    case = case_with(bill("2027-02-05", "2027-01-01", "2027-01-31", charged="29.99"))
    again = from_dict(json.loads(json.dumps(case.to_dict())), D("2027-03-20"))
    assert again == case
    assert again.to_dict()["history"][0] == {**SENT, "tracking": "RT 1234 5678 9DE"}


@pytest.mark.parametrize("event, path", [
    ({"type": "objection_sent", "date": "2026-11-25"}, "history.0.delivery"),
    ({"type": "bill", "date": "2027-02-05", "period_from": "2027-01-01"},
     "history.0.period_to"),
    (bill("2027-02-05", "2027-01-31", "2027-01-01"), "history.0.period_to"),
    ({"type": "provider_insists", "date": "2027-04-01"}, "history.0.date"),   # future
    ({"type": "provider_insists", "date": "2026-11-01"}, "history.0.date"),   # before notice
    ({"type": "letter_from_mars", "date": "2027-01-01"}, "history.0.type"),
    ({"type": "bill", "date": "2027-02-05", "period_from": "2027-01-01",
      "period_to": "2027-01-31", "charged": "-5"}, "history.0.charged"),
    ({"date": "2027-01-01"}, "history.0.type"),
])
def test_bad_events_are_refused_with_their_path(event, path):
    with pytest.raises(CaseError) as info:
        from_dict({**SEED, "history": [event]}, D("2027-03-20"))
    assert path in [e.path for e in info.value.errors]


def test_history_must_be_a_short_list():
    with pytest.raises(CaseError) as info:
        from_dict({**SEED, "history": {"type": "bill"}})
    assert info.value.errors[0].path == "history"
    with pytest.raises(CaseError):
        from_dict({**SEED, "history": [SENT] * 61})


# --- When a letter can be written, and what comes next -------------------------------

def state(*events, today="2027-03-20", base=SEED, **changes):
    case = case_with(*events, today=today, base=base, **changes)
    a = assess(case, D(today))
    return case, a, D(today)


def test_reminder_from_the_day_after_the_answer_was_due():
    # Sent Wed 25.11.2026 by registered mail: arrives after four postal days; the letter
    # asked for an answer 14 days after its date = 9.12.2026.
    case, a, _ = state(today="2026-12-09")
    assert "9 Dec 2026" in blocked("reminder", case, a, D("2026-12-09")).render("en")
    assert blocked("reminder", case, a, D("2026-12-10")) is None
    step = next_step(case, a, D("2026-12-10"))
    assert (step.kind, step.date) == ("reminder", D("2026-12-10"))


def test_reply_needs_the_providers_answer_and_then_comes_first():
    case, a, today = state()
    assert blocked("reply", case, a, today) is not None
    case, a, today = state({"type": "provider_insists", "date": "2026-12-15"})
    assert blocked("reply", case, a, today) is None
    assert next_step(case, a, today).kind == "reply"
    assert blocked("reminder", case, a, today) is not None     # it has answered


def test_after_the_reply_wait_then_arbitration():
    events = ({"type": "provider_insists", "date": "2026-12-15"},
              {"type": "reply_sent", "date": "2026-12-18"})
    case, a, _ = state(*events, today="2027-01-02")
    step = next_step(case, a, D("2027-01-02"))
    assert step.kind is None and step.date == deadline("reply", case, a, D("2026-12-18"))
    case, a, _ = state(*events, today="2027-01-20")
    assert next_step(case, a, D("2027-01-20")).kind == "arbitration"


def test_refund_claim_then_its_payment_deadline():
    charged = bill("2027-02-05", "2027-01-01", "2027-01-31")
    case, a, today = state(charged)
    assert next_step(case, a, today).kind == "refund"
    case, a, today = state(charged, {"type": "refund_claimed", "date": "2027-03-01"})
    step = next_step(case, a, today)
    # 14 days after the letter, a week after its arrival: Mon 15.03.2027; then default.
    assert step.kind == "arbitration" and step.date == D("2027-03-15")


def test_energy_arbitration_only_after_four_weeks():
    energy = load_json(FIXTURES / "long_energy.json")
    sent = {**SENT, "date": "2026-12-06"}
    case = from_dict({**energy, "history": [sent]}, D("2026-12-20"))
    a = assess(case, D("2026-12-20"))
    # Posted on Sun 6.12.2026 by registered mail: expected to arrive Thu 10.12.2026; four
    # weeks from arrival end Thu 7.1.2027 (§§ 187(1), 188(2) BGB); the body from the 8th.
    why = blocked("arbitration", case, a, D("2026-12-20"))
    assert "§ 111a EnWG" in why.render("en") and "8 Jan 2027" in why.render("en")
    assert blocked("arbitration", case, a, D("2027-01-07")) is not None
    assert blocked("arbitration", case, a, D("2027-01-08")) is None


def test_the_general_board_hears_consumers_only():
    case, a, today = state({"type": "provider_insists", "date": "2026-12-15"},
                           **{"contract.consumer": False})
    assert "consumers only" in blocked("arbitration", case, a, today).render("en")


# --- Every letter, in both languages, read back from its PDF -------------------------

def render(case, kind, lang, today="2027-03-20"):
    a = assess(case, D(today))
    assert blocked(kind, case, a, D(today)) is None
    return pdf_text(render_pdf(case, a, lang=lang, today=D(today), kind=kind))


@pytest.mark.parametrize("lang, expected", [
    ("de", ["Erinnerung: mein Widerspruch vom 25. November 2026",
            "per Einwurf-Einschreiben (Einlieferungsbeleg Nr. RT 1234 5678 9DE)",
            "Eine Antwort habe ich bis heute nicht erhalten",
            "bis zum 9. Dezember 2026", "bis zum 1. April 2027",
            "Universalschlichtungsstelle des Bundes"]),
    ("en", ["Reminder: my objection of 25 November 2026",
            "sent by Einwurf-Einschreiben (posting receipt no. RT 1234 5678 9DE)",
            "I have had no answer to date", "by 9 December 2026", "by 1 April 2027",
            "Universalschlichtungsstelle des Bundes"]),
])
def test_reminder_letter(lang, expected):
    text = " ".join(render(case_with(), "reminder", lang).split())
    for phrase in expected:
        assert phrase in text, phrase
    assert "Translation" not in text if lang == "de" else "Translation" in text


@pytest.mark.parametrize("lang, expected", [
    ("de", ["Ihr Schreiben vom 15. Januar 2027: Ich halte an meinem Widerspruch vom "
            "25. November 2026 fest", "§§ 307, 308 Nr. 5 BGB", "bis zum 5. April 2027",
            "hilfsweise"]),
    ("en", ["Your letter of 15 January 2027: I maintain my objection of 25 November 2026",
            "§§ 307, 308 no. 5 BGB", "by 5 April 2027", "in the alternative"]),
])
def test_reply_letter_restates_the_grounds_and_terminates_in_the_alternative(lang, expected):
    case = case_with({"type": "provider_insists", "date": "2027-01-15"},
                     **{"options.terminate_fallback": True})
    text = " ".join(render(case, "reply", lang).split())
    for phrase in expected:
        assert phrase in text, phrase


@pytest.mark.parametrize("lang, expected", [
    ("de", ["Rückforderung", "§ 812 Abs. 1 Satz 1 Alt. 1 BGB", "Gesamtbetrag: 25,00 €",
            "= 5,00 €", "bis zum 5. April 2027", "§§ 286 Abs. 1, 288 Abs. 1 BGB",
            "fünf Prozentpunkten über dem Basiszinssatz", "§ 814 BGB"]),
    ("en", ["Refund", "§ 812(1) sentence 1 alternative 1 BGB", "Total: €25.00",
            "= €5.00", "by 5 April 2027", "§§ 286(1), 288(1) BGB",
            "five percentage points above the base rate", "§ 814 BGB"]),
])
def test_refund_letter_lists_every_bill(lang, expected):
    case = case_with(bill("2026-12-01", "2026-11-01", "2026-11-30"),
                     bill("2027-01-01", "2026-12-01", "2026-12-31"),
                     bill("2027-02-01", "2027-01-01", "2027-01-31"),
                     **{"notice.effective": "2026-11-16"})
    text = " ".join(render(case, "refund", lang).split())
    for phrase in expected:
        assert phrase in text, phrase
    assert text.count("10,00 €" if lang == "de" else "€10.00") == 2


@pytest.mark.parametrize("base, lang, body, scope", [
    (FIXTURES / "telecom.json", "de", "Verbraucherschlichtungsstelle Telekommunikation",
     "§ 68 Abs. 1 TKG"),
    (FIXTURES / "telecom.json", "en", "Verbraucherschlichtungsstelle Telekommunikation",
     "§ 68(1) TKG"),
    (FIXTURES / "long_energy.json", "de", "Schlichtungsstelle Energie", "§ 111a EnWG"),
    (FIXTURES / "hosting_1und1.json", "en", "Universalschlichtungsstelle", ""),
])
def test_arbitration_application_goes_to_the_sectors_body(base, lang, body, scope):
    data = load_json(base)
    received = data["notice"].get("received") or data["notice"]["date"]
    sent = {**SENT, "date": max(received, data.get("letter", {}).get("date", received))}
    case = from_dict({**data, "history": [sent, {"type": "provider_insists",
                                                 "date": "2027-01-15"}]}, D("2027-03-20"))
    text = " ".join(render(case, "arbitration", lang).split())
    address = text[:text.index("Antrag auf Durchführung" if lang == "de" else
                               "Application for arbitration")]
    assert body in address
    assert case.provider.name in text
    if scope:
        assert scope in text


# --- Command line --------------------------------------------------------------------

def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "objection", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_cli_render_a_later_letter_and_check_its_next_step(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**SEED, "history": [
        SENT, bill("2027-02-05", "2027-01-01", "2027-01-31")]}), encoding="utf-8")
    out = cli("render", str(path), "--type", "refund", "--today", "2027-03-20",
              "-o", str(tmp_path / "refund.pdf"))
    assert out.returncode == 0, out.stderr
    assert "Rückforderung" in pdf_text((tmp_path / "refund.pdf").read_bytes())
    out = cli("render", str(path), "--type", "reply", "--today", "2027-03-20",
              "-o", str(tmp_path / "reply.pdf"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    check = json.loads(cli("check", str(path), "--today", "2027-03-20", "--json").stdout)
    assert check["next_step"] == {"letter": "refund", "date": "2027-03-20",
                                  "message": "Claim the refund of €10.00 charged above "
                                             "the old price."}
    text = cli("check", str(path), "--today", "2027-03-20", "--lang", "de").stdout
    assert text.splitlines()[0].startswith("Nächster Schritt (Sa., 20. März 2027)")
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(SEED), encoding="utf-8")
    assert "next_step" not in json.loads(cli("check", str(plain), "--json").stdout)


# --- The API -------------------------------------------------------------------------

def test_api_later_letters_and_the_next_step(client):
    from jsonschema import Draft202012Validator
    spec = client.get("/api/v1/openapi.json").json
    case = {**SEED, "history": [SENT, bill("2027-02-05", "2027-01-01", "2027-01-31")]}
    schema = Draft202012Validator({**spec["components"]["schemas"]["Case"]})
    schema.validate(case)
    pdf = client.post("/api/v1/letter?type=refund&today=2027-03-20", json=case)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Gesamtbetrag: 10,00 €" in " ".join(pdf_text(pdf.data).split())
    refused = client.post("/api/v1/letter?type=reply&today=2027-03-20", json=case,
                          headers={"Accept-Language": "en"})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert refused.json["errors"][0]["parameter"] == "type"
    assessment = client.post("/api/v1/assessment?today=2027-03-20", json=case).json
    Draft202012Validator({**spec["components"]["schemas"]["Assessment"]}).validate(assessment)
    assert assessment["next_step"]["letter"] == "refund"
    plain = client.post("/api/v1/assessment?today=2026-11-25", json=SEED).json
    assert "next_step" not in plain


@pytest.mark.parametrize("provider, key", [
    ("Sparkasse KölnBonn", "bank_sparkasse_dsgv"), ("Volksbank Mittelhessen eG", "bank_vr_bvr"),
    ("Beispielbank AG", "bank_private_bdb"), ("Landesbank Beispiel", "bank_public_voeb")])
def test_every_sector_has_its_arbitration_body(provider, key):
    from objection.arbitration import BODIES, body_for
    from objection.vocabulary import SECTORS
    for sector in SECTORS:
        data = make(SEED, **{"contract.sector": sector.key})
        if sector.key == "energy":
            data["contract"]["commodity"] = "electricity"
        body = body_for(from_dict(data))
        assert body in BODIES
        assert body.key == sector.arbitration or sector.arbitration == "bank"
    bank = from_dict(make(SEED, **{"contract.sector": "bank", "provider.name": provider}))
    assert body_for(bank).key == key
    bundled = from_dict(make(SEED, **{"contract.bundled_with_internet": True}))
    assert body_for(bundled).key == "tk_bnetza"
