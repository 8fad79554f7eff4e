"""Share links and curated campaigns on the web (issue 27), with the real app."""
import json
import re

import pytest

from conftest import FIXTURES, load_json, pdf_text, token
from objection.campaign import check, encode, facts_of

SEED = load_json(FIXTURES / "hosting_1und1.json")
LINK = encode(check(facts_of(SEED)))


@pytest.fixture
def app():
    from objection.web import create_app
    return create_app({"TESTING": True, "TODAY": "2026-11-25"})


def start_with(client, path: str):
    page = client.get(path).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(path, data={"csrf_token": csrf})


def test_a_shared_link_shows_its_facts_in_the_pages_language(client):
    for lang, words in (("en", ["A shared notice", "Beispiel Internet SE", "4 weeks",
                                "from €19.99 per month to €29.99 per month"]),
                        ("de", ["Eine geteilte Mitteilung", "4 Wochen", "1. Januar 2027"])):
        page = client.get(f"/s/{LINK}?lang={lang}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        for word in words:
            assert word in text, word
        # the language switch keeps the link: it only changes the query
        assert f'href="?lang={"de" if lang == "en" else "en"}"' in text


def test_starting_from_a_link_fills_the_notice_and_marks_it(client):
    answer = start_with(client, f"/s/{LINK}?lang=en")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/step/notice")
    page = client.get("/step/notice").get_data(as_text=True)
    assert "come from a shared link" in page
    assert page.count("From a shared link: check against your own notice.") >= 6
    assert "We read your notice" not in page
    assert 'value="18.11.2026"' in page and 'value="29.99"' in page
    received = re.search(r'<input[^>]*name="notice-received"[^>]*>', page).group(0)
    assert 'value=""' in received or "value=" not in received
    provider = client.get("/step/provider").get_data(as_text=True)
    assert 'value="Elgendorfer Straße 57"' in provider
    assert "From a shared link" in provider
    you = client.get("/step/you").get_data(as_text=True)
    assert "From a shared link" not in you and "Jörg" not in you
    # a changed answer is the user's own: its mark goes
    csrf = token(client)
    values = {"csrf_token": csrf, "notice-received": "20.11.2026",
              "notice-date": "19.11.2026"}
    client.post("/step/notice", data=values)
    page = client.get("/step/notice").get_data(as_text=True)
    date_field = page[page.index('name="notice-date"') - 600:page.index('name="notice-date"')]
    assert "From a shared link" not in date_field


def test_a_tampered_link_gets_the_forms_errors_not_a_500(client):
    bad = LINK[:40] + ("A" if LINK[40] != "A" else "B") + LINK[41:]
    for link in (bad, "1nonsense", "9abc", "x" * 3000):
        page = client.get(f"/s/{link}?lang=de")
        assert page.status_code in (422, 404), link
        assert "Dieser Link" in page.get_data(as_text=True) or page.status_code == 404
    from objection.campaign import unpack
    import base64
    import zlib
    slots = json.dumps(["Beispiel Internet SE", "Elgendorfer Straße 57", "5641",
                        "Montabaur", "hosting", "", "2026-11-18", "2027-01-01",
                        [["", "19.99", "29.99"]]]).encode()
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    impossible = "1" + base64.urlsafe_b64encode(deflate.compress(slots) + deflate.flush()) \
        .decode().rstrip("=")
    assert unpack(impossible)[0]["provider"]["postal_code"] == "5641"
    page = client.get(f"/s/{impossible}?lang=en")
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "Postal code: A German postal code has five digits." in text
    assert start_with_refused(client, impossible) == 422


def start_with_refused(client, link: str) -> int:
    return client.post(f"/s/{link}", data={"csrf_token": token(client)}).status_code


def test_the_check_page_makes_the_share_link_of_the_draft(client):
    csrf = token(client)
    case = json.loads(json.dumps(SEED))
    case["notice"]["names_termination_right"] = False   # the form asks it
    client.post("/review", data={"csrf_token": csrf, "case": json.dumps(case)})
    check_page = client.get("/check?lang=en").get_data(as_text=True)
    assert 'href="/share"' in check_page
    page = client.get("/share?lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    link = re.search(r'id="share-link"[^>]*value="([^"]+)"', text).group(1)
    assert len(link) <= 300 and "<svg" in text
    for private in ("Jörg", "Koblenz", "K 12345678"):
        assert private not in link
    path = link.split("localhost", 1)[1]
    assert client.get(path).status_code == 200


def test_a_share_link_needs_the_notices_answers(client):
    csrf = token(client)
    case = json.loads(json.dumps(SEED))
    del case["notice"]["effective"]
    client.post("/review", data={"csrf_token": csrf, "case": json.dumps(case)})
    page = client.get("/share?lang=en")
    assert page.status_code == 422
    assert "Enter the day the new price is to apply." in page.get_data(as_text=True)


def test_a_curated_campaign_is_marked_checked_with_its_source(client):
    page = client.get("/c/beispieltal-strom?lang=en").get_data(as_text=True)
    assert "checked" in page and "Checked on 6 December 2026" in page
    assert 'href="https://github.com/price-change-objection/' in page
    assert "invented" in page and "has run out" not in page
    assert start_with(client, "/c/beispieltal-strom").status_code == 303
    assert "Arbeitspreis" in client.get("/step/notice").get_data(as_text=True)
    assert client.get("/c/no-such-campaign").status_code == 404


def test_a_campaign_that_has_run_out_says_so_and_still_works():
    from objection.web import create_app
    client = create_app({"TESTING": True, "TODAY": "2027-06-01"}).test_client()
    page = client.get("/c/musterkabel-internet?lang=en").get_data(as_text=True)
    assert "This campaign has run out" in page and "1 November 2026" in page
    assert start_with(client, "/c/musterkabel-internet").status_code == 303
    assert client.get("/step/notice").status_code == 200


@pytest.mark.parametrize("lang, title", [("de", "Preiserhöhung von"),
                                         ("en", "Price increase by")])
def test_the_handout_downloads_in_either_language(client, lang, title):
    answer = client.get(f"/c/musterkabel-internet/handout.pdf?lang={lang}")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    name = {"de": "aushang-musterkabel-internet.pdf",
            "en": "handout-musterkabel-internet.pdf"}[lang]
    assert name in answer.headers["Content-Disposition"]
    text = pdf_text(answer.data)
    assert title in text and "Musterkabel GmbH" in text
    assert client.get("/c/nope/handout.pdf").status_code == 404


def test_a_link_over_several_notice_dates_asks_the_customers_own(client):
    # The notice went out from 18 to 21 November: the first day would be a guess.
    ranged = encode(check(facts_of(SEED), "2026-11-21"))
    start_with(client, f"/s/{ranged}?lang=en")
    page = client.get("/step/notice").get_data(as_text=True)
    date = re.search(r'<input[^>]*name="notice-date"[^>]*>', page).group(0)
    assert 'value=""' in date or "value=" not in date
    assert 'value="29.99"' in page                     # the other facts are filled
