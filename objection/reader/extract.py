"""Text -> the fields a price notice states, each with the snippet it came from.

Rules, not a model: every field has a small set of patterns in German and English, and
a value is only taken when the text says it plainly. When two readings disagree, the
field is left out and a warning says so: a wrong value is worse than a missing one.

The text may come in any order (a PDF's text layer often has the body before the
letterhead, OCR separates blocks), so the rules look at lines and sentences, not at the
position on the page. Register data (Amtsgericht, HRB, Geschäftsführer, Vorstand, the
company's IBAN, USt-IdNr) is marked first and never taken for the letter's facts.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale

from ..i18n import Message, N_
from ..typed import PERIOD_RE, period_of
from .errors import ReadWarning
from .patterns import (FOREIGN_PERIOD_INTRO, FOREIGN_PERIOD_RE, FOREIGN_UNTIL, Amount,
                       amount_str, complete_year, find_amounts, find_dates, foreign_period,
                       parse_number, squash)
from .towns import misspelt, town_agrees

SNIPPET = 120

# --- Lines and sentences --------------------------------------------------------------

REGISTER = re.compile(
    r"""(?ix)\b(?:Amtsgericht|Registergericht|Handelsregister|HRB|HRA|GnR|VR\s?\d|
    Registernummer|Register-?Nr|Gesch(?:ä|a)ftsf(?:ü|u)hr|Vorstand|Vorst(?:ä|a)nde|
    Aufsichtsrat|Vorsitzender?\s+des|Sitz\s+der\s+Gesellschaft|Sitz:|
    USt\.?-?\s?Id|Umsatzsteuer|Steuer-?\s?Nr|Steuernummer|St\.-?Nr|Finanzamt|
    BIC|SWIFT|Bankverbindung|Kontoverbindung|Gl(?:ä|a)ubiger-?I|Gläubiger-?ID|
    Anstalt\s+des\s+öffentlichen|Company\s+(?:number|no|registration)|
    Registered\s+(?:in|office|number)|VAT\s+(?:no|number|reg|ID)|Directors?:|
    Managing\s+Directors?|CEO:|Board:|Chairman|BaFin|Aufsichtsbehörde|
    Persönlich\s+haftende|Komplementär|WEEE|Datenschutzbeauftragte)""")
IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?)\b")
CLOSING = re.compile(r"(?i)^\s*(?:mit\s+)?(?:freundlich|besten|beste|viele|herzlich|liebe)\w*\s+"
                     r"gr(?:ü|u)(?:ß|ss)|^\s*(?:kind|best|warm)\s+regards|^\s*yours\s+"
                     r"(?:sincerely|faithfully)|^\s*(?:sincerely|regards|cheers)\b")
SALUTATION = re.compile(r"(?i)^\s*(?:sehr\s+geehrte[rs]?|guten\s+tag|hallo|liebe[rs]?|"
                        r"dear|hello|hi|moin|servus|grüß\s+gott)\b")


@dataclass
class Line:
    index: int
    text: str              # the whole line, trimmed
    cells: list[str]       # parts separated by 3+ spaces (layout columns)
    register: bool


@dataclass
class Sentence:
    text: str
    lines: tuple[int, ...]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"\s{3,}", line.strip()) if c.strip()]


def _mark_register(lines: list[Line]) -> None:
    """Register data: lines with register words; an IBAN line too, unless it is labelled
    as the customer's account or stands away from register and bank lines (the
    customer's IBAN in a bank's letter sits in the information block)."""
    for line in lines:
        line.register = bool(REGISTER.search(line.text))
    for line in lines:
        if line.register or not IBAN_RE.search(line.text):
            continue
        if re.search(r"(?i)\b(?:Ihr(?:e|es|em)?\s+(?:Konto|IBAN|Girokonto)|Konto\s*:|"
                     r"Kontonummer|your\s+(?:account|IBAN)|account\s*:)", line.text):
            continue
        near = lines[max(0, line.index - 2):line.index + 3]
        if any(l.register for l in near) or re.search(
                r"(?i)\b(?:bank|sparkasse|volksbank|raiffeisen|postbank|commerzbank|"
                r"kreditinstitut|bankverbindung)\b", line.text):
            line.register = True


ABBREVIATIONS = {
    "z", "b", "nr", "str", "inkl", "zzgl", "ca", "bzw", "ggf", "d", "h", "u", "a", "usw",
    "dr", "prof", "hr", "fr", "st", "abs", "art", "tel", "vgl", "evtl", "mio", "mrd", "ct",
    "mtl", "jährl", "max", "min", "gem", "lt", "i", "s", "e", "v", "co", "ltd", "inc", "no",
    "approx", "incl", "excl", "etc", "e.g", "i.e", "mr", "mrs", "ms", "jan", "feb", "mär",
    "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dez", "dec", "kd",
    "vers", "ust", "mwst", "zb", "ff", "bspw", "sog", "allg", "o", "vs", "p", "pp", "ziff",
}


def _split_sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s+[\"'(]?[A-ZÄÖÜ0-9])", paragraph):
        before = paragraph[start:m.start()]
        word = re.search(r"([\wäöüß.]+)$", before)
        token = word.group(1).lower() if word else ""
        if token in ABBREVIATIONS or token.split(".")[-1] in ABBREVIATIONS:
            continue
        if re.fullmatch(r"\d{1,2}", token):      # "1. Januar", "4. Oktober"
            continue
        if re.fullmatch(r"[a-zäöü]", token):     # "z. B."
            continue
        out.append(paragraph[start:m.end()].strip())
        start = m.end()
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out


def _sentences(lines: list[Line], raw: list[str]) -> list[Sentence]:
    """Join wrapped lines into paragraphs, then split them into sentences."""
    sentences: list[Sentence] = []
    para: list[tuple[int, str]] = []

    def flush():
        if not para:
            return
        text, idx = "", []
        for i, part in para:
            if text.endswith("-") and re.match(r"[a-zäöüß]", part) and \
                    re.search(r"[a-zäöüß]-$", text):
                text = text[:-1] + part
            else:
                text = f"{text} {part}" if text else part
            idx.append(i)
        for s in _split_sentences(text):
            sentences.append(Sentence(s, tuple(idx)))
        para.clear()

    for line in lines:
        if not line.text or line.register:
            flush()
            continue
        text = " ".join(line.cells)
        para.append((line.index, text))
        short = len(text) < 45 and not re.search(r"[,\-–:(]$|\b(?:und|oder|and|or|der|"
                                                 r"die|das|the|von|zum|ab|bis)$", text)
        if short:
            flush()
    flush()
    return sentences


def snippet(text: str, start: int = 0, end: int | None = None) -> str:
    """At most SNIPPET characters of `text` around [start, end)."""
    flat = squash(text)
    if len(flat) <= SNIPPET:
        return flat
    # map positions roughly onto the squashed text
    prefix = squash(text[:start])
    mid = len(prefix) + (len(squash(text[start:end])) if end else 0) // 2
    lo = max(0, min(len(flat) - SNIPPET, mid - SNIPPET // 2))
    part = flat[lo:lo + SNIPPET]
    if lo > 0:
        part = "…" + part[1:]
    if lo + SNIPPET < len(flat):
        part = part[:-1] + "…"
    return part


# --- Language ---------------------------------------------------------------------------

_DE_WORDS = re.compile(r"(?i)\b(?:und|der|die|das|ihr|ihre|ihren|sie|wir|nicht|mit|für|"
                       r"den|dem|ist|zum|ab|bis|auf|von|sehr|geehrte)\b")
_EN_WORDS = re.compile(r"(?i)\b(?:the|and|your|you|we|not|with|for|is|from|to|will|of|"
                       r"our|this|price|dear)\b")


def language(text: str) -> str | None:
    de, en = len(_DE_WORDS.findall(text)), len(_EN_WORDS.findall(text))
    if de + en < 5:
        return None
    if de >= 1.5 * en:
        return "de"
    if en >= 1.5 * de:
        return "en"
    return None


# --- Addresses ------------------------------------------------------------------------

LEGAL_FORM = re.compile(
    r"""(?x)(?:\b(?:GmbH|gGmbH|mbH|AG|SE|KG|KGaA|OHG|GbR|eG|e\.\s?G\.|e\.\s?V\.|eV|UG|
    VVaG|V\.V\.a\.G\.|a\.\s?G\.|Ltd|Limited|plc|PLC|Inc|LLC|LLP|B\.V\.|BV|N\.V\.|NV|S\.A\.|
    SA|S\.à\s?r\.l\.|SARL|S\.r\.l\.|SpA|AB|ApS|A/S|AS|Oy|GesmbH|Co\.?|SAS|SASU|S\.A\.S\.|
    s\.r\.o\.|a\.s\.|Kft|Zrt)(?![\w])\.?|
    \bAöR\b|\bmbB\b|\b[Ss]p\.\s?z\s?o\.\s?o\.|\b[Ss]p\.\s?[jk]\.|\bS\.A\.(?!\w))""")
ORG_WORDS = re.compile(
    r"(?i)(?:sparkasse|bank\b|volksbank|raiffeisen|versicherung|stadtwerke|kasse\b|"
    r"energie|telekom|kabel|verlag|verein|studio|fitness|genossenschaft|werke\b|"
    r"kundenservice|customer\s+service|services?\b|team\b|gruppe|group|holding|"
    r"netz|hosting|media|mobil|versorgung|abteilung|\bclub\b|\bGmbH\b)")
DEPARTMENT = re.compile(r"(?i)^(?:\w*(?:service|betreuung|center|centre|abteilung)\b|"
                        r"customer\s+(?:service|care)|z\.\s?hd\.?|c/o|team\b|"
                        r"widerspruchsstelle|beschwerdemanagement|postfach\s*$)")
SALUTATION_WORD = re.compile(r"^(?:Frau|Herrn|Herr|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Familie|"
                             r"Eheleute|Madame|Monsieur|Mme\.?|Pani|Pan|Państwo)(?:\s+|$)")
STREET_WORDS = (r"Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Way|Place|Pl\.?|Square|"
                r"Sq\.?|Quay|Drive|Dr\.?|Court|Ct\.?|Terrace|Row|Hill|Park|Gardens|Close|"
                r"Crescent|Boulevard|Blvd\.?|Walk|Parade|Green|Mews|Wharf|Strand")
STREET_DE = re.compile(
    r"^(?P<street>(?:(?:ul|al|pl|os)\.\s?[A-ZĄĆĘŁŃÓŚŹŻ][\wąćęłńóśźż-]*|"  # Polish: "ul. Długa 5"
    r"[A-ZÄÖÜ][\w.'äöüßÄÖÜ-]*|an|am|im|in|auf|zum|zur|unter|vor|hinter|"
    r"der|die|das|den|de|von|la|le)(?:[\s-](?:[\wäöüßÄÖÜ.'-]+))*?\.?\s+\d{1,4}\s?[a-zA-Z]?"
    r"(?:\s?[-/]\s?\d{1,4}\s?[a-zA-Z]?)?)$")
POSTBOX = re.compile(r"^(?P<street>(?:Postfach|Postbox|P\.?\s?O\.?\s+Box|PO\s+Box)\s+"
                     r"\d[\d ]{0,10}\d|(?:Postfach|PO Box)\s+\d)$", re.I)
STREET_ROMANCE = re.compile(
    r"^(?P<street>\d{1,4}[a-zA-Z]?(?:\s?(?:bis|ter))?,?\s+(?:[Rr]ue|[Aa]venue|[Bb]oulevard|"
    r"[Cc]hemin|[Aa]llée|[Qq]uai|[Pp]lace|[Rr]oute|[Ii]mpasse|Rue|Avenue|Boulevard|Bd|Place|Chemin|Allée|Route|"
    r"Impasse|Quai|Cours|Via|Viale|Piazza|Corso|Calle|Avenida|Carrer|Rua|Praça)\b[\w' .-]{2,50}|"
    r"(?:Rue|Avenue|Boulevard|Place|Chemin|Via|Viale|Piazza|Corso|Calle|Avenida|Carrer|Rua)\s+"
    r"[\w' .-]{2,50}?,?\s+\d{1,4}[a-zA-Z]?)$")
STREET_EN = re.compile(rf"^(?P<street>(?:(?:Unit|Suite|Flat|Apartment|Apt\.?|Floor|Building)\s+"
                       rf"\w{{1,4}},?\s+(?:\d{{1,5}}[a-zA-Z]?,?\s+)?|\d{{1,5}}[a-zA-Z]?"
                       rf"(?:[-–]\d{{1,5}})?,?\s+)(?:[A-Z][\w'.-]*\s+){{0,4}}(?:{STREET_WORDS}))$")
CITY = r"(?P<city>[A-ZÄÖÜĄĆĘŁŃÓŚŹŻÉ][\wäöüßÄÖÜ.'()/-]*(?:\s+(?:[\wäöüßÄÖÜ.'()/-]+)){0,4})"
POSTAL_PATTERNS = [
    ("DE", re.compile(rf"^(?:D\s?-\s?|DE\s?-\s?)?(?P<pc>\d{{5}})\s+{CITY}$")),
    ("AT", re.compile(rf"^(?:A\s?-\s?|AT\s?-\s?)(?P<pc>\d{{4}})\s+{CITY}$")),
    ("CH", re.compile(rf"^(?:CH\s?-\s?)(?P<pc>\d{{4}})\s+{CITY}$")),
    ("LU", re.compile(rf"^(?P<pc>(?:L|LU)\s?-\s?\d{{4}})\s+{CITY}$")),
    ("SE", re.compile(rf"^(?:S\s?-\s?|SE\s?-\s?)?(?P<pc>\d{{3}}\s\d{{2}})\s+{CITY}$")),
    ("NL", re.compile(rf"^(?P<pc>\d{{4}}\s?[A-Z]{{2}})\s+{CITY}$")),
    ("PL", re.compile(rf"^(?:PL\s?-\s?)?(?P<pc>\d{{2}}-\d{{3}})\s+{CITY}$")),
    (None, re.compile(rf"^(?P<pc>\d{{4}})\s+{CITY}$")),
    ("IE", re.compile(r"^(?P<city>[A-Z][\w' .-]{1,30}?),?\s+(?P<pc>[AC-FHKNPRTV-Y][\dO][\dOW]\s?"
                      r"[0-9AC-FHKNPRTV-Y]{4})$")),
    ("IE", re.compile(r"^(?P<city>Dublin)\s+(?P<pc>\d{1,2}W?)$")),
    ("GB", re.compile(r"^(?P<city>[A-Z][\w' .-]{1,30}?),?\s+(?P<pc>[A-Z]{1,2}\d[A-Z\d]?\s?"
                      r"\d[A-Z]{2})$")),
]


@lru_cache(maxsize=None)
def country_names() -> dict[str, str]:
    names = {}
    for lang in ("de", "en"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names[name.lower()] = code
    names.update({"deutschland": "DE", "germany": "DE", "uk": "GB", "england": "GB",
                  "united kingdom": "GB", "großbritannien": "GB", "holland": "NL",
                  "the netherlands": "NL", "republic of ireland": "IE"})
    return names


@dataclass
class Address:
    name: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = ""
    evidence: str = ""
    source: str = ""           # objection | return | letterhead | block | footer | header
    line: int = 0
    person_hint: bool = False  # a "Frau"/"Herrn" line or similar came before the name


def _street(text: str) -> str | None:
    text = text.strip().rstrip(",.;·")
    if len(text) > 60 or re.search(r"\d{5}", text):
        return None
    for pattern in (POSTBOX, STREET_EN, STREET_ROMANCE, STREET_DE):
        m = pattern.match(text)
        if m:
            street = m.group("street").strip()
            # "Telefon 0800 123", "Service: 0231 555 0100" are no streets
            if re.search(r"(?i)\b(?:tel|telefon|fax|service|hotline|phone|mobil|seite|"
                         r"page|nr|nummer|kundennummer|vertrag|rechnung|€|eur|preis|"
                         r"tarif|plan|paket|internet|dsl|kabel)\b", street):
                return None
            if not re.search(r"[A-Za-zÄÖÜäöüß]{3}", street):
                return None
            return street
    return None


def _postal(text: str) -> tuple[str | None, str, str] | None:
    """(country or None, postal code, city) for 'PLZ City' (or a foreign equivalent)."""
    text = text.strip().rstrip(",.;·")
    if len(text) > 70:
        return None
    for country, pattern in POSTAL_PATTERNS:
        m = pattern.match(text)
        if m:
            city = m.group("city").strip().rstrip(",")
            code = re.sub(r"\s?-\s?", "-", m.group("pc").strip()) if country == "LU" else \
                m.group("pc").strip()
            if country == "IE":
                city = re.sub(r"\s+\d{1,2}W?$", "", city)     # "Dublin 2": the district
                if len(code) >= 3:                             # OCR reads D02 as DO2
                    code = code[0] + code[1:3].replace("O", "0") + code[3:]
            if re.search(r"(?i)\b(?:tel|telefon|fax|service|kunden|nummer|datum|www|http|"
                         r"e-?mail|seite|page)\b|@|\d{3}", city):
                return None
            return country, code, city
    return None


def _country(text: str) -> str | None:
    return country_names().get(text.strip().rstrip(".,").lower())


SEGMENT_SPLIT = re.compile(r"\s*[·•|]\s*|\s+[–-]\s+|,\s+|\s{3,}|(?<=\d)[.:]\s+(?=\d{4,5}\b)|"
                           r"(?<=\d)\s?[.:·]\s(?=[A-Z])")


def _trim(part: str) -> str:
    """Strip separators, but keep the dot of an abbreviation ("B.V.", "a.G.", "Ltd.")."""
    part = part.strip(" ,;:·|")
    if part.endswith(".") and not re.search(r"(?:\b\w|\.\w|\b(?:Ltd|Inc|Co|mbH|St|Str))\.$",
                                            part):
        part = part.rstrip(".")
    return part.strip()


def _from_segments(text: str) -> Address | None:
    """'Musterkabel GmbH · Hafenpromenade 3 · 44147 Dortmund' and the like."""
    parts = [_trim(p) for p in SEGMENT_SPLIT.split(text) if p and _trim(p)]
    if len(parts) < 2:
        return None
    for i, part in enumerate(parts):
        street = _street(part)
        if not street:
            continue
        rest = parts[i + 1:]
        if not rest:
            return None
        postal = _postal(rest[0])
        if not postal and len(rest) >= 2:
            # the city and its code may come apart: "Dublin D02 XY45" vs "44147, Dortmund"
            postal = _postal(f"{rest[0]} {rest[1]}")
            if postal:
                rest = rest[1:]
        if not postal:
            return None
        country = postal[0]
        if len(rest) >= 2 and _country(rest[1]):
            country = _country(rest[1])
        names = [p for p in parts[:i] if not DEPARTMENT.match(p)]
        if not names:
            # "Serverring 8 · 90402 Nürnberg": the name is on the line above
            return Address(street=street, postal_code=postal[1], city=postal[2],
                           country=country or "", evidence=text)
        org = [p for p in names if LEGAL_FORM.search(p)]
        name = org[0] if org else names[0]
        return Address(name=name, street=street, postal_code=postal[1], city=postal[2],
                       country=country or "", evidence=text)
    return None


def _same_place(a: Address, b: Address) -> bool:
    """Two addresses at the same street and postal code (spacing and case aside)."""
    def key(address: Address) -> tuple[str, str]:
        return (re.sub(r"\W", "", address.street).casefold(),
                re.sub(r"\W", "", address.postal_code))
    return bool(a.street and b.street) and key(a) == key(b)


def _is_name(text: str) -> bool:
    if not text or len(text) > 80 or re.search(r"\d|@|:|www\.|https?:|\w- \w", text):
        return False
    if SALUTATION.match(text) or re.search(r"(?i)\b(?:tel|fax|e-?mail|seite|page)\b", text):
        return False
    # a brand may be written in small letters ("simfrei Mobilfunk GmbH")
    return text[:1].isupper() or (text[:1].islower() and bool(LEGAL_FORM.search(text)))


def _is_person(name: str) -> bool:
    if LEGAL_FORM.search(name) or ORG_WORDS.search(name):
        return False
    words = name.replace("Dr.", "").replace("Prof.", "").split()
    return 2 <= len(words) <= 5 and all(re.match(r"[A-ZÄÖÜ]", w) or w in ("von", "van", "de",
                                        "zu", "der", "den", "di", "da", "le", "la", "el", "bin",
                                        "al") for w in words)


# --- Fields ---------------------------------------------------------------------------

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


@dataclass
class Found:
    value: object
    evidence: str


@dataclass
class PricePair:
    old: Decimal | None
    new: Decimal | None
    unit: str | None
    label: str
    line: int
    evidence: str
    per_kwh: bool = False
    total: bool = False
    minor: bool = False        # an option, a one-off fee, an estimate, a discount
    net: bool = False
    source: str = "inline"


def _plausible(pair: PricePair) -> bool:
    """A second price that changes, and not tenfold (a lost decimal comma, another
    amount): else it is left out rather than filled in wrong."""
    return (pair.old is not None and pair.new is not None and pair.old != pair.new
            and max(pair.old, pair.new) < 10 * min(pair.old, pair.new))


class Extractor:
    def __init__(self, text: str, kind: str = "txt", unsure: set[str] | None = None):
        self.kind = kind
        self.unsure = unsure or set()
        raw = text.split("\n")
        self.lines = [Line(i, t.strip(), _cells(t), False) for i, t in enumerate(raw)]
        _mark_register(self.lines)
        self.sentences = _sentences(self.lines, raw)
        self.text = text
        body = "\n".join(l.text for l in self.lines if not l.register)
        self.language = language(body)
        self.found: dict[str, Found] = {}
        self.left_out: dict[str, str] = {}     # pointer -> why it was read but left out
        self.dropped: dict[str, Found] = {}    # ... and what was read
        self.concluded: dict[str, str] = {}    # pointer -> why the silence means the value
        self.warnings: list[ReadWarning] = []

    # -- helpers --
    def put(self, pointer: str, value, evidence: str) -> None:
        if value is None or value == "":
            return
        self.found[pointer] = Found(value, snippet(evidence))

    def conclude(self, pointer: str, value, why: str) -> None:
        """A value the notice states by what it does not say; the reading says so."""
        self.found[pointer] = Found(value, "")
        self.concluded[pointer] = why

    def drop(self, pointer: str, reason: str) -> None:
        """Leave out a value that was read but does not hold up; the reading says why."""
        item = self.found.pop(pointer, None)
        if item is not None:
            self.left_out[pointer] = reason
            self.dropped[pointer] = item

    def warn(self, code: str, msgid: str, **params) -> None:
        if not any(w.code == code for w in self.warnings):
            self.warnings.append(ReadWarning(code, Message(msgid, params)))

    def body_lines(self):
        return [l for l in self.lines if l.text and not l.register]

    # -- the whole run --
    def run(self) -> dict[str, Found]:
        self.read_header_email()
        self.read_sector()
        self.read_addresses()
        self.read_numbers()
        self.read_notice_date()
        self.read_prices()
        self.read_effective()
        self.read_objection()
        self.read_termination()
        self.read_tariff()
        if self.kind in ("photo", "scan"):
            self._ocr_consensus()
            self._check_towns()
            self._check_name()
        return self.found

    CONSENSUS = ("/provider/name", "/provider/street", "/customer/name", "/customer/street")

    def _ocr_consensus(self) -> None:
        """OCR reads the same words differently in different places ("Bayern", "Bayem").
        A name or street printed several times is kept only when this reading is the most
        frequent one; otherwise it is left out (a majority of misreadings is possible too)."""
        # the footer's small print is read worst and says nothing of the facts: not counted
        tokens = [l.text.split() for l in self.lines if l.text and not l.register]
        for pointer in self.CONSENSUS:
            item = self.found.get(pointer)
            if item is None or not isinstance(item.value, str):
                continue
            value = item.value
            n = len(value.split())
            counts: Counter = Counter()
            for words in tokens:
                for i in range(0, max(1, len(words) - n + 1)):
                    window = " ".join(words[i:i + n]).strip(".,;:·|")
                    if window == value:
                        counts[window] += 1
                    elif abs(len(window) - len(value)) <= 2 and difflib.SequenceMatcher(
                            None, window.lower(), value.lower()).ratio() >= 0.9 and not any(
                            w.strip(".,:;()") in self.unsure for w in words[i:i + n]):
                        counts[window] += 1     # another reading OCR was sure of
            if not counts:
                continue
            if any(n >= counts.get(value, 0) for w, n in counts.items() if w != value):
                self.drop(pointer, "ocr_disagrees")

    def _check_towns(self) -> None:
        """A town read by text recognition is kept only where it belongs to the postal
        code read beside it. A town close to the code's own is the misreading: only it is
        left out; otherwise either may be wrong, and both are."""
        for party in ("provider", "customer"):
            code, town = (self.found.get(f"/{party}/{name}") for name in ("postal_code",
                                                                          "city"))
            country = self.found.get(f"/{party}/country")
            if code is None or town is None or (country and country.value != "DE"):
                continue
            if town_agrees(code.value, town.value) is False:
                # the same address printed elsewhere may have been read right
                n = len(town.value.split())
                other = next((m.group(1) for m in re.finditer(
                    rf"\b{re.escape(code.value)} {{1,2}}([^\W\d][^\s]*(?: [^\W\d][^\s]*){{{n - 1}}})",
                    self.text) if town_agrees(code.value, m.group(1))), None)
                if other:
                    self.found[f"/{party}/city"] = Found(other, town.evidence)
                    continue
                self.drop(f"/{party}/city", "town_mismatch")
                if not misspelt(code.value, town.value):
                    self.drop(f"/{party}/postal_code", "town_mismatch")

    def _check_name(self) -> None:
        """A name read by text recognition is kept where the salutation, or a second
        place in the notice, bears it out; a surname the salutation spells otherwise is
        a misreading of one of them."""
        item = self.found.get("/customer/name")
        if item is None:
            return
        words = item.value.split()
        salutation = self._salutation_names()
        if salutation and not salutation & set(words):
            self.drop("/customer/name", "name_mismatch")

    # -- e-mail header lines (From:, To:, Date:, Subject:) --
    def read_header_email(self) -> None:
        self.email = {}
        for line in self.lines[:40]:
            m = re.match(r"(?i)^(From|Von|To|An|Date|Datum|Gesendet|Sent|Subject|Betreff)\s*:"
                         r"\s*(.+)$", line.text)
            if m:
                key = {"von": "from", "an": "to", "datum": "date", "gesendet": "date",
                       "sent": "date", "betreff": "subject"}.get(m.group(1).lower(),
                                                                    m.group(1).lower())
                self.email.setdefault(key, (m.group(2).strip(), line.text))
        to = self.email.get("to")
        if to and ("from" in self.email or "subject" in self.email):
            m = re.match(r"^\"?([^\"<>@,]+?)\"?\s*<[^>]+@[^>]+>", to[0])
            if m and _is_name(m.group(1).strip()) and _is_person(m.group(1).strip()):
                self.put("/customer/name", m.group(1).strip(), to[1])

    # -- provider and customer --
    def read_addresses(self) -> None:
        cands: list[Address] = []
        lines = self.lines
        # 1. single-line addresses: return address line, footer, inline
        for line in lines:
            if not line.text:
                continue
            cells = line.cells if len(line.cells) > 1 else [line.text]
            for cell in cells + ([line.text] if len(cells) > 1 else []):
                addr = _from_segments(cell)
                if addr and not addr.name:
                    above = [l for l in lines[max(0, line.index - 2):line.index] if l.text]
                    if above and _is_name(above[-1].cells[0]) and not \
                            SALUTATION_WORD.match(above[-1].cells[0]):
                        addr.name = above[-1].cells[0]
                        addr.evidence = f"{addr.name} / {addr.evidence}"
                    else:
                        addr = None
                if addr:
                    addr.line = line.index
                    addr.source = "footer" if self._after_closing(line.index) else "return"
                    cands.append(addr)
                    break
        # 2. blocks: name / street / postal code and city on consecutive lines (per column)
        cands.extend(self._blocks())
        # 3. the address named for objections
        objection_addr = self._objection_address(cands)

        people = [a for a in cands if a.name and (a.person_hint or _is_person(a.name))
                  and not LEGAL_FORM.search(a.name)]
        orgs = [a for a in cands if a.name and a not in people]
        # the customer: the addressee ("Frau", "Herrn" before the name), else a person
        # whose surname the salutation uses
        customer = None
        hinted = [a for a in people if a.person_hint]
        salut = self._salutation_names()
        if hinted:
            customer = hinted[0]
        else:
            for a in people:
                if any(n in a.name.split() for n in salut):
                    customer = a
                    break
        if customer:
            self.put("/customer/name", customer.name, customer.evidence)
            if customer.street and customer.postal_code:
                self.put("/customer/street", customer.street, customer.evidence)
                self.put("/customer/postal_code", customer.postal_code, customer.evidence)
                self.put("/customer/city", self._city_spelling(customer.postal_code,
                                                               customer.city),
                         customer.evidence)
        # the provider: never the customer's own address, wherever it stands (a window
        # address the rules do not take for a person is still the addressee's)
        if customer:
            cands = [a for a in cands if not _same_place(a, customer)]
            orgs = [a for a in orgs if not _same_place(a, customer)]
            if objection_addr is not None and _same_place(objection_addr, customer):
                objection_addr = None
        provider = objection_addr
        if provider is None:
            ranked = sorted(orgs, key=lambda a: ({"return": 0, "letterhead": 1, "block": 2,
                                                  "footer": 3}.get(a.source, 4), a.line))
            provider = ranked[0] if ranked else None
            if provider is None:
                others = [a for a in cands if a is not customer and a.name
                          and not a.person_hint and customer is not None]
                if others and not any(n in others[0].name.split() for n in salut):
                    provider = others[0]
        if provider is None:
            # no address, but a company name that recurs (letterhead, closing, footer)
            names = self._org_names(counted=True)
            if names and names[0][1] >= 2:
                name = names[0][0]
                self.put("/provider/name", name, self._line_with(name))
                self.provider_name = name
                return
        if provider:
            name = provider.name
            # a fuller name with its legal form elsewhere ("Musterkabel" -> "Musterkabel GmbH",
            # an OCR-split "Netz West" -> "KabelNetz West GmbH")
            if not LEGAL_FORM.search(name):
                key = re.sub(r"\W", "", name).lower()
                for other in self._org_names():
                    if key and key in re.sub(r"\W", "", other).lower():
                        name = other
                        break
            city = self._city_spelling(provider.postal_code, provider.city)
            self.put("/provider/name", name, provider.evidence)
            self.put("/provider/street", provider.street, provider.evidence)
            self.put("/provider/postal_code", provider.postal_code, provider.evidence)
            self.put("/provider/city", city, provider.evidence)
            if provider.country:
                self.put("/provider/country", provider.country, provider.evidence)
        self.provider_name = provider.name if provider else None

    def _line_with(self, fragment: str) -> str:
        return next((l.text for l in self.lines if fragment in l.text), fragment)

    def _org_names(self, counted: bool = False) -> list:
        """Company names with their legal form standing alone in a line or cell (the
        letterhead, the closing, the footer), most frequent first."""
        counts: Counter = Counter()
        for line in self.lines:
            for cell in line.cells:
                for part in SEGMENT_SPLIT.split(cell):
                    part = re.sub(r"^(?:Ihre?|Your)\s+", "", _trim(part or ""))
                    if part and LEGAL_FORM.search(part) and _is_name(part) and \
                            len(part.split()) <= 6 and not REGISTER.search(part):
                        counts[part] += 1
        if counted:
            return counts.most_common()
        return [name for name, _ in counts.most_common()]

    def _city_spelling(self, postal_code: str, city: str) -> str:
        """The city as written most often beside its postal code; OCR drops umlauts more
        often than it adds them, so a tie goes to the spelling with them."""
        if not postal_code or not postal_code.isdigit():
            return city
        counts: Counter = Counter()
        first = re.escape(city.split()[0][:1]) if city else ""
        for m in re.finditer(rf"\b{re.escape(postal_code)} {{1,2}}({first}[\wäöüßÄÖÜ.-]+"
                             rf"(?: (?:am|an|im|in|i\.|a\.|ob|\([\w ]+\)|[A-ZÄÖÜ][\wäöüß.-]*))*)",
                             self.text):
            candidate = m.group(1)
            if len(candidate.split()) == len(city.split()):
                counts[candidate] += 1
        if not counts:
            return city
        best = max(counts.items(), key=lambda kv: (kv[1], bool(re.search(r"[äöüßÄÖÜ]", kv[0]))))
        if best[1] > counts.get(city, 0) or (best[1] == counts.get(city, 0) and
                                             re.search(r"[äöüß]", best[0])):
            return best[0]
        return city

    SIGN_OFF = re.compile(r"(?i)^(?:Ihr|Ihre|Dein|Deine|Euer|Your|The)\s+(?:[\w.&-]+\s+){0,4}"
                          r"Team\b|^[\w.&-]+(?:\s+[\w.&-]+){0,3}\s+Team$")

    def _read_to_end(self) -> bool:
        """Whether the text reaches the letter's end (its closing, the sender's sign-off
        or the register data of the footer), so that what it does not say, the notice
        does not say. A PDF and an e-mail are whole by nature."""
        return self.kind in ("pdf", "eml") or any(
            line.register or CLOSING.match(line.text) or self.SIGN_OFF.match(line.text)
            for line in self.lines)

    def _after_closing(self, index: int) -> bool:
        """Whether line `index` comes after the letter's closing formula (the footer)."""
        closing = [l.index for l in self.lines if CLOSING.match(l.text)]
        if not closing:
            return False
        # the footer follows the closing within the last quarter of the text
        return index > closing[-1] + 2 and index > len(self.lines) * 0.6

    def _columns(self) -> list[list[tuple[int, str]]]:
        """The lines split into columns (layout text has several side by side)."""
        left: list[tuple[int, str]] = []
        right: list[tuple[int, str]] = []
        widest = max((len(l.text) for l in self.lines), default=0)
        raw = self.text.split("\n")
        for line in self.lines:
            if line.register:
                left.append((line.index, ""))
                right.append((line.index, ""))
                continue
            if len(line.cells) <= 1:
                indent = len(raw[line.index]) - len(raw[line.index].lstrip())
                if widest > 60 and indent > 40:
                    right.append((line.index, line.text))
                    left.append((line.index, ""))
                else:
                    left.append((line.index, line.text))
                    right.append((line.index, ""))
            else:
                left.append((line.index, line.cells[0]))
                right.append((line.index, line.cells[-1]))
        return [left, right]

    def _blocks(self) -> list[Address]:
        out = []
        for column in self._columns():
            texts = [t for _, t in column]
            for pos, (index, text) in enumerate(column):
                postal = _postal(text) if text else None
                if not postal:
                    continue
                # the street: the nearest line above (blank lines from OCR allowed)
                above = [(j, texts[j]) for j in range(pos - 1, max(-1, pos - 4), -1)
                         if texts[j]]
                if not above:
                    continue
                j, street_text = above[0]
                street = _street(street_text)
                if not street:
                    continue
                country = postal[0]
                below = [texts[k] for k in range(pos + 1, min(len(texts), pos + 3)) if texts[k]]
                if below and _country(below[0]):
                    country = _country(below[0])
                # names above the street, nearest first, stopping at a gap of 2 lines
                names, k, gap, where = [], j - 1, 0, {}
                while k >= 0 and len(names) < 4 and gap < 2:
                    t = texts[k]
                    if not t:
                        gap += 1
                        k -= 1
                        continue
                    gap = 0
                    if _from_segments(t) or _postal(t) or _street(t):
                        break
                    # a letterhead beside a logo: the cell with the legal form is the name
                    others = [c for c in self.lines[column[k][0]].cells if LEGAL_FORM.search(c)
                              and _is_name(c)]
                    if others and not LEGAL_FORM.search(t):
                        t = others[0]
                    names.append(t)
                    where[t] = k
                    k -= 1
                addr = Address(street=street, postal_code=postal[1], city=postal[2],
                               country=country or "", line=index)
                hint = False
                clean = []
                for n in names:
                    m = SALUTATION_WORD.match(n)
                    if m:
                        hint = True
                        rest = n[m.end():].strip()
                        if rest:
                            clean.append(rest)
                        break
                    if re.match(r"(?i)^(?:an|to)$", n):
                        break
                    clean.append(n)
                if hint:
                    # the name is the line right after "Frau"/"Herrn", or on it
                    person = [c for c in clean if _is_name(c) and len(c.split()) >= 2 and
                              not re.search(r"(?i)\b(?:datum|date|kunden|vertrag|nummer|"
                                            r"seite|page|telefon|betreff)", c)]
                    if not person:
                        continue
                    addr.name = person[-1]
                    addr.person_hint = True
                else:
                    valid = [c for c in clean if _is_name(c) and not DEPARTMENT.match(c)]
                    org = [c for c in valid if LEGAL_FORM.search(c)]
                    if org:
                        addr.name = org[0]
                    elif valid:
                        addr.name = valid[0]
                    else:
                        continue
                top = min((where[n] for n in names if addr.name in n), default=j)
                lines_used = [texts[x] for x in range(top, pos + 1) if texts[x]]
                addr.evidence = " / ".join(lines_used)
                addr.source = "footer" if self._after_closing(index) else (
                    "letterhead" if LEGAL_FORM.search(addr.name) else "block")
                out.append(addr)
        return out

    def _objection_address(self, cands: list[Address]) -> Address | None:
        """The address a notice names for objections ("Ihren Widerspruch richten Sie an")."""
        for line in self.lines:
            if not (OBJECT.search(line.text) and re.search(
                    r"(?i)\b(?:an|to|richten|senden|schicken|adresse|address|anschrift)\b",
                    line.text)):
                continue
            if line.register:
                continue
            # inline: "... an Muster GmbH, Postfach 12 34, 12345 Stadt."
            tail = re.split(r"(?i)\b(?:an|to)\s*:?\s+", line.text, maxsplit=1)
            if len(tail) == 2:
                addr = _from_segments(tail[1].rstrip("."))
                if addr:
                    addr.source, addr.line = "objection", line.index
                    return addr
            for a in cands:
                if 0 < a.line - line.index <= 6 and not a.person_hint and a.name:
                    a.source = "objection"
                    return a
        return None

    def _salutation_names(self) -> set[str]:
        names = set()
        for line in self.lines:
            m = re.match(r"(?i)^\s*(?:sehr\s+geehrte[rs]?|guten\s+tag|hallo|liebe[rs]?|dear|"
                         r"hello|hi)\s+(?:(?:Frau|Herr|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.|Prof\.)\s+)*"
                         r"([A-ZÄÖÜ][\wäöüß'-]+(?:\s+[A-ZÄÖÜ][\wäöüß'-]+)?)", line.text)
            if m:
                names.update(m.group(1).split())
        return names

    # -- customer and contract numbers --
    CUSTOMER_LABEL = re.compile(
        r"""(?ix)(?:Ihre\s+)?(?:Kunden\s?-?(?:nummer|nr\.?|kennung|ID)|Kd\.?\s?-?Nr\.?|
        Kundennr\.?|Customer\s+(?:number|no\.?|ID|reference|ref\.?)|Account\s+(?:number|no\.?|ID)|
        Mitglieds?\s?-?(?:nummer|nr\.?)|Member(?:ship)?\s+(?:number|no\.?|ID)|
        Subscriber\s+(?:number|no\.?|ID)|Teilnehmer\s?-?(?:nummer|nr\.?)|
        Mieter\s?-?(?:nummer|nr\.?)|Account(?=\s*:))""")
    CONTRACT_LABEL = re.compile(
        r"""(?ix)(?:Ihre\s+)?(?:Vertrags\s?-?(?:nummer|nr\.?|konto(?:nummer)?|kontonummer)|
        Vertragskonto|Vertrag\s?-?Nr\.?|Versicherungs\s?-?(?:nummer|nr\.?|schein\s?-?(?:nummer|nr\.?)?)|
        Policen?\s?-?(?:nummer|nr\.?)|Contract\s+(?:number|no\.?|ID)|Policy\s+(?:number|no\.?)|
        Agreement\s+(?:number|no\.?)|Kontonummer|Konto-?Nr\.?|Abo\s?-?(?:nummer|nr\.?)|
        Abonnement\s?-?(?:nummer|nr\.?)|Abonnenten\s?-?(?:nummer|nr\.?)|
        Subscription\s+(?:number|no\.?|ID|reference))""")
    VALUE = re.compile(r"^\s*(?:[:.#]|Nr\.?|lautet|ist|is)?\s*:?\s*(?P<v>[A-Z0-9][A-Za-z0-9/.-]*"
                       r"(?:\s[A-Z0-9][A-Za-z0-9/.-]*){0,4})")

    def _label_value(self, label: re.Pattern) -> tuple[str, str] | None:
        for line in self.lines:
            if line.register or not line.text:
                continue
            for m in label.finditer(line.text):
                rest = line.text[m.end():].lstrip()
                rest = re.split(r"\s{3,}|\s[|·]\s|,\s", rest)[0] if rest.strip() else ""
                v = self.VALUE.match(rest)
                if not v:
                    continue
                tokens = v.group("v").split()
                keep = []
                for t in tokens:
                    # a word such as "Datum" or "vom" ends the number
                    if re.fullmatch(r"[A-Za-zÄÖÜäöüß]+", t) and (re.search(r"[a-zäöüß]", t)
                                                                or len(t) > 4):
                        break
                    keep.append(t)
                value = " ".join(keep).rstrip(".,;:-")
                if value and re.search(r"\d", value) and len(value) <= 40:
                    return value, line.text
        return None

    def read_numbers(self) -> None:
        found = self._label_value(self.CUSTOMER_LABEL)
        if found:
            self.put("/customer/customer_number", found[0], found[1])
        found = self._label_value(self.CONTRACT_LABEL)
        if found:
            self.put("/customer/contract_number", found[0], found[1])
            return
        # a bank account: its IBAN (not the bank's own in the footer)
        if self.sector != "bank":
            return
        for line in self.lines:
            if line.register or not line.text:
                continue
            m = IBAN_RE.search(line.text)
            if m and re.search(r"(?i)\b(?:Konto|IBAN|account)\b", line.text):
                self.put("/customer/contract_number", m.group(1).strip(), line.text)
                return

    # -- the notice's own date --
    def read_notice_date(self) -> None:
        best: tuple[int, dt.date, str] | None = None
        for line in self.lines:
            if line.register or not line.text:
                continue
            for cell in line.cells + [line.text]:
                rank = None
                m = re.match(r"(?i)^(?:Datum|Date|Briefdatum|Schreiben\s+vom|Stand|Gesendet|"
                             r"Sent|Dated?)\s*:?\s*(?:(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|"
                             r"Fri|Sat|Sun)\w*\.?,?\s*)?(.+)$", cell)
                if m:
                    rank, rest = 0, m.group(1)
                else:
                    m = re.match(r"^([A-ZÄÖÜ][\wäöüß.()/ -]{1,40}),\s*(?:den\s+|am\s+|the\s+|le\s+|dnia\s+)?(.+)$",
                                 cell)
                    if m and not re.search(r"(?i)\b(?:ab|zum|bis|from|until|seit)\b",
                                           m.group(1)):
                        rank, rest = 1, m.group(2)
                    else:
                        rank, rest = 2, cell
                dates = find_dates(rest)
                if not dates or dates[0].date is None:
                    continue
                d = dates[0]
                # the date must be (nearly) all of what follows: "Dortmund, 07.09.2026"
                leftover = squash(rest[:d.start] + rest[d.end:])
                if rank == 0 and len(leftover) > 25:
                    continue
                if rank >= 1 and (d.start > 0 or len(leftover) > (12 if rank == 1 else 0)):
                    if not (rank == 1 and re.fullmatch(r"[\d:+\s()A-Z]*(?:Uhr)?", leftover)):
                        continue
                if best is None or rank < best[0]:
                    best = (rank, d.date, line.text if len(squash(line.text)) <= SNIPPET
                            else cell)
                break
        if best:
            self.put("/notice/date", best[1].isoformat(), best[2])
            self.notice_date = best[1]
        else:
            self.notice_date = None

    # -- sector --
    SECTOR_CUES = {
        "health_insurance": [r"private[nr]?\s+Kranken", r"\bPKV\b", r"Krankenversicherung",
                             r"Krankheitskosten", r"§\s*203\s*VVG", r"Krankentagegeld",
                             r"health\s+insurance", r"Pflegeversicherung",
                             r"Beitragsanpassung.*Tarif", r"Selbstbehalt"],
        "insurance": [r"versicherung", r"Versicherungs", r"Beitrag", r"Police", r"\bVVG\b",
                      r"insurance", r"(?-i:\bpremiums?\b)", r"\bpolicy\b", r"Haftpflicht", r"Hausrat",
                      r"Kfz-", r"Versicherer"],
        "energy": [r"\bStrom", r"strom\b", r"\bGas\b", r"Erdgas", r"gastarif", r"\bkWh",
                   r"Arbeitspreis", r"Grundversorgung", r"Energie", r"electricity",
                   r"\benergy\b", r"\bgas\s+(?:tariff|supply|price)",
                   r"Netzentgelt", r"Zähler", r"Abschlag", r"Ökostrom", r"Heizstrom"],
        "telecom": [r"Internet", r"\bDSL\b", r"\bnetwork\b", r"\bcalls\b", r"\btexts\b",
                    r"roaming", r"\bGB\b", r"Rufnummer", r"Telefonie", r"VDSL", r"Glasfaser", r"Kabel(?!tv)",
                    r"Mobilfunk", r"Telefon", r"Festnetz", r"\bLTE\b", r"\b5G\b",
                    r"broadband", r"\bmobile\b", r"\bSIM\b", r"Datenvolumen", r"Flatrate",
                    r"Router", r"Anschluss", r"Handy", r"\bphone\b", r"fibre|fiber",
                    r"\bTKG\b", r"Mbit"],
        "bank": [r"\bKonto\b", r"Girokonto", r"Sparkasse", r"\bBank\b", r"Volksbank",
                 r"\b(?:Direkt|Volks|Post|Commerz|Landes|Hypo|Kredit|Privat|Online|Spar)bank\b",
                 r"Visa\s?Card|Mastercard|Kreditkarte|Kartenkonto|Debitkarte",
                 r"Kontoführung", r"Kontomodell", r"Entgelt", r"Kreditkarte", r"Depot",
                 r"Preis-?\s?und\s+Leistungsverzeichnis", r"Online-?Banking",
                 r"Internet-?Filiale", r"§\s*675g", r"current\s+account", r"bank\s+account",
                 r"Kontopreis", r"Girocard", r"Überweisung"],
        "subscription": [r"Streaming", r"\bMusi[ck]", r"\bAbo\b", r"Abonnement", r"Mitglied",
                         r"Mitgliedschaft", r"Fitness", r"Sportstudio", r"Kursprogramm",
                         r"\bTraining", r"\bgym\b", r"Studio", r"Software", r"Lizenz", r"subscription",
                         r"membership", r"\bgym\b", r"\bplan\b", r"streaming", r"Zeitung",
                         r"Zeitschrift", r"Magazin", r"Premium", r"Family", r"\bApp\b",
                         r"licen[cs]e", r"Probemonat", r"Serien|Filme", r"playlists?",
                         r"audiobooks?|Hörbüch|Hörbuch", r"podcasts?", r"\bsongs?\b",
                         r"\bfilms?\b", r"\bseries\b", r"listening", r"\bKino",
                         r"Sportclub|Sportverein|Sauna", r"Kursangebot|\bKurse\b"],
        "hosting": [r"Webspace", r"Hosting", r"\bDomain", r"\bServer", r"vServer",
                    r"Cloud", r"Speicherplatz", r"\bSSL\b", r"Website", r"Webhosting",
                    r"Homepage", r"Rechenzentr", r"\bVPS\b", r"virtual\s+servers?",
                    r"data\s+cent(?:re|er)"],
    }

    WEAK_CUES = {r"\bplan\b", r"Premium", r"Family", r"\bApp\b", r"Beitrag", r"Entgelt",
                 r"\bmobile\b", r"Anschluss", r"Cloud", r"Studio", r"Software", r"Energie",
                 r"\benergy\b", r"Mitglied", r"\bServer", r"Router"}

    def read_sector(self) -> None:
        # contact lines ("Telefon 0521 ...", "Service: 0231 ...") say nothing of the sector
        body = "\n".join(l.text for l in self.body_lines()
                         if not re.match(r"(?i)^\s*(?:tel(?:efon)?|fax|phone|service|hotline|"
                                         r"mobil|e-?mail|www|internet)\b\.?\s*:?\s*[+\d(]",
                                         l.text))
        scores = {}
        for sector, cues in self.SECTOR_CUES.items():
            score = 0.0
            for cue in cues:
                n = len(re.findall(cue, body, re.I))
                if n:
                    weight = 0.5 if cue in self.WEAK_CUES else 1.0
                    score += weight * (1 + min(n - 1, 3) * 0.5)
            scores[sector] = score
        # health insurance contains insurance: the stronger wins only with its own cues
        if scores["health_insurance"] >= 2:
            scores["insurance"] = 0
        else:
            scores["health_insurance"] = 0
        # a bank's online branch or the "account" of a streaming service is no bank
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        (best, top), (_, second) = ranked[0], ranked[1]
        if top >= 1.5 and top >= 1.5 * second + 0.5:
            cue = next(c for c in self.SECTOR_CUES[best] if re.search(c, body, re.I))
            m = re.search(cue, body, re.I)
            self.put("/contract/sector", best, self._line_at(body, m.start()))
            self.sector = best
        elif top == 0 and len(self.body_lines()) >= 8:
            # no cue of any sector in a whole letter: "other"
            self.conclude("/contract/sector", "other", N_(
                "The notice shows no sign of one of the listed kinds of contract, so "
                "“Something else” was filled in."))
            self.sector = "other"
        else:
            self.sector = None

    @staticmethod
    def _line_at(text: str, pos: int) -> str:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        return text[start:end if end >= 0 else None]

    # -- prices --
    UNIT_PATTERNS = [
        ("kWh", r"/\s*kWh|je\s+kWh|pro\s+kWh|per\s+kWh|Kilowattstunde|ct/kWh|"
                r"(?:prix|par|du)\s+kWh|za\s+kWh"),
        ("quarter", r"Quartal|vierteljährl|quarterly|per\s+quarter|a\s+quarter|/\s*Q\b"),
        ("year", r"(?:pro|im|je|per|a|/)\s*(?:Jahr\b|year|annum)|jährlich|\bp\.\s?a\.|"
                 r"par\s+an\b|annuel|rocznie|(?:na|za)\s+rok\b|"
                 r"Jahres(?:beitrag|preis|entgelt|gebühr|abo|prämie|pauschale|grundpreis|"
                 r"kosten)|annual|yearly|/\s*J\b|/\s*a\b|\bund\s+Jahr\b|\bper\s+annum"),
        ("month", r"(?:pro|im|je|per|a|/)\s*(?:Monat\b|month|mo\b)|monatlich|mtl\.|"
                  r"par\s+mois|mensuel|miesięczn|(?:na|za)\s+miesiąc|"
                  r"Monats(?:beitrag|beiträge|preis|entgelt|gebühr|pauschale|grundpreis|rate|"
                  r"abo)|monthly|/\s*M(?:on)?\.?\b"),
    ]
    NET = re.compile(r"(?i)^\W{0,3}(?:netto|net\b|zzgl|zuzügl|excl|exkl|ohne\s+(?:MwSt|USt)|"
                     r"plus\s+(?:VAT|MwSt)|before\s+VAT)")
    GROSS = re.compile(r"(?i)^\W{0,3}(?:brutto|gross|inkl|incl|inklusive|including|einschl)")
    MINOR = re.compile(r"(?i)option|zusatz|add-?on|einmalig|one-?off|bereitstellung|"
                       r"anschlussgebühr|aktivierung|voraussichtlich|jahreskosten|schätz|"
                       r"estimat|abschlag|rabatt|gutschrift|discount|bonus|versand|"
                       r"porto|mahn|rücklastschrift|hardware|miete\s+(?:für\s+)?(?:den\s+)?"
                       r"router|router|endgerät|weiterhin|unverändert|bleibt|bleiben|"
                       r"remains|unchanged|stays")
    TOTAL = re.compile(r"(?i)gesamt|summe|insgesamt|\btotal\b|zusammen|gesamtbeitrag|"
                       r"monatsbeitrag\s+gesamt|zu\s+zahlen")
    OLD_MARK = re.compile(r"(?i)(?:bisher\w*|bislang|derzeit\w*|aktuell\w*|alt\w*|heute|"
                          r"current(?:ly)?|previous(?:ly)?|old|was|existing|vorher|zuvor|"
                          r"statt|anstatt|anstelle|instead\s+of|rather\s+than|now)\W*$")
    NEW_MARK = re.compile(r"(?i)(?:neu\w*|künftig\w*|zukünftig\w*|nun|new|future|ab\s+\S+"
                          r"(?:\s+\S+){0,2}|from\s+\S+(?:\s+\S+){0,2}|will\s+be|will\s+cost|"
                          r"going\s+forward)\W*$")

    def _unit(self, text: str) -> str | None:
        for unit, pattern in self.UNIT_PATTERNS:
            if re.search(pattern, text, re.I):
                return unit
        return None

    def _amounts(self, text: str) -> list[Amount]:
        """Amounts in euros, with net ones dropped when gross ones stand beside them."""
        amounts = [a for a in find_amounts(text) if a.value > 0]
        tags = []
        for a in amounts:
            after, before = text[a.end:a.end + 22], text[max(0, a.start - 8):a.start]
            net = bool(self.NET.search(after) or re.search(r"(?i)netto\s*:?\s*$", before))
            gross = bool(self.GROSS.search(after) or re.search(r"(?i)brutto\s*:?\s*$", before))
            tags.append((a, net, gross))
        if any(g for _, _, g in tags) and any(n for _, n, _ in tags):
            return [a for a, n, _ in tags if not n]
        return amounts

    def read_prices(self) -> None:
        pairs: list[PricePair] = []
        pairs += self._inline_pairs()
        pairs += self._table_pairs()
        pairs += self._labelled_pairs()
        if not any(p.old is not None and p.new is not None for p in pairs):
            pairs += self._split_pairs()
        real = [p for p in pairs if p.old is not None and p.new is not None and p.old != p.new]
        # A price does not change tenfold: one of the two lost its decimal comma ("17,99 €"
        # recognised as "1799€") or is another amount altogether.
        if any(max(p.old, p.new) >= 10 * min(p.old, p.new) for p in real):
            real = [p for p in real if max(p.old, p.new) < 10 * min(p.old, p.new)]
            if not real:
                self.warn("price_unclear", N_("The old and the new price could not be read "
                                              "for sure; please enter them."))
                return
        if not real:
            return
        if self.sector == "energy" or any(p.per_kwh for p in real) or re.search(
                r"(?i)arbeitspreis|verbrauchspreis|ct\s*/\s*kWh|cent\s*/\s*kWh", self.text):
            # energy: the working price per kWh; no other price stands in for it
            kwh = [p for p in real if p.per_kwh and "grund" not in p.label.lower()]
            work = [p for p in kwh if re.search(r"(?i)arbeit|verbrauch|energie|working|unit",
                                                p.label)]
            if not (work or kwh):
                self.warn("price_unclear", N_("The working price per kWh could not be read; "
                                              "please enter the old and new price."))
                return
            real = work or kwh
        main = [p for p in real if not p.minor] or real
        totals = [p for p in main if p.total]
        if totals:
            main = totals
        # several different pairs left: the tariff's base price where labelled so
        distinct = {(p.old, p.new) for p in main}
        if len(distinct) > 1:
            base = [p for p in main if re.search(r"(?i)grund|basis|base|monatlich|tarif|"
                                                 r"paket|monthly|plan|beitrag", p.label)]
            if base and len({(p.old, p.new) for p in base}) == 1:
                main = base
            else:
                counts = Counter((p.old, p.new) for p in main)
                (top, n), *rest = counts.most_common()
                if rest and rest[0][1] == n:
                    # first in the text wins only for an inline sentence over a table row
                    first = min(main, key=lambda p: p.line)
                    main = [first]
                else:
                    main = [p for p in main if (p.old, p.new) == top]
        chosen = min(main, key=lambda p: p.line)
        if chosen.source == "table":
            self.price_label = chosen.label
        unit = chosen.unit or next((p.unit for p in main if p.unit), None)
        if chosen.per_kwh:
            unit = "kWh"
        names = self.COMPONENT_NAMES["en" if self.language == "en" else "de"]
        second = None
        if unit == "kWh":
            # energy: the working price and the standing charge, each by its name
            second = self._standing_charge(pairs)
            second_name = names[1]
        elif unit and self.sector == "telecom":
            # telecom: the tariff's price and a raised option, the option by its name
            second, second_name = self._option(pairs, chosen)
        if second:
            first_name = names[0] if unit == "kWh" else names[2]
            for i, (pair, pair_unit, name) in enumerate(
                    ((chosen, unit, first_name), (second, second.unit, second_name))):
                at = f"/notice/prices/{i}"
                self.put(f"{at}/name", name, pair.evidence)
                self._put_amounts(f"{at}/old", f"{at}/new", pair, pair_unit)
                self.put(f"{at}/unit", pair_unit, pair.evidence)
        # the price the notice leads with, also where the one price always stood (the
        # case JSON repeats the first of several there, docs/design.md 6.1)
        self._put_amounts("/notice/old_price", "/notice/new_price", chosen, unit)
        if unit:
            self.put("/notice/price_unit", unit, chosen.evidence)
        self.put("/notice/currency", "EUR", chosen.evidence)
        if chosen.net:
            self.warn("net_price", N_("Only prices without VAT (net) were found; check the "
                                      "price you actually pay."))

    # What the reader calls the prices of an energy notice (the working price, the
    # standing charge) and a telecom tariff's price beside an option, in the notice's
    # language.
    COMPONENT_NAMES = {"de": ("Arbeitspreis", "Grundpreis", "Grundpreis"),
                       "en": ("Unit rate", "Standing charge", "Base price")}
    OPTION = re.compile(r"(?i)option|zusatz|add-?on")
    OPTION_NAME = re.compile(r"[\w-]*(?:[Oo]ption|Zusatz)[\w-]*|(?:[A-Z][\w-]*\s)?[Aa]dd-?on\b")
    ONE_OFF = re.compile(r"(?i)einmalig|one-?off|bereitstellung|anschluss|aktivierung|"
                         r"versand|hardware|router|endgerät")
    STANDING = re.compile(r"(?i)grund(?:preis|gebühr|entgelt)|standing\s+charge|"
                          r"base\s+(?:price|rate|fee|charge)|basic\s+(?:price|charge|fee)|"
                          r"fixed\s+charge")

    def _standing_charge(self, pairs: list[PricePair]) -> PricePair | None:
        """Beside the working price, the standing charge per month, quarter or year where
        the notice states one unmistakably: labelled so, its unit stated, and one pair of
        values (gross where net and gross are given); else none, as a wrong value is
        worse than an empty field."""
        found = [p for p in pairs if _plausible(p) and not p.per_kwh
                 and p.unit in ("month", "quarter", "year") and self.STANDING.search(p.label)]
        if any(not p.net for p in found):
            found = [p for p in found if not p.net]
        if len({(p.old, p.new, p.unit) for p in found}) != 1:
            return None
        return min(found, key=lambda p: p.line)

    def _option(self, pairs: list[PricePair], chosen: PricePair
                ) -> tuple[PricePair | None, str]:
        """Beside a telecom tariff's price, an option the notice raises too, named as the
        notice names it ("Telefon-Option"): one pair of values with its unit stated, the
        option's name in its label; no one-off fee. Else none."""
        found = [p for p in pairs if p is not chosen and _plausible(p) and p.old < p.new
                 and p.unit in ("month", "quarter", "year") and self.OPTION.search(p.label)
                 and not self.ONE_OFF.search(p.label)
                 and (p.old, p.new) != (chosen.old, chosen.new)]
        names = {m.group() for p in found for m in [self.OPTION_NAME.search(p.label)] if m}
        if len({(p.old, p.new, p.unit) for p in found}) != 1 or len(names) != 1:
            return None, ""
        return min(found, key=lambda p: p.line), names.pop()

    def _put_amounts(self, old_at: str, new_at: str, pair: PricePair, unit: str | None) -> None:
        for pointer, value in ((old_at, pair.old), (new_at, pair.new)):
            q = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            if q != value:
                self.warn("price_rounded", N_("A price had more than four decimals and was "
                                              "rounded; please check it."))
                value = q
            self.put(pointer, amount_str(value, per_kwh=unit == "kWh"), pair.evidence)

    def _pair(self, old: Amount | None, new: Amount | None, context: str, line: int,
              label: str, source: str, evidence: str | None = None,
              unit: str | None = None) -> PricePair:
        per_kwh = bool((old and old.per_kwh) or (new and new.per_kwh))
        unit = "kWh" if per_kwh else (unit or self._unit(context))
        return PricePair(old.value if old else None, new.value if new else None, unit,
                         label, line, evidence or context, per_kwh=per_kwh,
                         total=bool(self.TOTAL.search(label)),
                         minor=bool(self.MINOR.search(label)),
                         net=bool(re.search(r"(?i)\bnetto\b|\bnet\b|zzgl|excl", context)
                                  and not re.search(r"(?i)brutto|gross|inkl|incl", context)),
                         source=source)

    def _inline_pairs(self) -> list[PricePair]:
        out = []
        for s in self.sentences:
            text = s.text
            if not PRICE_WORDS.search(text) and len(find_amounts(text)) < 2:
                continue
            amounts = self._amounts(text)
            for a, b in zip(amounts, amounts[1:]):
                gap = text[a.end:b.start]
                before = text[max(0, a.start - 60):a.start]
                if len(gap) > 90:
                    continue
                pair = None
                if re.search(r"(?i)^\W*(?:\S+\s+){0,5}?(?:statt|anstatt|anstelle|"
                             r"instead\s+of|rather\s+than|compared\s+(?:to|with)|"
                             r"gegenüber)\b", gap) and ";" not in gap:
                    pair = (b, a)
                elif re.search(r"(?i)\(\s*(?:bisher|bislang|vorher|zuvor|derzeit|aktuell|"
                               r"previous|current|now\b|was\b|old\b|alt\b|alte[rs]?\b|vorjahr|"
                               r"im\s+vorjahr|last\s+year|from\b)", gap):
                    pair = (b, a)
                elif re.search(r"(?i)\bum\s*$", before) and re.search(
                        r"(?i)\bauf\b|\b(?:beträgt|kostet|betragen|kosten)\b(?:\s+\w+)?\s*$", gap):
                    diff_new = (b.value - a.value, b)     # "um 3,00 € auf 42,90 €"
                    pair = ("diff", diff_new)
                elif re.search(r"(?i)\bby\s*$", before) and re.search(r"(?i)\bto\b", gap):
                    pair = ("diff", (b.value - a.value, b))
                elif re.search(r"(?i)\bvon\b(?:\s+\S+){0,3}\s*$", before) and \
                        re.search(r"(?i)^\W*(?:\S+\s+){0,4}?auf\b", gap):
                    pair = (a, b)
                elif re.search(r"(?i)\bfrom\b(?:\s+\S+){0,3}\s*$", before) and \
                        re.search(r"(?i)^\W*(?:\S+\s+){0,4}?to\b", gap):
                    pair = (a, b)
                elif re.search(r"(?i)(?:\bde|\bd'|\bz)\s*$", before) and \
                        re.search(r"(?i)^\W*(?:\S+\s+){0,4}?(?:à|na|do)\s*$", gap):
                    pair = (a, b)         # "passe de 24,00 € à 27,60 €", "z 39 zł na 45 zł"
                elif re.search(r"^\s*(?:/\s*\w+\.?|(?:pro|per|im|a|je)\s+\w+)?\s*(?:→|->|=>|⇒|>|"
                               r"➔|➜)\s*$", gap):
                    pair = (a, b)
                elif self.OLD_MARK.search(before[-40:]) and re.search(
                        r"(?i)\b(?:neu\w*|künftig\w*|zukünftig\w*|nun|new|future|ab|from|"
                        r"will|then)\b", gap) and ";" not in gap:
                    pair = (a, b)
                elif (self.NEW_MARK.search(before[-40:]) or re.search(
                        r"(?i)\b(?:kostet|kosten|beträgt|betragen|zahlen\s+Sie|zahlst\s+du|"
                        r"costs?|will\s+(?:be|cost)|is\s+now|steigt\s+auf|rises\s+to|goes\s+up\s+"
                        r"to|increases?\s+to)\b[^;!?]*$", before[-80:])) and re.search(
                        r"(?i)\b(?:bisher\w*|bislang|derzeit\w*|aktuell\w*|current\w*|"
                        r"previous\w*|old|alt\w*|vorher|zuvor|until\s+now|so\s+far)\b", gap) \
                        and ";" not in gap:
                    pair = (b, a)
                elif re.search(r"(?i)\b(?:to|auf)\s*$", before) and re.search(
                        r"(?i)^\W*(?:(?:a|per|pro|im|je)\s+\w+\s*)?[,(]?\s*(?:up\s+)?(?:from|von)"
                        r"\s*$", gap):
                    pair = (b, a)         # "rises to €11.99 (from €9.99)"
                if pair is None:
                    continue
                label = self._label_before(text, a.start)
                context = text[max(0, a.start - 80):b.end + 40]
                unit = (self._unit(text[b.end:b.end + 30]) or self._unit(text[a.end:a.end + 30])
                        or self._unit(label) or self._unit(text))
                if pair[0] == "diff":
                    value, newa = pair[1]
                    if value <= 0:
                        continue
                    p = self._pair(None, newa, context, s.lines[0], label, "inline", text, unit)
                    p.old = value
                    out.append(p)
                else:
                    out.append(self._pair(pair[0], pair[1], context, s.lines[0], label,
                                          "inline", text, unit))
        return out

    SPLIT_NEW = re.compile(r"(?i)\b(?:neu\w*|künftig\w*|zukünftig\w*|ab\s+(?:dem\s+)?\d|"
                           r"ab\s+(?:dem\s+)?(?:\d{1,2}\.\s*)?[A-ZÄÖÜ][a-zäöü]+\s+\d{4}|"
                           r"zum\s+\d|from\s+\d|starting|as\s+of|will\s+(?:cost|be)|"
                           r"new\b|going\s+forward|berechnen\s+wir|steigt\s+auf|rises\s+to)")
    SPLIT_OLD = re.compile(r"(?i)\b(?:bisher\w*|bislang|derzeit\w*|aktuell\w*|vorjahr\w*|"
                           r"currently|previously|so\s+far|until\s+now|at\s+present|"
                           r"you\s+(?:currently\s+)?pay|zahlen\s+Sie\s+(?:derzeit|aktuell|bisher|"
                           r"noch))\b")

    def _split_pairs(self) -> list[PricePair]:
        """The new price in one sentence, the old one in the next (or the one before):
        "Ab 01.02.2027 berechnen wir monatlich 54,99 Euro. Bisher haben Sie 49,99 Euro
        bezahlt." """
        marked = []
        for i, s in enumerate(self.sentences):
            amounts = self._amounts(s.text)
            if len(amounts) != 1 or not (PRICE_WORDS.search(s.text) or re.search(
                    r"(?i)bezahlt|zahl|pay|berechn|charge", s.text) or
                    self.SPLIT_OLD.search(s.text[:amounts[0].start])):
                continue
            head = s.text[:amounts[0].start]
            is_old = bool(self.SPLIT_OLD.search(head) or self.SPLIT_OLD.search(s.text))
            is_new = bool(self.SPLIT_NEW.search(head))
            if is_old == is_new:
                continue
            marked.append((i, "old" if is_old else "new", amounts[0], s))
        out = []
        for (i, kind_a, a, sa), (j, kind_b, b, sb) in zip(marked, marked[1:]):
            if j - i != 1 or kind_a == kind_b:
                continue
            old, new = (a, b) if kind_a == "old" else (b, a)
            so, sn = (sa, sb) if kind_a == "old" else (sb, sa)
            unit_new = self._unit(sn.text[new.end:new.end + 30]) or self._unit(sn.text)
            unit_old = self._unit(so.text[old.end:old.end + 30]) or self._unit(so.text)
            if unit_new and unit_old and unit_new != unit_old:
                continue
            if old.per_kwh != new.per_kwh:
                continue
            label = self._label_before(sn.text, new.start)
            out.append(self._pair(old, new, f"{sa.text} {sb.text}", sa.lines[0], label,
                                  "split", f"{sa.text} {sb.text}", unit_new or unit_old))
        return out

    @staticmethod
    def _label_before(text: str, pos: int) -> str:
        """The words before an amount that say what it is (up to the clause's start)."""
        start = max(text.rfind(".", 0, pos), text.rfind(";", 0, pos), text.rfind(":", 0,
                    max(0, pos - 40)), 0)
        return text[start:pos][-80:]

    COLUMN_WORDS = [
        ("old", r"\b(?:bisher\w*|bislang|alt(?:e[rsn]?)?|heute|aktuell\w*|derzeit\w*|current|old|"
                r"previous|now|was|vorher|gültig\s+bis|bis\s+(?=\d)|"
                r"actuel\w*|ancien\w*|obecn\w*|dotychczas\w*)\b"),      # French, Polish
        ("new", r"\b(?:neu\w*|künftig\w*|zukünftig\w*|ab\b|new|future|from|after|gültig\s+ab|"
                r"will\s+be|nouve\w*|now[aey]\b)\b"),
    ]

    def _table_pairs(self) -> list[PricePair]:
        """Rows with two (or four) amounts under a header that says which is old and new."""
        out = []
        lines = self.lines
        for line in lines:
            if line.register or not line.text:
                continue
            amounts = self._amounts(line.text)
            all_amounts = find_amounts(line.text)
            if len(all_amounts) < 2:
                all_amounts = self._bare_amounts(line)
                amounts = all_amounts
                if len(all_amounts) < 2:
                    continue
            label = line.text[:all_amounts[0].start].strip(" :|")
            if re.search(r"[.!?]\s+[A-ZÄÖÜ]", line.text[all_amounts[0].end:all_amounts[-1].start]):
                continue      # two sentences, not a table row
            # the header: the nearest line above without amounts, within 6 lines
            header = None
            for k in range(line.index - 1, max(-1, line.index - 7), -1):
                t = lines[k].text
                if not t:
                    continue
                if find_amounts(t) or len(self._bare_amounts(lines[k])) >= 2:
                    continue      # a row above (its amounts may be bare: "29,45  31,87")
                prose = bool(re.search(r"[a-zäöüß]{2}[.!?]\s+[A-ZÄÖÜ]|[a-zäöüß],\s", t)) or \
                    (len(_cells(t)) < 2 and len(t) > 70)
                if not prose and (self._column_order(t) or
                                  re.search(r"(?i)netto|brutto|\bnet\b|gross", t)):
                    header = t
                    break
                if len(t) > 60:
                    break
            order = self._column_order(header) if header else None
            row_old = re.search(self.COLUMN_WORDS[0][1], label, re.I)
            row_new = re.search(self.COLUMN_WORDS[1][1], label, re.I)
            if order is None and not (row_old or row_new):
                continue
            if order is None:
                continue
            cells = _cells(header)
            marks = (sum(1 for c in cells if any(re.search(p, c, re.I)
                                                 for _, p in self.COLUMN_WORDS))
                     if len(cells) > 1 else len(order))
            both = bool(re.search(r"(?i)nett?o|\bnet\b", header) and re.search(
                r"(?i)brut\w*|gross", header))
            if both and len(all_amounts) != 2 * len(order):
                continue      # net and gross columns that this row does not fill: unsure
            if marks > 2 and len(all_amounts) != marks and not both:
                continue      # more columns than amounts (a table OCR tore apart)
            # net/gross columns: keep the gross ones
            if both:
                nets = [m.start() for m in re.finditer(r"(?i)nett?o|\bnet\b|brut\w*|gross",
                                                       header)]
                kinds = [("gross" if re.match(r"(?i)brut|gross", header[p:]) else "net")
                         for p in nets]
                if len(kinds) == len(all_amounts):
                    amounts = [a for a, k in zip(all_amounts, kinds) if k == "gross"]
                elif len(kinds) == 2:
                    amounts = [a for i, a in enumerate(all_amounts)
                               if kinds[i % 2] == "gross"]
                else:
                    continue
            if re.search(r"(?i)^\s*(?:netto|net)\b|\bnetto\s*$", label) and any(
                    re.search(r"(?i)brutto|gross", l.text) for l in
                    lines[line.index + 1:line.index + 3] if find_amounts(l.text)):
                continue     # the net row of a net/gross pair of rows
            if len(amounts) != len(order):
                continue
            old = amounts[order.index("old")]
            new = amounts[order.index("new")]
            context = f"{header} {line.text}"
            evidence = f"{squash(label)} {old.text} → {new.text}" if label else line.text
            unit = (self._unit(line.text[new.end:new.end + 20]) or
                    self._unit(line.text[old.end:old.end + 20]) or self._unit(label) or
                    self._unit(header or "") or self._unit(self._unit_hint(line.index)))
            p = self._pair(old, new, context, line.index, label or header, "table", evidence,
                           unit)
            out.append(p)
        return out

    def _bare_amounts(self, line: Line) -> list[Amount]:
        """Numbers in a table row whose label or header says the currency: "Arbeitspreis
        (ct/kWh)  10,50  12,50", "Grundpreis in €  126,05  150,00"."""
        first = re.search(r"\d", line.text)
        if not first:
            return []
        label = line.text[:first.start()]
        header = " ".join(l.text for l in self.lines[max(0, line.index - 4):line.index]
                          if l.text and not find_amounts(l.text))
        hint = f"{label} {header}"
        if not re.search(r"€|EUR\b|Euro|\bct\b|Cent", hint):
            return []
        cents = bool(re.search(r"\bct\b|Cent", label) or (not re.search(r"€|EUR|Euro", label)
                                                          and re.search(r"\bct\b|Cent", header)))
        per_kwh = bool(re.search(r"kWh", label) or (cents and re.search(r"kWh", header)))
        out = []
        for m in re.finditer(r"(?<![\w.,/])(?:\d{1,3}(?:\.\d{3})+,\d{2,4}|\d{1,5},\d{2,4}|"
                             r"\d{1,5}\.\d{2,4})(?![\d.,]?\d)", line.text):
            if m.start() < first.start():
                continue
            value = parse_number(m.group())
            if value is None:
                continue
            out.append(Amount(value / 100 if cents else value, m.start(), m.end(), m.group(),
                              cents, per_kwh))
        return out

    def _unit_hint(self, index: int) -> str:
        """A unit said in the header rows or a note near the table ("Preise pro Monat")."""
        near = [l.text for l in self.lines[max(0, index - 8):index + 8] if l.text]
        return " ".join(t for t in near if self._unit(t) and not find_amounts(t))

    def _column_order(self, header: str) -> list[str] | None:
        marks = []
        for kind, pattern in self.COLUMN_WORDS:
            for m in re.finditer(pattern, header, re.I):
                marks.append((m.start(), kind))
        marks.sort()
        kinds = [k for _, k in marks]
        # collapse repeats ("ab 1. Januar 2027" gives one "new")
        order = [k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1]]
        if sorted(order) == ["new", "old"]:
            return order
        return None

    def _labelled_pairs(self) -> list[PricePair]:
        """'Bisheriger Preis: 8,99 €' and 'Neuer Preis: 11,99 €' on separate lines."""
        old_re = re.compile(r"(?i)^(?:ihr\s+)?(?:bisherige[rs]?|alte[rs]?|aktuelle[rs]?|"
                            r"derzeitige[rs]?|current|old|previous|existing|your\s+current)\b"
                            r"[^:€]{0,60}:?")
        new_re = re.compile(r"(?i)^(?:ihr\s+)?(?:neue[rs]?|künftige[rs]?|zukünftige[rs]?|"
                            r"new|future|your\s+new)\b[^:€]{0,60}:?")
        olds, news, years = [], [], {}
        for line in self.lines:
            if line.register or not line.text:
                continue
            for cell in line.cells if len(line.cells) > 1 else [line.text]:
                amounts = self._amounts(cell)
                if len(amounts) != 1:
                    continue
                head = cell[:amounts[0].start]
                year = re.match(r"^(.{3,40}?)\s+((?:19|20)\d\d)\s*:?\s*$", head)
                if year and PRICE_WORDS.search(year.group(1)):
                    years.setdefault(squash(year.group(1)).lower(), []).append(
                        (int(year.group(2)), amounts[0], line, cell))
                if old_re.match(head):
                    olds.append((amounts[0], line, cell))
                elif new_re.match(head):
                    news.append((amounts[0], line, cell))
        for entries in years.values():
            # "Jahresbeitrag 2026: 612,40 €" / "Jahresbeitrag 2027: 689,20 €"
            if len(entries) == 2 and entries[0][0] != entries[1][0] and not (olds or news):
                (_, o, ol, oc), (_, n, nl, nc) = sorted(entries, key=lambda e: e[0])
                return [self._pair(o, n, f"{oc} {nc}", min(ol.index, nl.index), oc,
                                   "labelled", f"{oc} / {nc}")]
        if len(olds) == 1 and len(news) == 1:
            (o, ol, oc), (n, nl, nc) = olds[0], news[0]
            context = f"{oc} {nc}"
            return [self._pair(o, n, context, min(ol.index, nl.index), oc, "labelled",
                               f"{oc} / {nc}")]
        return []

    # -- effective date --
    def read_effective(self) -> None:
        scores: dict[dt.date, float] = {}
        evidence: dict[dt.date, str] = {}
        for s in self.sentences + [Sentence(l.text, (l.index,)) for l in self.lines
                                   if l.text and not l.register]:
            text = s.text
            for d in find_dates(text):
                day = d.date
                if day is None and d.day_month and self.notice_date:
                    day = complete_year(d.day_month, self.notice_date)
                if day is None:
                    continue
                before = text[max(0, d.start - 45):d.start]
                after = text[d.end:d.end + 50]
                trigger = re.search(
                    r"(?i)(?:\bab\s+(?:dem\s+)?|\bzum\s+|\bmit\s+Wirkung\s+(?:zum|ab|vom)\s+|"
                    r"gültig\s+ab\s+(?:dem\s+)?|\bgilt\s+ab\s+(?:dem\s+)?|\bbeginnend\s+"
                    r"(?:am|mit\s+dem)\s+|\bfrom\s+(?:the\s+)?|\bas\s+(?:of|from)\s+(?:the\s+)?|"
                    r"\beffective\s+(?:from\s+|on\s+|as\s+of\s+)?(?:the\s+)?|\bstarting\s+"
                    r"(?:on\s+|from\s+)?(?:the\s+)?|\bbeginning\s+(?:on\s+)?|\bwith\s+effect\s+"
                    r"from\s+(?:the\s+)?|\bon\s+or\s+after\s+(?:the\s+)?|\bon\s+(?:the\s+)?|\bam\s+|"
                    r"\bvom\s+|"
                    # French and Polish senders: "à compter du", "à partir du", "od dnia"
                    r"(?<!\w)[àa]\s+compter\s+du\s+|(?<!\w)[àa]\s+partir\s+du\s+|\bdès\s+le\s+|"
                    r"\bod\s+dnia\s+|"
                    r"\bod\s+)"
                    r"(?:(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.?,?\s+)?$",
                    before)
                if not trigger:
                    continue
                word = trigger.group().strip().lower()
                if re.search(r"(?i)\b(?:bis|until|by|spätestens|before|vor|no\s+later)\b"
                             r"[^.]{0,12}$", before):
                    continue
                score = 1.0 if word.startswith(("ab", "mit", "gültig", "gilt", "effective",
                                                "with", "as", "from", "starting",
                                                "beginning", "beginnend", "à", "a ",
                                                "dès", "od")) else 0.5
                if PRICE_WORDS.search(text):
                    score += 1.5
                if word.startswith(("am", "on", "vom")):
                    score = 1.0 + (1.0 if PRICE_WORDS.search(text) else 0)
                    if not re.search(r"(?i)wirksam|in\s+kraft|gilt|gelten|take\s+effect|"
                                     r"apply|änder|change|steig|erhöh|increas|rise|rising|passen|"
                                     r"anpass|renew|verlänger|fällig|beginn|begin|start", text):
                        continue
                    if re.search(r"(?i)^\W*(?:\S+\s+){0,4}?(?:bekannt|veröffentlicht|"
                                 r"mitgeteilt|informiert|published|announced|erhalten|"
                                 r"received)", after):
                        continue
                if re.search(r"(?i)^\W*(?:\S+\s+){0,6}?(?:kündig|cancel|terminat|widersp|"
                             r"object)", after) or TERMINATE.search(before[-25:]):
                    score -= 2.5
                if self.notice_date and day < self.notice_date:
                    continue
                if score <= 0:
                    continue
                scores[day] = scores.get(day, 0) + score
                evidence.setdefault(day, text)
        if not scores:
            return
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] * 0.8:
            self.warn("effective_unclear", N_("The notice names several dates on which the "
                                              "change could take effect; none was taken."))
            return
        day = ranked[0][0]
        self.put("/notice/effective", day.isoformat(), evidence[day])

    # -- objection period and form --
    def read_objection(self) -> None:
        period, period_ev = None, None
        forms_text = []
        consent_date = None
        for i, s in enumerate(self.sentences):
            text = s.text
            has_object = bool(OBJECT.search(text)) or bool(
                re.search(r"(?i)\bdisagree|nicht\s+einverstanden|do\s+not\s+agree|don't\s+agree|"
                          r"not\s+happy\s+with", text) and not TERMINATE.search(text))
            # a consent deadline ("stimmen Sie bis zum ... zu") is no objection period
            if CONSENT.search(text) and not has_object:
                for d in find_dates(text):
                    if d.date and re.search(r"(?i)\b(?:bis|by|until|before|vor)\b[^.]{0,15}$",
                                            text[:d.start]):
                        consent_date = consent_date or d.date
            if not has_object:
                continue
            verbs = [(m.start(), "object") for m in re.finditer(
                OBJECT.pattern + r"|\bdisagree|nicht\s+einverstanden|\blet\s+us\s+know|"
                r"teilen\s+Sie\s+uns|mitteilen|\btell\s+us|do\s+not\s+agree|don't\s+agree",
                text, re.I)]
            verbs += [(m.start(), "terminate") for m in TERMINATE.finditer(text)]
            verbs += [(m.start(), "consent") for m in CONSENT.finditer(text)]
            # objection fictions: "Zustimmung gilt als erteilt, wenn Sie nicht widersprechen"
            for cand, value in self._period_candidates(text):
                nearest = self._governing_verb(text, cand, verbs)
                if nearest[1] == "object" and period is None:
                    period, period_ev = value, text
            # the form: the objection's clauses, and a following sentence that explains it
            forms_text.append(self._object_clauses(text))
            if i + 1 < len(self.sentences):
                nxt = self.sentences[i + 1].text
                if re.match(r"(?i)^(?:dafür|hierfür|dazu|das|dies|bitte|ihr(?:en)?\s+"
                            r"widerspruch|es\s+genügt|er\s+muss|einfach|please|this|your\s+"
                            r"objection|you\s+can\s+do|simply|to\s+do\s+so|senden|schicken|"
                            r"schreiben|nutzen|richten|rufen|send|write|use|call|text\s+form|"
                            r"textform|schriftform|die\s+textform|written\s+form|in\s+writing|"
                            r"es\s+genügt|it\s+is\s+enough|a\s+letter|an\s+e-?mail|ein\s+brief|"
                            r"eine\s+e-?mail|per\s+e-?mail|by\s+e-?mail)", nxt) and \
                        not (TERMINATE.search(nxt) and not OBJECT.search(nxt)):
                    forms_text.append(nxt)
        if period:
            self.put("/notice/objection_period", period, period_ev)
        elif consent_date:
            self.warn("consent_deadline", N_("The notice asks for your consent by %(date)s. "
                                             "That is not a period to object, so none was "
                                             "taken."), date=consent_date)
        form = self._form(" ".join(forms_text))
        if form:
            self.put("/notice/required_form", form[0], form[1])

    @staticmethod
    def _governing_verb(text: str, pos: int, verbs: list[tuple[int, str]]) -> tuple[int, str]:
        """The verb a period or last day belongs to: the nearest in its own clause
        ("Widersprechen Sie nicht bis zum 31.12., gilt Ihre Zustimmung als erteilt": the
        date is the objection's, though "Zustimmung" is nearer), else the nearest."""
        start = max(text.rfind(sep, 0, pos) for sep in (",", ";", ":")) + 1
        ends = [i for i in (text.find(sep, pos) for sep in (",", ";", ":")) if i >= 0]
        end = min(ends, default=len(text))
        own = [v for v in verbs if start <= v[0] < end]
        return min(own or verbs, key=lambda v: abs(v[0] - pos))

    def _object_clauses(self, text: str) -> str:
        clauses = re.split(r";|\s(?:oder|or)\s(?=(?:\w+\s+){0,3}(?:Sie|you)\b)|"
                           r"\.\s|,\s(?=(?:außerdem|zudem|daneben|alternativ|also|and\s+you|"
                           r"und\s+Sie)\b)", text)
        keep = [c for c in clauses if OBJECT.search(c) or not TERMINATE.search(c)]
        return " ".join(keep)

    def _period_candidates(self, text: str):
        for m in PERIOD_RE.finditer(text):
            before = text[max(0, m.start() - 40):m.start()]
            if not re.search(r"(?i)(?:innerhalb|binnen|within|spätestens|bis\s+spätestens|"
                             r"bis\s+zu|frist\s+von|in\s+den\s+nächsten|for|no\s+later\s+than|"
                             r"of|von|period\s+of|frist:?|bis|haben|hast|have|has|gives?\s+you)"
                             r"\W*(?:\w+\W+){0,2}$", before):
                continue
            value = period_of(m.group("n"), m.group("u"))
            if value:
                yield m.start(), value
        for m in FOREIGN_PERIOD_RE.finditer(text):
            if FOREIGN_PERIOD_INTRO.search(text[max(0, m.start() - 40):m.start()]):
                value = foreign_period(m.group("n"), m.group("u"))
                if value:
                    yield m.start(), value
        for d in find_dates(text):
            if d.date is None:
                continue
            before = text[max(0, d.start - 40):d.start]
            if FOREIGN_UNTIL.search(before):
                yield d.start, d.date.isoformat()
            elif re.search(r"(?i)\b(?:bis|by|until|spätestens|no\s+later\s+than|before)\b"
                         r"(?:\s+(?:zum|spätestens|einschließlich|am|the|zu|dem|den))*"
                         r"(?:\s+(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.?,?)?"
                         r"\s*$", before):
                if re.search(r"(?i)\bbefore\s*$|\bvor\s*$", before):
                    continue
                yield d.start, d.date.isoformat()

    FORM_NEG_EMAIL = re.compile(
        r"(?i)(?:e-?mail|fax|textform|online)[^.;]{0,40}?\b(?:genügt|reicht|ausreichend|"
        r"zulässig|möglich|is|are|will\s+be)\b[^.;]{0,28}?\b(?:nicht|not|no)\b|"
        r"nicht\s+(?:per|via|durch|mit)\s+e-?mail|keine\s+e-?mail|not\s+(?:by|via)\s+e-?mail|"
        r"e-?mails?\s+(?:werden|können)\s+(?:wir\s+)?nicht")
    FORM_NONE = re.compile(r"(?i)formlos|formfrei|telefonisch|per\s+telefon|anruf|rufen\s+sie|"
                           r"by\s+(?:tele)?phone|call\s+us|mündlich|in\s+any\s+form|"
                           r"an\s+keine\s+form|keine\s+bestimmte\s+form|auf\s+jede\s+art")
    FORM_TEXT = re.compile(r"(?i)textform|e-?mail|online-?formular|kontaktformular|formular|"
                           r"kundenportal|kundencenter|kundenbereich|kundenkonto|mein\s+\w+\s*-?portal|"
                           r"online\s+account|"
                           r"\bonline\b|\bportal\b|\bapp\b|\bfax\b|in\s+text\s+form|web\s*form|"
                           r"\bchat\b|internet-?filiale|online-?banking|postfach\s+im|"
                           r"contact\s+form|web\s?site|webseite|\bover\s+the\s+internet|"
                           r"[\w.-]+@[\w-]+\.\w+|account\s+page|your\s+account")
    FORM_WRITTEN = re.compile(r"(?i)schriftlich|schriftform|per\s+brief|per\s+post|"
                              r"postweg|postalisch|eigenhändig|unterschrieben|in\s+writing|"
                              r"by\s+(?:letter|post)\b|written\s+form|signed\s+letter|"
                              r"per\s+einschreiben|by\s+registered")

    def _form(self, text: str) -> tuple[str, str] | None:
        # "within four weeks of this e-mail", "nach Erhalt dieser E-Mail": the notice itself
        text = re.sub(r"(?i)\b(?:this|that|our|dieser|diese|unserer|unsere)\s+e-?mail\b", "",
                      text)
        if not text.strip():
            return None
        for form, pattern in (("written", self.FORM_NEG_EMAIL), ("none", self.FORM_NONE),
                              ("text", self.FORM_TEXT), ("written", self.FORM_WRITTEN)):
            m = pattern.search(text)
            if m:
                return form, self._sentence_containing(m.group())
        return None

    def _sentence_containing(self, fragment: str) -> str:
        for s in self.sentences:
            if fragment in s.text and (OBJECT.search(s.text) or True):
                return s.text
        return fragment

    # -- termination right --
    def read_termination(self) -> None:
        if not self.sentences:
            return
        customer = re.compile(
            r"(?i)\b(?:können|könnten|dürfen|haben)\s+Sie\b|\bSie\s+(?:können|könnten|dürfen|"
            r"haben|sind\s+berechtigt)\b|\b(?:kannst|darfst|hast)\s+du\b|\bdu\s+(?:kannst|"
            r"darfst|hast)\b|\b(?:dir|euch)\s+(?:steht|stehen)\b|\bdein\w*\s+(?:Sonder)?"
            r"kündigungsrecht|\bkündige\b|\bIhnen\s+(?:steht|stehen)\b|\bIhr\w*\s+(?:Sonder)?"
            r"kündigungsrecht|\bkündigen\s+Sie\b|\bSonderkündigungsrecht|außerordentlich\w*\s+"
            r"Kündigungsrecht|\byou\s+(?:can|may|could|have|are\s+(?:entitled|free))\b|"
            r"\byour\s+right\b|\bright\s+to\s+(?:cancel|terminate|end)|\bfree\s+to\s+cancel|"
            r"\bcancel\s+(?:at\s+)?any\s*time|kündbar|\bKündigung\b[^.;]{0,120}\b(?:ist|sind)\b"
            r"[^.;]{0,160}\bmöglich|\bcancel(?:lation)?\b[^.;]{0,60}\bis\s+possible")
        negative = re.compile(r"(?i)\bkein\w*\s+(?:Sonder)?kündigungsrecht|kündigungsrecht\s+"
                              r"(?:besteht|haben\s+Sie)\s+nicht|nicht\s+(?:vorzeitig\s+)?kündig|"
                              r"no\s+right\s+to\s+(?:cancel|terminate)|cannot\s+(?:cancel|"
                              r"terminate)|can't\s+(?:cancel|terminate)")
        provider = re.compile(r"(?i)\b(?:wir|we)\b[^.]{0,80}(?:kündig|terminat|cancel)|"
                              r"(?:kündigen|terminate|cancel)[^.]{0,20}\b(?:wir|we)\b")
        unclear, denied = False, None
        for s in self.sentences:
            text = s.text
            if not TERMINATE.search(text):
                continue
            if negative.search(text):       # "Ein Sonderkündigungsrecht besteht nicht."
                denied = denied or text
                continue
            if not customer.search(text):
                # "Kündigungsfrist", "Kündigung" alone: say nothing either way
                if not provider.search(text):
                    unclear = True
                continue
            if provider.search(text) and not re.search(r"(?i)\b(?:Sie|Ihnen|you|du|dir)\b",
                                                       text):
                continue
            if re.search(r"(?i)\bwir\b[^.]{0,30}\b(?:berechtigt|behalten)|\bwe\s+(?:may|can|"
                         r"reserve)\b[^.]{0,30}(?:cancel|terminat)", text) and not re.search(
                    r"(?i)\b(?:können|dürfen)\s+Sie|\bSie\s+können|\byou\s+(?:can|may)|"
                    r"\bkannst\s+du|\bdu\s+kannst", text):
                continue
            self.put("/notice/names_termination_right", True, text)
            return
        # "not named" only where the text is a price notice at all, and all of it was
        # read: a file is whole, a pasted text or a photo only with the letter's end
        if denied:
            self.put("/notice/names_termination_right", False, denied)
        elif not unclear and self._read_to_end() and any(p in self.found for p in (
                "/notice/old_price", "/notice/new_price", "/notice/prices/0/new",
                "/notice/effective")):
            self.conclude("/notice/names_termination_right", False, N_(
                "The notice names no right to terminate, so “No” was filled in."))

    # -- tariff --
    TARIFF_STOP = {
        "Ihr", "Ihre", "Ihres", "Ihren", "Ihrem", "Sie", "Der", "Die", "Das", "Den", "Dem",
        "Des", "Ein", "Eine", "Preis", "Preise", "Preisen", "Grundpreis", "Arbeitspreis",
        "Monat", "Jahr", "Euro", "EUR", "Cent", "Vertrag", "Kunden", "Kundin", "Kunde",
        "Zum", "Ab", "Von", "Auf", "Für", "Mit", "Bei", "Im", "In", "Am", "Tarif", "Tarifs",
        "Beitrag", "Vertrags", "Your", "The", "Our", "We", "From", "Price", "Prices", "Is",
        "Will", "This", "That", "Plan", "Per", "Month", "Year", "Bitte", "Seit", "Nach",
        "Änderung", "Preisänderung", "Preisanpassung", "Beitragsanpassung", "Januar",
        "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
        "November", "Dezember", "January", "February", "March", "May", "June", "July",
        "October", "December", "Neue", "Neuer", "Neuen", "New", "Wir", "Und", "Oder",
        "Sehr", "Herr", "Frau", "Kosten", "Entgelt", "Entgelte", "Mitgliedschaft", "Abo",
        "Paket", "Pakets", "Kundennummer", "Vertragsnummer", "Leistung", "Leistungen",
        "Ihnen", "Uns", "Es", "Er", "Wird", "Ist", "Sind", "Bleibt", "Gilt", "Steigt",
        "Kostet", "Beträgt", "Nr", "No", "Nummer", "Number", "IBAN", "Help", "Centre",
        "Center", "Account", "Customer", "Service", "Team", "Data", "EU", "VAT", "MwSt",
        "Internet-Filiale", "App", "Online", "Online-Banking",
    }
    TARIFF_PATTERNS = [
        # Tarif "Name" / Tarif „Name“
        (3, r"(?i:tarif\w*|paket\w*|produkt\w*|plan|abo\w*|mitgliedschaft|option|"
            r"kontomodell|konto|vertrag|package|subscription|membership|anschluss\w*|"
            r"product)\s*:?\s*\"([^\"]{2,40})\""),
        # "dein Standard-Abo", "Ihr Komfort-Tarif"
        (1, r"\b([A-ZÄÖÜ][\w+&.]*)-(?:Abo|Tarif|Paket)\b"),
        # label lines: "Tarif: Name", "Ihr Tarif: Name"
        (3, r"^(?:Ihr\s+)?(?i:Tarif(?:name)?|Produkt|Paket|Kontomodell|Konto|Plan|Tariff|"
            r"Abo|Abonnement|Mitgliedschaft|Membership|Subscription|Package|Versicherung|"
            r"Versicherungsart|Vertrag|Contract)\s*:\s*(.{2,40}?)(?:,|\s{3,}|$)"),
        # "Ihres Tarifs Kabel Internet 500", "Stromtarif Strom Treue 24"
        (2, r"\b(?:[Tt]arif|[Tt]arifs|[A-ZÄÖÜ]\w*tarif|[A-ZÄÖÜ]\w*tarifs|[A-ZÄÖÜ]\w*vertrag|"
            r"[A-ZÄÖÜ]\w*vertrags|[A-ZÄÖÜ]\w*produkt|[A-ZÄÖÜ]\w*produkts|Paket|Pakets|Produkt|"
            r"Produkts|Mitgliedschaft|Abos?|Abonnements?|Kontomodells?|[A-ZÄÖÜ]\w*versicherung|"
            r"Tariff|tariff|package|Package)\s+((?:[a-zäöü][\w-]+\s+(?=[A-ZÄÖÜ0-9]))?"
            r"[A-ZÄÖÜ0-9][^\n]{0,60})"),
        # "the price of Premium Individual", "Preis für Klangwelt Duo"
        (1, r"\b(?:price|prices|Preis|Preise)\s+(?:of|for|für)\s+(?:your\s+|the\s+|Ihr\w*\s+)?"
            r"([A-ZÄÖÜ0-9][^\n]{0,60})"),
        # "your Family plan", "the Premium membership"
        (2, r"\b(?:[Yy]our|[Tt]he)\s+((?:[A-Z0-9][\w+&.-]*\s+){1,3}?)(?:plan|tariff|package|"
            r"subscription|membership|bundle|policy|insurance|cover|contract|account)\b"),
        # "the price of your Cloud Server S", "Price change for your Cloud Server S"
        (1, r"\b(?:[Yy]our|[Ff]or\s+the|[Oo]f\s+the)\s+([A-Z0-9][\w+&.-]*(?:\s+[A-Z0-9][\w+&.-]*)"
            r"{0,4})"),
    ]

    def read_tariff(self) -> None:
        votes: Counter = Counter()
        evidence: dict[str, str] = {}
        sources = [l.text for l in self.lines if l.text and not l.register]
        sources += [s.text for s in self.sentences]
        for text in sources:
            for w, pattern in self.TARIFF_PATTERNS:
                for m in re.finditer(pattern, text, re.M):
                    name = self._tariff_name(m.group(1))
                    if not name:
                        continue
                    votes[name] += w
                    evidence.setdefault(name, text)
        label = getattr(self, "price_label", "")
        if label:
            name = self._tariff_name(re.sub(r"\([^)]*\)", "", label))
            if name and not re.search(
                    r"(?i)preis|entgelt|gebühr|beitrag|kosten|miete|leistung|monat|gesamt|"
                    r"summe|price|fee|total|charge|premium|rate|bisher|neu|alt\b|heute", name):
                votes[name] += 2
                evidence.setdefault(name, label)
        if not votes:
            return
        ranked = votes.most_common()
        name, score = ranked[0]
        # a shorter name inside a longer one counts for it ("Family" in "Family Plan")
        if len(ranked) > 1 and ranked[1][1] == score and ranked[1][0] != name:
            return
        self.put("/contract/tariff", name, evidence[name])

    SMALL_WORDS = {"für", "von", "auf", "ab", "zum", "zur", "mit", "in", "im", "bei", "der",
                   "die", "das", "den", "dem", "des", "ist", "wird", "und", "oder", "the",
                   "for", "of", "to", "from", "and", "or", "is", "will", "a", "an", "your",
                   "our", "ein", "eine", "einen", "nach", "bis", "um", "an", "am", "aus"}

    def _tariff_name(self, raw: str) -> str | None:
        tokens = raw.strip().strip(".,:;").split()
        keep = []
        for t in tokens:
            bare = t.strip(".,:;()")
            if not bare or not re.search(r"\w", bare):
                break
            if bare in self.TARIFF_STOP or find_amounts(t) or find_dates(t) or \
                    re.fullmatch(r"\d{1,2}\.|\d+[.,]\d+|\d+,-*", t.rstrip(".,:;")) or \
                    re.fullmatch(r"\d+[.,]\d*", t):
                break
            if re.fullmatch(r"[a-zäöüß-]+", bare) and bare not in ("plus", "pro", "max", "mini"):
                # a brand written in small letters may open the name ("simfrei Allnet")
                if keep or bare in self.SMALL_WORDS or len(tokens) < 2 or not re.match(
                        r"[A-ZÄÖÜ][\w-]", tokens[1]) or tokens[1].strip(".,:;()") in \
                        self.TARIFF_STOP or re.search(r"(?:er|es|en|em|e)$", bare):
                    break
            keep.append(bare if t.endswith((".", ",", ":", ";")) else t)
            if t.endswith((",", ":", ";", ".")):
                break
        while keep and keep[-1] in ("&", "+", "-"):
            keep.pop()
        name = " ".join(keep).strip()
        if not name or len(name) > 40 or len(keep) > 5:
            return None
        if LEGAL_FORM.search(name) or "@" in name:
            return None
        if self.provider_name and self.provider_name.split()[:len(keep)] == name.split():
            return None     # the provider's brand ("your Studio Black membership")
        if re.fullmatch(r"\d+", name) or self.GENERIC.fullmatch(name):
            return None
        return name

    # A kind of product named in the plural is no tariff ("die Preise für
    # Festnetzanschlüsse", "prices for all plans").
    GENERIC = re.compile(r"(?i)(?:alle\s+|all\s+)?[\wäöüß-]*(?:anschlüsse|verträge|tarife|"
                         r"leistungen|produkte|pakete|optionen|dienste|abonnements|kunden|"
                         r"plans|products|services|packages|subscriptions|customers)")
