"""The Flask app factory and its configuration."""
from __future__ import annotations

import io
import logging
import os
import secrets
from pathlib import Path
from typing import Any
from collections.abc import Mapping

from flask import Flask, Request, current_app, request
from flask.sessions import SecureCookieSessionInterface

from .. import paths
from ..i18n import DEFAULT_LANGUAGE
from ..reader import MAX_BYTES
from . import (api, campaigns, capacity, directory, downloads, draft, intake, language, later,
               legal, logs, pages, problems)
from .extensions import csrf


class Config:
    """Defaults; `OBJECTION_*` environment variables override them (OBJECTION_SECRET_KEY,
    OBJECTION_TRUSTED_HOSTS as a JSON list, OBJECTION_PROXIES, OBJECTION_TODAY), a
    test's mapping overrides both."""

    # Signs the CSRF cookie, and the draft's encryption key is derived from it
    # (draft.py). From OBJECTION_SECRET_KEY, else from a key file made once in the
    # instance folder, so that a restart does not expire every open page.
    SECRET_KEY = None
    # Earlier keys, still accepted for reading (the CSRF cookie, the drafts) after a new
    # SECRET_KEY: OBJECTION_SECRET_KEY_FALLBACKS='["the-previous-key"]'.
    SECRET_KEY_FALLBACKS = ()
    # The Host header is checked against these (a redirect never echoes another host);
    # behind a proxy add the public name: OBJECTION_TRUSTED_HOSTS='["example.org"]'.
    TRUSTED_HOSTS = ["127.0.0.1", "localhost", "::1"]
    MAX_CONTENT_LENGTH = 1024 * 1024
    # The provider's notice as a scan or phone photo: the reader's 10 MB on its two
    # endpoints only, with room for the multipart envelope and the pasted text's field.
    MAX_NOTICE_LENGTH = MAX_BYTES + 64 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024      # a signature image travels in a field
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None              # the token lives as long as the cookie
    BABEL_TRANSLATION_DIRECTORIES = str(paths.LOCALES)
    BABEL_DEFAULT_LOCALE = DEFAULT_LANGUAGE
    TODAY = None                            # "YYYY-MM-DD" fixes today (tests, demos)
    # Notices read at once on this machine, waiting places and seconds (objection.web.
    # capacity); None: one per core, two waiting per slot. READER_LOCKS: the slots' folder.
    READER_SLOTS = None
    READER_QUEUE = None
    READER_WAIT = 10
    READER_LOCKS = None
    # Wall-clock seconds for one file's reading; None: the sandbox's own (15). Only ever
    # lowered (tests): nginx's proxy_read_timeout covers READER_WAIT and these 15 s.
    READER_SECONDS = None
    # Who runs the site, for /impressum and /privacy: a mapping with the keys of the
    # operator file (tests, embedding); unset, OBJECTION_OPERATOR_FILE and
    # OBJECTION_OPERATOR_* are read (operator.py).
    OPERATOR = None
    # How many reverse proxies stand in front (OBJECTION_PROXIES): their forwarding
    # headers and request ids are trusted for that many hops (wsgi.py, logs.py).
    PROXIES = 0


class InMemoryRequest(Request):
    """Uploads stay in memory (the body is capped at 1 MB, 10 MB for a notice): nothing
    of a request is ever written to disk, not even a spooled temporary file."""

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return io.BytesIO()


class SessionInterface(SecureCookieSessionInterface):
    """The signed cookie that holds the CSRF token: Secure whenever the request came over
    HTTPS (directly, or through a proxy that says so), so plain http on 127.0.0.1 keeps
    working."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure or super().get_cookie_secure(app)


def create_app(test_config: Mapping[str, Any] | None = None,
               instance_path: str | None = None) -> Flask:
    """Build the app. Nothing about a user is stored: no database, no sessions on disk."""
    app = Flask("objection", template_folder=str(paths.TEMPLATES),
                static_folder=str(paths.STATIC), instance_path=instance_path)
    app.config.from_object(Config)
    app.config.from_prefixed_env("OBJECTION")
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_key(Path(app.instance_path))
    _check_fallbacks(app.config["SECRET_KEY_FALLBACKS"])
    app.config["PROXIES"] = proxy_hops(app.config["PROXIES"])
    app.request_class = InMemoryRequest
    app.session_interface = SessionInterface()

    logs.init_app(app)                         # first: every later hook may log
    language.init_app(app)
    app.before_request(_notice_upload_limit)   # before the CSRF check reads the body
    csrf.init_app(app)
    for blueprint in (pages.bp, intake.bp, downloads.bp, later.bp, api.bp, directory.bp):
        app.register_blueprint(blueprint)
    campaigns.init_app(app)
    legal.init_app(app)
    csrf.exempt(api.bp)       # JSON without cookies: nothing for a forged form to ride on
    problems.init_app(app)
    capacity.init_app(app)
    draft.init_app(app)
    app.after_request(_security_headers)
    app.after_request(_no_store)
    return app


class SettingsError(ValueError):
    """A setting from the environment that cannot be used: the start stops."""


def proxy_hops(value: Any) -> int:
    """OBJECTION_PROXIES as a number of proxies; anything else stops the start."""
    if value in ("", None):
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SettingsError(f"OBJECTION_PROXIES must be a number of proxies, not {value!r}")
    return value


def _notice_upload_limit() -> None:
    if request.endpoint in (problems.NOTICE_PAGE, problems.NOTICE_API):
        request.max_content_length = current_app.config["MAX_NOTICE_LENGTH"]


def _check_fallbacks(keys: Any) -> None:
    """A list of keys, or nothing: a plain string would be taken character by character,
    each a key of one letter that anyone could sign with."""
    keys = () if keys is None else keys
    if not isinstance(keys, (list, tuple)) or not all(isinstance(k, (str, bytes)) and k
                                                      for k in keys):
        raise RuntimeError("OBJECTION_SECRET_KEY_FALLBACKS must be a JSON list of keys, "
                           "such as '[\"the-previous-key\"]'")


def _instance_key(folder: Path) -> str:
    """The key in `folder/secret_key`, made once with mode 0600. Where the folder cannot
    be written (a read-only deployment without OBJECTION_SECRET_KEY) the app still
    starts, with a key of its own process, and says so."""
    path = folder / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        pass        # not made yet (or unreadable: making it will say so)
    key = secrets.token_hex(32)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(key)
    except FileExistsError:     # another process made it first: use that one
        return path.read_text(encoding="ascii").strip()
    except OSError:
        logging.getLogger("objection").warning(
            "cannot write %s: using a key for this process only; set OBJECTION_SECRET_KEY",
            path)
    return key


# --- Headers ------------------------------------------------------------------------------

def _security_headers(response):
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    # same-origin: the form's own posts keep their Referer, which Flask-WTF checks over
    # HTTPS (with no-referrer every POST there was refused); other sites get none.
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


# The answers besides the static files that carry nothing of the user's: they set how
# long a browser may keep them.
KEPT_BY_BROWSERS = {"directory.providers"}


def _no_store(response):
    """Every page may carry what the user typed (the steps and the result show the
    draft; the PDF, the calendar and the case file are it): no cache keeps any of it.
    Only the app's own static files are cached, and KEPT_BY_BROWSERS."""
    if not request.path.startswith("/static/") and request.endpoint not in KEPT_BY_BROWSERS:
        response.headers["Cache-Control"] = "no-store"
    return response
