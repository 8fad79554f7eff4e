"""Signature images: PNG or JPEG only, size and pixel limits, re-encoded."""
import base64
import io
import json
import re
import struct
import zlib

import pytest
from PIL import Image, ImageDraw, JpegImagePlugin
from PIL.ImageFile import ImageFile

from conftest import FIXTURES
from objection import signature
from objection.signature import SignatureError, clean_signature, encode_png


def uri(raw: bytes, kind: str = "png") -> str:
    return f"data:image/{kind};base64," + base64.b64encode(raw).decode()


def image_bytes(fmt: str, size=(300, 100), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, format=fmt)
    return out.getvalue()


def decode(data_uri: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1])))


def test_png_is_re_encoded():
    raw = (FIXTURES / "signature.png").read_bytes()
    cleaned = clean_signature(uri(raw))
    assert cleaned.startswith("data:image/png;base64,")
    assert decode(cleaned).format == "PNG"


def test_the_same_picture_again_comes_from_the_cache_and_the_cache_is_bounded():
    from objection.signature import CACHE_SIZE
    pictures = [image_bytes("PNG", (300 + n, 100)) for n in range(CACHE_SIZE + 1)]
    first = encode_png(pictures[0])
    assert encode_png(pictures[0]) is first            # answered from the cache
    assert encode_png(pictures[1]) is not first and decode(encode_png(pictures[1])).size \
        == (301, 100)                                  # other pixels: encoded anew
    for picture in pictures[1:]:                       # CACHE_SIZE others push it out
        encode_png(picture)
    again = encode_png(pictures[0])
    assert again == first and again is not first       # encoded anew, the same result


def test_a_refused_picture_is_refused_again():
    bomb = image_bytes("PNG", (3000, 2000))             # 6 megapixels: over the limit
    for _ in range(2):
        with pytest.raises(SignatureError):
            encode_png(bomb)


def test_jpeg_becomes_png():
    cleaned = clean_signature(uri(image_bytes("JPEG"), "jpeg"))
    assert decode(cleaned).format == "PNG"


def test_large_image_is_scaled_down():
    cleaned = clean_signature(uri(image_bytes("PNG", (1900, 1000))))
    assert decode(cleaned).size[0] <= 1200 and decode(cleaned).size[1] <= 400


@pytest.mark.parametrize("value", [
    "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
    "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    "data:image/png;base64,!!!!",
    "http://example.com/sig.png",
    uri(b"GIF89a not a png"),
    uri(image_bytes("GIF")),          # a GIF labelled as PNG
    uri(image_bytes("BMP")),
])
def test_refused(value):
    with pytest.raises(SignatureError):
        clean_signature(value)


def test_too_many_bytes():
    with pytest.raises(SignatureError) as info:
        clean_signature(uri(b"\x89PNG" + b"\0" * 600_000))
    assert "too large" in str(info.value)


def test_decompression_bomb_is_refused_before_decoding():
    # A 20000 x 20000 PNG compresses to a few hundred KB but would need 400 MP.
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG", optimize=True)
    raw = out.getvalue()
    assert len(raw) < 512 * 1024
    with pytest.raises(SignatureError) as info:
        encode_png(raw)
    assert "too many pixels" in str(info.value)


def test_too_many_pixels_below_pillows_own_limit():
    out = io.BytesIO()
    Image.new("1", (3000, 2000)).save(out, format="PNG")
    with pytest.raises(SignatureError) as info:
        encode_png(out.getvalue())
    assert "too many pixels" in str(info.value)


def test_truncated_image():
    raw = image_bytes("PNG", (300, 300), "RGBA")
    with pytest.raises(SignatureError):
        encode_png(raw[:60])


# --- Decoding work: JPEG scans, reduced-scale decoding, the same rules on both paths ----

SCAN_END = re.compile(rb"\xff([^\x00\xd0-\xd7\xff])")


def jpeg(size, mode="RGB", **options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, format="JPEG", **options)
    return out.getvalue()


def scans(raw: bytes) -> list[tuple[int, int]]:
    """(start, end) of each SOS segment with its entropy-coded data."""
    found, pos = [], 0
    while (start := raw.find(b"\xff\xda", pos)) >= 0:
        end = SCAN_END.search(raw, start + 2 + int.from_bytes(raw[start + 2:start + 4], "big"))
        found.append((start, end.start()))
        pos = end.start()
    return found


