"""The first letter's position, which every later letter restates: the legal ground
for the sector and the customer, a notice that came too late, and the termination
(with when it takes effect). The statute behind each sentence is named where it is
written.

Three rules hold everywhere: where the courts have not settled a question the letter
gives the customer's view ("nach meiner Auffassung"), not a fact; a letter cites only
rulings that exist on its date; and no date by which something ends or must happen
lies before the letter's expected arrival (docs/rules.md R15a).
"""
from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from .. import deadlines as dl
from ..i18n import Message, N_
from ..rules import BeforeChange, NoticeAhead, WindowFromReceipt
from .parts import Context
from .wording import defects


def grounds(c: Context) -> list[tuple[str, str]]:
    """The legal ground for the sector and the customer (docs/rules.md R13, R16a).
    Businesses: section 307 BGB through section 310(1) sentence 2 (no section 308);
    energy: sections 307 and 315 BGB; basic supply and private health insurance have no
    clause to attack."""
    _, rule = c._, c.rule
    if rule.declaration == "ask":
        return _health_requests(c)
    # The ground the rule names (SectorRule.grounds); a price clause in standard terms
    # for telecom, subscriptions, hosting and the rest.
    text = _GROUNDS.get(rule.grounds, _clause_grounds)(c)
    no_consent = (N_("Neither my silence nor further use or payment means consent.")
                  if rule.service_used else
                  N_("Neither my silence nor further payment means consent."))
    text += " " + _(no_consent)
    if c.business:
        # Between businesses silence to a commercial letter can bind: say it plainly.
        text += " " + _(N_("I reject the change expressly; my silence to further letters is "
                           "no consent.") if rule.declaration == "reject" else
                        N_("I object expressly; my silence to further letters is no "
                           "consent."))
    out = [("continuation", text)]
    if rule.fairness_ruling:
        # Section 41(5) EnWG: occasion, conditions and extent, old and new components
        # compared (BGH VIII ZR 199/20 electricity, VIII ZR 200/20 gas).
        out.append(("fairness", _(N_(
            "Please set out the occasion, conditions and extent of the change and compare the "
            "previous and the new prices of each price component in a verifiable way "
            "(§ 41 Abs. 5 EnWG%(rulings)s)."), rulings=c.rulings((rule.fairness_ruling,)))))
    return out


def _bank_ground(c: Context) -> str:
    """§ 675g Abs. 2 BGB: a rejected offer does not change the contract; a deemed-consent
    clause without limits is invalid towards consumers."""
    _, rule = c._, c.rule
    ruling = c.rulings(rule.rulings, N_("%(rulings)s"))
    if not c.business and ruling:
        return _(N_("The contract therefore continues on its existing terms. A clause "
                    "under which my silence counts as consent to changes of terms and "
                    "charges without any limitation as to content is invalid towards "
                    "consumers (%(ruling)s)."), ruling=ruling.lstrip("; "))
    # Section 675e(4) BGB lets businesses contract out of sections 675g, 675h.
    return _(N_("In my view the contract therefore continues on its existing terms "
                "(§ 675g Abs. 2 BGB); I know of no agreement departing from it under "
                "§ 675e Abs. 4 BGB. A clause under which my silence counts as consent "
                "does not, in my view, withstand review under § 307 BGB."))


def _energy_ground(c: Context) -> str:
    """§ 307 BGB against the price clause (through § 310 Abs. 1 Satz 2 BGB for a
    business), § 315 Abs. 3 BGB against the price."""
    _ = c._
    basis = (N_("§ 307 Abs. 1, 2 BGB i. V. m. § 310 Abs. 1 Satz 2 BGB") if c.business
             else N_("§ 307 Abs. 1, 2 BGB"))
    return _(N_("In my view the price change cannot be based on a valid price-adjustment "
                "clause (%(basis)s). In any event I dispute that the increase is fair "
                "(§ 315 Abs. 3 BGB). In my view I continue to owe the previous %(price)s of "
                "%(old)s until this is resolved."), basis=_(basis), old=c.old, **c.terms)


