"""The web adapter: blueprints, language selection, CSRF, limits, security headers."""
from __future__ import annotations

import io
import traceback

from flask import Flask, Request, current_app, render_template, request
from flask_babel import Babel, get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES

class InMemoryRequest(Request):
    """Uploads stay in memory (the body is capped at 1 MB): nothing of a request is
    ever written to disk, not even a spooled temporary file."""

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return io.BytesIO()


babel = Babel()
csrf = CSRFProtect()
LANG_COOKIE = "lang"
FORM_PAGES = ("/", "/review", "/edit", "/letter.pdf", "/reminder.ics", "/case.json")


def select_locale() -> str:
    """?lang= first, then the remembered choice, then the browser's preference."""
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def _security_headers(response):
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def _remember_language(response):
    lang = request.args.get("lang")
    if lang in LANGUAGES and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response


def _csrf_error(error: CSRFError):
    """An expired or missing token on a form: show the form again with everything the
    user typed, and ask to send it once more."""
    from .forms import CaseForm
    from .views import render_form
    if request.path in FORM_PAGES and "case" not in request.form:
        return render_form(CaseForm(), message=_(
            "Your form had expired, so nothing was sent. Everything you typed is still "
            "here: please press the button again."), status=400)
    return _error_page(400, _("The page had expired. Please go back and send it again."))


def _error_page(status: int, message: str):
    return render_template("error.html", status=status, message=message), status


def _http_error(error: HTTPException):
    if request.path.startswith("/api/"):
        from .api import http_problem
        return http_problem(error)
    messages = {
        404: _("This page does not exist."),
        405: _("This address cannot be used like that."),
        413: _("That was too much data at once (at most 1 MB). A signature image must be "
               "smaller than 512 KB."),
    }
    return _error_page(error.code or 500,
                       messages.get(error.code, _("Something went wrong with this request.")))


def _server_error(error: Exception):
    if current_app.testing:
        raise error
    # Where it broke, not what was typed: no personal data in logs.
    where = traceback.extract_tb(error.__traceback__)[-1]
    current_app.logger.error("unhandled %s at %s:%s", type(error).__name__, where.filename,
                             where.lineno)
    if request.path.startswith("/api/"):
        from .api import server_problem
        return server_problem()
    return _error_page(500, _("Something went wrong on our side. Nothing you typed was "
                              "stored; please go back and try again."))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    from . import api, views
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)       # JSON without cookies: nothing for a forged form to ride on
    app.request_class = InMemoryRequest
    app.after_request(_security_headers)
    app.after_request(_remember_language)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
    app.context_processor(lambda: {"lang": str(get_locale().language)})
