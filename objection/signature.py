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
- A JPEG's structure is read first (`jpeg_layout`): it must be complete (up to EOI),
  Huffman-coded baseline, extended or progressive. libjpeg decodes every scan over every
  block of the components it names, whatever the scan holds, so a 512 KB file of 36,000
  near-empty scans costs many seconds. Refused: more than `MAX_SEGMENTS` segments or
  `MAX_STRAY_BYTES` bytes between them, more than `MAX_SCANS` scans (a normal
  progressive JPEG has about 10, a camera's has 1), more than `MAX_SCAN_BLOCKS` blocks
  decoded over all scans, and a JPEG in several scans (which libjpeg holds whole in
  memory as coefficients, 128 bytes a block) of more than `MAX_MULTISCAN_PIXELS`.
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
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from .i18n import N_

# The form says "at most 512 KB" and the app reads at most this much of an upload.
MAX_BYTES = 512 * 1024
MAX_PIXELS = 4_000_000          # PNG: decoded in full
MAX_JPEG_PIXELS = 40_000_000    # JPEG in one scan: decoded at 1/2, 1/4 or 1/8 scale
MAX_MULTISCAN_PIXELS = 12_000_000   # JPEG in several scans: all coefficients in memory
MAX_SIDE = 8000
MAX_SCANS = 100
MAX_SCAN_BLOCKS = 4_000_000     # 8x8 blocks entropy-decoded, summed over all scans
MAX_SEGMENTS = 1000             # JPEG markers or PNG chunks; a photo has about 15
MAX_STRAY_BYTES = 1024          # fill or stray bytes between JPEG segments, in all
OUTPUT_BOX = (1200, 400)        # a signature needs no more
CACHE_SIZE = 16                 # re-encoded pictures kept (encode_png), a few KB each
_CACHE: OrderedDict[bytes, str] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_DATA_URI = re.compile(r"data:image/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
# The next marker: 0xFF and a code that is neither a stuffed zero nor a fill byte 0xFF
# (fill bytes before it are passed over). Two bytes, no repetition: a quantifier such as
# \xff+ would take quadratic time over a long run of 0xFF bytes.
_MARKER = re.compile(rb"\xff([^\x00\xff])")
# Inside a scan's entropy-coded data restart markers RST0-7 belong to the scan.
_SCAN_END = re.compile(rb"\xff([^\x00\xd0-\xd7\xff])")
_SOF_ALLOWED = {0xC0, 0xC1, 0xC2}       # Huffman baseline, extended, progressive
_SOF_OTHER = {0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}      # TEM, RSTn: no length


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


@dataclass(frozen=True)
class JpegLayout:
    width: int
    height: int
    scans: int
    blocks: int          # 8x8 blocks in the image, all components
    scan_blocks: int     # blocks entropy-decoded, summed over all scans


def jpeg_layout(raw: bytes) -> JpegLayout:
    """Walk a JPEG's markers as libjpeg will, without decoding: frame size, scans and the
    blocks each scan makes the decoder visit. Raises SignatureError if it is incomplete,
    not Huffman-coded baseline/extended/progressive, or asks for too much work."""
    if not raw.startswith(_JPEG_MAGIC):
        raise _unreadable()
    frame = None                      # (width, height, components {id: (h, v)}, hmax, vmax)
    scans = scan_blocks = 0
    pos, segments, stray = 2, 0, 0
    while True:
        found = _MARKER.search(raw, pos)  # libjpeg, too, skips stray bytes before a marker
        if not found:
            raise _unreadable()           # no EOI: truncated
        # ...but Pillow reads the header before the first scan byte by byte in Python:
        # 500 KB of fill bytes there cost it 0.6 s.
        stray += found.start() - pos
        code, pos = found.group(1)[0], found.end()
        segments += 1
        if segments > MAX_SEGMENTS or stray > MAX_STRAY_BYTES:
            raise _unreadable()
        if code == 0xD9:                  # EOI
            break
        if code in _STANDALONE:
            continue
        if code == 0xD8 or pos + 2 > len(raw):
            raise _unreadable()
        length = int.from_bytes(raw[pos:pos + 2], "big")
        body, end = raw[pos + 2:pos + length], pos + length
        if length < 2 or end > len(raw):
            raise _unreadable()
        pos = end
        if code in _SOF_OTHER or (code in _SOF_ALLOWED and frame is not None):
            raise _unreadable()           # arithmetic, lossless, hierarchical; a second frame
        if code in _SOF_ALLOWED:
            frame = _frame(body)
        elif code == 0xDA:
            if frame is None:
                raise _unreadable()
            scans += 1
            scan_blocks += _scan_blocks(body, frame)
            if scans > MAX_SCANS or scan_blocks > MAX_SCAN_BLOCKS:
                raise _unreadable()
            found = _SCAN_END.search(raw, pos)    # skip the entropy-coded data
            if not found:
                raise _unreadable()
            pos = found.start()
        elif code == 0xDC:                # DNL: a height given only after the first scan
            raise _unreadable()
    if frame is None or scans == 0:
        raise _unreadable()
    width, height, components, hmax, vmax = frame
    blocks = sum(_ceil(_ceil(width * h, hmax), 8) * _ceil(_ceil(height * v, vmax), 8)
                 for h, v in components.values())
    return JpegLayout(width, height, scans, blocks, scan_blocks)


def _png_chunks(raw: bytes) -> int:
    """Count a PNG's chunks up to IEND without reading them: Pillow handles each chunk in
    Python, twice (verify and load), so 40,000 empty chunks in 512 KB cost 0.35 s."""
    pos, chunks = len(_PNG_MAGIC), 0
    while pos + 8 <= len(raw):
        chunks += 1
        if chunks > MAX_SEGMENTS:
            raise _unreadable()
        length, kind = int.from_bytes(raw[pos:pos + 4], "big"), raw[pos + 4:pos + 8]
        pos += 12 + length
        if kind == b"IEND":
            return chunks
    raise _unreadable()                   # no IEND: truncated


def _ceil(a: int, b: int) -> int:
    return -(-a // b)


def _frame(body: bytes):
    if len(body) < 6:
        raise _unreadable()
    precision, height, width, count = body[0], int.from_bytes(body[1:3], "big"), \
        int.from_bytes(body[3:5], "big"), body[5]
    if precision != 8 or not width or not height or count not in (1, 3, 4) \
            or len(body) != 6 + 3 * count:
        raise _unreadable()
    components = {}
    for i in range(count):
        ident, sampling = body[6 + 3 * i], body[7 + 3 * i]
        h, v = sampling >> 4, sampling & 15
        if not (1 <= h <= 4 and 1 <= v <= 4) or ident in components:
            raise _unreadable()
        components[ident] = (h, v)
    hmax = max(h for h, _ in components.values())
    vmax = max(v for _, v in components.values())
    return width, height, components, hmax, vmax


def _scan_blocks(body: bytes, frame) -> int:
    """Blocks the decoder visits in this scan (libjpeg's MCU arithmetic, jdinput.c)."""
    width, height, components, hmax, vmax = frame
    if not body or len(body) != 4 + 2 * body[0] or not 1 <= body[0] <= 4:
        raise _unreadable()
    ids = [body[1 + 2 * i] for i in range(body[0])]
    if any(i not in components for i in ids):
        raise _unreadable()
    if len(ids) == 1:
        h, v = components[ids[0]]
        return _ceil(width * h, hmax * 8) * _ceil(height * v, vmax * 8)
    mcus = _ceil(width, hmax * 8) * _ceil(height, vmax * 8)
    return mcus * sum(components[i][0] * components[i][1] for i in ids)


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
    if raw.startswith(_PNG_MAGIC):
        _png_chunks(raw)
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
