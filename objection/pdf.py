"""HTML -> PDF with WeasyPrint, locked down.

WeasyPrint is imported, and fonts and stylesheets prepared, once per process. The
renderer may load nothing but the letter's own assets (fonts, stylesheets) and the
image data URIs we produced; every other URL (file://, http://, relative paths to
elsewhere) is refused.
"""
from __future__ import annotations

import base64
import datetime as dt
import gc
import io
import mimetypes
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import cssselect2
from PIL import Image, ImageDraw
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import paths, weasyprint_patches
from .assess import Assessment, assess
from .case import Case, from_dict
from .letters.content import LetterContent, compose
from .letters.layout import (SIZES, expected_pages, render_html, render_records_html,
                             starting_size)
from .letters.records import RecordsContent, compose_records

LETTER_DIR = paths.LETTER_TEMPLATES
FONT_DIR = paths.FONTS
BASE_URL = LETTER_DIR.as_uri() + "/"
ALLOWED_FILES = frozenset(
    [*(p.resolve() for p in FONT_DIR.glob("*.ttf")),
     *(p.resolve() for p in LETTER_DIR.glob("*.css"))])
ALLOWED_DATA = ("data:image/png;", "data:image/jpeg;")


class RefusedURL(ValueError):
    """The renderer asked for something outside the letter's own assets."""


class LetterFetcher(URLFetcher):
    """Serves the letter's own files and image data URIs; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(ALLOWED_DATA):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if path in ALLOWED_FILES:
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        raise RefusedURL(f"refused: {url[:80]}")


FETCHER = LetterFetcher()
# Before the font configuration is made: one of the patches adds to it (docs/perf/).
weasyprint_patches.apply()
FONT_CONFIG = FontConfiguration()


def _stylesheet(name: str) -> CSS:
    return CSS(filename=str(LETTER_DIR / name), url_fetcher=FETCHER, font_config=FONT_CONFIG)


STYLESHEETS = (_stylesheet("fonts.css"), _stylesheet("letter.css"))
UA_STYLESHEET = _stylesheet("ua.css")


class LetterHTML(HTML):
    """A letter or records sheet, as WeasyPrint's HTML with two shortcuts that leave the
    pages as they were (tests/test_pdf.py):

    - its templates are well-formed XML, so ElementTree's C parser reads them where
      WeasyPrint's HTML5 parser in Python took 13 of the seed letter's 180 M
      instructions; a document it cannot read (a noncharacter such as U+FFFE, which
      the case's checks let through) goes to WeasyPrint's parser as before;
    - WeasyPrint's own user-agent stylesheet, matched against every element, is cut to
      the rules for the elements the templates use (templates/letter/ua.css).
    """

    def __init__(self, string: str) -> None:
        try:
            root = ElementTree.fromstring(string)
        except ElementTree.ParseError:
            super().__init__(string=string, base_url=BASE_URL, url_fetcher=FETCHER)
            return
        # What HTML.__init__ sets after parsing (WeasyPrint 70; the pin holds it).
        self.base_url = BASE_URL
        self.url_fetcher = FETCHER
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
            root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [UA_STYLESHEET]

# One render at a time per process: the font configuration is shared.
_LOCK = threading.Lock()


@contextmanager
def _rendering() -> Iterator[None]:
    """One render at a time, and no garbage collection during it. A letter makes the
    collector run about five times (2-3 ms of 60 measured): each run scans the render's
    live boxes and styles and promotes them, so that the older generations fill with
    objects that die a moment later, and every twentieth letter or so a full collection
    walks all the app's objects. With collection off, the first allocation after the
    render collects the youngest generation once: the few thousand objects a render
    leaves in reference cycles go then, and nothing of it is promoted. Under gunicorn
    that collection waits until the response is sent (gunicorn_conf.post_request)."""
    with _LOCK:
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if enabled:
                gc.enable()


def _document(html: str) -> Document:
    return LetterHTML(html).render(
        stylesheets=list(STYLESHEETS), font_config=FONT_CONFIG)


def _letter_pages(document) -> int:
    """The letter's own pages: those before the records sheet starts."""
    for number, page in enumerate(document.pages):
        if "records" in page.anchors:
            return number
    return len(document.pages)


def render_pdf(case: Case, assessment: Assessment, lang: str | None = None,
               records: bool = True, records_lang: str | None = None,
               today: dt.date | None = None, advance_copy: bool = False,
               kind: str = "objection") -> bytes:
    """The case's letter as PDF bytes, with the records sheet unless `records` is off
    (the objection's only); `advance_copy` gives the copy for fax or e-mail with the
    signature picture; `kind` a later letter (objection.letters.kinds)."""
    return render_letter(*_contents(case, assessment, lang, records, records_lang, today,
                                    advance_copy, kind))


def _contents(case: Case, assessment: Assessment, lang: str | None, records: bool,
              records_lang: str | None, today: dt.date | None, advance_copy: bool,
              kind: str) -> tuple[LetterContent, RecordsContent | None]:
    letter = compose(case, assessment, lang, today, advance_copy, kind)
    sheet = (compose_records(case, assessment, records_lang or letter.lang)
             if records and kind == "objection" else None)
    return letter, sheet


def _laid_out(letter: LetterContent, sheet: RecordsContent | None) -> tuple[Document, dict]:
    """One page for the letter when the content allows (smaller type sizes are tried
    before a second page), then the records sheet on its own page. A letter expected
    on more pages is laid out at the smallest size with that page count at once.
    Returns the laid-out document and the arguments of `render_html` that made its
    HTML."""
    pages_guess = expected_pages(letter)
    for size in SIZES[starting_size(letter):]:
        options = {"size": size}
        if size == SIZES[-1] and pages_guess > 1:
            options["letter_pages"] = pages_guess
        document = _document(render_html(letter, sheet, **options))
        pages = _letter_pages(document)
        # One page also where more were expected: "Page 2 of n" is not on the first.
        if pages in (1, options.get("letter_pages")):
            return document, options
    # Even the smallest size needs more pages: say how many on each.
    options = {"size": size, "letter_pages": pages}
    return _document(render_html(letter, sheet, **options)), options


def render_letter(letter: LetterContent, sheet: RecordsContent | None = None) -> bytes:
    """The letter (and the records sheet) as PDF bytes."""
    with _rendering():
        document, _ = _laid_out(letter, sheet)
        # Tagged for screen readers. Not PDF/A: its sRGB output intent leaks an open file
        # per render in WeasyPrint 70 (ResourceWarning), for no gain in a printed letter.
        return document.write_pdf(pdf_tags=True)


# A font's url() in fonts.css, which points from templates/letter/ to static/fonts/.
_FONT_URL = re.compile(r'url\("[^"]*?([^/"]+\.ttf)"\)')


def write_html(case: Case, assessment: Assessment, target: Path, lang: str | None = None,
               records: bool = True, today: dt.date | None = None,
               kind: str = "objection") -> None:
    """The document that `render_pdf` renders, written as a browser can open it: the
    HTML at the type size and page count the PDF has, its stylesheets linked and copied
    beside it, the fonts in fonts/ with relative links, the signature as a data URI.
    For looking at the letter in a browser and for benchmarks (bench/letter.py); the
    app itself passes the pre-parsed stylesheets to WeasyPrint instead."""
    letter, sheet = _contents(case, assessment, lang, records, None, today, False, kind)
    with _rendering():
        _, options = _laid_out(letter, sheet)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(letter, sheet, standalone=True, **options), encoding="utf-8")
    (target.parent / "letter.css").write_bytes((LETTER_DIR / "letter.css").read_bytes())
    fonts_css = (LETTER_DIR / "fonts.css").read_text(encoding="utf-8")
    (target.parent / "fonts.css").write_text(
        _FONT_URL.sub(lambda m: f'url("fonts/{m.group(1)}")', fonts_css), encoding="utf-8")
    (target.parent / "fonts").mkdir(exist_ok=True)
    for font in FONT_DIR.glob("*.ttf"):
        (target.parent / "fonts" / font.name).write_bytes(font.read_bytes())


