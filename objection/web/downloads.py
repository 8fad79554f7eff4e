"""Downloads: the letter (the objection or a later letter) and its advance copy as PDF,
the records sheet, the calendar reminder and the saved case. Each is made from the case
the page carries (its hidden JSON) with the signature picture added right there, and
leaves with the response; nothing is stored."""
from __future__ import annotations

import io
import json
from dataclasses import replace

from flask import Blueprint, Response, abort, make_response, request, send_file
from flask_babel import gettext as _

from ..assess import assess
from ..case import Case, CaseError, FieldError, Signature, from_dict, parse_json
from ..i18n import LANGUAGES, Message, N_
from ..ics import reminder_ics
from ..letters.kinds import KINDS, letter_file
from ..letters.plan import plan
from ..letters.signing import advance_copy_available
from ..pdf import render_pdf, render_records
from ..signature import MAX_BYTES as MAX_SIGNATURE, SignatureError, encode_png
from ..typed import typed_date
from . import draft as drafts
from .cases import DEFAULTS, check, history_of, redirect_to, today, unshown, values_of
from .forms import case_to_form_data, draft_values, kept
from .language import ui_lang
from .problems import field_notices, notice
from .result import render_result, send_day_problem_text

bp = Blueprint("downloads", __name__)


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
    problem = send_day_problem_text(case, raw)
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
            return {"mode": "image", "image": encode_png(upload.read(MAX_SIGNATURE + 1))}
        except SignatureError as exc:
            abort(drafts.save(redirect_to("pages.result", _anchor="signature-image"),
                              {**drafts.load(),
                               "notices": [notice(Message(exc.msgid, exc.params))]}))
    image = (request.form.get("signature-image") or drafts.load()["signature"]
             or saved.get("image") or "")
    return {"mode": "image", "image": image} if image else {"mode": "handwritten"}


def _back_with(errors: list[FieldError], data: dict) -> Case:
    """A download that cannot be made: a missing signature picture goes back to the
    result page, anything else to the answers."""
    if all(e.path.startswith("signature") for e in errors):
        abort(drafts.save(redirect_to("pages.result", _anchor="signature-image"),
                          {**drafts.load(), "notices": [notice(errors[0].message)]}))
    abort(drafts.save(redirect_to("pages.check_answers"),
                      {**drafts.empty(), "values": {**DEFAULTS, **case_to_form_data(data)},
                       "notices": field_notices(unshown(data)), "history": history_of(data)}))


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
    kind = kind if kind in KINDS else "objection"
    day = today()
    a = assess(case, day)
    writable = plan(kind, case, a)
    why = writable.blocked
    if why:
        abort(drafts.save(redirect_to("later.next_page"),
                          {**drafts.load(), "notices": [notice(why)]}))
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
