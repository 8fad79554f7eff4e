"""The refund claim: the higher price was charged (docs/rules.md section 7, item 3;
objection.refund computes the amounts).
"""
from __future__ import annotations

import datetime as dt

from ...assess import Assessment
from ...case import Case
from ...i18n import Message, N_
from ...prices import fmt_price, named
from ...refund import refund
from .. import dates
from ..grounds import restated
from ..parts import Context, Kind, Part
from ..preconditions import needs_objection, reset_ground
from ..shared import barred, later_references
from ..wording import bill_row, defects, on_basis, worded


def _refund_subject(c: Context) -> str:
    return worded(c, dict(
        objection=N_("Refund of the %(increase)s charged despite my objection of "
                     "%(objection)s"),
        rejection=N_("Refund of the %(increase)s charged despite my rejection of "
                     "%(objection)s"),
        request=N_("Refund of the higher premium charged before the reset took effect")),
        **c.facts)


def _refund_claim(c: Context) -> str:
    since = dict(first=c._.date(c.refund.first_day), **c.facts)
    if c.first == "request":
        # § 203 Abs. 2, 5 VVG: what rests the claim is the defect of the reset, not the
        # first letter (a reset needs no consent).
        return c._(N_("Since %(first)s you have charged me the new %(price)s of %(new)s "
                      "instead of the previous one of %(old)s."), **since) + " " + \
            defects(c) + " " + c._(N_(
                "You therefore received the excess without legal ground and must repay it "
                "(§ 812 Abs. 1 Satz 1 Alt. 1 BGB)."))
    if not c.rule.consent_needed:
        # Basic supply: § 315 Abs. 3 BGB; an unfair determination does not bind.
        return c._(N_("Since %(first)s you have charged me a %(price)s above the previous one "
                      "of %(old)s. By letter of %(objection)s I disputed that the increase is "
                      "fair (§ 315 Abs. 3 BGB); it is for you as the supplier to set out and "
                      "prove that it is. As long as you do not, the increase does not bind me, "
                      "and you received the excess without legal ground and must repay it "
                      "(§ 812 Abs. 1 Satz 1 Alt. 1 BGB)."), **since)
    return worded(c, dict(
        objection=N_("Since %(first)s you have charged me a higher %(price)s; the agreed one "
                     "is %(old)s. The increase has not taken effect: I objected to it by "
                     "letter of %(objection)s, and for the reasons below it does not bind me. "
                     "You therefore received the excess without legal ground and must repay "
                     "it (§ 812 Abs. 1 Satz 1 Alt. 1 BGB)."),
        rejection=N_("Since %(first)s you have charged me a higher %(price)s; the agreed one "
                     "is %(old)s. I rejected the change by letter of %(objection)s (§ 675g "
                     "Abs. 2 BGB); it did not become part of our contract. You therefore "
                     "received the excess without legal ground and must repay it (§ 812 "
                     "Abs. 1 Satz 1 Alt. 1 BGB).")), **since)


# The rule the lines follow, per price unit (§ 812 BGB; months counted as §§ 187 Abs. 2,
# 188 Abs. 2, 3 BGB count them).
_OWED = {
    "month": N_("For each billing period I owe the previous %(price)s of %(old)s for every "
                "whole month it covers, counted from its first day (15 January to 14 "
                "February is one month), and for a remaining part of a month its share by "
                "days."),
    "quarter": N_("For each billing period I owe the previous %(price)s of %(old)s for every "
                  "whole quarter it covers, counted from its first day, a third of it for "
                  "every further whole month (15 January to 14 February is one month), and "
                  "for a remaining part of a month its share by days."),
    "year": N_("For each billing period I owe the previous %(price)s of %(old)s for every "
               "whole year it covers, counted from its first day, a twelfth of it for every "
               "further whole month (15 January to 14 February is one month), and for a "
               "remaining part of a month its share by days."),
    "kWh": N_("For each billing period I owe the previous %(price)s of %(old)s for every "
              "kWh it charges."),
}
# The same where no bill covers a part of a month: the rule for one is left out.
_OWED_WHOLE_MONTHS = {
    "month": N_("For each billing period I owe the previous %(price)s of %(old)s for every "
                "whole month it covers, counted from its first day (15 January to 14 "
                "February is one month)."),
    "quarter": N_("For each billing period I owe the previous %(price)s of %(old)s for every "
                  "whole quarter it covers, counted from its first day, and a third of it "
                  "for every further whole month (15 January to 14 February is one month)."),
    "year": N_("For each billing period I owe the previous %(price)s of %(old)s for every "
               "whole year it covers, counted from its first day, and a twelfth of it for "
               "every further whole month (15 January to 14 February is one month)."),
}


def _refund_items(c: Context) -> str:
    notice = c.case.notice
    items = c.refund.open_items
    several = len(notice.prices) > 1
    owed = _OWED if any(i.days for i in items if i.per_period) else \
        {**_OWED, **_OWED_WHOLE_MONTHS}
    text = " ".join(c._(owed[p.unit], **{**c.facts, "old": named(
        fmt_price(p.amounts[0], p.unit, notice.currency, c._.lang), p, c._.lang) if several
        else c.facts["old"]}) for p in notice.prices)
    estimated = [i for i in items if i.estimated]
    if estimated:
        if any(not p.per_kwh for p in notice.prices):
            # Where every such bill began at or after the change, there is nothing to split.
            msgid = (N_("An amount charged marked * is my calculation: the new %(price)s for "
                        "the whole billing period, which began on or after the change on "
                        "%(effective)s.")
                     if all(i.new_from == i.bill.period_from for i in estimated) else
                     N_("An amount charged marked * is my calculation: the previous price up "
                        "to the change on %(effective)s and the new one from it, by the days "
                        "at the new price within each billing month."))
            text += " " + c._(msgid, **c.facts)
        if notice.per_kwh:
            text += " " + c._(N_("An amount charged marked * is my calculation: the kWh "
                                 "before the change on %(effective)s at the previous price "
                                 "and the rest at the new one, the kWh your bill attributes "
                                 "to the new price where I have them, else the bill's kWh "
                                 "split by days."), **c.facts)
    # One line per bill (bill_row), its columns named here once.
    return text + " " + c._(N_("The overpayments in detail, each as date of the bill, "
                               "billing period: amount charged − amount owed = "
                               "difference:"))


