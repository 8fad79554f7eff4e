"""The letters after the objection (docs/rules.md section 7), as data: each kind with its
paragraphs, the statute behind each, when it can be written, and the date it sets.

- reminder: no answer by the day the objection asked for one;
- reply: the provider insists on the new price;
- refund: the higher price was charged (objection.refund computes the amounts);
- arbitration: an application to the arbitration body (objection.arbitration);
- termination: the provider terminated in return, against the law's limits
  (objection.limits);
- demand: the provider duns for the difference or threatens to block or cut off.

One composition path with the objection: letter.compose() takes the kind and lays out
sender, recipient, reference block and signature the same way; only the subject, the
paragraphs and, for the arbitration body, the recipient come from here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from . import deadlines as dl
from .arbitration import Body, body_for
from .assess import Assessment
from .case import Case, Event
from .explain import period_text
from .i18n import Amount, Message, N_, Number, Writer, fmt_amount
from .limits import Termination, demand_limits, termination
from .paragraphs import (Paragraph, changes, cite, confirm_by, keep_together, price_terms,
                         prices, restated)
from .prices import fmt_price, named
from .refund import CENT, Item, Refund, refund
from .rules import SectorRule
from .vocabulary import DELIVERIES, by_key


@dataclass(frozen=True)
class Context:
    """What every paragraph of a later letter needs."""

    case: Case
    a: Assessment
    _: Writer
    letter_date: dt.date
    arrival: dt.date          # when this letter can be expected to arrive
    deadline: dt.date | None  # the day it asks for an answer or a payment
    objection: Event
    answer: Event | None      # the provider's latest letter insisting on the increase
    refund: Refund
    body: Body
    terminated: Event | None  # the provider's latest termination
    demanded: Event | None    # the provider's latest dunning letter or threat

    @property
    def rule(self) -> SectorRule:
        return self.a.facts.rule

    @property
    def first(self) -> str:
        """What the first letter was: objection, rejection or request."""
        return self.rule.first_letter

    @property
    def check(self) -> Termination:
        return termination(self.case, self.a, self.terminated)

    @property
    def terms(self) -> dict[str, Message]:
        return price_terms(self.case)

    @property
    def facts(self) -> dict:
        """The facts most paragraphs name, formatted for the letter."""
        _, n = self._, self.case.notice
        return dict(notice=_.date(n.date), effective=_.date(n.effective),
                    objection=_.date(self.objection.date),
                    old=prices(_, self.case, "old"), new=prices(_, self.case, "new"),
                    changes=changes(_, self.case),
                    deadline=_.date(self.deadline) if self.deadline else "",
                    body=self.body.name, **self.terms)

    def amount(self, value: Decimal) -> str:
        return fmt_amount(value, self.case.notice.currency, self._.lang)


@dataclass(frozen=True)
class Part:
    """A paragraph: what it does, the law behind it, and its text ("" leaves it out)."""

    key: str
    basis: str
    text: Callable[[Context], str]


@dataclass(frozen=True)
class Kind:
    key: str
    subject: Callable[[Context], str]
    parts: tuple[Part, ...]
    deadline_days: int | None     # days after the letter for the answer or payment
    # Why it cannot be written yet (None: it can).
    blocked: Callable[[Case, Assessment, dt.date], Message | None]


# --- When a letter can be written ------------------------------------------------------

def _objection(case: Case) -> Event | None:
    sent = case.events("objection_sent")
    return sent[0] if sent else None


def _answer(case: Case) -> Event | None:
    answers = case.events("provider_insists")
    return answers[-1] if answers else None


def arrival_of(case: Case, a: Assessment, sent: Event) -> dt.date:
    """When a letter the customer sent can be expected to have arrived: by the way it was
    sent, where the event records it, else the case's (docs/rules.md R8)."""
    delivery = by_key(DELIVERIES, sent.delivery) if sent.delivery else a.facts.delivery
    return dl.expected_arrival(sent.date, delivery, a.facts.state)


def answer_due(case: Case, a: Assessment) -> dt.date | None:
    """The day the objection, sent on the day recorded, asked the provider to answer by."""
    sent = _objection(case)
    return confirm_by(case, a, sent.date, arrival_of(case, a, sent)) if sent else None


def complaint_applies(case: Case, a: Assessment) -> bool:
    """Energy, a consumer: every letter is also a complaint to the supplier, which comes
    before arbitration (§§ 111a, 111b EnWG; consumers only, § 13 BGB)."""
    return bool(a.facts.rule.consumer_complaint) and case.contract.consumer


def complaint_window_end(case: Case, a: Assessment) -> dt.date | None:
    """The last day of the four weeks the supplier has to remedy the complaint that the
    objection was (§ 111a Satz 3 EnWG), counted from its expected arrival (§§ 187
    Abs. 1, 188 Abs. 2 BGB): the arbitration body hears it from the day after."""
    sent = _objection(case)
    if sent is None or not complaint_applies(case, a):
        return None
    return dl.raw_end(arrival_of(case, a, sent), dl.Period(weeks=4))


def body_hears(case: Case) -> bool:
    """Does the sector's arbitration body hear this customer? Some hear consumers only."""
    return case.contract.consumer or not body_for(case).consumers_only


def _court_route(case: Case) -> Message:
    """For a business whose sector's body hears consumers only: the other ways."""
    return Message(N_("The arbitration body for this contract (%(body)s) hears consumers only. "
                      "For a business, the way on is a court order for payment (Mahnbescheid), "
                      "an action, or an application to a state-recognised conciliation body "
                      "(Gütestelle); ask a lawyer. %(limitation)s"),
                   {"body": body_for(case).name, "limitation": limitation_advice(case)})


