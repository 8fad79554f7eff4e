"""Value parsers for the case JSON: each takes what came in (JSON or a form) and
returns the clean value or raises `Invalid` with a translatable message. Each parser
carries the JSON schema of what it accepts, so the OpenAPI document is made from the
same code that validates.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol, cast
from collections.abc import Callable

from stdnum import iban
from stdnum.exceptions import ValidationError

from .deadlines import STATES, Period, PeriodError, parse_period
from .i18n import Message, N_
from .signature import SignatureError, clean_signature
from .vocabulary import StateName

MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
MAX_AMOUNT = Decimal("1000000")


class Invalid(Exception):
    def __init__(self, msgid: str, **params: Any):
        self.message = Message(msgid, params)


# Control characters, and the line and paragraph separators U+2028/U+2029 (real line
# breaks in an address window).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Explicit direction embeddings, overrides and isolates would make the letter say
# something other than what its characters say (U+202E "evil" reads "live").
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Invisible characters that copying from a web page or a PDF brings along: dropped.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


class Parser(Protocol):
    """A field's parser, carrying the JSON schema of what it accepts."""

    schema: dict[str, Any]

    def __call__(self, value: Any, /) -> Any: ...


def _schema(parse: Callable[[Any], Any], **schema: Any) -> Parser:
    """Attach the JSON schema of what `parse` accepts (for the OpenAPI document)."""
    parser = cast(Parser, parse)    # a function takes the attribute; from here it has it
    parser.schema = schema
    return parser


