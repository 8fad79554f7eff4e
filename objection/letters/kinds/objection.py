"""The objection (docs/rules.md section 5): what it declares, on which legal ground,
what it reserves, how a termination takes effect, what it asks for and how it is paid.
The statute behind each sentence is named where it is written; the grounds and the
termination, which the later letters restate, are in grounds.py.
"""
from __future__ import annotations

from ...i18n import N_
from ...vocabulary import SECTORS, by_key
from .. import dates
from ..grounds import grounds, late_notice, termination
from ..parts import Context, Kind, Part, Row
from ..wording import changes, prices


def _subject(c: Context) -> str:
    case, rule, _ = c.case, c.rule, c._
    n, o, terms = case.notice, case.options, c.terms
    reference = case.contract.tariff or case.customer.contract_number or \
        case.customer.customer_number
    effective = _.date(n.effective)
    if not o.object:
        text = _(N_("Termination because of the %(increase)s as of %(effective)s"),
                 effective=effective, **terms)
    else:
        subject = {"reject": N_("Rejection of the proposed change as of %(effective)s"),
                   "ask": N_("Premium adjustment as of %(effective)s: request for the reasons "
                             "and a tariff switch offer")}
        objection = N_("Objection to the %(increase)s as of %(effective)s")
        text = _(subject.get(rule.declaration, objection), effective=effective, **terms)
        if o.terminate_fallback:
            text += " " + _(N_("and, in the alternative, termination"))
    return f"{text} – {reference}" if reference else text


def _announce_several(c: Context, facts: dict) -> str:
    """The increase as a whole, each price by its name (a working price and a standing
    charge, a base fee and an option)."""
    _ = c._
    if c.rule.declaration == "ask":
        return _asking(c, _(N_("I have received your notice of %(date)s%(received)s "
                               "resetting my premium as of %(effective)s: %(changes)s."),
                            **facts))
    if c.case.contract.tariff:
        return _(N_("In your letter of %(date)s%(received)s you announced that the "
                    "%(price)s for my tariff “%(tariff)s” will rise as of %(effective)s: "
                    "%(changes)s."), **facts)
    return _(N_("In your letter of %(date)s%(received)s you announced that the %(price)s "
                "of my contract will rise as of %(effective)s: %(changes)s."), **facts)


def _asking(c: Context, text: str) -> str:
    """A premium reset's announcement, and the questions that follow it (a termination
    needs no preface that delays it)."""
    if c.case.options.object:
        text += " " + c._(N_("Before I decide on my rights, I ask you for the following:"))
    return text


def _announcement(c: Context) -> str:
    n, _ = c.case.notice, c._
    received = (_(N_(", which I received on %(date)s,"), date=_.date(n.received))
                if n.received else "")
    facts = dict(date=_.date(n.date), received=received, old=c.old,
                 new=prices(_, c.case, "new"), changes=changes(_, c.case),
                 effective=_.date(n.effective), tariff=c.case.contract.tariff, **c.terms)
    if len(n.prices) > 1:
        return _announce_several(c, facts)
    if c.rule.declaration == "ask":
        # Section 203(5) VVG: a reset of the premium, not an offer to accept or refuse.
        return _asking(c, _(N_("I have received your notice of %(date)s%(received)s "
                               "resetting my premium from %(old)s to %(new)s as of "
                               "%(effective)s."), **facts))
    if c.case.contract.tariff:
        return _(N_("In your letter of %(date)s%(received)s you announced that the "
                    "%(price)s for my tariff “%(tariff)s” will rise from %(old)s to %(new)s "
                    "as of %(effective)s."), **facts)
    return _(N_("In your letter of %(date)s%(received)s you announced that the %(price)s "
                "of my contract will rise from %(old)s to %(new)s as of %(effective)s."),
             **facts)


