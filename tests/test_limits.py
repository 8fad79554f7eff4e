"""What a provider may do in return for an objection (docs/rules.md section 7.5): its
termination checked against each sector's limits, the reply to a dunning letter or a
threat to block or cut off, what comes next, and both letters read back from their PDFs
in German and English. Dates are worked out by hand in the comments."""
import datetime as dt
import re

import pytest

from conftest import FIXTURES, load_json, pdf_text
from objection.assess import assess
from objection.case import CaseError, from_dict
from objection.letters import blocked, next_step
from objection.limits import switching, termination
from objection.pdf import render_pdf
from test_followups import SEED, SENT, bill, case_with

D = dt.date.fromisoformat
TELECOM = load_json(FIXTURES / "telecom.json")
ENERGY = load_json(FIXTURES / "long_energy.json")
TODAY = "2027-03-20"
ENERGY_SENT = "2026-12-06"        # the energy case's notice reached the customer on 5.12.


def terminated(received: str, ends: str) -> dict:
    return {"type": "provider_terminates", "date": received, "ends": ends}


def demanded(date: str, demand: str, amount: str | None = None) -> dict:
    event = {"type": "provider_demands", "date": date, "demand": demand}
    return {**event, "amount": amount} if amount else event


def checked(event: dict, **changes):
    case = case_with(event, **changes)
    a = assess(case, D(TODAY))
    return case, a, termination(case, a, case.events("provider_terminates")[-1])


def letter(case, kind: str, lang: str) -> str:
    a = assess(case, D(TODAY))
    assert blocked(kind, case, a, D(TODAY)) is None
    return " ".join(pdf_text(render_pdf(case, a, lang=lang, today=D(TODAY),
                                        kind=kind)).split())


# --- The provider's termination ---------------------------------------------------------

@pytest.mark.parametrize("ends, contest", [
    # Received Fri 15.01.2027; two months (§§ 187(1), 188(2) BGB): the period ends
    # Mon 15.03.2027, and § 193 BGB does not move a notice period.
    ("2027-02-28", True), ("2027-03-14", True), ("2027-03-15", False), ("2027-06-30", False),
])
def test_a_bank_must_give_two_months_notice(ends, contest):
    _, _, check = checked(terminated("2027-01-15", ends), **{"contract.sector": "bank"})
    assert check.contest is contest
    assert check.earliest == D("2027-03-15") and check.basis == "§ 675h Abs. 2 Satz 2 BGB"


def test_a_business_may_have_agreed_a_shorter_notice_with_its_bank():
    # § 675e(4) BGB: nothing to contest on the law alone.
    _, _, check = checked(terminated("2027-01-15", "2027-02-28"),
                          **{"contract.sector": "bank", "contract.consumer": False})
    assert not check.contest and check.earliest is None


def test_an_insurer_terminates_only_for_the_end_of_the_insurance_period():
    # § 11(2) sentence 1 VVG: the period's end is not in the case, so the letter asks for
    # it; § 11(3): one month in any case. Received Sun 31.01.2027: the month ends on
    # 28.02.2027 (§ 188(3) BGB).
    for ends in ("2027-02-27", "2027-12-31"):
        _, _, check = checked(terminated("2027-01-31", ends), **{"contract.sector": "insurance"})
        assert check.contest and check.earliest == D("2027-02-28")
        assert check.basis == "§ 11 Abs. 2 Satz 1, Abs. 3 VVG"


@pytest.mark.parametrize("ends, before", [("2027-02-27", True), ("2027-12-31", False)])
def test_the_reply_to_an_insurers_termination_asks_for_the_end_of_the_period(ends, before):
    text = letter(case_with(terminated("2027-01-31", ends), **{"contract.sector": "insurance"}),
                  "termination", "de")
    assert "nur für den Schluss der laufenden Versicherungsperiode gekündigt werden " \
           "(§ 11 Abs. 2 Satz 1 VVG)" in text
    assert "wann die laufende Versicherungsperiode endet" in text
    # Written on 20.3.2027, after that day: the letter says it did not end it before.
    assert ("Jedenfalls hat sie ihn nicht vor Ablauf des 28. Februar 2027 beendet." in text) \
        is before
    assert "nach meiner Auffassung nur den bisherigen Beitrag von 19,99 € monatlich" in text
    assert "nur unter Vorbehalt; den Mehrbetrag fordere ich zurück" in text


def test_a_private_health_insurer_cannot_terminate_in_the_ordinary_way():
    _, _, check = checked(terminated("2027-01-15", "2027-12-31"),
                          **{"contract.sector": "health_insurance"})
    assert check.contest and check.earliest is None and check.basis == "§ 206 Abs. 1 VVG"


