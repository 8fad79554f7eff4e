"""What the law allows a provider in return for an objection (docs/rules.md section 7.5):
terminating the contract, dunning for the difference, blocking the line or cutting the
supply. What the law sets for each sector is the sector rule's data (rules.SectorRule:
provider_termination, block_protection, cutoff_protection, switching); how each is
checked is here, with the statute it applies; the letters that invoke them are in
objection/letters/.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import deadlines as dl
from .assess import Assessment
from .case import Case, Event
from .i18n import Amount, Message, N_
from .vocabulary import SECTORS, by_key


@dataclass(frozen=True)
class Termination:
    """The provider's termination, checked: whether the letter contests it, the earliest
    day it can end the contract (None: it cannot end it in the ordinary way, or the law
    sets no period), the statute, and why, in the user's words."""

    contest: bool
    earliest: dt.date | None
    basis: str
    reason: Message
    minimum: str = ""      # the minimum notice in words, where the law sets one


def termination(case: Case, a: Assessment, event: Event) -> Termination:
    """Check the provider's termination that reached the customer on `event.date` and
    names `event.ends` as the end, against the sector rule's limit on it."""
    rule, limit = a.facts.rule, a.facts.rule.provider_termination
    if limit is None or (limit.consumers_only and not case.contract.consumer):
        # § 675e Abs. 4 BGB: a bank and a business may contract out of § 675h.
        return Termination(False, None, "", _plain_end(event))
    if limit.kind == "excluded":
        # § 206 Abs. 1 Satz 1, 2 VVG: no termination by the insurer of a health cover
        # that fulfils the duty to be insured, nor an ordinary one of a cover that can
        # replace the statutory one.
        return Termination(True, None, limit.basis, Message(N_(
            "A private health insurer cannot terminate a health insurance that can replace "
            "the statutory one in the ordinary way (§ 206 Abs. 1 VVG): contest the "
            "termination.")))
    if limit.kind == "duty_to_supply":
        # § 20 Abs. 1 Satz 2 StromGVV/GasGVV: only where there is no duty to supply under
        # § 36 Abs. 1 EnWG (the supply is economically unreasonable).
        return Termination(True, None, limit.basis, Message(N_(
            "A basic supplier may terminate only where it has no duty to supply you "
            "(§ 20 Abs. 1 %(regulation)s, § 36 Abs. 1 EnWG): contest the termination and "
            "ask for its reason."), {"regulation": rule.regulation}))
    # A termination has its date (required) and its end (vocabulary.EVENTS's need):
    # from_dict refuses one without either.
    assert event.date is not None and event.ends is not None, "a validated termination"
    # §§ 187 Abs. 1, 188 Abs. 2 BGB from the day it reached the customer; § 193 BGB does
    # not move the end of a notice period (BGH III ZR 172/04, docs/rules.md R5).
    earliest = dl.raw_end(event.date, dl.Period(months=limit.months))
    if limit.kind == "period_end":
        # § 11 Abs. 2 Satz 1, Abs. 3 VVG: only for the end of the current insurance period,
        # with at least a month's notice; the period's end is not in the case, so the
        # letter asks for it, and the month gives the earliest day in any case.
        return Termination(True, earliest, limit.basis, Message(N_(
            "An insurer may terminate in the ordinary way only for the end of the current "
            "insurance period, with at least one month's notice (§ 11 Abs. 2, 3 VVG): ask "
            "it when that period ends and to confirm that your cover runs until then.")),
            limit.words)
    if event.ends < earliest:
        return Termination(True, earliest, limit.basis, Message(N_(
            "The provider's notice period is at least %(minimum)s (%(basis)s): its termination "
            "ends the contract on %(date)s at the earliest, not on %(ends)s. Contest "
            "the date."), {"minimum": Message(limit.words), "basis": limit.basis,
                           "date": earliest, "ends": event.ends}), limit.words)
    return Termination(False, earliest, limit.basis, _plain_end(event), limit.words)


def switching(case: Case, a: Assessment) -> tuple[Message, ...]:
    """What to know when the contract ends, by sector."""
    facts = [Message(N_("Ask for the final bill at the previous price. What was charged "
                        "above it stays yours to claim back after the end."))]
    facts += [Message(text) for text in a.facts.rule.switching]
    ending = by_key(SECTORS, case.contract.sector).ending
    if ending:
        facts.append(Message(ending))
    return tuple(facts)