def _basic_supply_ground(c: Context) -> str:
    """§ 315 Abs. 3 BGB: the general prices bind unless unfair; § 5 Abs. 2 Satz 2 GVV:
    what the supplier must set out."""
    _, rule = c._, c.rule
    text = _(N_("In my view the increase of the general prices is subject to a fairness "
                "review; I dispute that it is fair (§ 315 Abs. 3 BGB). Please set out the "
                "extent, occasion and conditions of the change and compare each cost "
                "component before and after it (§ 5 Abs. 2 Satz 2 %(regulation)s"
                "%(rulings)s)."), regulation=rule.regulation,
             rulings=c.rulings(rule.rulings))
    if not c.withheld:
        text += " " + _(N_("Until this is resolved I pay the increased amounts only "
                           "under reservation."))
    return text


def _insurance_ground(c: Context) -> str:
    """§ 40 VVG: the insurer may raise the premium only under a valid clause."""
    return c._(N_("Please tell me which premium-adjustment clause of my contract you rely "
                  "on and show that its conditions are met. In my view, without a valid "
                  "adjustment clause the previous %(price)s of %(old)s remains owed."),
               old=c.old, **c.terms)


def _clause_grounds(c: Context) -> str:
    """Sections 307, 308 no. 5 BGB against a price or deemed-consent clause; the courts
    are split for telecom, hosting and subscriptions, so: the customer's view."""
    _, rule = c._, c.rule
    if c.business:
        basis = _(N_("§ 307 Abs. 1, 2 BGB i. V. m. § 310 Abs. 1 Satz 2 BGB"))
        rulings = c.rulings(rule.rulings, N_("cf., on consumer contracts, %(rulings)s"))
    else:
        basis = _(N_("§§ 307, 308 Nr. 5 BGB"))
        rulings = c.rulings(rule.rulings)
    # Not every price clause is invalid (a transparent one, bound to costs and obliging
    # the provider to lower prices too, may stand): the letter names the defects that
    # the courts hold against such clauses.
    text = _(N_("In my view the clause on which you base the increase is invalid: a term "
                "that lets you raise the %(price)s without concrete conditions and without a "
                "duty to lower it, or that takes my silence as consent, puts me at an "
                "unreasonable disadvantage (%(basis)s%(rulings)s)."),
             basis=basis, rulings=rulings, **c.terms)
    streaming = c.rulings(rule.streaming_rulings, N_("%(rulings)s"))
    if streaming:
        text += " " + _(N_("Courts have judged price-adjustment clauses of streaming services "
                           "the same way (cf. %(rulings)s)."), rulings=streaming.lstrip("; "))
    if rule.termination_free:
        # Section 57 TKG gives a right to terminate; whether it saves a clause is open.
        text += " " + _(N_("The right to terminate under § 57 TKG attaches to a right to change "
                           "reserved in your terms; it creates no power to change the price "
                           "and, in my view, does not make up for an unfair clause."))
    return text + " " + _(N_("In my view the contract therefore continues on its existing "
                             "terms, and I continue to owe only the previous %(price)s of "
                             "%(old)s."), old=c.old, **c.terms)


def _health_requests(c: Context) -> list[tuple[str, str]]:
    """Private health insurance: the adjustment is statutory (section 203(2), (5) VVG),
    so the letter asks for what the law gives: the reasons, the trustee's approval and a
    tariff switch (section 204 VVG)."""
    _ = c._
    return [
        ("reasons", _(N_(
            "Please state the decisive reasons for the reset (§ 203 Abs. 5 VVG): which "
            "calculation basis – benefits or mortality – changed in which tariff not merely "
            "temporarily and exceeded the relevant threshold, and by how much. The reset takes "
            "effect only at the beginning of the second month after notice of the reset and "
            "of its decisive reasons (§ 203 Abs. 5 VVG%(rulings)s)."),
            rulings=c.rulings(c.rule.rulings))),
        ("trustee", _(N_(
            "Please confirm that an independent trustee reviewed the technical calculation "
            "bases and approved the premium adjustment (§ 203 Abs. 2 Satz 1 VVG), and state "
            "the date of the approval."))),
        ("tariff_switch", _(N_(
            "Please make me an offer to switch to tariffs of your company with equivalent "
            "cover, crediting the rights acquired and the ageing reserve (§ 204 Abs. 1 Satz 1 "
            "Nr. 1 VVG), each with its premium and the differences in benefits."))),
    ]


