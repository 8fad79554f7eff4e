"""The reply to the provider's termination in return, against the law's limits
(docs/rules.md section 7, item 5; objection.limits).
"""
from __future__ import annotations

import datetime as dt

from ... import deadlines as dl
from ...assess import Assessment
from ...case import Case
from ...i18n import Message, N_
from ...limits import termination
from .. import dates, history
from ..parts import Context, Kind, Part
from ..preconditions import needs_objection
from ..shared import later_references
from ..wording import worded


def _terminated(c: Context) -> tuple[dt.date, dt.date]:
    """The day the provider's termination reached the customer, and the end it names.
    plan.py offers this letter only once the history records a termination, and from_dict
    refuses one without either (its date is required, its end what vocabulary.EVENTS says
    it needs)."""
    event = c.terminated
    assert event is not None and event.date is not None and event.ends is not None, \
        "the termination reply answers a recorded termination"
    return event.date, event.ends


def _termination_subject(c: Context) -> str:
    return c._(N_("Your termination received on %(received)s: I contest it"),
               received=c._.date(_terminated(c)[0]))


def _termination_received(c: Context) -> str:
    received, ends = _terminated(c)
    return c._(N_("Your termination of our contract as of %(ends)s was delivered to me on "
                  "%(received)s."), ends=c._.date(ends), received=c._.date(received))


def _termination_contest(c: Context) -> str:
    check, _, limit = c.check, c._, c.rule.provider_termination
    ends = _terminated(c)[1]
    # plan.py offers this letter only where the sector limits the provider's termination.
    assert limit is not None, "a termination the law lets the customer contest"
    if limit.kind == "excluded":
        # § 203 Abs. 2 VVG grants the reset only where the insurer's ordinary right to
        # terminate is excluded: it cannot rely on both. § 206 Abs. 1 VVG besides.
        return _(N_("You have reset my premium under § 203 Abs. 2 VVG. That right exists only "
                    "where your ordinary right to terminate is excluded by law or by the "
                    "contract: you cannot terminate my insurance in the ordinary way. "
                    "Besides, as far as it can replace the statutory health or long-term care "
                    "cover, an ordinary termination is excluded (§ 206 Abs. 1 Satz 2 VVG), "
                    "and as far as it fulfils the duty to be insured under § 193 Abs. 3 Satz 1 "
                    "VVG, any termination by you is (§ 206 Abs. 1 Satz 1 VVG). Your "
                    "termination is therefore ineffective; the contract continues unchanged."))
    if limit.kind == "duty_to_supply":
        return _(N_("As the basic supplier you may terminate only where you have no duty to "
                    "supply me under § 36 Abs. 1 EnWG (§ 20 Abs. 1 Satz 2 %(regulation)s). "
                    "Nothing suggests that, and you have not shown it. Neither my disputing "
                    "the fairness of the increase (§ 315 Abs. 3 BGB) nor withholding a "
                    "disputed difference makes supplying me economically unreasonable. Your "
                    "termination is therefore ineffective; the basic supply continues."),
                 regulation=c.rule.regulation)
    # A limit by notice period (period_end, notice) has an earliest end (limits.termination).
    earliest = check.earliest
    assert earliest is not None, "a notice period gives the earliest end"
    if limit.kind == "period_end":
        # § 11 Abs. 2 Satz 1 VVG: an insurance of indefinite duration only for the end of
        # the current insurance period (a year unless the premium is calculated by shorter
        # periods, § 12 VVG), which the product does not know: the letter asks for it.
        text = _(N_("An insurance contract of indefinite duration can be terminated in the "
                    "ordinary way only for the end of the current insurance period (§ 11 "
                    "Abs. 2 Satz 1 VVG), with a notice of at least one month that is the same "
                    "for both parties (§ 11 Abs. 3 VVG). Your termination can therefore end the "
                    "contract at the end of the current insurance period at the earliest."))
        if all(p.unit == "year" for p in c.case.notice.prices):
            # § 12 VVG: the insurance period is a year unless the premium is calculated by
            # shorter periods.
            text += " " + _(N_("As the premium is calculated by the year, the insurance "
                               "period is the insurance year (§ 12 VVG)."))
        if ends < earliest:
            text += " " + _(N_("In any case it did not end it before the end of %(earliest)s.")
                            if earliest < c.letter_date else
                            N_("In no case does it end it before the end of %(earliest)s."),
                            earliest=_.date(earliest))
        return text + " " + _(N_("Whether it is effective in other respects I expressly "
                                 "leave open."))
    if earliest < c.letter_date:
        # The earliest end has passed: the letter says the contract did not end before it,
        # and leaves open whether it ended at all (a right to terminate must be agreed).
        return _(N_("The notice period may not be shorter than %(minimum)s (%(basis)s). Your "
                    "termination did not end the contract before the end of %(earliest)s in "
                    "any case, not on %(ends)s. Whether it ended it at all, in particular "
                    "whether a right to terminate was agreed, I expressly leave open; please "
                    "send me the agreement you rely on."), minimum=_(check.minimum),
                 basis=check.basis, earliest=_.date(earliest), ends=_.date(ends))
    return _(N_("The notice period may not be shorter than %(minimum)s (%(basis)s). Your "
                "termination can therefore end the contract at the end of %(earliest)s at "
                "the earliest, not on %(ends)s. Whether it is effective in other respects I "
                "expressly leave open."), minimum=_(check.minimum), basis=check.basis,
             earliest=_.date(earliest), ends=_.date(ends))


