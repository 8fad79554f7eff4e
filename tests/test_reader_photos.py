"""Harder phone photos (own/heldout2, made by make_variants.py): the page cut out of a
steep, keystoned photo, a crumpled page, and the second reading of unsure words."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from objection.reader import ocr, read_path

ROOT = Path(__file__).resolve().parent.parent
HARD = ROOT / "tests" / "fixtures" / "notices" / "own" / "heldout2"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not ocr.available(), reason="Tesseract is not installed")]


def expected(stem: str) -> dict:
    case = json.loads((HARD / f"{stem}.expected.json").read_text("utf-8"))
    return {f"/{s}/{k}": v for s, values in case.items() for k, v in values.items()}


def test_a_page_photographed_turned_and_at_a_slant_is_cut_out_upright():
    # a white page turned by 8 degrees and seen at a slant on a dark table
    page = Image.new("L", (700, 990), 235)
    photo = Image.new("L", (1000, 1250), 70)
    photo.paste(page, (150, 130))
    photo = photo.rotate(8, resample=Image.BICUBIC, fillcolor=70)
    prepared = ocr._unwarp(ocr._scale(photo), photo)
    ratio = prepared.height / prepared.width
    assert prepared.width == ocr.TARGET_WIDTH
    assert 1.3 < ratio < 1.55          # the page's own shape (990 / 700 = 1.41)
    # nothing of the table is left: the page fills the image
    assert min(prepared.resize((32, 32), Image.BOX).get_flattened_data()) > 200


def test_a_photo_without_a_page_edge_is_left_as_it_is():
    scan = Image.new("L", (800, 1100), 240)
    assert ocr._unwarp(scan, scan) is scan


def test_a_steep_keystoned_photo_is_read_right():
    want = expected("n10-kabel-de")
    got = {f"/{s}/{k}": v for s, values in
           read_path(HARD / "n10-kabel-de.angle-keystone.jpg").case.items()
           for k, v in values.items()}
    for key in ("/customer/customer_number", "/customer/contract_number", "/notice/date",
                "/notice/effective", "/notice/old_price", "/notice/new_price",
                "/notice/objection_period", "/notice/required_form"):
        assert got.get(key) == want[key], key


def test_a_crumpled_page_is_read_right():
    want = expected("n06-streaming-de")
    got = {f"/{s}/{k}": v for s, values in
           read_path(HARD / "n06-streaming-de.crumpled.jpg").case.items()
           for k, v in values.items()}
    for key in ("/provider/street", "/provider/postal_code", "/notice/effective",
                "/notice/old_price", "/notice/new_price", "/notice/objection_period"):
        assert got.get(key) == want[key], key


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans is not installed")
def test_unsure_words_are_read_again_and_replaced_only_by_a_surer_reading():
    image = Image.new("L", (1400, 160), 255)
    ImageDraw.Draw(image).text((40, 50), "Kundennummer 4471 Grundpreis", fill=0,
                               font=ImageFont.truetype(str(FONT), 48))
    first = ocr.words_from_tsv(ocr._tesseract_tsv(image, psm=7))
    assert [w.text for w in first] == ["Kundennummer", "4471", "Grundpreis"]
    # as if the first reading had been unsure of two words and misread one of them
    first[0].text, first[0].conf = "Kundennurnmer", 20.0
    first[2].conf = 30.0
    again = ocr.reread_unsure(image, first)
    assert [w.text for w in again] == ["Kundennummer", "4471", "Grundpreis"]
    assert all(w.conf >= ocr.UNSURE for w in again)
    assert ocr.layout(again).unsure == set()


def _line(text: str) -> tuple[Image.Image, list[ocr.Word]]:
    """A grey page with one printed line, and a first reading that found `text` there."""
    page = Image.new("L", (1400, 200), 225)
    font = ImageFont.truetype(str(ROOT / "static" / "fonts" / "LiberationSans-Regular.ttf"), 44)
    ImageDraw.Draw(page).text((60, 70), "Venloer Straße 301", fill=40, font=font)
    words, left = [], 60
    for word in text.split():
        width = round(font.getlength(word))
        words.append(ocr.Word((1, 1, 1), left, 72, width, 46, 95.0, word))
        left += width + round(font.getlength(" "))
    return page, words


def test_a_sure_misreading_is_contradicted_by_a_second_reading():
    """The first reading was sure of "Venioer" (a misreading seen in a crumpled photo);
    the confirming pass reads the line again from the page's greys and disagrees."""
    page = _line("Venioer Straße 301")
    assert ocr.second_reading([page], ["Venioer Straße 301"]) == {"Venioer Straße 301": False}


def test_a_right_reading_is_borne_out_and_a_lost_one_says_nothing():
    page = _line("Venloer Straße 301")
    assert ocr.second_reading([page], ["Venloer Straße 301"]) == {"Venloer Straße 301": True}
    # a value the first reading did not find in one line is not read again
    assert ocr.second_reading([page], ["Kaiserallee 5"]) == {}


def test_a_misread_street_from_a_photo_is_left_out():
    reading = read_path(HARD / "n05-hausrat-de.angle.jpg")
    assert reading.get("/provider/street") in (None, "Überseering 18")
    if reading.get("/provider/street") is None:
        said = {w.code: w for w in reading.warnings}
        assert "/provider/street" in said["ocr_reread"].pointers


def test_a_second_reading_that_agrees_keeps_what_a_logo_read_otherwise():
    """A name the first reading read otherwise elsewhere (a logo, the small print) was
    left out (ocr_disagrees); where the second reading of its own line agrees, it is
    kept, and it outweighs a word the first reading was unsure of."""
    from objection.reader import _confirm
    from objection.reader.extract import Extractor, Found
    extractor = Extractor("", "photo")
    extractor.found = {"/customer/street": Found("Venloer Straße 301", "")}
    extractor.drop("/customer/street", "ocr_disagrees")
    borne_out = _confirm(extractor.found, [_line("Venloer Straße 301")], extractor)
    assert extractor.found["/customer/street"].value == "Venloer Straße 301"
    assert not extractor.left_out and borne_out == {"/customer/street"}
