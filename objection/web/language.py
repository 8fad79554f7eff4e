"""The language of a request's pages and messages: chosen with ?lang=, remembered in a
cookie, else the browser's preference (Accept-Language)."""
from __future__ import annotations

from flask import Flask, Response, request
from flask_babel import get_locale

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from .extensions import babel

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


def _remember_language(response: Response) -> Response:
    lang = request.args.get("lang")
    if lang in LANGUAGES and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(_remember_language)
    app.context_processor(lambda: {"lang": ui_lang()})
