"""Case + Assessment -> the letter's content, then HTML via Jinja2 (no Flask).

`compose()` chooses the blocks of text by sector and options (docs/rules.md section 5) in
the letter's language; `render_html()` lays them out with the templates in
templates/letter/. The legal basis of every paragraph is named where it is written.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from babel import Locale
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import paths
from .assess import Assessment
from .case import Case
from .i18n import NBSP, N_, Writer, gettext, locale_of
from . import followups
from .paragraphs import Paragraph, compose_body, keep_together, price_terms
from .rules import SectorRule, text_form_suffices
from .textwidth import label_column
from .vocabulary import DELIVERIES, by_key

if TYPE_CHECKING:
    from .records import RecordsContent

__all__ = ["LetterContent", "Row", "compose", "keep_together", "render_html"]


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    detail: str = ""
    basis: str = ""         # the statutes behind it (the "why")


@dataclass(frozen=True)
class LetterContent:
    lang: str
    translation_note: str          # non-empty when this is a translation, not to send
    copy_note: str                 # non-empty on the advance copy for fax or e-mail
    sender: list[str]
    return_line: str
    postal_note: str
    recipient: list[str]
    recipient_size: int            # type size in pt that keeps the address to six lines
    info: list[Row]
    subject: str
    salutation: str
    paragraphs: list[Paragraph]
    closing: str
    signer: str
    signature_image: str           # re-encoded PNG data URI, or ""
    signature_label: str           # "copy of the signature" / "please sign by hand"
    title: str
    page_label: tuple[str, str]    # ("Seite ", " von ") around the page counters


# --- The letter ------------------------------------------------------------------------

def text_form_enough(case: Case) -> bool:
    """docs/rules.md R9, R10: text form suffices where the notice asks no more, or § 309
    Nr. 13 BGB keeps a consumer's terms from asking more; "unknown" is the safe side."""
    return case.notice.required_form in ("text", "none") or text_form_suffices(
        case.contract.consumer, case.contract.start_date)


def image_signs_letter(case: Case) -> bool:
    """docs/rules.md R11: a drawn or uploaded signature is a copy. It signs the letter
    itself only where text form suffices; where written form is or may be demanded, the
    posted letter is signed in ink and the picture goes on an advance copy for fax or
    e-mail."""
    return case.signature.mode == "image" and bool(case.signature.image) \
        and text_form_enough(case)


def advance_copy_available(case: Case) -> bool:
    """A signature picture that may not sign the posted letter goes on an advance copy."""
    return case.signature.mode == "image" and bool(case.signature.image) \
        and not text_form_enough(case)