def _declaration(c: Context) -> str:
    """Clear and unconditional (docs/sources.md 5.1 no. 7), in the sector's terms."""
    _ = c._
    if c.rule.declaration == "reject":
        # Section 675g(2) sentence 1 BGB: the customer rejects the offered change.
        return _(N_("I hereby reject the proposed change (§ 675g Abs. 2 Satz 1 BGB); I do not "
                    "consent to it."))
    if c.rule.declaration == "dispute":
        # Basic supply: the general prices bind unless unfair (section 315(3) BGB); the
        # grounds paragraph disputes their fairness.
        return _(N_("I hereby object to the price increase as of %(effective)s."),
                 effective=_.date(c.case.notice.effective))
    if c.rule.declaration == "withhold_consent":
        # Section 40 VVG: the insurer may raise the premium only under a valid clause.
        return _(N_("I do not consent to the %(increase)s."), **c.terms)
    if c.rule.declaration == "ask":
        return ""
    return _(N_("I hereby object to this %(increase)s. I do not consent to the change and do "
                "not accept your offer to amend the contract."), **c.terms)


def _reservation(c: Context) -> str:
    """Sections 812, 814 BGB: pay only under reservation, or a refund may be lost.
    Insurers and basic suppliers are paid in full (arrears endanger the cover or the
    supply), under reservation."""
    _ = c._
    if c.rule.unpaid_premium:     # § 38 VVG: arrears can cost the cover
        return _(N_("To avoid endangering my cover, I pay the new %(price)s until this is "
                    "resolved only under reservation of a refund should the increase not be "
                    "effective (§ 812 Abs. 1 Satz 1 BGB)."), **c.terms)
    if c.rule.regulation:         # basic supply: the full amount, under reservation
        return _(N_("I reserve the right to reclaim any amount paid above the previous "
                    "%(price)s (§ 812 Abs. 1 Satz 1 BGB)."), **c.terms)
    return _(N_("Insofar as I pay the increased amount or it is collected, I do so only under "
                "reservation and without acknowledging any obligation. I reserve the right to "
                "reclaim any amount paid above the previous %(price)s (§ 812 Abs. 1 Satz 1 "
                "BGB)."), **c.terms)


def _consequences(c: Context) -> str:
    """What a termination means for the service, in the sector's terms: never a request
    to cut a line or a supply early (section 59(2) TKG)."""
    _, iban = c._, c.case.customer.iban
    # An IBAN is read in its groups of four, never broken across lines.
    text = (_(c.rule.consequences_to_account, iban=iban.replace(" ", "\u00a0"))
            if iban and c.rule.consequences_to_account else _(c.rule.consequences))
    note = by_key(SECTORS, c.case.contract.sector).termination_note
    if note:
        text += " " + _(note, date=_.date(c.deadline))
    return text


def _confirmation(c: Context) -> str:
    """A date in text form; where a statute obliges the provider to confirm a termination
    (section 41b(1) EnWG for household customers, section 20(2) sentence 2 GVV), the
    letter asks for that, not for a later date of its own."""
    _, o, rule = c._, c.case.options, c.rule
    date = _.date(c.deadline)
    statutory = rule.termination_confirmation if o.terminate_fallback else None
    if o.object and rule.declaration == "ask":
        text = _(N_("Please answer these questions in text form by %(date)s."), date=date)
    elif o.object and rule.regulation:
        text = _(N_("Please confirm receipt of this letter in text form by %(date)s and set out "
                    "what I asked for."), date=date)
    elif o.object and rule.declaration == "withhold_consent":
        text = _(N_("Please confirm receipt of this letter and answer my question in text form "
                    "by %(date)s."), date=date)
    elif o.object:
        text = _(N_("Please confirm in text form by %(date)s that the contract continues on "
                    "its existing terms."), date=date)
    elif statutory:
        text = ""
    else:
        text = _(N_("Please confirm the termination and the end date of the contract in text "
                    "form by %(date)s."), date=date)
    if statutory:
        if rule.regulation:   # Section 20(2) sentence 2 GVV: without undue delay
            duty = N_("Under %(basis)s you must confirm my termination in text form without "
                      "undue delay after receipt, stating the end of the contract.")
        elif c.business:      # Section 41b(1) EnWG binds for household customers only
            duty = N_("Insofar as I am a household customer (§ 3 Nr. 22 EnWG), you must "
                      "confirm my termination in text form within one week of receipt, "
                      "stating the end of the contract (%(basis)s).")
        else:
            duty = N_("Under %(basis)s you must confirm my termination in text form within "
                      "one week of receipt, stating the end of the contract.")
        text = f"{text} {_(duty, basis=statutory)}".strip()
    return text


