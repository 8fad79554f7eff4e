"""Translations and locale-aware formatting for the pure domain code.

The domain never imports Flask: it describes what to say as a `Message` (a msgid
from the catalog plus parameters) and renders it for a language on demand. The web
layer uses the same catalogs through Flask-Babel.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any
from collections.abc import Mapping

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from .paths import LOCALES as LOCALES_DIR
LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
# English users in Germany read day-month dates: British conventions for English.
FORMAT_LOCALE = {"de": "de_DE", "en": "en_GB"}


def N_(msgid: str) -> str:
    """Mark a string for extraction by pybabel; it is translated when rendered."""
    return msgid


@cache
def translations(lang: str) -> NullTranslations:
    """The catalog for `lang`; compiled .mo when present, else the .po read directly."""
    folder = LOCALES_DIR / lang / "LC_MESSAGES"
    mo, po = folder / "messages.mo", folder / "messages.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fp:
            return Translations(fp)
    if po.exists():
        with po.open("rb") as fp:
            catalog = read_po(fp, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return Translations(buf)
    return NullTranslations()


def gettext(lang: str, msgid: str) -> str:
    return translations(lang).gettext(msgid)


def fold(text: str) -> str:
    """Case, "ß" and accents folded, for comparing names as typed or read:
    "Telefónica" and "TELEFONICA" -> "telefonica", "Straße" -> "strasse"."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(c for c in text if not unicodedata.combining(c))


def locale_of(lang: str) -> str:
    return FORMAT_LOCALE.get(lang, FORMAT_LOCALE[DEFAULT_LANGUAGE])


@cache
def format_locale(lang: str) -> Locale:
    """The Locale the formats below use, parsed once: Babel parses a locale given as a
    string on every call, which was half the time of composing a refund claim's bills."""
    return Locale.parse(locale_of(lang))


def fmt_list(items: list[str], lang: str) -> str:
    """'a, b und c' / 'a, b and c'."""
    return format_list(items, locale=format_locale(lang))


@lru_cache(maxsize=1024)        # a letter formats the same few days again and again
def fmt_date(day: dt.date, lang: str, style: str = "long") -> str:
    """'1. Oktober 2026' / '1 October 2026'."""
    return format_date(day, format=style, locale=format_locale(lang))


def fmt_day(day: dt.date, lang: str) -> str:
    """A date with its weekday, for deadlines: 'Fr., 30. Okt. 2026' / 'Fri 30 Oct 2026'."""
    return format_skeleton("yMMMEd", day, locale=format_locale(lang))


def fmt_weekday(day: dt.date, lang: str) -> str:
    return format_date(day, format="EEEE", locale=format_locale(lang))


# Cached: a refund claim formats the same few amounts dozens of times (its bills), and
# Babel's formatting was the larger part of composing it. Equal amounts format alike.
@lru_cache(maxsize=1024)
def fmt_amount(amount: Decimal, currency: str, lang: str, per_kwh: bool = False) -> str:
    """29,99 € / €29.99; energy prices per kWh in cents: '32,50 ct/kWh'."""
    if per_kwh:
        cents = format_decimal(amount * 100, format="#,##0.00##", locale=format_locale(lang))
        return f"{cents}\u00a0ct/kWh"
    return format_currency(amount, currency, locale=format_locale(lang))