def limitation_advice(case: Case) -> Message:
    """What suspends limitation for this customer (§§ 203, 204 Abs. 1 BGB): never a letter
    alone; an application to the sector's body where it hears the customer (Nr. 4), else,
    for a business, a Mahnbescheid, an action or a conciliation body (Nr. 3, 1, 4); and,
    while they last, negotiations (§ 203 BGB)."""
    if not body_hears(case):
        return Message(N_("A letter alone does not suspend limitation. For a business, a court "
                          "order for payment (Mahnbescheid), an action or an application to a "
                          "state-recognised conciliation body does (§ 204 Abs. 1 Nr. 1, 3, 4 "
                          "BGB), and negotiations with the provider do while they last (§ 203 "
                          "BGB)."))
    return Message(N_("A letter alone does not suspend limitation; an application to the "
                      "arbitration body or a court does (§ 204 Abs. 1 Nr. 1, 3, 4 BGB), and "
                      "negotiations with the provider do while they last (§ 203 BGB)."))


def reset_defects(answer: Event | None) -> tuple[str, ...]:
    """What the private health insurer's latest answer lacks of a lawful reset, as the
    customer recorded it: "missing" or "general" reasons (§ 203 Abs. 5 VVG, BGH IV ZR
    255/17), the "trustee"'s approval not shown (§ 203 Abs. 2 Satz 1 VVG)."""
    if answer is None:
        return ()
    found = [answer.reasons] if answer.reasons in ("missing", "general") else []
    return (*found, "trustee") if answer.trustee == "not_shown" else tuple(found)


def _reset_ground(case: Case, a: Assessment) -> Message | None:
    """A private health insurer's reset needs no consent (§ 203 Abs. 2 VVG): a letter
    can contest it only where the reset is defective. None: a defect is recorded (or the
    rule needs consent, and the letters rest on the first letter as ever)."""
    if a.facts.rule.first_letter != "request":
        return None
    answer = _answer(case)
    if reset_defects(answer):
        return None
    if answer is None or answer.reasons is None or answer.trustee is None:
        return Message(N_("Record the insurer's answer, and whether it gives the reasons for "
                          "the reset and shows the trustee's approval: a reset is the "
                          "insurer's statutory right, so a letter can contest it only where "
                          "they are missing (§ 203 Abs. 2, 5 VVG)."))
    return Message(N_("The insurer has named the reasons for the reset and shown the "
                      "trustee's approval: the reset is its statutory right (§ 203 Abs. 2 "
                      "VVG) and needs no consent, so there is nothing to claim back or to "
                      "contest by letter. You can ask for a switch to another of its tariffs "
                      "(§ 204 VVG), or ask the %(body)s to check the reset."),
                   {"body": body_for(case).name})


def _needs_objection(case: Case) -> Message | None:
    if _objection(case) is None:
        return Message(N_("Record first when and how you sent your objection."))
    return None


def _reminder_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    due = answer_due(case, a)
    if due is None:
        return _needs_objection(case)
    if _answer(case):
        return Message(N_("The provider has answered: reply to its letter instead."))
    if today <= due:
        return Message(N_("Your objection asked for an answer by %(date)s: a reminder makes "
                          "sense from the day after."), {"date": due})
    return None


def _reply_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    if _needs_objection(case):
        return _needs_objection(case)
    if _answer(case) is None:
        return Message(N_("Record the provider's letter that insists on the new price."))
    return _reset_ground(case, a)


def _refund_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    if _needs_objection(case):
        return _needs_objection(case)
    why = _reset_ground(case, a)
    if why:
        return why
    r = refund(case, today)
    if not r.items:
        return Message(N_("Record the bills that charged the higher price."))
    if not r.open_items:
        return Message(N_("None of the recorded bills leaves an amount to claim: none is "
                          "above the old price and not yet time-barred."))
    return None


def _arbitration_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    """The body hears a dispute the customer first raised with the provider (§ 30(1)
    VSBG and the bodies' rules); energy: only after the supplier did not remedy a
    complaint within four weeks of its arrival (§§ 111a, 111b(1) sentence 3 EnWG)."""
    sent = _objection(case)
    if sent is None:
        return _needs_objection(case)
    if not body_hears(case):
        return _court_route(case)
    if _answer(case):
        return None
    end = complaint_window_end(case, a)
    if end is not None:
        if today <= end:
            return Message(N_("The supplier has four weeks from the arrival of your "
                              "complaint to remedy it (§ 111a EnWG): the %(body)s hears it "
                              "from %(date)s, or once the supplier has rejected it."),
                           {"date": end + dl.ONE_DAY, "body": body_for(case).name})
        return None
    due = answer_due(case, a)
    if today <= due:
        return Message(N_("Give the provider until %(date)s to answer your objection first; "
                          "record its answer if it rejects it."), {"date": due})
    return None


def _termination_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    if _needs_objection(case):
        return _needs_objection(case)
    event = _last(case, "provider_terminates")
    if event is None:
        return Message(N_("Record the provider's termination first."))
    check = termination(case, a, event)
    return None if check.contest else check.reason


def _demand_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    if _needs_objection(case):
        return _needs_objection(case)
    if _last(case, "provider_demands") is None:
        return Message(N_("Record the provider's dunning letter or threat first."))
    # § 38 VVG: an unpaid follow-up premium can cost the cover after a two-week payment
    # period; § 193 Abs. 6 VVG: in health insurance, the emergency tariff.
    return Message(a.facts.rule.unpaid_premium) if a.facts.rule.unpaid_premium else None


