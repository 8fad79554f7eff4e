"""The provider directory (issue 27): where a provider's objections go, as data.

One TOML file per sector under objection/data/providers/, each entry a `[[provider]]`
table: the name as the provider writes it, the names and brands it is known by, its
sectors (vocabulary.SECTORS), the postal address, fax and e-mail only where the provider
publishes them for declarations, the arbitration body (arbitration.BODIES) where the
sector settles it, and the public page the address was read from, the day it was
checked and who checked it. An entry nobody could verify on a public page is not in the
file: the directory is only worth what its sources are.

    directory() -> tuple[Provider, ...]           # the shipped data, validated once
    lookup(text, sector=None) -> list[Provider]   # the provider step, as the user types
    match(name, street, postal_code) -> Match     # the reader's cross-check
    load(folder) / problems(raw, ...)             # the validator (tests, scripts/providers.py)

The directory offers and cross-checks; it never overrides what a notice says.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from typing import Any

from .arbitration import BODIES
from .deadlines import today_in_berlin
from .i18n import fold
from .postcodes import states_for, town_line
from .towns import town_agrees
from .vocabulary import SECTORS, by_key, keys

DATA = Path(__file__).parent / "data" / "providers"
# An entry checked longer ago than this is reported to the operator for a new check.
STALE_AFTER = dt.timedelta(days=365)
MAX_RESULTS = 20


@dataclass(frozen=True)
class Provider:
    key: str
    name: str                      # as the provider writes it (its legal entity)
    aliases: tuple[str, ...]       # other names and brands it is known by
    sectors: tuple[str, ...]       # vocabulary.SECTORS keys, the main one first
    street: str                    # or "Postfach ..."
    postal_code: str
    city: str
    country: str                   # ISO 3166-1 alpha-2
    source: str                    # the public page the address was read from
    checked: dt.date
    checked_by: str
    state: str = ""                # German entries: the state (deadlines.STATES key)
    fax: str = ""                  # only where published for declarations
    email: str = ""                # likewise
    arbitration: str = ""          # arbitration.BODIES key, where the sector settles it

    @property
    def town_line(self) -> str:
        return town_line(self.postal_code, self.city, self.country)

    @property
    def address(self) -> list[str]:
        """The address block as a letter writes it."""
        lines = [self.name, self.street, self.town_line]
        return lines if self.country == "DE" else [*lines, _COUNTRIES[self.country]]


@dataclass(frozen=True)
class Match:
    """A directory entry for a name read from a notice; `address_agrees` is None when
    no address was given to compare; `named` is False when the name is only nearly the
    entry's (an OCR slip, or another provider of a similar name)."""

    provider: Provider
    address_agrees: bool | None
    named: bool = True


