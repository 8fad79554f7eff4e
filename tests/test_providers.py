"""The provider directory (objection/providers.py): the shipped data stays valid, the
validator catches planted mistakes, the look-ups the provider step and the reader use,
and the operator's report (scripts/providers.py)."""
import datetime as dt
import subprocess
import sys

import pytest

from conftest import ROOT
from objection import providers
from objection.deadlines import today_in_berlin
from objection.providers import DirectoryError, load, lookup, match

VALID = """
[[provider]]
key = "example-energy"
name = "Stadtwerke Beispiel GmbH"
aliases = ["Stadtwerke Beispiel", "SWB"]
sectors = ["energy"]
street = "Landgrabenweg 151"
postal_code = "53227"
city = "Bonn"
country = "DE"
state = "NW"
arbitration = "energie"
source = "https://example.org/impressum"
checked = 2026-01-15
checked_by = "test"
"""


def _write(tmp_path, text, name="energy.toml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _planted(tmp_path, old, new):
    assert old in VALID
    return _write(tmp_path, VALID.replace(old, new))


def test_the_shipped_directory_is_valid():
    entries = load()
    assert entries == providers.directory()
    assert len({p.key for p in entries}) == len(entries)
    # Every sector the issue starts with has entries.
    assert {"telecom", "energy", "insurance", "bank", "subscription", "hosting"} <= \
        set(providers.per_sector(entries))
    assert all(p.source.startswith("https://") and p.checked_by for p in entries)


def test_the_planted_valid_entry_passes(tmp_path):
    (entry,) = load(_write(tmp_path, VALID), today=dt.date(2026, 12, 6))
    assert entry.address == ["Stadtwerke Beispiel GmbH", "Landgrabenweg 151", "53227 Bonn"]
    assert entry.aliases == ("Stadtwerke Beispiel", "SWB")


@pytest.mark.parametrize("old, new, problem", [
    ('postal_code = "53227"', 'postal_code = "5322"', "is not one of DE"),
    ('state = "NW"', 'state = "BY"', "does not fit postal code 53227"),
    ('city = "Bonn"', 'city = "Hamburg"', "is not a town of postal code 53227"),
    ('sectors = ["energy"]', 'sectors = ["electricity"]', "unknown sector"),
    ('arbitration = "energie"', 'arbitration = "tk_bnetza"', "is not the one of sector"),
    ('arbitration = "energie"', 'arbitration = "nobody"', "unknown arbitration body"),
    ('source = "https://example.org/impressum"', 'source = "http://example.org/impressum"',
     "is not an https URL"),
    ("checked = 2026-01-15", "checked = 2099-01-01", "is in the future"),
    ("checked = 2026-01-15", 'checked = "15.01.2026"', "is not a date"),
    ('checked_by = "test"\n', "", "missing field 'checked_by'"),
    ('country = "DE"', 'country = "XX"', "unknown country"),
    ('key = "example-energy"', 'key = "Example Energy"', "lower-case letters"),
    ('checked_by = "test"', 'checked_by = "test"\nphone = "0228 1"', "unknown field 'phone'"),
    ('checked_by = "test"', 'checked_by = "test"\nemail = "kuendigung"',
     "is not an e-mail address"),
])
def test_a_planted_invalid_entry_fails_the_validator(tmp_path, old, new, problem):
    with pytest.raises(DirectoryError) as caught:
        load(_planted(tmp_path, old, new), today=dt.date(2026, 12, 6))
    assert any(problem in line for line in caught.value.problems), caught.value.problems


def test_a_key_used_twice_and_broken_toml_are_reported(tmp_path):
    _write(tmp_path, VALID + VALID)
    _write(tmp_path, "[[provider]\n", name="broken.toml")
    with pytest.raises(DirectoryError) as caught:
        load(tmp_path, today=dt.date(2026, 12, 6))
    text = str(caught.value)
    assert "key 'example-energy' is used twice" in text and "broken.toml" in text


# --- lookup: the provider step's combobox ------------------------------------------------

def test_lookup_finds_names_and_brands_as_typed():
    assert [p.key for p in lookup("voda")][:1] == ["vodafone"]
    assert [p.key for p in lookup("o2")][:1] == ["telefonica"]
    # A word inside the name, not only its beginning: "Volksbank" finds the Heidenheimer.
    assert "heidenheimer-volksbank" in [p.key for p in lookup("volksbank")]


def test_lookup_ignores_case_accents_and_umlaut_spellings():
    assert [p.key for p in lookup("TELEFONICA GERMANY")] == ["telefonica"]
    assert [p.key for p in lookup("sud-west-kreditbank")] == ["swk-bank"]
    assert [p.key for p in lookup("Sued-West-Kreditbank")] == ["swk-bank"]


def test_lookup_ranks_the_whole_name_before_a_beginning_before_a_word():
    keys = [p.key for p in lookup("stadtwerke")]
    assert keys and all(k.startswith("stadtwerke-") for k in keys[:3])
    # "Tibber" is a whole alias; nothing else begins with it.
    assert [p.key for p in lookup("tibber")] == ["tibber"]


def test_lookup_is_bounded_and_filtered_by_sector():
    assert len(lookup("e", limit=3)) == 3
    assert len(lookup("e", limit=1000)) <= providers.MAX_RESULTS
    banks = lookup("bank", sector="bank")
    assert banks and all("bank" in p.sectors for p in banks)
    assert lookup("vodafone", sector="energy") == []
    assert lookup("") == lookup("  ") == lookup("–") == []


# --- match: the reader's cross-check -----------------------------------------------------

def test_match_agrees_with_the_address_read_from_a_notice():
    found = match("VODAFONE GMBH", "Ferdinand-Braun Platz 1", "40549")
    assert found.provider.key == "vodafone" and found.address_agrees is True
    found = match("Hetzner Online GmbH", "Industriestraße 25", "91710")
    assert found.provider.key == "hetzner" and found.address_agrees is True


def test_match_says_when_the_address_differs_and_never_replaces_it():
    found = match("Hetzner Online GmbH", "Musterweg 1", "91710")
    assert found.provider.key == "hetzner" and found.address_agrees is False
    assert match("Hetzner Online GmbH", postal_code="10115").address_agrees is False
    assert match("Hetzner Online GmbH").address_agrees is None


def test_match_takes_brands_legal_forms_and_ocr_slips():
    assert match("IONOS").provider.key == "ionos"
    assert match("Mainova AG").provider.key == "mainova"
    assert match("Hetzner 0nline GmbH").provider.key == "hetzner"     # OCR: 0 for O
    # named: the name or a brand itself, not only a name nearly the entry's
    assert match("IONOS").named and match("Mainova AG").named
    assert not match("Hetzner 0nline GmbH").named
    assert match("Unbekannte Stadtwerke Irgendwo GmbH") is None
    assert match("GmbH") is None


# --- the operator's report ---------------------------------------------------------------

def _report(folder):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "providers.py"),
                           "--data", str(folder)], capture_output=True, text=True,
                          timeout=60)