def text(max_len: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid(N_("Expected text."))
        value = unicodedata.normalize("NFC", _INVISIBLE.sub("", value)).strip() \
            if is_text(value) else value
        if len(value) > max_len:
            raise Invalid(N_("At most %(max)s characters."), max=max_len)
        if not is_text(value):
            raise Invalid(N_("Contains something that is not text (a broken character), "
                              "which is not allowed here."))
        if _CONTROL.search(value):
            raise Invalid(N_("Contains control characters (such as line breaks), "
                              "which are not allowed here."))
        if _BIDI.search(value):
            raise Invalid(N_("Contains invisible characters that change the direction of "
                              "the text, which are not allowed here."))
        if any(unicodedata.category(ch) == "Cf" for ch in value):
            raise Invalid(N_("Contains invisible formatting characters, which are not "
                              "allowed here."))
        return value
    return _schema(parse, type="string", maxLength=max_len)


def is_text(value: str) -> bool:
    """False for a string with lone surrogates (from a JSON escape such as "\\ud800"),
    which no page, letter or PDF can encode, or with U+FFFD, what a broken character
    becomes when it is decoded or shown again."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\ufffd" not in value


def choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in options:
            raise Invalid(N_("Must be one of: %(choices)s."), choices=", ".join(options))
        return value
    return _schema(parse, type="string", enum=list(options))


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(N_("Expected true or false."))
    return value


_schema(boolean, type="boolean")


# The case JSON's own messages (the API, a case file) show its formats by example, with
# their meaning in words: what a person types is read by objection.typed, which says it
# the person's way.
_NOT_A_DATE = N_("Not a valid date: write it as year-month-day, such as 2026-09-03.")
_NOT_A_PERIOD = N_("Not a valid period: write it as P14D, P4W or P1M (14 days, 4 weeks, "
                   "1 month), or the last day as year-month-day, such as 2026-10-31.")


def iso_date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise Invalid(_NOT_A_DATE)
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(_NOT_A_DATE) from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise Invalid(N_("The date must lie between %(min)s and %(max)s."),
                       min=MIN_DATE, max=MAX_DATE)
    return day


_schema(iso_date, type="string", format="date",
        description=f"YYYY-MM-DD, from {MIN_DATE} to {MAX_DATE}")

_AMOUNT = re.compile(r"\d{1,7}(?:[.,]\d{1,4})?")


def money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid(N_("Expected an amount such as 19.99."))
    raw = str(value).strip()
    if raw.startswith("-"):
        raise Invalid(N_("An amount cannot be negative."))
    if not _AMOUNT.fullmatch(raw):
        raise Invalid(N_("Not a valid amount: expected digits with at most four "
                          "decimals, such as 19.99."))
    try:
        result = Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees this
        raise Invalid(N_("Expected an amount such as 19.99.")) from None
    if result > MAX_AMOUNT:
        raise Invalid(N_("The amount must not exceed %(max)s."), max=MAX_AMOUNT)
    return result


_schema(money, oneOf=[{"type": "string", "pattern": r"^\s*\d{1,7}([.,]\d{1,4})?\s*$"},
                      {"type": "number", "minimum": 0, "maximum": int(MAX_AMOUNT)}],
        description="Euros as a decimal string such as \"19.99\" (comma allowed); at most "
                    f"{MAX_AMOUNT}")


def integer(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid(N_("Must be a whole number from %(min)s to %(max)s."),
                           min=low, max=high)
        return value
    return _schema(parse, type="integer", minimum=low, maximum=high)


def period_or_date(value: Any) -> Period | dt.date:
    if not isinstance(value, str):
        raise Invalid(_NOT_A_PERIOD)
    try:
        result = parse_period(value)
    except PeriodError as exc:
        if str(exc) == "too_long":
            raise Invalid(N_("That period is longer than any notice would give.")) from None
        raise Invalid(_NOT_A_PERIOD) from None
    if isinstance(result, dt.date) and not MIN_DATE <= result <= MAX_DATE:
        raise Invalid(N_("The date must lie between %(min)s and %(max)s."),
                       min=MIN_DATE, max=MAX_DATE)
    return result


_schema(period_or_date, type="string",
        pattern=r"^\s*([Pp](\d{1,3}[Yy])?(\d{1,3}[Mm])?(\d{1,3}[Ww])?(\d{1,4}[Dd])?"
                r"|\d{4}-\d{2}-\d{2})\s*$",
        description="ISO 8601 duration in years, months, weeks, days (P14D, P4W, P1M) or "
                    "the last day named in the notice (YYYY-MM-DD); absent when the notice "
                    "names none")


def country_code(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        raise Invalid(N_("Expected a two-letter country code such as DE."))
    return value.strip().upper()


_schema(country_code, type="string", pattern=r"^\s*[A-Za-z]{2}\s*$")


def email_address(value: Any) -> str:
    value = text(254)(value)
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise Invalid(N_("Not a valid e-mail address."))
    return value


_schema(email_address, type="string", maxLength=254, format="email")


def fax_number(value: Any) -> str:
    value = text(40)(value)
    if value and not re.fullmatch(r"\+?[0-9 ()/\-]{5,40}", value):
        raise Invalid(N_("Not a valid fax number: digits, spaces, + ( ) / - only."))
    return value


_schema(fax_number, type="string", maxLength=40, pattern=r"^\s*(\+?[0-9 ()/\-]{5,40})?\s*$")


def iban_number(value: Any) -> str:
    """An IBAN as printed (with or without spaces), checked by its ISO 13616 check digits
    and its country's length, kept in groups of four."""
    value = text(42)(value)
    if not value:
        return value
    try:
        return iban.format(iban.validate(value))
    except ValidationError:
        raise Invalid(N_("Not a valid IBAN: check it against your bank statement (e.g. "
                         "DE89 3704 0044 0532 0130 00).")) from None


_schema(iban_number, type="string", maxLength=42,
        description="IBAN, checked by its check digits (ISO 13616); kept in groups of four")


def state_code(value: Any) -> str:
    value = value.strip().upper() if isinstance(value, str) else value
    if value not in STATES:
        raise Invalid(N_("Not a German state: give its code, one of %(choices)s."),
                      choices=[StateName(code, with_code=True) for code in STATES])
    return value


_schema(state_code, type="string", enum=list(STATES),
        description="German state whose public holidays count (where the objection must "
                    "arrive); default: from the provider's postal code where it tells")


def signature_image(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(N_("Expected a PNG or JPEG image as a data: URI."))
    try:
        return clean_signature(value)
    except SignatureError as exc:
        raise Invalid(exc.msgid, **exc.params) from None


_schema(signature_image, type="string", pattern=r"^\s*data:image/(png|jpeg);base64,",
        description="PNG or JPEG as a data: URI, at most 512 KB (PNG up to 4, JPEG up to 40 "
                    "megapixels)")
