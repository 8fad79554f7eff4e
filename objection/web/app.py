"""The Flask app factory and its configuration."""
from __future__ import annotations

import io
import secrets
from typing import Any, Mapping

from flask import Flask, Request, request
from flask_babel import Babel, get_locale
from flask_wtf.csrf import CSRFProtect

from .. import paths
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES

babel = Babel()
csrf = CSRFProtect()


class Config:
    """Defaults; `OBJECTION_*` environment variables override them (OBJECTION_SECRET_KEY,
    OBJECTION_TODAY), a test's mapping overrides both."""

    # Signs the CSRF cookie only. Set OBJECTION_SECRET_KEY when several processes
    # serve the app without a shared parent (gunicorn --preload shares this one).
    SECRET_KEY = secrets.token_hex(32)
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024      # a signature image travels in a field
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None              # the token lives as long as the cookie
    BABEL_TRANSLATION_DIRECTORIES = str(paths.LOCALES)
    BABEL_DEFAULT_LOCALE = DEFAULT_LANGUAGE
    TODAY = None                            # "YYYY-MM-DD" fixes today (tests, demos)


class InMemoryRequest(Request):
    """Uploads stay in memory (the body is capped at 1 MB): nothing of a request is
    ever written to disk, not even a spooled temporary file."""

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return io.BytesIO()


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. Nothing about a user is stored: no database, no sessions on disk."""
    app = Flask("objection", template_folder=str(paths.TEMPLATES),
                static_folder=str(paths.STATIC))
    app.config.from_object(Config)
    app.config.from_prefixed_env("OBJECTION")
    if test_config:
        app.config.from_mapping(test_config)
    app.request_class = InMemoryRequest

    from . import api, errors, views
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)       # JSON without cookies: nothing for a forged form to ride on
    errors.init_app(app)
    app.after_request(_security_headers)
    app.after_request(_remember_language)
    app.context_processor(lambda: {"lang": ui_lang()})
    return app


# --- Language -----------------------------------------------------------------------------

LANG_COOKIE = "lang"


def select_locale() -> str:
    """?lang= first, then the remembered choice, then the browser's preference."""
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def ui_lang() -> str:
    """The language of this request's pages and messages."""
    return str(get_locale().language)


def _remember_language(response):
    lang = request.args.get("lang")
    if lang in LANGUAGES and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response


# --- Headers ------------------------------------------------------------------------------

def _security_headers(response):
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response
