"""The JSON API (docs/design.md 6.3): case JSON in, assessment JSON or PDF out; every error
as application/problem+json (RFC 9457) with a JSON pointer to the field."""
from __future__ import annotations

import datetime as dt
import io
import json

from flask import Blueprint, Response, abort, current_app, request, send_file
from flask_babel import gettext as _, ngettext

from ..assess import assess
from ..case import Case, CaseError, from_dict, parse_json
from ..deadlines import today_in_berlin
from ..fields import Invalid, iso_date
from ..letters.kinds import KINDS, letter_file
from ..letters.plan import next_step, plan
from ..letters.signing import case_for_one_letter
from ..i18n import LANGUAGES
from ..pdf import render_pdf
from ..reader import MAX_BYTES, ReaderError
from . import capacity
from .language import ui_lang
from .openapi import openapi_document
from .problems import problem

bp = Blueprint("api", __name__, url_prefix="/api/v1")

INVALID_CASE = "/api/v1/openapi.json#invalid-case"
UNREADABLE_NOTICE = "/api/v1/openapi.json#unreadable-notice"


@bp.before_request
def _not_from_other_sites():
    """The API takes no cookies, so CSRF tokens do not apply; but a page on another site
    can still make its visitors' browsers post a file here (multipart/form-data and
    text/plain need no CORS preflight) and spend our readings on them. Browsers say
    where a request comes from (Sec-Fetch-Site, Origin); a request from another site is
    refused. Programs (curl, scripts) send neither header and are served."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if (site is not None and site not in ("same-origin", "none")) or \
            (origin is not None and origin != request.host_url.rstrip("/")):
        abort(problem(403, _("Forbidden"), _(
            "This API does not take requests that pages on other websites make in "
            "a browser. Call it from a program, or use this site's own pages.")))
    return None


class BadParameter(Exception):
    def __init__(self, name: str, detail: str):
        self.name, self.detail = name, detail


def _case(today: dt.date | None, letter_only: bool = False) -> Case:
    """The case from the JSON body; anything else ends the request with a problem
    response (werkzeug's abort carries it past the HTTP error handlers unchanged).
    `letter_only`: see letters.signing.case_for_one_letter."""
    if not request.is_json:
        abort(problem(415, _("Unsupported media type"),
                      _("Send the case as JSON with Content-Type: application/json.")))
    try:
        data = parse_json(request.get_data(cache=False) or b"")
    except ValueError:
        abort(problem(400, _("Not JSON"), _("The request body is not valid JSON.")))
    try:
        day = today or today_in_berlin()
        return case_for_one_letter(data, day) if letter_only else from_dict(data, day)
    except CaseError as exc:
        lang = ui_lang()
        errors = [{"pointer": e.pointer, "message": e.render(lang)} for e in exc.errors]
        abort(problem(
            422, _("The case has errors"),
            ngettext("%(num)d field needs attention; see errors.",
                     "%(num)d fields need attention; see errors.", len(errors)), errors,
            type_=INVALID_CASE))


def _today() -> dt.date | None:
    """?today=, within the dates a case may hold (a day in 9999 has no deadlines)."""
    raw = request.args.get("today") or current_app.config.get("TODAY")
    if not raw:
        return None
    try:
        return iso_date(raw)
    except Invalid as exc:
        raise BadParameter("today", exc.message.render(ui_lang())) from None


def _choice(name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
    value = request.args.get(name, default)
    if value is not None and value not in allowed:
        raise BadParameter(name, _("Must be one of: %(choices)s.", choices=", ".join(allowed)))
    return value


@bp.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter):
    return problem(400, _("Bad query parameter"), f"{error.name}: {error.detail}",
                   [{"parameter": error.name, "message": error.detail}])


@bp.post("/assessment")
def assessment():
    """Case JSON -> the assessment, the same object as `check --json`."""
    today = _today()
    case = _case(today)
    a = assess(case, today)
    data = a.to_dict(ui_lang())
    step = next_step(case, a, a.today)
    if step:            # a case with a history: what to do next after the objection
        data["next_step"] = step.to_dict(ui_lang())
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/json")


@bp.post("/letter")
def letter():
    """Case JSON -> the letter as PDF; ?lang=de|en, ?records_sheet=0|1, ?type= the
    objection or a later letter from the case's history (dated today). The letter
    alone by default: the records sheet doubles the work and is not to be sent."""
    lang = _choice("lang", LANGUAGES, None)
    records = _choice("records_sheet", ("0", "1"), "0") == "1"
    kind = _choice("type", tuple(KINDS), "objection")
    today = _today()
    case = _case(today, letter_only=not records)
    a = assess(case, today)
    writable = plan(kind, case, a)
    why = writable.blocked
    if why:
        abort(problem(422, _("This letter cannot be written yet"), why.render(ui_lang()),
                      [{"parameter": "type", "message": why.render(ui_lang())}]))
    data = render_pdf(case, a, lang=lang, records=records, records_lang=lang or ui_lang(),
                      today=writable.date, kind=kind)
    name = letter_file(kind, ui_lang(), translation=lang not in (None, case.letter.language))
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=name,
                     etag=False, max_age=0)


# Reader errors that are the file's size, not its content.
_TOO_LARGE = {"too_large"}


@bp.post("/notice")
def notice():
    """A provider's notice -> what it states: {"case", "evidence", "warnings"}, the same
    object as `read --json`. The body is text/plain, or multipart/form-data with `file`
    (PDF, photo, e-mail or text, up to 10 MB); it is read in memory and dropped."""
    text = request.mimetype == "text/plain"
    if text:
        data, filename = request.get_data(cache=False), "notice.txt"
    elif request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            abort(problem(400, _("No file"), _("Send the notice in the field \"file\".")))
        data, filename = upload.read(MAX_BYTES + 1), upload.filename or None
    else:
        abort(problem(415, _("Unsupported media type"), _(
            "Send the notice as text/plain, or as multipart/form-data with the field "
            "\"file\".")))
    try:
        reading = capacity.read_file(data, filename, text)
    except capacity.Busy:
        abort(problem(503, _("Busy"), _("Many notices are being read right now. Please try "
                                        "again in a minute, or send the notice's text."),
                      headers={"Retry-After": str(capacity.RETRY_AFTER)}))
    except ReaderError as exc:
        status = 413 if exc.code in _TOO_LARGE else 422
        abort(problem(status, _("The notice cannot be read"), exc.render(ui_lang()),
                      [{"code": exc.code, "message": exc.render(ui_lang())}],
                      type_=UNREADABLE_NOTICE))
    return Response(json.dumps(reading.to_dict(ui_lang()), ensure_ascii=False),
                    mimetype="application/json")


@bp.get("/openapi.json")
def openapi():
    return openapi_document()
