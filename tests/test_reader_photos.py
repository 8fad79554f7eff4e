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

pytestmark = pytest.mark.skipif(not ocr.available(), reason="Tesseract is not installed")


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
