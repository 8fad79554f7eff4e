"""Curated campaigns: notices an operator has checked against a public source, kept as
reviewed data files in the repository (campaigns/<slug>.toml), one notice each.

A file holds the notice's facts as a partial case JSON (objection.campaign: the
sections provider, contract, notice and, where the postal code does not tell it,
letter), and beside them where they were checked and by whom:

    source = "https://..."     # the public page or document the facts are taken from
    sample = true              # optional: an invented notice (the project's samples)
    checked = 2026-12-06       # the day someone compared the facts with the source
    checked_by = "..."         # who did
    sent_until = 2026-09-09    # optional: the last day the notice is dated
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .campaign import Facts, check
from .case import CaseError, FieldError
from .i18n import Message, N_

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FACT_SECTIONS = ("provider", "contract", "notice", "letter")
_META = {"source", "sample", "checked", "checked_by", "sent_until"}
# A campaign has run out some weeks after its change date: by then the notice's
# objection periods have ended for all who received it in time. It still opens, for
# those who received it late or want to object to the new price after all.
RUN_OUT_AFTER = dt.timedelta(weeks=8)


@dataclass(frozen=True)
class Campaign:
    slug: str
    facts: Facts
    source: str
    checked: dt.date
    checked_by: str
    sample: bool = False

    def run_out(self, today: dt.date) -> bool:
        return today > self.facts.effective + RUN_OUT_AFTER


def load(path: Path) -> Campaign:
    """One campaign file, checked; CaseError naming each problem."""
    if not SLUG.fullmatch(path.stem):
        raise CaseError([FieldError("", Message(N_(
            "A campaign's file name is its address: lower-case letters, digits and "
            "hyphens, such as %(example)s."), {"example": "musterkabel-internet.toml"}))])
    try:
        data = _iso(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CaseError([FieldError("", Message(N_("Not a TOML file: %(reason)s"),
                                                {"reason": str(exc)}))]) from None
    facts = {k: v for k, v in data.items() if k in FACT_SECTIONS}
    meta = {k: v for k, v in data.items() if k not in FACT_SECTIONS}
    errors = [FieldError(key, Message(N_("Unknown field %(field)s: check the spelling (known "
                                         "fields: %(known)s)."),
                                      {"field": repr(key), "known": ", ".join(sorted(_META))}))
              for key in meta if key not in _META]
    errors += _meta_errors(meta)
    try:
        checked_facts = check(facts, meta.get("sent_until"))
    except CaseError as exc:
        errors += exc.errors
    if errors:
        raise CaseError(errors)
    return Campaign(path.stem, checked_facts, meta["source"],
                    dt.date.fromisoformat(meta["checked"]), meta["checked_by"],
                    meta.get("sample") is True)


def _meta_errors(meta: dict) -> list[FieldError]:
    errors = []
    if not re.fullmatch(r"https://\S+", str(meta.get("source", ""))):
        errors.append(FieldError("source", Message(N_(
            "Give the public page the facts were checked against, as an https:// address."))))
    try:
        dt.date.fromisoformat(str(meta.get("checked")))
    except ValueError:
        errors.append(FieldError("checked", Message(N_(
            "Give the day the facts were checked, such as 2026-12-06."))))
    if not str(meta.get("checked_by", "")).strip():
        errors.append(FieldError("checked_by", Message(N_("Say who checked the facts."))))
    if "sample" in meta and not isinstance(meta["sample"], bool):
        errors.append(FieldError("sample", Message(N_("Expected true or false."))))
    return errors


def _iso(value: Any) -> Any:
    """TOML's dates as the case JSON writes them."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def files(folder: Path = paths.CAMPAIGNS) -> list[Path]:
    return sorted(folder.glob("*.toml"))


def load_all(folder: Path = paths.CAMPAIGNS) -> dict[str, Campaign]:
    """Every campaign by its slug. Raises CaseError for the first file with problems
    (the test suite keeps the files valid, so the app refuses to start with a bad one)."""
    return {c.slug: c for c in map(load, files(folder))}
