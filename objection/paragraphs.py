"""The letter's body, paragraph by paragraph (docs/rules.md section 5): what it declares,
on which legal ground, what it reserves, how a termination takes effect, what it asks
for and how it is paid. The statute behind each sentence is named where it is written.

Three rules hold everywhere: where the courts have not settled a question the letter
gives the customer's view ("nach meiner Auffassung"), not a fact; a letter cites only
rulings that exist on its date; and no date by which something ends or must happen
lies before the letter's expected arrival (docs/rules.md R15a).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import groupby

from dateutil.relativedelta import relativedelta

from . import deadlines as dl
from .assess import Assessment
from .case import Case
from .i18n import Message, N_, Writer
from .prices import changes_text, prices_text
from .rules import BeforeChange, Ruling, SectorRule, WindowFromReceipt
from .vocabulary import SECTORS, by_key

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



@dataclass(frozen=True)
class Paragraph:
    key: str            # what it does: objection, continuation, reservation, ...
    text: str
    items: tuple[str, ...] = ()     # a list after the text (a refund's bills)


def prices(_: Writer, case: Case, which: str) -> str:
    """The old (or new) prices as the letter names them: '19,99 € monatlich', or several
    each with its name."""
    return prices_text(case.notice.prices, which, case.notice.currency, _.lang)


def changes(_: Writer, case: Case) -> str:
    """Each price's change with its name (several prices)."""
    return changes_text(case.notice.prices, case.notice.currency, _.lang)


def price_terms(case: Case) -> dict[str, Message]:
    """What the letter calls the amount that rises: an insurer charges a premium
    ("Beitrag", section 40 VVG), everybody else a price."""
    if by_key(SECTORS, case.contract.sector).premium:
        return {"price": Message(N_("premium")), "increase": Message(N_("premium increase"))}
    return {"price": Message(N_("price")), "increase": Message(N_("price increase"))}


@dataclass(frozen=True)
class _Context:
    """What every paragraph needs: the case, its assessment, the writer, and the dates
    the letter works with."""

    case: Case
    a: Assessment
    _: Writer
    letter_date: dt.date
    arrival: dt.date        # when the letter can be expected to arrive
    confirm_by: dt.date     # the date the provider is asked to answer by
    withheld: bool = False  # a reply to a demand for the difference the customer withholds

    @property
    def rule(self) -> SectorRule:
        return self.a.facts.rule

    @property
    def terms(self) -> dict[str, Message]:
        return price_terms(self.case)

    @property
    def old(self) -> str:
        return prices(self._, self.case, "old")

    @property
    def business(self) -> bool:
        return not self.case.contract.consumer

    def rulings(self, rulings: tuple[Ruling, ...], prefix: str = N_("cf. %(rulings)s")) -> str:
        return cite(self._, self.letter_date, rulings, prefix)


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


def confirmation_date(case: Case, a: Assessment, letter_date: dt.date) -> dt.date:
    """The day the letter asks the provider to answer by (also a calendar reminder)."""
    arrival = max(a.expected_arrival or letter_date, letter_date)
    return confirm_by(case, a, letter_date, arrival)


def compose_body(case: Case, a: Assessment, _: Writer,
                 letter_date: dt.date) -> list[Paragraph]:
    o = case.options
    arrival = max(a.expected_arrival or letter_date, letter_date)
    c = _Context(case, a, _, letter_date, arrival, confirm_by(case, a, letter_date, arrival))
    out: list[Paragraph] = []

    def add(key: str, text: str) -> None:
        if text:
            out.append(Paragraph(key, keep_together(text)))

    announced = _announcement(c)
    if o.object:
        add("objection", f"{announced} {_declaration(c)}".strip())
        for key, text in _grounds(c):
            add(key, text)
    else:
        add("objection", announced)
    if a.notice_timely is False:
        add("late_notice", _late_notice(c))
    if o.object and o.reserve_refund:
        add("reservation", _reservation(c))
    if o.terminate_fallback:
        add("termination", _termination(c))
        if not o.object:
            add("consequences", _consequences(c))
    add("confirmation", _confirmation(c))
    add("direct_debit", _direct_debit(c))
    return out


def restated(case: Case, a: Assessment, _: Writer, letter_date: dt.date,
             arrival: dt.date, answer_by: dt.date, withheld: bool = False
             ) -> tuple[list[Paragraph], str]:
    """For a later letter (docs/rules.md section 7.2): the first letter's grounds for the
    sector, and its termination in the alternative where the customer wants one, hanging
    on the letter's own answer date `answer_by`, for a letter dated `letter_date` that
    arrives on `arrival`; `withheld`: for the reply to a demand for the difference."""
    c = _Context(case, a, _, letter_date, arrival, answer_by, withheld)
    grounds = [Paragraph(key, keep_together(text)) for key, text in _grounds(c)]
    if a.notice_timely is False:
        # The notice came too late (docs/rules.md R15): a ground of its own, kept.
        grounds.append(Paragraph("late_notice", keep_together(_late_notice(c))))
    fallback = keep_together(_termination(c)) if case.options.terminate_fallback else ""
    return grounds, fallback