def test_the_report_counts_the_shipped_directory():
    result = _report(providers.DATA)
    assert result.returncode == 0, result.stderr
    total = len(providers.directory())
    assert f"{total} providers" in result.stdout
    for sector, count in providers.per_sector(providers.directory()).items():
        assert f"{sector}" in result.stdout and f" {count} " in result.stdout


def test_the_report_warns_of_an_entry_checked_more_than_a_year_ago(tmp_path):
    old = today_in_berlin() - dt.timedelta(days=400)
    _planted(tmp_path, "checked = 2026-01-15", f"checked = {old.isoformat()}")
    result = _report(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: example-energy was checked on" in result.stdout
    recent = today_in_berlin() - dt.timedelta(days=30)
    _planted(tmp_path, "checked = 2026-01-15", f"checked = {recent.isoformat()}")
    assert "warning" not in _report(tmp_path).stdout


def test_the_report_fails_on_invalid_data(tmp_path):
    _planted(tmp_path, 'postal_code = "53227"', 'postal_code = "ABCDE"')
    result = _report(tmp_path)
    assert result.returncode == 1
    assert "postal code 'ABCDE' is not one of DE" in result.stderr


def test_an_address_abroad_writes_the_town_line_in_its_country_order():
    # UPU: the United Kingdom's postcode follows the town; Sweden's comes first.
    by_country = {p.country: p for p in providers.directory() if p.country in ("GB", "SE")}
    gb, se = by_country["GB"], by_country["SE"]
    assert gb.address[-2] == f"{gb.city} {gb.postal_code}"
    assert se.address[-2] == f"{se.postal_code} {se.city}"
    assert gb.address[-1] == "Vereinigtes Königreich"
