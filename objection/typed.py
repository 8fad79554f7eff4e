"""Values as people type them, in the form and on the command line: amounts as printed
("29,99 €", "1.234,56", "€ 29.99") by the rules of the user's language, dates as written
("31.10.2026", "2026-10-31"), periods in words ("4 Wochen", "6 weeks", "ein Monat").

The case JSON keeps its own strict formats (fields.py); these turn what a person typed
into them, or say in the person's language why they cannot. Where two readings are
possible (11/12/2026, "1.234" in an English form) they ask instead of guessing: a wrong
amount or date in a letter is worse than a question.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel.numbers import NumberFormatError, get_decimal_symbol, parse_decimal

from .deadlines import Period, PeriodError, parse_period
from .explain import period_text
from .fields import MAX_AMOUNT, MAX_DATE, MIN_DATE, Invalid
from .i18n import LANGUAGES, N_, Number, format_locale

# --- Amounts -----------------------------------------------------------------------------

CURRENCY = ("€", "EUR", "Euro")
KWH = ("kWh",)
# What the error shows as examples: written the language's way ("29,99 or 1.234,56").
_EXAMPLES: dict[tuple[str, ...], tuple[int | Decimal, int | Decimal]] = {
    CURRENCY: (Decimal("29.99"), Decimal("1234.56")), KWH: (350, 3500)}
# Spaces between groups of three digits, as some print thousands ("1 234,56").
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")
_DIGITS = re.compile(r"[0-9.,]*[0-9][0-9.,]*")     # no signs, exponents or other digits
MAX_DECIMALS = 4                                    # prices per kWh: 0,3210


def typed_amount(text: str, lang: str, units: tuple[str, ...] = CURRENCY) -> Decimal:
    """An amount as printed, read by the rules of `lang` (Babel's, strict): "29,99 €",
    "1.234,56", "EUR 29.99"; `units` may stand before or after it. Invalid when it is
    no amount, negative, too large, has more than four decimals or can be read two ways."""
    unit = "|".join(re.escape(u) for u in units)
    raw = re.sub(rf"(?i)^(?:{unit})\s*|\s*(?:{unit})$", "", text.strip()).strip()
    raw = _GROUP_SPACE.sub("", raw)
    if raw.startswith(("-", "\u2212")):
        raise Invalid(N_("An amount cannot be negative."))
    if not _DIGITS.fullmatch(raw):
        small, large = _EXAMPLES[units]
        raise Invalid(N_("Write it as a number, such as %(small)s or %(large)s."),
                      small=Number(small), large=Number(large))
    value = _read_number(raw, lang, units)
    if _places(value) > MAX_DECIMALS:
        raise Invalid(N_("At most four digits after the decimal separator."))
    if value > MAX_AMOUNT:
        raise Invalid(N_("The amount must not exceed %(max)s."), max=Number(MAX_AMOUNT))
    return value


def _read_number(raw: str, lang: str, units: tuple[str, ...]) -> Decimal:
    separators = re.findall(r"[.,]", raw)
    if len(separators) == 1:
        whole, fraction = re.split(r"[.,]", raw)
        if not _could_group(whole, fraction):
            # A single separator that cannot group thousands is the decimal separator,
            # in whichever language it was written ("29.99" in German, "0,30" in English).
            return Decimal(f"{whole or '0'}.{fraction or '0'}")
        if separators[0] == get_decimal_symbol(format_locale(lang)):
            # "1,234" in German is 1.234, in English 1234: ask.
            raise Invalid(N_("“%(typed)s” is unclear: it could be %(small)s or %(large)s. "
                             "Write %(plain)s for %(large)s, or %(small4)s for %(small)s."),
                          typed=raw, small=Number(Decimal(f"{whole}.{fraction}"), 3),
                          large=Number(int(whole + fraction)), plain=whole + fraction,
                          small4=Number(Decimal(f"{whole}.{fraction}"), 4))
    # No separator, the language's thousands separator, or several: Babel's strict reading
    # in the user's language; several separators fit at most one language's rules
    # ("1.234,56" is German, "1,234.56" English), so the other one is tried too.
    for language in (lang, *(other for other in LANGUAGES if other != lang)):
        try:
            return parse_decimal(raw, locale=format_locale(language), strict=True)
        except NumberFormatError:
            continue
    small, large = _EXAMPLES[units]
    raise Invalid(N_("Write it as a number, such as %(small)s or %(large)s."),
                  small=Number(small), large=Number(large))


def _could_group(whole: str, fraction: str) -> bool:
    """Whether the one separator between these digits could separate thousands: three
    digits after it, one to three before, not a lone or leading zero."""
    return len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")


def plain_amount(value: Decimal) -> str:
    """An amount as the case JSON writes it: "1234.5", "29.99", "0.3210". Never exactly
    three decimals, which a German reader takes for thousands ("1.234")."""
    text = format(value, "f")
    return text + "0" if _places(value) == 3 else text


_PLAIN = re.compile(r"\d{1,7}(?:\.(?:\d{1,2}|\d{4}))?")


def shown_amount(text: str, lang: str) -> str:
    """A plain amount (`plain_amount`) written the language's way with as many decimals
    ("1234.5" -> "1.234,5" / "1,234.5"); anything else as it is."""
    if not _PLAIN.fullmatch(text):
        return text
    value = Decimal(text)
    return Number(value, max(0, _places(value))).render(lang)


def _places(value: Decimal) -> int:
    """The digits after the decimal point of a finite amount: the amounts here are read
    from digits (never NaN or infinite, whose exponent is a letter)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "a finite amount"
    return -exponent


# --- Dates -------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")                        # 2026-11-23
_DOTTED = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4}|\d{2})")       # 23.11.2026, 23.11.26
_SLASHED = (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})"),           # 23/11/2026, 23/11/26
            re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})"))                  # 23-11-2026