class DirectoryError(ValueError):
    """The data is not valid; `problems` lists every problem, each with its entry."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --- Validation --------------------------------------------------------------------------

_REQUIRED = {"key", "name", "sectors", "street", "postal_code", "city", "country", "source",
             "checked", "checked_by"}
_KNOWN = {f.name for f in fields(Provider)}
_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.I)
_FAX = re.compile(r"\+?[\d /()-]{6,}")
# Postal code formats of the countries providers of German customers sit in.
_POSTCODES = {"DE": r"\d{5}", "AT": r"\d{4}", "CH": r"\d{4}", "BE": r"\d{4}",
              "DK": r"\d{4}", "LU": r"(L-)?\d{4}", "NL": r"\d{4} ?[A-Z]{2}",
              "SE": r"\d{3} ?\d{2}", "FR": r"\d{5}", "ES": r"\d{5}", "IT": r"\d{5}",
              "IE": r"[A-Z]\d[\dW] ?[A-Z\d]{4}", "GB": r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"}
_COUNTRIES = {"DE": "Deutschland", "AT": "Österreich", "CH": "Schweiz", "BE": "Belgien",
              "DK": "Dänemark", "LU": "Luxemburg", "NL": "Niederlande", "SE": "Schweden",
              "FR": "Frankreich", "ES": "Spanien", "IT": "Italien", "IE": "Irland",
              "GB": "Vereinigtes Königreich"}


def problems(raw: dict, today: dt.date) -> list[str]:
    """What is wrong with one entry as read from TOML; [] when it is valid."""
    found = [f"missing field {name!r}" for name in sorted(_REQUIRED - raw.keys())]
    found += [f"unknown field {name!r}" for name in sorted(raw.keys() - _KNOWN)]
    if found:
        return found
    texts = [name for name in ("key", "name", "street", "postal_code", "city", "country",
                               "source", "checked_by", "state", "fax", "email",
                               "arbitration") if name in raw]
    found = [f"{name!r} must be a non-empty string" for name in texts
             if not isinstance(raw[name], str) or not raw[name].strip()]
    if found:
        return found
    if not _KEY.fullmatch(raw["key"]):
        found.append(f"key {raw['key']!r}: lower-case letters, digits and hyphens")
    found += _sector_problems(raw)
    found += _address_problems(raw)
    found += _source_problems(raw, today)
    if "fax" in raw and not _FAX.fullmatch(raw["fax"]):
        found.append(f"fax {raw['fax']!r} is not a phone number")
    if "email" in raw and not _EMAIL.fullmatch(raw["email"]):
        found.append(f"email {raw['email']!r} is not an e-mail address")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip()
                                                for a in aliases):
        found.append("aliases must be a list of non-empty strings")
    return found


def _sector_problems(raw: dict) -> list[str]:
    sectors = raw["sectors"]
    if not isinstance(sectors, list) or not sectors:
        return ["sectors must be a non-empty list"]
    unknown = [s for s in sectors if s not in keys(SECTORS)]
    if unknown:
        return [f"unknown sector {s!r}" for s in unknown]
    body = raw.get("arbitration")
    if body is None:
        return []
    if body not in {b.key for b in BODIES}:
        return [f"unknown arbitration body {body!r}"]
    # The body follows from the sector (arbitration.body_for); a bank's from its name.
    expected = {by_key(SECTORS, s).arbitration for s in sectors}
    if body in expected or ("bank" in expected and body.startswith("bank_")):
        return []
    return [f"arbitration body {body!r} is not the one of sector(s) {', '.join(sectors)}"]


def _address_problems(raw: dict) -> list[str]:
    country, code, city = raw["country"], raw["postal_code"], raw["city"]
    if country not in _POSTCODES:
        return [f"unknown country {country!r}"]
    if not re.fullmatch(_POSTCODES[country], code):
        return [f"postal code {code!r} is not one of {country}"]
    if country != "DE":
        return ["state is for German entries"] if "state" in raw else []
    # German postal regions do not follow state borders (postcodes.py): the state must
    # be one the region has, and the town one of the code's towns.
    states = states_for(code)
    found = []
    if not states:
        found.append(f"postal code {code!r} is in no German postal region")
    elif raw.get("state") not in states:
        found.append(f"state {raw.get('state')!r} does not fit postal code {code} "
                     f"({'/'.join(states)})")
    if town_agrees(code, city) is False:
        found.append(f"{city!r} is not a town of postal code {code}")
    return found


def _source_problems(raw: dict, today: dt.date) -> list[str]:
    found = []
    url = urlsplit(raw["source"])
    if url.scheme != "https" or not url.hostname:
        found.append(f"source {raw['source']!r} is not an https URL")
    checked = raw["checked"]
    if not isinstance(checked, dt.date) or isinstance(checked, dt.datetime):
        found.append(f"checked {checked!r} is not a date (write it as 2026-12-06)")
    elif checked > today:
        found.append(f"checked {checked.isoformat()} is in the future")
    return found


def load(folder: Path = DATA, today: dt.date | None = None) -> tuple[Provider, ...]:
    """Every entry of every *.toml in `folder`, validated; DirectoryError lists every
    problem found (a file that is not TOML, an invalid entry, a key used twice)."""
    today = today or today_in_berlin()
    entries: list[Provider] = []
    found: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            tables = tomllib.loads(path.read_text(encoding="utf-8")).get("provider", [])
        except tomllib.TOMLDecodeError as exc:
            found.append(f"{path.name}: {exc}")
            continue
        for number, raw in enumerate(tables, 1):
            if not isinstance(raw, dict):
                found.append(f"{path.name} entry {number}: not a [[provider]] table")
                continue
            where = f"{path.name} entry {number} ({raw.get('key', '?')})"
            wrong = problems(raw, today)
            found += [f"{where}: {problem}" for problem in wrong]
            if not wrong:
                entries.append(_provider(raw))
    seen: set[str] = set()
    for entry in entries:
        if entry.key in seen:
            found.append(f"key {entry.key!r} is used twice")
        seen.add(entry.key)
    if found:
        raise DirectoryError(found)
    return tuple(entries)


def _provider(raw: dict) -> Provider:
    values: dict[str, Any] = {name: value.strip() if isinstance(value, str) else value
                              for name, value in raw.items()}
    values["aliases"] = tuple(a.strip() for a in raw.get("aliases", ()))
    values["sectors"] = tuple(raw["sectors"])
    return Provider(**values)


@lru_cache(maxsize=1)
def directory() -> tuple[Provider, ...]:
    """The shipped directory (the test suite keeps it valid)."""
    return load()


# --- The operator's report ---------------------------------------------------------------

def per_sector(providers: tuple[Provider, ...]) -> dict[str, int]:
    """How many entries each sector has, by main (first) sector, in SECTORS' order."""
    counts = {key: 0 for key in keys(SECTORS)}
    for provider in providers:
        counts[provider.sectors[0]] += 1
    return {key: n for key, n in counts.items() if n}


