"""The structure of PNG and JPEG files, read without decoding a pixel: what a decode
will cost is known, and refused, before it starts.

libjpeg decodes every scan of a JPEG over every block of the components it names,
whatever the scan holds, so a 512 KB file of 36,000 near-empty scans costs many seconds;
Pillow reads the segments before the first scan, and every PNG chunk, in Python. Both
the signature pictures (objection.signature) and the notice reader's photos
(objection.reader.ocr) are checked here first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
MAX_SCANS = 100                 # a normal progressive JPEG has about 10, a camera's 1
MAX_SCAN_BLOCKS = 4_000_000     # 8x8 blocks entropy-decoded, summed over all scans
MAX_SEGMENTS = 1000             # JPEG markers or PNG chunks; a photo has about 15
MAX_STRAY_BYTES = 1024          # fill or stray bytes between JPEG segments, in all
# The next marker: 0xFF and a code that is neither a stuffed zero nor a fill byte 0xFF
# (fill bytes before it are passed over). Two bytes, no repetition: a quantifier such as
# \xff+ would take quadratic time over a long run of 0xFF bytes.
_MARKER = re.compile(rb"\xff([^\x00\xff])")
# Inside a scan's entropy-coded data restart markers RST0-7 belong to the scan.
_SCAN_END = re.compile(rb"\xff([^\x00\xd0-\xd7\xff])")
_SOF_ALLOWED = {0xC0, 0xC1, 0xC2}       # Huffman baseline, extended, progressive
_SOF_OTHER = {0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}      # TEM, RSTn: no length


class Malformed(ValueError):
    """Incomplete, or coded in a way that is not supported."""


class TooMuchWork(Malformed):
    """Well formed, perhaps, but asking the decoder for more work than any picture
    needs: too many scans, blocks, segments or chunks."""


@dataclass(frozen=True)
class JpegLayout:
    width: int
    height: int
    scans: int
    blocks: int          # 8x8 blocks in the image, all components
    scan_blocks: int     # blocks entropy-decoded, summed over all scans


def jpeg_layout(raw: bytes, max_scans: int = MAX_SCANS,
                max_scan_blocks: int = MAX_SCAN_BLOCKS) -> JpegLayout:
    """Walk a JPEG's markers as libjpeg will, without decoding: frame size, scans and the
    blocks each scan makes the decoder visit. Raises Malformed if it is incomplete or not
    Huffman-coded baseline/extended/progressive, TooMuchWork if it asks for too much."""
    if not raw.startswith(JPEG_MAGIC):
        raise Malformed()
    frame = None                      # (width, height, components {id: (h, v)}, hmax, vmax)
    scans = scan_blocks = 0
    pos, segments, stray = 2, 0, 0
    while True:
        found = _MARKER.search(raw, pos)  # libjpeg, too, skips stray bytes before a marker
        if not found:
            raise Malformed()           # no EOI: truncated
        # ...but Pillow reads the header before the first scan byte by byte in Python:
        # 500 KB of fill bytes there cost it 0.6 s.
        stray += found.start() - pos
        code, pos = found.group(1)[0], found.end()
        segments += 1
        if segments > MAX_SEGMENTS or stray > MAX_STRAY_BYTES:
            raise TooMuchWork()
        if code == 0xD9:                  # EOI
            break
        if code in _STANDALONE:
            continue
        if code == 0xD8 or pos + 2 > len(raw):
            raise Malformed()
        length = int.from_bytes(raw[pos:pos + 2], "big")
        body, end = raw[pos + 2:pos + length], pos + length
        if length < 2 or end > len(raw):
            raise Malformed()
        pos = end
        if code in _SOF_OTHER or (code in _SOF_ALLOWED and frame is not None):
            raise Malformed()           # arithmetic, lossless, hierarchical; a second frame
        if code in _SOF_ALLOWED:
            frame = _frame(body)
        elif code == 0xDA:
            if frame is None:
                raise Malformed()
            scans += 1
            scan_blocks += _scan_blocks(body, frame)
            if scans > max_scans or scan_blocks > max_scan_blocks:
                raise TooMuchWork()
            found = _SCAN_END.search(raw, pos)    # skip the entropy-coded data
            if not found:
                raise Malformed()
            pos = found.start()
        elif code == 0xDC:                # DNL: a height given only after the first scan
            raise Malformed()
    if frame is None or scans == 0:
        raise Malformed()
    width, height, components, hmax, vmax = frame
    blocks = sum(_ceil(_ceil(width * h, hmax), 8) * _ceil(_ceil(height * v, vmax), 8)
                 for h, v in components.values())
    return JpegLayout(width, height, scans, blocks, scan_blocks)


def png_chunks(raw: bytes) -> int:
    """Count a PNG's chunks up to IEND without reading them: Pillow handles each chunk in
    Python, twice (verify and load), so 40,000 empty chunks in 512 KB cost 0.35 s."""
    pos, chunks = len(PNG_MAGIC), 0
    while pos + 8 <= len(raw):
        chunks += 1
        if chunks > MAX_SEGMENTS:
            raise TooMuchWork()
        length, kind = int.from_bytes(raw[pos:pos + 4], "big"), raw[pos + 4:pos + 8]
        pos += 12 + length
        if kind == b"IEND":
            return chunks
    raise Malformed()                   # no IEND: truncated


def _ceil(a: int, b: int) -> int:
    return -(-a // b)


def _frame(body: bytes):
    if len(body) < 6:
        raise Malformed()
    precision, height, width, count = body[0], int.from_bytes(body[1:3], "big"), \
        int.from_bytes(body[3:5], "big"), body[5]
    if precision != 8 or not width or not height or count not in (1, 3, 4) \
            or len(body) != 6 + 3 * count:
        raise Malformed()
    components = {}
    for i in range(count):
        ident, sampling = body[6 + 3 * i], body[7 + 3 * i]
        h, v = sampling >> 4, sampling & 15
        if not (1 <= h <= 4 and 1 <= v <= 4) or ident in components:
            raise Malformed()
        components[ident] = (h, v)
    hmax = max(h for h, _ in components.values())
    vmax = max(v for _, v in components.values())
    return width, height, components, hmax, vmax


def _scan_blocks(body: bytes, frame) -> int:
    """Blocks the decoder visits in this scan (libjpeg's MCU arithmetic, jdinput.c)."""
    width, height, components, hmax, vmax = frame
    if not body or len(body) != 4 + 2 * body[0] or not 1 <= body[0] <= 4:
        raise Malformed()
    ids = [body[1 + 2 * i] for i in range(body[0])]
    if any(i not in components for i in ids):
        raise Malformed()
    if len(ids) == 1:
        h, v = components[ids[0]]
        return _ceil(width * h, hmax * 8) * _ceil(height * v, vmax * 8)
    mcus = _ceil(width, hmax * 8) * _ceil(height, vmax * 8)
    return mcus * sum(components[i][0] * components[i][1] for i in ids)
