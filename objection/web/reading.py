"""A notice read by objection.reader, as the steps show it: the answers it found, and
for each field the value read and the snippet it came from, so that a step can say
"read from your notice – please check" next to every answer the user has not changed.
"""
from __future__ import annotations

from typing import Any

from ..case import LEGACY_PRICE
from ..i18n import LANGUAGES
from ..reader import Reading
from .forms import PRICE_ROWS, case_to_form_data, price_field
from .steps import STEPS

# The period is one answer shown in up to three fields; its mark sits on the first.
PERIOD = ("notice-period_kind", "notice-period_number", "notice-period_date")
_ASKED = {name for step in STEPS for name in step.fields}
# A single price read as the legacy triple fills the first row.
_LEGACY = {legacy: part for part, legacy in LEGACY_PRICE.items()}


def field_names(pointer: str) -> tuple[str, ...]:
    """The form fields that show the value at a JSON pointer of the case."""
    section, _, name = pointer.strip("/").partition("/")
    if pointer == "/notice/objection_period":
        return PERIOD
    if section == "notice" and name in _LEGACY:
        name = price_field(0, _LEGACY[name])
    elif section == "notice" and name.startswith("prices/"):
        _, row, part = (name.split("/") + ["", ""])[:3]
        name = price_field(int(row), part) if row.isdigit() else name
    return (f"{section}-{name}",) if f"{section}-{name}" in _ASKED else ()


def marked_value(values: dict[str, str], name: str) -> str:
    """What a mark compares with: the field's value (the whole period for its kind)."""
    if name == PERIOD[0]:
        return "|".join(values.get(n, "") for n in PERIOD)
    return values.get(name, "")


def marks(reading: Reading, values: dict[str, str]) -> dict[str, list]:
    """{field name: [value as read, snippet]} for every field the reading filled; a
    value concluded from what the notice does not say has, instead of a snippet, why
    in every language: [value, "", {lang: text}]."""
    concluded = {w.pointers[0]: {lang: w.message.render(lang) for lang in LANGUAGES}
                 for w in reading.warnings if w.code == "concluded" and w.pointers}
    found: dict[str, list] = {}
    for pointer, snippet in reading.evidence.items():
        names = field_names(pointer)
        if names and names[0] in values:
            found[names[0]] = [marked_value(values, names[0]), snippet]
            if pointer in concluded:
                found[names[0]].append(concluded[pointer])
    return found


def notes(reading: Reading) -> list[dict[str, str]]:
    """The reader's warnings in every language (the user may switch before reading);
    a concluded value's is shown at its field."""
    return [{lang: w.message.render(lang) for lang in LANGUAGES} for w in reading.warnings
            if w.code != "concluded"]


def values(reading: Reading, defaults: dict[str, str]) -> dict[str, str]:
    """A new draft's values: the defaults and what the notice states. A period the
    reader did not find stays a question: a saved case without one means "the notice
    names none", a reading without one only that it was not found."""
    found = case_to_form_data(reading.case)
    read = {**defaults, **found}
    if "/notice/objection_period" not in reading.evidence:
        read["notice-period_kind"] = ""
    for row in range(PRICE_ROWS):       # a price read without its unit: its unit is asked
        if any(f"notice-{price_field(row, part)}" in found for part in ("old", "new")) and \
                f"notice-{price_field(row, 'unit')}" not in found:
            read[f"notice-{price_field(row, 'unit')}"] = ""
    return read


def from_notice(marks: dict[str, list]) -> dict[str, list]:
    """The marks of the notice reader, without those of a shared link (campaigns.py),
    which say so themselves."""
    return {name: mark for name, mark in marks.items()
            if not (len(mark) > 1 and isinstance(mark[-1], dict) and "source" in mark[-1])}


def unchanged(draft: dict[str, Any], values_: dict[str, str]) -> dict[str, list]:
    """{field name: [snippet] or ["", {lang: why}]} for the marks whose field still
    holds the value read."""
    return {name: mark[1:] for name, mark in draft.get("read", {}).items()
            if marked_value(values_, name) == mark[0]}
