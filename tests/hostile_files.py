"""Hostile notices for the reader, made here (nothing is downloaded): each a single file of
at most a few MB that once cost the app seconds of CPU or gigabytes of memory.

    HOSTILE["name"](scale) -> (filename, bytes)

`scale` 1.0 gives the size measured in the outside attack (issue 21's table); the tests
use smaller ones where the refusal does not depend on size. bench/reader_attack.py sends
every one of them to the app as deployed and prints what it answered, how fast, and the
workers' memory.
"""
from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable

from PIL import Image, ImageDraw


# --- E-mail -------------------------------------------------------------------------------

def eml_encoded_subject(scale: float = 1.0) -> tuple[str, bytes]:
    """A Subject of 18,750 RFC 2047 encoded words (300 KB): the e-mail parser builds
    objects for every word and folds them, 2.8 GB of memory."""
    words = int(18_750 * scale)
    subject = " ".join(["=?utf-8?b?w6Q=?="] * words)
    return "subject.eml", (f"From: a@example.org\r\nTo: b@example.org\r\n"
                           f"Subject: {subject}\r\n\r\nHallo\r\n").encode()


def eml_many_parts(scale: float = 1.0) -> tuple[str, bytes]:
    """100,000 MIME parts of one character each."""
    parts = int(100_000 * scale)
    body = "--b\r\n\r\nx\r\n" * parts
    return "parts.eml", ("From: a@example.org\r\nSubject: Preis\r\nMIME-Version: 1.0\r\n"
                         "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
                         + body + "--b--\r\n").encode()


def eml_many_recipients(scale: float = 1.0) -> tuple[str, bytes]:
    """200,000 addresses in To:."""
    count = int(200_000 * scale)
    to = ",".join(["a@b.de"] * count)
    return "recipients.eml", (f"From: a@example.org\r\nTo: {to}\r\nSubject: Preis\r\n\r\n"
                              "Hallo\r\n").encode()


# --- Images -------------------------------------------------------------------------------

_SCAN_END = re.compile(rb"\xff([^\x00\xd0-\xd7\xff])")


def scans(raw: bytes) -> list[tuple[int, int]]:
    """(start, end) of every SOS segment of a JPEG with its entropy-coded data."""
    found, pos = [], 0
    while (start := raw.find(b"\xff\xda", pos)) >= 0:
        header_end = start + 2 + int.from_bytes(raw[start + 2:start + 4], "big")
        end = _SCAN_END.search(raw, header_end).start()
        found.append((start, end))
        pos = end
    return found


def jpeg_many_scans(scale: float = 1.0) -> tuple[str, bytes]:
    """A 514 KB progressive JPEG whose AC refinement scan is repeated until the file is
    full: libjpeg decodes every scan over every block (the 52 KB one: 6.1 s of CPU)."""
    out = io.BytesIO()
    Image.new("L", (2000, 2000), "white").save(out, "JPEG", progressive=True, quality=90)
    raw = out.getvalue()
    start, end = scans(raw)[3]
    piece, last = raw[start:end], scans(raw)[-1][1]
    count = max(1, (int(514_000 * scale) - len(raw)) // len(piece))
    return "notice.jpg", raw[:last] + piece * count + raw[last:]


def png_tall(scale: float = 1.0) -> tuple[str, bytes]:
    """A 620 x 20,000 PNG (35 KB), a line of text at its top: narrow, so the reader once
    scaled it up four times, to 198 megapixels."""
    image = Image.new("L", (620, int(20_000 * scale)), 255)
    ImageDraw.Draw(image).text((10, 10), "Preisanpassung zum 01.01.2027", fill=0)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return "notice.png", out.getvalue()


# --- PDF ----------------------------------------------------------------------------------

def pdf(pages: list[tuple[bytes, bytes]], images: dict[bytes, bytes] | None = None) -> bytes:
    """A minimal PDF: each page (its content stream, its /Resources), images by name."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        packed = zlib.compress(data, 9)
        return (b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), extra)
                + packed + b"\nendstream")

    catalog = add(b"")
    tree = add(b"")
    image_refs = {name: add(body) for name, body in (images or {}).items()}
    kids = []
    for content, resources in pages:
        contents = add(stream(content))
        for name, ref in image_refs.items():
            resources = resources.replace(b"@" + name, b"%d 0 R" % ref)
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                        b"/Contents %d 0 R /Resources %s >>" % (tree, contents, resources)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def pdf_empty_operators(scale: float = 1.0) -> tuple[str, bytes]:
    """Ten pages (125 KB in all) of save/restore operators and nothing else: each page's
    stream inflates to 12 MB, which the text extractor walks operator by operator."""
    content = b"q Q " * int(3_000_000 * scale)
    return "notice.pdf", pdf([(content, b"<< >>")] * 10)


def pdf_huge_image(scale: float = 1.0) -> tuple[str, bytes]:
    """One page showing one 30,000 x 30,000 image (1 bit per pixel, all white, 110 KB):
    with no text layer the page is rendered for recognition, at the image's own size."""
    side = int(30_000 * scale)
    pixels = bytes((side + 7) // 8) * side
    packed = zlib.compress(pixels, 9)
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
             b"/DeviceGray /BitsPerComponent 1 /Length %d /Filter /FlateDecode >>\n"
             b"stream\n" % (side, side, len(packed)) + packed + b"\nendstream")
    return "notice.pdf", pdf([(b"q 595 0 0 842 0 0 cm /Im0 Do Q",
                                b"<< /XObject << /Im0 @Im0 >> >>")], {b"Im0": image})


HOSTILE: dict[str, Callable[[float], tuple[str, bytes]]] = {
    "eml_encoded_subject": eml_encoded_subject,
    "eml_many_parts": eml_many_parts,
    "eml_many_recipients": eml_many_recipients,
    "jpeg_many_scans": jpeg_many_scans,
    "png_tall": png_tall,
    "pdf_empty_operators": pdf_empty_operators,
    "pdf_huge_image": pdf_huge_image,
}

