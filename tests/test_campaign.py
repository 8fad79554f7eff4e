"""Share links and curated campaigns (issue 27): the facts of a notice carried in a
short link, checked on the way back by the case's own validation; the reviewed
campaign files; the handout; the command line."""
import base64
import datetime as dt
import json
import subprocess
import sys
import zlib

import pytest
from hypothesis import given, settings, strategies as st

from conftest import FIXTURES, ROOT, load_json, pdf_text
from objection import campaign, curated
from objection.campaign import Facts, check, decode, encode, facts_of
from objection.case import CaseError
from objection.handout import handout_html
from objection.pdf import render_page

SEED = load_json(FIXTURES / "hosting_1und1.json")     # the seed notice
SHARED = FIXTURES / "notices" / "shared"
SAMPLES = sorted(SHARED.glob("*.expected.json"))
# A site's address of a usual length: the link must fit an SMS and a QR code with it.
BASE = "https://widerspruch.example.org/s/"
PRIVATE = ("Jörg", "Meißner", "Stadtgraben", "56068", "Koblenz", "K 12345678", "HP-55501",
           "2026-11-20")


def seed_facts() -> Facts:
    return check(facts_of(SEED))


def test_the_seed_notices_link_is_at_most_300_characters():
    link = BASE + encode(seed_facts())
    assert len(link) <= 300, len(link)


def test_the_link_carries_no_customer_nothing_of_receipt_or_signature():
    facts = seed_facts()
    text = json.dumps(facts.data, ensure_ascii=False)
    unpacked = json.dumps(campaign.unpack(encode(facts)), ensure_ascii=False)
    for private in PRIVATE:
        assert private not in text and private not in unpacked
    assert set(facts.data) == {"provider", "contract", "notice"}
    assert "received" not in facts.data["notice"] and "start_date" not in facts.data["contract"]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name.split(".")[0])
def test_every_sample_notice_goes_round_the_link(path):
    facts = check(facts_of(load_json(path)))
    assert decode(encode(facts)) == facts
    assert len(BASE + encode(facts)) <= 300


def test_a_range_of_notice_dates_travels_and_must_be_in_order():
    facts = check(facts_of(SEED), "2026-11-21")
    assert decode(encode(facts)).sent_until == dt.date(2026, 11, 21)
    with pytest.raises(CaseError) as caught:
        check(facts_of(SEED), "2026-11-10")
    assert [e.path for e in caught.value.errors] == ["sent_until"]


def test_a_customers_field_is_refused_as_no_fact_of_the_notice():
    with pytest.raises(CaseError) as caught:
        check({**facts_of(SEED), "customer": {"name": "Jörg"},
               "notice": {**facts_of(SEED)["notice"], "received": "2026-11-20"}})
    assert {e.path for e in caught.value.errors} == {"customer.name", "notice.received"}


def _pack(slots) -> str:
    data = json.dumps(slots, ensure_ascii=False).encode()
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    return "1" + base64.urlsafe_b64encode(deflate.compress(data) + deflate.flush()) \
        .decode().rstrip("=")


def test_impossible_facts_get_the_forms_errors_at_their_fields():
    token = _pack(["Beispiel Internet SE", "Elgendorfer Straße 57", "5641", "Montabaur",
                   "hosting", "", "2026-11-31", "2027-01-01", [["", "19.99", "-3"]],
                   "P4W", "by pigeon"])
    with pytest.raises(CaseError) as caught:
        decode(token)
    errors = {e.path: e.render("en") for e in caught.value.errors}
    assert errors == {
        "notice.date": "Not a valid date: write it as year-month-day, such as 2026-09-03.",
        "notice.prices.0.new": "An amount cannot be negative.",
        "notice.required_form": "Must be one of: written, text, none, unknown.",
        "provider.postal_code": "A German postal code has five digits."}
    assert caught.value.errors[0].render("de") != caught.value.errors[0].render("en")


@pytest.mark.parametrize("token", [
    "", "1", "1!!!", "1AAAA", "9" + encode(seed_facts())[1:], "x",
    encode(seed_facts())[:-20], _pack({"a": 1}), _pack(list(range(40))),
    "1" + "A" * 3000,
    # a bomb: inflates far beyond the bound
    "1" + base64.urlsafe_b64encode(zlib.compress(b"[" + b" " * 10**6 + b"]")[2:-4]).decode(),
])
def test_a_damaged_link_is_one_clear_error(token):
    with pytest.raises(CaseError) as caught:
        decode(token)
    assert caught.value.errors[0].render("en").startswith("This link ")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 300), st.integers(0, 255))
