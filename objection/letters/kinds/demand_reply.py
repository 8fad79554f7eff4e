"""The reply to the provider's dunning letter or its threat to block or cut off
(docs/rules.md section 7, item 5).
"""
from __future__ import annotations

import datetime as dt

from ...assess import Assessment
from ...case import Case, Event
from ...i18n import Message, N_
from ...limits import demand_limits
from .. import dates, history
from ..grounds import restated
from ..parts import Context, Kind, Part
from ..preconditions import needs_objection
from ..shared import NEXT_BODY, later_references
from ..wording import proof, worded


_RECEIVED = {
    "dunning": N_("I have received your dunning letter of %(date)s."),
    "block": N_("I have received your letter of %(date)s, in which you threaten me with a "
                "block."),
    "cutoff": N_("I have received your letter of %(date)s, in which you threaten to have my "
                 "supply interrupted."),
}


def _demanded(c: Context) -> tuple[Event, dt.date, str]:
    """The provider's letter this one answers, its date and what it does. plan.py offers
    this letter only once the history records one, and from_dict refuses one without
    either (its date is required, what it does vocabulary.EVENTS's need)."""
    event = c.demanded
    assert event is not None and event.date is not None and event.demand is not None, \
        "the reply answers a recorded dunning letter or threat"
    return event, event.date, event.demand


def _demand_subject(c: Context) -> str:
    return c._(N_("Your letter of %(date)s: the claim is disputed"),
               date=c._.date(_demanded(c)[1]))


def _demand_received(c: Context) -> str:
    event, day, demand = _demanded(c)
    text = c._(_RECEIVED[demand], date=c._.date(day))
    if event.amount:
        text += " " + c._(N_("It demands %(amount)s."), amount=c.amount(event.amount))
    return text


def _demand_dispute(c: Context) -> str:
    # Only the part of the claim that stems from the increase is disputed: the case does
    # not say what else it holds. Basic supply: the supplier may change its general prices
    # (§ 5 GVV); the customer disputes that the change is fair (§ 315 Abs. 3 BGB), not that
    # it is in the contract. The letter states what is owed, no payment.
    if not c.rule.consent_needed:
        return c._(N_("Insofar as your claim stems from the %(increase)s as of %(effective)s, "
                      "I dispute it. I objected to the increase by letter of "
                      "%(objection)s%(proof)s: in my view it is not fair and does not bind me "
                      "(§ 315 Abs. 3 BGB). In my view I owe only the previous %(price)s of "
                      "%(old)s."), proof=proof(c), **c.facts)
    return worded(c, dict(
        objection=N_("Insofar as your claim stems from the %(increase)s as of %(effective)s, "
                     "I dispute it. I objected to the increase by letter of "
                     "%(objection)s%(proof)s: in my view it did not take effect. I owe only "
                     "the previous %(price)s of %(old)s."),
        rejection=N_("Insofar as your claim stems from the %(increase)s as of %(effective)s, "
                     "I dispute it. I rejected the change by letter of %(objection)s%(proof)s "
                     "(§ 675g Abs. 2 BGB): it did not become part of our contract. I owe only "
                     "the previous %(price)s of %(old)s.")),
        proof=proof(c), **c.facts)


def _demand_default(c: Context) -> str:
    return c._(N_("As in my view the difference is not owed, your letter does not put me in "
                  "default for it (§ 286 Abs. 1 BGB); I therefore owe no dunning or "
                  "collection costs."))


def _demand_limits(c: Context) -> str:
    return " ".join(m.render(c._.lang) for m in demand_limits(c.case, c.a, _demanded(c)[0]))


def _demand_urgent(c: Context) -> str:
    """A block may follow two weeks after a telecom provider's threat (§ 61 Abs. 4 Satz 2
    TKG): the letter asks for an answer before that day, where it can still arrive."""
    _event, day, demand = _demanded(c)
    if demand != "block" or not c.rule.block_protection:
        return ""
    last = day + dt.timedelta(days=13)
    if last < c.arrival:
        return c._(N_("Please confirm at once in text form that you will not block my line "
                      "over the disputed amount."))
    return c._(N_("Please confirm at once, by %(date)s at the latest, in text form that you "
                  "will not block my line over the disputed amount."), date=c._.date(last))


def _demand_request(c: Context) -> str:
    refrain = c.rule.withholds      # in the sector's words (rules.SectorRule)
    return c._(N_("Please itemise your claim by bills and withdraw it, as far as it stems "
                  "from the increase, in text form by %(deadline)s, and refrain from further "
                  "dunning, %(refrain)s, and from passing the disputed claim to a collection "
                  "agency or reporting it to a credit agency: it is disputed."),
               refrain=c._(refrain), **c.facts)


def _demand_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    if needs_objection(case):
        return needs_objection(case)
    if history.last(case, "provider_demands") is None:
        return Message(N_("Record the provider's dunning letter or threat first."))
    # § 38 VVG: an unpaid follow-up premium can cost the cover after a two-week payment
    # period; § 193 Abs. 6 VVG: in health insurance, the emergency tariff.
    return Message(a.facts.rule.unpaid_premium) if a.facts.rule.unpaid_premium else None


KIND = Kind("demand", _demand_subject, (
    Part("received", "", _demand_received),
    Part("dispute", "§§ 311 Abs. 1, 812 BGB", _demand_dispute),
    # the first letter's grounds for the sector, for the difference withheld
    Part("grounds", "the objection's, grounds.py", restated),
    Part("default", "§ 286 Abs. 1 BGB", _demand_default),
    Part("limits", "§ 61 Abs. 4 TKG; § 41f EnWG; §§ 280, 320 BGB", _demand_limits),
    Part("urgent", "§ 61 Abs. 4 Satz 2 TKG", _demand_urgent),
    Part("request", "§ 241 Abs. 2 BGB", _demand_request),
    # Not a complaint: a block or cut-off cannot wait four weeks for an answer.
    NEXT_BODY,
), later_references, dates.later(7), label=N_("Reply to the dunning letter or threat"),
    filename=N_("reply-to-dunning-letter.pdf"), position=6, blocked=_demand_blocked,
    withheld=True)