def test_a_basic_supplier_may_terminate_only_without_a_duty_to_supply():
    _, _, check = checked(terminated("2027-01-15", "2027-02-01"), base=ENERGY,
                          sent=ENERGY_SENT,
                          **{"contract.basic_supply": True, "contract.commodity": "gas"})
    assert check.contest and check.basis == "§ 20 Abs. 1 Satz 2 GasGVV"
    assert "§ 36 Abs. 1 EnWG" in check.reason.render("de")


@pytest.mark.parametrize("base, changes, fact", [
    (TELECOM, {}, "§ 59 TKG"),
    (ENERGY, {"sent": ENERGY_SENT}, "§ 38 EnWG"),
    (SEED, {}, "auth codes"),                    # hosting: the domains
])
def test_where_the_law_sets_no_limit_the_user_gets_the_facts_for_switching(base, changes,
                                                                           fact):
    case, a, check = checked(terminated("2027-01-15", "2027-02-28"), base=base, **changes)
    assert not check.contest
    why = blocked("termination", case, a, D(TODAY)).render("en")
    assert "your contract ends on Sun, 28 Feb 2027" in why
    facts = " ".join(m.render("en") for m in switching(case, a))
    assert fact in facts and "final bill" in facts
    assert next_step(case, a, D(TODAY)).kind != "termination"


@pytest.mark.parametrize("event, path", [
    ({"type": "provider_terminates", "date": "2027-01-15"}, "history.1.ends"),
    (terminated("2027-01-15", "2027-01-14"), "history.1.ends"),
    ({"type": "provider_demands", "date": "2027-01-15"}, "history.1.demand"),
    (demanded("2027-01-15", "eviction"), "history.1.demand"),
    (demanded("2027-01-15", "dunning", "-3"), "history.1.amount"),
])
def test_bad_events_are_refused_at_their_field(event, path):
    with pytest.raises(CaseError) as info:
        case_with(event)
    assert path in [e.path for e in info.value.errors]


@pytest.mark.parametrize("lang, expected, absent", [
    # Written on 20.3.2027, after the earliest end (15.3.2027): the letter does not accept
    # that the contract ended, and leaves open whether it ended at all.
    ("de", ["Widerspruch gegen Ihre Kündigung, mir zugegangen am 15. Januar 2027",
            "Ihre Kündigung unseres Vertrags zum 28. Februar 2027 ist mir am 15. Januar 2027 "
            "zugegangen.", "Die Kündigungsfrist darf zwei Monate nicht unterschreiten "
            "(§ 675h Abs. 2 Satz 2 BGB)", "hat den Vertrag jedenfalls nicht vor Ablauf des "
            "15. März 2027 beendet, also nicht schon am 28. Februar 2027", "Ob sie ihn überhaupt beendet "
            "hat, insbesondere ob ein Kündigungsrecht vereinbart ist, lasse ich ausdrücklich "
            "offen", "schulde ich nur den bisherigen Preis von 19,99 € monatlich: Die Änderung "
            "habe ich mit Schreiben vom 25. November 2026 abgelehnt", "dass der Vertrag nicht vor "
            "Ablauf des 15. März 2027 geendet hat"], []),
    ("en", ["Your termination received on 15 January 2027: I contest it",
            "The notice period may not be shorter than two months (§ 675h(2) sentence 2 BGB)",
            "did not end the contract before the end of 15 March 2027 in any case, not on "
            "28 February 2027",
            "I owe only the previous price of €19.99 per month: I rejected the change"],
     ["Abs.", "objected"]),
])
def test_the_reply_to_a_banks_termination(lang, expected, absent):
    text = letter(case_with(terminated("2027-01-15", "2027-02-28"),
                            **{"contract.sector": "bank"}), "termination", lang)
    for phrase in expected:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text.split("Translation")[-1], phrase


@pytest.mark.parametrize("lang, expected", [
    ("de", ["nach § 203 Abs. 2 VVG neu festgesetzt. Dieses Recht besteht nur, wenn Ihr "
            "ordentliches Kündigungsrecht gesetzlich oder vertraglich ausgeschlossen ist",
            "soweit sie den gesetzlichen Kranken- oder Pflegeversicherungsschutz ersetzen "
            "kann, die ordentliche Kündigung ausgeschlossen (§ 206 Abs. 1 Satz 2 VVG)",
            "Versicherungspflicht nach § 193 Abs. 3 Satz 1 VVG erfüllt, jede Kündigung durch "
            "Sie (§ 206 Abs. 1 Satz 1 VVG)", "Ihre Kündigung ist daher unwirksam; der "
            "Vertrag besteht unverändert fort", "dass der Vertrag unverändert fortbesteht"]),
    ("en", ["You have reset my premium under § 203(2) VVG. That right exists only where your "
            "ordinary right to terminate is excluded", "as far as it can replace the statutory "
            "health or long-term care cover, an ordinary termination is excluded (§ 206(1) "
            "sentence 2 VVG)",
            "Your termination is therefore ineffective; the contract continues unchanged"]),
])
def test_the_reply_to_a_health_insurers_termination_claims_no_old_premium(lang, expected):
    # § 203(5) VVG: the reset needs no consent, so no 'previous premium applies'.
    text = letter(case_with(terminated("2027-01-15", "2027-12-31"),
                            **{"contract.sector": "health_insurance"}), "termination", lang)
    for phrase in expected:
        assert phrase in text, phrase
    assert "bisherige Beitrag" not in text and "previous premium" not in text


