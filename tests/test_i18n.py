"""Both catalogs are complete and every message renders in both languages."""
import datetime as dt
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT
from objection.i18n import Message, Plural, fmt_amount, fmt_date, translations

sys.path.insert(0, str(ROOT / "scripts"))
from i18n import KEYWORDS  # noqa: E402  (the catalog script's extraction keywords)

PO = {lang: ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po" for lang in ("de", "en")}


def test_catalogs_complete():
    out = subprocess.run([sys.executable, "scripts/i18n.py", "check"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_catalogs_match_the_code(tmp_path):
    # A string added in code but not extracted would silently stay English.
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", *KEYWORDS, "-o", str(pot), "."], cwd=ROOT,
                   check=True, capture_output=True)
    with pot.open("rb") as fp:
        wanted = {m.id for m in read_po(fp) if m.id}
    for lang, path in PO.items():
        with path.open("rb") as fp:
            have = {m.id for m in read_po(fp) if m.id}
        assert wanted <= have, (lang, wanted - have)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_python_format_message_renders(lang):
    with PO[lang].open("rb") as fp:
        catalog = read_po(fp)
    for message in catalog:
        if isinstance(message.id, tuple):       # msgid with msgid_plural
            for n in (0, 1, 2, 5):
                rendered = Plural(*message.id, n).render(lang)
                assert str(n) in rendered and "%(" not in rendered
            continue
        if not message.id or "%(" not in message.id:
            continue
        names = {n.split(")")[0] for n in message.id.split("%(")[1:]}
        rendered = Message(message.id, {n: 1 if n == "num" else "X" for n in names}).render(lang)
        assert "%(" not in rendered


def test_plural_forms_follow_the_language():
    assert Plural("%(num)d week", "%(num)d weeks", 1).render("de") == "1 Woche"
    assert Plural("%(num)d week", "%(num)d weeks", 4).render("de") == "4 Wochen"
    assert Plural("%(num)d week", "%(num)d weeks", 4).render("en") == "4 weeks"


def test_german_differs_from_english():
    assert translations("de").gettext("Enter your full name.") == \
        "Geben Sie Ihren vollständigen Namen ein."


def test_formatting():
    day = dt.date(2026, 10, 1)
    assert fmt_date(day, "de") == "1. Oktober 2026"
    assert fmt_date(day, "en") == "1 October 2026"
    from decimal import Decimal
    assert fmt_amount(Decimal("29.99"), "EUR", "de") == "29,99\u00a0€"
    assert fmt_amount(Decimal("29.99"), "EUR", "en") == "€29.99"
    assert fmt_amount(Decimal("0.3250"), "EUR", "de", per_kwh=True) == "32,50\u00a0ct/kWh"
