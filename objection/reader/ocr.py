"""Photos and scans to text: Pillow cleans the image up, Tesseract reads it.

The clean-up a phone photo needs before Tesseract can read it:

1. the EXIF orientation applied, colour dropped;
2. uneven light flattened: the paper's brightness is estimated with a max filter (text
   strokes are darker than the paper around them) and a blur on a small copy, and each
   pixel is taken relative to it, so a shadow or a lamp's gradient disappears and the
   table around the page turns white;
3. the tilt straightened: the angle whose rows of pixels are most uneven (text lines and
   the gaps between them) is the one that makes the lines horizontal;
4. scaled so that the page is about 300 dpi wide.

Images are checked from their header before a single pixel is decoded. Tesseract runs
as a subprocess with a timeout and reads the image from standard input and writes text
to standard output: nothing touches the disk. A PDF without a text layer is rendered
page by page with poppler's pdftocairo, also through pipes.
"""
from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import time
import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Iterator

from PIL import Image, ImageChops, ImageFilter, ImageOps, UnidentifiedImageError

from .. import imagefiles
from ..i18n import N_
from .errors import ReaderError

MAX_PIXELS = 40_000_000          # refused before decoding
MAX_SIDE = 20_000
# A JPEG's scans, and the 8x8 blocks libjpeg decodes over all of them (objection.imagefiles):
# a 40-megapixel progressive photo in ten scans needs about 9.4 million.
MAX_SCANS = imagefiles.MAX_SCANS
MAX_SCAN_BLOCKS = 12_000_000
# Pixels of the image that is cleaned up and recognised, after scaling: two A4 pages at
# 300 dpi. A narrow, tall image is scaled up less; one still larger is refused.
MAX_WORK_PIXELS = 2 * 2480 * 3508
OCR_TIMEOUT = 20                 # seconds per Tesseract run
RENDER_TIMEOUT = 20              # seconds per page for pdftocairo
# Seconds of rendering and recognition for one notice, all pages together, when it is
# read in the caller's process (bench/reader.py); the sandbox gives its own, shorter.
TOTAL_TIMEOUT = 24
TARGET_WIDTH = 2480              # an A4 page at 300 dpi
MAX_WIDTH = 3000
RENDER_BOX = 3300                # a rendered PDF page fits in this box (A4: ~280 dpi)
LANGUAGES = "deu+eng"
INK_THRESHOLD = 110              # after the contrast stretch: darker than paper by this
BLUR = 1.0                       # px: against sensor noise and JPEG blocks
PSM = 3                          # Tesseract page segmentation: automatic