def test_the_reply_to_a_basic_suppliers_termination():
    case = case_with(terminated("2027-01-15", "2027-02-01"), base=ENERGY, sent=ENERGY_SENT,
                     **{"contract.basic_supply": True, "contract.commodity": "electricity"})
    text = letter(case, "termination", "de")
    assert "§ 36 Abs. 1 EnWG nicht besteht (§ 20 Abs. 1 Satz 2 StromGVV)" in text
    assert "Dafür ist nichts ersichtlich; Sie haben es auch nicht dargelegt." in text
    demand = letter(case_with(demanded("2027-03-10", "cutoff"), base=ENERGY, sent=ENERGY_SENT,
                              **{"contract.basic_supply": True}), "demand", "de")
    assert "Vertragsinhalt" not in demand
    assert "in § 17 Abs. 1 StromGVV steht dem nicht entgegen: § 315 BGB bleibt von ihr " \
           "unberührt." in demand
    assert "Ihre Kündigung ist daher unwirksam; die Grundversorgung besteht fort." in text


def test_a_contestable_termination_is_the_next_step_until_answered():
    event = terminated("2027-01-15", "2027-02-28")
    case, a, _ = checked(event, **{"contract.sector": "bank"})
    step = next_step(case, a, D(TODAY))
    assert step.kind == "termination" and "15 Jan 2027" in step.message.render("en")
    case = case_with(event, {"type": "termination_reply_sent", "date": "2027-01-18"},
                     **{"contract.sector": "bank"})
    assert next_step(case, assess(case, D(TODAY)), D(TODAY)).kind != "termination"


# --- A dunning letter or a threat to block or cut off ------------------------------------

@pytest.mark.parametrize("base, changes, demand, cited, not_cited", [
    (TELECOM, {}, "block", "Eine Sperre wegen Zahlungsverzugs ist nur zulässig, wenn ich bei "
     "wiederholter Nichtzahlung mit mindestens 100 Euro in Verzug bin", "Soweit § 61"),
    (ENERGY, {"sent": ENERGY_SENT, "contract.basic_supply": True}, "cutoff",
     "Unterbrechung der Versorgung wegen Nichtzahlung (§ 41f EnWG)", "§ 320"),
    (TELECOM, {"contract.consumer": False}, "block", "Soweit § 61 TKG mich schützt "
     "(§ 71 Abs. 3 TKG)", "§ 320 BGB"),
    (ENERGY, {"sent": ENERGY_SENT}, "cutoff", "Unterbrechung der Versorgung wegen Nichtzahlung (§ 41f EnWG) "
     "setzt einen Zahlungsverzug voraus", "§ 61"),
    (SEED, {}, "block", "nur wegen einer geschuldeten Zahlung zurückhalten (§ 320 BGB)",
     "§ 41f"),
    (ENERGY, {"sent": ENERGY_SENT, "contract.consumer": False,
              "contract.annual_consumption_kwh": 50000}, "cutoff",
     "nur wegen einer geschuldeten Zahlung zurückhalten (§ 320 BGB)", "§ 41f"),
    (SEED, {}, "dunning", "von jeder Sperrung oder Einstellung Ihrer Leistungen",
     "§ 320 BGB"),
])
def test_the_reply_to_a_demand_names_the_limits_that_apply(base, changes, demand, cited,
                                                            not_cited):
    case = case_with(demanded("2027-03-10", demand, "30.00"), base=base, **changes)
    text = letter(case, "demand", "de")
    assert "Ihr Schreiben vom 10. März 2027: Die Forderung ist bestritten" in text
    assert "Sie fordern darin 30,00 €." in text
    assert cited in text and not_cited not in text
    # The first letter's grounds, the objection and its proof are restated.
    sent = "6. Dezember 2026" if base is ENERGY else "25. November 2026"
    assert f"Der Erhöhung habe ich mit Schreiben vom {sent}, versandt per " \
           "Einwurf-Einschreiben (Einlieferungsbeleg Nr. RT 1234 5678 9DE), widersprochen" in text
    assert re.search(r"Soweit Ihre Forderung auf der Preiserhöhung zum \d+\. \w+ \d{4} "
                     r"beruht, bestreite ich sie\.", text)
    assert "einem Inkassounternehmen zu übergeben oder einer Auskunftei zu melden; die " \
           "Forderung ist bestritten" in text
    assert "begründet Ihr Schreiben insoweit keinen Verzug (§ 286 Abs. 1 BGB)" in text
    # A customer who withholds the difference never says he pays it under reservation.
    assert "unter Vorbehalt" not in text


