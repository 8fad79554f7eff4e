"""Cases brought in: a saved case file (case.json) loaded, the provider's notice read
(a file or pasted text, in memory), and the first version's single form. Each fills a
new draft and goes on to the page where the user checks it."""
from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from ..case import MAX_EVENTS, parse_json
from ..deadlines import parse_period
from ..explain import period_text
from ..i18n import Message, N_
from ..reader import MAX_BYTES, ReaderError, Reading
from . import capacity, draft as drafts, reading as readings
from .cases import DEFAULTS, check, history_of, redirect_to, unshown
from .forms import case_to_form_data, draft_values, kept, period_fits_form
from .language import ui_lang
from .problems import field_notices, notice
from .start import MAX_PASTE, file_too_large, render_start
from .steps import KEYS

bp = Blueprint("intake", __name__)

MAX_CASE_FILE = 512 * 1024


@bp.post("/load")
def load():
    """Continue with a saved case.json: it lands on "check your answers"."""
    upload = request.files.get("case_file")
    raw = upload.read(MAX_CASE_FILE + 1) if upload else b""
    try:
        if not raw or len(raw) > MAX_CASE_FILE:
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
    notices = field_notices(unshown(data))
    if not period_fits_form(period):
        words = period_text(parse_period(str(period)))       # "1 month, 15 days"
        notices.append(notice(Message(N_(
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


def _reading(upload: FileStorage | None, pasted: str) -> Reading:
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
        notices = field_notices(unshown(data))
    else:
        values = kept({**DEFAULTS, **draft_values(request.form)}, ui_lang())
    checked = check(values)
    done = checked.case and not notices
    response = redirect_to("pages.result" if done else "pages.check_answers")
    return drafts.save(response, {**drafts.empty(), "values": values, "notices": notices})
