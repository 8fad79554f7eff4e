"""The case while the user fills in the steps: raw form values in a signed cookie in the
user's own browser, so that every page can be reached by a plain GET (the back button
never asks to resend a form) and nothing is stored on the server.

The cookie is signed with the app's secret key (itsdangerous, compressed when that is
shorter), lives until the browser closes, is HttpOnly, SameSite=Lax and Secure over
HTTPS, and is split into chunks of at most CHUNK bytes so no single cookie exceeds what
browsers keep. The signature picture never goes into it: it is added on the result page
right before a download.
"""
from __future__ import annotations

import re
from typing import Any

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "draft"
CHUNK = 3500
# 14 KB at most. A usual case needs under 1 KB (a notice read with its snippets about
# 2 KB); every field at its limit with four-byte characters about 10 KB, which is why gunicorn and nginx take request
# headers up to 16 KB (scripts/run, deploy/).
MAX_CHUNKS = 4
# What happened after the objection, as the page "What happened next?" records it: each
# event about 150 bytes, so two dozen keep the draft within its cookies.
MAX_EVENTS = 24


def empty() -> dict[str, Any]:
    """A draft: the raw form values, the step whose errors to show after a redirect,
    notices for the next page ([{"msgid", "params"}], rendered in its language), and
    what the notice reader filled in: per field the value read and the snippet it came
    from ({name: [value, snippet]}), its notes in both languages ([{"de", "en"}]), and the
    case's history (events as in the case JSON, values as strings)."""
    return {"values": {}, "errors_for": None, "notices": [], "read": {}, "read_notes": [],
            "history": []}


def _serializer() -> URLSafeSerializer:
    # UTF-8 as it is ("ü" one character, not "\\u00fc" six) before compression.
    return URLSafeSerializer(current_app.secret_key, salt="objection-draft",
                             serializer_kwargs={"ensure_ascii": False,
                                                "separators": (",", ":")})


def load() -> dict[str, Any]:
    """The draft of this request (an empty one where there is none, or a forged one)."""
    token = "".join(request.cookies.get(f"{COOKIE}{i}", "") for i in range(MAX_CHUNKS))
    try:
        data = _serializer().loads(token) if token else None
    except BadSignature:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        return empty()
    values = {k: v for k, v in data["values"].items()
              if isinstance(k, str) and isinstance(v, str)}
    notices = [n for n in data.get("notices") or [] if isinstance(n, dict)
               and isinstance(n.get("msgid"), str) and isinstance(n.get("params", {}), dict)]
    read = data.get("read") if isinstance(data.get("read"), dict) else {}
    read = {k: v for k, v in read.items() if isinstance(v, list) and len(v) == 2
            and all(isinstance(x, str) for x in v)}
    read_notes = [n for n in data.get("read_notes") or []
                  if isinstance(n, dict) and all(isinstance(v, str) for v in n.values())]
    history = [{k: v for k, v in e.items() if isinstance(k, str) and isinstance(v, str)}
               for e in data.get("history") or [] if isinstance(e, dict)][:MAX_EVENTS]
    return {"values": values, "errors_for": data.get("errors_for"), "notices": notices,
            "read": read, "read_notes": read_notes, "history": history}


def save(response: Response, draft: dict[str, Any]) -> Response:
    """Write the draft into the response's cookies (and clear chunks it no longer uses).
    A draft too large for the cookies is an error of the caller: field limits keep a
    case far below it."""
    token = _serializer().dumps({"values": displayable(draft["values"]),
                                 "errors_for": draft.get("errors_for"),
                                 "notices": draft.get("notices") or [],
                                 "read": draft.get("read") or {},
                                 "read_notes": draft.get("read_notes") or [],
                                 "history": displayable(draft.get("history") or [])})
    if len(token) > CHUNK * MAX_CHUNKS and (draft.get("read") or draft.get("read_notes")):
        # The reader's marks are a help, the answers are not: they go first.
        return save(response, {**draft, "read": {}, "read_notes": []})
    chunks = [token[i:i + CHUNK] for i in range(0, len(token), CHUNK)]
    if len(chunks) > MAX_CHUNKS:
        raise ValueError("draft too large for the cookies")
    for i in range(MAX_CHUNKS):
        if i < len(chunks):
            response.set_cookie(f"{COOKIE}{i}", chunks[i], httponly=True, samesite="Lax",
                                secure=request.is_secure)
        elif f"{COOKIE}{i}" in request.cookies:
            response.delete_cookie(f"{COOKIE}{i}", httponly=True, samesite="Lax",
                                   secure=request.is_secure)
    return response


_SURROGATE = re.compile("[\ud800-\udfff]")


def displayable(value: Any) -> Any:
    """What a page or the draft can hold: a lone surrogate (from a JSON escape such as
    "\\ud800") cannot be encoded, so it becomes U+FFFD, which the case model refuses with
    a message at its field. Only for showing and keeping; the domain refuses the
    original."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {displayable(k): displayable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [displayable(v) for v in value]
    return value


def clear(response: Response) -> Response:
    for i in range(MAX_CHUNKS):
        if f"{COOKIE}{i}" in request.cookies:
            response.delete_cookie(f"{COOKIE}{i}", httponly=True, samesite="Lax",
                                   secure=request.is_secure)
    return response
