"""The later letters as a lawyer reads them, sector by sector (issue 22): each letter rests
on the ground the law gives in its sector, states only facts the case holds, names one
date to answer by, and sends a business nowhere it cannot go. Every letter is rendered to
a PDF and read back, in German and English."""
import ast
import datetime as dt
import re

import pytest

from conftest import ROOT, pdf_text
from objection.assess import assess
from objection.case import from_dict
from objection.letters import blocked, deadline, next_step
from objection.ics import reminder_ics
from objection.limits import switching
from objection.pdf import render_pdf
from test_followups import SENT, bill, case_with
from test_limits import ENERGY, ENERGY_SENT, demanded, terminated
from test_web_later import later  # noqa: F401 (a fixture)

D = dt.date.fromisoformat
TODAY = "2027-03-20"
PKV = {"contract.sector": "health_insurance", "notice.old_price": "512.40",
       "notice.new_price": "588.10"}
BASIC = {"contract.basic_supply": True, "contract.commodity": "electricity"}
BANK = {"contract.sector": "bank", "provider.name": "Beispielbank AG"}
BILLS = (bill("2027-02-03", "2027-01-01", "2027-01-31"),
         bill("2027-03-03", "2027-02-01", "2027-02-28"))


def answer(date="2026-12-15", **fields):
    return {"type": "provider_insists", "date": date, **fields}


def state(*events, today=TODAY, **changes):
    case = case_with(*events, today=today, **changes)
    return case, assess(case, D(today)), D(today)


def letter(case, kind, lang, today=TODAY) -> str:
    a = assess(case, D(today))
    why = blocked(kind, case, a, D(today))
    assert why is None, why.render("en")
    text = pdf_text(render_pdf(case, a, lang=lang, today=D(today), kind=kind, records=False))
    return " ".join(text.split("Translation for your understanding only.")[-1].split())


def energy_case(*events, today=TODAY, **changes):
    data = {**ENERGY, "history": [{**SENT, "date": ENERGY_SENT}, *events]}
    for path, value in changes.items():
        section, key = path.split(".")
        data[section] = {**data[section], key: value}
    return from_dict(data, D(today))


# --- 1. Private health insurance: only a defective reset is a ground ----------------------

DEFECTIVE = answer(reasons="general", trustee="not_shown")
NEVER = {"de": ["Widerspruch", "widersprochen", "nicht Vertragsinhalt", "vereinbart"],
         "en": ["objection", "objected", "part of our contract", "agreed"]}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("kind, events", [
    ("reminder", ()),
    ("reply", (DEFECTIVE,)),
    ("refund", (DEFECTIVE, *BILLS)),
    ("arbitration", (DEFECTIVE, *BILLS)),
])
def test_no_health_insurance_letter_rests_on_an_objection(kind, events, lang):
    text = letter(case_with(*events, **PKV), kind, lang)
    for word in NEVER[lang]:
        assert word not in text, word
    if kind != "reminder":
        # the ground: reasons in general terms only, the trustee's approval not shown
        assert ("§ 203 Abs. 5 VVG" if lang == "de" else "§ 203(5) VVG") in text
        assert ("§ 203 Abs. 2 Satz 1 VVG" if lang == "de" else "§ 203(2) sentence 1 VVG") \
            in text
        assert "IV ZR 255/17" in text


@pytest.mark.parametrize("lang, expected", [
    ("de", ["Sie haben die Gründe nur allgemein mitgeteilt", "Bis die Neufestsetzung "
            "wirksam geworden ist, schulde ich nach meiner Auffassung nur den bisherigen "
            "Beitrag von 512,40 € monatlich"]),
    ("en", ["You have stated the reasons only in general terms", "Until the reset has taken "
            "effect, in my view only the previous premium of €512.40 per month is owed"]),
])
def test_the_reply_names_the_recorded_defect(lang, expected):
    text = letter(case_with(DEFECTIVE, **PKV), "reply", lang)
    for phrase in expected:
        assert phrase in text, phrase


