"""What happened next? After the objection the user records what happened (the objection
sent, the provider's answer, the bills with the higher price, the letters sent since),
and gets the next step, the refund computed and the next letter. The events live in the
draft like every answer (draft.py). Each form is read by events.py (WTForms) as the
steps' are by forms.py; its errors and the domain's are FieldErrors, which come back at
their inputs, in the page's language, with everything typed still there.
"""
from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from ..arbitration import UNVERIFIED_NOTE, body_for
from ..assess import assess
from ..case import MAX_EVENTS, Case, FieldError
from ..letters.history import body_hears, limitation_advice
from ..letters.kinds import KINDS, LATER_KINDS
from ..letters.plan import blocked, deadline, next_step
from ..letters.wording import bill_line
from ..i18n import Message, N_, Number, Writer, fmt_amount, fmt_day
from ..limits import switching, termination
from ..refund import Item, Refund, UnknownRate, interest, refund
from ..vocabulary import (DELIVERIES, DEMANDS, EVENTS, RESET_REASONS,
                          RESET_TRUSTEE, by_key)
from . import draft as drafts, events
from .cases import check, redirect_to, today, values_of
from .events import BILL_ROWS, LETTER_EVENTS
from .forms import summary
from .language import ui_lang
from .problems import notices_text

bp = Blueprint("later", __name__)


@bp.get("/next")
def next_page():
    draft = drafts.load()
    if check(values_of(draft)).case is None:
        return redirect_to("pages.check_answers")
    message = " ".join(filter(None, [
        _("Case loaded. Check what happened and get the next letter.")
        if request.args.get("loaded") else "", notices_text(draft)]))
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
    form = events.posted(action, request.form, len(history))
    if form is None:
        return _again(draft, None, [FieldError("", Message(N_("Choose what to record.")))])
    new, errors = form.read(ui_lang())
    if len(history) + len(new) > MAX_EVENTS:
        errors.append(FieldError("", Message(N_(
            "At most %(max)s events can be kept here; remove the ones the next letter does "
            "not need."), {"max": MAX_EVENTS})))
    if not errors:
        candidate = history + new
        checked = check(values_of(draft), history=candidate)
        # The domain's errors about the new events, each at the input it concerns.
        errors = [e for e in checked.errors if form.field_for(e.path) is not None]
        if not errors:
            try:
                return drafts.save(redirect_to("later.next_page", _anchor="next-step"),
                                   {**draft, "history": candidate})
            except drafts.TooLarge:
                errors = [FieldError("", Message(N_(
                    "With this, your case is more than your browser can keep between the "
                    "pages. Remove events the next letter does not need, then record it "
                    "again.")))]
    return _again(draft, form, errors)


def _again(draft: dict, form: events.Posted | None, errors: list[FieldError]):
    """The page again with every error at its input and everything typed still there."""
    listed = summary(errors, form.field_for if form else lambda path: None, ui_lang())
    return render_next(draft, errors=[(target, text) for target, _label, text in listed],
                       typed=request.form, status=422)


def render_next(draft: dict, errors: list[tuple[str, str]] | None = None, typed=None,
                status: int = 200, message: str = ""):
    values = values_of(draft)
    case: Case = check(values, history=draft["history"]).case or check(values).case
    day, lang = today(), ui_lang()
    a = assess(case, day)
    r = refund(case, day)
    writer = Writer(lang)
    currency = case.notice.currency
    letters = [(k, _(KINDS[k].label), blocked(k, case, a, day)) for k in LATER_KINDS]
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