def demand_limits(case: Case, a: Assessment, event: Event) -> tuple[Message, ...]:
    """What the law says about blocking or cutting off over the disputed difference, for
    the reply to a dunning letter or threat (`event.demand`)."""
    rule = a.facts.rule
    if rule.block_protection:
        # § 61 Abs. 4 TKG (consumers; small businesses too unless they waived it, § 71
        # Abs. 3 TKG): at least 100 euros in arrears after repeated non-payment, a written
        # threat two weeks ahead; amounts disputed with reasons do not count.
        text = (N_("A block for arrears is lawful only if I am in arrears with at least 100 "
                   "euros after repeated non-payment and you threatened it in writing at "
                   "least two weeks before, pointing out that I may go to court; amounts I "
                   "have disputed in due form and time and with reasons do not count (§ 61 "
                   "Abs. 4 TKG). The difference I dispute therefore cannot justify a block.")
                if case.contract.consumer else
                N_("As far as § 61 TKG protects me (§ 71 Abs. 3 TKG), a block for arrears is "
                   "lawful only if I am in arrears with at least 100 euros after repeated "
                   "non-payment and you threatened it in writing at least two weeks before, "
                   "pointing out that I may go to court; amounts I have disputed in due form "
                   "and time and with reasons do not count (§ 61 Abs. 4 TKG)."))
        # § 67 Abs. 2 Satz 1 TKG: a bill can be disputed within eight weeks; done here
        # as a precaution, so that "disputed in due form and time" cannot be denied.
        limits = [Message(text), Message(N_(
            "As a precaution I hereby dispute every bill as far as it contains the increased "
            "charge (§ 67 Abs. 2 Satz 1 TKG)."))]
        if event.amount is not None and event.amount < 100:
            limits.append(Message(N_("The amount you demand, %(amount)s, does not even reach "
                                     "the threshold of 100 euros."),
                                  {"amount": Amount(event.amount, case.notice.currency)}))
        return tuple(limits)
    if rule.cutoff_protection:
        # § 41f EnWG (since December 2025, for every household customer; before it § 19
        # Abs. 2 StromGVV/GasGVV): an interruption for non-payment needs arrears. Its
        # exact wording could not be checked, so the letter relies on what holds
        # whatever it says: a disputed difference is not owed, so there are no arrears.
        limits = [Message(N_("An interruption of the supply for non-payment (§ 41f EnWG) "
                             "requires arrears. As far as you demand the difference from the "
                             "increase I dispute, it is in my view not owed, and I am not in "
                             "arrears with it. Should you have my supply interrupted over it "
                             "all the same, I will hold you liable for the damage (§ 280 "
                             "Abs. 1 BGB)."))]
        if rule.regulation:
            # Basic supply: § 17 Abs. 1 StromGVV/GasGVV limits objections to bills to obvious
            # errors but leaves § 315 BGB untouched (cited without sentence numbers, which the 2025
            # amendments may have moved).
            limits.append(Message(N_(
                "The limits § 17 Abs. 1 %(regulation)s sets on objections to bills do not "
                "stand in the way: they leave § 315 BGB untouched."),
                {"regulation": rule.regulation}))
        return tuple(limits)
    if event.demand in ("block", "cutoff"):
        # § 320 BGB: performance may be withheld only against a counter-performance owed.
        return (Message(N_("You may withhold your performance only for a payment that is "
                           "owed (§ 320 BGB). Should you withhold it over the difference I "
                           "dispute, I will hold you liable for the damage (§ 280 Abs. 1 "
                           "BGB).")),)
    return ()


def _plain_end(event: Event) -> Message:
    """Where the law sets the provider no minimum notice, the contract decides: a minimum
    term, a longer notice period or a form it agreed can stand in the way."""
    return Message(N_(
        "The law sets the provider no minimum notice here. Whether your contract ends on "
        "%(ends)s depends on the contract: if it agreed a minimum term or a longer notice "
        "period, or the termination lacks a form it requires, contest the termination. "
        "Until the end the old price applies, and what was charged above it remains yours "
        "to claim back."), {"ends": event.ends})
