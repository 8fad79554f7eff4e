"""Case + Assessment -> a letter's content, for any kind (kinds.KINDS): sender,
recipient, reference block, subject, the kind's paragraphs in order and the signature,
in the letter's language. layout.py lays it out; nothing here knows HTML.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


from ..assess import Assessment
from ..case import Case
from ..i18n import NBSP, N_, Writer, format_locale, gettext
from ..postcodes import town_line
from ..vocabulary import DELIVERIES, by_key
from .kinds import KINDS
from .layout import address_size
from .parts import Paragraph, Row
from .signing import advance_copy_available, image_signs_letter
from .wording import keep_together


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

def compose(case: Case, a: Assessment, lang: str | None = None,
            today: dt.date | None = None, advance_copy: bool = False,
            kind: str = "objection") -> LetterContent:
    """The letter `kind` (kinds.KINDS) in `lang` (default: the case's letter language).
    A language other than the one the case sends in gives a translation for the
    customer's own understanding, and the letter says so (docs/rules.md section 5).
    `advance_copy` gives the copy for fax or e-mail that carries the signature picture.
    The objection is dated as the case says, a later letter `today` (default: the
    assessment's day)."""
    lang = lang or case.letter.language
    _ = Writer(lang)
    c, p = case.customer, case.provider
    letter = KINDS[kind]
    letter_date = letter.letter_date(case, a, today)
    context = letter.context(case, a, _, letter_date)
    subject = keep_together(letter.subject(context))
    paragraphs = list(_paragraphs(letter.parts, context))

    sender = [c.name, c.street, town_line(c.postal_code, c.city, c.country)]
    if c.country != "DE":
        sender.append(c.country)
    if c.email:
        sender.append(c.email)
    recipient = [line for line in (p.name, p.department, p.street,
                                   town_line(p.postal_code, p.city, p.country)) if line]
    if p.country != "DE":
        recipient.append(_country_name(p.country, lang))
    if letter.recipient:
        recipient = letter.recipient(context)

    info = []
    if c.customer_number:
        info.append(Row(_(N_("Customer no.")), c.customer_number))
    if c.contract_number:
        info.append(Row(_(N_("Contract no.")), c.contract_number))
    info.extend(letter.references(context))
    place = case.letter.place or c.city
    info.append(Row(_(N_("Date")), f"{place}, {_.short_date(letter_date)}"))

    return LetterContent(
        lang=lang,
        translation_note=(_(N_("Translation for your understanding only. Send the letter in "
                               "the original language."))
                          if lang != case.letter.language else ""),
        sender=sender,
        return_line=" · ".join([c.name, c.street, town_line(c.postal_code, c.city, c.country)]),
        postal_note=("" if letter.post_only and
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


def _paragraphs(parts, context):
    """Each part's paragraphs in order; a part without text is left out."""
    for part in parts:
        text = part.text(context)
        for key, words in ([(part.key, text)] if isinstance(text, str) else text):
            if words:
                items = part.items(context) if part.items else ()
                yield Paragraph(key, keep_together(words), items)



def _page_label(lang: str) -> tuple[str, str]:
    """'Seite %(page)s von %(pages)s' split around the numbers, which CSS counters fill
    in on page 2 on (DIN 5008)."""
    label = gettext(lang, N_("Page %(page)s of %(pages)s"))
    before, rest = label.split("%(page)s")
    return before.strip(), rest.split("%(pages)s")[0].strip()


def _country_name(code: str, lang: str) -> str:
    """DIN 5008: the destination country in capitals on the last address line."""
    return format_locale(lang).territories.get(code, code).upper()


def _postal_note(case: Case, _: Writer) -> str:
    """The note zone's line: Deutsche Post's own term, or the channel with the number
    or address it goes to (nothing where that is missing)."""
    delivery = by_key(DELIVERIES, case.options.delivery)
    contact = getattr(case.provider, delivery.contact) if delivery.contact else ""
    if not delivery.note or (delivery.contact and not contact):
        return ""
    return _(delivery.note, contact=contact)
