"""Addresses in a notice: the return address line, the letterhead, the window address,
the footer, and the address named for objections. Each is a candidate; which is the
customer's and which the provider's is decided by objection.reader.identity.

Postal formats: DE, AT, CH, LU, NL, SE, IE (Eircodes), GB, PL; streets in German,
English, French, Polish and Italian/Spanish spelling; country names from Babel.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from babel import Locale

from .patterns import OBJECT
from .text import SALUTATION, Text

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


@cache
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


def street_of(text: str) -> str | None:
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


def postal_of(text: str) -> tuple[str | None, str, str] | None:
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


def country_of(text: str) -> str | None:
    return country_names().get(text.strip().rstrip(".,").lower())


SEGMENT_SPLIT = re.compile(r"\s*[·•|]\s*|\s+[–-]\s+|,\s+|\s{3,}|(?<=\d)[.:]\s+(?=\d{4,5}\b)|"
                           r"(?<=\d)\s?[.:·]\s(?=[A-Z])")


def trim(part: str) -> str:
    """Strip separators, but keep the dot of an abbreviation ("B.V.", "a.G.", "Ltd.")."""
    part = part.strip(" ,;:·|")
    if part.endswith(".") and not re.search(r"(?:\b\w|\.\w|\b(?:Ltd|Inc|Co|mbH|St|Str))\.$",
                                            part):
        part = part.rstrip(".")
    return part.strip()


def from_segments(text: str) -> Address | None:
    """'Musterkabel GmbH · Hafenpromenade 3 · 44147 Dortmund' and the like."""
    parts = [trim(p) for p in SEGMENT_SPLIT.split(text) if p and trim(p)]
    if len(parts) < 2:
        return None
    for i, part in enumerate(parts):
        street = street_of(part)
        if not street:
            continue
        rest = parts[i + 1:]
        if not rest:
            return None
        postal = postal_of(rest[0])
        if not postal and len(rest) >= 2:
            # the city and its code may come apart: "Dublin D02 XY45" vs "44147, Dortmund"
            postal = postal_of(f"{rest[0]} {rest[1]}")
            if postal:
                rest = rest[1:]
        if not postal:
            return None
        country = postal[0]
        if len(rest) >= 2 and country_of(rest[1]):
            country = country_of(rest[1])
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


def same_place(a: Address, b: Address) -> bool:
    """Two addresses at the same street and postal code (spacing and case aside)."""
    def key(address: Address) -> tuple[str, str]:
        return (re.sub(r"\W", "", address.street).casefold(),
                re.sub(r"\W", "", address.postal_code))
    return bool(a.street and b.street) and key(a) == key(b)


def is_name(text: str) -> bool:
    if not text or len(text) > 80 or re.search(r"\d|@|:|www\.|https?:|\w- \w", text):
        return False
    if SALUTATION.match(text) or re.search(r"(?i)\b(?:tel|fax|e-?mail|seite|page)\b", text):
        return False
    # a brand may be written in small letters ("simfrei Mobilfunk GmbH")
    return text[:1].isupper() or (text[:1].islower() and bool(LEGAL_FORM.search(text)))


def is_person(name: str) -> bool:
    if LEGAL_FORM.search(name) or ORG_WORDS.search(name):
        return False
    words = name.replace("Dr.", "").replace("Prof.", "").split()
    return 2 <= len(words) <= 5 and all(re.match(r"[A-ZÄÖÜ]", w) or w in ("von", "van", "de",
                                        "zu", "der", "den", "di", "da", "le", "la", "el", "bin",
                                        "al") for w in words)

@dataclass(frozen=True)
class Addresses:
    candidates: list[Address]      # single lines first, then blocks
    objection: Address | None      # the address named for objections


def read(text: Text) -> Addresses:
    """Every address in the notice, and the one it names for objections."""
    candidates = _single_lines(text) + _blocks(text)
    return Addresses(candidates, objection_address(text, candidates))


def _single_lines(text: Text) -> list[Address]:
    """Addresses on one line: the return address line, the footer, inline."""
    cands: list[Address] = []
    lines = text.lines
    for line in lines:
        if not line.text:
            continue
        cells = list(line.cells) if len(line.cells) > 1 else [line.text]
        for cell in cells + ([line.text] if len(cells) > 1 else []):
            addr = from_segments(cell)
            if addr and not addr.name:
                above = [ln for ln in lines[max(0, line.index - 2):line.index] if ln.text]
                if above and is_name(above[-1].cells[0]) and not \
                        SALUTATION_WORD.match(above[-1].cells[0]):
                    addr.name = above[-1].cells[0]
                    addr.evidence = f"{addr.name} / {addr.evidence}"
                else:
                    addr = None
            if addr:
                addr.line = line.index
                addr.source = "footer" if text.after_closing(line.index) else "return"
                cands.append(addr)
                break
    return cands


def objection_address(text: Text, cands: list[Address]) -> Address | None:
    """The address a notice names for objections ("Ihren Widerspruch richten Sie an"):
    inline, or the candidate right below (then marked so: its source "objection")."""
    for line in text.lines:
        if not (OBJECT.search(line.text) and re.search(
                r"(?i)\b(?:an|to|richten|senden|schicken|adresse|address|anschrift)\b",
                line.text)):
            continue
        if line.register:
            continue
        # inline: "... an Muster GmbH, Postfach 12 34, 12345 Stadt."
        tail = re.split(r"(?i)\b(?:an|to)\s*:?\s+", line.text, maxsplit=1)
        if len(tail) == 2:
            addr = from_segments(tail[1].rstrip("."))
            if addr:
                addr.source, addr.line = "objection", line.index
                return addr
        for a in cands:
            if 0 < a.line - line.index <= 6 and not a.person_hint and a.name:
                a.source = "objection"
                return a
    return None


def city_spelling(text: Text, postal_code: str, city: str) -> str:
    """The city as written most often beside its postal code; OCR drops umlauts more
    often than it adds them, so a tie goes to the spelling with them."""
    if not postal_code or not postal_code.isdigit():
        return city
    counts: Counter = Counter()
    first = re.escape(city.split()[0][:1]) if city else ""
    for m in re.finditer(rf"\b{re.escape(postal_code)} {{1,2}}({first}[\wäöüßÄÖÜ.-]+"
                         rf"(?: (?:am|an|im|in|i\.|a\.|ob|\([\w ]+\)|[A-ZÄÖÜ][\wäöüß.-]*))*)",
                         text.full):
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


def _columns(text: Text) -> list[list[tuple[int, str]]]:
    """The lines split into columns (layout text has several side by side)."""
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    widest = max((len(ln.text) for ln in text.lines), default=0)
    for line in text.lines:
        if line.register:
            left.append((line.index, ""))
            right.append((line.index, ""))
            continue
        if len(line.cells) <= 1:
            if widest > 60 and line.indent > 40:
                right.append((line.index, line.text))
                left.append((line.index, ""))
            else:
                left.append((line.index, line.text))
                right.append((line.index, ""))
        else:
            left.append((line.index, line.cells[0]))
            right.append((line.index, line.cells[-1]))
    return [left, right]


def _blocks(text: Text) -> list[Address]:
    """Name / street / postal code and city on consecutive lines, per column."""
    out = []
    for column in _columns(text):
        texts = [t for _, t in column]
        for pos in range(len(column)):
            addr = _block_at(text, column, texts, pos)
            if addr:
                out.append(addr)
    return out


def _block_at(doc: Text, column: list[tuple[int, str]], texts: list[str],
              pos: int) -> Address | None:
    """The address whose postal code and city stand at `pos` of the column, if any."""
    index, text = column[pos]
    postal = postal_of(text) if text else None
    if not postal:
        return None
    # the street: the nearest line above (blank lines from OCR allowed)
    above = [(j, texts[j]) for j in range(pos - 1, max(-1, pos - 4), -1)
             if texts[j]]
    if not above:
        return None
    j, street_text = above[0]
    street = street_of(street_text)
    if not street:
        return None
    country = postal[0]
    below = [texts[k] for k in range(pos + 1, min(len(texts), pos + 3)) if texts[k]]
    if below and country_of(below[0]):
        country = country_of(below[0])
    names, where = _names_above(doc, column, texts, j)
    named = _block_name(names)
    if named is None:
        return None
    addr = Address(name=named[0], street=street, postal_code=postal[1], city=postal[2],
                   country=country or "", line=index, person_hint=named[1])
    top = min((where[n] for n in names if addr.name in n), default=j)
    lines_used = [texts[x] for x in range(top, pos + 1) if texts[x]]
    addr.evidence = " / ".join(lines_used)
    addr.source = "footer" if doc.after_closing(index) else (
        "letterhead" if LEGAL_FORM.search(addr.name) else "block")
    return addr


def _names_above(doc: Text, column: list[tuple[int, str]], texts: list[str],
                 street: int) -> tuple[list[str], dict[str, int]]:
    """The lines above a block's street, nearest first, stopping at a gap of 2 lines or
    another address (at most 4), and where each stands."""
    names, k, gap, where = [], street - 1, 0, {}
    while k >= 0 and len(names) < 4 and gap < 2:
        t = texts[k]
        if not t:
            gap += 1
            k -= 1
            continue
        gap = 0
        if from_segments(t) or postal_of(t) or street_of(t):
            break
        # a letterhead beside a logo: the cell with the legal form is the name
        others = [c for c in doc.lines[column[k][0]].cells if LEGAL_FORM.search(c)
                  and is_name(c)]
        if others and not LEGAL_FORM.search(t):
            t = others[0]
        names.append(t)
        where[t] = k
        k -= 1
    return names, where


def _block_name(names: list[str]) -> tuple[str, bool] | None:
    """A block's name from the lines above its street, and whether a "Frau"/"Herrn"
    before it says it is a person's; None when no line is a name."""
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
        person = [c for c in clean if is_name(c) and len(c.split()) >= 2 and
                  not re.search(r"(?i)\b(?:datum|date|kunden|vertrag|nummer|"
                                r"seite|page|telefon|betreff)", c)]
        return (person[-1], True) if person else None
    valid = [c for c in clean if is_name(c) and not DEPARTMENT.match(c)]
    org = [c for c in valid if LEGAL_FORM.search(c)]
    if org:
        return org[0], False
    if valid:
        return valid[0], False
    return None
