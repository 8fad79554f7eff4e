"""Whether a town belongs to a German postal code: the check that keeps a misread town
("Ludwgshafen") out of a letter (objection.reader.misreadings) and a wrong one out of the
provider directory (objection.providers), which is why it sits beside both. The data is
the package countrystatecity-postal-codes (ODbL, every German delivery postal code with
its towns). Its JSON is read directly: the package's API builds a pydantic object per
record, which costs a reading process a fifth of a second.
"""
from __future__ import annotations

import difflib
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from .i18n import fold

_PACKAGE = "countrystatecity_postal_codes"


@lru_cache(maxsize=1)
def _towns() -> dict[str, frozenset[str]]:
    """{postal code: the first words of its towns, folded}."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(spec.submodule_search_locations[0]) / "data" / "by-country" / "DE" / \
        "postcodes.json"
    towns: dict[str, set[str]] = {}
    for record in json.loads(path.read_text(encoding="utf-8")):
        if record.get("localityName"):
            towns.setdefault(record["code"], set()).add(_key(record["localityName"]))
    return {code: frozenset(names) for code, names in towns.items()}


def _key(town: str) -> str:
    """A town as compared: its first word ("Frankfurt am Main", "Frankfurt (Oder)",
    "Berlin-Mitte" -> "frankfurt", "berlin"), case and umlaut spelling folded."""
    first = re.split(r"[\s(/-]+", town.strip(), maxsplit=1)[0].rstrip(".,")
    first = first.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        first = first.replace(umlaut, spelled)
    first = fold(first)
    return {"st": "sankt"}.get(first, first)


def _known(postal_code: str) -> frozenset[str]:
    """The towns of a postal code; for a code of a PO box or of a large recipient,
    which the data lacks, those of the codes that share its first three digits, else
    two (40024 is Düsseldorf's like 40210)."""
    towns = _towns()
    known = towns.get(postal_code, frozenset())
    for digits in (3, 2):
        if known:
            break
        known = frozenset().union(*(names for code, names in towns.items()
                                    if code[:digits] == postal_code[:digits]))
    return known


def town_agrees(postal_code: str, town: str) -> bool | None:
    """True when `town` is a town of the German `postal_code`; False when it is not;
    None when the data cannot tell."""
    if not re.fullmatch(r"\d{5}", postal_code or "") or not town:
        return None
    known = _known(postal_code)
    return _key(town) in known if known else None


def misspelt(postal_code: str, town: str) -> bool:
    """Whether `town` is nearly one of the postal code's towns ("Ludwgshafen" for
    Ludwigshafen): then the code stands and the town is the misreading."""
    key = _key(town)
    return any(difflib.SequenceMatcher(None, key, name).ratio() >= 0.8
               for name in _known(postal_code))


def warm() -> None:
    """Load the data now (in the reader's warm process, once for every reading)."""
    _towns()
