"""Sector rules (docs/rules.md section 4, R15-R17) and the warnings of section 6."""
import copy
import datetime as dt

import pytest

from objection.assess import Facts, assess, assess_facts
from objection.explain import explain, why
from objection.case import from_dict
from objection.deadlines import Period
from objection.rules import sector_rule

D = dt.date.fromisoformat


def make(base: dict, **changes) -> dict:
    """A copy of `base` with dotted-path changes: make(c, **{"notice.received": ...})."""
    data = copy.deepcopy(base)
    for path, value in changes.items():
        section, key = path.split(".")
        if value is None:
            data[section].pop(key, None)
        else:
            data[section][key] = value
    return data


def run(base, today="2026-09-05", **changes):
    return assess(from_dict(make(base, **changes)), D(today))


def facts(sector="other", **kw):
    rule_kw = {k: kw.pop(k) for k in ("consumer", "bundled_with_internet", "basic_supply",
                                      "commodity", "annual_kwh") if k in kw}
    return Facts(rule=sector_rule(sector, **rule_kw), state=kw.pop("state", "BE"), **kw)


# --- Sector deadlines ------------------------------------------------------------------

def test_telecom_s4_both_windows():
    # docs/sources.md S4: notice received Fri 14.03.2025, change on Thu 01.05.2025 (BE):
    # to never pay more, terminate by Wed 30.04.2025; statutory E0 Sat 14.06. -> Mon 16.06.
    a = assess_facts(facts("telecom", received=D("2025-03-14"), effective=D("2025-05-01")),
                     D("2025-03-15"))
    assert a.termination.raw == D("2025-06-14")
    assert a.termination.date == D("2025-06-16")
    assert a.termination_before_change.date == D("2025-04-30")
    assert "§ 57 Abs. 1 TKG" in a.legal_basis


def test_telecom_notice_window_s3():
    # docs/sources.md S3: a change on 01.03.2026 needs the notice between 31.12.2025 and 31.01.2026.
    on_time = assess_facts(facts("telecom", received=D("2026-01-31"),
                                 effective=D("2026-03-01")), D("2026-02-01"))
    late = assess_facts(facts("telecom", received=D("2026-02-01"),
                              effective=D("2026-03-01")), D("2026-02-01"))
    assert on_time.notice_latest == D("2026-01-31") and on_time.notice_timely
    assert late.notice_timely is False and "notice_too_late" in late.codes


def test_hosting_alone_is_not_telecom_but_a_bundle_is():
    # R16: hosting alone has no section 57 TKG; sold in a consumer bundle with DSL it has.
    alone = assess_facts(facts("hosting", received=D("2026-09-02"), period=Period(weeks=4),
                               effective=D("2026-11-01")), D("2026-09-03"))
    bundle = assess_facts(facts("hosting", received=D("2026-09-02"), period=Period(weeks=4),
                                effective=D("2026-11-01"), bundled_with_internet=True),
                          D("2026-09-03"))
    assert alone.termination is None and alone.facts.rule.key == "plain"
    assert bundle.termination.date == D("2026-12-02")
    assert "§ 57 Abs. 1 TKG i. V. m. § 66 Abs. 1 TKG" in bundle.legal_basis
    # A business customer's bundle is not covered by section 66 TKG.
    assert sector_rule("hosting", consumer=False, bundled_with_internet=True).key == "plain"


def test_energy_s2_terminate_by_the_day_before_unshifted():
    a = assess_facts(facts("energy", received=D("2025-10-20"), effective=D("2025-12-01"),
                           state="NW", sender_state="NW", terminate=True, object=False),
                     D("2025-10-21"))
    assert a.termination.date == D("2025-11-30")          # a Sunday: no shift
    assert a.arrival.date == D("2025-11-28")
    assert a.send_by.date == D("2025-11-24")
    assert "§ 41 Abs. 5 EnWG" in a.legal_basis


