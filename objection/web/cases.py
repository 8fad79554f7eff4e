"""The draft as a case: what the user typed (the draft's raw values, draft.py) read and
checked by the domain, with today's date and what happened after the objection. Every
page, the downloads and "What happened next?" ask this module, so that the form, the
letter and the saved case agree.

Every POST ends in a redirect (303) to a GET page (`redirect_to`), so the browser's
back button never asks to resend a form.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask import Response, current_app, redirect, url_for

from ..case import LEGACY_PRICE, Case, CaseError, FieldError, from_dict
from ..deadlines import today_in_berlin
from ..fields import Invalid
from ..typed import typed_date
from .forms import (PRICE_ROWS, case_form, form_to_case, price_field, shown, unanswered,
                    unreadable)
from .language import ui_lang
from .steps import STEPS, step_of

# What a new case starts with: choices that are defaults of the law or of good practice,
# never facts of the notice (the sector, the period and the termination right start
# unanswered).
DEFAULTS = {
    "customer-country": "DE", "provider-country": "DE", "contract-consumer": "yes",
    **{f"notice-{price_field(row, 'unit')}": "month" for row in range(PRICE_ROWS)},
    "notice-required_form": "unknown",
    "options-wish": "object", "options-reserve_refund": "y", "options-confirmation_days": "14",
    "options-delivery": "registered_mail", "options-direct_debit": "keep",
    "letter-language": "de", "signature-mode": "handwritten",
}
# The case's fields the form shows, by section (form field names without the prefix).
_FORM_FIELDS = {section: {name.partition("-")[2] for step in STEPS for name in step.fields
                          if name.startswith(section + "-")}
                for section in ("customer", "provider", "contract", "notice", "options",
                                "letter", "signature")}
_FORM_FIELDS["notice"] |= {"objection_period",             # the period's kind and number
                           "prices", *LEGACY_PRICE.values()}  # the rows of prices
_FORM_FIELDS["options"] |= {"object", "terminate_fallback"}  # "what should the letter do"


def today() -> dt.date:
    """Today in Europe/Berlin, or the fixed day of the TODAY setting (tests, demos)."""
    fixed = current_app.config.get("TODAY")
    return dt.date.fromisoformat(fixed) if fixed else today_in_berlin()


def redirect_to(endpoint: str, **params: Any) -> Response:
    return redirect(url_for(endpoint, **params), code=303)


@dataclass
class Checked:
    """A draft checked by the domain: the form that shows it, the case when it is
    complete, and every error with the step that answers for it."""

    form: Any
    case: Case | None
    errors: list[FieldError] = field(default_factory=list)

    def for_step(self, key: str) -> list[FieldError]:
        return [e for e in self.errors if (step_of(e.path) or STEPS[0]).key == key]


def values_of(draft: dict) -> dict[str, str]:
    """The draft's answers over the defaults, the letter dated at the earliest day it
    can be sent where no day was chosen."""
    values = {**DEFAULTS, **draft["values"]}
    values.setdefault("letter-date", f"{_first_send_day(values):%d.%m.%Y}")
    return values


def _day(text: str) -> dt.date | None:
    """A typed date, or None where none can be read for sure (the step says why)."""
    try:
        return typed_date(text)
    except Invalid:
        return None


def _first_send_day(values: dict[str, str]) -> dt.date:
    """Today, or the day the notice arrived (or is dated) where that is later."""
    first = _day(values.get("notice-received", "")) or _day(values.get("notice-date", ""))
    return max(today(), first) if first else today()


def to_send(values: dict[str, str]) -> dict[str, str]:
    """The answers with the letter dated the day it will be sent (chosen on the result
    page): today at the earliest, so a draft or saved case from an earlier day is dated
    anew. (A saved day in the past stays in the draft: "What happened next?" offers it
    as the day the objection was sent.)"""
    day, first = _day(values.get("letter-date", "")), _first_send_day(values)
    if day is None or day < first:
        return {**values, "letter-date": f"{first:%d.%m.%Y}"}
    return values


def check(values: dict[str, str], signature: dict | None = None,
          history: list[dict] | None = None) -> Checked:
    """Validate what was typed: the domain's errors, what the form could not read (dates,
    amounts by the rules of the page's language, periods) and the questions the form
    must ask. Without `signature` the letter is signed by hand here: the picture is
    added only right before a download. `history`: what happened after the objection
    (the draft's events)."""
    lang = ui_lang()
    form = case_form(shown(values, lang))
    data = form_to_case(form, lang)
    data["signature"] = signature or {"mode": "handwritten"}
    if history:
        data["history"] = history
    asked = unreadable(form, lang) + unanswered(form)
    said = {e.path for e in asked}
    try:
        case, errors = from_dict(data, today()), []
    except CaseError as exc:
        case, errors = None, [e for e in exc.errors if e.path not in said]
    errors += asked
    return Checked(form, case if not errors else None, errors)


def history_of(data: dict) -> list[dict[str, str]]:
    """The events of a case brought in as JSON, as the draft keeps them (strings)."""
    events = data.get("history") if isinstance(data.get("history"), list) else []
    return [{k: str(v) for k, v in e.items() if isinstance(v, (str, int, float))
             and not isinstance(v, bool)} for e in events if isinstance(e, dict)]


def _shown(path: str) -> bool:
    section, _, name = path.partition(".")
    return name.partition(".")[0] in _FORM_FIELDS.get(section, ())


def unshown(data: dict) -> list[FieldError]:
    """What is wrong with a case brought in as JSON (a saved file, a page's hidden case)
    that no field of the form can show: unknown or misplaced fields, wrong sections."""
    try:
        from_dict(data, today())
    except CaseError as exc:
        return [e for e in exc.errors if not _shown(e.path)]
    return []
