"""Signature images: PNG or JPEG only, limited in bytes, pixels and decoding work,
re-encoded.

An uploaded or drawn image never reaches the PDF as it came: it is checked before any
pixel is decoded, decoded by Pillow, turned upright, scaled down and written again as
a plain PNG. The same rules hold for the web upload (`encode_png`) and the API's data:
URI (`clean_signature`).

What a decode may cost is bounded before it starts:

- PNG is decoded in full, so it may have at most `MAX_PIXELS`, and at most
  `MAX_SEGMENTS` chunks up to IEND.
- JPEG is decoded at a reduced scale (libjpeg's DCT scaling, Pillow's `draft`) close to
  the output box, so a 12-megapixel phone photo costs little; its header may claim at
  most `MAX_JPEG_PIXELS`.
- A JPEG's structure is read first (`jpeg_layout`, objection.imagefiles): it must be
  complete (up to EOI), Huffman-coded baseline, extended or progressive, with at most
  `MAX_SCANS` scans and `MAX_SCAN_BLOCKS` blocks decoded over all of them; a JPEG in
  several scans (which libjpeg holds whole in memory as coefficients, 128 bytes a
  block) may have at most `MAX_MULTISCAN_PIXELS`.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import threading
import warnings
from collections import OrderedDict

from PIL import Image, ImageOps, UnidentifiedImageError

from . import imagefiles
from .i18n import N_
from .imagefiles import (MAX_SCAN_BLOCKS, MAX_SCANS, MAX_SEGMENTS,  # noqa: F401 (limits)
                         PNG_MAGIC, JpegLayout)

# The form says "at most 512 KB" and the app reads at most this much of an upload.
MAX_BYTES = 512 * 1024
MAX_PIXELS = 4_000_000          # PNG: decoded in full
MAX_JPEG_PIXELS = 40_000_000    # JPEG in one scan: decoded at 1/2, 1/4 or 1/8 scale
MAX_MULTISCAN_PIXELS = 12_000_000   # JPEG in several scans: all coefficients in memory
MAX_SIDE = 8000
OUTPUT_BOX = (1200, 400)        # a signature needs no more
CACHE_SIZE = 16                 # re-encoded pictures kept (encode_png), a few KB each
_CACHE: OrderedDict[bytes, str] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_DATA_URI = re.compile(r"data:image/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)")


class SignatureError(ValueError):
    """The image cannot be used; `msgid` says why (translatable)."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid % params if params else msgid)
        self.msgid, self.params = msgid, params


def _unreadable() -> SignatureError:
    return SignatureError(N_("This is not a readable PNG or JPEG image."))


def _too_many_pixels(limit: int) -> SignatureError:
    return SignatureError(N_("The signature image has too many pixels (at most %(max)s)."),
                          max=f"{limit:,}")


