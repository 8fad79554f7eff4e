"""The WSGI entry point, inside the package so that an installed wheel serves it:

    gunicorn -c python:objection.web.gunicorn_conf objection.web.wsgi:app

Behind a reverse proxy (deploy/README.md), OBJECTION_PROXIES says how many proxies
stand in front of the app; their X-Forwarded-For, -Proto and -Host are then trusted for
that many hops (werkzeug's ProxyFix), so that the app sees the client's https origin:
Flask-WTF compares the Referer of every form POST over HTTPS with it. Unset or 0: no
forwarded header is trusted. The top-level wsgi.py of a checkout re-exports `app`.
"""
from __future__ import annotations

import gc
import sys

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import pdf
from .app import SettingsError, create_app
from .operator import OperatorError


def behind_proxies(app: Flask) -> Flask:
    """Trust the forwarding headers of the configured number of proxies (PROXIES)."""
    hops = app.config["PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app


def warm_up() -> None:
    """gunicorn --preload imports this module once, in its master, which then forks the
    workers (without --preload each worker does it for itself). One letter rendered here
    loads what WeasyPrint and the rest load on first use; gc.freeze() then puts every
    object so far out of the collector's reach: a worker's full collections no longer
    walk them (less work), nor write to them (their memory pages stay shared with the
    master). pdf.py keeps the collector out of each render."""
    pdf.warm_up()
    gc.collect()
    gc.freeze()


def build() -> Flask:
    """The app, or an exit with one line that says what to fix: settings an operator
    got wrong are not a bug to show a traceback for."""
    try:
        return behind_proxies(create_app())
    except (OperatorError, SettingsError) as exc:
        sys.exit(f"objection: cannot start: {exc}")


app = build()
warm_up()
