"""Message catalogs: `python scripts/i18n.py extract|update|compile|check`.

The pybabel workflow (extract -> update -> compile), plus two things pybabel does not
do: English msgstrs are filled from the English msgids, and `check` fails when a
catalog has an untranslated or fuzzy entry.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT = LOCALES / "messages.pot"
LANGUAGES = ("de", "en")
# Beyond pybabel's defaults: lazy_gettext as _l (forms), N_ (domain msgids rendered
# later) and Plural(singular, plural, n) from objection.i18n, extracted like ngettext.
KEYWORDS = ("-k", "_l", "-k", "N_", "-k", "Plural:1,2")


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=ROOT)


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


def extract() -> None:
    """The template, with each message's locations and the comments above it that start
    with "TRANSLATORS:"; the letters' messages also say which letter and part write
    them, with the statute (objection/letters/catalog.py)."""
    pybabel("extract", "-F", "babel.cfg", *KEYWORDS, "--sort-output",
            "--project", "objection", "--version", "0.1", "--add-comments=TRANSLATORS:",
            "--no-wrap", "--omit-header", "-o", str(POT), ".")
    sys.path.insert(0, str(ROOT))
    from objection.letters.catalog import annotate
    with POT.open("rb") as fp:
        template = read_po(fp)
    annotate(template)
    with POT.open("wb") as fp:
        write_po(fp, template, width=0, sort_output=True, omit_header=True)


def update() -> None:
    extract()
    for lang in LANGUAGES:
        if po_path(lang).exists():
            pybabel("update", "-i", str(POT), "-d", str(LOCALES), "-l", lang,
                    "--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching")
        else:
            pybabel("init", "-i", str(POT), "-d", str(LOCALES), "-l", lang, "--no-wrap")
            rewrite(lang, lambda catalog: None)   # init marks the new header fuzzy
    rewrite("en", fill_english)


def rewrite(lang: str, change) -> None:
    """Read a catalog, apply `change`, write it back with a header that is not fuzzy."""
    path = po_path(lang)
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=lang)
    change(catalog)
    catalog.fuzzy = False
    with path.open("wb") as fp:
        write_po(fp, catalog, width=0, sort_output=True)


def fill_english(catalog) -> None:
    """English is the source language: its msgstrs are the msgids."""
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            message.string = message.id    # a (singular, plural) pair for plural entries
            message.flags.discard("fuzzy")


def compile_() -> None:
    pybabel("compile", "-d", str(LOCALES), "--statistics")


def check() -> int:
    problems = []
    for lang in LANGUAGES:
        with po_path(lang).open("rb") as fp:
            catalog = read_po(fp, locale=lang)
        if catalog.fuzzy:
            problems.append(f"{lang}: the catalog header is fuzzy (pybabel compile skips it)")
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                problems.append(f"{lang}: {message.id!r}")
    print("\n".join(problems) or "catalogs complete")
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    actions = {"extract": extract, "update": update, "compile": compile_, "check": check}
    if command not in actions:
        sys.exit("usage: python scripts/i18n.py extract|update|compile|check")
    sys.exit(actions[command]() or 0)