# --- What the first letter was -----------------------------------------------------------

# Sentences that name the first letter differ by what it was (SectorRule.first_letter): an
# objection, a rejection of the offered change (§ 675g Abs. 2 BGB; a bank), or a request
# for the reasons of a statutory reset (§ 203 Abs. 5 VVG; private health insurance).
def _worded(c: Context, msgids: dict[str, str], **params) -> str:
    """The sentence for what the first letter was (an "objection" where no other is
    given), in the letter's language."""
    return c._(msgids.get(c.first, msgids["objection"]), **params)


def _on_basis(c: Context, *, reset: str, fairness: str, agreed: str) -> str:
    """The msgid for what the customer's position rests on: a private health insurer's
    reset that has not taken effect (§ 203 Abs. 5 VVG), a basic supplier's increase not
    shown fair (§ 315 Abs. 3 BGB), or the price the contract agreed."""
    if c.first == "request":
        return reset
    return agreed if c.rule.consent_needed else fairness


def _provider_letters(c: Context) -> str:
    """The provider's letters other than an answer (a termination, a dunning letter or a
    threat), by their dates: a letter never says "no answer" where one is recorded."""
    dates = sorted({e.date for e in c.case.history
                    if e.type in ("provider_terminates", "provider_demands")})
    if not dates:
        return c._(N_("I have had no answer to date."))
    listed = ", ".join(c._.date(day) for day in dates)
    return c._(N_("Your letter of %(dates)s does not answer it.") if len(dates) == 1 else
               N_("Your letters of %(dates)s do not answer it."), dates=listed)


def _reset_defects(c: Context, to_body: bool = False) -> str:
    """Private health insurance: what makes the reset defective, as recorded for the
    insurer's latest answer (§ 203 Abs. 2, 5 VVG); addressed to the insurer, or
    (`to_body`) told to the arbitration body."""
    _, found = c._, reset_defects(c.answer)
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


# --- The reminder ----------------------------------------------------------------------

def _proof(c: Context) -> str:
    """', sent by Einwurf-Einschreiben (posting receipt no. …)' where there is proof."""
    _, sent = c._, c.objection
    delivery = by_key(DELIVERIES, sent.delivery) if sent.delivery else None
    if not delivery or not delivery.note or delivery.contact:
        return ""
    if sent.tracking:
        return _(N_(", sent by %(way)s (posting receipt no. %(number)s)"),
                 way=_(delivery.note), number=sent.tracking)
    return _(N_(", sent by %(way)s"), way=_(delivery.note))


def _reminder_subject(c: Context) -> str:
    text = _worded(c, dict(
        objection=N_("Reminder: my objection of %(objection)s to the %(increase)s as of "
                     "%(effective)s"),
        rejection=N_("Reminder: my rejection of %(objection)s of the %(increase)s as of "
                     "%(effective)s"),
        request=N_("Reminder: my letter of %(objection)s on the reset of my premium as of "
                   "%(effective)s")), **c.facts)
    if complaint_applies(c.case, c.a):
        text += " – " + c._(N_("consumer complaint under § 111a EnWG"))
    return text


def _reminder_facts(c: Context) -> str:
    text = _worded(c, dict(
        objection=N_("By letter of %(objection)s%(proof)s, I objected to the %(increase)s "
                     "announced in your letter of %(notice)s (as of %(effective)s: "
                     "%(changes)s) and asked you to answer in text form by %(due)s."),
        rejection=N_("By letter of %(objection)s%(proof)s, I rejected the change offered in "
                     "your letter of %(notice)s (a %(increase)s as of %(effective)s: "
                     "%(changes)s; § 675g Abs. 2 BGB) and asked you to answer in text form "
                     "by %(due)s."),
        request=N_("By letter of %(objection)s%(proof)s, I asked you for the reasons of the "
                   "reset of my premium announced in your letter of %(notice)s (as of "
                   "%(effective)s: %(changes)s) and for confirmation of the trustee's "
                   "approval, and to answer in text form by %(due)s."))
        if len(c.case.notice.prices) > 1 else dict(
        objection=N_("By letter of %(objection)s%(proof)s, I objected to the %(increase)s "
                     "announced in your letter of %(notice)s (from %(old)s to %(new)s as of "
                     "%(effective)s) and asked you to answer in text form by %(due)s."),
        rejection=N_("By letter of %(objection)s%(proof)s, I rejected the change offered in "
                     "your letter of %(notice)s (a %(increase)s from %(old)s to %(new)s as of "
                     "%(effective)s; § 675g Abs. 2 BGB) and asked you to answer in text form "
                     "by %(due)s."),
        request=N_("By letter of %(objection)s%(proof)s, I asked you for the reasons of the "
                   "reset of my premium announced in your letter of %(notice)s (from %(old)s to "
                   "%(new)s as of %(effective)s) and for confirmation of the trustee's "
                   "approval, and to answer in text form by %(due)s.")),
        proof=_proof(c), due=c._.date(answer_due(c.case, c.a)), **c.facts)
    return text + " " + _provider_letters(c)


