"""The sentence pieces every letter shares: statute references kept on one line, the
prices as a letter names them, what the amount is called, citations of rulings that
exist on the letter's date, and the words for what the first letter was.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING

from .. import deadlines as dl
from ..case import Case
from ..explain import period_text
from ..i18n import Message, N_, Number, Writer, fmt_amount
from ..prices import changes_text, prices_text
from ..refund import CENT, Item
from ..rules import Ruling, SectorRule
from ..vocabulary import DELIVERIES, by_key
from . import history

if TYPE_CHECKING:
    from .parts import Context


NBSP = "\u00a0"


# Keep "§ 41 Abs. 5 EnWG", "§ 57(1) TKG" and "Nr. 5" together on one line.
_STATUTE_SPACE = re.compile(r"(?<=§)\s|(?<=\bAbs\.)\s|(?<=\bNr\.)\s|\s(?=(?:Abs|Nr)\.)"
                            r"|\s(?=(?:BGB|EnWG|TKG|VVG|StromGVV|GasGVV)\b)")


_DATE_RANGE = re.compile(r"(\d–)(?=\d)")


def keep_together(text: str) -> str:
    """No line break inside a statute reference, a price per kWh or a range of dates
    ("01.01.2027–31.01.2027": a word joiner after the dash)."""
    return _DATE_RANGE.sub("\\1\u2060", _STATUTE_SPACE.sub(NBSP, text)).replace(
        "ct/kWh", "ct/\u2060kWh")


def prices(_: Writer, case: Case, which: str) -> str:
    """The old (or new) prices as the letter names them: '19,99 € monatlich', or several
    each with its name."""
    return prices_text(case.notice.prices, which, case.notice.currency, _.lang)


def changes(_: Writer, case: Case) -> str:
    """Each price's change with its name (several prices)."""
    return changes_text(case.notice.prices, case.notice.currency, _.lang)


def price_terms(rule: SectorRule) -> dict[str, Message]:
    """What the letter calls the amount that rises: an insurer charges a premium
    ("Beitrag", section 40 VVG), everybody else a price."""
    if rule.premium:
        # TRANSLATORS: every letter's word for what rises: an insurer's premium (§ 40 VVG)
        return {"price": Message(N_("premium")), "increase": Message(N_("premium increase"))}
    # TRANSLATORS: every letter's word for what rises: the price
    return {"price": Message(N_("price")), "increase": Message(N_("price increase"))}


def cite(_: Writer, letter_date: dt.date, rulings: tuple[Ruling, ...],
         prefix: str = N_("cf. %(rulings)s")) -> str:
    """'; vgl. BGH, Urteil vom 15. November 2007 – III ZR 247/06' for the rulings that
    exist on the letter's date; several of one court and day in one citation."""
    cited = [r for r in rulings if r.date <= letter_date]
    if not cited:
        return ""
    groups, also = [], " " + _(N_("and")) + " "
    for (court, day), same in groupby(cited, key=lambda r: (r.court, r.date)):
        files = [r.file for r in same]
        msgid = (N_("%(court)s, judgment of %(date)s – %(files)s") if len(files) == 1 else
                 N_("%(court)s, judgments of %(date)s – %(files)s"))
        groups.append(_(msgid, court=court, date=_.date(day), files=also.join(files)))
    return "; " + _(prefix, rulings="; ".join(groups))


# --- What the first letter was -----------------------------------------------------------

# Sentences that name the first letter differ by what it was (SectorRule.first_letter): an
# objection, a rejection of the offered change (§ 675g Abs. 2 BGB; a bank), or a request
# for the reasons of a statutory reset (§ 203 Abs. 5 VVG; private health insurance).
def worded(c: Context, msgids: dict[str, str], **params) -> str:
    """The sentence for what the first letter was (an "objection" where no other is
    given), in the letter's language."""
    return c._(msgids.get(c.first, msgids["objection"]), **params)


def on_basis(c: Context, *, reset: str, fairness: str, agreed: str) -> str:
    """The msgid for what the customer's position rests on: a private health insurer's
    reset that has not taken effect (§ 203 Abs. 5 VVG), a basic supplier's increase not
    shown fair (§ 315 Abs. 3 BGB), or the price the contract agreed."""
    if c.first == "request":
        return reset
    return agreed if c.rule.consent_needed else fairness


def provider_letters(c: Context) -> str:
    """The provider's letters other than an answer (a termination, a dunning letter or a
    threat), by their dates: a letter never says "no answer" where one is recorded."""
    dates = sorted({history.day(e) for e in c.case.history
                    if e.type in ("provider_terminates", "provider_demands")})
    if not dates:
        return c._(N_("I have had no answer to date."))
    listed = ", ".join(c._.date(day) for day in dates)
    return c._(N_("Your letter of %(dates)s does not answer it.") if len(dates) == 1 else
               N_("Your letters of %(dates)s do not answer it."), dates=listed)