def late_notice(c: Context) -> str:
    """docs/rules.md R15. No past due date is named: the letter says what the statute
    demands, as the customer's view, and what follows."""
    n, _, rule, a = c.case.notice, c._, c.rule, c.a
    received = _.date(a.facts.received)
    if a.notice_after_change:
        return _(N_("Your notice reached me only on %(received)s, on or after the date "
                    "announced for the change. In my view a change that was not notified to "
                    "me in time cannot take effect retroactively; my rights remain."),
                 received=received)
    if rule.notice_from_announcement:
        # Section 5(2) GVV: six weeks from the public announcement, not from receipt.
        return _(N_("Your letter is dated %(date)s, less than six weeks before the change. "
                    "Please tell me when and where you published the change (§ 5 Abs. 2 "
                    "Satz 1 %(regulation)s). In my view it cannot take effect on %(effective)s "
                    "unless it was published at least six weeks before."),
                 date=_.date(n.date), regulation=rule.regulation, effective=_.date(n.effective))
    if rule.declaration == "ask":
        earliest = a.facts.received.replace(day=1) + relativedelta(months=2)
        if earliest >= c.arrival:
            return _(N_("Under § 203 Abs. 5 VVG the reset cannot take effect before %(date)s."),
                     date=_.date(earliest))
        return _(N_("Under § 203 Abs. 5 VVG the reset cannot take effect before the beginning "
                    "of the second month after your notice reached me."))
    if rule.declaration == "reject":
        # Section 675g(1) BGB: the change must be offered two months ahead.
        return _(N_("Your offer reached me only on %(received)s. Under § 675g Abs. 1 BGB it had "
                    "to be offered to me at the latest two months before the proposed date of "
                    "its taking effect. In my view the change therefore cannot take effect on "
                    "%(effective)s."), received=received, effective=_.date(n.effective))
    # A late notice is measured against the rule's notice period; the one rule without
    # a period in words (SecondMonthAfter) asks, and is answered above.
    assert isinstance(rule.notice, NoticeAhead), "a notice period"
    text = _(N_("Your notice reached me only on %(received)s. Under %(basis)s it had to reach "
                "me at least %(minimum)s before the change takes effect. In my view the change "
                "therefore cannot take effect on %(effective)s."), received=received,
             basis=rule.notice_basis, minimum=Message(rule.notice.words),
             effective=_.date(n.effective))
    if rule.window_from_receipt:
        text += " " + _(N_("My right to terminate under %(basis)s is unaffected."),
                        basis=rule.termination_basis)
    return text


def termination_effect(c: Context) -> tuple[str | None, str]:
    """The statute and the words for when the contract ends. No end lies before the
    letter's expected arrival: after the change a termination takes effect at once, and
    a right that has run out falls back to ordinary notice (docs/rules.md R15a)."""
    _, rule, a = c._, c.rule, c.a
    effective, w = _.date(c.case.notice.effective), c.case.notice.effective
    # The day of the change is required: from_dict refuses a notice without it.
    assert w is not None, "a validated notice has its effective day"
    before_change = c.arrival < w
    ordinary = (None, _(N_("with ordinary notice as of the earliest possible date")))
    free = _(N_("free of charge")) + " " if rule.termination_free else ""   # § 57(1) TKG
    if isinstance(rule.termination, WindowFromReceipt):
        if a.termination and c.arrival > a.termination.date:
            return ordinary
        if rule.effect_fixed_at_change:
            # Section 205(4) VVG fixes the effect at the increase, whenever declared.
            if before_change:
                return rule.termination_basis, _(N_(
                    "with effect from the date on which the premium increase is to take "
                    "effect, %(effective)s"), effective=effective)
            return rule.termination_basis, _(N_(
                "with effect from the date on which the premium increase is to take effect"))
        if not before_change:
            # Section 57(1) sentence 3 TKG, section 40(1) VVG: at the earliest at the change.
            return rule.termination_basis, free + _(N_("with immediate effect"))
        if rule.declaration == "withhold_consent":
            return rule.termination_basis, _(N_(
                "with immediate effect, but not before the increase takes effect on "
                "%(effective)s"), effective=effective)
        return rule.termination_basis, free + _(N_(
            "with effect from the date on which the change takes effect, %(effective)s"),
            effective=effective)
    if isinstance(rule.termination, BeforeChange):
        if before_change:
            if rule.declaration == "reject":
                return rule.termination_basis, _(N_(
                    "without notice and free of charge, with effect from the end of "
                    "%(day_before)s, before the proposed date of the change"),
                    day_before=_.date(w - dl.ONE_DAY))
            return rule.termination_basis, _(N_(
                "without notice, with effect from the date the price change takes effect, "
                "%(effective)s"), effective=effective)
        if a.notice_timely is False:
            # A late notice: the change has not taken effect, the right is not lost.
            return rule.termination_basis, _(N_("with immediate effect"))
        if rule.declaration == "reject":
            # Section 675h(1) BGB: a payment services contract ends at any time.
            return "§ 675h Abs. 1 BGB", _(N_("with immediate effect"))
        if rule.regulation:
            # Section 20(1) sentence 1 GVV: two weeks' notice at any time.
            end = c.arrival + dt.timedelta(weeks=2)
            return f"§ 20 Abs. 1 Satz 1 {rule.regulation}", _(N_(
                "with two weeks' notice, by my calculation as of %(end)s"), end=_.date(end))
        return ordinary
    return ordinary


