"""The notice's price: of the old/new pairs it sets side by side (objection.reader.pairs),
the one it leads with. Energy: the working price per kWh, beside it the standing charge
where stated unmistakably; telecom: the tariff's price, beside it an option the notice
raises too. Otherwise a total beats its parts, and options, one-off fees, estimates and
unchanged items are passed over. A wrong price is worse than none: unsure, none is taken.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..i18n import N_
from .findings import Fact, Finding, Note
from .pairs import (PricePair, inline_pairs, labelled_pairs, plausible, split_pairs,
                    table_pairs)
from .patterns import amount_str
from .text import Text

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


@dataclass(frozen=True)
class Prices:
    findings: list[Finding]
    table_label: str = ""        # the label of the table row the price was read from


def read(text: Text, sector: str | None) -> Prices:
    """The notice's price (and a second one beside it), or a warning why none."""
    pairs = inline_pairs(text) + table_pairs(text) + labelled_pairs(text)
    if not any(p.old is not None and p.new is not None for p in pairs):
        pairs += split_pairs(text)
    real = [p for p in pairs if p.old is not None and p.new is not None and p.old != p.new]
    # A price does not change tenfold: one of the two lost its decimal comma ("17,99 €"
    # recognised as "1799€") or is another amount altogether.
    if any(max(p.old, p.new) >= 10 * min(p.old, p.new) for p in real):
        real = [p for p in real if max(p.old, p.new) < 10 * min(p.old, p.new)]
        if not real:
            return Prices([Note("price_unclear", N_("The old and the new price could not "
                                                    "be read for sure; please enter "
                                                    "them."))])
    if not real:
        return Prices([])
    if sector == "energy" or any(p.per_kwh for p in real) or re.search(
            r"(?i)arbeitspreis|verbrauchspreis|ct\s*/\s*kWh|cent\s*/\s*kWh", text.full):
        # energy: the working price per kWh; no other price stands in for it
        real = _working_price(real)
        if not real:
            return Prices([Note("price_unclear", N_("The working price per kWh could not "
                                                    "be read; please enter the old and "
                                                    "new price."))])
    main = _main(real)
    chosen = min(main, key=lambda p: p.line)
    unit = chosen.unit or next((p.unit for p in main if p.unit), None)
    if chosen.per_kwh:
        unit = "kWh"
    return Prices(_facts(text, sector, pairs, chosen, unit),
                  chosen.label if chosen.source == "table" else "")


def _working_price(real: list[PricePair]) -> list[PricePair]:
    """An energy notice's pairs per kWh (not the standing charge's), those labelled as
    the working price where there are any."""
    kwh = [p for p in real if p.per_kwh and "grund" not in p.label.lower()]
    work = [p for p in kwh if re.search(r"(?i)arbeit|verbrauch|energie|working|unit",
                                        p.label)]
    return work or kwh


def _main(real: list[PricePair]) -> list[PricePair]:
    """The pairs that may be the notice's price: not an option or a fee, a total over
    its parts, and of several different pairs the tariff's base price where labelled
    so, else the most frequent (a tie: the first in the text)."""
    main = [p for p in real if not p.minor] or real
    totals = [p for p in main if p.total]
    if totals:
        main = totals
    if len({(p.old, p.new) for p in main}) <= 1:
        return main
    base = [p for p in main if re.search(r"(?i)grund|basis|base|monatlich|tarif|"
                                         r"paket|monthly|plan|beitrag", p.label)]
    if base and len({(p.old, p.new) for p in base}) == 1:
        return base
    counts = Counter((p.old, p.new) for p in main)
    (top, n), *rest = counts.most_common()
    if rest and rest[0][1] == n:
        # first in the text wins only for an inline sentence over a table row
        return [min(main, key=lambda p: p.line)]
    return [p for p in main if (p.old, p.new) == top]


def _facts(text: Text, sector: str | None, pairs: list[PricePair], chosen: PricePair,
           unit: str | None) -> list[Finding]:
    """The chosen price as facts, with a second price beside it where the notice
    states one (docs/design.md 6.1: several prices, the first repeated as the one)."""
    found: list[Finding] = []
    names = COMPONENT_NAMES["en" if text.language == "en" else "de"]
    second = None
    if unit == "kWh":
        # energy: the working price and the standing charge, each by its name
        second = _standing_charge(pairs)
        second_name = names[1]
    elif unit and sector == "telecom":
        # telecom: the tariff's price and a raised option, the option by its name
        second, second_name = _option(pairs, chosen)
    if second:
        first_name = names[0] if unit == "kWh" else names[2]
        for i, (pair, pair_unit, name) in enumerate(
                ((chosen, unit, first_name), (second, second.unit, second_name))):
            at = f"/notice/prices/{i}"
            found.append(Fact(f"{at}/name", name, pair.evidence))
            found += _amounts(f"{at}/old", f"{at}/new", pair, pair_unit)
            found.append(Fact(f"{at}/unit", pair_unit, pair.evidence))
    # the price the notice leads with, also where the one price always stood (the
    # case JSON repeats the first of several there, docs/design.md 6.1)
    found += _amounts("/notice/old_price", "/notice/new_price", chosen, unit)
    if unit:
        found.append(Fact("/notice/price_unit", unit, chosen.evidence))
    found.append(Fact("/notice/currency", "EUR", chosen.evidence))
    if chosen.net:
        found.append(Note("net_price", N_("Only prices without VAT (net) were found; check "
                                          "the price you actually pay.")))
    return found


def _standing_charge(pairs: list[PricePair]) -> PricePair | None:
    """Beside the working price, the standing charge per month, quarter or year where
    the notice states one unmistakably: labelled so, its unit stated, and one pair of
    values (gross where net and gross are given); else none, as a wrong value is
    worse than an empty field."""
    found = [p for p in pairs if plausible(p) and not p.per_kwh
             and p.unit in ("month", "quarter", "year") and STANDING.search(p.label)]
    if any(not p.net for p in found):
        found = [p for p in found if not p.net]
    if len({(p.old, p.new, p.unit) for p in found}) != 1:
        return None
    return min(found, key=lambda p: p.line)


def _option(pairs: list[PricePair], chosen: PricePair) -> tuple[PricePair | None, str]:
    """Beside a telecom tariff's price, an option the notice raises too, named as the
    notice names it ("Telefon-Option"): one pair of values with its unit stated, the
    option's name in its label; no one-off fee. Else none."""
    found = [p for p in pairs if p is not chosen and plausible(p) and p.old < p.new
             and p.unit in ("month", "quarter", "year") and OPTION.search(p.label)
             and not ONE_OFF.search(p.label)
             and (p.old, p.new) != (chosen.old, chosen.new)]
    names = {m.group() for p in found for m in [OPTION_NAME.search(p.label)] if m}
    if len({(p.old, p.new, p.unit) for p in found}) != 1 or len(names) != 1:
        return None, ""
    return min(found, key=lambda p: p.line), names.pop()


def _amounts(old_at: str, new_at: str, pair: PricePair, unit: str | None) -> list[Finding]:
    """A pair's old and new amount as the case writes them (at most four decimals)."""
    found: list[Finding] = []
    for pointer, value in ((old_at, pair.old), (new_at, pair.new)):
        q = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        if q != value:
            found.append(Note("price_rounded", N_("A price had more than four decimals "
                                                  "and was rounded; please check it.")))
            value = q
        found.append(Fact(pointer, amount_str(value, per_kwh=unit == "kWh"), pair.evidence))
    return found