def warm_up() -> None:
    """Render an invented letter, signed with a picture, with its records sheet, once:
    what WeasyPrint, fontconfig, Pillow and Jinja load or compile on first use is then
    in memory (in gunicorn's preloaded master: shared by every worker it forks, and
    frozen there by wsgi.py) instead of being loaded by each worker's first letter."""
    picture = Image.new("RGBA", (60, 20), (0, 0, 0, 0))
    ImageDraw.Draw(picture).line([(2, 15), (30, 4), (58, 12)], fill=(0, 0, 0, 255), width=2)
    png = io.BytesIO()
    picture.save(png, format="PNG")
    day = dt.date(2026, 9, 5)
    case = from_dict({
        "customer": {"name": "Erika Mustermann", "street": "Heidestraße 17",
                     "postal_code": "51147", "city": "Köln", "customer_number": "K-1"},
        "provider": {"name": "Beispiel Telekom GmbH", "street": "Postfach 10 20 30",
                     "postal_code": "10115", "city": "Berlin"},
        "contract": {"sector": "telecom", "tariff": "DSL 100", "start_date": "2015-03-01"},
        "notice": {"date": "2026-09-01", "received": "2026-09-03", "old_price": "19.99",
                   "new_price": "29.99", "effective": "2026-11-01", "objection_period": "P4W",
                   "required_form": "text"},
        "letter": {"date": day.isoformat()},
        "signature": {"mode": "image", "image": "data:image/png;base64,"
                      + base64.b64encode(png.getvalue()).decode("ascii")}}, day)
    render_pdf(case, assess(case, day))


def render_records(case: Case, assessment: Assessment, lang: str) -> bytes:
    """The sheet for the customer's records on its own, as PDF bytes."""
    sheet = compose_records(case, assessment, lang)
    with _rendering():
        return _document(render_records_html(sheet)).write_pdf(pdf_tags=True)


def render_page(html: str) -> bytes:
    """A document of the app's own besides the letters (a campaign's handout), its
    styles inline: the same locked-down fetcher, fonts and one render at a time."""
    with _rendering():
        return HTML(string=html, base_url=BASE_URL, url_fetcher=FETCHER).render(
            stylesheets=[STYLESHEETS[0]], font_config=FONT_CONFIG).write_pdf(pdf_tags=True)