def test_without_a_recorded_defect_no_refund_is_offered_and_why():
    case, a, today = state(answer(), *BILLS, **PKV)
    why = blocked("refund", case, a, today).render("en")
    assert "whether it gives the reasons" in why and "§ 203(2), (5) VVG" in why
    assert blocked("reply", case, a, today) is not None
    assert next_step(case, a, today).kind is None
    # reasons named and the approval shown: the reset is the insurer's right
    case, a, today = state(answer(reasons="given", trustee="shown"), *BILLS, **PKV)
    why = blocked("refund", case, a, today).render("de")
    assert "gesetzliches Recht (§ 203 Abs. 2 VVG)" in why and "§ 204 VVG" in why
    # the ombudsman can still be asked to check it, without a claim the case lacks
    text = letter(case, "arbitration", "en")
    assert "examine whether the reset of my premium is lawful" in text
    assert "refunding" not in text and "with interest" not in text


def test_the_application_tells_the_body_about_the_insurer():
    text = letter(case_with(answer(reasons="missing"), *BILLS, **PKV), "arbitration", "de")
    assert "Er hat mir die für die Neufestsetzung maßgeblichen Gründe nicht mitgeteilt" in text
    assert "Sie haben" not in text.split("hiermit beantrage")[-1]


# --- 2. Basic supply: § 315 Abs. 3 BGB, not the objection ------------------------------

@pytest.mark.parametrize("lang, fairness, never", [
    ("de", "Billigkeit", ["nicht Vertragsinhalt", "vereinbart", "zu den bisherigen "
                          "Bedingungen fort"]),
    ("en", "fair", ["part of our contract", "agreed", "continues on its existing terms"]),
])
@pytest.mark.parametrize("kind, events", [("reminder", ()), ("refund", BILLS),
                                          ("reply", (answer(),))])
def test_basic_supply_letters_dispute_fairness(kind, events, lang, fairness, never):
    bills = tuple({**e, "kwh": "250"} if e["type"] == "bill" else e for e in events)
    text = letter(energy_case(*bills, **BASIC), kind, lang)
    assert fairness in text and ("§ 315 Abs. 3 BGB" if lang == "de" else "§ 315(3) BGB") \
        in text
    for phrase in never:
        assert phrase not in text, phrase


# --- 3. § 111a EnWG: four weeks from arrival, one date per letter -------------------------

def test_the_energy_reminder_names_one_date_four_weeks_after_its_arrival():
    case = energy_case(today="2027-01-20")
    a = assess(case, D("2027-01-20"))
    # Written Wed 20.1.2027 by registered mail: arrives Mon 25.1.2027; four weeks end Mon
    # 22.2.2027 (§§ 187(1), 188(2) BGB), the answer date of the complaint.
    assert deadline("reminder", case, a, D("2027-01-20")) == D("2027-02-22")
    text = letter(case, "reminder", "de", today="2027-01-20")
    named = set(re.findall(r"bis zum (\d{1,2}\. \w+ 2027)", text))
    assert named == {"22. Februar 2027"}, named
    assert "innerhalb von vier Wochen ab Zugang" in text


def test_the_application_says_four_weeks_only_once_they_have_passed():
    case = energy_case(today="2027-01-08")
    text = letter(case, "arbitration", "en", today="2027-01-08")
    assert "has not remedied it within four weeks of its arrival" in text
    case = energy_case(answer("2026-12-20"), today="2026-12-22")
    text = letter(case, "arbitration", "en", today="2026-12-22")
    assert "has rejected it" in text and "four weeks" not in text


# --- 4. Telecom is a family ------------------------------------------------------------

BUNDLE = {"contract.sector": "subscription", "contract.bundled_with_internet": True}


@pytest.mark.parametrize("lang, expected", [
    ("de", ["mit mindestens 100 Euro in Verzug", "§ 61 Abs. 4 TKG", "§ 67 Abs. 2 Satz 1 TKG",
            "erreicht die Schwelle von 100 Euro nicht", "von jeder Sperre meines Anschlusses"]),
    ("en", ["at least 100 euros", "§ 61(4) TKG", "§ 67(2) sentence 1 TKG",
            "does not even reach the threshold of 100 euros"]),
])
def test_a_bundle_with_internet_access_gets_the_telecom_protection(lang, expected):
    case = case_with(demanded("2027-03-10", "block", "40.00"), **BUNDLE)
    text = letter(case, "demand", lang)
    for phrase in expected:
        assert phrase in text, phrase
    a = assess(case, D(TODAY))
    assert any("§ 59 TKG" in m.render("en") for m in switching(case, a))


