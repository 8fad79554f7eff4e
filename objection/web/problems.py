"""Problems, told the user in the user's language: the error pages, application/problem+json
(RFC 9457) under /api/, and the notices a redirect carries in the draft to the next
page. Nothing of what was typed is logged.

Every failure gets an answer here: an expired form or a draft too large for the cookies
the start page, an HTTP error its page (or problem+json), anything else a 500 page that
logs only where it broke.
"""
from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from ..case import FieldError
from ..i18n import LANGUAGES, Message, N_, render_value
from ..reader import MAX_BYTES
from .draft import TooLarge
from .language import ui_lang
from .logs import request_id, where_it_broke
from .start import file_too_large, render_start

PROBLEM = "application/problem+json"
# The endpoints that take a provider's notice (10 MB instead of 1 MB).
NOTICE_PAGE, NOTICE_API = "intake.read_notice", "api.notice"


# --- Notices for the next page ------------------------------------------------------------

def notice(message: Any) -> dict:
    """A Message (or a Plural), kept in the draft for the next page: its parameters (a
    date, a period in words) written in every language, as that page may be in another."""
    if hasattr(message, "msgid"):
        return {"msgid": message.msgid, "params": {
            k: {lang: str(render_value(v, lang)) for lang in LANGUAGES}
            for k, v in message.params.items()}}
    return {"msgid": message.plural if message.n != 1 else message.singular,
            "params": {"num": message.n}}


def field_notices(errors: list[FieldError]) -> list[dict]:
    """Errors no field of the page can show, as notices naming their field."""
    return [notice(Message(N_("%(field)s: %(problem)s"), {
        "field": e.path or "case", "problem": e.message.render(ui_lang())})) for e in errors]


def notices_text(draft: dict) -> str:
    """The notices a redirect left in the draft, in the language of this page."""
    lang = ui_lang()
    return " ".join(Message(n["msgid"], {k: v.get(lang, "") if isinstance(v, dict) else v
                                         for k, v in (n.get("params") or {}).items()}
                            ).render(lang) for n in draft.get("notices") or [])


# --- application/problem+json ----------------------------------------------------------------

def problem(status: int, title: str, detail: str, errors: list[dict] | None = None,
            type_: str = "about:blank", headers: dict | None = None) -> Response:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status, "detail": detail,
                            "request_id": request_id()}
    if errors is not None:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM)
    response.headers["Content-Language"] = ui_lang()
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _http_problem(error: HTTPException) -> Response:
    """HTTP errors under /api/ as problem+json."""
    known = {
        404: (_("Not found"), _("There is nothing at this address.")),
        405: (_("Method not allowed"), _("This method is not allowed here.")),
        413: (_("Request too large"), _("The request is too large (at most 1 MB).")),
    }
    if error.code == 413 and request.endpoint == NOTICE_API:
        known[413] = (_("Request too large"), _("The notice is too large (at most %(max)s "
                                                 "MB).", max=MAX_BYTES // 1_000_000))
    title, detail = known.get(error.code, (error.name, error.description or ""))
    headers = {}
    if error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem(error.code or 500, title, detail, headers=headers)


def _server_problem() -> Response:
    return problem(500, _("Internal error"), _("Something went wrong on our side."))


# --- Error pages ------------------------------------------------------------------------------

def _title(status: int) -> str:
    """The heading German and English sites give an error of this status."""
    titles = {
        400: _("Bad request"),
        403: _("Access denied"),
        404: _("Page not found"),
        405: _("Request not allowed"),
        413: _("Request too large"),
        422: _("Request could not be processed"),
        429: _("Too many requests"),
        500: _("Internal error"),
        503: _("Service temporarily unavailable"),
    }
    return titles.get(status, _("Error"))


def error_page(status: int, message: str) -> tuple[str, int]:
    return render_template("error.html", status=status, title=_title(status),
                           message=message), status


def _csrf_error(error: CSRFError):
    """A form without a valid token: an expired page, or a post from another site. The
    start page comes back empty with a message; what was posted is never shown, or a
    forged cross-site post could fill in the form for the user."""
    return render_start(_("This page had expired, so nothing was sent and, for your safety, "
                          "nothing of it was kept. Please start again, or load your saved "
                          "case."), status=400)


def _draft_too_large(error: TooLarge):
    """A draft too large for the cookies where no page of its own says so (the steps,
    the saved case and "What happened next?" do): the start page, and nothing lost of
    the draft the browser still holds."""
    return render_start(_("That is more than your browser can keep between the pages. "
                          "Shorten the longest answers and try again."), status=422)


def _http_error(error: HTTPException):
    if request.path.startswith("/api/"):
        return _http_problem(error)
    if error.code == 413 and request.endpoint == NOTICE_PAGE:
        return render_start(read_error=("notice_file", file_too_large().render(ui_lang())),
                            status=413)
    messages = {
        404: _("This page does not exist."),
        405: _("This address cannot be used like that."),
        413: _("That was too much data at once (at most 1 MB). A signature image must be "
               "smaller than 512 KB."),
    }
    return error_page(error.code or 500,
                      messages.get(error.code, _("Something went wrong with this request.")))


def _server_error(error: Exception):
    if current_app.testing:
        raise error
    # Where it broke, every frame, but not what was typed: no personal data in logs.
    current_app.logger.error("unhandled %s on %s %s\n%s", type(error).__name__,
                             request.method, request.url_rule or "(no route)",
                             where_it_broke(error))
    if request.path.startswith("/api/"):
        return _server_problem()
    return error_page(500, _("Something went wrong on our side. Nothing you typed was "
                             "stored; please go back and try again."))


def _untrusted_host(error: SecurityError):
    """A Host header not in TRUSTED_HOSTS: no page is built for it (no URL may be made
    from that host), only a plain refusal."""
    return Response("Unknown host.\n", status=400, mimetype="text/plain")


def init_app(app: Flask) -> None:
    app.register_error_handler(SecurityError, _untrusted_host)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(TooLarge, _draft_too_large)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