def _refund_total(c: Context) -> str:
    return c._(N_("Total: %(total)s."), total=c.amount(c.refund.total))


def _refund_consumption(c: Context) -> str:
    """§ 12 Abs. 2 StromGVV/GasGVV: where the bill does not say which kWh it charged at
    the new price, the letter splits them by days, says so, quotes the rule (which also
    wants seasonal variation considered) and asks for the supplier's figure."""
    if not any(i.split_by_days for i in c.refund.open_items):
        return ""
    regulation = "GasGVV" if c.case.contract.energy_commodity == "gas" else "StromGVV"
    msgid = (N_("Where a bill's kWh are marked “split by days”, I do not know how many of "
                "them you charged at the new price. § 12 Abs. 2 %(regulation)s provides: if "
                "the consumption-based prices change within a billing period, the "
                "consumption relevant for the new prices is calculated pro rata temporis; "
                "seasonal variations in consumption are to be taken into account "
                "appropriately on the basis of the empirical values relevant for household "
                "customers. My split by days does not weight the seasons. Please state for "
                "each of these bills how many kWh you charged at the new price and how you "
                "determined them; I will adjust my claim accordingly.")
             if c.case.contract.basic_supply else
             N_("Where a bill's kWh are marked “split by days”, I do not know how many of "
                "them you charged at the new price. For the basic supply, § 12 Abs. 2 "
                "%(regulation)s provides: if the consumption-based prices change within a "
                "billing period, the consumption relevant for the new prices is calculated "
                "pro rata temporis; seasonal variations in consumption are to be taken into "
                "account appropriately on the basis of the empirical values relevant for "
                "household customers. My split by days does not weight the seasons. Please "
                "state for each of these bills how many kWh you charged at the new price "
                "and how you determined them; I will adjust my claim accordingly."))
    return c._(msgid, regulation=regulation)


def _refund_reservation(c: Context) -> str:
    # § 814 BGB bars only a payment made knowing that nothing was owed. The case records
    # what was charged, not what was paid: the letter says "insofar as".
    if c.case.options.reserve_refund:
        return c._(N_("Insofar as I paid these amounts or you collected them, that was under "
                      "the reservation of repayment declared in my letter of %(objection)s, not "
                      "knowing myself to be under no obligation (§ 814 BGB)."), **c.facts)
    return c._(N_("Insofar as I paid these amounts or you collected them, that was not in the "
                  "knowledge that I owed nothing (§ 814 BGB)."))


def _refund_demand(c: Context) -> str:
    # A bank keeps the account it debited: it credits the refund there.
    msgid = (N_("Please credit %(total)s to my account with you by %(deadline)s. Should you "
                "not do so in time, you are in default from the following day and owe "
                "interest at five percentage points above the base rate (§§ 286 Abs. 1, 288 "
                "Abs. 1 BGB).") if c.rule.own_account else
             N_("Please refund %(total)s by %(deadline)s to the account from which I paid or "
                "you collected the amounts, or to an account I name to you. Should you not pay "
                "in time, you are in default from the following day and owe interest at five "
                "percentage points above the base rate (§§ 286 Abs. 1, 288 Abs. 1 BGB)."))
    text = c._(msgid, total=c.amount(c.refund.total), **c.facts)
    going_on = on_basis(
        c,
        reset=N_("Until the reset has taken effect, please charge only the previous "
                 "%(price)s of %(old)s."),
        fairness=N_("Until you have shown that the increase is fair, please charge only the "
                    "previous %(price)s of %(old)s."),
        agreed=N_("From now on please charge only the agreed %(price)s of %(old)s."))
    return text + " " + c._(going_on, **c.facts)


def _bills(c: Context) -> tuple[str, ...]:
    return tuple(bill_row(c._, i, c.case.notice.currency) for i in c.refund.open_items)


def _refund_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    if needs_objection(case):
        return needs_objection(case)
    why = reset_ground(case, a)
    if why:
        return why
    r = refund(case, today)
    if not r.items:
        return Message(N_("Record the bills that charged the higher price."))
    if not r.open_items:
        return Message(N_("None of the recorded bills leaves an amount to claim: none is "
                          "above the old price and not yet time-barred."))
    return None


KIND = Kind("refund", _refund_subject, (
    Part("claim", "§ 812 Abs. 1 Satz 1 Alt. 1 BGB", _refund_claim),
    Part("grounds", "the objection's, grounds.py", restated),
    Part("items", "§ 812 BGB; §§ 187 Abs. 2, 188 Abs. 2, 3 BGB", _refund_items, _bills),
    Part("total", "§ 812 BGB", _refund_total),
    Part("barred", "§§ 195, 199 BGB", barred),
    Part("consumption", "§ 12 Abs. 2 StromGVV/GasGVV", _refund_consumption),
    Part("reservation", "§ 814 BGB", _refund_reservation),
    Part("demand", "§§ 286 Abs. 1, 288 Abs. 1 BGB", _refund_demand),
), later_references, dates.later(14), label=N_("Refund claim for the higher price charged"),
    filename=N_("refund-claim.pdf"), position=3, blocked=_refund_blocked)