@pytest.mark.parametrize("consumer, kwh, received, timely", [
    (True, None, "2026-11-30", True), (True, None, "2026-12-01", False),  # household: 1 month
    # Section 3 no. 22 EnWG: a business up to 10,000 kWh a year is a household customer,
    # and one of unknown consumption is treated as one (the safe side).
    (False, 10_000, "2026-12-01", False), (False, None, "2026-12-01", False),
    (False, 10_001, "2026-12-17", True), (False, 10_001, "2026-12-18", False),  # 2 weeks
])
def test_energy_notice_minimum(consumer, kwh, received, timely):
    a = assess_facts(facts("energy", consumer=consumer, annual_kwh=kwh, received=D(received),
                           effective=D("2027-01-01")), D("2026-12-01"))
    assert a.notice_timely is timely


def test_business_energy_of_unknown_consumption_is_a_household(telecom_case):
    energy = {"contract.sector": "energy", "contract.consumer": False,
              "notice.received": "2026-10-05", "notice.effective": "2026-11-01",
              "letter.date": "2026-10-06"}
    unknown = run(telecom_case, today="2026-10-06", **energy)
    assert unknown.facts.rule.key == "energy" and unknown.notice_timely is False
    assert "household_customer_assumed" in unknown.codes
    large = run(telecom_case, today="2026-10-06",
                **{**energy, "contract.annual_consumption_kwh": 50_000})
    assert large.facts.rule.key == "energy_business" and large.notice_timely is True
    assert "household_customer_assumed" not in large.codes


def test_basic_supply_six_weeks_and_month_start():
    # The six weeks run from the public announcement, for which the notice's own date
    # stands (it goes out with it), not from receipt.
    a = assess_facts(facts("energy", basic_supply=True, received=D("2026-11-20"),
                           notice_date=D("2026-11-20"), effective=D("2027-01-01")),
                     D("2026-11-21"))
    assert a.notice_latest == D("2026-11-19") and not a.notice_timely
    assert a.termination.date == D("2026-12-31")
    # Cited by the commodity, never "StromGVV/GasGVV".
    assert "§ 5 Abs. 3 StromGVV" in a.legal_basis
    assert not any("/" in basis for basis in a.legal_basis)
    gas = assess_facts(facts("energy", basic_supply=True, commodity="gas",
                             received=D("2026-11-20"), effective=D("2027-01-01")), D("2026-11-21"))
    assert "§ 5 Abs. 3 GasGVV" in gas.legal_basis and "§ 5 Abs. 2 GasGVV" in gas.legal_basis
    announced = assess_facts(facts("energy", basic_supply=True, received=D("2026-11-25"),
                                   notice_date=D("2026-11-16"), effective=D("2027-01-01")),
                             D("2026-11-26"))
    assert announced.notice_timely is True
    odd = assess_facts(facts("energy", basic_supply=True, received=D("2026-10-01"),
                             effective=D("2026-12-15")), D("2026-10-02"))
    assert "not_month_start" in odd.codes
    month_start = {w["code"]: w["message"] for w in odd.to_dict("de")["warnings"]}
    assert "(§ 5 Abs. 2 StromGVV)" in month_start["not_month_start"]


def test_insurance_one_month_window_example_42():
    # docs/sources.md example 42: received Fri 28.11.2025 (NW), 1 month -> Sun 28.12. -> Mon 29.12.
    a = assess_facts(facts("insurance", received=D("2025-11-28"), effective=D("2026-01-01"),
                           state="NW"), D("2025-11-29"))
    assert a.termination.date == D("2025-12-29")
    assert a.termination_before_change is None     # the window closes before W anyway
    assert "§ 40 Abs. 1 VVG" in a.legal_basis
    assert a.notice_timely is True


