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
from ..textwidth import label_column

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


def _lines(letter: LetterContent) -> int:
    """The letter's length in lines and gaps, as a guess: about 90 characters a line,
    85 in a list, one gap after each paragraph, the subject at 80."""
    return sum(-(-len(p.text) // 90) + 1 + sum(-(-len(item) // 85) for item in p.items)
               for p in letter.paragraphs) + -(-len(letter.subject) // 80)


def starting_size(letter: LetterContent) -> int:
    """The type size to try first, judged from the length of the text, so that a long
    letter is not laid out three times; pdf.py still checks the page and goes smaller
    when needed. Measured on the fixtures, each shortened and lengthened paragraph by
    paragraph (tests/test_pdf.py): up to 26 lines-and-gaps fit at 10.5 pt, up to 31 at
    10 pt; a guess that is too small only costs a layout more."""
    lines = _lines(letter)
    return 0 if lines <= 26 else 1 if lines <= 31 else 2


def expected_pages(letter: LetterContent) -> int:
    """The letter's pages at the smallest size, as a guess: from 38 lines-and-gaps on
    (the fixtures) it needs a second page, and about 55 more make another. pdf.py lays
    out a letter expected on more pages once, with this count in "Page 2 of 2", and
    again only when the guess was wrong."""
    lines = _lines(letter)
    return 1 if lines < 38 else 2 + (lines - 38) // 55


def render_html(letter: LetterContent, records: RecordsContent | None = None, size: int = 0,
                letter_pages: int = 1, standalone: bool = False) -> str:
    """The letter, and after it the records sheet on its own page, as one HTML document
    for WeasyPrint (one layout, one font subset). `size` is one of `SIZES`;
    `letter_pages` is the letter's own page count for "Seite 2 von 2"; `standalone`
    links the stylesheets so a browser shows it too (for design work)."""
    return environment().get_template("letter/letter.html").render(
        letter=letter, records=records, size=size, letter_pages=letter_pages,
        standalone=standalone, info_tab=label_column([row.label for row in letter.info]))


def render_records_html(records: RecordsContent, standalone: bool = False) -> str:
    """The records sheet as a document of its own (its own download)."""
    return environment().get_template("letter/records.html").render(
        records=records, standalone=standalone)
