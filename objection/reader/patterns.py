"""The small vocabulary of a price notice: dates in every common spelling, amounts, the
words several parts look for (objecting, terminating, consenting, prices), and the text
clean-up the other rules rely on. Periods in words are objection.typed's: a
notice and a person write them alike."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from babel.dates import get_month_names

MIN_YEAR, MAX_YEAR = 1990, 2100

# --- Text clean-up --------------------------------------------------------------------

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """NFC, plain spaces and dashes, no invisible or control characters, \\n lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl").replace("\ufb00", "ff")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _DASHES.sub(lambda m: "-" if m.group() in "\u2010\u2011\u2212" else "–", text)
    text = text.replace("\t", "    ")
    text = _CONTROL.sub(" ", text)
    text = text.replace("„", "\"").replace("“", "\"").replace("”", "\"").replace("‚", "'") \
        .replace("‘", "'").replace("’", "'").replace("»", "\"").replace("«", "\"")
    return text


def fix_ocr(text: str) -> str:
    """Undo a few misreadings Tesseract makes in price notices: the unit "ct/kWh"
    ("cUkWh", "ctv/kWh"), a digit O in a number ("4O,99")."""
    text = re.sub(r"(?<=\d)\s?[cC][^\s\d]{0,3}\s?[kK][wW]{1,2}[hH]\b", " ct/kWh", text)
    text = re.sub(r"(?<=\d)[oO](?=\d)|(?<=\d[.,])[oO](?=\d)|(?<=\d[.,]\d)[oO]\b", "0", text)
    return text


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


# --- Words the parts share -----------------------------------------------------------

OBJECT = re.compile(r"(?i)widersprech|widerspruch|widersprochen|\bwidersprich|\bablehn|"
                    r"\beinspruch|\blehnen\s+sie|\bobject|\breject|\bdispute\b|"
                    # French and Polish senders: "vous opposer", "sprzeciw"
                    r"\bopposer\b|\bopposition\b|\bcontester\b|\bsprzeciw")
TERMINATE = re.compile(r"(?i)kündig|kuendig|\bcancel|terminat|beenden\b|\bend\s+(?:your|the)\s+"
                       r"(?:contract|subscription|membership|plan)|\bwiderruf|\bquit\b|"
                       r"résili|wypowie|rozwiąza")
CONSENT = re.compile(r"(?i)zustimm|\bstimmen\b|einverständnis|\bconsent|\baccept\b|\bannehmen\b|"
                     r"\bagree\b(?!ment)|\beinwillig")
PRICE_WORDS = re.compile(r"(?i)preis|kost|beitrag|entgelt|gebühr|grundgebühr|erhöh|steig|"
                         r"anpass|änder|tarif|\bprice|\bcost|\bfee\b|\bcharge|\bpremium|"
                         r"increas|\brise|\bchang|\bpay\b|rate\b|Abo\b|abonnement|"
                         r"subscription|membership|"
                         # French and Polish senders
                         r"\bprix\b|\babonnement|augment|\bcen[aęy]\b|opłat|podwyż|wzro")


# --- Dates ----------------------------------------------------------------------------

@cache
def month_names() -> dict[str, int]:
    """Month names and abbreviations in German and English (Babel's), lower case,
    without dots: 'januar', 'jan', 'jänner', 'sept', 'october' ... -> month; French and
    Polish names in full."""
    names: dict[str, int] = {}
    for locale in ("de", "de_AT", "en", "en_GB"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names[name.lower().rstrip(".")] = number
    # Senders from abroad: French and Polish names written out ("10 novembre 2026",
    # "10 listopada 2026"); their abbreviations would read German words ("Sie") as months.
    for locale in ("fr", "pl"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context, locale).items():
                names.setdefault(name.lower(), number)
    names.setdefault("sep", 9)
    names.setdefault("sept", 9)
    names.setdefault("mrz", 3)
    return names


def _month_alternation() -> str:
    return "|".join(sorted((re.escape(n) for n in month_names()), key=len, reverse=True))


MONTH = rf"(?:{_month_alternation()})"
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:19|20|21)\d\d"

