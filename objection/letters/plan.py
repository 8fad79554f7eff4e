"""What may be written now, which day it carries, and what comes next (docs/rules.md
section 7). The command line, the API and the pages all ask here: `plan()` for one
letter (why it cannot be written yet, or the day it carries), `next_step()` for the
letter to write next after the objection.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..arbitration import body_for
from ..assess import Assessment
from ..case import Case
from ..i18n import Amount, Message, N_
from ..limits import termination
from ..refund import refund
from . import dates, history
from .kinds import KINDS
from .preconditions import terminated_only


# --- When a letter can be written ------------------------------------------------------

# The refund claim, the reply and the reminder each ask by a day (their Kind's dates).
_ASKS_BY = "the letter asks for an answer or a payment by a day"


def blocked(kind: str, case: Case, a: Assessment, today: dt.date) -> Message | None:
    """Why the letter `kind` cannot be written on `today` (None: it can): the kind's own
    check (parts.Kind.blocked)."""
    return KINDS[kind].blocked(case, a, today)


def deadline(kind: str, case: Case, a: Assessment, letter_date: dt.date) -> dt.date | None:
    """The one date a letter of `kind` dated `letter_date` names: the day it asks for an
    answer or a payment (parts.Kind.dates)."""
    return KINDS[kind].dates(case, a, letter_date)[1]


@dataclass(frozen=True)
class Plan:
    """One letter as it may be written now: the day it carries, or why not yet."""

    kind: str
    date: dt.date
    blocked: Message | None


def plan(kind: str, case: Case, a: Assessment) -> Plan:
    """The letter `kind` on the assessment's day: the objection carries the case's
    letter date, a later letter that day."""
    return Plan(kind, KINDS[kind].letter_date(case, a), blocked(kind, case, a, a.today))


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


def next_step(case: Case, a: Assessment, today: dt.date) -> NextStep | None:
    """After the objection: the next letter and its date (docs/rules.md section 7). None
    for a case without a history (the assessment's deadlines are the next step). A
    dunning letter or threat comes first (a block or cut-off can be days away), then a
    termination the law lets the customer contest. A letter that cannot be written
    (blocked) is never the next step: its reason is."""
    if not case.history:
        return None
    why = terminated_only(case)
    if why:
        return NextStep(None, None, why)
    sent = history.objection(case)
    if sent is None:
        return NextStep(None, None, Message(N_("Record when and how you sent your objection.")))
    demanded, answered = (history.last(case, "provider_demands"),
                          history.last(case, "demand_reply_sent"))
    if demanded and not (answered and history.day(answered) >= history.day(demanded)):
        why = blocked("demand", case, a, today)
        rule = a.facts.rule
        msgid = (N_("Reply at once to the provider's letter of %(date)s: dispute the amount and "
                    "state the limits on blocking or cutting off.")
                 if rule.block_protection or rule.cutoff_protection else
                 N_("Reply at once to the provider's letter of %(date)s: dispute the amount."))
        return NextStep(None if why else "demand", today,
                        why or Message(msgid, {"date": demanded.date}))
    terminated, replied = (history.last(case, "provider_terminates"),
                           history.last(case, "termination_reply_sent"))
    if terminated and not (replied and history.day(replied) >= history.day(terminated)) \
            and termination(case, a, terminated).contest:
        return NextStep("termination", today, Message(N_(
            "Contest the provider's termination that reached you on %(date)s."),
            {"date": terminated.date}))
    body = body_for(case).name

    def arbitration(day: dt.date, message: Message) -> NextStep:
        """The application to the body, or, for a business the body does not hear, the
        court (§ 204 Abs. 1 Nr. 1, 3 BGB)."""
        if not history.body_hears(case):
            return NextStep(None, day, history.court_route(case))
        return NextStep("arbitration", day, message)

    r = refund(case, today)
    if r.expiring and not blocked("refund", case, a, today):
        day = min(i.barred_after for i in r.expiring)
        expiring = Message(N_("Refund claims become time-barred after %(date)s. "
                              "%(limitation)s"),
                           {"date": day, "limitation": history.limitation_advice(case)})
        return NextStep("arbitration" if history.body_hears(case) else None, day, expiring)
    claimed = history.last(case, "refund_claimed")
    if claimed:
        due = deadline("refund", case, a, history.day(claimed))
        assert due is not None, _ASKS_BY
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
    answer, replied = history.answer(case), history.last(case, "reply_sent")
    if answer and not (replied and history.day(replied) >= history.day(answer)):
        why = blocked("reply", case, a, today)
        return NextStep(None if why else "reply", today, why or Message(N_(
            "Reply to the provider's letter of %(date)s."), {"date": answer.date}))
    pending = replied if answer else history.last(case, "reminder_sent")
    if pending:
        due = deadline("reply" if answer else "reminder", case, a, history.day(pending))
        assert due is not None, _ASKS_BY
        if today > due:
            return arbitration(due, Message(N_(
                "No satisfactory answer by %(date)s: apply to the arbitration body "
                "(%(body)s)."), {"date": due, "body": body}))
        return NextStep(None, due, Message(N_("Wait for the answer until %(date)s."),
                                           {"date": due}))
    due = dates.answer_due(case, a)
    assert due is not None, dates.ANSWER_DUE
    if today <= due:
        return NextStep(None, due, Message(N_("Your objection asked for an answer by %(date)s."),
                                           {"date": due}))
    return NextStep("reminder", due + dt.timedelta(days=1), Message(N_(
        "No answer by %(date)s: send the reminder."), {"date": due}))
