"""Error pages: every failure answers in the user's language, as a page or (under
/api/) as problem+json, and never logs what was typed."""
from __future__ import annotations

from flask import Flask, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from .draft import TooLarge
from .logs import where_it_broke


def _csrf_error(error: CSRFError):
    """A form without a valid token: an expired page, or a post from another site. The
    start page comes back empty with a message; what was posted is never shown, or a
    forged cross-site post could fill in the form for the user."""
    from .views import render_start
    return render_start(_("This page had expired, so nothing was sent and, for your safety, "
                          "nothing of it was kept. Please start again, or load your saved "
                          "case."), status=400)


def _draft_too_large(error: TooLarge):
    """A draft too large for the cookies where no page of its own says so (the steps,
    the saved case and "What happened next?" do): the start page, and nothing lost of
    the draft the browser still holds."""
    from .views import render_start
    return render_start(_("That is more than your browser can keep between the pages. "
                          "Shorten the longest answers and try again."), status=422)


def _title(status: int) -> str:
    """The heading German and English sites give an error of this status."""
    titles = {
        400: _("Bad request"),
        403: _("Access denied"),
        404: _("Page not found"),
        405: _("Request not allowed"),
        413: _("Request too large"),
        422: _("Request could not be processed"),
        429: _("Too many requests"),
        500: _("Internal error"),
        503: _("Service temporarily unavailable"),
    }
    return titles.get(status, _("Error"))


def error_page(status: int, message: str):
    return render_template("error.html", status=status, title=_title(status),
                           message=message), status


def _http_error(error: HTTPException):
    if request.path.startswith("/api/"):
        from .api import http_problem
        return http_problem(error)
    if error.code == 413 and request.endpoint == "pages.read_notice":
        from .app import ui_lang
        from .views import file_too_large, render_start
        return render_start(read_error=("notice_file", file_too_large().render(ui_lang())),
                            status=413)
    messages = {
        404: _("This page does not exist."),
        405: _("This address cannot be used like that."),
        413: _("That was too much data at once (at most 1 MB). A signature image must be "
               "smaller than 512 KB."),
    }
    return error_page(error.code or 500,
                      messages.get(error.code, _("Something went wrong with this request.")))


def _server_error(error: Exception):
    if current_app.testing:
        raise error
    # Where it broke, every frame, but not what was typed: no personal data in logs.
    current_app.logger.error("unhandled %s on %s %s\n%s", type(error).__name__,
                             request.method, request.url_rule or "(no route)",
                             where_it_broke(error))
    if request.path.startswith("/api/"):
        from .api import server_problem
        return server_problem()
    return error_page(500, _("Something went wrong on our side. Nothing you typed was "
                             "stored; please go back and try again."))


def _untrusted_host(error: SecurityError):
    """A Host header not in TRUSTED_HOSTS: no page is built for it (no URL may be made
    from that host), only a plain refusal."""
    return Response("Unknown host.\n", status=400, mimetype="text/plain")


def init_app(app: Flask) -> None:
    app.register_error_handler(SecurityError, _untrusted_host)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(TooLarge, _draft_too_large)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