def repeat_scan(raw: bytes, index: int, count: int | None = None,
                fill: int = 512 * 1024) -> bytes:
    """Copies of one scan inserted before EOI: `count` of them, or as many as fit in
    `fill` bytes. A repeated AC scan of a white image is a dozen bytes (one EOB run)
    but makes libjpeg visit every block of the component again."""
    found = scans(raw)
    start, end = found[index]
    piece = raw[start:end]
    if count is None:
        count = (fill - len(raw)) // len(piece)
    return raw[:found[-1][1]] + piece * count + raw[found[-1][1]:]


def with_size(raw: bytes, width: int, height: int) -> bytes:
    """The same JPEG, its frame header claiming another size."""
    at = re.search(rb"\xff[\xc0-\xc2]", raw).start()
    return raw[:at + 5] + struct.pack(">HH", height, width) + raw[at + 9:]


def phone_photo(orientation: int | None = None) -> bytes:
    """A 12-megapixel phone photo of a signature on paper, about 200 KB."""
    size = (4000, 3000)
    sheet = Image.linear_gradient("L").resize(size).point(lambda v: 200 + v // 6)
    grain = Image.effect_noise(size, 6).point(lambda v: v - 128)
    photo = Image.blend(sheet, grain, 0.04).convert("RGB")
    ImageDraw.Draw(photo).line([(800 + 200 * i, 1500 + 240 * (-1) ** i) for i in range(13)],
                               fill=(20, 30, 90), width=13, joint="curve")
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=60, exif=exif)
    return out.getvalue()


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any pixel is decoded."""
    def load(self):
        raise AssertionError("decoded")
    monkeypatch.setattr(ImageFile, "load", load)


@pytest.fixture
def decoded_sizes(monkeypatch):
    """The sizes at which JPEGs are actually decoded."""
    sizes, load = [], JpegImagePlugin.JpegImageFile.load

    def spy(self):
        sizes.append(self.size)
        return load(self)
    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", spy)
    return sizes


def many_scans(fill: int = 512 * 1024) -> bytes:
    """The review's hostile image: 512 KB, 36,000 scans. Pillow alone takes seconds of
    CPU to decode it (bench/images.py measures it)."""
    return repeat_scan(jpeg((1000, 1000), "L", progressive=True), 1, fill=fill)


def test_many_scans_are_refused_before_decoding(no_decoding):
    raw = many_scans()
    assert len(raw) <= 512 * 1024 and len(scans(raw)) > 30_000
    for check in (lambda: encode_png(raw), lambda: clean_signature(uri(raw, "jpeg"))):
        with pytest.raises(SignatureError) as info:
            check()
        assert "not a readable" in str(info.value)


def test_scan_limit():
    base = jpeg((64, 64), "L", progressive=True)
    extra = signature.MAX_SCANS - len(scans(base))
    assert decode(encode_png(repeat_scan(base, 1, extra))).size == (64, 64)
    with pytest.raises(SignatureError):
        encode_png(repeat_scan(base, 1, extra + 1))


def test_block_budget_over_all_scans():
    # 2000 x 2000 grey: 62,500 blocks a scan, whatever the scan holds.
    base = jpeg((2000, 2000), "L", progressive=True)
    assert signature.jpeg_layout(base).scan_blocks == 62_500 * len(scans(base))
    fits = signature.MAX_SCAN_BLOCKS // 62_500
    assert decode(encode_png(repeat_scan(base, 1, fits - len(scans(base)))))
    with pytest.raises(SignatureError):
        encode_png(repeat_scan(base, 1, fits + 1 - len(scans(base))))


def test_normal_progressive_jpeg_is_accepted():
    raw = jpeg((1200, 400), progressive=True, quality=90)
    assert len(scans(raw)) == 10
    cleaned = decode(encode_png(raw))
    assert cleaned.format == "PNG" and cleaned.size == (1200, 400)


def test_phone_photo_is_accepted_decoded_at_reduced_scale(decoded_sizes):
    raw = phone_photo()
    assert 150_000 < len(raw) < 300_000
    assert decode(encode_png(raw)).size == (533, 400)
    # libjpeg's DCT scaling: 1/4 of each side, not 12 megapixels.
    assert set(decoded_sizes) == {(1000, 750)}


def test_phone_photo_held_upright_stays_upright():
    width, height = decode(encode_png(phone_photo(orientation=6))).size
    assert (width, height) == (300, 400)


def test_a_12_megapixel_progressive_jpeg_is_accepted():
    raw = jpeg((4000, 3000), progressive=True)
    assert decode(encode_png(raw)).size == (533, 400)


@pytest.mark.parametrize("raw, limit", [
    (with_size(jpeg((16, 16)), 8000, 5001), "40,000,000"),
    (with_size(jpeg((16, 16), progressive=True), 4000, 3001), "12,000,000"),
])
def test_jpeg_pixel_limits_from_the_header(no_decoding, raw, limit):
    with pytest.raises(SignatureError) as info:
        encode_png(raw)
    assert f"too many pixels (at most {limit})" in str(info.value)


@pytest.mark.parametrize("damage", [
    lambda raw: raw[:-2],                                      # no EOI: truncated
    lambda raw: raw[:raw.index(b"\xff\xda")] + b"\xff\xd9",    # no scan
    lambda raw: raw.replace(b"\xff\xc0", b"\xff\xc9", 1),      # arithmetic coding
    lambda raw: raw.replace(b"\xff\xc0", b"\xff\xc3", 1),      # lossless
])
def test_incomplete_or_unusual_jpeg_is_refused(no_decoding, damage):
    with pytest.raises(SignatureError) as info:
        encode_png(damage(jpeg((300, 100))))
    assert "not a readable" in str(info.value)


def test_many_segments_are_refused(no_decoding):
    raw = jpeg((16, 16))
    with pytest.raises(SignatureError):
        encode_png(raw[:2] + b"\xff\xfe\x00\x02" * 2000 + raw[2:])


@pytest.mark.parametrize("stray", [b"\xff", b"\x00"])
def test_stray_bytes_between_segments_are_refused(stray):
    # Fill bytes are legal, but Pillow reads them one by one in Python (0.6 s for 500 KB).
    raw = jpeg((300, 100))
    at = raw.index(b"\xff\xc0")
    assert decode(encode_png(raw[:at] + stray * 100 + raw[at:])).size == (300, 100)
    with pytest.raises(SignatureError):
        encode_png(raw[:at] + stray * 500_000 + raw[at:])


def test_a_long_run_of_fill_bytes_is_walked_in_linear_time(no_decoding):
    # A regular expression with \xff+ took quadratic time here (2.9 s for 20 KB).
    with pytest.raises(SignatureError):
        encode_png(b"\xff\xd8" + b"\xff" * 520_000 + b"\x00")


def test_many_png_chunks_are_refused(no_decoding):
    # Pillow handles every chunk in Python: 40,000 empty ones would cost 0.35 s.
    raw = image_bytes("PNG", (300, 100))
    at = raw.index(b"IDAT") - 4
    empty = b"\0\0\0\0abCd" + zlib.crc32(b"abCd").to_bytes(4, "big")
    with pytest.raises(SignatureError) as info:
        encode_png(raw[:at] + empty * 40_000 + raw[at:])
    assert "not a readable" in str(info.value)
    with pytest.raises(SignatureError):
        encode_png(raw[:-12])                                  # no IEND


def _web_upload(client, raw: bytes):
    """Upload a signature picture as the result page does, right before the download
    (text form suffices here, so the picture signs the letter). The PDF, or the
    result page with the message."""
    from conftest import token
    from test_web import fill, hidden_case
    case = json.loads((FIXTURES / "telecom.json").read_text())
    case["notice"]["required_form"] = "text"
    case["signature"] = {"mode": "image"}
    csrf = token(client)
    fill(client, case, csrf)
    page = client.get("/result").get_data(as_text=True)
    response = client.post("/letter.pdf", content_type="multipart/form-data", data={
        "csrf_token": csrf, "case": hidden_case(page), "signature-mode": "image",
        "signature_upload": (io.BytesIO(raw), "signature.jpg")})
    if response.status_code == 303:
        return client.get("/result?lang=en").get_data(as_text=True)
    assert response.mimetype == "application/pdf"
    return response.data


def _api(client, raw: bytes):
    case = json.loads((FIXTURES / "telecom.json").read_text())
    case["signature"] = {"mode": "image", "image": uri(raw, "jpeg")}
    return client.post("/api/v1/assessment", json=case, headers={"Accept-Language": "en"})


def test_both_paths_accept_a_phone_photo(client):
    raw = phone_photo()
    pdf = _web_upload(client, raw)
    assert isinstance(pdf, bytes) and b"/Subtype /Image" in pdf
    response = _api(client, raw)
    assert response.status_code == 200, response.json


def test_both_paths_refuse_many_scans(client, no_decoding):
    # Below 500 KB: a larger body makes Werkzeug's test client spool it to a temporary
    # file it never closes (a ResourceWarning).
    raw = many_scans(480 * 1024)
    assert "This is not a readable PNG or JPEG image." in _web_upload(client, raw)
    response = _api(client, raw)
    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"] == "/signature/image"
    assert response.json["errors"][0]["message"] == "This is not a readable PNG or JPEG image."
