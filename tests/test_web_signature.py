"""The signature picture sits with the choice on the step "Signature and sending": drawn
or uploaded there, kept (made small) in the draft until the browser closes, never in the
saved case; it never holds up the letter to post, and the advance copy asks for it only
when it is downloaded."""
import base64
import io
import json
import random
import re

import pytest
from PIL import Image, ImageDraw

from conftest import FIXTURES, pdf_text
from objection.signature import MAX_KEPT
from test_assess import make
from test_web import fill, hidden_case

DRAWN = "data:image/png;base64," + base64.b64encode(
    (FIXTURES / "signature.png").read_bytes()).decode()


def sending(client, csrf, mode="image", lang="de", **extra):
    """Post the step "Signature and sending" as the browser does (multipart)."""
    return client.post(f"/step/sending?lang={lang}", content_type="multipart/form-data",
                       data={"csrf_token": csrf, "action": "continue",
                             "options-delivery": "registered_mail", "signature-mode": mode,
                             "letter-place": "", **extra})


def result(client, lang="de") -> str:
    return client.get(f"/result?lang={lang}").get_data(as_text=True)


def kept(page: str) -> str:
    match = re.search(r'name="signature-image" value="([^"]*)"', page)
    return match.group(1) if match else ""


@pytest.fixture
def text_form(telecom_case):
    return make(telecom_case, **{"signature.mode": "image", "notice.required_form": "text"})


def test_the_pad_is_on_the_step_and_its_drawing_is_kept(client, text_form, csrf):
    fill(client, text_form, csrf)
    step = client.get("/step/sending").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in step and "data-sigpad" in step
    assert sending(client, csrf, **{"signature-image": DRAWN}).status_code == 303
    page = result(client)
    assert "Das Bild Ihrer Unterschrift ist eingefügt." in page
    assert 'id="signature-image"' not in page                  # nothing more to ask
    # Kept small, as it will be printed, and on the step again when it is opened.
    picture = re.search(r'<img src="(data:image/png;base64,[^"]+)"', page).group(1)
    assert len(picture) <= MAX_KEPT
    assert kept(client.get("/step/sending").get_data(as_text=True)) == picture
    letter = client.post("/letter.pdf", data={"csrf_token": csrf, "case": hidden_case(page),
                                              "signature-mode": "image"})
    assert b"/Subtype /Image" in letter.data
    assert "(Kopie der Unterschrift)" in pdf_text(letter.data)


def test_written_form_the_letter_at_once_the_copy_with_the_picture(client, telecom_case,
                                                                    csrf):
    fill(client, make(telecom_case, **{"signature.mode": "image"}), csrf)
    sending(client, csrf, **{"signature-image": DRAWN})
    page = result(client)
    data = {"csrf_token": csrf, "case": hidden_case(page), "signature-mode": "image"}
    letter = client.post("/letter.pdf", data=data)
    assert letter.status_code == 200 and b"/Subtype /Image" not in letter.data
    copy = client.post("/advance-copy.pdf", data=data)
    assert copy.status_code == 200 and b"/Subtype /Image" in copy.data


def test_an_uploaded_picture_is_kept_too(client, text_form, csrf):
    fill(client, text_form, csrf)
    upload = (io.BytesIO((FIXTURES / "signature.png").read_bytes()), "sig.png")
    assert sending(client, csrf, signature_upload=upload).status_code == 303
    assert "Das Bild Ihrer Unterschrift ist eingefügt." in result(client)


def test_a_photo_on_grey_paper_is_kept_as_ink_on_white(client, text_form, csrf):
    """A phone photo: 3000 x 1000 pixels of grey, noisy paper with dark strokes."""
    rng = random.Random(7)
    image = Image.new("RGB", (3000, 1000), (228, 224, 216))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        draw.line([(rng.randint(300, 2700), rng.randint(350, 650)) for _ in range(2)],
                  fill=(25, 25, 70), width=10)
    pixels = image.load()
    for _ in range(200_000):
        x, y = rng.randrange(3000), rng.randrange(1000)
        pixels[x, y] = tuple(max(0, v - rng.randint(0, 25)) for v in pixels[x, y])
    photo = io.BytesIO()
    image.save(photo, "JPEG", quality=85)
    fill(client, text_form, csrf)
    response = sending(client, csrf, signature_upload=(io.BytesIO(photo.getvalue()), "p.jpg"))
    assert response.status_code == 303
    page = result(client)
    picture = re.search(r'<img src="data:image/png;base64,([^"]+)"', page).group(1)
    with Image.open(io.BytesIO(base64.b64decode(picture))) as small:
        grey = small.convert("L")
    assert grey.getpixel((5, 5)) == 255                       # the paper is white now
    assert grey.getextrema()[0] < 100                         # and the ink is still there


@pytest.mark.parametrize("lang, message", [
    ("de", "kein lesbares PNG"), ("en", "not a readable PNG")])
def test_a_file_that_is_no_picture_is_explained_and_the_rest_kept(client, text_form, csrf,
                                                                  lang, message):
    fill(client, text_form, csrf)
    response = sending(client, csrf, lang=lang, **{
        "options-delivery": "fax", "signature_upload": (io.BytesIO(b"GIF89a...."), "s.gif")})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="signature-error"[^>]*>.*?' + message, page, re.S)
    assert re.search(r'value="fax"[^>]*checked|checked[^>]*value="fax"', page)
    assert re.search(r'value="image"[^>]*checked|checked[^>]*value="image"', page)


def test_clear_and_by_hand_drop_the_picture(client, text_form, csrf):
    fill(client, text_form, csrf)
    sending(client, csrf, **{"signature-image": DRAWN})
    sending(client, csrf, **{"signature-image": ""})                  # "Clear"
    page = result(client)
    assert "hinzugefügt" not in page and 'id="signature-image"' in page   # asked again
    sending(client, csrf, **{"signature-image": DRAWN})
    sending(client, csrf, mode="handwritten", **{"signature-image": DRAWN})
    assert kept(client.get("/step/sending").get_data(as_text=True)) == ""


def test_the_saved_case_never_holds_the_picture_and_says_so(client, text_form, csrf):
    fill(client, text_form, csrf)
    sending(client, csrf, **{"signature-image": DRAWN})
    page = result(client, "en")
    assert "it does not keep your signature picture" in page
    saved = client.post("/case.json", data={"csrf_token": csrf, "case": hidden_case(page),
                                            "signature-mode": "image"})
    data = json.loads(saved.data)
    assert data["signature"] == {"mode": "handwritten", "image": ""}
    assert "base64" not in saved.get_data(as_text=True)