def confirm_by(case: Case, a: Assessment, letter_date: dt.date, arrival: dt.date) -> dt.date:
    """The day the provider is asked to answer by: the chosen number of days after the
    letter, a week after its arrival at the least. A fallback termination hangs on that
    answer, so then it is no later than the last day of the right it uses."""
    day = max(letter_date + dt.timedelta(days=case.options.confirmation_days),
              arrival + dt.timedelta(days=7))
    # § 193 BGB would move a Sunday or holiday to the next working day anyway.
    day = dl.shift_193(day, a.facts.state)[0]
    last = a.termination.date if a.termination else None
    if case.options.object and case.options.terminate_fallback and last and arrival <= last < day:
        return last
    return day


def _announce_several(c: _Context, facts: dict) -> str:
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


def _asking(c: _Context, text: str) -> str:
    """A premium reset's announcement, and the questions that follow it (a termination
    needs no preface that delays it)."""
    if c.case.options.object:
        text += " " + c._(N_("Before I decide on my rights, I ask you for the following:"))
    return text


def _announcement(c: _Context) -> str:
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


def _declaration(c: _Context) -> str:
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


def _grounds(c: _Context) -> list[tuple[str, str]]:
    """The legal ground for the sector and the customer (docs/rules.md R13, R16a).
    Businesses: section 307 BGB through section 310(1) sentence 2 (no section 308);
    energy: sections 307 and 315 BGB; basic supply and private health insurance have no
    clause to attack."""
    _, rule = c._, c.rule
    price_now = dict(old=c.old, **c.terms)
    if rule.grounds == "health":
        return _health_requests(c)
    if rule.grounds == "bank":
        ruling = c.rulings(rule.rulings, N_("%(rulings)s"))
        if not c.business and ruling:
            text = _(N_("The contract therefore continues on its existing terms. A clause "
                        "under which my silence counts as consent to changes of terms and "
                        "charges without any limitation as to content is invalid towards "
                        "consumers (%(ruling)s)."), ruling=ruling.lstrip("; "))
        else:
            # Section 675e(4) BGB lets businesses contract out of sections 675g, 675h.
            text = _(N_("In my view the contract therefore continues on its existing terms "
                        "(§ 675g Abs. 2 BGB); I know of no agreement departing from it under "
                        "§ 675e Abs. 4 BGB. A clause under which my silence counts as consent "
                        "does not, in my view, withstand review under § 307 BGB."))
    elif rule.grounds == "energy":
        basis = (N_("§ 307 Abs. 1, 2 BGB i. V. m. § 310 Abs. 1 Satz 2 BGB") if c.business
                 else N_("§ 307 Abs. 1, 2 BGB"))
        text = _(N_("In my view the price change cannot be based on a valid price-adjustment "
                    "clause (%(basis)s). In any event I dispute that the increase is fair "
                    "(§ 315 Abs. 3 BGB). In my view I continue to owe the previous %(price)s of "
                    "%(old)s until this is resolved."), basis=_(basis), **price_now)
    elif rule.grounds == "basic_supply":
        text = _(N_("In my view the increase of the general prices is subject to a fairness "
                    "review; I dispute that it is fair (§ 315 Abs. 3 BGB). Please set out the "
                    "extent, occasion and conditions of the change and compare each cost "
                    "component before and after it (§ 5 Abs. 2 Satz 2 %(regulation)s"
                    "%(rulings)s)."), regulation=rule.regulation,
                 rulings=c.rulings(rule.rulings))
        if not c.withheld:
            text += " " + _(N_("Until this is resolved I pay the increased amounts only "
                               "under reservation."))
    elif rule.grounds == "insurance":
        text = _(N_("Please tell me which premium-adjustment clause of my contract you rely "
                    "on and show that its conditions are met. In my view, without a valid "
                    "adjustment clause the previous %(price)s of %(old)s remains owed."),
                 **price_now)
    else:   # a price clause in standard terms: telecom, subscriptions, hosting, the rest
        text = _clause_grounds(c)
    no_consent = (N_("Neither my silence nor further payment means consent.")
                  if rule.grounds in ("insurance", "bank") else
                  N_("Neither my silence nor further use or payment means consent."))
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


def _clause_grounds(c: _Context) -> str:
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
    if rule.grounds == "telecom":
        # Section 57 TKG gives a right to terminate; whether it saves a clause is open.
        text += " " + _(N_("The right to terminate under § 57 TKG attaches to a right to change "
                           "reserved in your terms; it creates no power to change the price "
                           "and, in my view, does not make up for an unfair clause."))
    return text + " " + _(N_("In my view the contract therefore continues on its existing "
                             "terms, and I continue to owe only the previous %(price)s of "
                             "%(old)s."), old=c.old, **c.terms)