def stale(providers: tuple[Provider, ...], today: dt.date) -> list[Provider]:
    """The entries checked more than a year ago, the oldest first."""
    return sorted((p for p in providers if today - p.checked > STALE_AFTER),
                  key=lambda p: (p.checked, p.key))


# --- Looking up --------------------------------------------------------------------------

def _fold(text: str) -> str:
    """Case, accents and the German umlaut spellings folded, so that "Telefonica",
    "telefónica", "Muenchen" and "München" compare equal; punctuation becomes space."""
    text = re.sub(r"([aou])e", r"\1", fold(text))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@dataclass(frozen=True)
class _Name:
    words: tuple[str, ...]
    compact: str


@lru_cache(maxsize=4096)
def _name(text: str) -> _Name:
    words = tuple(_fold(text).split())
    return _Name(words, "".join(words))


def _rank(query: _Name, name: _Name) -> int | None:
    """How well a typed text fits a name: 0 the whole name, 1 its beginning, 2 the
    beginnings of its words, 3 somewhere inside; None not at all."""
    if name.compact == query.compact:
        return 0
    if name.compact.startswith(query.compact):
        return 1
    if all(any(word.startswith(typed) for word in name.words) for typed in query.words):
        return 2
    if len(query.compact) >= 3 and query.compact in name.compact:
        return 3
    return None


def lookup(text: str, sector: str | None = None, limit: int = 8,
           providers: tuple[Provider, ...] | None = None) -> list[Provider]:
    """The entries whose name or brands fit what the user has typed so far, the best
    first (the whole name before its beginning before a word's beginning; the legal name
    before a brand), at most `limit` (and never more than MAX_RESULTS)."""
    query = _name(text)
    if not query.compact:
        return []
    ranked = []
    for provider in directory() if providers is None else providers:
        if sector and sector not in provider.sectors:
            continue
        ranks = [(rank, 0 if i == 0 else 1) for i, candidate in
                 enumerate((provider.name, *provider.aliases))
                 if (rank := _rank(query, _name(candidate))) is not None]
        if ranks:
            ranked.append((min(ranks), len(provider.name), _fold(provider.name), provider))
    ranked.sort(key=lambda item: item[:3])
    return [item[-1] for item in ranked[:max(0, min(limit, MAX_RESULTS))]]


# The legal form and its companions at the end of a name, left out when names are
# compared ("Telekom Deutschland GmbH" is "Telekom Deutschland").
_LEGAL_FORM = {"gmbh", "mbh", "ag", "se", "kg", "kgaa", "ohg", "co", "eg", "ev", "e", "v",
               "sa", "s", "a", "r", "l", "bv", "b", "nv", "ltd", "limited", "inc", "plc",
               "ab", "as", "sarl"}


@lru_cache(maxsize=4096)
def _core(name: str) -> str:
    words = _fold(name).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORM:
        words.pop()
    return " ".join(words)


def _street(street: str) -> str:
    # "Industriestraße 25", "Industriestr. 25" and "Industrie-Str 25" compare equal.
    return _fold(street).replace("strasse", "str").replace(" ", "")


def match(name: str, street: str | None = None, postal_code: str | None = None,
          providers: tuple[Provider, ...] | None = None) -> Match | None:
    """The entry a name read from a notice names (its legal name or a brand, the legal
    form aside; a nearly equal legal name for an OCR slip), and whether the address read
    with it agrees with the entry's (postal code, and street if given). Where several
    entries bear the name, the one whose address agrees is chosen. None: not in the
    directory."""
    core = _core(name)
    if not core:
        return None
    candidates = []
    for provider in directory() if providers is None else providers:
        names = {_core(n) for n in (provider.name, *provider.aliases)}
        if core in names:
            candidates.append((0, provider))
        elif _nearly(core, _core(provider.name)):
            candidates.append((1, provider))
    if not candidates:
        return None
    matches = [Match(p, _agrees(p, street, postal_code), named=rank == 0)
               for rank, p in sorted(candidates, key=lambda c: c[0])]
    return next((m for m in matches if m.address_agrees), matches[0])


def _nearly(read: str, name: str) -> bool:
    # the cheap upper bounds first: a reading compares every entry
    matcher = difflib.SequenceMatcher(None, read, name)
    return matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9 and \
        matcher.ratio() >= 0.9


def _agrees(provider: Provider, street: str | None, postal_code: str | None) -> bool | None:
    if not street and not postal_code:
        return None
    if postal_code and postal_code.replace(" ", "") != provider.postal_code.replace(" ", ""):
        return False
    return not street or _street(street) == _street(provider.street)
