"""The case while the user fills in the steps: raw form values in encrypted cookies in
the user's own browser, so that every page can be reached by a plain GET (the back
button never asks to resend a form) and nothing is stored on the server.

The draft is JSON, compressed, then encrypted and authenticated with Fernet (AES-128-CBC
and HMAC-SHA256, the `cryptography` package) under a key derived from the app's
SECRET_KEY; the keys in SECRET_KEY_FALLBACKS still decrypt, so a new secret key does not
lose open drafts. The cookies live until the browser closes, are HttpOnly and
SameSite=Lax, and over HTTPS Secure with the `__Host-` prefix (RFC 6265bis 4.1.3.2: only
a secure origin of this very host can set them). The token is split into chunks of at
most CHUNK bytes so no single cookie exceeds what browsers keep. A signature picture
drawn or uploaded on the step "Signature and sending" is kept in it, made small
(signature.compact: a drawn one takes 2-4 KB), until the browser closes; the saved case
(case.json) never holds it.

A draft that does not fit raises TooLarge: the caller says so where it was typed, and
nothing is dropped. A draft that is there but cannot be read (a key rotated away, a
cookie changed in the browser) gives an empty draft with a notice, never a value of it.
"""
from __future__ import annotations

import base64
import functools
import json
import re
import zlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, Response, current_app, g, request

from ..i18n import N_
from ..signature import MAX_KEPT

COOKIE = "draft"
# __Host-: the browser keeps it only if Secure, Path=/ and without Domain, so neither
# plain http nor a sibling subdomain can plant or overwrite a draft.
SECURE_PREFIX = "__Host-"
# Browsers keep at least 4096 bytes per cookie, name and attributes included, and at
# least 50 cookies per site (RFC 6265 6.1): 3800 bytes of value leave room for the rest.
CHUNK = 3800
# 30 KB at most, which is why gunicorn and nginx take a request header field of up to
# 32 KB (scripts/run, deploy/). bench/draft.py measures drafts the domain accepts: a
# case with case.MAX_EVENTS events of any kind and typical texts needs one cookie (at
# most 2 KB), with every text at its limit in four-byte characters that do not compress
# five (15 KB). The rest leaves room for over-long answers while their errors are shown.
MAX_CHUNKS = 8
# The key of the draft is derived from SECRET_KEY for this purpose alone (HKDF, RFC 5869),
# so the CSRF signature and the draft never share a key.
_KEY_INFO = b"objection/web/draft: Fernet key of the draft cookies, v1"
_MAX_JSON = 1024 * 1024    # a decompressed draft, bounded before it is parsed

UNREADABLE = N_("Your answers could not be read back, perhaps because the site was updated; "
                "please start again or load your saved case.")


class TooLarge(Exception):
    """The draft does not fit into the cookies the browser keeps."""


def empty() -> dict[str, Any]:
    """A draft: the raw form values, the step whose errors to show after a redirect,
    notices for the next page ([{"msgid", "params"}], rendered in its language), and
    what the notice reader filled in: per field the value read and the snippet it came
    from ({name: [value, snippet]}), its notes in both languages ([{"de", "en"}]), and the
    case's history (events as in the case JSON, values as strings)."""
    return {"values": {}, "errors_for": None, "notices": [], "read": {}, "read_notes": [],
            "history": [], "signature": ""}


def lost() -> dict[str, Any]:
    """The draft of a request whose cookies could not be read: empty, with the notice
    for the next page. `lost` (never written) tells the request's handler that the
    notice is still to be shown."""
    return {**empty(), "notices": [{"msgid": UNREADABLE, "params": {}}], "lost": True}


def _names(secure: bool) -> list[str]:
    prefix = SECURE_PREFIX if secure else ""
    return [f"{prefix}{COOKIE}{i}" for i in range(MAX_CHUNKS)]


def _stale() -> list[str]:
    """Draft cookies this request sent under a name that does not fit its scheme: over
    HTTPS the plain names (an older version of the app wrote them, or someone planted
    them); they are never read, only cleared."""
    return [name for name in _names(False) if name in request.cookies] \
        if request.is_secure else []


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str | bytes, ...]) -> MultiFernet:
    """The newest key encrypts, every key decrypts."""
    def derive(key: str | bytes) -> Fernet:
        secret = key.encode("utf-8") if isinstance(key, str) else key
        raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=_KEY_INFO).derive(secret)
        return Fernet(base64.urlsafe_b64encode(raw))
    return MultiFernet([derive(key) for key in keys])


def _cipher() -> MultiFernet:
    fallbacks = current_app.config.get("SECRET_KEY_FALLBACKS") or ()
    return _fernet((current_app.secret_key, *fallbacks))


