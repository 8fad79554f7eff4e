"""The provider directory on the provider step (issue 27, point 6), through the real app:
the look-up the combobox asks, the offer every user gets without JavaScript, and the
notice's own address, which is never replaced unasked."""
import html
import re

import pytest

from objection.providers import directory, lookup
from objection.web.directory import LIMIT
from test_web_reader import field_value, marked, read

ADDRESS = ("provider-street", "provider-postal_code", "provider-city")
VATTENFALL = {"provider-name": "Vattenfall Europe Sales GmbH",
              "provider-street": "Überseering 12", "provider-postal_code": "22297",
              "provider-city": "Hamburg", "provider-country": "DE"}
# Not Vattenfall's address in the directory: as a notice might name one for objections.
ELSEWHERE = {"provider-street": "Chausseestraße 23", "provider-postal_code": "10115",
             "provider-city": "Berlin"}


def post_step(client, csrf, key, query="", **values):
    return client.post(f"/step/{key}{query}", data={"csrf_token": csrf, **values})


def step(client, lang="en"):
    response = client.get(f"/step/provider?lang={lang}")
    return response, html.unescape(response.get_data(as_text=True))


def note(page: str) -> str:
    """What the directory's part of the step says, as text."""
    found = re.search(r'<div id="directory-note".*?>(.*?)</div>\s*(?=<div class="field)',
                      page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def directory_buttons(page: str) -> list[str]:
    return re.findall(r'name="action" value="(directory:[^"]*)"', page)


# --- The look-up the combobox asks --------------------------------------------------------

def test_the_lookup_answers_directory_entries_as_json(client):
    response = client.get("/providers?q=Vatt", headers={"Accept-Language": "en"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    first = response.get_json()["providers"][0]
    assert first == {"key": "vattenfall", "name": "Vattenfall Europe Sales GmbH",
                     "street": "Überseering 12", "postal_code": "22297", "city": "Hamburg",
                     "town_line": "22297 Hamburg", "country": "DE", "source": "https://www.vattenfall.de/datenschutz",
                     "source_host": "www.vattenfall.de", "checked": "2026-12-06",
                     "checked_on": "6 December 2026"}
    german = client.get("/providers?q=Vatt", headers={"Accept-Language": "de"}).get_json()
    assert german["providers"][0]["checked_on"] == "6. Dezember 2026"


def test_the_lookup_is_bounded_and_may_be_kept_by_the_browser(client):
    assert len(lookup("Stadtwerke", limit=20)) > LIMIT          # more fit than are sent
    response = client.get("/providers?q=Stadtwerke")
    assert len(response.get_json()["providers"]) == LIMIT
    # Directory data only: kept by the browser, never by a shared cache; no cookie set.
    assert response.headers["Cache-Control"] in ("private, max-age=3600",
                                                 "max-age=3600, private")
    assert {"Cookie", "Accept-Language"} <= set(response.vary)
    assert "Set-Cookie" not in response.headers
    assert client.get("/providers?q=").get_json() == {"providers": []}
    # The pages themselves are still kept by no cache.
    assert client.get("/step/provider").headers["Cache-Control"] == "no-store"


def test_the_sector_narrows_the_lookup(client):
    everywhere = {e["key"] for e in client.get("/providers?q=Deutsch").get_json()["providers"]}
    assert len({p.sectors[0] for p in directory() if p.key in everywhere}) > 1
    energy = client.get("/providers?q=Deutsch&sector=energy").get_json()["providers"]
    assert energy and {e["key"] for e in energy} == {
        p.key for p in lookup("Deutsch", sector="energy", limit=LIMIT)}
    assert all("energy" in p.sectors for p in lookup("Deutsch", sector="energy"))
    assert client.get("/providers?q=Vattenfall&sector=telecom").get_json() == {
        "providers": []}


def test_the_sector_of_the_draft_goes_with_the_field(client, csrf):
    assert 'data-sector=""' in step(client)[1]
    post_step(client, csrf, "notice", **{"contract-sector": "energy", "action": "continue"})
    page = step(client)[1]
    assert re.search(r'id="provider-name"[^>]*data-sector="energy"', page) or \
        re.search(r'data-sector="energy"[^>]*id="provider-name"', page)
    assert 'data-directory="/providers"' in page


@pytest.mark.parametrize("query, lang, detail", [
    ("q=" + "x" * 101, "en", "Type at most 100 characters of the company name."),
    ("q=" + "x" * 101, "de", "Geben Sie höchstens 100 Zeichen des Firmennamens ein."),
    ("q=eon&sector=bakery", "en", "There is no sector “bakery”."),
])
def test_a_bad_lookup_gets_a_problem_in_the_users_language(client, query, lang, detail):
    response = client.get(f"/providers?{query}", headers={"Accept-Language": lang})
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == detail


# --- Without JavaScript: the offer on the step -----------------------------------------------

def test_a_name_in_the_directory_without_an_address_gets_the_entry_offered(client, csrf):
    response = post_step(client, csrf, "provider", **{
        "provider-name": "Vattenfall", "provider-department": "Kundenservice",
        "action": "continue"})
    assert response.headers["Location"] == "/step/provider"
    response, page = step(client)
    assert response.status_code == 422                     # the address is still missing
    assert note(page) == ("The provider directory has this address for Vattenfall Europe "
                          "Sales GmbH: Vattenfall Europe Sales GmbH Überseering 12 22297 "
                          "Hamburg Checked on 6 December 2026: www.vattenfall.de Use this "
                          "address")
    assert directory_buttons(page) == ["directory:vattenfall"]
    # The user's click fills it in; what else was typed stays.
    response = post_step(client, csrf, "provider", **{
        "provider-name": "Vattenfall", "provider-department": "Kundenservice",
        "action": "directory:vattenfall"})
    assert response.headers["Location"] == "/step/provider#directory-note"
    response, page = step(client)
    assert response.status_code == 200 and "There is a problem" not in page
    for name, value in {**VATTENFALL, "provider-department": "Kundenservice"}.items():
        assert field_value(page, name) == value, name
    assert note(page) == ("From the provider directory, checked on 6 December 2026: "
                          "www.vattenfall.de")
    assert '<a href="https://www.vattenfall.de/datenschutz"' in page
    assert directory_buttons(page) == []


def test_the_offer_in_german(client, csrf):
    post_step(client, csrf, "provider", **{"provider-name": "vattenfall",
                                           "action": "continue"})
    page = step(client, "de")[1]
    assert note(page).startswith("Das Anbieterverzeichnis nennt für Vattenfall Europe Sales "
                                 "GmbH diese Anschrift:")
    assert "Geprüft am 6. Dezember 2026:" in page and "Diese Anschrift übernehmen" in page


def test_a_name_of_another_sector_or_none_in_the_directory_gets_no_offer(client, csrf):
    post_step(client, csrf, "provider", **{"provider-name": "Beispiel Internet SE",
                                           "action": "continue"})
    assert note(step(client)[1]) == ""
    post_step(client, csrf, "notice", **{"contract-sector": "telecom", "action": "continue"})
    post_step(client, csrf, "provider", **{"provider-name": "Vattenfall",
                                           "action": "continue"})
    assert note(step(client)[1]) == ""


def test_a_button_of_an_entry_not_in_the_directory_changes_nothing(client, csrf):
    response = post_step(client, csrf, "provider", "", **{
        "provider-name": "Vattenfall", "return": "check", "action": "directory:no-such"})
    assert response.headers["Location"] == "/step/provider?return=check#directory-note"
    page = step(client)[1]
    assert field_value(page, "provider-name") == "Vattenfall"
    assert all(field_value(page, name) == "" for name in ADDRESS)


# --- The notice's address wins -------------------------------------------------------------

def test_a_typed_address_that_differs_is_kept_and_shown_beside_the_directorys(client, csrf):
    typed = {"provider-name": "Vattenfall Europe Sales GmbH", **ELSEWHERE}
    response = post_step(client, csrf, "provider", **typed, action="continue")
    assert response.headers["Location"] == "/step/you"      # nothing holds the user up
    response, page = step(client)
    for name, value in typed.items():
        assert field_value(page, name) == value, name
    assert note(page) == (
        "The provider directory has another address for Vattenfall Europe Sales GmbH. The "
        "address your notice names for objections counts; use the directory’s only where "
        "the notice names none. Your answer Chausseestraße 23 10115 Berlin The directory "
        "says Überseering 12 22297 Hamburg Checked on 6 December 2026: www.vattenfall.de "
        "Use the directory’s address")
    # Only the user's click takes the directory's.
    post_step(client, csrf, "provider", **typed, action="directory:vattenfall")
    page = step(client)[1]
    for name, value in VATTENFALL.items():
        assert field_value(page, name) == value, name


def test_the_same_address_spelled_otherwise_agrees(client, csrf):
    post_step(client, csrf, "provider", **{**VATTENFALL, "provider-name": "Vattenfall",
                                           "provider-street": "Ueberseering 12"},
              action="continue")
    page = step(client)[1]
    assert field_value(page, "provider-street") == "Ueberseering 12"
    assert note(page) == ("From the provider directory, checked on 6 December 2026: "
                          "www.vattenfall.de")


NOTICE = """Vattenfall Europe Sales GmbH · Chausseestraße 23 · 10115 Berlin

Berlin, 01.09.2026

Preisanpassung Ihres Stromvertrags

zum 01.11.2026 steigt der Arbeitspreis von 30,00 ct/kWh auf 35,00 ct/kWh.
"""


def test_the_address_read_from_the_notice_wins_and_is_shown_beside_the_directorys(client,
                                                                                  csrf):
    read(client, csrf, notice_text=NOTICE)
    response, page = step(client)
    assert set(ADDRESS) & set(marked(page))                  # read from the notice
    for name, value in ELSEWHERE.items():
        assert field_value(page, name) == value, name
    text = note(page)
    assert "Your notice says Chausseestraße 23 10115 Berlin" in text
    assert "The directory says Überseering 12 22297 Hamburg" in text
    assert directory_buttons(page) == ["directory:vattenfall"]
    german = note(step(client, "de")[1])
    assert "Laut Ihrer Mitteilung Chausseestraße 23 10115 Berlin" in german
    assert "Laut Verzeichnis Überseering 12 22297 Hamburg" in german


def test_an_address_read_from_the_notice_that_agrees_says_so(client, csrf):
    read(client, csrf, notice_text=NOTICE.replace("Chausseestraße 23 · 10115 Berlin",
                                                  "Überseering 12 · 22297 Hamburg"))
    page = step(client)[1]
    assert field_value(page, "provider-street") == "Überseering 12"
    assert note(page) == ("Your notice’s address agrees with the provider directory, "
                          "checked on 6 December 2026: www.vattenfall.de")
    assert directory_buttons(page) == []


def test_an_entry_abroad_is_offered_with_its_town_line_in_its_country_order(client):
    found = client.get("/providers?q=DAZN").get_json()
    dazn = next(entry for entry in found["providers"] if entry["country"] == "GB")
    assert dazn["town_line"] == f"{dazn['city']} {dazn['postal_code']}"
