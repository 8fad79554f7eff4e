"""Case + Assessment -> the letter's content, then HTML via Jinja2 (no Flask).

`compose()` chooses the blocks of text by sector and options (docs/rules.md section 5) in
the letter's language; `render_html()` lays them out with the templates in
templates/letter/. The legal basis of every paragraph is named where it is written.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from babel import Locale
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import paths
from .assess import Assessment
from .case import Case
from .i18n import NBSP, Message, N_, Writer, fmt_amount, gettext, locale_of
from .rules import SectorRule
from .vocabulary import DELIVERIES, PRICE_UNITS, SECTORS, by_key

if TYPE_CHECKING:
    from .records import RecordsContent

# Keep "§ 41 Abs. 5 EnWG" and "Nr. 5" together on one line.
_STATUTE_SPACE = re.compile(r"(?<=§)\s|(?<=\bAbs\.)\s|(?<=\bNr\.)\s|\s(?=(?:Abs|Nr)\.)"
                            r"|\s(?=(?:BGB|EnWG|TKG|VVG|StromGVV|GasGVV)\b)")


def keep_together(text: str) -> str:
    """No line break inside a statute reference or a price per kWh."""
    return _STATUTE_SPACE.sub(NBSP, text).replace("ct/kWh", "ct/\u2060kWh")


@dataclass(frozen=True)
class Paragraph:
    key: str            # what it does: objection, continuation, reservation, ...
    text: str


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class LetterContent:
    lang: str
    translation_note: str          # non-empty when this is a translation, not to send
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


def _price(_: Writer, amount: Decimal, case: Case) -> str:
    """'29,99 € monatlich' / '32,50 ct/kWh'."""
    unit = case.notice.price_unit
    value = fmt_amount(amount, case.notice.currency, _.lang, per_kwh=unit == "kWh")
    return value if unit == "kWh" else f"{value} {_(by_key(PRICE_UNITS, unit).label)}"


# --- The letter ------------------------------------------------------------------------

def compose(case: Case, a: Assessment, lang: str | None = None,
            today: dt.date | None = None) -> LetterContent:
    """The letter in `lang` (default: the case's letter language). A language other
    than the one the case sends in gives a translation for the customer's own
    understanding, and the letter says so (docs/rules.md section 5)."""
    lang = lang or case.letter.language
    _ = Writer(lang)
    c, p, n = case.customer, case.provider, case.notice
    letter_date = case.letter.date or today or a.today
    rule = a.facts.rule

    sender = [c.name, c.street, f"{c.postal_code} {c.city}"]
    if c.country != "DE":
        sender.append(c.country)
    if c.email:
        sender.append(c.email)
    recipient = [p.name, p.street, f"{p.postal_code} {p.city}"]
    if p.country != "DE":
        recipient.append(_country_name(p.country, lang))

    info = []
    if c.customer_number:
        info.append(Row(_(N_("Customer no.")), c.customer_number))
    if c.contract_number:
        info.append(Row(_(N_("Contract no.")), c.contract_number))
    info.append(Row(_(N_("Your letter of")), _.short_date(n.date)))
    if n.received:
        info.append(Row(_(N_("Received on")), _.short_date(n.received)))
    place = case.letter.place or c.city
    info.append(Row(_(N_("Date")), f"{place}, {_.short_date(letter_date)}"))

    paragraphs = _body(case, a, _, letter_date)
    subject = _subject(case, rule, _)
    return LetterContent(
        lang=lang,
        translation_note=(_(N_("Translation for your understanding only. Send the letter in "
                               "the original language."))
                          if lang != case.letter.language else ""),
        sender=sender,
        return_line=" · ".join([c.name, c.street, f"{c.postal_code} {c.city}"]),
        postal_note=_postal_note(case, _),
        recipient=recipient,
        recipient_size=address_size(recipient),
        info=info,
        subject=subject,
        salutation=_(N_("Dear Sir or Madam,")),
        paragraphs=paragraphs,
        closing=_(N_("Yours faithfully")),
        signer=c.name,
        signature_image=case.signature.image if case.signature.mode == "image" else "",
        signature_label=(_(N_("(copy of the signature)")) if case.signature.mode == "image"
                         else ""),
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


def price_terms(case: Case) -> dict[str, Message]:
    """What the letter calls the amount that rises: an insurer charges a premium
    ("Beitrag", section 40 VVG), everybody else a price."""
    if by_key(SECTORS, case.contract.sector).premium:
        return {"price": Message(N_("premium")), "increase": Message(N_("premium increase"))}
    return {"price": Message(N_("price")), "increase": Message(N_("price increase"))}


def _subject(case: Case, rule: SectorRule, _: Writer) -> str:
    n, o, terms = case.notice, case.options, price_terms(case)
    reference = case.contract.tariff or case.customer.contract_number or \
        case.customer.customer_number
    if o.object and o.terminate_fallback:
        text = _(N_("Objection to the %(increase)s as of %(effective)s and, in the "
                    "alternative, termination"), effective=_.date(n.effective), **terms)
    elif o.object:
        text = _(N_("Objection to the %(increase)s as of %(effective)s"),
                 effective=_.date(n.effective), **terms)
    else:
        text = _(N_("Termination because of the %(increase)s as of %(effective)s"),
                 effective=_.date(n.effective), **terms)
    return f"{text} – {reference}" if reference else text


def _body(case: Case, a: Assessment, _: Writer, letter_date: dt.date) -> list[Paragraph]:
    n, o, rule = case.notice, case.options, a.facts.rule
    terms = price_terms(case)
    old, new = _price(_, n.old_price, case), _price(_, n.new_price, case)
    tariff = case.contract.tariff
    out: list[Paragraph] = []

    def add(key: str, text: str) -> None:
        out.append(Paragraph(key, keep_together(text)))

    received = (_(N_(", which I received on %(date)s,"), date=_.date(n.received))
                if n.received else "")
    facts = dict(date=_.date(n.date), received=received, old=old, new=new,
                 effective=_.date(n.effective), **terms)
    announced = (_(N_("In your letter of %(date)s%(received)s you announced that the "
                      "%(price)s for my tariff “%(tariff)s” will rise from %(old)s to "
                      "%(new)s as of %(effective)s."), tariff=tariff, **facts)
                 if tariff else
                 _(N_("In your letter of %(date)s%(received)s you announced that the "
                      "%(price)s of my contract will rise from %(old)s to %(new)s as of "
                      "%(effective)s."), **facts))

    if o.object:
        # The objection itself: clear and unconditional (docs/sources.md 5.1 no. 7).
        if rule.change_offered:
            # Section 675g(2) BGB: the customer may reject the offered change.
            declaration = _(N_("I hereby reject the proposed change (§ 675g Abs. 2 BGB); I "
                               "do not consent to it."))
        else:
            declaration = _(N_("I hereby object to this %(increase)s. I do not consent to "
                               "the change and reject your offer to amend the contract."),
                            **terms)
        add("objection", f"{announced} {declaration}")
        # Silence, use and payment are no consent (sections 145 ff., 307, 308 no. 5 BGB).
        add("continuation", _(N_(
            "The contract continues on its existing terms; only the previous %(price)s of "
            "%(old)s is owed. Neither my silence nor further use or payment means consent. "
            "A clause that lets you raise the %(price)s without my consent does not bind me "
            "(§§ 307, 308 Nr. 5 BGB; BGH, judgment of 27 April 2021, XI ZR 26/20)."),
            old=old, **terms))
        if rule.unilateral_price:
            # Section 315(3) BGB fairness; section 41(5) EnWG: occasion, conditions and
            # extent; BGH VIII ZR 199/20 (docs/rules.md R16a).
            add("fairness", _(N_(
                "As a precaution I dispute that the increase is fair (§ 315 Abs. 3 BGB). "
                "Please set out the occasion, conditions and extent of the change and "
                "compare the previous and the new price components in a verifiable way "
                "(§ 41 Abs. 5 EnWG; BGH, VIII ZR 199/20).")))
    else:
        add("objection", announced)

    if a.notice_timely is False:
        # docs/rules.md R15: the notice came later than the sector's statute allows.
        add("late_notice", _(N_(
            "Your notice reached me only on %(received)s. Under %(basis)s it had to reach me "
            "by %(latest)s. The change therefore cannot take effect on %(effective)s in any "
            "case."), received=_.date(a.facts.received), basis=rule.notice_basis,
            latest=_.date(a.notice_latest), effective=_.date(n.effective)))

    if o.object and o.reserve_refund:
        # Sections 812, 814 BGB: pay only under reservation, or a refund may be lost.
        add("reservation", _(N_(
            "Should I pay the increased amount, for example by direct debit, I do so only "
            "under reservation and without acknowledging any obligation. I expressly reserve "
            "my claim to a refund of any amount paid above the previous %(price)s "
            "(§ 812 Abs. 1 BGB)."), **terms))

    if o.terminate_fallback:
        add("termination", _termination(case, a, _, rule))

    # Confirmation by a date; energy: one week for a termination (section 41b(1) EnWG).
    confirm_by = letter_date + dt.timedelta(days=o.confirmation_days)
    if o.object:
        confirmation = _(N_(
            "Please confirm in text form by %(date)s that you have received this letter and "
            "that the contract continues on its existing terms."), date=_.date(confirm_by))
    else:
        confirmation = _(N_(
            "Please confirm the termination and the end date of the contract in text form "
            "by %(date)s."), date=_.date(confirm_by))
    if o.terminate_fallback and rule.termination_confirmation:
        confirmation += " " + _(N_(
            "You are obliged to confirm a termination in text form within one week of "
            "receipt, stating the end of the contract (%(basis)s)."),
            basis=rule.termination_confirmation)
    add("confirmation", confirmation)

    # SEPA direct debit (docs/rules.md section 5): keep the mandate for the old price only,
    # or revoke it (opt-in).
    if o.direct_debit == "keep" and o.object:
        add("direct_debit", _(N_(
            "My SEPA direct debit mandate remains in place, but it covers only the amounts "
            "actually owed, i.e. the previous %(price)s. I will have higher debits returned."),
            **terms))
    elif o.direct_debit == "revoke":
        add("direct_debit", _(N_(
            "I hereby revoke the SEPA direct debit mandate I gave you. I will pay the amounts "
            "owed by bank transfer.")))
    return out


def _termination(case: Case, a: Assessment, _: Writer, rule: SectorRule) -> str:
    """Special termination with exactly one statute from the sector table, effective
    at the change; where the sector has none, an ordinary termination."""
    n, o, terms = case.notice, case.options, price_terms(case)
    statute = rule.termination_basis
    effective = _.date(n.effective)
    if statute is None:
        # Plain BGB: no statutory special termination for a price increase; ordinary
        # termination (section 309 no. 9 BGB for contracts from 1 March 2022).
        if o.object:
            return _(N_("In case you insist on the %(increase)s, I terminate the "
                        "contract in the alternative with ordinary notice at the earliest "
                        "possible date."), **terms)
        return _(N_("I hereby terminate the contract with ordinary notice at the earliest "
                    "possible date."))
    if o.object:
        return _(N_("Only in case you insist on the %(increase)s, I terminate the contract "
                    "in the alternative under %(statute)s with effect from the date on which "
                    "the change takes effect, %(effective)s."),
                 statute=statute, effective=effective, **terms)
    return _(N_("I hereby terminate the contract under %(statute)s with effect from the date "
                "on which the change takes effect, %(effective)s."),
             statute=statute, effective=effective)


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
    when needed. Measured on the fixtures: up to 21 lines-and-gaps fit at 10.5 pt, up
    to 32 at 10 pt (about 90 characters per line)."""
    measure = sum(-(-len(p.text) // 90) + 1 for p in letter.paragraphs)
    return 0 if measure <= 22 else 1 if measure <= 32 else 2


def render_html(letter: LetterContent, records: RecordsContent | None = None, size: int = 0,
                letter_pages: int = 1, standalone: bool = False) -> str:
    """The letter, and after it the records sheet on its own page, as one HTML document
    for WeasyPrint (one layout, one font subset). `size` is one of `SIZES`;
    `letter_pages` is the letter's own page count for "Seite 2 von 2"; `standalone`
    links the stylesheets so a browser shows it too (for design work)."""
    return environment().get_template("letter/letter.html").render(
        letter=letter, records=records, size=size, letter_pages=letter_pages,
        standalone=standalone)