def _termination_price(c: Context) -> str:
    # Only where the contract ends at a date and the first letter kept the increase out
    # of it (not a statutory reset or a basic supplier's general prices). § 814 BGB: what
    # is paid is paid under reservation.
    if not c.check.earliest or not c.rule.consent_needed:
        return ""
    return worded(c, dict(
        objection=N_("Until the contract ends, in my view I owe only the previous %(price)s "
                     "of %(old)s: I objected to the %(increase)s by letter of %(objection)s, "
                     "and your termination does not change that. Any higher amount you "
                     "charge is without legal ground and paid only under reservation; I "
                     "claim the excess back (§ 812 Abs. 1 Satz 1 BGB)."),
        rejection=N_("Until the contract ends, I owe only the previous %(price)s of %(old)s: I "
                     "rejected the change by letter of %(objection)s (§ 675g Abs. 2 BGB), and "
                     "your termination does not change that. Any higher amount you charge is "
                     "without legal ground and paid only under reservation; I claim the "
                     "excess back (§ 812 Abs. 1 Satz 1 BGB).")), **c.facts)


def _termination_request(c: Context) -> str:
    """Asks for confirmation before the day it confirms: a letter never asks to confirm
    by a date after the end it is about."""
    limit, earliest = c.rule.provider_termination, c.check.earliest
    # plan.py offers the letter only where the law limits the provider's termination, and
    # it asks for an answer (dates.later(14) below).
    assert limit is not None and c.deadline is not None, "a contested termination"
    if earliest and c.letter_date <= earliest <= c.deadline:
        by = earliest - dl.ONE_DAY
        when = (c._(N_("without delay, by %(date)s at the latest"), date=c._.date(by))
                if by >= c.arrival else c._(N_("without delay")))
    else:
        when = c._(N_("by %(deadline)s"), **c.facts)
    if limit.kind == "period_end":
        return c._(N_("Please tell me in text form %(when)s when the current insurance "
                      "period ends, and confirm that the contract does not end before then."),
                   when=when)
    if earliest and earliest < c.letter_date:
        return c._(N_("Please confirm in text form by %(deadline)s that the contract did not "
                      "end before the end of %(earliest)s, and bill me up to its end at the "
                      "previous %(price)s."), earliest=c._.date(earliest), **c.facts)
    if earliest:
        return c._(N_("Please confirm in text form %(when)s that the contract does not end "
                      "before the end of %(earliest)s, and bill me until then at the previous "
                      "%(price)s."), when=when, earliest=c._.date(earliest), **c.facts)
    return c._(N_("Please confirm in text form %(when)s that the contract continues "
                  "unchanged."), when=when)


def _termination_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    if needs_objection(case):
        return needs_objection(case)
    event = history.last(case, "provider_terminates")
    if event is None:
        return Message(N_("Record the provider's termination first."))
    check = termination(case, a, event)
    return None if check.contest else check.reason


KIND = Kind("termination", _termination_subject, (
    Part("received", "§ 130 Abs. 1 BGB", _termination_received),
    Part("contest", "§ 206 Abs. 1 VVG; § 20 Abs. 1 StromGVV/GasGVV; § 675h Abs. 2 BGB; "
         "§ 11 Abs. 2, 3 VVG", _termination_contest),
    Part("price", "§§ 311 Abs. 1, 812, 814 BGB", _termination_price),
    Part("request", "§ 241 Abs. 2 BGB", _termination_request),
), later_references, dates.later(14), label=N_("Reply to the provider's termination"),
    filename=N_("reply-to-termination.pdf"), position=5, blocked=_termination_blocked)
