"""Price-change objection assistant: the Flask app factory."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. Nothing about a user is stored: no database, no sessions on disk."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"))
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "locales"),
        BABEL_DEFAULT_LOCALE="de",
    )
    app.config.from_prefixed_env("OBJECTION")
    if test_config:
        app.config.from_mapping(test_config)

    from .web import init_app
    init_app(app)
    return app
