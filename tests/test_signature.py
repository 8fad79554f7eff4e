"""Signature images: PNG or JPEG only, size and pixel limits, re-encoded."""
import base64
import io

import pytest
from PIL import Image

from conftest import FIXTURES
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