def test_the_reply_to_a_demand_in_english():
    case = case_with(demanded("2027-03-10", "block"), base=TELECOM)
    text = letter(case, "demand", "en")
    for phrase in ["Your letter of 10 March 2027: the claim is disputed",
                   "in which you threaten me with a block",
                   "at least 100 euros after repeated non-payment", "(§ 61(4) TKG)",
                   "does not put me in default for it (§ 286(1) BGB)"]:
        assert phrase in text, phrase
    assert "It demands" not in text                     # no amount entered


@pytest.mark.parametrize("sector", ["insurance", "health_insurance"])
def test_an_insurer_is_paid_under_reservation_not_disputed_by_not_paying(sector):
    case = case_with(demanded("2027-03-10", "dunning"), **{"contract.sector": sector})
    a = assess(case, D(TODAY))
    why = blocked("demand", case, a, D(TODAY)).render("en")
    assert "§ 38 VVG" in why and "under reservation" in why
    step = next_step(case, a, D(TODAY))
    assert step.kind is None and "§ 38 VVG" in step.message.render("en")


def test_a_demand_comes_before_everything_else_until_answered():
    charged = bill("2027-02-05", "2027-01-01", "2027-01-31")
    case = case_with(charged, demanded("2027-03-10", "block"), base=TELECOM)
    a = assess(case, D(TODAY))
    assert next_step(case, a, D(TODAY)).kind == "demand"
    case = case_with(charged, demanded("2027-03-10", "block"),
                     {"type": "demand_reply_sent", "date": "2027-03-11"}, base=TELECOM)
    assert next_step(case, assess(case, D(TODAY)), D(TODAY)).kind == "refund"


def test_the_letters_wait_for_their_event():
    case = case_with()
    a = assess(case, D(TODAY))
    assert "termination" in blocked("termination", case, a, D(TODAY)).render("en")
    assert "dunning" in blocked("demand", case, a, D(TODAY)).render("en")
    unsent = from_dict({**SEED, "history": [demanded("2027-03-10", "dunning")]}, D(TODAY))
    assert "objection" in blocked("demand", unsent, assess(unsent, D(TODAY)),
                                  D(TODAY)).render("en")
    assert SENT["type"] == "objection_sent"


def test_a_telecom_block_threat_asks_for_an_answer_before_the_block_can_come():
    # A block may follow two weeks after the threat (§ 61(4) sentence 2 TKG): threatened
    # on 18.03.2027, the letter asks for an answer by 31.03.2027; threatened on
    # 10.03.2027, that day (23.03.) is before the letter of Sat 20.03. can arrive: at once.
    text = letter(case_with(demanded("2027-03-18", "block", "30.00"), base=TELECOM),
                  "demand", "de")
    assert "umgehend, spätestens bis zum 31. März 2027, in Textform, dass Sie meinen " \
           "Anschluss wegen des bestrittenen Betrags nicht sperren" in text
    assert "Schon der von Ihnen geforderte Betrag von 30,00 € erreicht die Schwelle von 100 " \
           "Euro nicht." in text
    assert "von jeder Sperre meines Anschlusses" in text
    assert "Vorsorglich beanstande ich hiermit jede Rechnung, soweit sie das erhöhte Entgelt " \
           "enthält (§ 67 Abs. 2 Satz 1 TKG)." in text
    text = letter(case_with(demanded("2027-03-10", "block", "130.00"), base=TELECOM),
                  "demand", "de")
    assert "Bitte bestätigen Sie mir umgehend in Textform, dass Sie meinen Anschluss" in text
    assert "Schwelle von 100 Euro nicht" not in text


def test_a_business_in_energy_is_sent_to_no_consumer_procedure():
    # §§ 111a, 111b EnWG: complaints and arbitration for consumers only.
    case = case_with(demanded("2027-03-10", "dunning"), base=ENERGY, sent=ENERGY_SENT,
                     **{"contract.consumer": False, "contract.annual_consumption_kwh": 50000})
    text = letter(case, "demand", "de")
    assert "§ 111a" not in text and "Schlichtungsstelle" not in text
    assert "von jeder Unterbrechung meiner Versorgung" in text
    a = assess(case, D(TODAY))
    assert "consumers only" in blocked("arbitration", case, a, D(TODAY)).render("en")