def _encode(draft: dict[str, Any]) -> str:
    # Compressed before it is encrypted, so that a long case fits. The length of the
    # cookie then depends on what was typed; that is no compression oracle (CRIME,
    # BREACH): the draft holds only the user's own answers, no secret of the server,
    # and nobody else can add text to it (CSRF tokens, SameSite=Lax).
    data = json.dumps(draft, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _cipher().encrypt(zlib.compress(data, 9)).decode("ascii")


def _decode(token: str) -> Any:
    """The draft in `token`, or None where no key authenticates it."""
    try:
        data = _cipher().decrypt(token.encode("ascii"))
        inflater = zlib.decompressobj()
        text = inflater.decompress(data, _MAX_JSON)
        if inflater.unconsumed_tail:
            return None
        return json.loads(text)
    except (InvalidToken, zlib.error, ValueError):     # ValueError: not ASCII, not JSON
        return None


def load() -> dict[str, Any]:
    """The draft of this request: an empty one where there is none, `lost()` where
    there is one that no key can read."""
    token = "".join(request.cookies.get(name, "") for name in _names(request.is_secure))
    if not token and not _stale():
        return empty()
    data = _decode(token) if token else None
    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        g.draft_lost = True
        return lost()
    values = {k: v for k, v in data["values"].items()
              if isinstance(k, str) and isinstance(v, str)}
    notices = [n for n in data.get("notices") or [] if isinstance(n, dict)
               and isinstance(n.get("msgid"), str) and isinstance(n.get("params", {}), dict)]
    read = data.get("read") if isinstance(data.get("read"), dict) else {}
    read = {k: v for k, v in read.items() if isinstance(v, list) and len(v) in (2, 3)
            and all(isinstance(x, str) for x in v[:2]) and (len(v) == 2 or (
                isinstance(v[2], dict) and all(isinstance(x, str) for x in v[2].values())))}
    read_notes = [n for n in data.get("read_notes") or []
                  if isinstance(n, dict) and all(isinstance(v, str) for v in n.values())]
    history = [{k: v for k, v in e.items() if isinstance(k, str) and isinstance(v, str)}
               for e in data.get("history") or [] if isinstance(e, dict)]
    signature = data.get("signature")
    signature = signature if isinstance(signature, str) and signature.startswith(
        "data:image/png;base64,") and len(signature) <= MAX_KEPT else ""
    return {"values": values, "errors_for": data.get("errors_for"), "notices": notices,
            "read": read, "read_notes": read_notes, "history": history,
            "signature": signature}


def save(response: Response, draft: dict[str, Any]) -> Response:
    """Write the draft into the response's cookies (and clear chunks it no longer uses).
    TooLarge where it does not fit, and then the response is left as it was."""
    token = _encode({"values": displayable(draft["values"]),
                     "errors_for": draft.get("errors_for"),
                     "notices": draft.get("notices") or [],
                     "read": draft.get("read") or {},
                     "read_notes": draft.get("read_notes") or [],
                     "history": displayable(draft.get("history") or []),
                     "signature": draft.get("signature") or ""})
    if len(token) > CHUNK * MAX_CHUNKS and (draft.get("read") or draft.get("read_notes")):
        # The reader's marks are a help, the answers are not: they go first.
        return save(response, {**draft, "read": {}, "read_notes": []})
    chunks = [token[i:i + CHUNK] for i in range(0, len(token), CHUNK)]
    if len(chunks) > MAX_CHUNKS:
        raise TooLarge(len(token))
    for i, name in enumerate(_names(request.is_secure)):
        if i < len(chunks):
            response.set_cookie(name, chunks[i], httponly=True, samesite="Lax",
                                secure=request.is_secure)
        elif name in request.cookies:
            _delete(response, name)
    for name in _stale():
        _delete(response, name)
    g.draft_written = True
    return response


def clear(response: Response) -> Response:
    for name in [*_names(request.is_secure), *_stale()]:
        if name in request.cookies:
            _delete(response, name)
    g.draft_written = True
    return response


def _delete(response: Response, name: str) -> None:
    response.delete_cookie(name, httponly=True, samesite="Lax", secure=request.is_secure)


def _replace_lost(response: Response) -> Response:
    """A request that found its draft unreadable and wrote none itself replaces it with
    the empty draft that carries the notice, so the next page says what happened (and
    the unreadable cookies are gone)."""
    if g.get("draft_lost") and not g.get("draft_written"):
        save(response, lost())
    return response


def init_app(app: Flask) -> None:
    app.after_request(_replace_lost)


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
