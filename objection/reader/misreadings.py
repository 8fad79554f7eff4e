"""Photos and scans: values text recognition may have misread, checked against the rest
of the notice once every part has read. Each check looks at the values found so far and
says which to leave out (a Doubt) or to take as printed elsewhere (a Fact)."""
from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Mapping

from .findings import Doubt, Fact, Finding, Found
from .identity import salutation_names
from .text import Text
from ..towns import misspelt, town_agrees

CONSENSUS = ("/provider/name", "/provider/street", "/customer/name", "/customer/street")


def consensus(text: Text, found: Mapping[str, Found], unsure: set[str]) -> list[Finding]:
    """OCR reads the same words differently in different places ("Bayern", "Bayem").
    A name or street printed several times is kept only when this reading is the most
    frequent one; otherwise it is left out (a majority of misreadings is possible too)."""
    # the footer's small print is read worst and says nothing of the facts: not counted
    tokens = [ln.text.split() for ln in text.body]
    doubts: list[Finding] = []
    for pointer in CONSENSUS:
        item = found.get(pointer)
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
                        w.strip(".,:;()") in unsure for w in words[i:i + n]):
                    counts[window] += 1     # another reading OCR was sure of
        if not counts:
            continue
        if any(n >= counts.get(value, 0) for w, n in counts.items() if w != value):
            doubts.append(Doubt(pointer, "ocr_disagrees"))
    return doubts


def towns(text: Text, found: Mapping[str, Found]) -> list[Finding]:
    """A town read by text recognition is kept only where it belongs to the postal
    code read beside it. A town close to the code's own is the misreading: only it is
    left out; otherwise either may be wrong, and both are."""
    out: list[Finding] = []
    for party in ("provider", "customer"):
        code, town = (found.get(f"/{party}/{name}") for name in ("postal_code", "city"))
        country = found.get(f"/{party}/country")
        if code is None or town is None or (country and country.value != "DE"):
            continue
        if town_agrees(code.value, town.value) is not False:
            continue
        # the same address printed elsewhere may have been read right
        n = len(town.value.split())
        other = next((m.group(1) for m in re.finditer(
            rf"\b{re.escape(code.value)} {{1,2}}([^\W\d][^\s]*(?: [^\W\d][^\s]*){{{n - 1}}})",
            text.full) if town_agrees(code.value, m.group(1))), None)
        if other:
            out.append(Fact(f"/{party}/city", other, town.evidence))
            continue
        out.append(Doubt(f"/{party}/city", "town_mismatch"))
        if not misspelt(code.value, town.value):
            out.append(Doubt(f"/{party}/postal_code", "town_mismatch"))
    return out


def name(text: Text, found: Mapping[str, Found]) -> list[Finding]:
    """A name read by text recognition is kept where the salutation, or a second
    place in the notice, bears it out; a surname the salutation spells otherwise is
    a misreading of one of them."""
    item = found.get("/customer/name")
    if item is None:
        return []
    words = item.value.split()
    salutation = salutation_names(text)
    if salutation and not salutation & set(words):
        return [Doubt("/customer/name", "name_mismatch")]
    return []