def _health_requests(c: _Context) -> list[tuple[str, str]]:
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


def _late_notice(c: _Context) -> str:
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
    text = _(N_("Your notice reached me only on %(received)s. Under %(basis)s it had to reach "
                "me at least %(minimum)s before the change takes effect. In my view the change "
                "therefore cannot take effect on %(effective)s."), received=received,
             basis=rule.notice_basis, minimum=Message(rule.notice.words),
             effective=_.date(n.effective))
    if rule.window_from_receipt:
        text += " " + _(N_("My right to terminate under %(basis)s is unaffected."),
                        basis=rule.termination_basis)
    return text


def _reservation(c: _Context) -> str:
    """Sections 812, 814 BGB: pay only under reservation, or a refund may be lost.
    Insurers and basic suppliers are paid in full (arrears endanger the cover or the
    supply), under reservation."""
    _ = c._
    if c.rule.grounds in ("insurance", "health"):
        return _(N_("To avoid endangering my cover, I pay the new %(price)s until this is "
                    "resolved only under reservation of a refund should the increase not be "
                    "effective (§ 812 Abs. 1 Satz 1 BGB)."), **c.terms)
    if c.rule.grounds == "basic_supply":
        return _(N_("I reserve the right to reclaim any amount paid above the previous "
                    "%(price)s (§ 812 Abs. 1 Satz 1 BGB)."), **c.terms)
    return _(N_("Insofar as I pay the increased amount or it is collected, I do so only under "
                "reservation and without acknowledging any obligation. I reserve the right to "
                "reclaim any amount paid above the previous %(price)s (§ 812 Abs. 1 Satz 1 "
                "BGB)."), **c.terms)


# --- Termination --------------------------------------------------------------------------

def termination_effect(c: _Context) -> tuple[str | None, str]:
    """The statute and the words for when the contract ends. No end lies before the
    letter's expected arrival: after the change a termination takes effect at once, and
    a right that has run out falls back to ordinary notice (docs/rules.md R15a)."""
    _, rule, a = c._, c.rule, c.a
    effective, w = _.date(c.case.notice.effective), c.case.notice.effective
    before_change = c.arrival < w
    ordinary = (None, _(N_("with ordinary notice as of the earliest possible date")))
    free = _(N_("free of charge")) + " " if rule.grounds == "telecom" else ""   # § 57(1) TKG
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


def _termination(c: _Context) -> str:
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
                    "%(effect)s."), date=_.date(c.confirm_by), what=what, under=under,
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


def _consequences(c: _Context) -> str:
    """What a termination means for the service, in the sector's terms: never a request
    to cut a line or a supply early (section 59(2) TKG)."""
    _, iban = c._, c.case.customer.iban
    # An IBAN is read in its groups of four, never broken across lines.
    text = (_(c.rule.consequences_to_account, iban=iban.replace(" ", "\u00a0"))
            if iban and c.rule.consequences_to_account else _(c.rule.consequences))
    note = by_key(SECTORS, c.case.contract.sector).termination_note
    if note:
        text += " " + _(note, date=_.date(c.confirm_by))
    return text


def _confirmation(c: _Context) -> str:
    """A date in text form; where a statute obliges the provider to confirm a termination
    (section 41b(1) EnWG for household customers, section 20(2) sentence 2 GVV), the
    letter asks for that, not for a later date of its own."""
    _, o, rule = c._, c.case.options, c.rule
    date = _.date(c.confirm_by)
    statutory = rule.termination_confirmation if o.terminate_fallback else None
    if o.object and rule.declaration == "ask":
        text = _(N_("Please answer these questions in text form by %(date)s."), date=date)
    elif o.object and rule.grounds == "basic_supply":
        text = _(N_("Please confirm receipt of this letter in text form by %(date)s and set out "
                    "what I asked for."), date=date)
    elif o.object and rule.grounds == "insurance":
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


def _direct_debit(c: _Context) -> str:
    """One stance per option (docs/rules.md section 5). Keep: the mandate stands and
    what is collected is paid under reservation; no chargeback is announced, as a
    refund would bring back the whole amount. Revoke: pay by transfer, the old price,
    or where arrears would endanger cover or supply the full amount under reservation."""
    _, o = c._, c.case.options
    if c.rule.declaration == "reject" or o.direct_debit == "none":
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
    if c.rule.grounds in ("insurance", "health", "basic_supply"):
        return _(N_("I hereby revoke the SEPA direct debit mandate I gave you, with effect for "
                    "future debits. I will transfer the amounts due on time, any part above "
                    "the previous %(price)s under reservation."), **c.terms)
    return _(N_("I hereby revoke the SEPA direct debit mandate I gave you, with effect for "
                "future debits. I will transfer the previous %(price)s of %(old)s on time."),
             old=c.old, **c.terms)