# One regex with named alternatives; the order matters (longest spellings first).
DATE_RE = re.compile(
    rf"""(?ix)
    (?<![\w.,/-])
    (?:
      (?P<iso_y>{_YEAR})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)
    | (?P<n_d>[0-3]?\d)\.\s?(?P<n_m>[01]?\d)\.\s?(?P<n_y>{_YEAR}|\d\d)?(?![\d])
    | (?P<s_d>[0-3]?\d)/(?P<s_m>[0-3]?\d)/(?P<s_y>{_YEAR}|\d\d)(?!\d)
    | (?P<h_d>[0-3]?\d)-(?P<h_m>[01]?\d)-(?P<h_y>{_YEAR})(?!\d)
    | (?P<t_d>[0-3]?\d)(?:\.|{_ORD})?\s*(?:of\s+)?(?P<t_m>{MONTH})\.?,?\s*(?P<t_y>{_YEAR})?
    | (?P<e_m>{MONTH})\.?\s+(?P<e_d>[0-3]?\d){_ORD}?(?:,\s*|\s+)(?P<e_y>{_YEAR})
    )
    (?![\w])
    """)


@dataclass(frozen=True)
class DateMatch:
    date: dt.date | None      # None when the year is missing (see `day_month`)
    start: int
    end: int
    text: str
    day_month: tuple[int, int] | None = None
    numeric: bool = False


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    year = int(raw)
    return 2000 + year if year < 100 else year


def find_dates(text: str) -> list[DateMatch]:
    """Every date in `text`. Dates without a year come back with date None and
    `day_month` set, for the caller to complete when the context allows it."""
    out = []
    for m in DATE_RE.finditer(text):
        g = m.groupdict()
        numeric = True
        if g["iso_y"]:
            y, mo, d = int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"])
        elif g["n_d"]:
            d, mo, y = int(g["n_d"]), int(g["n_m"]), _year(g["n_y"])
            if y is None and not re.match(r"\s", text[m.end():m.end() + 1] or "x"):
                pass
        elif g["s_d"]:
            d, mo, y = int(g["s_d"]), int(g["s_m"]), _year(g["s_y"])
            if mo > 12 and d <= 12:          # US order (10/31/2026)
                d, mo = mo, d
        elif g["h_d"]:
            d, mo, y = int(g["h_d"]), int(g["h_m"]), _year(g["h_y"])
        elif g["t_d"]:
            d, mo, y = int(g["t_d"]), month_names()[g["t_m"].lower().rstrip(".")], _year(g["t_y"])
            numeric = False
        else:
            d, mo, y = int(g["e_d"]), month_names()[g["e_m"].lower().rstrip(".")], _year(g["e_y"])
            numeric = False
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        if y is None:
            # "1. 10." alone is too weak (could be anything); "1. Oktober" is a date
            if numeric:
                continue
            out.append(DateMatch(None, m.start(), m.end(), m.group(), (d, mo), numeric))
            continue
        if not MIN_YEAR <= y <= MAX_YEAR:
            continue
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            continue
        out.append(DateMatch(day, m.start(), m.end(), m.group(), None, numeric))
    return out


def complete_year(day_month: tuple[int, int], after: dt.date) -> dt.date | None:
    """The first date with this day and month on or after `after` (within a year)."""
    d, mo = day_month
    for year in (after.year, after.year + 1):
        try:
            day = dt.date(year, mo, d)
        except ValueError:
            continue
        if day >= after:
            return day
    return None


# --- Amounts --------------------------------------------------------------------------

# 1.234,56 | 39,90 | 39,- | 1,234.56 | 19.99 | 39
_NUMBER = r"""(?:
      \d{1,3}(?:\.\d{3})+,(?:\d{1,4}|-{1,2})      # 1.234,56
    | \d{1,3}(?:,\d{3})+\.\d{1,4}                 # 1,234.56
    | \d{1,7},(?:\d{1,4}|-{1,2})                  # 39,90  39,-
    | \d{1,7}\.\d{1,4}                            # 19.99
    | \d{1,7}                                     # 39
)"""
_CUR_BEFORE = r"(?:€|EUR|Euro)"
_CUR_AFTER = r"(?:€|EUR\b|Euro\b|Cent\b|ct\b|Ct\.?(?!\w)|Cents?\b)"

AMOUNT_RE = re.compile(
    rf"""(?x)
    (?<![\w.,])
    (?:(?P<cur1>{_CUR_BEFORE})\s?(?P<num1>{_NUMBER})(?![\d])
     | (?P<num2>{_NUMBER})(?![\d])\s?(?P<cur2>{_CUR_AFTER}))
    """)
