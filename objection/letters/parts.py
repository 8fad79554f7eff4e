"""What every letter is made of: one `Context` that every paragraph reads, a `Part` (a
paragraph with the law behind it) and a `Kind` (a letter: its subject, its parts in
order, the dates it sets, when it can be written). Each kind is declared in a module of
its own under objection/letters/kinds/ (objection.py, reminder.py, ...), which finds
them; content.compose() writes any of them the same way.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from collections.abc import Callable, Sequence

from ..arbitration import Body, body_for
from ..assess import Assessment
from ..case import Case, Event
from ..i18n import Message, N_, Writer, fmt_amount
from ..limits import Termination, termination
from ..refund import Refund, refund
from ..rules import Ruling, SectorRule
from . import history
from .wording import changes, cite, price_terms, prices


@dataclass(frozen=True)
class Paragraph:
    key: str            # what it does: objection, continuation, reservation, ...
    text: str
    items: tuple[str, ...] = ()     # a list after the text (a refund's bills)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    detail: str = ""
    basis: str = ""         # the statutes behind it (the "why")


@dataclass(frozen=True)
class Context:
    """What every paragraph of every letter needs: the case, its assessment, the writer,
    the letter's date, when it arrives and the day it asks for an answer or a payment;
    the provider's letters it answers are read from the case's history."""

    case: Case
    a: Assessment
    _: Writer
    letter_date: dt.date
    arrival: dt.date          # when this letter can be expected to arrive
    deadline: dt.date | None  # the day it asks for an answer or a payment
    withheld: bool = False    # a reply to a demand for the difference the customer withholds

    @property
    def rule(self) -> SectorRule:
        return self.a.facts.rule

    @property
    def first(self) -> str:
        """What the first letter was: objection, rejection or request."""
        return self.rule.first_letter

    @property
    def business(self) -> bool:
        return not self.case.contract.consumer

    @property
    def terms(self) -> dict[str, Message]:
        return price_terms(self.rule)

    @property
    def old(self) -> str:
        return prices(self._, self.case, "old")

    @cached_property
    def objection(self) -> Event:
        """The objection as sent: only the letters after it read this, and plan.py offers
        them only once the history records it."""
        sent = history.objection(self.case)
        assert sent is not None, "a later letter follows the objection sent"
        return sent

    @cached_property
    def answer(self) -> Event | None:
        """The provider's latest letter insisting on the increase."""
        return history.answer(self.case)

    @cached_property
    def terminated(self) -> Event | None:
        """The provider's latest termination."""
        return history.last(self.case, "provider_terminates")

    @cached_property
    def demanded(self) -> Event | None:
        """The provider's latest dunning letter or threat."""
        return history.last(self.case, "provider_demands")

    @cached_property
    def refund(self) -> Refund:
        return refund(self.case, self.letter_date)

    @cached_property
    def body(self) -> Body:
        return body_for(self.case)

    @property
    def check(self) -> Termination:
        """The provider's termination against the law's limits: only the reply to it asks,
        which plan.py offers only once the history records one."""
        assert self.terminated is not None, "the termination reply answers a termination"
        return termination(self.case, self.a, self.terminated)

    @cached_property
    def facts(self) -> dict:
        """The facts most paragraphs of a later letter name, formatted for the letter."""
        _, n = self._, self.case.notice
        return dict(notice=_.date(n.date), effective=_.date(n.effective),
                    objection=_.date(self.objection.date),
                    old=prices(_, self.case, "old"), new=prices(_, self.case, "new"),
                    changes=changes(_, self.case),
                    deadline=_.date(self.deadline) if self.deadline else "",
                    body=self.body.name, **self.terms)

    def amount(self, value: Decimal) -> str:
        return fmt_amount(value, self.case.notice.currency, self._.lang)

    def rulings(self, rulings: tuple[Ruling, ...], prefix: str = N_("cf. %(rulings)s")) -> str:
        return cite(self._, self.letter_date, rulings, prefix)


# A part's text: one paragraph, "" for none, or several as (key, text) pairs.
Text = str | Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Part:
    """A paragraph: what it does, the law behind it, and its text ("" leaves it out);
    `items`: a list after the text (a refund's bills)."""

    key: str
    basis: str
    text: Callable[[Context], Text]
    items: Callable[[Context], tuple[str, ...]] | None = None


# The dates a kind sets for a letter of a given date: (arrival, deadline).
Dates = Callable[[Case, Assessment, dt.date], tuple[dt.date, dt.date | None]]
# Why a letter cannot be written on a day (None: it can).
Blocked = Callable[[Case, Assessment, dt.date], Message | None]


def never_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    """The objection can always be written: the assessment says by when."""
    return None


@dataclass(frozen=True)
class Kind:
    """A letter: its subject, its parts in order, what it refers to in the reference
    block, and the dates it sets (when it arrives, the day it asks an answer by); its
    name where it is offered and its download's file name (msgids, in the language of
    the page), its place among the letters, and why it cannot be written yet."""

    key: str
    subject: Callable[[Context], str]
    parts: tuple[Part, ...]
    references: Callable[[Context], list[Row]]
    dates: Dates
    label: str
    filename: str
    position: int                  # where the kind is listed: the objection first
    blocked: Blocked = never_blocked
    # The objection is dated as the case says (the day the customer sends it); a later
    # letter is dated the day it is written.
    dated_by_case: bool = False
    recipient: Callable[[Context], list[str]] | None = None   # else the provider
    post_only: bool = False        # no fax or e-mail note (not the provider's channels)
    withheld: bool = False         # answers a demand for the withheld difference

    def letter_date(self, case: Case, a: Assessment, today: dt.date | None = None) -> dt.date:
        """The day the letter carries: the case's letter date for the objection, else
        `today` (default: the assessment's day)."""
        return (case.letter.date if self.dated_by_case else None) or today or a.today

    def context(self, case: Case, a: Assessment, _: Writer, letter_date: dt.date) -> Context:
        arrival, deadline = self.dates(case, a, letter_date)
        return Context(case, a, _, letter_date, arrival, deadline, self.withheld)