# What names a sector rather than a legal fact: the rule's key, its ground paragraph's
# name, and the contract's sector.
KEYS = (("rule", "key"), ("rule", "grounds"), ("contract", "sector"))


def _keys(node: ast.AST) -> list[str]:
    """The rule's or the sector's key wherever `node` reads it (rule.key, c.rule.grounds,
    case.contract.sector)."""
    def owner(n):
        return n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", None)
    return [n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute) and
            (owner(n.value), n.attr) in KEYS]


def _compared_keys(source: str) -> list[tuple[int, list[str]]]:
    return [(node.lineno, _keys(node)) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Compare) and _keys(node)]


def test_no_letter_decides_by_comparing_rule_keys():
    """The sector rule carries the facts the letters ask for (rules.SectorRule); a letter
    may look a sector up by its key, never compare it."""
    package = ROOT / "objection"
    for path in [*sorted((package / "letters").glob("*.py")),
                 *(package / name for name in ("limits.py", "refund.py", "arbitration.py"))]:
        found = _compared_keys(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(package)}: {found}"


def test_a_planted_key_comparison_is_caught():
    planted = ("if rule.grounds == 'health':\n    pass\n"
               "x = c.rule.key in ('bank',)\n"
               "y = case.contract.sector != 'energy'\n"
               "z = _GROUNDS.get(rule.grounds)\n")          # a lookup, not a comparison
    assert [line for line, _ in _compared_keys(planted)] == [1, 3, 4]


# --- 6. A business is never sent to a body for consumers only -----------------------------

def test_a_business_is_sent_to_the_court_not_to_the_universal_board():
    reminded = {"type": "reminder_sent", "date": "2026-12-12"}
    case, a, today = state(reminded, **{"contract.consumer": False})
    step = next_step(case, a, today)
    assert step.kind is None and "Mahnbescheid" in step.message.render("de")
    assert "§ 204(1) no. 1, 3, 4 BGB" in step.message.render("en")
    assert "Gütestelle" in step.message.render("de") and "§ 203 BGB" in step.message.render("de")
    assert "Universalschlichtungsstelle" not in letter(case_with(**{"contract.consumer": False}),
                                                       "reminder", "de")
    # the limitation warning too, on the page, in the calendar and as the next step
    old = dict(today="2026-11-25", **{"contract.consumer": False,
                                      "notice.date": "2021-11-02",
                                      "notice.received": "2021-11-03",
                                      "notice.effective": "2022-01-01",
                                      "letter.date": "2021-11-05"})
    case, a, today = state(bill("2023-02-03", "2023-01-01", "2023-01-31"),
                           bill("2023-03-03", "2023-02-01", "2023-02-28"), **old)
    step = next_step(case, a, today)
    assert step.kind is None and "Mahnbescheid" in step.message.render("de")
    calendar = reminder_ics(case, a, "de", today).decode()
    assert "Mahnbescheid" in calendar and "Schlichtungsstelle" not in calendar


# --- Should: what the history records, no payment fact, dates that fit ---------------------

def test_the_reminder_never_says_no_answer_when_the_provider_wrote():
    case = case_with(demanded("2026-12-14", "dunning"))
    text = letter(case, "reminder", "de", today="2026-12-20")
    assert "Eine Antwort habe ich bis heute nicht erhalten" not in text
    assert "Ihr Schreiben vom 14. Dezember 2026 geht darauf nicht ein." in text


def test_the_application_names_threats_and_terminations():
    case = case_with(answer(), terminated("2027-01-10", "2027-03-31"),
                     demanded("2027-03-10", "cutoff"))
    text = letter(case, "arbitration", "en")
    assert "It has terminated the contract as of 31 March 2027" in text
    assert "threatened to have my supply interrupted" in text


@pytest.mark.parametrize("changes", [{}, BANK])
def test_the_demand_reply_states_what_is_owed_not_what_is_paid(changes):
    text = letter(case_with(demanded("2027-03-10", "dunning"), **changes), "demand", "de")
    assert "zahle ich weiterhin" not in text
    assert "Ich schulde nur den bisherigen Preis" in text