PER_KWH = re.compile(r"^\s*(?:(?:brutto|netto|gross|net)\s*)?(?:/|je|pro|per)\s*"
                     r"(?:kWh|Kilowattstunde)|^\s*kWh", re.I)


@dataclass(frozen=True)
class Amount:
    value: Decimal        # in euros (cents converted)
    start: int
    end: int
    text: str
    cents: bool           # was written in cents
    per_kwh: bool


def parse_number(raw: str) -> Decimal | None:
    raw = raw.replace("–", "-").rstrip("-").rstrip(",")
    if "," in raw and "." in raw:
        if raw.rfind(",") > raw.rfind("."):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
    else:
        raw = raw.replace(",", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def find_amounts(text: str) -> list[Amount]:
    out = []
    for m in AMOUNT_RE.finditer(text):
        raw = m.group("num1") or m.group("num2")
        value = parse_number(raw)
        if value is None:
            continue
        cur = (m.group("cur1") or m.group("cur2") or "")
        cents = cur.lower().startswith(("cent", "ct"))
        tail = text[m.end():m.end() + 24]
        per_kwh = bool(PER_KWH.search(tail))
        if cents:
            value = value / 100
        out.append(Amount(value, m.start(), m.end(), m.group(), cents, per_kwh))
    return out


def amount_str(value: Decimal, per_kwh: bool = False) -> str:
    """A decimal string the case accepts: at most four decimals, no exponent; a price
    per kWh with four ("0.3011", "0.1250")."""
    if per_kwh and value == value.quantize(Decimal("0.0001")):
        return f"{value:.4f}"
    if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
        return f"{value:.2f}"
    text = format(value.normalize(), "f")
    if "." in text:
        whole, frac = text.split(".")
        frac = frac.ljust(2, "0")
        text = f"{whole}.{frac}"
    else:
        text = f"{text}.00"
    return text


# --- Periods in the languages of foreign senders ---------------------------------------

# Providers from abroad write to German customers in their own language too. The
# reader knows their period words; the form does not ask anyone to type them.
_FOREIGN_NUMBERS = {
    # French
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "huit": 8,
    "quinze": 15, "trente": 30, "soixante": 60,
    # Polish (nominative and the genitive "w ciągu czterech tygodni")
    "jeden": 1, "jednego": 1, "dwa": 2, "dwóch": 2, "trzy": 3, "trzech": 3, "cztery": 4,
    "czterech": 4, "sześć": 6, "sześciu": 6, "czternaście": 14, "czternastu": 14,
    "trzydzieści": 30, "trzydziestu": 30,
}
_FOREIGN_UNITS = (("D", r"jours?|dni|dnia"), ("W", r"semaines?|tygodni[ea]?|tydzień"),
                  ("M", r"mois|miesiąc[ea]?|miesięcy|miesiąca"))
FOREIGN_PERIOD_RE = re.compile(
    r"(?i)(?<!\w)(?P<n>\d{1,3}|" + "|".join(sorted(_FOREIGN_NUMBERS, key=len, reverse=True))
    + r")[\s-]+(?:\(\d{1,3}\)\s+)?(?P<u>" + "|".join(u for _, u in _FOREIGN_UNITS) + r")(?!\w)")
# What introduces the objection period in those languages: "dans un délai de", "sous",
# "w terminie", "w ciągu".
FOREIGN_PERIOD_INTRO = re.compile(
    r"(?i)(?:dans\s+(?:un\s+)?(?:délai\s+de|les)|délai\s+de|sous|d'ici|w\s+terminie|"
    r"w\s+ciągu|w\s+okresie|przez|najpóźniej\s+w\s+ciągu)\W*(?:\w+\W+){0,2}$")
# "jusqu'au 31.12.2026", "avant le", "do dnia", "do": a last day.
FOREIGN_UNTIL = re.compile(r"(?i)(?:jusqu'(?:au|à)|au\s+plus\s+tard\s+le|do\s+dnia|"
                           r"najpóźniej\s+do(?:\s+dnia)?|\bdo)\s*$")


def foreign_period(number: str, unit: str) -> str | None:
    """'quatre', 'semaines' -> 'P4W'; 'czterech', 'tygodni' -> 'P4W'."""
    n = int(number) if number.isdigit() else _FOREIGN_NUMBERS.get(number.lower())
    if not n:
        return None
    for letter, pattern in _FOREIGN_UNITS:
        if re.fullmatch(pattern, unit, re.I):
            return f"P{n}{letter}"
    return None
