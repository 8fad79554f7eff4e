"""Signature images: PNG or JPEG only, limited in bytes and pixels, re-encoded.

An uploaded or drawn image never reaches the PDF as it came: it is decoded by Pillow
(after a look at the header, so a decompression bomb is refused before any pixel is
allocated), scaled down and written again as a plain PNG.
"""
from __future__ import annotations

import base64
import binascii
import io
import re
import warnings

from PIL import Image, UnidentifiedImageError

from .i18n import N_

MAX_BYTES = 512 * 1024
MAX_PIXELS = 4_000_000          # refuse anything larger before decoding it
MAX_SIDE = 8000
OUTPUT_BOX = (1200, 400)        # a signature needs no more
_DATA_URI = re.compile(r"data:image/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)")


class SignatureError(ValueError):
    """The image cannot be used; `msgid` says why (translatable)."""

    def __init__(self, msgid: str, **params):
        super().__init__(msgid % params if params else msgid)
        self.msgid, self.params = msgid, params


def clean_signature(data_uri: str) -> str:
    """Validate a data: URI with a PNG or JPEG and return it re-encoded as PNG."""
    match = _DATA_URI.fullmatch(data_uri.strip())
    if not match:
        raise SignatureError(N_("Expected a PNG or JPEG image as a data: URI."))
    if len(match.group(2)) > MAX_BYTES * 4 // 3 + 4:
        raise SignatureError(N_("The signature image is too large (at most %(max)s KB)."),
                             max=MAX_BYTES // 1024)
    try:
        raw = base64.b64decode("".join(match.group(2).split()), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(N_("Expected a PNG or JPEG image as a data: URI.")) from None
    return encode_png(raw)


def encode_png(raw: bytes) -> str:
    """Decode PNG or JPEG bytes safely and return a fresh PNG as a data: URI."""
    if len(raw) > MAX_BYTES:
        raise SignatureError(N_("The signature image is too large (at most %(max)s KB)."),
                             max=MAX_BYTES // 1024)
    too_many = SignatureError(N_("The signature image has too many pixels (at most "
                                 "%(max)s)."), max=f"{MAX_PIXELS:,}")
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns before it refuses: refuse at once.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw), formats=("PNG", "JPEG")) as image:
                width, height = image.size           # read from the header only
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise too_many
                # WeasyPrint sets Pillow's global LOAD_TRUNCATED_IMAGES; verify() still
                # reads every PNG chunk and its checksum.
                image.verify()
            with Image.open(io.BytesIO(raw), formats=("PNG", "JPEG")) as image:
                image.load()
                image = image.convert("RGBA")
    except SignatureError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise SignatureError(N_("This is not a readable PNG or JPEG image.")) from None
    image.thumbnail(OUTPUT_BOX)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