def test_health_insurance_two_months_and_premium_month():
    a = assess_facts(facts("health_insurance", received=D("2026-11-16"),
                           effective=D("2027-01-01")), D("2026-11-17"))
    assert a.termination.date == D("2027-01-18")   # 16.01.2027 is a Saturday
    assert a.notice_timely is True                 # premium from the 2nd month after
    late = assess_facts(facts("health_insurance", received=D("2026-12-02"),
                              effective=D("2027-01-01")), D("2026-12-03"))
    assert late.notice_timely is False and late.notice_latest == D("2026-11-30")


def test_bank_two_months_and_day_before():
    a = assess_facts(facts("bank", received=D("2026-08-01"), effective=D("2026-10-01")),
                     D("2026-08-02"))
    assert a.notice_latest == D("2026-07-31") and a.notice_timely is False
    assert a.termination.date == D("2026-09-30")
    assert "§ 675g Abs. 2 BGB" in a.legal_basis


def test_subscription_has_no_statutory_termination():
    a = assess_facts(facts("subscription", received=D("2026-11-10"), period=Period(days=30),
                           effective=D("2026-12-10")), D("2026-11-12"))
    assert a.termination is None and a.notice_timely is None
    assert a.objection.date == D("2026-12-10")


# --- Which deadline the letter must meet -----------------------------------------------

def test_letter_deadline_is_the_earliest_declaration_included():
    base = dict(received=D("2026-10-22"), effective=D("2027-01-01"), period=Period(weeks=10),
                state="SH")
    only_objection = assess_facts(facts("energy", **base), D("2026-10-25"))
    with_termination = assess_facts(facts("energy", terminate=True, **base), D("2026-10-25"))
    assert only_objection.deadline.date == D("2026-12-31")   # P10W ends Thu 31.12.
    assert with_termination.deadline.date == D("2026-12-31")
    shorter = assess_facts(facts("energy", terminate=True, **{**base, "period": Period(weeks=12)}),
                           D("2026-10-25"))
    assert shorter.objection.date == D("2027-01-14")
    assert shorter.deadline is shorter.termination
    # arrival: 31.12. is excluded, 30.12. is a Wednesday
    assert shorter.arrival.date == D("2026-12-30")


def test_received_unknown_counts_from_the_notice_date(telecom_case):
    a = run(telecom_case, **{"notice.received": None})
    assert a.facts.received == D("2026-09-01")
    assert a.objection.date == D("2026-09-29")
    assert a.to_dict()["notice_received_assumed"] is True


@pytest.mark.parametrize("sector, termination", [("telecom", "2026-12-03"),
                                                  ("insurance", "2026-10-05"),
                                                  ("health_insurance", "2026-11-03")])
def test_no_period_the_deadline_and_the_warning_agree(telecom_case, sector, termination):
    # Without an objection period the objection should arrive before the change (W - 1):
    # the deadline shown and the warning say the same day; the termination window keeps
    # its own row.
    a = run(telecom_case, **{"notice.objection_period": None, "contract.sector": sector})
    assert a.termination.date == D(termination)
    messages = {w["code"]: w["message"] for w in a.to_dict("en")["warnings"]}
    if sector == "health_insurance":
        # A statutory reset is no offer to object to: the letter asks, with no deadline
        # of its own, and nothing to warn of.
        assert a.objection is None and a.deadline is None
        assert "no_period_stated" not in messages
    else:
        assert a.objection.date == a.deadline.date == D("2026-10-31")
        assert "Sat, 31 Oct 2026" in messages["no_period_stated"]
        assert termination[-2:].lstrip("0") in messages["no_period_stated"]


def test_no_period_and_no_sector_deadline_means_before_w(telecom_case):
    a = run(telecom_case, **{"notice.objection_period": None, "contract.sector": "hosting"})
    assert a.objection.date == D("2026-10-31")


# --- Status and warnings (docs/rules.md section 6) ------------------------------------------

