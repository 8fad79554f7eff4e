"""The application to the arbitration body (docs/rules.md section 7, item 4;
objection.arbitration holds the bodies).
"""
from __future__ import annotations

import datetime as dt

from ... import deadlines as dl
from ...arbitration import body_for
from ...assess import Assessment
from ...case import Case
from ...i18n import Message, N_
from ...postcodes import town_line
from .. import dates, history
from . import refund_claim
from ..parts import Context, Kind, Part
from ..preconditions import needs_objection
from ..shared import barred, later_references
from ..wording import defects, on_basis, proof, worded


def _arbitration_subject(c: Context) -> str:
    return c._(N_("Application for arbitration: %(customer)s against %(provider)s"),
               customer=c.case.customer.name, provider=c.case.provider.name)


def _arbitration_application(c: Context) -> str:
    p, cu = c.case.provider, c.case.customer
    reference = cu.customer_number or cu.contract_number
    ref = c._(N_(", customer no. %(number)s"), number=reference) if reference else ""
    text = c._(N_("I hereby apply for arbitration against %(provider)s, %(address)s%(ref)s."),
               provider=p.name, ref=ref,
               address=f"{p.street}, {town_line(p.postal_code, p.city, p.country)}")
    if c.body.businesses and not c.case.contract.consumer:
        text += " " + c._(c.body.businesses)
    return text


def _arbitration_facts(c: Context) -> str:
    _ = c._
    several = len(c.case.notice.prices) > 1
    if c.first == "request":
        announced = (N_("In its letter of %(notice)s the respondent announced that my "
                        "%(price)s would be reset as of %(effective)s: %(changes)s.") if several
                     else N_("In its letter of %(notice)s the respondent announced that my "
                             "%(price)s would be reset from %(old)s to %(new)s as of "
                             "%(effective)s."))
    else:
        announced = (N_("In its letter of %(notice)s the respondent announced that the "
                        "%(price)s would rise as of %(effective)s: %(changes)s.") if several
                     else N_("In its letter of %(notice)s the respondent announced that the "
                             "%(price)s would rise from %(old)s to %(new)s as of "
                             "%(effective)s."))
    text = _(announced, **c.facts) + " " + worded(c, dict(
        objection=N_("I objected by letter of %(objection)s%(proof)s."),
        rejection=N_("I rejected the change by letter of %(objection)s%(proof)s (§ 675g Abs. 2 "
                     "BGB)."),
        request=N_("By letter of %(objection)s%(proof)s I asked it for the reasons of the reset "
                   "and for confirmation of the trustee's approval.")),
        proof=proof(c), **c.facts)
    if c.answer:
        text += " " + _(N_("The respondent answered by letter of %(answer)s.")
                        if c.first == "request" else
                        N_("The respondent maintains the increase (letter of %(answer)s)."),
                        answer=_.date(c.answer.date))
        if history.reset_defects(c.answer):
            text += " " + defects(c, to_body=True)
    else:
        text += " " + _(N_("The respondent has not answered it."))
    if c.terminated:
        text += " " + _(N_("It has terminated the contract as of %(ends)s (its letter reached me "
                           "on %(received)s)."), ends=_.date(c.terminated.ends),
                        received=_.date(c.terminated.date))
    if c.demanded:
        # What the letter does is a provider_demands event's need (vocabulary.EVENTS).
        assert c.demanded.demand is not None, "a validated demand says what it does"
        text += " " + _(_DEMANDED[c.demanded.demand], date=_.date(c.demanded.date))
    if c.refund.open_items:
        text += " " + _(N_("Since %(first)s it has charged the higher %(price)s; the excess "
                           "so far is %(total)s."), first=_.date(c.refund.first_day),
                        total=c.amount(c.refund.total), **c.terms)
    return text


# What the provider's letter over the difference did, for the body (which deals with an
# imminent block or cut-off first).
_DEMANDED = {
    "dunning": N_("By letter of %(date)s it demands the disputed difference from me."),
    "block": N_("By letter of %(date)s it has threatened to block my line over the disputed "
                "difference."),
    "cutoff": N_("By letter of %(date)s it has threatened to have my supply interrupted over "
                 "the disputed difference."),
}


def _arbitration_request(c: Context) -> str:
    if c.first == "request" and not history.reset_defects(c.answer):
        return c._(N_("I ask you to examine whether the reset of my premium is lawful and "
                      "has taken effect, and to work towards the respondent giving me the "
                      "reasons and showing me the trustee's approval."))
    msgid = on_basis(
        c,
        reset=N_("I ask you to work towards the respondent recognising that the reset of my "
                 "premium has not taken effect."),
        fairness=N_("I ask you to work towards the respondent showing that the increase is "
                    "fair or charging only the previous %(price)s of %(old)s."),
        agreed=N_("I ask you to work towards the respondent confirming that the contract "
                  "continues at the previous %(price)s of %(old)s."))
    return " ".join(filter(None, [c._(msgid, **c.facts), _arbitration_refund(c)]))


