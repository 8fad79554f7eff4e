"""Every letter the product writes, by its key: each module of this package declares one
`KIND` (parts.Kind), found here, so a new kind is one module and its catalog entries.
The order is the kinds' `position`: the objection first, then the letters after it.
"""
from __future__ import annotations

import importlib
import pkgutil

from ...i18n import N_, gettext
from ..parts import Kind


def _found() -> list[Kind]:
    kinds = [importlib.import_module(f"{__name__}.{module.name}").KIND
             for module in pkgutil.iter_modules(__path__)]
    return sorted(kinds, key=lambda kind: kind.position)


KINDS: dict[str, Kind] = {kind.key: kind for kind in _found()}

# The letters after the objection (docs/rules.md section 7).
LATER_KINDS = tuple(key for key in KINDS if key != "objection")


def letter_file(kind: str, lang: str, translation: bool = False) -> str:
    """The file name of a letter in `lang`, the language of the page or the request
    ("widerspruch.pdf", "objection.pdf"); a translation is never named like the letter to
    send ("uebersetzung-widerspruch.pdf")."""
    name = gettext(lang, KINDS[kind].filename)
    return gettext(lang, N_("translation-%(file)s")) % {"file": name} if translation else name
