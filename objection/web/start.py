"""The start page: load a saved case, or have the provider's notice read. It comes back
with a message wherever a request cannot go on (an expired form, a file too large or
unreadable), so intake.py, pages.py and problems.py all render it here."""
from __future__ import annotations

from flask import render_template

from ..i18n import N_
from ..reader import MAX_BYTES, ReaderError
from .language import ui_lang

MAX_PASTE = 200_000         # characters of pasted notice text (the reader reads no more)


def render_start(message: str = "", status: int = 200, read_error: tuple[str, str] | None = None,
                 pasted: str = "") -> tuple[str, int]:
    """The start page; `read_error` is (field id, message) for the notice reader's form,
    `pasted` the text the user had pasted there. The page carries the file limit and its
    refusal, so that static/app.js refuses a larger file before it is sent."""
    return render_template("start.html", message=message, read_error=read_error,
                           pasted=pasted, max_text=MAX_PASTE, max_bytes=MAX_BYTES,
                           max_mb=MAX_BYTES // 1_000_000,
                           too_large=file_too_large().render(ui_lang())), status


def file_too_large() -> ReaderError:
    """The notice's file is over the limit: the page says so before the upload (with
    JavaScript) and the server after it, in the same words and with a way forward."""
    return ReaderError("too_large", N_(
        "The file is larger than %(max)s MB. Take a smaller photo (a lower resolution in "
        "the camera's settings is still sharp enough to read), or paste the text of the "
        "notice below instead."), max=MAX_BYTES // 1_000_000)
