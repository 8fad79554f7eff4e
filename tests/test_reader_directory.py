"""Issue 27, point 7: the reader cross-checks the provider's name and address it read
against the provider directory (objection/data/providers/), and never takes a value from
it. The entry used is a real one of the shipped data:

    Vattenfall Europe Sales GmbH (brand "Vattenfall"), Überseering 12, 22297 Hamburg
"""
import html

from objection.providers import directory
from objection.reader import _read, read_text
from objection.reader.extract import Extractor
from objection.reader.sources import Source
from test_reader_facts import letter
from test_web_reader import field_value, read

NAME, STREET, CODE, CITY = "Vattenfall Europe Sales GmbH", "Überseering 12", "22297", "Hamburg"
VATTENFALL = f"{NAME} · {STREET} · {CODE} {CITY}"
PO_BOX = f"{NAME} · Postfach 10 11 22 · 20007 {CITY}"


def notice(sender: str, footer: str = NAME) -> str:
    return letter(sender=sender, footer=footer, place=CITY)


def provider(reading) -> dict:
    return reading.case.get("provider", {})


def codes(reading) -> set[str]:
    return {w.code for w in reading.warnings}


def test_the_entry_used_is_in_the_shipped_directory():
    entry = next(p for p in directory() if p.name == NAME)
    assert (entry.street, entry.postal_code, entry.city) == (STREET, CODE, CITY)


def test_a_name_and_address_the_directory_has_are_borne_out():
    extractor = Extractor(notice(VATTENFALL))
    extractor.run()
    assert extractor.confirmed == {"/provider/name": NAME, "/provider/street": STREET,
                                   "/provider/postal_code": CODE, "/provider/city": CITY}
    reading = read_text(notice(VATTENFALL))
    assert provider(reading) == {"name": NAME, "street": STREET, "postal_code": CODE,
                                 "city": CITY, "country": "DE"}
    assert not codes(reading) & {"directory_address", "directory_kept"}


def test_a_brand_the_directory_knows_is_borne_out_as_printed():
    extractor = Extractor(notice(f"Vattenfall · {STREET} · {CODE} {CITY}", footer="Vattenfall"))
    extractor.run()
    assert extractor.confirmed["/provider/name"] == "Vattenfall"


def test_another_address_is_kept_and_the_directorys_is_named():
    reading = read_text(notice(PO_BOX))
    assert provider(reading)["street"] == "Postfach 10 11 22"
    assert provider(reading)["postal_code"] == "20007"
    warning = next(w for w in reading.warnings if w.code == "directory_address")
    assert warning.pointers == ("/provider/street", "/provider/postal_code", "/provider/city")
    assert warning.message.render("en") == (
        "The provider directory lists another address for Vattenfall Europe Sales GmbH: "
        "Überseering 12, 22297 Hamburg. The address is taken from the notice only: please "
        "check it against the notice.")
    assert warning.message.render("de").startswith(
        "Im Anbieterverzeichnis ist für Vattenfall Europe Sales GmbH eine andere Anschrift "
        "eingetragen: Überseering 12, 22297 Hamburg.")


def test_a_provider_the_directory_does_not_know_changes_nothing():
    extractor = Extractor(notice("Stadtwerke Beispielhausen GmbH · Hauptstraße 1 · "
                                 "67059 Ludwigshafen", footer="Stadtwerke Beispielhausen GmbH"))
    extractor.run()
    assert extractor.confirmed == {} and extractor.kept == []
    assert extractor.found["/provider/street"].value == "Hauptstraße 1"
    assert not {w.code for w in extractor.warnings} & {"directory_address", "directory_kept"}


def test_a_name_only_nearly_an_entrys_is_not_compared():
    # "Vattenfal" with an address of its own may be another provider: no warning
    reading = read_text(notice(f"Vattenfal Europe Sales GmbH · Musterweg 1 · {CODE} {CITY}",
                               footer="Vattenfal Europe Sales GmbH"))
    assert provider(reading)["street"] == "Musterweg 1"
    assert "directory_address" not in codes(reading)


