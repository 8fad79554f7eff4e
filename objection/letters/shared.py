"""Parts and sentences more than one later letter uses: what the letter refers to,
what comes next (a complaint to an energy supplier, the arbitration body), and the
refund amounts left out as time-barred.
"""
from __future__ import annotations

from ..i18n import N_
from . import history
from .parts import Context, Part, Row


def complaint(c: Context) -> str:
    """Energy: the letter is a § 111a EnWG complaint, the precondition of arbitration;
    the supplier has four weeks from its arrival, which is the letter's answer date."""
    if not history.complaint_applies(c.case, c.a) or c.answer:
        return ""
    return c._(N_("This letter is also a consumer complaint under § 111a EnWG: please remedy "
                  "it within four weeks of receipt. If you do not, I will apply to the "
                  "arbitration body: %(body)s (§ 111b EnWG)."), **c.facts)


def next_body(c: Context) -> str:
    # An energy consumer's complaint without an answer yet: the complaint says it.
    if (history.complaint_applies(c.case, c.a) and not c.answer) or not history.body_hears(c.case):
        return ""
    text = c._(N_("Should I have no satisfactory answer by %(deadline)s, I will turn to the "
                  "arbitration body: %(body)s (%(basis)s)."), basis=c.body.basis, **c.facts)
    if c.body.businesses and not c.case.contract.consumer:
        text += " " + c._(c.body.businesses)
    return text


def barred(c: Context) -> str:
    """The amounts left out as time-barred (§§ 195, 199 BGB), each named: the claim still
    says when the higher price began, so the gap is explained, not hidden."""
    if not c.refund.barred:
        return ""
    bills = "; ".join(c._(N_("bill of %(date)s for %(first)s–%(last)s, difference %(excess)s"),
                          date=c._.short_date(i.bill.date),
                          first=c._.short_date(i.bill.period_from),
                          last=c._.short_date(i.bill.period_to), excess=c.amount(i.excess))
                     for i in c.refund.barred)
    # Limitation is the provider's defence to raise (§ 214 Abs. 1 BGB): the letter says
    # why it leaves these out without conceding more than that.
    return c._(N_("Not included, as they are probably time-barred (§§ 195, 199 BGB): "
                  "%(bills)s."), bills=bills)


def later_references(c: Context) -> list[Row]:
    """The notice, and the first letter by what it was (rules.SectorRule.first_letter)."""
    _ = c._
    first = {"objection": N_("My objection of"), "rejection": N_("My rejection of"),
             "request": N_("My letter of")}[c.first]
    return [Row(_(N_("Price notice of")), _.short_date(c.case.notice.date)),
            Row(_(first), _.short_date(c.objection.date))]


# What comes next: the body, where it hears the customer; energy, for a consumer the
# supplier has not answered yet: the letter is a complaint instead, whose four weeks are
# its answer date (once the supplier has rejected it, the body hears it at once).
NEXT_BODY = Part("arbitration", "§ 68 TKG, § 214 VVG, § 14 UKlaG, § 30 VSBG", next_body)
WHAT_NEXT = (Part("complaint", "§§ 111a, 111b EnWG", complaint), NEXT_BODY)
