"""Issue 24, points 1-4: the reader never answers for the user. A period it does not
find stays a question; the provider is never the customer; what text recognition may
have misread is left out unless the notice bears it out elsewhere, and the reading says
which fields and why, in the user's language; "nothing was guessed" only when true."""
import html
import re

import pytest

from objection.reader import read_text
from objection.reader.extract import Extractor
from objection.towns import misspelt, town_agrees
from test_web_reader import field_value, read

LETTER = """{sender}

{recipient}

{place}, 10.11.2026

Kundennummer: 4711-0815

Anpassung Ihres Strompreises zum 01.01.2027

Sehr geehrte Frau Schmidt,

zum 01.01.2027 ändern sich die Preise Ihres Tarifs "Strom Klassik". Der Arbeitspreis steigt
von 28,76 ct/kWh auf 31,20 ct/kWh.

{objection}

Mit freundlichen Grüßen
{footer}
"""
SENDER = "Stadtwerke Beispielhausen GmbH · Hauptstraße 1 · 67059 Ludwigshafen"
RECIPIENT = "Frau\nAnna Schmidt\nGartenweg 5\n10115 Berlin"


def letter(objection: str = "", sender: str = SENDER, recipient: str = RECIPIENT,
           footer: str = "Stadtwerke Beispielhausen GmbH", place: str = "Ludwigshafen") -> str:
    return LETTER.format(sender=sender, recipient=recipient, objection=objection,
                         footer=footer, place=place)


# --- 1. A period not found is a question ------------------------------------------------

@pytest.mark.parametrize("sentence, period", [
    # a last day, though "Zustimmung" stands nearer to it than "widersprechen"
    ("Widersprechen Sie nicht bis zum 31.12.2026, gilt Ihre Zustimmung als erteilt.",
     "2026-12-31"),
    ("Ihre Zustimmung gilt als erteilt, wenn Sie nicht bis zum 15.12.2026 widersprechen.",
     "2026-12-15"),
    ("If you do not object until 30 December 2026, you are deemed to have accepted.",
     "2026-12-30"),
    # senders from abroad write in their own language
    ("Vous pouvez vous opposer à cette modification dans un délai de quatre semaines.",
     "P4W"),
    ("Vous pouvez vous opposer à cette modification jusqu'au 20.12.2026.", "2026-12-20"),
    ("Może Pan złożyć sprzeciw w terminie czterech tygodni od otrzymania tego pisma.",
     "P4W"),
    ("Sprzeciw można złożyć w ciągu 30 dni.", "P30D"),
    # consent asked, no objection: not a period to object
    ("Bitte stimmen Sie der Änderung bis zum 31.12.2026 zu.", None),
])
def test_the_objection_period_as_the_notice_states_it(sentence, period):
    reading = read_text(letter(sentence))
    assert reading.get("/notice/objection_period") == period


def test_a_period_not_found_is_listed_as_missing():
    reading = read_text(letter("Bei Fragen erreichen Sie uns werktags von 8 bis 18 Uhr."))
    assert reading.get("/notice/objection_period") is None
    [missing] = [w for w in reading.warnings if w.code == "not_found"]
    assert "/notice/objection_period" in missing.pointers
    assert "the period to object" in missing.message.render("en")
    assert "die Frist für den Widerspruch" in missing.message.render("de")


def test_a_premium_reset_is_not_asked_for_a_period():
    text = ("Beitragsanpassung Ihrer privaten Krankenversicherung nach § 203 VVG zum "
            "01.01.2027: Ihr Monatsbeitrag steigt von 500,00 € auf 560,00 €.")
    missing = [w for w in read_text(text).warnings if w.code == "not_found"]
    assert all("/notice/objection_period" not in w.pointers for w in missing)


def test_the_steps_ask_for_a_period_the_reader_did_not_find(client, csrf):
    """A reading without a period leaves its question unanswered (a saved case without
    one means "the notice names none"; a reading without one does not)."""
    text = letter("Bei Fragen erreichen Sie uns werktags von 8 bis 18 Uhr.")
    assert read(client, csrf, notice_text=text).status_code == 303
    page = client.get("/step/notice?lang=en").get_data(as_text=True)
    chosen = re.search(r'<select[^>]*name="notice-period_kind".*?</select>', page, re.S).group()
    assert re.search(r'<option selected value="">', chosen)
    assert "selected" not in re.search(r'<option[^>]*value="none"[^>]*>', chosen).group()
    note = html.unescape(re.search(r"Not found in the notice, please add: ([^<]+)", page)
                         .group(1))
    assert "the period to object" in note
    # Continuing without an answer is an error on the period's field, not a silent "none".
    client.post("/step/notice", data={
        "csrf_token": csrf, "action": "continue", "notice-period_kind": "",
        "contract-sector": "energy", "contract-commodity": "electricity"})
    page = client.get("/step/notice?lang=en").get_data(as_text=True)
    assert "Say how long the notice gives you to object" in page