@dataclass(frozen=True)
class Message:
    """A translatable sentence: msgid plus parameters, rendered per language.

    Parameter values that are dates, Messages or lists of Messages are rendered in
    the target language too, so a message can nest others.
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        text = gettext(lang, self.msgid)
        if self.params:
            text = text % {k: render_value(v, lang) for k, v in self.params.items()}
        return english_citations(text) if lang == "en" else text


@dataclass(frozen=True)
class Plural:
    """A count with singular and plural forms ('1 week', '4 weeks'): one catalog entry
    with msgid_plural, chosen by the language's plural rule (Babel's ngettext).
    pybabel extracts `Plural(...)` like ngettext (scripts/i18n.py)."""

    singular: str
    plural: str
    n: int

    def render(self, lang: str) -> str:
        return translations(lang).ngettext(self.singular, self.plural, self.n) % {"num": self.n}


@dataclass(frozen=True)
class Rendered:
    """A message rendered already, in every language: what crosses a process boundary
    (objection.reader.sandbox) as plain text."""

    texts: Mapping[str, str]

    @classmethod
    def of(cls, message: Any) -> Rendered:
        return cls({lang: message.render(lang) for lang in LANGUAGES})

    def render(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts[DEFAULT_LANGUAGE]


@dataclass(frozen=True)
class Number:
    """A number written the language's way: '10.000' / '10,000'; with `decimals`, exactly
    that many ('1,2340' / '1.2340')."""

    value: int | Decimal
    decimals: int | None = None

    def render(self, lang: str) -> str:
        if self.decimals is None:
            return format_decimal(self.value, locale=format_locale(lang))
        pattern = "#,##0" + ("." + "0" * self.decimals if self.decimals else "")
        return format_decimal(self.value, format=pattern, locale=format_locale(lang))


@dataclass(frozen=True)
class LongDate:
    """A fixed date of the law written out: '1. Oktober 2016' / '1 October 2016' (a
    plain date parameter is a deadline's day, with its weekday)."""

    day: dt.date

    def render(self, lang: str) -> str:
        return fmt_date(self.day, lang)


@dataclass(frozen=True)
class Amount:
    """A sum of money written the language's way: '30,00 €' / '€30.00'."""

    value: Decimal
    currency: str = "EUR"

    def render(self, lang: str) -> str:
        return fmt_amount(self.value, self.currency, lang)


NBSP = "\u00a0"


class Writer:
    """Renders messages and values in one language (for the letter and the records
    sheet)."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, msgid: str, **params) -> str:
        return Message(msgid, params).render(self.lang)

    def date(self, day: dt.date | None) -> str:
        """'1. Oktober 2026', never broken across lines."""
        return fmt_date(day, self.lang).replace(" ", NBSP) if day else ""

    def short_date(self, day: dt.date | None) -> str:
        return fmt_date(day, self.lang, "medium") if day else ""


# "Abs. 1, 2" is one list of subsections; in "§§ 286 Abs. 1, 288 Abs. 1" the 288 is the
# next section.
_PARAGRAPHS = re.compile(r"\s?Abs\.\s(\d+[a-z]?(?:,\s\d+[a-z]?(?!\w|\s+Abs\.))*)")


def english_citations(text: str) -> str:
    """German statute citations the English way: '§ 57 Abs. 1 Satz 3 TKG' becomes
    '§ 57(1) sentence 3 TKG', '§ 308 Nr. 5 BGB' '§ 308 no. 5 BGB', 'i. V. m.' 'in
    conjunction with'. German texts keep the German form."""
    text = _PARAGRAPHS.sub(
        lambda m: ", ".join(f"({n.strip()})" for n in m.group(1).split(",")), text)
    return (text.replace("Satz ", "sentence ").replace("Nr. ", "no. ")
            .replace("Alt. ", "alternative ")
            .replace("i. V. m.", "in conjunction with"))


@dataclass(frozen=True)
class Listing:
    """Messages listed as a sentence lists them: "a, b and c", "a, b und c"."""

    items: tuple[Any, ...]

    def render(self, lang: str) -> str:
        return fmt_list([render_value(v, lang) for v in self.items], lang)


def render_value(value: Any, lang: str) -> Any:
    """A message's parameter in `lang`: dates, messages and lists of them rendered."""
    if hasattr(value, "render"):   # Message, Plural, a holiday's name...
        return value.render(lang)
    if isinstance(value, dt.date):
        return fmt_day(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(render_value(v, lang) for v in value)
    if isinstance(value, int):
        return value
    return str(value)
