"""The WSGI entry point: `gunicorn wsgi:app`.

Behind a reverse proxy (deploy/README.md), OBJECTION_PROXIES says how many proxies
stand in front of the app; their X-Forwarded-For, -Proto and -Host are then trusted for
that many hops (werkzeug's ProxyFix), so that the app sees the client's https origin:
Flask-WTF compares the Referer of every form POST over HTTPS with it. Unset or 0: no
forwarded header is trusted.
"""
import os

from objection.web import create_app

app = create_app()

_proxies = os.environ.get("OBJECTION_PROXIES", "0").strip() or "0"
if not _proxies.isdigit():
    raise RuntimeError(f"OBJECTION_PROXIES must be a number of proxies, not {_proxies!r}")
if int(_proxies):
    from werkzeug.middleware.proxy_fix import ProxyFix
    hops = int(_proxies)
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