def test_a_read_period_is_answered(client, csrf):
    text = letter("Sie können der Änderung innerhalb von sechs Wochen widersprechen.")
    assert read(client, csrf, notice_text=text).status_code == 303
    page = client.get("/step/notice?lang=en").get_data(as_text=True)
    assert field_value(page, "notice-period_number") == "6"


# --- 2. Provider and customer are never swapped ----------------------------------------

POLISH = "NordNet Sp. z o.o.\nul. Długa 5\n80-827 Gdańsk\nPolen"


def test_a_sender_abroad_and_a_recipient_at_home():
    reading = read_text(letter(
        "Sie können der Änderung innerhalb von vier Wochen widersprechen.", sender=POLISH,
        recipient="Jan Kowalski\nBahnhofstraße 3\n01067 Dresden", place="Gdańsk",
        footer="NordNet Sp. z o.o.").replace("Frau Schmidt", "Herr Kowalski"))
    assert reading.case["provider"] == {"name": "NordNet Sp. z o.o.", "street": "ul. Długa 5",
                                        "postal_code": "80-827", "city": "Gdańsk",
                                        "country": "PL"}
    assert reading.case["customer"]["name"] == "Jan Kowalski"
    assert reading.case["customer"]["street"] == "Bahnhofstraße 3"
    assert reading.case["customer"]["city"] == "Dresden"


def test_the_customers_address_is_never_the_providers():
    """The sender's block cannot be read (a logo, a layout the rules do not know): the
    only address left is the customer's own, which is not filled in as the provider's."""
    text = letter("", sender="", recipient="Anna Schmidt\nGartenweg 5\n10115 Berlin",
                  footer="Ihr Kundenservice")
    reading = read_text(text.replace("Anna Schmidt\nGartenweg", "Anna Schmidt\nGartenweg")
                        + "\nZahlungsempfänger: Anna Schmidt · Gartenweg 5 · 10115 Berlin\n")
    assert reading.get("/provider/street") is None
    assert reading.get("/customer/street") == "Gartenweg 5"
    assert "/provider/street" in next(w for w in reading.warnings
                                      if w.code == "not_found").pointers


# --- 3. Unsure readings are left out, and the reading says which and why ---------------

def photo(text: str) -> Extractor:
    extractor = Extractor(text, "photo")
    extractor.run()
    return extractor


def test_a_misread_town_is_left_out_and_the_code_kept():
    extractor = photo(letter(sender="Stadtwerke Beispielhausen GmbH · Hauptstraße 1 · "
                                    "67059 Ludwgshafen", footer="Amtsgericht Mannheim"))
    assert "/provider/city" not in extractor.found
    assert extractor.found["/provider/postal_code"].value == "67059"
    assert extractor.left_out == {"/provider/city": "town_mismatch"}


def test_a_misread_town_is_taken_where_the_notice_prints_it_right():
    extractor = photo(letter(sender="Stadtwerke Beispielhausen GmbH · Hauptstraße 1 · "
                                    "67059 Ludwgshafen",
                             footer="Stadtwerke Beispielhausen GmbH · Hauptstraße 1 · "
                                    "67059 Ludwigshafen"))
    assert extractor.found["/provider/city"].value == "Ludwigshafen"
    assert not extractor.left_out


def test_a_town_and_code_that_disagree_are_both_left_out():
    extractor = photo(letter(recipient="Frau\nAnna Schmidt\nGartenweg 5\n10115 Mannheim"))
    assert {"/customer/city", "/customer/postal_code"} <= set(extractor.left_out)
    assert extractor.found["/customer/street"].value == "Gartenweg 5"


def test_a_name_the_salutation_does_not_bear_out_is_left_out():
    extractor = photo(letter(recipient="Frau\nAnna Schmldt\nGartenweg 5\n10115 Berlin"))
    assert extractor.left_out.get("/customer/name") == "name_mismatch"
    assert photo(letter()).found["/customer/name"].value == "Anna Schmidt"


def test_text_is_taken_as_printed():
    """The checks are for text recognition's misreadings: a typed text is the notice's
    own, and a town it prints is copied as it is."""
    reading = read_text(letter(recipient="Frau\nAnna Schmidt\nGartenweg 5\n10115 Mannheim"))
    assert reading.get("/customer/city") == "Mannheim"


