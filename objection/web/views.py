"""Pages: the start, the steps, check your answers, the result with the downloads, and
the small static pages.

Every step is a GET page that shows the draft (draft.py); every POST ends in a redirect
(303) to a GET page, so the browser's back button never asks to resend a form, and an
error comes back as the same step with the errors. The signature picture is added on
the result page and leaves with the download; nothing is stored on the server.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field, replace
from typing import Any

from flask import (Blueprint, Response, abort, current_app, make_response, redirect,
                   render_template, request, send_file, url_for)
from flask_babel import gettext as _

from ..assess import Assessment, assess, send_day_problem
from ..case import (LEGACY_PRICE, MAX_EVENTS, SECTIONS, Case, CaseError, FieldError, Price,
                    Signature, from_dict, parse_json)
from ..deadlines import parse_period, today_in_berlin
from ..explain import explain, period_text, why
from ..fields import Invalid
from ..i18n import LANGUAGES, Message, N_, Number, fmt_date, fmt_day, render_value
from ..ics import reminder_ics
from ..letters.content import compose
from ..letters.dates import confirmation_date
from ..letters.plan import plan
from ..letters.signing import advance_copy_available, text_form_enough
from ..pdf import render_pdf, render_records
from ..postcodes import REGIONS
from ..prices import fmt_price
from ..reader import MAX_BYTES, ReaderError, Reading
from ..letters.records import compose_records
from ..rules import HOUSEHOLD_LIMIT_KWH, TEXT_FORM_CUTOFF
from ..signature import SignatureError, clean_signature, compact, encode_png
from ..typed import UNREADABLE_DATE, period_words, typed_amount, typed_date
from ..vocabulary import DELIVERIES, LETTER_KINDS, STATE_NAMES, by_key, keys, letter_file
from . import capacity, draft as drafts, reading as readings
from .app import ui_lang
from .forms import (HEALTH_WISH_CHOICES, PRICE_ROWS, case_form, case_to_form_data,
                    draft_values, kept, field_for, form_to_case, max_length,
                    period_fits_form, price_field, price_rows, shown, period_typed,
                    unanswered, unreadable)
from .steps import KEYS, STEPS, CHECKBOXES, neighbours, step as find_step, step_of

bp = Blueprint("pages", __name__)
# The case's fields the form shows, by section (form field names without the prefix).
_FORM_FIELDS = {section: {name.partition("-")[2] for step in STEPS for name in step.fields
                          if name.startswith(section + "-")}
                for section in ("customer", "provider", "contract", "notice", "options",
                                "letter", "signature")}
_FORM_FIELDS["notice"] |= {"objection_period",             # the period's kind and number
                           "prices", *LEGACY_PRICE.values()}  # the rows of prices
_FORM_FIELDS["options"] |= {"object", "terminate_fallback"}  # "what should the letter do"

MAX_UPLOAD = 512 * 1024
MAX_PASTE = 200_000         # characters of pasted notice text (the reader reads no more)
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


def today() -> dt.date:
    """Today in Europe/Berlin, or the fixed day of the TODAY setting (tests, demos)."""
    fixed = current_app.config.get("TODAY")
    return dt.date.fromisoformat(fixed) if fixed else today_in_berlin()


# --- The draft as a case ------------------------------------------------------------------

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


def redirect_to(endpoint: str, **params) -> Response:
    return redirect(url_for(endpoint, **params), code=303)


# --- Start -------------------------------------------------------------------------------

def render_start(message: str = "", status: int = 200, read_error: tuple[str, str] | None = None,
                 pasted: str = ""):
    """The start page; `read_error` is (field id, message) for the notice reader's form,
    `pasted` the text the user had pasted there. The page carries the file limit and its
    refusal, so that static/app.js refuses a larger file before it is sent."""
    return render_template("start.html", message=message, read_error=read_error,
                           pasted=pasted, max_text=MAX_PASTE, max_bytes=MAX_BYTES,
                           max_mb=MAX_BYTES // 1_000_000,
                           too_large=file_too_large().render(ui_lang())), status


def file_too_large() -> ReaderError:
    """The notice's file is over the limit: the page says so before the upload (with
    JavaScript) and the server after it, in the same words and with a way forward."""
    return ReaderError("too_large", N_(
        "The file is larger than %(max)s MB. Take a smaller photo (a lower resolution in "
        "the camera's settings is still sharp enough to read), or paste the text of the "
        "notice below instead."), max=MAX_BYTES // 1_000_000)


@bp.get("/")
def index():
    return render_start(_problem(drafts.load()))


def _problem(draft: dict) -> str:
    """The notices a redirect left in the draft, in the language of this page."""
    lang = ui_lang()
    return " ".join(Message(n["msgid"], {k: v.get(lang, "") if isinstance(v, dict) else v
                                         for k, v in (n.get("params") or {}).items()}
                            ).render(lang) for n in draft.get("notices") or [])


def _notice(message) -> dict:
    """A Message (or a Plural), kept in the draft for the next page: its parameters (a
    date, a period in words) written in every language, as that page may be in another."""
    if hasattr(message, "msgid"):
        return {"msgid": message.msgid, "params": {
            k: {lang: str(render_value(v, lang)) for lang in LANGUAGES}
            for k, v in message.params.items()}}
    return {"msgid": message.plural if message.n != 1 else message.singular,
            "params": {"num": message.n}}


def _shown(path: str) -> bool:
    section, _, name = path.partition(".")
    return name.partition(".")[0] in _FORM_FIELDS.get(section, ())


def _unshown(data: dict) -> list[dict]:
    """What is wrong with a case brought in as JSON (a saved file, a page's hidden case)
    that no field of the form can show: unknown or misplaced fields, wrong sections."""
    try:
        from_dict(data, today())
    except CaseError as exc:
        return [_notice(Message(N_("%(field)s: %(problem)s"), {
            "field": e.path or "case", "problem": e.message.render(ui_lang())}))
            for e in exc.errors if not _shown(e.path)]
    return []


@bp.post("/start-over")
def start_over():
    return drafts.clear(redirect_to("pages.index"))


@bp.post("/load")
def load():
    """Continue with a saved case.json: it lands on "check your answers"."""
    upload = request.files.get("case_file")
    raw = upload.read(MAX_UPLOAD + 1) if upload else b""
    try:
        if not raw or len(raw) > MAX_UPLOAD:
            raise ValueError
        data = parse_json(raw)
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        return render_start(_("That file is not a saved case (case.json). Choose the file "
                              "you downloaded from the result page."), status=422)
    history = history_of(data)
    if len(history) > MAX_EVENTS:
        return render_start(_("This saved case records %(num)s events after the objection; "
                              "at most %(max)s can be kept. Remove the ones the next letter "
                              "does not need, then load it again.",
                              num=len(history), max=MAX_EVENTS), status=422)
    values = {**DEFAULTS, **case_to_form_data(data)}
    period = (data.get("notice") or {}).get("objection_period") \
        if isinstance(data.get("notice"), dict) else None
    notices = _unshown(data)
    if not period_fits_form(period):
        words = period_text(parse_period(str(period)))       # "1 month, 15 days"
        notices.append(_notice(Message(N_(
            "The saved case gives the objection period as %(period)s, which this form cannot "
            "show exactly. It now counts the whole months only, which ends earlier: check "
            "the period against the notice."), {"period": words})))
    response = redirect_to("later.next_page" if history else "pages.check_answers", loaded=1)
    try:
        return drafts.save(response, {**drafts.empty(), "values": values,
                                      "notices": notices, "history": history})
    except drafts.TooLarge:
        return render_start(_("This saved case holds more than your browser can keep "
                              "between the pages. Shorten its longest texts or remove events "
                              "the next letter does not need, then load it again."),
                            status=422)


def history_of(data: dict) -> list[dict[str, str]]:
    """The events of a case brought in as JSON, as the draft keeps them (strings)."""
    events = data.get("history") if isinstance(data.get("history"), list) else []
    return [{k: str(v) for k, v in e.items() if isinstance(v, (str, int, float))
             and not isinstance(v, bool)} for e in events if isinstance(e, dict)]


@bp.post("/read")
def read_notice():
    """Read the provider's notice (a file, or pasted text) in memory, fill a new draft
    with what it states and mark each answer, then go to the first step to check them.
    The file is dropped with the request."""
    upload = request.files.get("notice_file")
    pasted = request.form.get("notice_text", "")
    field_id = "notice_file" if upload and upload.filename else "notice_text"
    try:
        reading = _reading(upload, pasted)
    except capacity.Busy:
        page, status = render_start(read_error=(field_id, _(
            "Many notices are being read right now. Please try again in a minute, or "
            "paste the notice's text instead.")), status=503, pasted=pasted[:MAX_PASTE])
        return page, status, {"Retry-After": str(capacity.RETRY_AFTER)}
    except ReaderError as exc:
        return render_start(read_error=(field_id, exc.render(ui_lang())), status=422,
                            pasted=pasted[:MAX_PASTE])
    values = readings.values(reading, DEFAULTS)
    draft = {**drafts.empty(), "values": values, "read": readings.marks(reading, values),
             "read_notes": readings.notes(reading)}
    return drafts.save(redirect_to("pages.step_page", key=KEYS[0]), draft)


def _reading(upload, pasted: str) -> Reading:
    if upload and upload.filename:
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:       # within the body's limit, but over the file's
            raise file_too_large()
        reading = capacity.read_file(data, upload.filename)
    elif pasted.strip():
        if len(pasted) > MAX_PASTE:
            raise ReaderError("too_long", N_("The pasted text is longer than %(max)s "
                                             "characters: paste the notice only."),
                              max=MAX_PASTE)
        reading = capacity.read_text(pasted)
    else:
        raise ReaderError("nothing", N_("Choose the notice's file, or paste its text."))
    if not reading.evidence:
        raise ReaderError("nothing_found", N_(
            "Nothing of a price-change notice was found in it. Check that it is the "
            "provider's notice, or answer the questions yourself."))
    return reading


# --- The steps ---------------------------------------------------------------------------

@bp.get("/step/<key>")
def step_page(key: str):
    step = find_step(key) or abort(404)
    draft = drafts.load()
    values = values_of(draft)
    checked = check(values)
    errors = checked.for_step(key) if draft.get("errors_for") == key else []
    read = readings.unchanged(draft, values)
    _mark_read(step, checked.form, read)
    notes = [n.get(ui_lang(), "") for n in draft["read_notes"]] if key == KEYS[0] else []
    return render_step(step, checked.form, errors, draft["signature"], read=len(read),
                       concluded=sum(len(mark) > 1 for mark in read.values()),
                       read_notes=notes, message=_problem(draft)), (422 if errors else 200)


def _mark_read(step, form, read: dict[str, list]) -> None:
    """Tie "read from your notice" and its snippet to each field still as read (or why
    a value was concluded from what the notice does not say); a snippet already shown
    on the field before is not repeated."""
    shown = None
    for name in step.fields:
        if name in read:
            section, _, key = name.partition("-")
            target = getattr(getattr(form, section).form, key)
            snippet, *why = read[name]
            target.read_from = snippet if snippet != shown else ""
            target.concluded = why[0].get(ui_lang(), "") if why else ""
            shown = snippet


def render_step(step, form, errors: list[FieldError], kept_signature: str, **context):
    order = {name: i for i, name in enumerate(step.fields)}
    summary = sorted(_summary(form, errors), key=lambda item: order.get(item[0], len(order)))
    sector = form.contract.form.sector.data
    if sector == "health_insurance":
        form.options.form.wish.choices = HEALTH_WISH_CHOICES
    previous, following = neighbours(step.key)
    return render_template(
        f"steps/{step.key}.html", step=step, steps=STEPS, number=KEYS.index(step.key) + 1,
        kept_signature=kept_signature,
        form=form, summary=summary, previous=previous, following=following,
        return_to=request.values.get("return", ""), sector=sector, limit=_limit,
        price_rows=PRICE_ROWS, price_field=price_field,
        regions=json.dumps(REGIONS),
        state_names=json.dumps({s.key: _(s.label) for s in STATE_NAMES}, ensure_ascii=False),
        # The sector rules' thresholds, where a step's hints name them.
        household_kwh=Number(HOUSEHOLD_LIMIT_KWH).render(ui_lang()),
        text_form_cutoff=fmt_date(TEXT_FORM_CUTOFF, ui_lang()), **context)


def _limit(section: str, name: str) -> int | None:
    """The domain's length limit for a text field, shown before submitting."""
    return max_length(Price if section == "price" else SECTIONS[section]().__class__, name)


def _summary(form, errors: list[FieldError]) -> list[tuple[str, str, str]]:
    """Every error tied to its field, and listed at the top with a link to it."""
    summary = []
    lang = ui_lang()
    for error in errors:
        text = error.render(lang)
        target = field_for(form, error.path)
        if target is not None:
            target.errors = list(target.errors) + [text]
            summary.append((target.id, str(target.label.text), text))
        else:
            summary.append(("", "", text))
    return summary


@bp.post("/step/<key>")
def step_submit(key: str):
    step = find_step(key) or abort(404)
    draft = drafts.load()
    values = values_of(draft)
    for name in step.fields:
        if name in request.form or name in CHECKBOXES:
            values[name] = request.form.get(name, "")
    values = kept(values, ui_lang())
    action = request.form.get("action", "continue")
    return_to = request.form.get("return", "")
    # The notice that the draft was lost goes on to the next page; others were shown.
    draft = {**draft, "values": values, "errors_for": None,
             "notices": draft["notices"] if draft.get("lost") else []}
    if key == "sending":
        try:
            draft["signature"] = _kept_signature(draft, values)
        except SignatureError as exc:
            # A file cannot be kept for the next try; everything else typed is there.
            error = FieldError("signature.image", Message(exc.msgid, exc.params))
            return render_step(step, check(values).form, [error], draft["signature"]), 422
    previous, following = neighbours(key)
    if action.startswith("lang-") and action[5:] in LANGUAGES:
        # The language switch keeps what was typed, unchecked.
        response = redirect_to("pages.step_page", key=key, lang=action[5:],
                               **({"return": return_to} if return_to else {}))
    elif action == "back":
        response = (redirect_to("pages.step_page", key=previous) if previous
                    else redirect_to("pages.index"))
    elif check(values).for_step(key):
        draft["errors_for"] = key
        response = redirect_to("pages.step_page", key=key,
                               **({"return": return_to} if return_to else {}))
    elif return_to == "check" or not following:
        response = redirect_to("pages.check_answers")
    else:
        response = redirect_to("pages.step_page", key=following)
    try:
        return drafts.save(response, draft)
    except drafts.TooLarge:
        # Nothing is kept, so everything typed comes back here, with each field's error.
        checked = check(values)
        errors = [*checked.for_step(key), FieldError("", Message(N_(
            "Your answers are too long to be kept between the pages (they travel encrypted "
            "in your browser's cookies). Shorten the longest ones: each field shows its "
            "limit.")))]
        return render_step(step, checked.form, errors, draft["signature"]), 422


def _kept_signature(draft: dict, values: dict[str, str]) -> str:
    """The signature picture the step "Signature and sending" keeps: an uploaded file,
    else the pad's drawing (its field also carries the picture kept so far, and is
    emptied by "Clear"); none when the letter is signed by hand."""
    if values.get("signature-mode") != "image":
        return ""
    upload = request.files.get("signature_upload")
    if upload and upload.filename:
        return compact(encode_png(upload.read(MAX_UPLOAD + 1)))
    drawn = request.form.get("signature-image", draft["signature"]).strip()
    if drawn == draft["signature"]:
        return drawn                    # kept as it was: already checked and made small
    return compact(clean_signature(drawn)) if drawn else ""


# --- Check your answers --------------------------------------------------------------------

@bp.get("/check")
def check_answers():
    draft = drafts.load()
    if not draft["values"]:
        return redirect_to("pages.step_page", key=KEYS[0])
    values = values_of(draft)
    checked = check(values)
    read = readings.unchanged(draft, values)
    lang = ui_lang()
    groups = []
    for step in STEPS:
        problems = [e.render(lang) for e in checked.for_step(step.key)]
        groups.append((step, _answers(checked.form, step, read), problems))
    message = _problem(draft)
    if request.args.get("loaded"):
        message = " ".join(filter(None, [_("Case loaded. Check your answers."), message]))
    return render_template("check.html", groups=groups, complete=checked.case is not None,
                           message=message)


def _answers(form, step, read: dict[str, str]) -> list[tuple[str, str, str, bool]]:
    """(field id, label, answer as shown, read from the notice) for what the step
    asked."""
    rows = []
    shown = set()
    for name in step.fields:
        section, _, key = name.partition("-")
        target = getattr(getattr(form, section).form, key)
        if name in shown or target.type == "HiddenField":
            continue
        shown.add(name)
        if name in ("notice-period_number", "notice-period_date"):
            continue                            # shown with the period's kind
        if name.startswith("notice-price_"):
            if name == "notice-price_0_old":    # the rows of prices, each on its own
                rows += _price_answers(form.notice.form, read)
            continue
        answer = _answer(form, target, name)
        if answer is None:
            continue
        rows.append((target.id, str(target.label.text), answer, name in read))
    return rows


def _price_answers(notice, read: dict[str, str]) -> list[tuple[str, str, str, bool]]:
    """One answer per price filled in: its name, and 'from 28,76 ct/kWh to 31,20 ct/kWh'
    as the page's language writes prices (what cannot be read, as typed)."""
    lang, rows = ui_lang(), []
    for row in price_rows(notice):
        def part(name: str):
            return getattr(notice, price_field(row, name))
        unit = part("unit").data or "month"
        old, new = (_price_shown(part(name).data or "", unit, lang) for name in ("old", "new"))
        rows.append((part("old").id, part("name").data or _("Price"),
                     _("from %(old)s to %(new)s", old=old, new=new),
                     # read: both amounts still as the notice stated them
                     all(f"notice-{price_field(row, name)}" in read for name in ("old", "new"))))
    return rows


def _price_shown(typed: str, unit: str, lang: str) -> str:
    try:
        return fmt_price(typed_amount(typed, lang), unit, "EUR", lang)
    except (Invalid, KeyError):     # unreadable, or a unit no choice offers
        return typed or "—"


def _answer(form, target, name: str) -> str | None:
    notice, sector = form.notice.form, form.contract.form.sector.data
    if name in ("notice-period_kind", "notice-required_form") and sector == "health_insurance":
        return None                             # not asked: a reset states neither
    if name == "customer-iban" and not (sector == "bank" and form.options.form.wish.data
                                        in ("both", "terminate")):
        return None
    if name == "options-reserve_refund" and form.options.form.wish.data == "terminate" or \
            name == "options-direct_debit" and sector == "bank":
        return None
    if name == "notice-period_kind":
        kind = notice.period_kind.data
        if kind == "date":
            return notice.period_date.data or ""
        if kind in ("none", None, ""):
            return _choice_label(target, kind)
        try:        # in words, however typed: "4 weeks", "1 month"
            return period_words(period_typed(notice), ui_lang())
        except Invalid:
            return f"{notice.period_number.data or ''} {_choice_label(target, kind)}".strip()
    if name in ("contract-commodity", "contract-basic_supply") and sector != "energy":
        return None
    if name == "contract-annual_consumption_kwh" and not (
            sector == "energy" and form.contract.form.consumer.data == "no"):
        return None
    if target.type == "BooleanField":
        return _("Yes") if target.data else _("No")
    if target.type in ("RadioField", "SelectField"):
        return _choice_label(target, target.data)
    return target.data or "—"


def _choice_label(target, value) -> str:
    for choice in target.choices:
        key, label = (choice.value, choice.label) if hasattr(choice, "value") else choice[:2]
        if key == value:
            return str(label)
    return str(value or "—")


# --- The result --------------------------------------------------------------------------

@bp.get("/result")
def result():
    draft = drafts.load()
    if check(values_of(draft)).case is None:
        return redirect_to("pages.check_answers")
    return render_result(draft)


@bp.post("/result/date")
def send_date():
    """The day the user will send the letter: the letter is dated that day, and every
    date it names follows from it."""
    draft = drafts.load()
    values = values_of(draft)
    case = check(values).case
    if case is None:
        return redirect_to("pages.check_answers")
    raw = request.form.get("letter-date", "").strip()
    problem = _send_day_problem(case, raw)
    if problem:
        return render_result(draft, send_error=problem, typed=raw), 422
    day = typed_date(raw)
    return drafts.save(redirect_to("pages.result", _anchor="send-day"),
                       {**draft, "values": {**draft["values"], "letter-date": f"{day:%d.%m.%Y}"}})


def _send_day_problem(case: Case, raw: str) -> str | None:
    """What is wrong with the typed day to send, in the page's language, or None."""
    try:
        day = typed_date(raw)
    except Invalid as exc:          # an ambiguous date is asked as everywhere
        if exc.message.msgid != UNREADABLE_DATE:
            return exc.message.render(ui_lang())
        return _("Enter a real date as day, month and year, for example %(example)s.",
                 example=f"{today():%d.%m.%Y}")
    problem = send_day_problem(assess(case, today()), day)
    return problem.render(ui_lang()) if problem else None


def render_result(draft: dict, send_error: str | None = None, typed: str | None = None):
    """The result page; with `send_error`, the day to send that was typed (`typed`) and
    why it cannot be used, everything else as it was."""
    sent = _sent(draft)
    # A letter sent is dated the day it was sent; one to send, the day chosen here.
    values = values_of(draft)
    values = {**values, "letter-date": f"{sent.date:%d.%m.%Y}"} if sent else to_send(values)
    case = check(values).case
    # The saved case keeps what happened after the objection, where that is valid.
    later = check(values, history=draft["history"]).case if draft["history"] else None
    a = assess(case, today())
    lang = ui_lang()
    mode = values["signature-mode"]
    return render_template(
        "result.html", case=case, a=a, rows=_rows(a, lang), steps=_todo(case, a, lang, mode),
        letter=compose(case, a),
        warnings=[(w.severity, w.code, w.message.render(lang)) for w in a.warnings
                  if not (sent and w.code in SENDING_WARNINGS)],
        deadline=fmt_day(a.deadline.date, lang) if a.deadline else None,
        send_by=fmt_day(a.send_by.date, lang) if a.send_by else None,
        case_json=json.dumps((later or case).to_dict(), ensure_ascii=False),
        signature_mode=mode, kept=draft["signature"],
        send_day=typed if typed is not None else _short_date(case.letter.date),
        send_error=send_error,
        # Sent on the day chosen, unless that is still to come: then today at the latest.
        sent_default=_short_date(min(case.letter.date or today(), today())),
        sent=sent and {"date": fmt_day(sent.date, lang),
                       "how": _(by_key(DELIVERIES, sent.delivery or case.options.delivery).label)},
        deliveries=[(d.key, _(d.label)) for d in DELIVERIES], error_for={}, typed={},
        send_hint=_send_hint(a, lang),
        advance_copy=mode == "image" and not text_form_enough(case),
        problem=_problem(draft), prices=_prices_shown(case, lang),
        state=_(by_key(STATE_NAMES, case.letter.state).label))


def _prices_shown(case: Case, lang: str) -> list[str]:
    """Each price the notice changes, as the page's language writes prices."""
    n = case.notice
    return [_("%(name)s: from %(old)s to %(new)s", name=p.name or _("Price"),
              old=fmt_price(p.old, p.unit, n.currency, lang),
              new=fmt_price(p.new, p.unit, n.currency, lang)) for p in n.prices]


# What the warnings say about sending in time: past once the letter was sent.
SENDING_WARNINGS = ("deadline_passed", "deadline_soon", "send_by_passed",
                    "receipt_risky_near_deadline")


def _sent(draft: dict):
    """The objection's sending as the draft records it (valid), or None."""
    if not draft["history"]:
        return None
    later = check(values_of(draft), history=draft["history"]).case
    sent = later.events("objection_sent") if later else ()
    return sent[0] if sent else None


def _send_hint(a: Assessment, lang: str) -> str:
    if a.send_by and a.send_by.date > a.today:
        return _("Today or a later day up to %(date)s. The letter is dated that day, and "
                 "the day it asks for an answer is counted from its arrival.",
                 date=fmt_day(a.send_by.date, lang))
    return _("The letter is dated that day, and the day it asks for an answer is counted "
             "from its arrival.")


def _short_date(day: dt.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def _rows(a: Assessment, lang: str) -> list[dict]:
    return [{"key": row.key, "label": _(row.label), "date": fmt_day(row.dated.date, lang),
             "chain": explain(row.dated, lang, statutes=False), "why": why(row.dated, lang)}
            for row in a.rows()]


def _todo(case: Case, a: Assessment, lang: str, mode: str) -> list[str]:
    """What to do, in order: print, sign, send, keep the proof, and what comes next."""
    delivery = by_key(DELIVERIES, case.options.delivery)
    todo = [_("Download the letter and print it.")]
    if mode == "image" and not text_form_enough(case):
        todo.append(_("Sign the printed letter by hand in ink: written form may be demanded, "
                      "and a picture of a signature is only a copy. Send the advance copy "
                      "with your signature picture by fax or e-mail."))
    elif mode == "image":
        todo.append(_("Your signature picture signs the letter: text form is enough here."))
    else:
        todo.append(_("Sign it by hand in ink above your name."))
    day = fmt_day(case.letter.date or today(), lang)
    if a.send_by and a.send_by.date > (case.letter.date or today()):
        todo.append(_("Send it as %(how)s on %(day)s, the day it is dated (%(date)s at the "
                      "latest).", how=_(delivery.label), day=day,
                      date=fmt_day(a.send_by.date, lang)))
    else:
        todo.append(_("Send it as %(how)s on %(day)s, the day it is dated.",
                      how=_(delivery.label), day=day))
    todo.append(_(delivery.proof))
    answer_by = confirmation_date(case, a, case.letter.date or today())
    todo.append(_("Your letter asks for an answer by %(date)s. If none comes, send a "
                  "reminder.", date=fmt_day(answer_by, lang)))
    records = compose_records(case, a, lang)
    todo.extend(next(items for title, items in records.sections
                     if title == _("What happens next"))[:1])
    return todo


# --- Downloads ----------------------------------------------------------------------------

def case_for_download() -> Case:
    """The case of the result page (its hidden JSON), with the signature picture drawn or
    uploaded right there; or, from a client that posts the form's fields, those. When
    something is missing the request ends back where it can be fixed."""
    if "case" in request.form:
        try:
            data = parse_json(request.form["case"])
        except ValueError:
            data = None
        if not isinstance(data, dict):
            abort(redirect_to("pages.check_answers"))
        signature = _signature_from_request(data)
        data = _dated(data)
        try:
            return from_dict({**data, "signature": signature}, today())
        except CaseError as exc:
            return _back_with(exc.errors, data)
    checked = check(request.form.to_dict(), _signature_from_request({}))
    if checked.case is None:
        abort(drafts.save(redirect_to("pages.check_answers"), {**drafts.empty(), "values": kept(
            {**DEFAULTS, **draft_values(request.form)}, ui_lang())}))
    return checked.case


def _dated(data: dict) -> dict:
    """The case dated the day to send typed beside the downloads, so that the letter,
    the calendar and the saved case agree with what the field shows; a day that cannot
    be used comes back to the result page with its reason and as it was typed."""
    raw = request.form.get("letter-date", "").strip()
    if "letter-date" not in request.form:
        return data
    letter = data.get("letter") if isinstance(data.get("letter"), dict) else {}
    try:
        case = from_dict({**data, "signature": {"mode": "handwritten"}}, today())
    except CaseError:
        return data                     # the case's own errors are shown as before
    problem = _send_day_problem(case, raw)
    if problem:
        draft = drafts.load()
        if check(values_of(draft)).case is None:
            abort(redirect_to("pages.check_answers"))
        abort(make_response(render_result(draft, send_error=problem, typed=raw), 422))
    return {**data, "letter": {**letter, "date": typed_date(raw).isoformat()}}


def _signature_from_request(data: dict) -> dict:
    """The signature of a download: by hand, or the picture uploaded (a PNG or JPEG
    file, re-encoded), drawn on the page (a data URI) or kept from the step "Signature
    and sending". Without a picture the letter has a line to sign by hand: a picture
    never holds up the letter to post, and the advance copy, which needs one, asks for
    it."""
    saved = data.get("signature") if isinstance(data.get("signature"), dict) else {}
    mode = request.form.get("signature-mode") or saved.get("mode") or "handwritten"
    if mode != "image":
        return {"mode": "handwritten"}
    upload = request.files.get("signature_upload")
    if upload and upload.filename:
        try:
            return {"mode": "image", "image": encode_png(upload.read(MAX_UPLOAD + 1))}
        except SignatureError as exc:
            abort(drafts.save(redirect_to("pages.result", _anchor="signature-image"),
                              {**drafts.load(),
                               "notices": [_notice(Message(exc.msgid, exc.params))]}))
    image = (request.form.get("signature-image") or drafts.load()["signature"]
             or saved.get("image") or "")
    return {"mode": "image", "image": image} if image else {"mode": "handwritten"}


def _back_with(errors: list[FieldError], data: dict) -> Case:
    """A download that cannot be made: a missing signature picture goes back to the
    result page, anything else to the answers."""
    if all(e.path.startswith("signature") for e in errors):
        abort(drafts.save(redirect_to("pages.result", _anchor="signature-image"),
                          {**drafts.load(), "notices": [_notice(errors[0].message)]}))
    abort(drafts.save(redirect_to("pages.check_answers"),
                      {**drafts.empty(), "values": {**DEFAULTS, **case_to_form_data(data)},
                       "notices": _unshown(data), "history": history_of(data)}))


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                         download_name=filename, etag=False, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/letter.pdf")
def letter_pdf():
    """The objection, or with `letter_type` a later letter (dated today)."""
    case = case_for_download()
    translation = request.form.get("translation")
    lang = translation if translation in LANGUAGES else None
    kind = request.form.get("letter_type", "objection")
    kind = kind if kind in keys(LETTER_KINDS) else "objection"
    day = today()
    a = assess(case, day)
    writable = plan(kind, case, a)
    why = writable.blocked
    if why:
        abort(drafts.save(redirect_to("later.next_page"),
                          {**drafts.load(), "notices": [_notice(why)]}))
    data = render_pdf(case, a, lang=lang, records=request.form.get("records") == "1",
                      records_lang=ui_lang(), today=writable.date,
                      kind=kind)
    return _download(data, "application/pdf", letter_file(
        kind, ui_lang(), translation=lang not in (None, case.letter.language)))


@bp.post("/advance-copy.pdf")
def advance_copy_pdf():
    case = case_for_download()
    if not advance_copy_available(case):
        return _back_with([FieldError("signature.image", Message(
            N_("Add a signature image, or choose to sign by hand.")))], case.to_dict())
    data = render_pdf(case, assess(case, today()), records=False, advance_copy=True)
    return _download(data, "application/pdf", _("objection-advance-copy.pdf"))


@bp.post("/records.pdf")
def records_pdf():
    case = case_for_download()
    data = render_records(case, assess(case, today()), ui_lang())
    return _download(data, "application/pdf", _("records.pdf"))


@bp.post("/reminder.ics")
def reminder():
    case = case_for_download()
    return _download(reminder_ics(case, assess(case, today()), ui_lang(), today=today()),
                     "text/calendar", _("objection-deadline.ics"))


@bp.post("/case.json")
def case_json():
    case = case_for_download()
    # The saved case never holds the signature picture: a file that may be passed on
    # should not carry it. Loaded again, the letter is signed by hand until a picture
    # is added on the step "Signature and sending".
    body = json.dumps(replace(case, signature=Signature()).to_dict(), ensure_ascii=False,
                      indent=1).encode("utf-8")
    return _download(body, "application/json", _("objection-case.json"))


@bp.post("/review")
def review():
    """The first version's single form (or a case carried as JSON): its answers become
    the draft, and the flow goes on at the result, or where something is missing."""
    notices = []
    if "case" in request.form:
        try:
            data = parse_json(request.form["case"])
        except ValueError:
            data = {}
        data = data if isinstance(data, dict) else {}
        values = {**DEFAULTS, **case_to_form_data(data)}
        notices = _unshown(data)
    else:
        values = kept({**DEFAULTS, **draft_values(request.form)}, ui_lang())
    checked = check(values)
    done = checked.case and not notices
    response = redirect_to("pages.result" if done else "pages.check_answers")
    return drafts.save(response, {**drafts.empty(), "values": values, "notices": notices})


# --- Small pages ---------------------------------------------------------------------------

@bp.get("/about")
def about():
    return render_template("about.html")


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
