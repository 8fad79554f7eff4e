"""Price-change objection assistant: the Flask app factory."""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. Nothing about a user is stored: no database, no sessions on disk."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"))
    app.config.from_mapping(
        # Signs the CSRF cookie only. Set OBJECTION_SECRET_KEY when several processes
        # serve the app without a shared parent (gunicorn --preload shares this one).
        SECRET_KEY=secrets.token_hex(32),
        MAX_CONTENT_LENGTH=1024 * 1024,
        MAX_FORM_MEMORY_SIZE=1024 * 1024,    # a signature image travels in a field
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,            # the token lives as long as the cookie
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "locales"),
        BABEL_DEFAULT_LOCALE="de",
    )
    app.config.from_prefixed_env("OBJECTION")
    if test_config:
        app.config.from_mapping(test_config)

    from .web import init_app
    init_app(app)
    return app
