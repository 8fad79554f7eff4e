"""The dates a letter sets, and when the letters the customer sent arrived: the answer
date of the objection (a week after its arrival at the least, moved off a Sunday or
holiday as § 193 BGB would, and no later than the last day of the termination right a
fallback termination uses, docs/rules.md R11, R15a), the deadline of a later letter, and
the four weeks an energy supplier has for a complaint (§ 111a Satz 3 EnWG, §§ 187
Abs. 1, 188 Abs. 2 BGB). ics, the pages and the letters all take them from here.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .. import deadlines as dl
from ..assess import Assessment
from ..case import Case, Event
from ..vocabulary import DELIVERIES, by_key
from . import history


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


def confirmation_date(case: Case, a: Assessment, letter_date: dt.date) -> dt.date:
    """The day the letter asks the provider to answer by (also a calendar reminder)."""
    arrival = max(a.expected_arrival or letter_date, letter_date)
    return confirm_by(case, a, letter_date, arrival)


def arrival_of(case: Case, a: Assessment, sent: Event) -> dt.date:
    """When a letter the customer sent can be expected to have arrived: by the way it was
    sent, where the event records it, else the case's (docs/rules.md R8)."""
    delivery = by_key(DELIVERIES, sent.delivery) if sent.delivery else a.facts.delivery
    return dl.expected_arrival(history.day(sent), delivery, a.facts.state)


# Where the history records the objection sent, the day it asked an answer by is known.
ANSWER_DUE = "a recorded objection has its answer date"


def answer_due(case: Case, a: Assessment) -> dt.date | None:
    """The day the objection, sent on the day recorded, asked the provider to answer by."""
    sent = history.objection(case)
    return confirm_by(case, a, history.day(sent), arrival_of(case, a, sent)) if sent else None


def complaint_window_end(case: Case, a: Assessment) -> dt.date | None:
    """The last day of the four weeks the supplier has to remedy the complaint that the
    objection was (§ 111a Satz 3 EnWG), counted from its expected arrival (§§ 187
    Abs. 1, 188 Abs. 2 BGB): the arbitration body hears it from the day after."""
    sent = history.objection(case)
    if sent is None or not history.complaint_applies(case, a):
        return None
    return dl.raw_end(arrival_of(case, a, sent), dl.Period(weeks=4))


def expected(case: Case, a: Assessment, letter_date: dt.date) -> dt.date:
    """When a letter sent today by the case's way of sending arrives."""
    return dl.expected_arrival(letter_date, a.facts.delivery, a.facts.state)


# --- The dates each kind sets (parts.Kind.dates) ------------------------------------------

def objection_dates(case: Case, a: Assessment, letter_date: dt.date) -> tuple[dt.date, dt.date]:
    """The objection arrives as the assessment expects, never before its own date, and
    asks for an answer by `confirm_by`."""
    arrival = max(a.expected_arrival or letter_date, letter_date)
    return arrival, confirm_by(case, a, letter_date, arrival)


def later(days: int | None, complaint: bool = False, fallback: bool = False
          ) -> Callable[[Case, Assessment, dt.date], tuple[dt.date, dt.date | None]]:
    """The dates of a later letter that asks for an answer or a payment `days` after its
    date, a week after its arrival at the least (None: it sets no date). `complaint`: a
    consumer's complaint to an energy supplier (the reminder, before the supplier has
    answered) has four weeks from its arrival instead (§ 111a Satz 3 EnWG, §§ 187 Abs. 1,
    188 Abs. 2 BGB), so that the letter names one date. Moved to a working day (§ 193
    BGB, which also governs when default begins after a payment period, BGH III ZR
    159/06). `fallback`: where the letter terminates in the alternative and the
    termination right ends before that day, its last day (the termination hangs on the
    answer, docs/rules.md R11)."""
    def dates(case: Case, a: Assessment, letter_date: dt.date) -> tuple[dt.date, dt.date | None]:
        arrival = expected(case, a, letter_date)
        if days is None:
            return arrival, None
        if complaint and history.complaint_applies(case, a):
            day = dl.raw_end(arrival, dl.Period(weeks=4))
        else:
            day = max(letter_date + dt.timedelta(days=days), arrival + dt.timedelta(days=7))
        day = dl.shift_193(day, a.facts.state)[0]
        last = a.termination.date if a.termination else None
        if fallback and case.options.terminate_fallback and last and arrival <= last < day:
            return arrival, last
        return arrival, day
    return dates
