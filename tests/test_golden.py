"""The golden letters (tests/golden/, see its README): every letter the product writes
is composed again and compared with its file, so that any change of wording shows as a
failing test and, once written again with `scripts/golden`, as a reviewable diff."""
import difflib

import pytest

from golden_letters import GOLDEN, combinations, readme, render, skipped
from objection.i18n import translations

COMBINATIONS = combinations()


def _diff(expected: str, actual: str) -> str:
    return "\n".join(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                          "golden", "composed", lineterm=""))


@pytest.mark.parametrize("combination", COMBINATIONS, ids=lambda c: c.path.stem)
def test_the_letter_reads_as_its_golden_file(combination):
    text = render(combination)
    if text is None:
        assert not combination.path.exists(), f"{combination.name}: no longer written"
        return
    assert combination.path.exists(), f"{combination.name}: new, run scripts/golden"
    expected = combination.path.read_text(encoding="utf-8")
    assert text == expected, _diff(expected, text)


def test_every_golden_file_is_a_combination():
    # A file left over from a renamed kind or sector is not compared by anything.
    known = {c.path for c in COMBINATIONS}
    assert {p for p in GOLDEN.rglob("*.txt")} <= known


def test_the_readme_lists_the_letters_not_written():
    skips = [(c, skipped(c)) for c in COMBINATIONS if render(c) is None]
    assert skips, "every combination renders: the README's list would be empty"
    assert (GOLDEN / "README.md").read_text(encoding="utf-8") == readme(skips)


def test_a_planted_change_of_wording_fails(monkeypatch):
    # A translator changes one word of the objection's German declaration: the golden
    # comparison sees it.
    combination = next(c for c in COMBINATIONS if c.kind == "objection" and
                       c.sector == "telecom" and c.lang == "de" and c.choice == "object")
    msgid = ("I hereby object to this %(increase)s. I do not consent to the change and do "
             "not accept your offer to amend the contract.")
    catalog = translations("de")._catalog
    assert msgid in catalog
    monkeypatch.setitem(catalog, msgid, catalog[msgid].replace("widerspreche", "wiederspreche"))
    text = render(combination)
    assert text != combination.path.read_text(encoding="utf-8")
    assert "wiederspreche" in _diff(combination.path.read_text(encoding="utf-8"), text)