def compose(case: Case, a: Assessment, lang: str | None = None,
            today: dt.date | None = None, advance_copy: bool = False,
            kind: str = "objection") -> LetterContent:
    """The letter in `lang` (default: the case's letter language). A language other
    than the one the case sends in gives a translation for the customer's own
    understanding, and the letter says so (docs/rules.md section 5). `advance_copy`
    gives the copy for fax or e-mail that carries the signature picture. `kind` is the
    objection or a later letter (objection.followups), dated today."""
    lang = lang or case.letter.language
    _ = Writer(lang)
    c, p, n = case.customer, case.provider, case.notice
    rule = a.facts.rule
    if kind == "objection":
        letter_date = case.letter.date or today or a.today
        subject, paragraphs = _subject(case, rule, _), compose_body(case, a, _, letter_date)
        body = None
    else:
        letter_date = today or a.today
        subject, paragraphs, body = followups.compose(kind, case, a, _, letter_date)

    sender = [c.name, c.street, f"{c.postal_code} {c.city}"]
    if c.country != "DE":
        sender.append(c.country)
    if c.email:
        sender.append(c.email)
    recipient = [line for line in (p.name, p.department, p.street,
                                   f"{p.postal_code} {p.city}") if line]
    if p.country != "DE":
        recipient.append(_country_name(p.country, lang))
    if kind == "arbitration":
        recipient = body.address

    info = []
    if c.customer_number:
        info.append(Row(_(N_("Customer no.")), c.customer_number))
    if c.contract_number:
        info.append(Row(_(N_("Contract no.")), c.contract_number))
    if kind == "objection":
        info.append(Row(_(N_("Your letter of")), _.short_date(n.date)))
        if n.received:
            info.append(Row(_(N_("Received on")), _.short_date(n.received)))
    else:
        info.append(Row(_(N_("Price notice of")), _.short_date(n.date)))
        # What the first letter was (rules.SectorRule.first_letter).
        first = {"objection": N_("My objection of"), "rejection": N_("My rejection of"),
                 "request": N_("My letter of")}[a.facts.rule.first_letter]
        info.append(Row(_(first), _.short_date(case.events("objection_sent")[0].date)))
    place = case.letter.place or c.city
    info.append(Row(_(N_("Date")), f"{place}, {_.short_date(letter_date)}"))

    return LetterContent(
        lang=lang,
        translation_note=(_(N_("Translation for your understanding only. Send the letter in "
                               "the original language."))
                          if lang != case.letter.language else ""),
        sender=sender,
        return_line=" · ".join([c.name, c.street, f"{c.postal_code} {c.city}"]),
        # To the arbitration body only by post: the provider's fax is not its fax.
        postal_note=("" if kind == "arbitration" and
                     by_key(DELIVERIES, case.options.delivery).contact else
                     _postal_note(case, _)),
        recipient=recipient,
        recipient_size=address_size(recipient),
        info=info,
        subject=subject,
        salutation=_(N_("Dear Sir or Madam,")),
        paragraphs=paragraphs,
        closing=_(N_("Yours faithfully")),
        signer=c.name,
        copy_note=(_(N_("Advance copy by fax or e-mail. The original signed by hand follows "
                        "by post.")) if advance_copy else ""),
        signature_image=(case.signature.image if image_signs_letter(case) or advance_copy
                         and advance_copy_available(case) else ""),
        signature_label=(_(N_("(copy of the signature)")) if image_signs_letter(case) or
                         advance_copy and advance_copy_available(case) else ""),
        title=subject.replace(NBSP, " "),
        page_label=_page_label(lang),
    )


# Characters per line of the 75 mm address zone, by type size (Liberation Sans, with
# room to spare); DIN 5008 allows six lines and no less than 8 pt.
_CHARS_PER_LINE = {10: 40, 9: 45, 8: 51}


def address_size(lines: list[str]) -> int:
    """The largest type size at which the recipient's address needs at most six lines."""
    for size, chars in _CHARS_PER_LINE.items():
        if sum(-(-len(line) // chars) for line in lines) <= 6:
            return size
    return 8


def _page_label(lang: str) -> tuple[str, str]:
    """'Seite %(page)s von %(pages)s' split around the numbers, which CSS counters fill
    in on page 2 on (DIN 5008)."""
    label = gettext(lang, N_("Page %(page)s of %(pages)s"))
    before, rest = label.split("%(page)s")
    return before.strip(), rest.split("%(pages)s")[0].strip()


def _country_name(code: str, lang: str) -> str:
    """DIN 5008: the destination country in capitals on the last address line."""
    return Locale.parse(locale_of(lang)).territories.get(code, code).upper()


def _postal_note(case: Case, _: Writer) -> str:
    """The note zone's line: Deutsche Post's own term, or the channel with the number
    or address it goes to (nothing where that is missing)."""
    delivery = by_key(DELIVERIES, case.options.delivery)
    contact = getattr(case.provider, delivery.contact) if delivery.contact else ""
    if not delivery.note or (delivery.contact and not contact):
        return ""
    return _(delivery.note, contact=contact)


def _subject(case: Case, rule: SectorRule, _: Writer) -> str:
    n, o, terms = case.notice, case.options, price_terms(case)
    reference = case.contract.tariff or case.customer.contract_number or \
        case.customer.customer_number
    effective = _.date(n.effective)
    if not o.object:
        text = _(N_("Termination because of the %(increase)s as of %(effective)s"),
                 effective=effective, **terms)
    else:
        subject = {"reject": N_("Rejection of the proposed change as of %(effective)s"),
                   "ask": N_("Premium adjustment as of %(effective)s: request for the reasons "
                             "and a tariff switch offer")}
        objection = N_("Objection to the %(increase)s as of %(effective)s")
        text = _(subject.get(rule.declaration, objection), effective=effective, **terms)
        if o.terminate_fallback:
            text += " " + _(N_("and, in the alternative, termination"))
    return f"{text} – {reference}" if reference else text


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