def test_left_out_fields_are_named_in_the_users_language():
    from objection.reader import _read
    from objection.reader.sources import Source
    reading = _read(Source(letter(recipient="Frau\nAnna Schmldt\nGartenweg 5\n10115 Mannheim"),
                           "photo"))
    said = {w.code: w for w in reading.warnings}
    town, name = said["town_mismatch"], said["name_mismatch"]
    assert set(town.pointers) == {"/customer/postal_code", "/customer/city"}
    assert town.message.render("en").endswith(
        "so your postal code and your town were left out: please add them.")
    assert "Ihre Postleitzahl und Ihren Ort" in town.message.render("de")
    assert "your name" in name.message.render("en")
    assert "Ihren Namen" in name.message.render("de")
    for warning in reading.warnings:        # no English label inside a German sentence
        german = warning.message.render("de")
        assert not re.search(r"\b(?:City|Street|Postal code|Your name)\b", german), german


@pytest.mark.parametrize("code, town, agrees, near", [
    ("67059", "Ludwigshafen", True, True), ("67059", "Ludwgshafen", False, True),
    ("67059", "Mannheim", False, False), ("40024", "Düsseldorf", True, True),
    ("80331", "Muenchen", True, True), ("82362", "Weilheim i. OB", True, True),
    ("06108", "Halle (Saale)", True, True), ("1234", "Wien", None, False),
])
def test_a_town_against_its_postal_code(code, town, agrees, near):
    assert town_agrees(code, town) is agrees
    assert misspelt(code, town) is near


# --- 4. "Nothing was guessed" only when true -------------------------------------------

def test_a_value_concluded_from_silence_says_so(client, csrf):
    text = ("Beispiel Dienste GmbH · Hauptstraße 1 · 67059 Ludwigshafen\n\nFrau\nAnna Schmidt\n"
            "Gartenweg 5\n10115 Berlin\n\nLudwigshafen, 10.11.2026\n\nSehr geehrte Frau "
            "Schmidt,\n\nab dem 01.01.2027 kostet Ihr Vertrag 12,99 € statt 9,99 € im Monat. "
            "Sie können innerhalb von vier Wochen widersprechen.\n\nMit freundlichen Grüßen\n"
            "Beispiel Dienste GmbH\n")
    assert read(client, csrf, notice_text=text).status_code == 303
    page = html.unescape(client.get("/step/notice?lang=en").get_data(as_text=True))
    assert "nothing was guessed" not in page
    assert re.search(r"2 of them were concluded from what the notice does not say", page)
    assert "Concluded from your notice – please check. The notice shows no sign of one of " \
           "the listed kinds of contract" in page
    assert "The notice names no right to terminate, so “No” was filled in." in page
    de = html.unescape(client.get("/step/notice?lang=de").get_data(as_text=True))
    assert "Aus Ihrer Mitteilung geschlossen – bitte prüfen." in de
    assert "nichts wurde geraten" not in de.lower()


def test_nothing_was_guessed_where_every_answer_has_its_snippet(client, csrf):
    text = letter("Sie haben ein Sonderkündigungsrecht. Sie können innerhalb von vier Wochen "
                  "widersprechen.")
    assert read(client, csrf, notice_text=text).status_code == 303
    page = html.unescape(client.get("/step/notice?lang=en").get_data(as_text=True))
    assert "Check each against the notice: nothing was guessed." in page
    assert "Concluded from your notice" not in page


# --- Wrong values the held-out notices showed -----------------------------------------

@pytest.mark.parametrize("text, tariff", [
    # a kind of product in the plural is no tariff
    ("Sehr geehrte Kundin,\nzum 1. März 2027 ändern wir die Preise für Festnetzanschlüsse.\n",
     None),
    ("Sehr geehrte Kundin,\nzum 1. März 2027 ändern wir die Preise für Ihren Tarif "
     "Telefon Flat.\n", "Telefon Flat"),
    # the provider's brand is no tariff
    ("Studio Black Fitness GmbH · Torstraße 140 · 10119 Berlin\n\nMarta Kowalczyk\n"
     "Hauptstraße 1\n10115 Berlin\n\nDear Marta,\nthe price of your Studio Black membership "
     "goes up from €54.00 to €59.00 per month from 1 May 2027.\n", None),
])
def test_what_is_no_tariff(text, tariff):
    assert read_text(text).get("/contract/tariff") == tariff


