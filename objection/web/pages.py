"""Pages: the start, the steps, check your answers, the result, and the small static
pages. Cases are brought in by intake.py, letters and files leave by downloads.py.

Every step is a GET page that shows the draft (draft.py); every POST ends in a redirect
(303) to a GET page, so the browser's back button never asks to resend a form, and an
error comes back as the same step with the errors. The signature picture is added on
the result page and leaves with the download; nothing is stored on the server.
"""
from __future__ import annotations

import json

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from ..case import SECTIONS, FieldError, Price
from ..i18n import LANGUAGES, Message, N_, Number, fmt_date
from ..postcodes import REGIONS
from ..rules import HOUSEHOLD_LIMIT_KWH, TEXT_FORM_CUTOFF
from ..signature import (MAX_BYTES as MAX_SIGNATURE, SignatureError, clean_signature,
                         compact, encode_png)
from ..typed import typed_date
from ..vocabulary import STATE_NAMES
from . import directory, draft as drafts, reading as readings
from .answers import answers
from .cases import check, redirect_to, values_of
from .forms import (HEALTH_WISH_CHOICES, PRICE_ROWS, field_for, kept, max_length,
                    price_field, summary)
from .language import ui_lang
from .problems import notices_text
from .result import render_result, send_day_problem_text
from .start import render_start
from .steps import CHECKBOXES, KEYS, STEPS, Step, neighbours, step as find_step

bp = Blueprint("pages", __name__)


# --- Start -------------------------------------------------------------------------------

@bp.get("/")
def index():
    return render_start(notices_text(drafts.load()))


@bp.post("/start-over")
def start_over():
    return drafts.clear(redirect_to("pages.index"))


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
    read = readings.from_notice(read)       # the summary counts the notice reader's only
    return render_step(step, checked.form, errors, draft["signature"], read=len(read),
                       concluded=sum(len(mark) > 1 for mark in read.values()),
                       read_notes=notes, message=notices_text(draft)), (422 if errors else 200)


def _mark_read(step: Step, form, read: dict[str, list]) -> None:
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
            target.read_source = why[0].get("source", "notice") if why else "notice"
            shown = snippet


def render_step(step: Step, form, errors: list[FieldError], kept_signature: str, **context):
    order = {name: i for i, name in enumerate(step.fields)}
    listed = sorted(summary(errors, lambda path: field_for(form, path), ui_lang()),
                    key=lambda item: order.get(item[0], len(order)))
    sector = form.contract.form.sector.data
    if sector == "health_insurance":
        form.options.form.wish.choices = HEALTH_WISH_CHOICES
    previous, following = neighbours(step.key)
    return render_template(
        f"steps/{step.key}.html", step=step, steps=STEPS, number=KEYS.index(step.key) + 1,
        kept_signature=kept_signature,
        form=form, summary=listed, previous=previous, following=following,
        return_to=request.values.get("return", ""), sector=sector, limit=_limit,
        price_rows=PRICE_ROWS, price_field=price_field,
        regions=json.dumps(REGIONS),
        state_names=json.dumps({s.key: _(s.label) for s in STATE_NAMES}, ensure_ascii=False),
        # The sector rules' thresholds, where a step's hints name them.
        household_kwh=Number(HOUSEHOLD_LIMIT_KWH).render(ui_lang()),
        text_form_cutoff=fmt_date(TEXT_FORM_CUTOFF, ui_lang()),
        directory=directory.offer(form) if step.key == "provider" else None, **context)


def _limit(section: str, name: str) -> int | None:
    """The domain's length limit for a text field, shown before submitting."""
    return max_length(Price if section == "price" else SECTIONS[section]().__class__, name)


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
    entry = directory.chosen(action) if key == "provider" else None
    if entry:               # "Use this address": only the user's click takes an entry's
        values.update(directory.values(entry))
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
    elif action.startswith(directory.ACTION):
        response = redirect_to("pages.step_page", key=key, _anchor="directory-note",
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
        return compact(encode_png(upload.read(MAX_SIGNATURE + 1)))
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
    read = readings.from_notice(readings.unchanged(draft, values))
    lang = ui_lang()
    groups = []
    for step in STEPS:
        problems = [e.render(lang) for e in checked.for_step(step.key)]
        groups.append((step, answers(checked.form, step, read), problems))
    message = notices_text(draft)
    if request.args.get("loaded"):
        message = " ".join(filter(None, [_("Case loaded. Check your answers."), message]))
    return render_template("check.html", groups=groups, complete=checked.case is not None,
                           message=message)


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
    problem = send_day_problem_text(case, raw)
    if problem:
        return render_result(draft, send_error=problem, typed=raw), 422
    day = typed_date(raw)
    return drafts.save(redirect_to("pages.result", _anchor="send-day"),
                       {**draft, "values": {**draft["values"], "letter-date": f"{day:%d.%m.%Y}"}})


# --- Small pages ---------------------------------------------------------------------------

@bp.get("/about")
def about():
    return render_template("about.html")


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