def test_status_open_due_soon_missed(telecom_case):
    assert run(telecom_case, today="2026-09-05").status == "open"
    soon = run(telecom_case, today="2026-09-24")
    assert soon.status == "due_soon" and soon.days_left == 7 and "deadline_soon" in soon.codes
    missed = run(telecom_case, today="2026-10-02")
    assert missed.status == "missed" and "deadline_passed" in missed.codes
    assert "termination_still_open" in missed.codes


def test_send_by_passed_names_fast_channels(telecom_case):
    a = run(telecom_case, today="2026-09-28")
    assert a.send_by.date == D("2026-09-26")        # a Saturday: the post takes letters
    assert "send_by_passed" in a.codes
    message = [w for w in a.to_dict("en")["warnings"] if w["code"] == "send_by_passed"][0]
    assert "by hand" in message["message"]


def test_text_form_suffices_only_for_new_consumer_contracts(telecom_case):
    assert "text_form_suffices" not in run(telecom_case).codes      # contract from 2015
    new = run(telecom_case, **{"contract.start_date": "2016-10-01"})
    assert "text_form_suffices" in new.codes
    # The day comes from the rule (rules.TEXT_FORM_CUTOFF), written out in each language.
    said = {lang: next(w.message.render(lang) for w in new.warnings
                       if w.code == "text_form_suffices") for lang in ("de", "en")}
    assert "am oder nach dem 1. Oktober 2016 geschlossen" in said["de"]
    assert "on or after 1 October 2016:" in said["en"]
    business = run(telecom_case, **{"contract.start_date": "2020-01-01",
                                    "contract.consumer": False})
    assert "text_form_suffices" not in business.codes


def test_handwritten_signature_needed(telecom_case):
    from test_pdf import signature_data_uri
    image = signature_data_uri()
    a = run(telecom_case, **{"signature.mode": "image", "signature.image": image})
    assert "handwritten_signature_needed" in a.codes
    by_mail = run(telecom_case, **{"options.delivery": "email"})
    assert "handwritten_signature_needed" in by_mail.codes
    assert "handwritten_signature_needed" not in run(telecom_case).codes


def test_not_an_increase(telecom_case):
    assert "not_an_increase" in run(telecom_case, **{"notice.new_price": "19.99"}).codes
    assert "not_an_increase" not in run(telecom_case).codes


def test_termination_window_not_started(telecom_case):
    a = run(telecom_case, **{"notice.names_termination_right": False})
    assert "termination_window_not_started" in a.codes
    assert a.termination.date == D("2026-12-03")    # still counted from receipt


def test_holiday_only_in_some_municipalities():
    # docs/sources.md examples 27-29: Assumption Day in Bavaria does not shift; say so.
    a = assess_facts(facts(received=D("2025-07-18"), period=Period(weeks=4), state="BY"),
                     D("2025-07-19"))
    assert a.objection.date == D("2025-08-15")
    assert "holiday_only_in_some_municipalities" in a.codes
    text = [w for w in a.to_dict("de")["warnings"]
            if w["code"] == "holiday_only_in_some_municipalities"][0]["message"]
    assert "Mariä Himmelfahrt" in text
    augsburg = assess_facts(facts(received=D("2025-07-08"), period=Period(months=1),
                                  state="BY"), D("2025-07-09"))
    assert augsburg.objection.date == D("2025-08-08")
    assert "holiday_only_in_some_municipalities" in augsburg.codes


