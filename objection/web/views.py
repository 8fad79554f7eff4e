"""Pages: the form, the review, the downloads, and the small static pages.

Nothing is stored: the case travels in the form, then as a hidden JSON field on the
review page, and leaves as downloads.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import json
from typing import Any

from flask import (Blueprint, Response, abort, current_app, make_response, render_template,
                   request, send_file)
from flask_babel import gettext as _, lazy_gettext as _l

from ..assess import assess, today_in_berlin
from ..case import Case, CaseError, FieldError, from_dict, parse_json
from ..explain import explain
from ..i18n import LANGUAGES, Message, fmt_day
from ..ics import reminder_ics
from ..letter import compose
from ..pdf import render_pdf
from ..postcodes import REGIONS
from ..signature import SignatureError, encode_png
from .app import ui_lang
from .forms import (CaseForm, case_to_form_data, field_for, form_to_case, period_fits_form,
                    unanswered)

bp = Blueprint("pages", __name__)

# The form's sections, so that the error summary can tell two "Postal code"s apart.
SECTION_NAMES = {"customer": _l("You"), "provider": _l("The provider"),
                 "contract": _l("The contract"), "notice": _l("The notice"),
                 "options": _l("What you want"), "letter": _l("The letter"),
                 "signature": _l("Signature")}

MAX_UPLOAD = 512 * 1024


def today() -> dt.date:
    """Today in Europe/Berlin, or the fixed day of the TODAY setting (tests, demos)."""
    fixed = current_app.config.get("TODAY")
    return dt.date.fromisoformat(fixed) if fixed else today_in_berlin()


# --- Rendering the form ------------------------------------------------------------------

def new_form(data: dict[str, Any] | None = None) -> CaseForm:
    form = CaseForm(formdata=None, data=data)
    if data is None or not (data.get("letter") or {}).get("date"):
        form.letter.form.date.data = today()
    return form


def render_form(form: CaseForm, errors: list[FieldError] = (), message: str = "",
                status: int = 200):
    """The form with every error tied to its field and summarised at the top."""
    summary = []
    lang = ui_lang()
    for error in errors:
        text = error.render(lang)
        field = field_for(form, error.path)
        if field is not None:
            field.errors = list(field.errors) + [text]
            section = SECTION_NAMES.get(error.path.partition(".")[0], "")
            summary.append((field.id, f"{section} – {field.label.text}", text))
        else:
            summary.append(("", error.path, text))
    return render_template("form.html", form=form, summary=summary, message=message,
                           regions=json.dumps(REGIONS)), status


@bp.get("/")
def index():
    return render_form(new_form())


@bp.post("/")
def redisplay():
    """The form sent back as it is, e.g. to switch the language: nothing is checked,
    nothing is lost (an uploaded signature is kept in the form)."""
    form = CaseForm()
    data = {"signature": {}}
    if _take_signature_upload(data) is None and data["signature"]:
        form.signature.form.mode.data = "image"
        form.signature.form.image.data = data["signature"]["image"]
    return render_form(form)


@bp.post("/load")
def load():
    """Fill the form from a saved case.json."""
    upload = request.files.get("case_file")
    raw = upload.read(MAX_UPLOAD + 1) if upload else b""
    try:
        if not raw or len(raw) > MAX_UPLOAD:
            raise ValueError
        data = parse_json(raw)
        if not isinstance(data, dict):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        return render_form(new_form(), message=_(
            "That file is not a saved case (case.json). Choose the file you downloaded "
            "from the review page."), status=422)
    form = new_form(case_to_form_data(data))
    try:
        from_dict(data, today())
    except CaseError as exc:
        return render_form(form, exc.errors, status=422)
    period = data["notice"].get("objection_period")
    if not period_fits_form(period):
        return render_form(form, message=_(
            "The saved case gives the objection period as %(period)s, which this form cannot "
            "show exactly. It now counts the whole months only, which ends earlier: check the "
            "period against the notice.", period=period))
    return render_form(form)


# --- Reading a case from a request -------------------------------------------------------

def case_from_request() -> Case:
    """The case from the hidden JSON of the review page, or from the form fields. When
    it has errors, the request ends with the form and the errors (abort)."""
    asked: list[FieldError] = []
    if "case" in request.form:
        try:
            data = parse_json(request.form["case"])
        except ValueError:
            data = None
        form = new_form(case_to_form_data(data) if isinstance(data, dict) else None)
    else:
        form = CaseForm()
        data = form_to_case(form)
        upload_error = _take_signature_upload(data)
        if upload_error:
            form.signature.form.mode.data = "image"
            abort(make_response(render_form(form, [upload_error], status=422)))
        form.signature.form.image.data = data["signature"]["image"]
        asked = unanswered(form)
    try:
        case = from_dict(data, today())
    except CaseError as exc:
        abort(make_response(render_form(form, exc.errors + asked, status=422)))
    if asked:
        abort(make_response(render_form(form, asked, status=422)))
    return case


def _take_signature_upload(data: dict) -> FieldError | None:
    """An uploaded PNG or JPEG replaces the drawn signature (works without JavaScript)."""
    upload = request.files.get("signature_upload")
    if not upload or not upload.filename:
        return None
    raw = upload.read(MAX_UPLOAD + 1)
    try:
        data["signature"] = {"mode": "image", "image": encode_png(raw)}
    except SignatureError as exc:
        return FieldError("signature.image", Message(exc.msgid, exc.params))
    return None


def _with_case(view):
    @functools.wraps(view)
    def wrapper():
        return view(case_from_request())
    return wrapper


# --- Review and downloads ----------------------------------------------------------------

@bp.post("/review")
@_with_case
def review(case: Case):
    a = assess(case, today())
    lang = ui_lang()
    rows = [{"key": row.key, "label": _(row.label), "date": fmt_day(row.dated.date, lang),
             "chain": explain(row.dated, lang)} for row in a.rows()]
    letter = compose(case, a)
    return render_template(
        "review.html", case=case, a=a, rows=rows, letter=letter,
        warnings=[(w.severity, w.code, w.message.render(lang)) for w in a.warnings],
        deadline=fmt_day(a.deadline.date, lang) if a.deadline else None,
        case_json=json.dumps(case.to_dict(), ensure_ascii=False))


@bp.post("/edit")
@_with_case
def edit(case: Case):
    return render_form(new_form(case_to_form_data(case.to_dict())))


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                         download_name=filename, etag=False, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/letter.pdf")
@_with_case
def letter_pdf(case: Case):
    translation = request.form.get("translation")
    lang = translation if translation in LANGUAGES else None
    data = render_pdf(case, assess(case, today()), lang=lang,
                      records=request.form.get("records") != "0", records_lang=ui_lang())
    return _download(data, "application/pdf", "widerspruch.pdf")


@bp.post("/reminder.ics")
@_with_case
def reminder(case: Case):
    return _download(reminder_ics(case, assess(case, today()), ui_lang()), "text/calendar",
                     "widerspruch-frist.ics")


@bp.post("/case.json")
@_with_case
def case_json(case: Case):
    body = json.dumps(case.to_dict(), ensure_ascii=False, indent=1).encode("utf-8")
    return _download(body, "application/json", "widerspruch-fall.json")


# --- Small pages ---------------------------------------------------------------------------

@bp.get("/privacy")
def privacy():
    return render_template("privacy.html")


@bp.get("/about")
def about():
    return render_template("about.html")


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
