"""The web adapter: blueprints, language selection, security headers."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel, get_locale

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES

babel = Babel()
LANG_COOKIE = "lang"


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
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def _remember_language(response):
    lang = request.args.get("lang")
    if lang in LANGUAGES and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    from .views import bp
    app.register_blueprint(bp)
    app.after_request(_security_headers)
    app.after_request(_remember_language)
    app.context_processor(lambda: {"lang": str(get_locale().language)})
