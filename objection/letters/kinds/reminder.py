"""The reminder: no answer by the day the objection asked for one (docs/rules.md
section 7, item 1).
"""
from __future__ import annotations

import datetime as dt

from ...assess import Assessment
from ...case import Case
from ...i18n import Message, N_
from .. import dates, history
from ..preconditions import needs_objection
from ..parts import Context, Kind, Part
from ..shared import WHAT_NEXT, later_references
from ..wording import provider_letters, proof, worded


def _reminder_subject(c: Context) -> str:
    text = worded(c, dict(
        objection=N_("Reminder: my objection of %(objection)s to the %(increase)s as of "
                     "%(effective)s"),
        rejection=N_("Reminder: my rejection of %(objection)s of the %(increase)s as of "
                     "%(effective)s"),
        request=N_("Reminder: my letter of %(objection)s on the reset of my premium as of "
                   "%(effective)s")), **c.facts)
    if history.complaint_applies(c.case, c.a):
        text += " – " + c._(N_("consumer complaint under § 111a EnWG"))
    return text


def _reminder_facts(c: Context) -> str:
    text = worded(c, dict(
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
        proof=proof(c), due=c._.date(dates.answer_due(c.case, c.a)), **c.facts)
    return text + " " + provider_letters(c)


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
    return worded(c, dict(
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


def _reminder_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    why = needs_objection(case)
    if why:
        return why
    due = dates.answer_due(case, a)
    assert due is not None, dates.ANSWER_DUE
    if history.answer(case):
        return Message(N_("The provider has answered: reply to its letter instead."))
    if today <= due:
        return Message(N_("Your objection asked for an answer by %(date)s: a reminder makes "
                          "sense from the day after."), {"date": due})
    return None


KIND = Kind("reminder", _reminder_subject, (
    Part("facts", "§ 130 Abs. 1 BGB", _reminder_facts),
    Part("effect", "§§ 130, 311 Abs. 1 BGB", _reminder_effect),
    Part("request", "§§ 812, 814 BGB", _reminder_request),
    *WHAT_NEXT,
), later_references, dates.later(10, complaint=True),
    label=N_("Reminder: no answer to my objection"), filename=N_("reminder.pdf"), position=1,
    blocked=_reminder_blocked)