def test_a_price_that_changes_tenfold_lost_its_decimal_comma():
    """Text recognition read "17,99 €" as "1799€" (sure of it): no price changes
    tenfold, so the pair is left out and asked for."""
    reading = read_text("Ab dem 01.01.2027 steigt Ihr monatlicher Preis von 1799€ auf "
                        "19,99 €.")
    assert reading.get("/notice/old_price") is None and reading.get("/notice/new_price") is None
    assert "price_unclear" in {w.code for w in reading.warnings}
    assert read_text("Ab dem 01.01.2027 steigt Ihr monatlicher Preis von 17,99 € auf "
                     "19,99 €.").get("/notice/old_price") == "17.99"


# --- Senders from abroad ---------------------------------------------------------------

FRENCH = """Énergie Lumière SAS
12 rue de la République
67000 Strasbourg
France

Madame
Claire Martin
Schillerstraße 4
77694 Kehl
Allemagne

Strasbourg, le 10 novembre 2026

Numéro client : EL-55 201

Madame,

à compter du 01.01.2027, le prix du kWh de votre offre passe de 0,2520 € à 0,2790 €. Vous
pouvez vous opposer à cette modification dans un délai de quatre semaines. Vous pouvez
également résilier votre contrat sans frais.

Veuillez agréer, Madame, nos salutations distinguées.
Énergie Lumière SAS
"""


def test_a_french_notice_to_a_customer_in_germany():
    reading = read_text(FRENCH)
    assert reading.case["provider"] == {"name": "Énergie Lumière SAS",
                                        "street": "12 rue de la République",
                                        "postal_code": "67000", "city": "Strasbourg",
                                        "country": "FR"}
    assert reading.case["customer"]["street"] == "Schillerstraße 4"
    assert reading.get("/notice/date") == "2026-11-10"
    assert reading.get("/notice/effective") == "2027-01-01"
    assert (reading.get("/notice/old_price"), reading.get("/notice/new_price")) == \
        ("0.2520", "0.2790")
    assert reading.get("/notice/objection_period") == "P4W"


def test_a_polish_notice_names_its_dates_and_prices():
    reading = read_text("Warszawa, 10 listopada 2026\n\nSzanowny Panie,\nod dnia 01.02.2027 "
                        "miesięczna opłata wzrośnie z 39,00 EUR na 45,00 EUR. Może Pan złożyć "
                        "sprzeciw w terminie czterech tygodni.\n")
    assert reading.get("/notice/date") == "2026-11-10"
    assert reading.get("/notice/effective") == "2027-02-01"
    assert (reading.get("/notice/old_price"), reading.get("/notice/new_price")) == \
        ("39.00", "45.00")


def test_a_price_read_without_its_unit_asks_for_it(client, csrf):
    """"39,90 € statt 34,90 €" without "im Monat": the unit is a question, not a month
    preset; a price read with its unit has it."""
    text = ("Sehr geehrte Frau Schmidt,\nab dem 01.01.2027 kostet Ihr Tarif 39,90 € statt "
            "34,90 €. Sie können innerhalb von vier Wochen widersprechen.\n")
    assert read(client, csrf, notice_text=text).status_code == 303
    page = client.get("/step/notice?lang=en").get_data(as_text=True)
    unit = re.search(r'<select[^>]*name="notice-price_0_unit".*?</select>', page, re.S).group()
    assert re.search(r'<option selected value="">', unit)
    client.post("/step/notice", data={"csrf_token": csrf, "action": "continue",
                                      "notice-price_0_old": "34,90",
                                      "notice-price_0_new": "39,90",
                                      "notice-price_0_unit": ""})
    page = html.unescape(client.get("/step/notice?lang=en").get_data(as_text=True))
    assert "Choose what the price is for: a month, a quarter, a year or a kWh." in page
    assert read(client, csrf, notice_text=letter(
        "Sie können innerhalb von vier Wochen widersprechen.")).status_code == 303
    page = client.get("/step/notice?lang=en").get_data(as_text=True)
    unit = re.search(r'<select[^>]*name="notice-price_0_unit".*?</select>', page, re.S).group()
    assert re.search(r'<option selected value="kWh">', unit)


def test_a_french_price_table_and_a_lost_accent():
    """A photo's "a compter du" (the accent lost) and a table headed "prix actuel",
    "nouveau prix"."""
    reading = read_text("Monsieur,\nle prix de votre offre Serveur VPS Pro évolue a compter du "
                        "01.02.2027 :\n\nOffre               prix actuel    nouveau prix\n"
                        "Serveur VPS Pro     24,00 €        27,60 €\nPrix mensuels TTC.\n")
    assert reading.get("/notice/effective") == "2027-02-01"
    assert (reading.get("/notice/old_price"), reading.get("/notice/new_price")) == \
        ("24.00", "27.60")