@pytest.mark.parametrize("kind, events, de, en", [
    ("reminder", (), "Erinnerung: meine Ablehnung vom 25. November 2026",
     "Reminder: my rejection of 25 November 2026"),
    ("reply", (answer(),), "An meiner Ablehnung der Änderung", "I maintain my rejection"),
    ("refund", BILLS, "Die Änderung habe ich mit Schreiben vom 25. November 2026 abgelehnt",
     "I rejected the change by letter of 25 November 2026"),
])
def test_a_bank_letter_calls_the_first_letter_a_rejection(kind, events, de, en):
    case = case_with(*events, **BANK)
    german, english = letter(case, kind, "de"), letter(case, kind, "en")
    assert de in german and "widersprochen" not in german and "Widerspruch" not in german
    assert en in english and "objection" not in english


def test_a_confirmation_is_never_asked_for_after_the_end_it_confirms():
    # The bank's termination reached the customer on 15.1.2027: it ends on 15.3.2027 at
    # the earliest; the letter, written on 5.3.2027, cannot ask to confirm by 19 March.
    case = case_with(terminated("2027-01-15", "2027-02-28"), today="2027-03-05", **BANK)
    text = letter(case, "termination", "de", today="2027-03-05")
    assert "unverzüglich, spätestens bis zum 14. März 2027" in text
    assert "bis zum 19. März 2027" not in text


def test_an_insurers_termination_is_limited_to_an_ordinary_one():
    case = case_with(terminated("2027-01-15", "2027-02-28"), **{"contract.sector": "insurance"})
    text = letter(case, "termination", "en")
    assert "An insurance contract of indefinite duration can be terminated in the ordinary " \
           "way only for the end of the current insurance period" in text


def test_the_universal_board_s_minimum_is_noted_on_the_page(later):  # noqa: F811 (fixture)
    from test_web_later import BILLS as FORM_BILLS, page, record
    record(later, "objection", **{"sent-date": "25.11.2026",
                                  "sent-delivery": "registered_mail"})
    record(later, "bills", **{k: v for k, v in FORM_BILLS.items() if k.startswith("bill-0")},
           **{"bill-0-charged": "25,00"})
    text = " ".join(page(later).split())
    assert "It may refuse a dispute worth less than €10.00 (§ 30 Abs. 2 Nr. 4 VSBG): your " \
           "claim so far is €5.01." in text


@pytest.mark.parametrize("bills", [6, 7, 8, 9, 10])
def test_the_closing_never_stands_alone_on_a_page(bills):
    """A refund claim whose text just fills the first page (with 6 to 9 such bills the
    closing alone went to page 2): the last lines of the text go with it."""
    days = [bill(f"2026-{m:02d}-03", f"2026-{m:02d}-01", f"2026-{m:02d}-02")
            for m in range(1, bills + 1)]
    case = case_with(*days, **{"notice.effective": "2026-01-01", "notice.date": "2025-11-18",
                               "notice.received": "2025-11-20", "letter.date": "2025-11-25"},
                     sent="2025-11-25")
    pdf = render_pdf(case, assess(case, D(TODAY)), lang="de", today=D(TODAY), kind="refund",
                     records=False)
    second = pdf_text(pdf, first=2)
    assert "Mit freundlichen Grüßen" in second
    before = second.split("Mit freundlichen Grüßen")[0].replace(case.customer.name, "")
    assert len(before.split()) > 10, second


# --- A first letter that only terminated objected to nothing ------------------------------

@pytest.mark.parametrize("kind, events", [
    ("reminder", ()),
    ("reply", (answer(),)),
    ("refund", BILLS),
    ("arbitration", (answer(), *BILLS)),
    ("demand", (demanded("2027-03-10", "block", "20.00"),)),
    ("termination", (terminated("2027-03-01", "2027-03-15"),)),
])
def test_no_later_letter_follows_a_termination_alone(kind, events):
    # Every later letter argues from "my objection of ...": after a letter that only
    # terminated, it would state what did not happen. With the objection it is written.
    terminated_only = {"options.object": False, "options.terminate_fallback": True}
    case, a, today = state(*events, **terminated_only)
    why = blocked(kind, case, a, today)
    assert why is not None and "did not object to the new price" in why.render("en")
    assert "der Preiserhöhung aber nicht widersprochen" in why.render("de")
    step = next_step(case, a, today)
    assert step.kind is None and step.message == why
    objected, a, today = state(*events)
    assert blocked(kind, objected, a, today) is None or kind == "termination"
