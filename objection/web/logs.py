"""Logs an operator can use: a request id on every line of the app's log and in every
answer, and tracebacks of unexpected errors that say where, never what was typed.

The id is a new uuid4 per request, or the X-Request-ID of a trusted proxy (only when
OBJECTION_PROXIES says one stands in front, and only in the form nginx's $request_id or
a UUID has), so that nginx's access log and the app's log share it. It is answered as
the X-Request-ID header, shown on error pages ("quote this number") and given as
`request_id` in every problem+json.
"""
from __future__ import annotations

import logging
import re
import sys
import traceback
import uuid

from flask import Flask, Response, current_app, g, has_request_context, request

HEADER = "X-Request-ID"
# nginx's $request_id (32 hex digits) or a UUID; nothing else from outside reaches a log.
_TRUSTED_FORM = re.compile(r"[0-9A-Fa-f-]{16,64}")
_NO_REQUEST = "-"


def request_id() -> str:
    """This request's id ("-" outside a request). Given on first use, so that an error
    raised before the request's own hooks (an unknown host) has one too."""
    if not has_request_context():
        return _NO_REQUEST
    if "request_id" not in g:
        _assign()
    return g.request_id


def _assign() -> None:
    incoming = request.headers.get(HEADER, "")
    trusted = current_app.config["PROXIES"] and _TRUSTED_FORM.fullmatch(incoming)
    g.request_id = incoming.lower() if trusted else uuid.uuid4().hex


def _answer(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    return response


class RequestIdFilter(logging.Filter):
    """Puts the request id on every record a handler with this filter sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class LineFormatter(logging.Formatter):
    """One self-contained line per line of text: journald stores each line of stderr as
    an entry of its own, so a traceback's lines each carry the time, level and request
    id and `journalctl -u objection | grep <id>` finds all of them."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        head, _, rest = text.partition("\n")
        if not rest:
            return head
        prefix = head[:len(head) - len(record.getMessage().partition("\n")[0])]
        return "\n".join([head] + [prefix + line for line in rest.split("\n")])


FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s request_id=%(request_id)s: %(message)s"
HANDLER = logging.StreamHandler(sys.stderr)
HANDLER.setFormatter(LineFormatter(FORMAT))
HANDLER.addFilter(RequestIdFilter())


def where_it_broke(error: BaseException) -> str:
    """The traceback of `error` and of the errors it was raised from or while handling,
    in Python's order: every frame (file, line, function) and each exception's type,
    but not its message nor any local variable. A message such as int()'s "invalid
    literal ... 'Müller'" or a KeyError's key can carry what the user typed, and the
    log keeps no personal data. The line number finds the code; the code's text is left
    out too, so a literal in it is never mistaken for data."""
    chain: list[tuple[BaseException, str]] = []
    current: BaseException | None = error
    link = ""
    while current is not None and all(current is not e for e, _ in chain):
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    parts = []
    for exc, link in reversed(chain):       # the first cause first, as Python prints it
        kind = type(exc)
        frames = "".join(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
                         for frame in traceback.extract_tb(exc.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}"
                     f"{kind.__module__}.{kind.__qualname__} (message not logged)")
        if link:
            parts.append(link)
    return "\n".join(parts)


_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"


def init_app(app: Flask) -> None:
    app.before_request(_assign)
    app.after_request(_answer)
    app.context_processor(lambda: {"request_id": request_id()})
    # The app's logger ("objection") and its children: one handler with the id, in place
    # of Flask's default one. Once per process, however many apps are made (tests).
    logger = logging.getLogger("objection")
    if HANDLER not in logger.handlers:
        from flask.logging import default_handler
        logger.removeHandler(default_handler)
        logger.addHandler(HANDLER)