def _too_large() -> SignatureError:
    return SignatureError(N_("The signature image is too large (at most %(max)s KB)."),
                          max=MAX_BYTES // 1024)


def jpeg_layout(raw: bytes) -> JpegLayout:
    """The JPEG's structure (objection.imagefiles), refused as unreadable where it asks
    for too much work."""
    try:
        return imagefiles.jpeg_layout(raw)
    except imagefiles.Malformed:
        raise _unreadable() from None


def clean_signature(data_uri: str) -> str:
    """Validate a data: URI with a PNG or JPEG and return it re-encoded as PNG."""
    match = _DATA_URI.fullmatch(data_uri.strip())
    if not match:
        raise SignatureError(N_("Expected a PNG or JPEG image as a data: URI."))
    if len(match.group(2)) > MAX_BYTES * 4 // 3 + 4:
        raise _too_large()
    try:
        raw = base64.b64decode("".join(match.group(2).split()), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(N_("Expected a PNG or JPEG image as a data: URI.")) from None
    return encode_png(raw)


def check_image(raw: bytes) -> JpegLayout | None:
    """Everything that is refused before decoding: bytes, format, structure, pixels and
    the work a JPEG's scans ask for. Returns the JPEG's layout (None for a PNG)."""
    if len(raw) > MAX_BYTES:
        raise _too_large()
    if raw.startswith(PNG_MAGIC):
        try:
            imagefiles.png_chunks(raw)
        except imagefiles.Malformed:
            raise _unreadable() from None
        return None
    layout = jpeg_layout(raw)
    pixels = layout.width * layout.height
    if max(layout.width, layout.height) > MAX_SIDE or pixels > MAX_JPEG_PIXELS:
        raise _too_many_pixels(MAX_JPEG_PIXELS)
    if layout.scans > 1 and pixels > MAX_MULTISCAN_PIXELS:
        raise _too_many_pixels(MAX_MULTISCAN_PIXELS)
    return layout


def encode_png(raw: bytes) -> str:
    """Decode PNG or JPEG bytes safely and return a fresh PNG as a data: URI. The same
    bytes again are answered from a small cache: the result page sends the drawn
    signature with every download (letter, advance copy, case), the API client with
    every letter. Keyed by the bytes' SHA-256, bounded to `CACHE_SIZE` pictures, in
    memory only (gone with the worker); what is refused is not kept."""
    key = hashlib.sha256(raw).digest()
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    encoded = _encode_png(raw)
    with _CACHE_LOCK:
        _CACHE[key] = encoded
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return encoded


def _encode_png(raw: bytes) -> str:
    layout = check_image(raw)
    image: Image.Image      # opened from a file, then converted
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns before it refuses: refuse at once.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw), formats=("PNG", "JPEG")) as image:
                width, height = image.size           # read from the header only
                if layout is None:
                    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                        raise _too_many_pixels(MAX_PIXELS)
                elif (width, height) != (layout.width, layout.height):
                    raise _unreadable()
                # WeasyPrint sets Pillow's global LOAD_TRUNCATED_IMAGES; verify() still
                # reads every PNG chunk and its checksum (a JPEG was walked to its EOI).
                image.verify()
            with Image.open(io.BytesIO(raw), formats=("PNG", "JPEG")) as image:
                if layout is not None:
                    image.draft(None, _draft_size(image))
                image.load()
                image = ImageOps.exif_transpose(image).convert("RGBA")
    except SignatureError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(MAX_PIXELS) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _unreadable() from None
    image.thumbnail(OUTPUT_BOX)
    out = io.BytesIO()
    # Pillow's default compression, not optimize=True: that pass costs a drawn 600 x 180
    # signature 14.5 ms instead of 4, for a file 15 % smaller that WeasyPrint decodes and
    # compresses anew anyway (the PDF's pages are the same to the pixel).
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _draft_size(image: Image.Image) -> tuple[int, int]:
    """The size the image will have in the output box (in its stored orientation), for
    Pillow's `draft` to pick the largest JPEG scale-down that still covers it."""
    box_w, box_h = OUTPUT_BOX
    if image.getexif().get(0x0112) in (5, 6, 7, 8):      # stored turned by 90 degrees
        box_w, box_h = box_h, box_w
    width, height = image.size
    factor = max(width / box_w, height / box_h, 1)
    return max(1, int(width / factor)), max(1, int(height / factor))


# A picture kept between the pages travels in the draft's cookies (web.draft): a drawn
# signature needs 2-4 KB there; a photo must be cropped to the signature to fit.
KEPT_BOX = (900, 300)
MAX_KEPT = 16 * 1024            # characters of the data: URI
PAPER = 170                     # grey levels lighter than this are paper


def compact(data_uri: str) -> str:
    """A re-encoded signature (encode_png, clean_signature) made small enough to keep:
    at most KEPT_BOX, in 16 shades (a signature is ink on paper), as a data: URI of at
    most MAX_KEPT characters; SignatureError where a picture stays larger."""
    raw = base64.b64decode(data_uri.split(",", 1)[1])
    image: Image.Image      # opened from a file, then converted
    with Image.open(io.BytesIO(raw)) as image:
        image = image.convert("RGBA")
    image.thumbnail(KEPT_BOX)
    # On white, as it will be printed: transparency becomes paper.
    paper = Image.new("RGBA", image.size, "white")
    paper.alpha_composite(image)
    # Paper is light and ink dark: the light tones (a photo's grey, uneven paper and its
    # noise) become white, which leaves the strokes and compresses to a few KB.
    grey = ImageOps.autocontrast(paper.convert("L"), cutoff=1)
    small = grey.point(lambda v: 255 if v > PAPER else v).quantize(16, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    kept = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    if len(kept) > MAX_KEPT:
        raise SignatureError(N_("This picture has too much detail to be kept between the "
                                "pages. Crop it to the signature on a white background, or "
                                "draw the signature."))
    return kept