def termination(c: Context) -> str:
    """Exactly one statute from the sector's rule, and an end that is not in the past;
    in the alternative, tied to a date the provider controls, or outright."""
    _, rule = c._, c.rule
    statute, effect = termination_effect(c)
    under = _(N_("under %(statute)s"), statute=statute) + " " if statute else ""
    what = _(rule.contract_words)
    if c.case.options.object:
        # "In case you insist" leaves open when the contract ends: the condition is a
        # date, and depends only on the provider's answer.
        text = _(N_("Should you not confirm in text form by %(date)s that the previous "
                    "%(price)s stands, I terminate %(what)s in the alternative %(under)s"
                    "%(effect)s."), date=_.date(c.deadline), what=what, under=under,
                 effect=effect, **c.terms)
    else:
        text = _(N_("I hereby terminate %(what)s %(under)s%(effect)s."), what=what,
                 under=under, effect=effect)
    if statute == rule.termination_basis and rule.declaration == "reject":
        # Section 675g(2) sentence 2 BGB presupposes an agreed consent clause.
        text += " " + _(N_("Should you hold that I have no right to terminate under § 675g Abs. 2 "
                           "Satz 2 BGB, my termination is one under § 675h Abs. 1 BGB as of the "
                           "earliest possible date."))
    if statute == rule.termination_basis and rule.regulation:
        # Section 5(3) sentence 2 GVV: the increase does not bind a customer who proves a
        # new supply contract within a month.
        text += " " + _(N_("I will prove to you within one month of receipt of this "
                           "termination that I have concluded a supply contract with a new "
                           "supplier (§ 5 Abs. 3 Satz 2 %(regulation)s)."),
                        regulation=rule.regulation)
    if rule.effect_fixed_at_change:
        # Section 205(6) VVG: compulsory cover ends only with proof of new cover.
        text += " " + _(N_("Insofar as the insurance meets the duty under § 193 Abs. 3 Satz 1 "
                           "VVG, I will prove within two months of this notice that every "
                           "insured person is insured with a new insurer without interruption "
                           "(§ 205 Abs. 6 VVG)."))
    return text


_GROUNDS = {"bank": _bank_ground, "energy": _energy_ground,
            "basic_supply": _basic_supply_ground, "insurance": _insurance_ground}


# --- Restated by the later letters (docs/rules.md section 7, item 2) -----------------------------

def restated(c: Context) -> list[tuple[str, str]]:
    """The first letter's grounds for the sector, and a late notice as a ground of its
    own (docs/rules.md R15); against a statutory reset its defect instead (§ 203 Abs. 2,
    5 VVG), not the first letter's requests."""
    if c.first == "request":
        return [("defects", defects(c))]
    out = grounds(c)
    if c.a.notice_timely is False:
        out.append(("late_notice", late_notice(c)))
    return out


def restated_termination(c: Context) -> str:
    """The first letter's termination in the alternative, where the customer wants one,
    hanging on this letter's own answer date."""
    return termination(c) if c.case.options.terminate_fallback else ""