def _reminder_effect(c: Context) -> str:
    if c.first == "request":
        # § 203(5) VVG: the reset does not need consent; what is owed is the answer.
        return c._(N_("I still await the reasons and the information I asked for. Until "
                      "you give them I do not accept the reset as justified."))
    if not c.rule.consent_needed:
        # Basic supply: the general prices bind unless unfair (§ 315 Abs. 3 BGB); what
        # the objection does is dispute their fairness, not keep them out of the contract.
        return c._(N_("I dispute that the increase is fair (§ 315 Abs. 3 BGB). Until you "
                      "show that it is, it does not bind me in my view, and I owe only the "
                      "previous %(price)s of %(old)s."), **c.facts)
    return _worded(c, dict(
        objection=N_("My objection took effect when it reached you; it needs no "
                     "confirmation. Neither silence nor further use or payment means "
                     "consent. For the reasons I gave in it, in my view the increase has not "
                     "taken effect, and the contract continues at the previous %(price)s of "
                     "%(old)s."),
        rejection=N_("My rejection took effect when it reached you (§ 675g Abs. 2 BGB); it "
                     "needs no confirmation. Neither silence nor further payment means "
                     "consent. The contract therefore continues on its existing terms, at the "
                     "previous %(price)s of %(old)s.")), **c.facts)


def _reminder_request(c: Context) -> str:
    return c._(N_("I ask you again to answer in text form by %(deadline)s. Insofar as you "
                  "have charged or charge the higher amount, I pay the difference only under "
                  "reservation of repayment (§ 812 BGB)."), **c.facts)


def _complaint(c: Context) -> str:
    """Energy: the letter is a § 111a EnWG complaint, the precondition of arbitration;
    the supplier has four weeks from its arrival, which is the letter's answer date."""
    if not complaint_applies(c.case, c.a) or c.answer:
        return ""
    return c._(N_("This letter is also a consumer complaint under § 111a EnWG: please remedy "
                  "it within four weeks of receipt. If you do not, I will apply to the "
                  "arbitration body: %(body)s (§ 111b EnWG)."), **c.facts)


def _next_body(c: Context) -> str:
    # An energy consumer's complaint without an answer yet: the complaint says it.
    if (complaint_applies(c.case, c.a) and not c.answer) or not body_hears(c.case):
        return ""
    text = c._(N_("Should I have no satisfactory answer by %(deadline)s, I will turn to the "
                  "arbitration body: %(body)s (%(basis)s)."), basis=c.body.basis, **c.facts)
    if c.body.businesses and not c.case.contract.consumer:
        text += " " + c._(c.body.businesses)
    return text


# --- The reply -------------------------------------------------------------------------

def _reply_subject(c: Context) -> str:
    return _worded(c, dict(
        objection=N_("Your letter of %(answer)s: I maintain my objection of %(objection)s"),
        rejection=N_("Your letter of %(answer)s: I maintain my rejection of %(objection)s"),
        request=N_("Your letter of %(answer)s: the reset of my premium as of %(effective)s")),
        answer=c._.date(c.answer.date), **c.facts)


def _reply_maintain(c: Context) -> str:
    answer = c._.date(c.answer.date)
    if c.first == "request":
        return c._(N_("I have received your letter of %(answer)s. It does not make the reset "
                      "of my premium as of %(effective)s effective."), answer=answer, **c.facts)
    if not c.rule.consent_needed:
        # The restated grounds that follow dispute the fairness (§ 315 Abs. 3 BGB).
        return c._(N_("I have received your letter of %(answer)s. I maintain in full my "
                      "objection of %(objection)s to the %(increase)s as of %(effective)s."),
                   answer=answer, **c.facts)
    return _worded(c, dict(
        objection=N_("I have received your letter of %(answer)s. I maintain in full my "
                     "objection of %(objection)s to the %(increase)s as of %(effective)s; "
                     "I have not agreed to it."),
        rejection=N_("I have received your letter of %(answer)s. I maintain my rejection of "
                     "%(objection)s of the change as of %(effective)s (§ 675g Abs. 2 BGB); I "
                     "have not agreed to it.")), answer=answer, **c.facts)


def _reply_request(c: Context) -> str:
    if c.first == "request":
        found = reset_defects(c.answer)
        msgid = (N_("Please tell me the reasons for the reset as § 203 Abs. 5 VVG requires and "
                    "show me the trustee's approval in text form by %(deadline)s.")
                 if "trustee" in found and len(found) > 1 else
                 N_("Please show me the trustee's approval in text form by %(deadline)s.")
                 if "trustee" in found else
                 N_("Please tell me the reasons for the reset as § 203 Abs. 5 VVG requires in "
                    "text form by %(deadline)s."))
        return c._(msgid, **c.facts) + " " + c._(N_(
            "Until the reset has taken effect, please charge only the previous %(price)s of "
            "%(old)s. Amounts above it I pay only under reservation of repayment and claim "
            "back (§ 812 BGB)."), **c.facts)
    if not c.rule.consent_needed:
        # The restated grounds ask for the cost components and reserve the repayment.
        return c._(N_("Please answer in text form by %(deadline)s."), **c.facts)
    return c._(N_("Please tell me in text form by %(deadline)s on which contractual or "
                  "statutory ground you base the increase, and confirm that until this is "
                  "resolved you charge only the previous %(price)s of %(old)s. Amounts above "
                  "it I pay only under reservation of repayment (§ 812 BGB)."), **c.facts)


# --- The refund claim ------------------------------------------------------------------

