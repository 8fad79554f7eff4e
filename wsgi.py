"""The WSGI entry point: `gunicorn wsgi:app`.

Behind a reverse proxy (deploy/README.md), OBJECTION_PROXIES says how many proxies
stand in front of the app; their X-Forwarded-For, -Proto and -Host are then trusted for
that many hops (werkzeug's ProxyFix), so that the app sees the client's https origin:
Flask-WTF compares the Referer of every form POST over HTTPS with it. Unset or 0: no
forwarded header is trusted.
"""
import gc
import os

from objection import pdf
from objection.web import create_app

app = create_app()

# gunicorn --preload imports this module once, in its master, which then forks the
# workers (without --preload each worker does it for itself). One letter rendered here
# loads what WeasyPrint and the rest load on first use; gc.freeze() then puts every
# object so far out of the collector's reach: a worker's full collections no longer
# walk them (less work), nor write to them (their memory pages stay shared with the
# master). pdf.py keeps the collector out of each render.
pdf.warm_up()
gc.collect()
gc.freeze()

_proxies = os.environ.get("OBJECTION_PROXIES", "0").strip() or "0"
if not _proxies.isdigit():
    raise RuntimeError(f"OBJECTION_PROXIES must be a number of proxies, not {_proxies!r}")
if int(_proxies):
    from werkzeug.middleware.proxy_fix import ProxyFix
    hops = int(_proxies)
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
