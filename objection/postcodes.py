"""Which German state a postal code lies in, as far as its two-digit region tells.

Postal regions do not follow state borders. Each region lists every state that has
postal codes in it; a region with one state answers that state, any other answers
the candidates and the user chooses (docs/rules.md R6). A guess, never a decision: the
user can always change the state.
"""
from __future__ import annotations

import re

REGIONS: dict[str, tuple[str, ...]] = {}


def _region(prefixes: str, *states: str) -> None:
    for prefix in prefixes.split():
        REGIONS[prefix] = states


_region("01", "SN", "BB")
_region("02 08 09", "SN")
_region("03 15 16", "BB")
_region("04", "SN", "ST", "TH", "BB")
_region("06", "ST", "TH", "SN")
_region("07", "TH", "SN")
_region("10 13", "BE")
_region("12 14", "BE", "BB")
_region("17", "MV", "BB")
_region("18", "MV")
_region("19", "MV", "BB", "NI", "SH")
_region("20", "HH")
_region("21", "HH", "NI", "SH")
_region("22", "HH", "SH")
_region("23", "SH", "MV")
_region("24 25", "SH")
_region("26 30 31", "NI")
_region("27 28", "HB", "NI")
_region("29", "NI", "ST")
_region("32", "NW", "NI")
_region("33", "NW", "NI")
_region("34", "HE", "NW", "NI")
_region("35 60 61 64", "HE")
_region("36", "HE", "TH", "BY")
_region("37", "NI", "HE", "TH")
_region("38", "NI", "ST")
_region("39", "ST", "BB", "NI")
_region("40 41 42 44 45 46 47 50 51 52 58 59", "NW")
_region("48 49", "NW", "NI")
_region("53", "NW", "RP")
_region("54 55 56 67", "RP")
_region("57", "NW", "RP", "HE")
_region("63", "HE", "BY")
_region("65", "HE", "RP")
_region("66", "SL", "RP")
_region("68 69", "BW", "HE", "RP")
_region("70 71 72 73 74 75 77 78 79", "BW")
_region("76", "BW", "RP")
_region("80 81 82 83 84 85 86 87 90 91 92 93 94 95", "BY")
_region("88 89", "BW", "BY")
_region("96", "BY", "TH")
_region("97", "BY", "BW", "HE", "TH")
_region("98 99", "TH")

_GERMAN_POSTAL_CODE = re.compile(r"\d{5}")


def states_for(postal_code: str) -> tuple[str, ...]:
    """The states a German postal code may belong to, most likely first; () if unknown."""
    code = postal_code.strip()
    if not _GERMAN_POSTAL_CODE.fullmatch(code):
        return ()
    return REGIONS.get(code[:2], ())


def state_for(postal_code: str) -> str | None:
    """The state, when the postal code tells it for sure."""
    candidates = states_for(postal_code)
    return candidates[0] if len(candidates) == 1 else None


# UPU addressing: in these countries the postcode follows the town ("LONDON W6 7AP");
# everywhere else a letter from Germany writes it first, as at home.
_POSTCODE_AFTER_TOWN = {"GB", "IE"}


def town_line(postal_code: str, city: str, country: str = "DE") -> str:
    """The address line with the postal code and the town, in the country's order."""
    parts = (city, postal_code) if country in _POSTCODE_AFTER_TOWN else (postal_code, city)
    return " ".join(part for part in parts if part)