def _refund_subject(c: Context) -> str:
    return _worded(c, dict(
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
            _reset_defects(c) + " " + c._(N_(
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
    return _worded(c, dict(
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


def bill_line(_: Writer, item: Item, currency: str) -> str:
    """'bill of 05.02.2027 for 15.01.2027–14.02.2027 (1 month): charged 29,99 €, owed
    19,99 €, difference 10,00 €' (where the user did not enter the amount: 'charged by my
    calculation'); for prices per kWh the kWh instead of the months."""
    def money(value: Decimal) -> str:
        return fmt_amount(value, currency, _.lang)

    msgid = (N_("bill of %(date)s for %(first)s–%(last)s (%(span)s): charged by my "
                "calculation %(charged)s, owed %(owed)s, difference %(excess)s")
             if item.estimated else
             N_("bill of %(date)s for %(first)s–%(last)s (%(span)s): charged %(charged)s, "
                "owed %(owed)s, difference %(excess)s"))
    return _(msgid, date=_.short_date(item.bill.date), first=_.short_date(item.bill.period_from),
             last=_.short_date(item.bill.period_to), span=_span(_, item),
             charged=money(item.charged), owed=money(item.owed), excess=money(item.excess))


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


def _refund_items(c: Context) -> str:
    notice = c.case.notice
    several = len(notice.prices) > 1
    text = " ".join(c._(_OWED[p.unit], **{**c.facts, "old": named(
        fmt_price(p.old, p.unit, notice.currency, c._.lang), p, c._.lang) if several
        else c.facts["old"]}) for p in notice.prices)
    if any(i.estimated for i in c.refund.open_items):
        if any(not p.per_kwh for p in notice.prices):
            text += " " + c._(N_("Where an amount charged is marked “by my calculation”, it "
                                 "is the previous price up to the change on %(effective)s and "
                                 "the new one from it, by the days at the new price within "
                                 "each billing month."), **c.facts)
        if notice.per_kwh:
            text += " " + c._(N_("Where an amount charged is marked “by my calculation”, it "
                                 "is the kWh before the change on %(effective)s at the "
                                 "previous price and the rest at the new one: the kWh your "
                                 "bill attributes to the new price where I have them, else "
                                 "the bill's kWh split by days."), **c.facts)
    return text + " " + c._(N_("The overpayments in detail:"))


def _refund_total(c: Context) -> str:
    return c._(N_("Total: %(total)s."), total=c.amount(c.refund.total))


def _barred(c: Context) -> str:
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
                "Abs. 1 BGB).") if c.rule.family == "bank" else
             N_("Please refund %(total)s by %(deadline)s to the account from which I paid or "
                "you collected the amounts, or to an account I name to you. Should you not pay "
                "in time, you are in default from the following day and owe interest at five "
                "percentage points above the base rate (§§ 286 Abs. 1, 288 Abs. 1 BGB)."))
    text = c._(msgid, total=c.amount(c.refund.total), **c.facts)
    going_on = _on_basis(
        c,
        reset=N_("Until the reset has taken effect, please charge only the previous "
                 "%(price)s of %(old)s."),
        fairness=N_("Until you have shown that the increase is fair, please charge only the "
                    "previous %(price)s of %(old)s."),
        agreed=N_("From now on please charge only the agreed %(price)s of %(old)s."))
    return text + " " + c._(going_on, **c.facts)


# --- The application to the arbitration body --------------------------------------------

def _arbitration_subject(c: Context) -> str:
    return c._(N_("Application for arbitration: %(customer)s against %(provider)s"),
               customer=c.case.customer.name, provider=c.case.provider.name)


def _arbitration_application(c: Context) -> str:
    p, cu = c.case.provider, c.case.customer
    reference = cu.customer_number or cu.contract_number
    ref = c._(N_(", customer no. %(number)s"), number=reference) if reference else ""
    text = c._(N_("I hereby apply for arbitration against %(provider)s, %(address)s%(ref)s."),
               provider=p.name, address=f"{p.street}, {p.postal_code} {p.city}", ref=ref)
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
    text = _(announced, **c.facts) + " " + _worded(c, dict(
        objection=N_("I objected by letter of %(objection)s%(proof)s."),
        rejection=N_("I rejected the change by letter of %(objection)s%(proof)s (§ 675g Abs. 2 "
                     "BGB)."),
        request=N_("By letter of %(objection)s%(proof)s I asked it for the reasons of the reset "
                   "and for confirmation of the trustee's approval.")),
        proof=_proof(c), **c.facts)
    if c.answer:
        text += " " + _(N_("The respondent answered by letter of %(answer)s.")
                        if c.first == "request" else
                        N_("The respondent maintains the increase (letter of %(answer)s)."),
                        answer=_.date(c.answer.date))
        if reset_defects(c.answer):
            text += " " + _reset_defects(c, to_body=True)
    else:
        text += " " + _(N_("The respondent has not answered it."))
    if c.terminated:
        text += " " + _(N_("It has terminated the contract as of %(ends)s (its letter reached me "
                           "on %(received)s)."), ends=_.date(c.terminated.ends),
                        received=_.date(c.terminated.date))
    if c.demanded:
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
    if c.first == "request" and not reset_defects(c.answer):
        return c._(N_("I ask you to examine whether the reset of my premium is lawful and "
                      "has taken effect, and to work towards the respondent giving me the "
                      "reasons and showing me the trustee's approval."))
    msgid = _on_basis(
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
    claimed = _last(c.case, "refund_claimed")
    if claimed is None or not c.refund.open_items:
        return ""
    due = deadline("refund", c.case, c.a, claimed.date)
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
    if complaint_applies(c.case, c.a):
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


# --- The reply to the provider's termination --------------------------------------------

def _termination_subject(c: Context) -> str:
    return c._(N_("Your termination received on %(received)s: I contest it"),
               received=c._.date(c.terminated.date))


def _termination_received(c: Context) -> str:
    return c._(N_("Your termination of our contract as of %(ends)s was delivered to me on "
                  "%(received)s."), ends=c._.date(c.terminated.ends),
               received=c._.date(c.terminated.date))


def _termination_contest(c: Context) -> str:
    check, _, limit = c.check, c._, c.rule.provider_termination
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
        if c.terminated.ends < check.earliest:
            text += " " + _(N_("In any case it did not end it before the end of %(earliest)s.")
                            if check.earliest < c.letter_date else
                            N_("In no case does it end it before the end of %(earliest)s."),
                            earliest=_.date(check.earliest))
        return text + " " + _(N_("Whether it is effective in other respects I expressly "
                                 "leave open."))
    if check.earliest < c.letter_date:
        # The earliest end has passed: the letter says the contract did not end before it,
        # and leaves open whether it ended at all (a right to terminate must be agreed).
        return _(N_("The notice period may not be shorter than %(minimum)s (%(basis)s). Your "
                    "termination did not end the contract before the end of %(earliest)s in "
                    "any case, not on %(ends)s. Whether it ended it at all, in particular "
                    "whether a right to terminate was agreed, I expressly leave open; please "
                    "send me the agreement you rely on."), minimum=_(check.minimum),
                 basis=check.basis, earliest=_.date(check.earliest),
                 ends=_.date(c.terminated.ends))
    return _(N_("The notice period may not be shorter than %(minimum)s (%(basis)s). Your "
                "termination can therefore end the contract at the end of %(earliest)s at "
                "the earliest, not on %(ends)s. Whether it is effective in other respects I "
                "expressly leave open."), minimum=_(check.minimum), basis=check.basis,
             earliest=_.date(check.earliest), ends=_.date(c.terminated.ends))


def _termination_price(c: Context) -> str:
    # Only where the contract ends at a date and the first letter kept the increase out
    # of it (not a statutory reset or a basic supplier's general prices). § 814 BGB: what
    # is paid is paid under reservation.
    if not c.check.earliest or not c.rule.consent_needed:
        return ""
    return _worded(c, dict(
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


# --- The reply to a dunning letter or threat ---------------------------------------------

_RECEIVED = {
    "dunning": N_("I have received your dunning letter of %(date)s."),
    "block": N_("I have received your letter of %(date)s, in which you threaten me with a "
                "block."),
    "cutoff": N_("I have received your letter of %(date)s, in which you threaten to have my "
                 "supply interrupted."),
}


def _demand_subject(c: Context) -> str:
    return c._(N_("Your letter of %(date)s: the claim is disputed"),
               date=c._.date(c.demanded.date))


def _demand_received(c: Context) -> str:
    text = c._(_RECEIVED[c.demanded.demand], date=c._.date(c.demanded.date))
    if c.demanded.amount:
        text += " " + c._(N_("It demands %(amount)s."), amount=c.amount(c.demanded.amount))
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
                      "%(old)s."), proof=_proof(c), **c.facts)
    return _worded(c, dict(
        objection=N_("Insofar as your claim stems from the %(increase)s as of %(effective)s, "
                     "I dispute it. I objected to the increase by letter of "
                     "%(objection)s%(proof)s: in my view it did not take effect. I owe only "
                     "the previous %(price)s of %(old)s."),
        rejection=N_("Insofar as your claim stems from the %(increase)s as of %(effective)s, "
                     "I dispute it. I rejected the change by letter of %(objection)s%(proof)s "
                     "(§ 675g Abs. 2 BGB): it did not become part of our contract. I owe only "
                     "the previous %(price)s of %(old)s.")),
        proof=_proof(c), **c.facts)


def _demand_default(c: Context) -> str:
    return c._(N_("As in my view the difference is not owed, your letter does not put me in "
                  "default for it (§ 286 Abs. 1 BGB); I therefore owe no dunning or "
                  "collection costs."))


def _demand_limits(c: Context) -> str:
    return " ".join(m.render(c._.lang) for m in demand_limits(c.case, c.a, c.demanded))


def _demand_urgent(c: Context) -> str:
    """A block may follow two weeks after a telecom provider's threat (§ 61 Abs. 4 Satz 2
    TKG): the letter asks for an answer before that day, where it can still arrive."""
    if c.demanded.demand != "block" or not c.rule.block_protection:
        return ""
    last = c.demanded.date + dt.timedelta(days=13)
    if last < c.arrival:
        return c._(N_("Please confirm at once in text form that you will not block my line "
                      "over the disputed amount."))
    return c._(N_("Please confirm at once, by %(date)s at the latest, in text form that you "
                  "will not block my line over the disputed amount."), date=c._.date(last))


# What the provider threatens to withhold, in its sector's words.
_REFRAIN = {"telecom": N_("from any block of my line"),
            "energy": N_("from any interruption of my supply")}


def _demand_request(c: Context) -> str:
    refrain = _REFRAIN.get(c.rule.family, N_("from any block or suspension of your services"))
    return c._(N_("Please itemise your claim by bills and withdraw it, as far as it stems "
                  "from the increase, in text form by %(deadline)s, and refrain from further "
                  "dunning, %(refrain)s, and from passing the disputed claim to a collection "
                  "agency or reporting it to a credit agency: it is disputed."),
               refrain=c._(refrain), **c.facts)


# --- The kinds -------------------------------------------------------------------------

# What comes next: the body, where it hears the customer; energy, for a consumer the
# supplier has not answered yet: the letter is a complaint instead, whose four weeks are
# its answer date (once the supplier has rejected it, the body hears it at once).
_NEXT_BODY = Part("arbitration", "§ 68 TKG, § 214 VVG, § 14 UKlaG, § 30 VSBG", _next_body)
_WHAT_NEXT = (Part("complaint", "§§ 111a, 111b EnWG", _complaint), _NEXT_BODY)

KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("reminder", _reminder_subject, (
        Part("facts", "§ 130 Abs. 1 BGB", _reminder_facts),
        Part("effect", "§§ 130, 311 Abs. 1 BGB", _reminder_effect),
        Part("request", "§§ 812, 814 BGB", _reminder_request),
        *_WHAT_NEXT,
    ), 10, _reminder_blocked),
    Kind("reply", _reply_subject, (
        Part("maintain", "§§ 145 ff., 311 Abs. 1 BGB", _reply_maintain),
        # then the first letter's grounds for the sector, and its termination in the
        # alternative where chosen (paragraphs.restated)
        Part("request", "§ 241 Abs. 2 BGB; §§ 812, 814 BGB", _reply_request),
        *_WHAT_NEXT,
    ), 14, _reply_blocked),
    Kind("refund", _refund_subject, (
        Part("claim", "§ 812 Abs. 1 Satz 1 Alt. 1 BGB", _refund_claim),
        Part("items", "§ 812 BGB; §§ 187 Abs. 2, 188 Abs. 2, 3 BGB", _refund_items),
        Part("total", "§ 812 BGB", _refund_total),
        Part("barred", "§§ 195, 199 BGB", _barred),
        Part("consumption", "§ 12 Abs. 2 StromGVV/GasGVV", _refund_consumption),
        Part("reservation", "§ 814 BGB", _refund_reservation),
        Part("demand", "§§ 286 Abs. 1, 288 Abs. 1 BGB", _refund_demand),
    ), 14, _refund_blocked),
    Kind("arbitration", _arbitration_subject, (
        Part("application", "§ 68 TKG, § 111b EnWG, § 214 VVG, § 14 UKlaG, § 30 VSBG",
             _arbitration_application),
        Part("facts", "", _arbitration_facts),
        Part("barred", "§§ 195, 199 BGB", _barred),
        Part("request", "§§ 307, 812, 286, 288 BGB", _arbitration_request),
        Part("scope", "§ 68 Abs. 1 TKG; § 111b Abs. 1 Satz 3 EnWG", _arbitration_scope),
        Part("assurance", "§ 30 VSBG", _arbitration_assurance),
    ), None, _arbitration_blocked),
    Kind("termination", _termination_subject, (
        Part("received", "§ 130 Abs. 1 BGB", _termination_received),
        Part("contest", "§ 206 Abs. 1 VVG; § 20 Abs. 1 StromGVV/GasGVV; § 675h Abs. 2 BGB; "
             "§ 11 Abs. 2, 3 VVG", _termination_contest),
        Part("price", "§§ 311 Abs. 1, 812, 814 BGB", _termination_price),
        Part("request", "§ 241 Abs. 2 BGB", _termination_request),
    ), 14, _termination_blocked),
    Kind("demand", _demand_subject, (
        Part("received", "", _demand_received),
        Part("dispute", "§§ 311 Abs. 1, 812 BGB", _demand_dispute),
        # then the first letter's grounds for the sector (paragraphs.restated)
        Part("default", "§ 286 Abs. 1 BGB", _demand_default),
        Part("limits", "§ 61 Abs. 4 TKG; § 41f EnWG; §§ 280, 320 BGB", _demand_limits),
        Part("urgent", "§ 61 Abs. 4 Satz 2 TKG", _demand_urgent),
        Part("request", "§ 241 Abs. 2 BGB", _demand_request),
        # Not a complaint: a block or cut-off cannot wait four weeks for an answer.
        _NEXT_BODY,
    ), 7, _demand_blocked),
)}


def blocked(kind: str, case: Case, a: Assessment, today: dt.date) -> Message | None:
    return KINDS[kind].blocked(case, a, today)


def expected(case: Case, a: Assessment, letter_date: dt.date) -> dt.date:
    """When a letter sent today by the case's way of sending arrives."""
    return dl.expected_arrival(letter_date, a.facts.delivery, a.facts.state)


def deadline(kind: str, case: Case, a: Assessment, letter_date: dt.date) -> dt.date | None:
    """The day the letter asks for an answer or a payment: its days after the letter, a
    week after its arrival at the least; a consumer's complaint to an energy supplier
    (the reminder, before the supplier has answered) four weeks from its arrival (§ 111a
    Satz 3 EnWG, §§ 187 Abs. 1, 188 Abs. 2 BGB), so that the letter names one date. Moved to a working day
    (§ 193 BGB, which also governs when default begins after a payment period, BGH III
    ZR 159/06)."""
    days = KINDS[kind].deadline_days
    if days is None:
        return None
    arrival = expected(case, a, letter_date)
    if kind in _COMPLAINTS and complaint_applies(case, a):
        day = dl.raw_end(arrival, dl.Period(weeks=4))
    else:
        day = max(letter_date + dt.timedelta(days=days), arrival + dt.timedelta(days=7))
    return dl.shift_193(day, a.facts.state)[0]


_COMPLAINTS = ("reminder",)


def answer_date(kind: str, case: Case, a: Assessment, letter_date: dt.date) -> dt.date | None:
    """The one date a letter names: its deadline, or, where a reply terminates in the
    alternative and the termination right ends before it, that right's last day (the
    termination hangs on the answer, docs/rules.md R11)."""
    day = deadline(kind, case, a, letter_date)
    last = a.termination.date if a.termination else None
    if kind == "reply" and day and case.options.terminate_fallback and last and \
            expected(case, a, letter_date) <= last < day:
        return last
    return day


def compose(kind: str, case: Case, a: Assessment, _: Writer,
            letter_date: dt.date) -> tuple[str, list[Paragraph], Body]:
    """The subject and the paragraphs of a later letter (and the arbitration body)."""
    arrival = expected(case, a, letter_date)
    c = Context(case, a, _, letter_date, arrival, answer_date(kind, case, a, letter_date),
                _objection(case), _answer(case), refund(case, letter_date), body_for(case),
                _last(case, "provider_terminates"), _last(case, "provider_demands"))
    paragraphs: list[Paragraph] = []
    for part in KINDS[kind].parts:
        text = part.text(c)
        if not text:
            continue
        items = (tuple(bill_line(_, i, case.notice.currency) for i in c.refund.open_items)
                 if kind == "refund" and part.key == "items" else ())
        paragraphs.append(Paragraph(part.key, keep_together(text), items))
        if (kind, part.key) in (("reply", "maintain"), ("refund", "claim"),
                                ("demand", "dispute")):
            grounds, fallback = restated(case, a, _, letter_date, arrival, c.deadline,
                                         withheld=kind == "demand")
            if c.first == "request":
                # A statutory reset: the ground is its defect, not the first letter's
                # requests (§ 203 Abs. 2, 5 VVG).
                grounds = [Paragraph("defects", keep_together(_reset_defects(c)))]
            paragraphs.extend(grounds)
            if fallback and kind == "reply":
                paragraphs.append(Paragraph("termination", fallback))
    return keep_together(KINDS[kind].subject(c)), paragraphs, c.body


# --- What to do next -------------------------------------------------------------------

@dataclass(frozen=True)
class NextStep:
    """The letter to write now (or None: wait), the day that matters, and why."""

    kind: str | None
    date: dt.date | None
    message: Message

    def to_dict(self, lang: str) -> dict:
        return {"letter": self.kind, "date": self.date.isoformat() if self.date else None,
                "message": self.message.render(lang)}


def _last(case: Case, kind: str) -> Event | None:
    events = case.events(kind)
    return events[-1] if events else None


def next_step(case: Case, a: Assessment, today: dt.date) -> NextStep | None:
    """After the objection: the next letter and its date (docs/rules.md section 7). None
    for a case without a history (the assessment's deadlines are the next step). A
    dunning letter or threat comes first (a block or cut-off can be days away), then a
    termination the law lets the customer contest. A letter that cannot be written
    (blocked) is never the next step: its reason is."""
    if not case.history:
        return None
    sent = _objection(case)
    if sent is None:
        return NextStep(None, None, Message(N_("Record when and how you sent your objection.")))
    demanded, answered = _last(case, "provider_demands"), _last(case, "demand_reply_sent")
    if demanded and not (answered and answered.date >= demanded.date):
        why = blocked("demand", case, a, today)
        rule = a.facts.rule
        msgid = (N_("Reply at once to the provider's letter of %(date)s: dispute the amount and "
                    "state the limits on blocking or cutting off.")
                 if rule.block_protection or rule.cutoff_protection else
                 N_("Reply at once to the provider's letter of %(date)s: dispute the amount."))
        return NextStep(None if why else "demand", today,
                        why or Message(msgid, {"date": demanded.date}))
    terminated, replied = (_last(case, "provider_terminates"),
                           _last(case, "termination_reply_sent"))
    if terminated and not (replied and replied.date >= terminated.date) \
            and termination(case, a, terminated).contest:
        return NextStep("termination", today, Message(N_(
            "Contest the provider's termination that reached you on %(date)s."),
            {"date": terminated.date}))
    body = body_for(case).name

    def arbitration(day: dt.date, message: Message) -> NextStep:
        """The application to the body, or, for a business the body does not hear, the
        court (§ 204 Abs. 1 Nr. 1, 3 BGB)."""
        if not body_hears(case):
            return NextStep(None, day, _court_route(case))
        return NextStep("arbitration", day, message)

    r = refund(case, today)
    if r.expiring and not blocked("refund", case, a, today):
        day = min(i.barred_after for i in r.expiring)
        expiring = Message(N_("Refund claims become time-barred after %(date)s. "
                              "%(limitation)s"),
                           {"date": day, "limitation": limitation_advice(case)})
        return NextStep("arbitration" if body_hears(case) else None, day, expiring)
    claimed = _last(case, "refund_claimed")
    if claimed:
        due = deadline("refund", case, a, claimed.date)
        if today > due:
            return arbitration(due, Message(N_(
                "The refund was due by %(date)s: apply to the arbitration body (%(body)s)."),
                {"date": due, "body": body}))
        return NextStep(None, due, Message(N_("The refund is due by %(date)s."),
                                           {"date": due}))
    if r.open_items and not blocked("refund", case, a, today):
        return NextStep("refund", today, Message(N_(
            "Claim the refund of %(total)s charged above the old price."),
            {"total": Amount(r.total, case.notice.currency)}))
    answer, replied = _answer(case), _last(case, "reply_sent")
    if answer and not (replied and replied.date >= answer.date):
        why = blocked("reply", case, a, today)
        return NextStep(None if why else "reply", today, why or Message(N_(
            "Reply to the provider's letter of %(date)s."), {"date": answer.date}))
    pending = replied if answer else _last(case, "reminder_sent")
    if pending:
        due = answer_date("reply" if answer else "reminder", case, a, pending.date)
        if today > due:
            return arbitration(due, Message(N_(
                "No satisfactory answer by %(date)s: apply to the arbitration body "
                "(%(body)s)."), {"date": due, "body": body}))
        return NextStep(None, due, Message(N_("Wait for the answer until %(date)s."),
                                           {"date": due}))
    due = answer_due(case, a)
    if today <= due:
        return NextStep(None, due, Message(N_("Your objection asked for an answer by %(date)s."),
                                           {"date": due}))
    return NextStep("reminder", due + dt.timedelta(days=1), Message(N_(
        "No answer by %(date)s: send the reminder."), {"date": due}))