def defects(c: Context, to_body: bool = False) -> str:
    """Private health insurance: what makes the reset defective, as recorded for the
    insurer's latest answer (§ 203 Abs. 2, 5 VVG); addressed to the insurer, or
    (`to_body`) told to the arbitration body."""
    _, found = c._, history.reset_defects(c.answer)
    rulings = cite(_, c.letter_date, c.rule.rulings)
    if to_body:
        texts = {
            "missing": N_("It has not told me the reasons that are decisive for the reset: "
                          "which calculation basis – benefits or mortality – has changed beyond "
                          "the threshold that triggers a reset (§ 203 Abs. 5 VVG%(rulings)s)."),
            "general": N_("It has stated the reasons only in general terms, without naming "
                          "which calculation basis – benefits or mortality – has changed beyond "
                          "the threshold that triggers a reset (§ 203 Abs. 5 VVG%(rulings)s)."),
            "trustee": N_("It has not shown that an independent trustee reviewed the technical "
                          "calculation bases and approved the reset (§ 203 Abs. 2 Satz 1 VVG)."),
        }
        closing = N_("In my view the reset has therefore not taken effect, and only the "
                     "previous %(price)s of %(old)s is owed.")
    else:
        texts = {
            "missing": N_("You have not told me the reasons that are decisive for the reset: "
                          "which calculation basis – benefits or mortality – has changed in my "
                          "tariff beyond the threshold that triggers a reset (§ 203 Abs. 5 "
                          "VVG%(rulings)s). The reset takes effect only at the beginning of the "
                          "second month after you have told me these reasons."),
            "general": N_("You have stated the reasons only in general terms, without naming "
                          "which calculation basis – benefits or mortality – has changed in my "
                          "tariff beyond the threshold that triggers a reset (§ 203 Abs. 5 "
                          "VVG%(rulings)s). That is not enough: the reset takes effect only at "
                          "the beginning of the second month after you have told me these "
                          "reasons."),
            "trustee": N_("The reset is effective only if an independent trustee reviewed "
                          "the technical calculation bases and approved it (§ 203 Abs. 2 Satz 1 "
                          "VVG). You have not shown that approval so far; please show it to "
                          "me."),
        }
        closing = N_("Until the reset has taken effect, in my view only the previous %(price)s "
                     "of %(old)s is owed.")
    sentences = [_(texts[defect], rulings=rulings) for defect in found]
    return " ".join([*sentences, _(closing, **c.facts)])


def proof(c: Context) -> str:
    """', sent by Einwurf-Einschreiben (posting receipt no. …)' where there is proof."""
    _, sent = c._, c.objection
    delivery = by_key(DELIVERIES, sent.delivery) if sent.delivery else None
    if not delivery or not delivery.note or delivery.contact:
        return ""
    if sent.tracking:
        return _(N_(", sent by %(way)s (posting receipt no. %(number)s)"),
                 way=_(delivery.note), number=sent.tracking)
    return _(N_(", sent by %(way)s"), way=_(delivery.note))


def _bill_facts(_: Writer, item: Item, currency: str) -> dict[str, str]:
    """A bill's dates, what it covers and its three amounts, formatted for `_`."""
    def money(value: Decimal) -> str:
        return fmt_amount(value, currency, _.lang)

    return dict(date=_.short_date(item.bill.date), first=_.short_date(item.bill.period_from),
                last=_.short_date(item.bill.period_to), span=_span(_, item),
                charged=money(item.charged), owed=money(item.owed), excess=money(item.excess))


def bill_line(_: Writer, item: Item, currency: str) -> str:
    """'bill of 05.02.2027 for 15.01.2027–14.02.2027 (1 month): charged 29,99 €, owed
    19,99 €, difference 10,00 €' (where the user did not enter the amount: 'charged by my
    calculation'); for prices per kWh the kWh instead of the months."""
    msgid = (N_("bill of %(date)s for %(first)s–%(last)s (%(span)s): charged by my "
                "calculation %(charged)s, owed %(owed)s, difference %(excess)s")
             if item.estimated else
             N_("bill of %(date)s for %(first)s–%(last)s (%(span)s): charged %(charged)s, "
                "owed %(owed)s, difference %(excess)s"))
    return _(msgid, **_bill_facts(_, item, currency))


def bill_row(_: Writer, item: Item, currency: str) -> str:
    """A bill as one line of the refund claim's list: '05.02.2027, 15.01.2027–14.02.2027
    (1 month): 29,99 € − 19,99 € = 10,00 €', the amount charged marked * where it is
    the letter's calculation (the list's lead says what the columns and * mean)."""
    facts = _bill_facts(_, item, currency)
    if item.estimated:
        facts["charged"] += "*"
    return _(N_("%(date)s, %(first)s–%(last)s (%(span)s): %(charged)s − %(owed)s = "
                "%(excess)s"), **facts)


def _span(_: Writer, item: Item) -> str:
    """What the bill covers as the refund counts it: '1 month and 10 days', its kWh and,
    where the amount is estimated, how many of them at the new price and why; both for
    a working price per kWh beside a standing charge."""
    spans = []
    if item.per_period:
        parts = [p.render(_.lang) for p in period_text(dl.Period(months=item.months,
                                                                  days=item.days))]
        spans.append(_(N_("%(one)s and %(other)s"), one=parts[0], other=parts[1])
                     if len(parts) == 2 else parts[0])
    if item.per_kwh:
        kwh, new = Number(item.kwh.quantize(CENT)), Number(item.kwh_new.quantize(CENT))
        if not item.estimated or not 0 < item.kwh_new < item.kwh:
            spans.append(_(N_("%(kwh)s kWh"), kwh=kwh))
        elif item.split_by_days:
            spans.append(_(N_("%(kwh)s kWh, %(new)s kWh of them at the new price, split by "
                              "days"), kwh=kwh, new=new))
        else:
            spans.append(_(N_("%(kwh)s kWh, %(new)s kWh of them at the new price as billed"),
                           kwh=kwh, new=new))
    return "; ".join(spans)