def test_states_differ_shows_the_earlier_day():
    # docs/sources.md examples 43/44: Corpus Christi 2009 in RP, not in BE.
    a = assess_facts(facts(received=D("2009-05-14"), period=Period(weeks=4), state="RP",
                           sender_state="BE"), D("2009-05-15"))
    # docs/rules.md R6: which place counts is not settled, so the earlier day is the
    # deadline: the headline, the days left and the calendar all use it.
    assert a.objection.date == a.deadline.date == D("2009-06-11")
    assert a.days_left == (D("2009-06-11") - D("2009-05-15")).days
    assert "states_differ" in a.codes
    message = [w for w in a.to_dict("en")["warnings"] if w["code"] == "states_differ"][0]
    assert "the earlier day, Thu, 11 Jun 2009, is your deadline" in message["message"]
    assert "Fri, 12 Jun 2009" in explain(a.objection, "en")
    later = assess_facts(facts(received=D("2009-05-14"), period=Period(weeks=4), state="BE",
                               sender_state="RP"), D("2009-05-15"))
    assert later.objection.date == D("2009-06-11") and "states_differ" in later.codes


def test_receipt_risky_near_deadline(telecom_case):
    early = run(telecom_case, today="2026-09-05",
                **{"options.delivery": "registered_mail_receipt"})
    late = run(telecom_case, today="2026-09-19",
               **{"options.delivery": "registered_mail_receipt"})
    assert "receipt_risky_near_deadline" not in early.codes
    assert "receipt_risky_near_deadline" in late.codes


def test_provider_abroad_uses_the_customers_state(telecom_case):
    data = make(telecom_case, **{"provider.country": "NL", "provider.postal_code": "1015 BA",
                                 "letter.state": None})
    case = from_dict(data)
    assert case.letter.state == "NW"        # from the customer's postal code 51147
    assert "provider_abroad" in assess(case, D("2026-09-05")).codes


def test_explanation_names_the_rule_chain():
    a = assess_facts(facts(received=D("2026-10-03"), period=Period(weeks=4), state="SN"),
                     D("2026-10-04"))
    en = explain(a.objection, "en")
    de = explain(a.objection, "de")
    assert de.startswith("§ 187 Abs. 1 BGB") and "§ 193 BGB" in de
    assert en.startswith("§ 187(1) BGB") and "§ 193 BGB" in en     # cited the English way
    assert "Reformation Day, Saxony" in en and "Mon, 2 Nov 2026" in en
    assert "Reformationstag, Sachsen" in de and "Mo., 2. Nov. 2026" in de
    plain = explain(a.objection, "de", statutes=False)
    assert "§" not in plain and "Reformationstag" in plain
    assert why(a.objection, "en") == "§ 187(1) BGB, § 188(2) BGB, § 193 BGB"


def test_assessment_json_contract(telecom_case):
    out = run(telecom_case).to_dict("de")
    for key in ("objection_deadline", "send_by", "termination_deadline", "legal_basis",
                "warnings"):
        assert key in out
    assert out["objection_deadline"] == "2026-10-01"
    assert out["send_by"] == "2026-09-26"
    assert out["termination_deadline"] == "2026-12-03"
    assert all({"code", "message"} <= set(w) for w in out["warnings"])


@pytest.mark.parametrize("name", ["energy", "insurance", "streaming"])
def test_example_cases(name):
    from conftest import CASES, load_json
    data = load_json(CASES / f"{name}.json")
    a = assess(from_dict(data), D(data["letter"]["date"]))
    expected = {
        # Household electricity, W 01.01.2027: terminate by Thu 31.12.2026 (W - 1, no
        # shift); the letter must meet that (no objection period named). E-mail: on the
        # arrival day, and 31 December is no business day, so Wed 30.12.
        "energy": ("2026-12-31", "2026-12-30", "2026-12-31"),
        # Insurance, received Thu 05.11.2026, 1 month -> Sat 05.12. -> Mon 07.12. (BY).
        "insurance": ("2026-12-07", "2026-11-30", "2026-12-07"),
        # Streaming, received 10.11.2026, P30D -> Thu 10.12.2026 (BE).
        "streaming": ("2026-12-10", "2026-12-10", None),
    }[name]
    deadline, send_by, termination = expected
    assert a.deadline.date.isoformat() == deadline
    assert a.send_by.date.isoformat() == send_by
    assert (a.termination.date.isoformat() if a.termination else None) == termination