def _arbitration_refund(c: Context) -> str:
    """The refund, where it was claimed from the provider first (§ 30 Abs. 2 Nr. 6 VSBG,
    § 14 Abs. 1 Nr. 2 VSBG): interest from the day after its payment date (§ 286 BGB)."""
    claimed = history.last(c.case, "refund_claimed")
    if claimed is None or not c.refund.open_items:
        return ""
    due = refund_claim.KIND.dates(c.case, c.a, history.day(claimed))[1]
    assert due is not None, "the refund claim asks for payment by a day"
    if c.letter_date > due:
        return c._(N_("I also ask you to work towards it refunding the %(total)s I claimed back "
                      "by letter of %(claimed)s, with default interest from %(from)s."),
                   total=c.amount(c.refund.total), claimed=c._.date(claimed.date),
                   **{"from": c._.date(due + dl.ONE_DAY)})
    return c._(N_("I also ask you to work towards it refunding the %(total)s I claimed back by "
                  "letter of %(claimed)s."), total=c.amount(c.refund.total),
               claimed=c._.date(claimed.date))


def _arbitration_scope(c: Context) -> str:
    """What makes the body competent, in its own statute's terms; energy: the complaint
    that the supplier did not remedy within four weeks of its arrival, or rejected."""
    if history.complaint_applies(c.case, c.a):
        if c.answer:
            return c._(N_("My objection of %(objection)s was also a consumer complaint under "
                          "§ 111a EnWG; the respondent has rejected it (§ 111b Abs. 1 Satz 3 "
                          "EnWG)."), **c.facts)
        return c._(N_("My objection of %(objection)s was also a consumer complaint under "
                      "§ 111a EnWG; the respondent has not remedied it within four weeks of "
                      "its arrival (§ 111b Abs. 1 Satz 3 EnWG)."), **c.facts)
    return c._(c.body.scope, basis=c.rule.termination_basis) if c.body.scope else ""


def _arbitration_assurance(c: Context) -> str:
    return c._(N_("No court proceedings and no other arbitration on this dispute are pending "
                  "or concluded, and it has not been settled. Enclosed: the notice, my "
                  "letters with their proof of delivery, the further correspondence and, "
                  "where charged, the bills."))


def _arbitration_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    """The body hears a dispute the customer first raised with the provider (§ 30(1)
    VSBG and the bodies' rules); energy: only after the supplier did not remedy a
    complaint within four weeks of its arrival (§§ 111a, 111b(1) sentence 3 EnWG)."""
    why = needs_objection(case)
    if why:
        return why
    if not history.body_hears(case):
        return history.court_route(case)
    if history.answer(case):
        return None
    end = dates.complaint_window_end(case, a)
    if end is not None:
        if today <= end:
            return Message(N_("The supplier has four weeks from the arrival of your "
                              "complaint to remedy it (§ 111a EnWG): the %(body)s hears it "
                              "from %(date)s, or once the supplier has rejected it."),
                           {"date": end + dl.ONE_DAY, "body": body_for(case).name})
        return None
    due = dates.answer_due(case, a)
    assert due is not None, dates.ANSWER_DUE
    if today <= due:
        return Message(N_("Give the provider until %(date)s to answer your objection first; "
                          "record its answer if it rejects it."), {"date": due})
    return None


KIND = Kind("arbitration", _arbitration_subject, (
    Part("application", "§ 68 TKG, § 111b EnWG, § 214 VVG, § 14 UKlaG, § 30 VSBG",
         _arbitration_application),
    Part("facts", "", _arbitration_facts),
    Part("barred", "§§ 195, 199 BGB", barred),
    Part("request", "§§ 307, 812, 286, 288 BGB", _arbitration_request),
    Part("scope", "§ 68 Abs. 1 TKG; § 111b Abs. 1 Satz 3 EnWG", _arbitration_scope),
    Part("assurance", "§ 30 VSBG", _arbitration_assurance),
), later_references, dates.later(None), label=N_("Application to the arbitration body"),
    filename=N_("arbitration-application.pdf"), position=4, blocked=_arbitration_blocked,
    recipient=lambda c: list(c.body.address),
    # To the arbitration body only by post: the provider's fax is not its fax.
    post_only=True)