def _direct_debit(c: Context) -> str:
    """One stance per option (docs/rules.md section 5). Keep: the mandate stands and
    what is collected is paid under reservation; no chargeback is announced, as a
    refund would bring back the whole amount. Revoke: pay by transfer, the old price,
    or where arrears would endanger cover or supply the full amount under reservation."""
    _, o = c._, c.case.options
    if c.rule.own_account or o.direct_debit == "none":
        return ""   # a bank charges the account itself: there is no mandate
    if not o.object:
        if o.direct_debit == "keep":
            return _(N_("My SEPA direct debit mandate covers only amounts that arise up to the "
                        "end of the contract, including the final bill."))
        return _(N_("I hereby revoke the SEPA direct debit mandate I gave you, with effect for "
                    "future debits. I will pay the amounts owed until the contract ends by "
                    "bank transfer."))
    if o.direct_debit == "keep":
        if not o.reserve_refund:
            return ""
        return _(N_("My SEPA direct debit mandate remains in place. Amounts collected above "
                    "the previous %(price)s are also paid under the reservation stated "
                    "above."), **c.terms)
    if c.rule.unpaid_premium or c.rule.regulation:
        return _(N_("I hereby revoke the SEPA direct debit mandate I gave you, with effect for "
                    "future debits. I will transfer the amounts due on time, any part above "
                    "the previous %(price)s under reservation."), **c.terms)
    return _(N_("I hereby revoke the SEPA direct debit mandate I gave you, with effect for "
                "future debits. I will transfer the previous %(price)s of %(old)s on time."),
             old=c.old, **c.terms)


def _opening(c: Context) -> str:
    """The announcement, and where the customer objects the declaration after it."""
    announced = _announcement(c)
    if c.case.options.object:
        return f"{announced} {_declaration(c)}".strip()
    return announced


def _references(c: Context) -> list[Row]:
    """The notice the objection answers and when it came."""
    _, n = c._, c.case.notice
    rows = [Row(_(N_("Your letter of")), _.short_date(n.date))]
    if n.received:
        rows.append(Row(_(N_("Received on")), _.short_date(n.received)))
    return rows


def _objecting(c: Context) -> bool:
    return c.case.options.object


KIND = Kind("objection", _subject, (
    Part("objection", "§ 311 Abs. 1 BGB; § 675g Abs. 2 Satz 1 BGB; § 40 VVG; § 315 Abs. 3 "
         "BGB; § 203 Abs. 5 VVG", _opening),
    Part("grounds", "§§ 307, 308 Nr. 5, 310 Abs. 1 BGB; § 315 BGB; § 41 Abs. 5 EnWG; "
         "§§ 203, 204 VVG", lambda c: grounds(c) if _objecting(c) else ()),
    # docs/rules.md R15: the notice came too late.
    Part("late_notice", "§ 57 Abs. 2 TKG; § 41 Abs. 5 EnWG; § 40 Abs. 1 VVG; § 675g Abs. 1 "
         "BGB; § 5 Abs. 2 StromGVV/GasGVV",
         lambda c: late_notice(c) if c.a.notice_timely is False else ""),
    Part("reservation", "§§ 812, 814 BGB",
         lambda c: _reservation(c) if _objecting(c) and c.case.options.reserve_refund else ""),
    Part("termination", "§ 57 Abs. 1 TKG; § 41 Abs. 5 EnWG; §§ 40 Abs. 1, 205 Abs. 4 VVG; "
         "§§ 675g Abs. 2 Satz 2, 675h Abs. 1 BGB; §§ 5 Abs. 3, 20 Abs. 1 StromGVV/GasGVV",
         lambda c: termination(c) if c.case.options.terminate_fallback else ""),
    Part("consequences", "§ 59 Abs. 2, 6 TKG; § 39 Abs. 1 VVG; § 675h Abs. 3 BGB",
         lambda c: _consequences(c) if c.case.options.terminate_fallback and not _objecting(c)
         else ""),
    Part("confirmation", "§ 41b Abs. 1 EnWG; § 20 Abs. 2 Satz 2 StromGVV/GasGVV",
         _confirmation),
    Part("direct_debit", "", _direct_debit),     # one stance per option (docs/rules.md 5)
), _references, dates.objection_dates, label=N_("Objection"), filename=N_("objection.pdf"),
    position=0, dated_by_case=True)
