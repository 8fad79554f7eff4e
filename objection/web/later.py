"""What happened next? After the objection the user records what happened (the objection
sent, the provider's answer, the bills with the higher price, the letters sent since),
and gets the next step, the refund computed and the next letter. The events live in the
draft like every answer (draft.py); invalid input comes back with its message at its
field and everything typed still there.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from ..arbitration import UNVERIFIED_NOTE, body_for
from ..assess import assess
from ..case import MAX_EVENTS, Case, FieldError
from ..fields import Invalid
from ..letters.history import body_hears, limitation_advice
from ..letters.plan import LATER_KINDS, blocked, deadline, next_step
from ..letters.wording import bill_line
from ..i18n import Message, Number, Writer, fmt_amount, fmt_day
from ..limits import switching, termination
from ..refund import Item, Refund, UnknownRate, interest, refund
from ..typed import CURRENCY, KWH, plain_amount, typed_amount, typed_date
from ..vocabulary import (DELIVERIES, DEMANDS, EVENTS, LETTER_KINDS, RESET_REASONS,
                          RESET_TRUSTEE, by_key)
from . import draft as drafts
from .app import ui_lang
from .views import _problem, check, redirect_to, today, values_of

bp = Blueprint("later", __name__)

BILL_ROWS = 3
LETTER_EVENTS = ("reminder_sent", "reply_sent", "refund_claimed", "arbitration_filed",
                 "termination_reply_sent", "demand_reply_sent")
# The page's inputs for each field of an event.
_INPUT = {"date": "date", "delivery": "delivery", "tracking": "tracking",
          "period_from": "from", "period_to": "to", "charged": "charged", "kwh": "kwh",
          "kwh_new": "kwh-new", "paid": "paid", "ends": "ends", "demand": "demand",
          "amount": "amount", "reasons": "reasons", "trustee": "trustee"}


@dataclass(frozen=True)
class Entry:
    """One form's input: the event it makes and the prefix of its inputs' ids."""

    event: dict[str, str]
    prefix: str


@bp.get("/next")
def next_page():
    draft = drafts.load()
    if check(values_of(draft)).case is None:
        return redirect_to("pages.check_answers")
    message = " ".join(filter(None, [
        _("Case loaded. Check what happened and get the next letter.")
        if request.args.get("loaded") else "", _problem(draft)]))
    return render_next(draft, message=message)


@bp.post("/next")
def record():
    draft = drafts.load()
    if check(values_of(draft)).case is None:
        return redirect_to("pages.check_answers")
    action = request.form.get("action", "")
    history = list(draft["history"])
    if action.startswith("remove-") and action[7:].isdigit():
        index = int(action[7:])
        if index < len(history):
            del history[index]
        return drafts.save(redirect_to("later.next_page"), {**draft, "history": history})
    entries, errors = _entries(action)
    if not entries and not errors:
        errors = [(_first_input(action), _("Fill in at least one line."))]
    if len(history) + len(entries) > MAX_EVENTS:
        errors.append(("", _("At most %(max)s events can be kept here; remove the ones the "
                             "next letter does not need.", max=MAX_EVENTS)))
    if not errors:
        candidate = history + [e.event for e in entries]
        checked = check(values_of(draft), history=candidate)
        errors = _tied(checked.errors, entries, len(history))
        if not errors:
            try:
                return drafts.save(redirect_to("later.next_page", _anchor="next-step"),
                                   {**draft, "history": candidate})
            except drafts.TooLarge:
                errors = [("", _("With this, your case is more than your browser can keep "
                                 "between the pages. Remove events the next letter does not "
                                 "need, then record it again."))]
    return render_next(draft, errors=errors, typed=request.form, status=422)


def _first_input(action: str) -> str:
    return {"bills": "bill-0-date", "answer": "answer-date", "letter": "letter-date",
            "termination": "termination-date", "demand": "demand-date"}.get(action,
                                                                            "sent-date")


def _entries(action: str) -> tuple[list[Entry], list[tuple[str, str]]]:
    """The events a form posted; dates and amounts are typed as people write them (the
    amounts by the rules of the page's language), and kept as the case JSON writes them."""
    form, errors, lang = request.form, [], ui_lang()

    def date(name: str, required: bool = True) -> str:
        raw = form.get(name, "").strip()
        if required and not raw:
            errors.append((name, _("Enter the date.")))
        try:
            return typed_date(raw).isoformat() if raw else ""
        except Invalid as exc:
            errors.append((name, exc.message.render(lang)))
            return ""

    def amount(name: str, units: tuple[str, ...] = CURRENCY) -> str:
        raw = form.get(name, "").strip()
        try:
            return plain_amount(typed_amount(raw, lang, units)) if raw else ""
        except Invalid as exc:
            errors.append((name, exc.message.render(lang)))
            return ""

    if action == "objection":
        event = {"type": "objection_sent", "date": date("sent-date"),
                 "delivery": form.get("sent-delivery", ""),
                 "tracking": form.get("sent-tracking", "").strip()}
        return [Entry(event, "sent")], errors
    if action == "answer":
        # A private health insurer's answer: whether it gives the reasons and shows the
        # trustee's approval (the only grounds against a statutory reset).
        event = {"type": "provider_insists", "date": date("answer-date"),
                 "reasons": form.get("answer-reasons", ""),
                 "trustee": form.get("answer-trustee", "")}
        return [Entry({k: v for k, v in event.items() if v != ""}, "answer")], errors
    if action == "termination":
        event = {"type": "provider_terminates", "date": date("termination-date"),
                 "ends": date("termination-ends")}
        return [Entry(event, "termination")], errors
    if action == "demand":
        event = {"type": "provider_demands", "date": date("demand-date"),
                 "demand": form.get("demand-demand", ""),
                 "amount": amount("demand-amount")}
        return [Entry({k: v for k, v in event.items() if v != ""}, "demand")], errors
    if action == "letter":
        kind = form.get("letter-event", "")
        if kind not in LETTER_EVENTS:
            errors.append(("letter-event", _("Choose which letter you sent.")))
        return [Entry({"type": kind, "date": date("letter-date")}, "letter")], errors
    if action == "bills":
        entries = []
        for row in range(BILL_ROWS):
            prefix = f"bill-{row}"
            if not any(form.get(f"{prefix}-{k}", "").strip()
                       for k in ("date", "from", "to", "charged", "kwh", "kwh-new", "paid")):
                continue
            event = {"type": "bill", "date": date(f"{prefix}-date"),
                     "period_from": date(f"{prefix}-from"), "period_to": date(f"{prefix}-to"),
                     "charged": amount(f"{prefix}-charged"),
                     "kwh": amount(f"{prefix}-kwh", KWH),
                     "kwh_new": amount(f"{prefix}-kwh-new", KWH),
                     "paid": date(f"{prefix}-paid", required=False)}
            entries.append(Entry({k: v for k, v in event.items() if v != ""}, prefix))
        return entries, errors
    return [], [("", _("Choose what to record."))]


def _tied(errors: list[FieldError], entries: list[Entry], first: int) -> list[tuple[str, str]]:
    """The domain's errors about the new events, each tied to the input it concerns."""
    lang, tied = ui_lang(), []
    for error in errors:
        parts = error.path.split(".")
        if parts[0] != "history" or len(parts) < 2 or not parts[1].isdigit():
            continue
        index = int(parts[1]) - first
        if 0 <= index < len(entries):
            field = _INPUT.get(parts[2], "date") if len(parts) > 2 else "date"
            tied.append((f"{entries[index].prefix}-{field}", error.render(lang)))
    return tied


def render_next(draft: dict, errors: list[tuple[str, str]] | None = None, typed=None,
                status: int = 200, message: str = ""):
    values = values_of(draft)
    case: Case = check(values, history=draft["history"]).case or check(values).case
    day, lang = today(), ui_lang()
    a = assess(case, day)
    r = refund(case, day)
    writer = Writer(lang)
    currency = case.notice.currency
    letters = [(k.key, _(k.label), blocked(k.key, case, a, day)) for k in LETTER_KINDS
               if k.key in LATER_KINDS]
    step = next_step(case, a, day)
    owed_interest = _interest(case, a, r, day, lang)
    body = body_for(case)
    body_note = "" if body.address_verified else Message(UNVERIFIED_NOTE, {
        "date": body.checked, "web": body.web}).render(lang)
    if body.minimum and r.items and r.total < body.minimum:
        body_note = " ".join(filter(None, [body_note, _(
            "It may refuse a dispute worth less than %(minimum)s (%(basis)s): your claim so "
            "far is %(total)s.", minimum=fmt_amount(body.minimum, currency, lang),
            basis=body.minimum_basis, total=fmt_amount(r.total, currency, lang))]))
    terminated = case.events("provider_terminates")
    ending = termination(case, a, terminated[-1]) if terminated else None
    return render_template(
        "next.html", case=case, ending=ending and {
            "reason": ending.reason.render(lang),
            "facts": [m.render(lang) for m in switching(case, a)]},
        demands=[(d.key, _(d.label)) for d in DEMANDS],
        # A private health insurer's answer: the only grounds against a statutory reset.
        reset_questions=a.facts.rule.first_letter == "request" and {
            "reasons": [(c.key, _(c.label)) for c in RESET_REASONS],
            "trustee": [(c.key, _(c.label)) for c in RESET_TRUSTEE]},
        limitation=limitation_advice(case).render(lang), body_hears=body_hears(case),
        step=step and {
            "text": step.message.render(lang), "date": fmt_day(step.date, lang) if step.date
            else "", "letter": step.kind},
        history=[(i, _(by_key(EVENTS, e.type).label), fmt_day(e.date, lang),
                  _details(e, lang, currency)) for i, e in enumerate(case.history)],
        sent=bool(case.events("objection_sent")),
        items=[(bill_line(writer, item, currency), item in r.barred, _paid_hint(item, r))
               for item in r.items],
        total=fmt_amount(r.total, currency, lang) if r.items else "",
        expiring=[fmt_day(i.barred_after, lang) for i in r.expiring],
        barred=fmt_amount(r.barred_total, currency, lang) if r.barred else "",
        letters=[(key, label, why.render(lang) if why else "") for key, label, why in letters],
        deliveries=[(d.key, _(d.label)) for d in DELIVERIES], letter_events=[
            (key, _(by_key(EVENTS, key).label)) for key in LETTER_EVENTS],
        bill_rows=range(BILL_ROWS), per_kwh=case.notice.per_kwh,
        errors=errors or [], error_for=dict(errors or []), typed=typed or {},
        default_sent=f"{case.letter.date or day:%d.%m.%Y}",
        body=body, body_note=body_note, owed_interest=owed_interest,
        case_json=json.dumps(case.to_dict(), ensure_ascii=False), message=message), status


def _paid_hint(item: Item, r: Refund) -> str:
    """For a bill from December that is time-barred or about to be, counted from its
    date: a payment in January would give it another year (§ 199(1) BGB)."""
    if not item.paid_at_year_end_unknown or (item not in r.barred and item not in r.expiring):
        return ""
    return _("Dated in December: if you paid it only in %(year)s, the claim becomes "
             "time-barred a year later. Remove the bill and record it again with the day "
             "you paid it.", year=item.bill.date.year + 1)


def _interest(case: Case, a, r, day, lang: str) -> str:
    """Once a claimed refund is overdue: the default interest so far (§§ 286, 288 BGB),
    or, where a half-year's base rate is not known yet, that it runs and from when."""
    claimed = case.events("refund_claimed")
    if not claimed or not r.total:
        return ""
    due = deadline("refund", case, a, claimed[-1].date)
    if day <= due:
        return ""
    first = due + dt.timedelta(days=1)
    try:
        amount = interest(r.total, first, day)
    except UnknownRate as exc:
        return _("Default interest runs from %(date)s at five percentage points above the "
                 "base rate (§§ 286, 288 BGB); the base rate from %(half)s is not known "
                 "here yet, so no amount is computed.", date=fmt_day(first, lang),
                 half=fmt_day(exc.half_year, lang))
    return _("Default interest from %(date)s to today: %(amount)s (five percentage points "
             "above the base rate, §§ 286, 288 BGB).", date=fmt_day(first, lang),
             amount=fmt_amount(amount, case.notice.currency, lang))


def _details(event, lang: str, currency: str) -> str:
    if event.type == "objection_sent":
        delivery = by_key(DELIVERIES, event.delivery) if event.delivery else None
        # Deutsche Post's own term where there is one ("Einwurf-Einschreiben").
        how = ("" if delivery is None else _(delivery.note) if delivery.note and
               not delivery.contact else _(delivery.label))
        return ", ".join(filter(None, [how, event.tracking]))
    if event.type == "provider_terminates":
        return _("ends on %(date)s", date=fmt_day(event.ends, lang))
    if event.type == "provider_demands":
        return ", ".join(filter(None, [_(by_key(DEMANDS, event.demand).label),
                                       fmt_amount(event.amount, currency, lang)
                                       if event.amount is not None else ""]))
    if event.type == "provider_insists":
        return ", ".join(_(by_key(table, key).label) for table, key in (
            (RESET_REASONS, event.reasons), (RESET_TRUSTEE, event.trustee)) if key)
    if event.type == "bill":
        period = f"{fmt_day(event.period_from, lang)} – {fmt_day(event.period_to, lang)}"
        charged = (fmt_amount(event.charged, currency, lang) if event.charged is not None
                   else "")
        kwh = (_("%(kwh)s kWh", kwh=Number(event.kwh).render(lang))
               if event.kwh is not None else "")
        kwh_new = (_("%(kwh)s kWh at the new price", kwh=Number(event.kwh_new).render(lang))
                   if event.kwh_new is not None else "")
        paid = _("paid on %(date)s", date=fmt_day(event.paid, lang)) if event.paid else ""
        return ", ".join(filter(None, [period, charged, kwh, kwh_new, paid]))
    return ""
