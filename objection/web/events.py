"""The forms of "What happened next?" (WTForms): one per kind of event the user records
(the objection sent, the provider's answer, a termination, a demand, a letter sent
since, the bills). As on the steps (forms.py), dates and amounts are read as people
type them (objection.typed, amounts by the rules of the page's language) and kept as
the case JSON writes them; the domain validates the events. Every error, the form's and
the domain's, is a FieldError at the event's path (`history.3.period_to`), which
`Posted.field_for` maps back to the input that shows it.

The page's template draws the inputs itself (their ids are the forms' field names:
"bill-0-from"); what was typed comes back from the request.
"""
from __future__ import annotations

from typing import Any
from collections.abc import Mapping

from wtforms import Form, StringField
from wtforms.fields import Field

from ..case import FieldError
from ..fields import Invalid
from ..i18n import Message, N_
from ..typed import CURRENCY, KWH, plain_amount, typed_amount, typed_date

BILL_ROWS = 3
# The letters a user may record as sent since the objection.
LETTER_EVENTS = ("reminder_sent", "reply_sent", "refund_claimed", "arbitration_filed",
                 "termination_reply_sent", "demand_reply_sent")


class Text(StringField):
    """A line of text, kept without the spaces around it."""

    def read(self, lang: str) -> str:
        return (self.data or "").strip()


class Choice(StringField):
    """One of the page's choices, kept as chosen (the domain checks the key)."""

    def read(self, lang: str) -> str:
        return self.data or ""


class Day(StringField):
    """A date as people type it, kept as ISO; `required`: an empty one is asked for."""

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.required = required

    def read(self, lang: str) -> str:
        raw = (self.data or "").strip()
        if not raw:
            if self.required:
                raise Invalid(N_("Enter the date."))
            return ""
        return typed_date(raw).isoformat()


class Amount(StringField):
    """An amount (of money, or of kWh) by the rules of the page's language, kept as the
    case JSON writes it."""

    def __init__(self, *args: Any, units: tuple[str, ...] = CURRENCY, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.units = units

    def read(self, lang: str) -> str:
        raw = (self.data or "").strip()
        return plain_amount(typed_amount(raw, lang, self.units)) if raw else ""


class EventForm(Form):
    """One event's inputs; the fields are named as the event's keys in the case JSON."""

    EVENT = ""                  # the event's type
    SPARSE = False              # optional keys left out where nothing was typed

    def event_type(self) -> str:
        return self.EVENT

    def filled(self) -> bool:
        return True

    def read(self, index: int, lang: str) -> tuple[dict[str, str], list[FieldError]]:
        """The event as the case JSON writes it (at `index` of the history), and what
        of it cannot be read."""
        event, errors = {"type": self.event_type()}, []
        for key in self.data:
            try:
                event[key] = self[key].read(lang)
            except Invalid as exc:
                errors.append(FieldError(f"history.{index}.{key}", exc.message))
                event[key] = ""
        if self.SPARSE:
            event = {k: v for k, v in event.items() if v != ""}
        return event, errors


class SentForm(EventForm):
    EVENT = "objection_sent"
    date = Day()
    delivery = Choice()
    tracking = Text()


class AnswerForm(EventForm):
    """A private health insurer's answer: whether it gives the reasons and shows the
    trustee's approval (the only grounds against a statutory reset)."""

    EVENT, SPARSE = "provider_insists", True
    date = Day()
    reasons = Choice()
    trustee = Choice()


class TerminationForm(EventForm):
    EVENT = "provider_terminates"
    date = Day()
    ends = Day()


class DemandForm(EventForm):
    EVENT, SPARSE = "provider_demands", True
    date = Day()
    demand = Choice()
    amount = Amount()


class LetterSentForm(EventForm):
    """A letter sent since the objection: its kind is the event's type."""

    type = Choice(name="event")
    date = Day()

    def event_type(self) -> str:
        return self.type.data or ""

    def read(self, index: int, lang: str) -> tuple[dict[str, str], list[FieldError]]:
        event, errors = super().read(index, lang)
        if event["type"] not in LETTER_EVENTS:
            errors.insert(0, FieldError(f"history.{index}.type",
                                        Message(N_("Choose which letter you sent."))))
        return event, errors


class BillForm(EventForm):
    """A bill or debit that charged the higher price; a row left empty records none."""

    EVENT, SPARSE = "bill", True
    date = Day()
    period_from = Day(name="from")
    period_to = Day(name="to")
    charged = Amount()
    kwh = Amount(units=KWH)
    kwh_new = Amount(name="kwh-new", units=KWH)
    paid = Day(required=False)

    def filled(self) -> bool:
        return any((field.data or "").strip() for field in self)


# The forms each action of the page posts, by the prefix of their inputs.
FORMS: dict[str, tuple[tuple[type[EventForm], str], ...]] = {
    "objection": ((SentForm, "sent"),),
    "answer": ((AnswerForm, "answer"),),
    "termination": ((TerminationForm, "termination"),),
    "demand": ((DemandForm, "demand"),),
    "letter": ((LetterSentForm, "letter"),),
    "bills": tuple((BillForm, f"bill-{row}") for row in range(BILL_ROWS)),
}


class Posted:
    """The events one action of the page posted, to follow a history of `first`
    events: the forms filled in (`entries`) and every error tied to its input."""

    def __init__(self, action: str, formdata: Mapping[str, Any], first: int):
        self.forms = [form(formdata, prefix=prefix) for form, prefix in FORMS[action]]
        self.entries = [form for form in self.forms if form.filled()]
        self.first = first

    def read(self, lang: str) -> tuple[list[dict[str, str]], list[FieldError]]:
        """The new events, and what of them cannot be read; nothing filled in is asked
        for at the first input."""
        events, errors = [], []
        for offset, form in enumerate(self.entries):
            event, problems = form.read(self.first + offset, lang)
            events.append(event)
            errors += problems
        if not self.entries:
            errors.append(FieldError(f"history.{self.first}.date",
                                     Message(N_("Fill in at least one line."))))
        return events, errors

    def field_for(self, path: str) -> Field | None:
        """The input that shows the error at `path` (history.<index>.<key>) about one of
        the new events; an event's error without a key of its own at its date."""
        parts = path.split(".")
        if parts[0] != "history" or len(parts) < 2 or not parts[1].isdigit():
            return None
        index = int(parts[1]) - self.first
        forms = self.entries or self.forms[:1]
        if not 0 <= index < len(forms):
            return None
        form = forms[index]
        key = parts[2] if len(parts) > 2 else "date"
        return form[key] if key in form.data else form["date"]


def posted(action: str, formdata: Mapping[str, Any], first: int) -> Posted | None:
    """The forms of `action` ("objection", "bills", ...), or None for an unknown one."""
    return Posted(action, formdata, first) if action in FORMS else None
