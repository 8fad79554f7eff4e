"""The letter's layout: the Jinja2 environment over templates/letter/, the HTML of the
letter and of the records sheet for WeasyPrint, the type size to try first and the
type size that keeps the recipient's address to six lines. The contents are composed
in content.py and records.py, which know nothing of HTML.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import paths

if TYPE_CHECKING:
    from .content import LetterContent
    from .records import RecordsContent


# Characters per line of the 75 mm address zone, by type size (Liberation Sans, with
# room to spare); DIN 5008 allows six lines and no less than 8 pt.
_CHARS_PER_LINE = {10: 40, 9: 45, 8: 51}


def address_size(lines: list[str]) -> int:
    """The largest type size at which the recipient's address needs at most six lines."""
    for size, chars in _CHARS_PER_LINE.items():
        if sum(-(-len(line) // chars) for line in lines) <= 6:
            return size
    return 8


# --- HTML ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(paths.TEMPLATES)),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


SIZES = (0, 1, 2)   # type sizes in letter.css, largest first


def starting_size(letter: LetterContent) -> int:
    """The type size to try first, judged from the length of the text, so that a long
    letter is not laid out three times; pdf.py still checks the page and goes smaller
    when needed. Measured on the fixtures (tests/test_pdf.py): up to 24 lines-and-gaps
    fit at 10.5 pt, up to 29 at 10 pt (about 90 characters per line); the bounds keep
    a little room, as a guess that is too small only costs a layout more."""
    measure = sum(-(-len(p.text) // 90) + 1 for p in letter.paragraphs)
    return 0 if measure <= 26 else 1 if measure <= 30 else 2


def render_html(letter: LetterContent, records: RecordsContent | None = None, size: int = 0,
                letter_pages: int = 1, standalone: bool = False) -> str:
    """The letter, and after it the records sheet on its own page, as one HTML document
    for WeasyPrint (one layout, one font subset). `size` is one of `SIZES`;
    `letter_pages` is the letter's own page count for "Seite 2 von 2"; `standalone`
    links the stylesheets so a browser shows it too (for design work)."""
    return environment().get_template("letter/letter.html").render(
        letter=letter, records=records, size=size, letter_pages=letter_pages,
        standalone=standalone)


def render_records_html(records: RecordsContent, standalone: bool = False) -> str:
    """The records sheet as a document of its own (its own download)."""
    return environment().get_template("letter/records.html").render(
        records=records, standalone=standalone)