UNREADABLE_DATE = N_("Enter a real date as day, month and year, for example 23.11.2026.")


def typed_date(text: str) -> dt.date:
    """A date as people write it: 23.11.2026, 23.11.26 (this century: notices are recent),
    2026-11-23, and with slashes or hyphens 23/11/2026 or 23-11-2026. Day before month,
    as in Germany; where slashes or hyphens allow both orders (11/12/2026 is 11 December
    in Europe, 12 November in the US) Invalid asks which."""
    text = text.strip()
    day = None
    if match := _ISO.fullmatch(text):
        year, month, day_ = (int(p) for p in match.groups())
        day = _day(year, month, day_)
    elif match := _DOTTED.fullmatch(text):
        day = _day(_year(match.group(3)), int(match.group(2)), int(match.group(1)))
    else:
        for pattern in _SLASHED:
            if match := pattern.fullmatch(text):
                day = _either_order(text, int(match.group(1)), int(match.group(2)),
                                    _year(match.group(3)))
    if day is None:
        raise Invalid(UNREADABLE_DATE)
    if not MIN_DATE <= day <= MAX_DATE:
        raise Invalid(N_("The date must lie between %(min)s and %(max)s."),
                      min=MIN_DATE, max=MAX_DATE)
    return day


def _either_order(text: str, first: int, second: int, year: int) -> dt.date | None:
    readings = {d for d in (_day(year, second, first), _day(year, first, second)) if d}
    if len(readings) == 2:
        european, american = _day(year, second, first), _day(year, first, second)
        raise Invalid(N_("“%(typed)s” could be %(first)s or %(second)s. Please write the "
                         "date with dots, day first, such as %(example)s."),
                      typed=text, first=european, second=american,
                      example=f"{european:%d.%m.%Y}")
    return readings.pop() if readings else None


def _year(digits: str) -> int:
    return int(digits) + (2000 if len(digits) == 2 else 0)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- Periods -----------------------------------------------------------------------------

NUMBER_WORDS = {
    "ein": 1, "eine": 1, "einer": 1, "eines": 1, "einem": 1, "einen": 1, "one": 1, "a": 1,
    "an": 1, "zwei": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4, "fünf": 5,
    "five": 5, "sechs": 6, "six": 6, "sieben": 7, "seven": 7, "acht": 8, "eight": 8,
    "neun": 9, "nine": 9, "zehn": 10, "ten": 10, "elf": 11, "zwölf": 12, "twelve": 12,
    "vierzehn": 14, "fourteen": 14, "einundzwanzig": 21, "dreißig": 30, "thirty": 30,
    "sechzig": 60, "sixty": 60, "neunzig": 90,
}
_NUMWORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# A period as a notice or a person writes it; the notice reader finds the same words.
PERIOD_RE = re.compile(
    rf"""(?ix)\b(?P<n>\d{{1,3}}|{_NUMWORD})[\s-]*
    (?P<u>Kalendertage[n]?|Werktage[n]?|Tage[n]?|Tag(?:es|s)?|(?:calendar\s+)?days?|
          Wochen|Woche|weeks?|Monate[n]?|Monats?|months?)\b""")


def period_of(number: str, unit: str) -> str | None:
    """'vier', 'Wochen' -> 'P4W'; working days cannot be expressed: None."""
    n = int(number) if number.isdigit() else NUMBER_WORDS.get(number.lower())
    if not n:
        return None
    unit = unit.lower()
    if unit.startswith("werktag"):
        return None
    if unit.startswith(("tag", "kalendertag", "day", "calendar")):
        return f"P{n}D"
    if unit.startswith(("woche", "week")):
        return f"P{n}W"
    return f"P{n}M"


def period_words(period: Period, lang: str) -> str:
    """A period as people write it: "4 Wochen", "1 month, 15 days"."""
    return ", ".join(part.render(lang) for part in period_text(period))


UNREADABLE_PERIOD = N_("Enter the period as the notice says it, such as 4 weeks, 14 days or "
                       "1 month, or the last day it names, such as 31.10.2026.")


def typed_period(text: str) -> Period | dt.date:
    """An objection period as the notice says it ("4 Wochen", "6 weeks", "ein Monat",
    "14 Tage"), the case JSON's form of it (P4W), or the last day the notice names
    (`typed_date`)."""
    text = " ".join(text.split())
    match = PERIOD_RE.fullmatch(text)
    iso = period_of(match.group("n"), match.group("u")) if match else \
        text if text[:1] in ("P", "p") else None
    if iso is None:
        try:
            return typed_date(text)
        except Invalid as exc:
            if exc.message.msgid == UNREADABLE_DATE:
                raise Invalid(UNREADABLE_PERIOD) from None
            raise
    try:
        return parse_period(iso)
    except PeriodError as exc:
        if str(exc) == "too_long":
            raise Invalid(N_("That period is longer than any notice would give.")) from None
        raise Invalid(UNREADABLE_PERIOD) from None