def _too_many_pixels(limit: int) -> ReaderError:
    return ReaderError("image_too_large", N_("The image has too many pixels (at most "
                                             "%(max)s megapixels)."),
                       max=limit // 1_000_000)


def _unreadable() -> ReaderError:
    return ReaderError("image_unreadable", N_("This is not a readable PNG or JPEG image."))


def check_image(data: bytes) -> None:
    """What the decoder would have to do, from the file's structure: a JPEG's scans and
    blocks, a PNG's chunks. Nothing is decoded."""
    try:
        if data.startswith(imagefiles.PNG_MAGIC):
            imagefiles.png_chunks(data)
        elif data.startswith(imagefiles.JPEG_MAGIC):
            imagefiles.jpeg_layout(data, MAX_SCANS, MAX_SCAN_BLOCKS)
        else:
            raise imagefiles.Malformed()
    except imagefiles.TooMuchWork:
        raise ReaderError("image_too_complex", N_(
            "This image is stored in a way that would take far too long to decode (too many "
            "scans or parts). Please save it again as an ordinary JPEG or PNG, take a "
            "screenshot of it, or paste the text.")) from None
    except imagefiles.Malformed:
        raise _unreadable() from None


def open_image(data: bytes) -> Image.Image:
    """Decode a PNG or JPEG after checking its structure and its size from the header."""
    too_many = _too_many_pixels(MAX_PIXELS)
    check_image(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=("PNG", "JPEG"))
            width, height = image.size            # from the header, nothing decoded yet
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                image.close()
                raise too_many
            image.load()
    except ReaderError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _unreadable() from None
    return image


def prepare(image: Image.Image) -> Image.Image:
    """Grey, evenly lit, straight and about 300 dpi: what Tesseract reads best."""
    image = ImageOps.exif_transpose(image)
    gray = image.convert("L")
    gray = _scale(gray)
    gray = _flatten(gray)
    angle = _skew_angle(gray)
    if abs(angle) >= 0.2 and _turned_pixels(gray.size, angle) <= MAX_WORK_PIXELS * 1.25:
        gray = gray.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    return gray


def _turned_pixels(size: tuple[int, int], angle: float) -> float:
    """Pixels of the image turned by `angle` degrees with its corners kept: a tall image
    turned by a few degrees grows wide (a page, by at most a sixth)."""
    width, height = size
    sin, cos = abs(math.sin(math.radians(angle))), abs(math.cos(math.radians(angle)))
    return (width * cos + height * sin) * (width * sin + height * cos)


def scale_factor(width: int, height: int) -> float:
    """About 300 dpi for a page's width, at most four times up, and never more than
    MAX_WORK_PIXELS after scaling: an image that is still larger at the narrowest width
    recognition needs is refused before it is scaled."""
    if width < TARGET_WIDTH:
        factor = min(TARGET_WIDTH / width, 4.0)
    elif width > MAX_WIDTH:
        factor = MAX_WIDTH / width
    else:
        factor = 1.0
    room = (MAX_WORK_PIXELS / (width * height)) ** 0.5
    if factor > room:
        if room < min(1.0, MAX_WIDTH / width):
            raise ReaderError("image_too_long", N_(
                "The image is too large to read at once: photograph one page at a time, "
                "or paste the text."))
        factor = room
    return factor


def _scale(gray: Image.Image) -> Image.Image:
    width, height = gray.size
    factor = scale_factor(width, height)
    if factor == 1.0:
        return gray
    return gray.resize((round(width * factor), round(height * factor)), Image.LANCZOS)


def _flatten(gray: Image.Image) -> Image.Image:
    """Take out the paper's uneven brightness (a shadow, a lamp), blank what lies
    around the page and make the ink black on white."""
    width, height = gray.size
    step = 8
    small = gray.resize((max(1, width // step), max(1, height // step)), Image.BOX)
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(6))
    outside = _outside_page(paper)
    paper = paper.resize((width, height), Image.BILINEAR)
    smooth = gray.filter(ImageFilter.GaussianBlur(BLUR)) if BLUR else gray
    # darkness relative to the paper around it: 0 on paper, large on ink
    ink = ImageChops.subtract(paper, smooth)
    ink = ImageOps.autocontrast(ink, cutoff=(0, 0.3))
    ink = ink.point(lambda v: 0 if v > INK_THRESHOLD else 255)     # black ink on white
    if outside is not None:
        ink.paste(255, mask=outside.resize((width, height), Image.NEAREST))
    return ink


def _outside_page(paper: Image.Image) -> Image.Image | None:
    """A mask (255) of what lies around a photographed page: the table or the floor is
    darker than paper. None when the image is all page (a scan)."""
    histogram = paper.histogram()
    total = sum(histogram)
    # Otsu's split, but never above 55 % of the bright paper: a shadow on the page can be
    # darker than the lit paper by a third, a table or floor is darker by half or more
    bright, seen = 255, 0
    for level in range(255, -1, -1):
        seen += histogram[level]
        if seen >= total * 0.05:
            bright = level
            break
    threshold = min(_otsu(histogram, total), int(bright * 0.55))
    dark = sum(histogram[:threshold])
    if dark < 0.03 * total:
        return None
    mean_dark = sum(i * n for i, n in enumerate(histogram[:threshold])) / dark
    mean_light = sum(i * n for i, n in enumerate(histogram[threshold:], threshold)) / (
        total - dark)
    if mean_light - mean_dark < 40:
        return None
    mask = paper.point(lambda v: 255 if v < threshold else 0)
    return mask.filter(ImageFilter.MaxFilter(5))     # and the page's shaded edge


def _otsu(histogram: list[int], total: int) -> int:
    sum_all = sum(i * n for i, n in enumerate(histogram))
    best, best_t, weight, sum_b = 0.0, 128, 0, 0
    for t, n in enumerate(histogram):
        weight += n
        if weight == 0 or weight == total:
            continue
        sum_b += t * n
        mean_b = sum_b / weight
        mean_f = (sum_all - sum_b) / (total - weight)
        between = weight * (total - weight) * (mean_b - mean_f) ** 2
        if between > best:
            best, best_t = between, t + 1
    return best_t


def _skew_angle(gray: Image.Image) -> float:
    """The rotation (degrees) that makes the text lines horizontal, from -6 to 6."""
    small = gray.copy()
    small.thumbnail((900, 900))
    ink = ImageOps.invert(small)

    def sharpness(angle: float) -> float:
        rotated = ink.rotate(angle, resample=Image.NEAREST, expand=False, fillcolor=0)
        rows = list(rotated.resize((1, rotated.height), Image.BOX).get_flattened_data())
        return sum((a - b) ** 2 for a, b in zip(rows, rows[1:]))

    # Candidates nearest to no rotation first: where several are as sharp (a page with
    # little or no ink), max() keeps the first, and the image is not turned for nothing.
    best = max(sorted((a / 2 for a in range(-12, 13)), key=abs), key=sharpness)
    return max((best + a / 10 for a in sorted(range(-4, 5), key=abs)), key=sharpness)


def available() -> bool:
    return shutil.which("tesseract") is not None


@dataclass
class OcrText:
    """What Tesseract read: the text (lines as on the page, columns apart by four
    spaces) and the words it was unsure of (confidence below UNSURE)."""

    text: str
    unsure: set[str] = field(default_factory=set)


UNSURE = 65

_deadline: ContextVar[float | None] = ContextVar("ocr_deadline", default=None)


@contextmanager
def time_budget(seconds: float = TOTAL_TIMEOUT) -> Iterator[None]:
    """Every run of Tesseract and pdftocairo inside shares `seconds` in all (or less,
    inside a budget that ends sooner)."""
    deadline = time.monotonic() + seconds
    outer = _deadline.get()
    token = _deadline.set(deadline if outer is None else min(outer, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


def time_left() -> float | None:
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def _timeout(limit: float, error: ReaderError) -> float:
    left = time_left()
    if left is None:
        return limit
    if left <= 0.5:
        raise error
    return min(limit, left)


def tesseract(image: Image.Image, psm: int | None = None) -> OcrText:
    """Run Tesseract on a prepared image (PNG through stdin, TSV through stdout)."""
    if not available():
        raise ReaderError("ocr_missing", N_("Text recognition (Tesseract) is not installed "
                                            "on this system, so photos and scans cannot "
                                            "be read."))
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    too_long = ReaderError("ocr_timeout", N_("Reading the text from the image took too long."))
    try:
        out = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", LANGUAGES, "--psm", str(psm or PSM),
             "--dpi", "300", "tsv"],
            input=buf.getvalue(), capture_output=True, timeout=_timeout(OCR_TIMEOUT, too_long),
            env=env)
    except subprocess.TimeoutExpired:
        raise too_long from None
    if out.returncode != 0:
        raise ReaderError("ocr_failed", N_("The text in the image could not be read."))
    return from_tsv(out.stdout.decode("utf-8", errors="replace"))


def from_tsv(tsv: str) -> OcrText:
    """Tesseract's TSV (one row per word with its box and confidence) to text laid out
    as on the page: each line indented by its distance from the left edge and words far
    apart kept apart (another column), the way `pdftotext -layout` writes a page."""
    words: list[tuple[tuple[int, int, int], int, int, str]] = []
    unsure: set[str] = set()
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) != 12 or cols[0] != "5" or not cols[11].strip():
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        left, width, conf, word = int(cols[6]), int(cols[8]), float(cols[10]), cols[11]
        words.append((key, left, width, word))
        if conf < UNSURE:
            unsure.add(word.strip(".,:;()"))
    if not words:
        return OcrText("", unsure)
    widths = sorted(w / max(1, len(t)) for _, _, w, t in words)
    char = max(1.0, widths[len(widths) // 2])            # a typical character's width
    lines: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}
    for key, left, width, word in words:
        lines.setdefault(key, []).append((left, width, word))
    out, last = [], None
    for key in sorted(lines):
        if last is not None and key[:2] != last[:2]:
            out.append("")
        last = key
        text, end = "", None
        for left, width, word in sorted(lines[key]):
            if end is None:
                text = " " * round(left / char) + word
            else:
                gap = (left - end) / char
                text += (" " * max(4, round(gap)) if gap > 2.5 else " ") + word
            end = left + width
        out.append(text)
    return OcrText("\n".join(out), unsure)


def ocr_image(data: bytes) -> OcrText:
    with open_image(data) as image:
        prepared = prepare(image)
    return tesseract(prepared)


def render_pdf_page(data: bytes, page: int) -> Image.Image:
    """One page of a PDF as a grey image (poppler's pdftocairo, through pipes)."""
    if shutil.which("pdftocairo") is None:
        raise ReaderError("render_missing", N_("This PDF has no text layer and the tool to "
                                               "render it (poppler-utils) is not installed."))
    too_long = ReaderError("render_timeout", N_("Rendering the PDF took too long."))
    try:
        out = subprocess.run(
            ["pdftocairo", "-png", "-gray", "-singlefile", "-scale-to", str(RENDER_BOX),
             "-f", str(page), "-l", str(page), "fd://0", "-"],
            input=data, capture_output=True, timeout=_timeout(RENDER_TIMEOUT, too_long))
    except subprocess.TimeoutExpired:
        raise too_long from None
    if out.returncode != 0 or not out.stdout:
        raise ReaderError("pdf_damaged", N_("This PDF is damaged and cannot be read."))
    return open_image(out.stdout)