def test_nothing_the_notice_does_not_say_is_taken_from_the_directory():
    # the name alone (letterhead and closing), no address: the address stays a question
    reading = read_text(letter(sender=NAME, footer=NAME, place=CITY))
    assert provider(reading) == {"name": NAME}
    assert "/provider/street" in next(w for w in reading.warnings
                                      if w.code == "not_found").pointers
    assert "directory_address" not in codes(reading)


# --- Photos: what text recognition doubted, the directory may bear out --------------------

def photo(text: str, unsure: set[str]):
    return _read(Source(text, "photo", unsure=unsure))


def test_a_doubted_street_the_directory_has_letter_by_letter_is_kept():
    reading = photo(notice(VATTENFALL), unsure={"Überseering", "Vattenfall"})
    assert provider(reading)["street"] == STREET and provider(reading)["name"] == NAME
    warning = next(w for w in reading.warnings if w.code == "directory_kept")
    assert warning.pointers == ("/provider/name", "/provider/street")
    assert "the provider's name and the provider's street" in warning.message.render("en")
    assert "den Namen des Anbieters und die Straße des Anbieters nicht sicher gelesen" in \
        warning.message.render("de")
    assert "ocr_unsure" not in codes(reading)


def test_a_doubted_street_the_directory_does_not_have_is_left_out():
    # an unknown provider; and a misreading of the entry's street ("Uberseering"), which
    # agrees with it only when accents are folded
    unknown = photo(notice("Stadtwerke Beispielhausen GmbH · Hauptstraße 1 · 67059 "
                           "Ludwigshafen", footer="Stadtwerke Beispielhausen GmbH"),
                    unsure={"Hauptstraße"})
    misread = photo(notice(f"{NAME} · Uberseering 12 · {CODE} {CITY}"),
                    unsure={"Uberseering"})
    for reading in (unknown, misread):
        assert "street" not in provider(reading)
        assert "/provider/street" in next(w for w in reading.warnings
                                          if w.code == "ocr_unsure").pointers
        assert "directory_kept" not in codes(reading)
    assert provider(misread)["name"] == NAME


def test_a_name_read_otherwise_elsewhere_is_kept_where_the_directory_has_it():
    # letterhead and closing disagree, as OCR's readings of one name do: the reading the
    # directory has stands; an unknown name so read is left out
    text = notice(VATTENFALL, footer="Vattenfall Europe Sales GmbI-I")
    extractor = Extractor(text, "photo")
    extractor.run()
    assert extractor.found["/provider/name"].value == NAME
    assert extractor.kept == ["/provider/name"]
    unknown = Extractor(notice("Stadtwerke Beispielhausen GmbH · Hauptstraße 1 · 67059 "
                               "Ludwigshafen", footer="Stadtwerke Beispielhausen GmbI-I"),
                        "photo")
    unknown.run()
    assert unknown.left_out.get("/provider/name") == "ocr_disagrees"


# --- The steps show the note -----------------------------------------------------------------

def test_the_steps_show_the_directorys_other_address_and_keep_the_notices(client, csrf):
    assert read(client, csrf, notice_text=notice(PO_BOX)).status_code == 303
    for lang, said in (("en", "The provider directory lists another address for "
                              "Vattenfall Europe Sales GmbH: Überseering 12, 22297 Hamburg."),
                       ("de", "Im Anbieterverzeichnis ist für Vattenfall Europe Sales GmbH "
                              "eine andere Anschrift eingetragen")):
        page = html.unescape(client.get(f"/step/notice?lang={lang}").get_data(as_text=True))
        assert said in page
    page = client.get("/step/provider").get_data(as_text=True)
    assert field_value(page, "provider-street") == "Postfach 10 11 22"