def test_a_changed_character_gives_the_same_facts_or_an_error(position, byte):
    """Tampering never gets past the case's validation nor raises anything else."""
    token = encode(seed_facts())
    position %= len(token)
    changed = token[:position] + chr(byte) + token[position + 1:]
    try:
        facts = decode(changed)
    except CaseError as exc:
        assert exc.errors and all(e.render("de") for e in exc.errors)
    else:
        assert decode(encode(facts)) == facts


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(),
                          st.lists(st.lists(st.text(max_size=8), max_size=5), max_size=5)),
                max_size=24))
def test_any_slots_give_facts_or_the_cases_errors(slots):
    try:
        facts = decode(_pack(slots))
    except CaseError as exc:
        assert exc.errors
    else:
        assert decode(encode(facts)) == facts


# --- Curated campaigns ---------------------------------------------------------------------

@pytest.mark.parametrize("path", curated.files(), ids=lambda p: p.stem)
def test_every_campaign_file_is_valid(path):
    """The reviewed files: facts the case accepts, a public source, a day checked that
    is not in the future, who checked; an invented provider is marked as a sample."""
    found = curated.load(path)
    assert found.source.startswith("https://")
    assert found.checked <= dt.date.today()
    assert found.checked_by.strip()
    if "/tests/fixtures/notices/shared/" in found.source:
        assert found.sample, "a campaign from the sample notices must say it is a sample"
        sample = load_json(SHARED / (found.source.rsplit("/", 1)[1].split(".")[0]
                                     + ".expected.json"))
        stated = check(facts_of(sample)).data        # what the sample's reader file holds
        for section, part in stated.items():
            for name, value in part.items():
                assert found.facts.data[section].get(name) == value, f"{section}.{name}"


def test_there_are_campaigns_and_their_links_are_short():
    campaigns = curated.load_all()
    assert len(campaigns) >= 2
    for found in campaigns.values():
        assert len(BASE + encode(found.facts)) <= 300


def test_a_bad_campaign_file_names_each_problem(tmp_path):
    path = tmp_path / "bad-campaign.toml"
    path.write_text('source = "http://x"\nchecked = "soon"\nwho = "me"\n'
                    '[provider]\nname = "A"\n[customer]\nname = "B"\n', encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        curated.load(path)
    paths = {e.path for e in caught.value.errors}
    assert {"who", "source", "checked", "checked_by", "customer",
            "provider.street", "notice.date"} <= paths
    (tmp_path / "Bad Name.toml").write_text("", encoding="utf-8")
    with pytest.raises(CaseError):
        curated.load(tmp_path / "Bad Name.toml")


def test_a_campaign_runs_out_weeks_after_its_change_date():
    found = curated.load_all()["musterkabel-internet"]       # new price from 1.11.2026
    assert not found.run_out(dt.date(2026, 12, 27))
    assert found.run_out(dt.date(2026, 12, 28))


# --- Handout and command line ---------------------------------------------------------------

@pytest.mark.parametrize("lang, words", [
    ("de", ["Preiserhöhung", "Ihr Widerspruch muss", "15. Dezember 2026", "Beispiel"]),
    ("en", ["Price increase", "Your objection must reach", "15 December 2026", "sample"])])
def test_the_handout_is_one_page_in_its_language(lang, words):
    found = curated.load_all()["beispieltal-strom"]
    data = render_page(handout_html(found, BASE + encode(found.facts), lang))
    text = pdf_text(data)
    assert subprocess.run(["pdfinfo", "-"], input=data, capture_output=True,
                          check=True).stdout.decode().count("Pages:           1") == 1
    for word in words:
        assert word in text, word
    assert "30,11 ct/kWh" in text if lang == "de" else "30.11 ct/kWh" in text


def cli(*args):
    return subprocess.run([sys.executable, "-m", "objection", *args], capture_output=True,
                          text=True, cwd=ROOT)


def test_cli_prints_the_share_link_and_writes_the_handout(tmp_path):
    out = cli("campaign", str(FIXTURES / "hosting_1und1.json"), "--base-url",
              BASE[:-3], "--handout", str(tmp_path / "h.pdf"), "--lang", "en")
    assert out.returncode == 0, out.stderr
    link = out.stdout.strip()
    assert link.startswith(BASE) and len(link) <= 300
    assert decode(link.rsplit("/", 1)[1]) == seed_facts()
    assert "Beispiel Internet SE" in pdf_text((tmp_path / "h.pdf").read_bytes())


def test_cli_refuses_a_case_without_the_notices_facts(tmp_path):
    case = json.loads(json.dumps(SEED))
    del case["notice"]["effective"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    out = cli("campaign", str(path))
    assert out.returncode == 2 and "notice.effective" in out.stderr
    assert out.stderr.count("\n") == 1
