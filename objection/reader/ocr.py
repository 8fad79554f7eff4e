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
import re
import shutil
import subprocess
import time
import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from collections.abc import Iterator

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
MAX_SKEW = 12                    # degrees of tilt looked for


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
    return prepare_both(image)[0]


def prepare_both(image: Image.Image) -> tuple[Image.Image, Image.Image]:
    """The page made black on white (what Tesseract reads best), and the same page in
    its greys, cut out and turned alike (what the confirming pass reads)."""
    image = ImageOps.exif_transpose(image)
    original = image.convert("L")
    gray = _scale(original)
    gray = _unwarp(gray, original)
    ink = _flatten(gray)
    angle = _skew_angle(ink)
    if abs(angle) >= 0.2 and _turned_pixels(ink.size, angle) <= MAX_WORK_PIXELS * 1.25:
        ink = ink.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
        gray = gray.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    return ink, gray


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


PAPER_STEP = 8                   # the paper's brightness is estimated at 1/8 scale


def _paper(gray: Image.Image) -> Image.Image:
    """The paper's brightness without the ink, at 1/PAPER_STEP scale: text strokes are
    darker than the paper around them, so a max filter removes them."""
    width, height = gray.size
    small = gray.resize((max(1, width // PAPER_STEP), max(1, height // PAPER_STEP)),
                        Image.BOX)
    return small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(6))


def _unwarp(gray: Image.Image, original: Image.Image) -> Image.Image:
    """A page photographed on a table, turned and seen at a slant (the far edge
    shorter), cut out and mapped onto an upright rectangle about 300 dpi wide. Found in
    `gray` (the photo scaled), taken from `original` (resampled once, not twice: small
    print stays sharp). Left as it is when no whole page can be told from its
    surroundings (a scan, a close-up)."""
    outside = _outside_page(_paper(gray))
    if outside is None:
        return gray
    corners = _page_corners(outside)
    if corners is None:
        return gray
    corners = [(x * PAPER_STEP, y * PAPER_STEP) for x, y in corners]
    (tl, tr, br, bl) = corners
    page_w = max(math.dist(tl, tr), math.dist(bl, br))
    page_h = max(math.dist(tl, bl), math.dist(tr, br))
    width = min(TARGET_WIDTH, round(page_w * 4))
    height = round(width * page_h / page_w)
    if width * height > MAX_WORK_PIXELS:
        factor = (MAX_WORK_PIXELS / (width * height)) ** 0.5
        width, height = int(width * factor), int(height * factor)
    # a margin inside the page: its edge and the shade along it are no text
    inset = 0.015
    target = [(-inset * width, -inset * height), ((1 + inset) * width, -inset * height),
              ((1 + inset) * width, (1 + inset) * height), (-inset * width, (1 + inset) * height)]
    to_original = original.width / gray.width
    coeffs = _perspective(target, [(x * to_original, y * to_original) for x, y in corners])
    return original.transform((width, height), Image.PERSPECTIVE, coeffs, Image.BICUBIC,
                          fillcolor=255)


def _page_corners(outside: Image.Image) -> list[tuple[int, int]] | None:
    """The four corners (top left, top right, bottom right, bottom left) of the page in
    a mask of what lies around it, when they make a plausible page: most of the image,
    sides nearly square to each other, opposite sides of similar length."""
    width, height = outside.size
    best = [None, None, None, None]       # min x+y, max x-y, max x+y, min x-y
    keys = [float("inf"), -float("inf"), -float("inf"), float("inf")]
    for index, value in enumerate(outside.get_flattened_data()):
        if value:
            continue
        y, x = divmod(index, width)
        s, d = x + y, x - y
        if s < keys[0]:
            keys[0], best[0] = s, (x, y)
        if d > keys[1]:
            keys[1], best[1] = d, (x, y)
        if s > keys[2]:
            keys[2], best[2] = s, (x, y)
        if d < keys[3]:
            keys[3], best[3] = d, (x, y)
    if None in best:
        return None
    quad: list[tuple[int, int]] = best           # type: ignore[assignment]
    area = 0.5 * abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(quad, quad[1:] + quad[:1])))
    if area < 0.25 * width * height:
        return None
    sides = [math.dist(a, b) for a, b in zip(quad, quad[1:] + quad[:1])]
    if min(sides[0], sides[2]) < 0.7 * max(sides[0], sides[2]) or \
            min(sides[1], sides[3]) < 0.7 * max(sides[1], sides[3]):
        return None
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        v1, v2 = (a[0] - b[0], a[1] - b[1]), (c[0] - b[0], c[1] - b[1])
        cos = (v1[0] * v2[0] + v1[1] * v2[1]) / max(1e-9, math.hypot(*v1) * math.hypot(*v2))
        if abs(cos) > math.cos(math.radians(70)):          # not within 90 +- 20 degrees
            return None
    return quad


def _perspective(target: list[tuple[float, float]],
                 source: list[tuple[float, float]]) -> list[float]:
    """Image.transform's PERSPECTIVE coefficients that take each target corner (in the
    output) to its source corner (in the input)."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(target, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.extend([u, v])
    m = [row + [b] for row, b in zip(rows, rhs)]
    n = len(rhs)
    for col in range(n):                 # Gaussian elimination with partial pivoting
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[col][col]:
                f = m[r][col] / m[col][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[col])]
    return [m[i][n] / m[i][i] for i in range(n)]


def _flatten(gray: Image.Image) -> Image.Image:
    """Take out the paper's uneven brightness (a shadow, a lamp), blank what lies
    around the page and make the ink black on white."""
    width, height = gray.size
    paper = _paper(gray)
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
    """The rotation (degrees) that makes the text lines horizontal, from -MAX_SKEW to
    MAX_SKEW: a phone held over a page on a table is often turned by up to ten degrees."""
    small = gray.copy()
    small.thumbnail((900, 900))
    ink = ImageOps.invert(small)

    def sharpness(angle: float) -> float:
        rotated = ink.rotate(angle, resample=Image.NEAREST, expand=False, fillcolor=0)
        rows = list(rotated.resize((1, rotated.height), Image.BOX).get_flattened_data())
        return sum((a - b) ** 2 for a, b in zip(rows, rows[1:]))

    # Candidates nearest to no rotation first: where several are as sharp (a page with
    # little or no ink), max() keeps the first, and the image is not turned for nothing.
    steps = MAX_SKEW * 2
    best = max(sorted((a / 2 for a in range(-steps, steps + 1)), key=abs), key=sharpness)
    return max((best + a / 10 for a in sorted(range(-4, 5), key=abs)), key=sharpness)


def available() -> bool:
    return shutil.which("tesseract") is not None


@dataclass
class OcrText:
    """What Tesseract read: the text (lines as on the page, columns apart by four
    spaces), the words it was unsure of (confidence below UNSURE), and the pages with
    their words, for a second reading of what the letter will quote (`confirmed`)."""

    text: str
    unsure: set[str] = field(default_factory=set)
    pages: list[tuple[Image.Image, list[Word]]] = field(default_factory=list)


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
    return layout(words_from_tsv(_tesseract_tsv(image, psm)))


def _tesseract_tsv(image: Image.Image, psm: int | None = None,
                   limit: float = OCR_TIMEOUT) -> str:
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
            input=buf.getvalue(), capture_output=True, timeout=_timeout(limit, too_long),
            env=env)
    except subprocess.TimeoutExpired:
        raise too_long from None
    if out.returncode != 0:
        raise ReaderError("ocr_failed", N_("The text in the image could not be read."))
    return out.stdout.decode("utf-8", errors="replace")


@dataclass
class Word:
    """One word Tesseract read: its line (block, paragraph, line), box and confidence."""

    line: tuple[int, int, int]
    left: int
    top: int
    width: int
    height: int
    conf: float
    text: str


def words_from_tsv(tsv: str) -> list[Word]:
    """Tesseract's TSV: one row per word with its box and confidence."""
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) != 12 or cols[0] != "5" or not cols[11].strip():
            continue
        words.append(Word((int(cols[2]), int(cols[3]), int(cols[4])), int(cols[6]),
                          int(cols[7]), int(cols[8]), int(cols[9]), float(cols[10]),
                          cols[11]))
    return words


def from_tsv(tsv: str) -> OcrText:
    return layout(words_from_tsv(tsv))


def layout(words: list[Word]) -> OcrText:
    """Words to text laid out as on the page: each line indented by its distance from
    the left edge and words far apart kept apart (another column), the way `pdftotext
    -layout` writes a page."""
    unsure = {w.text.strip(".,:;()") for w in words if w.conf < UNSURE}
    if not words:
        return OcrText("", unsure)
    widths = sorted(w.width / max(1, len(w.text)) for w in words)
    char = max(1.0, widths[len(widths) // 2])            # a typical character's width
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    out, last = [], None
    for key in sorted(lines):
        if last is not None and key[:2] != last[:2]:
            out.append("")
        last = key
        text, end = "", None
        for word in sorted(lines[key], key=lambda w: w.left):
            if end is None:
                text = " " * round(word.left / char) + word.text
            else:
                gap = (word.left - end) / char
                text += (" " * max(4, round(gap)) if gap > 2.5 else " ") + word.text
            end = word.left + word.width
        out.append(text)
    return OcrText("\n".join(out), unsure)


# The second pass: the lines with a word Tesseract was unsure of, cut out, enlarged and
# stacked into one image that is read once more (one more run, whatever their number).
REREAD_SCALE = 1.5
REREAD_LINES = 40                # at most this many lines, the least sure first
REREAD_MIN_SECONDS = 6           # of the time budget left, or there is no second pass
REREAD_TIMEOUT = 4               # seconds for the second run; past it the first stands
REREAD_PIXELS = 3_000_000        # of the stacked lines, at most


def read_image(image: Image.Image) -> OcrText:
    """A photo or a scanned page, prepared and read; the unsure words read again."""
    prepared, gray = prepare_both(image)
    words = words_from_tsv(_tesseract_tsv(prepared))
    left = time_left()
    if left is None or left >= REREAD_MIN_SECONDS:
        words = reread_unsure(prepared, words)
    text = layout(words)
    text.pages = [(gray, words)]
    return text


# The confirming pass: a name, a street, a town or a number the letter will quote is
# read a second time, from its line in the page's greys (not the black-and-white page
# the first reading saw), line by line. Text recognition is often sure of a misreading
# ("Venioer Straße", "Uberseenng", "Jurgen"); a second reading of other pixels seldom
# makes the same one.
CONFIRM_TIMEOUT = 4              # seconds; past it nothing is confirmed
CONFIRM_LINES = 16
CONFIRM_HEIGHT = 64              # px: each line's crop, text and margin
CONFIRM_PSM = 4                   # a column of lines of one size


def second_reading(pages: list[tuple[Image.Image, list[Word]]],
                   values: list[str]) -> dict[str, bool]:
    """{value: whether a second reading of its line reads it alike}, for the values it
    can say something of. A value not found in one line of the first reading (put
    together from several places) is not read again, nor is any when time has run out;
    a second reading unsure of the line says nothing either way."""
    crops: list[tuple[str, Image.Image]] = []
    for value in values:
        box = _box_of(pages, value)
        if box is not None and len(crops) < CONFIRM_LINES:
            gray, area = box
            crop = ImageOps.autocontrast(gray.crop(area), cutoff=1)
            if CONFIRM_HEIGHT:
                factor = CONFIRM_HEIGHT / crop.height
                crop = crop.resize((max(1, round(crop.width * factor)), CONFIRM_HEIGHT),
                                   Image.BICUBIC)
            crops.append((value, crop))
    if not crops:
        return {}
    gap = max(c.height for _, c in crops)
    sheet = Image.new("L", (max(c.width for _, c in crops) + 2 * gap,
                            sum(c.height + gap for _, c in crops) + gap), 255)
    spans, y = [], gap
    for _, crop in crops:
        sheet.paste(crop, (gap, y))
        spans.append((y, y + crop.height))
        y += crop.height + gap
    try:
        again = words_from_tsv(_tesseract_tsv(sheet, psm=CONFIRM_PSM, limit=CONFIRM_TIMEOUT))
    except ReaderError:
        return {}
    out: dict[str, bool] = {}
    for (value, _), (top, bottom) in zip(crops, spans):
        read = sorted((w for w in again if top <= w.top + w.height / 2 < bottom),
                      key=lambda w: w.left)
        # only what the second reading is sure of counts, and only where that covers
        # the value: a reading that failed (a crumpled, dim line) says nothing either way
        sure = _letters(" ".join(w.text for w in read if w.conf >= UNSURE))
        if len(sure) < 0.8 * len(_letters(value)):
            continue
        out[value] = _letters(value) in sure      # a stray mark beside it aside
    return out


def _letters(text: str) -> str:
    return re.sub(r"\W", "", text)


def _words(text: str) -> list[str]:
    return [w.strip(".,:;()·|") for w in text.split() if w.strip(".,:;()·|")]


def _box_of(pages, value: str):
    """The page and the box around the words of `value` where the first reading found
    them in one line (with a margin), or None."""
    wanted = _words(value)
    for gray, words in pages:
        lines: dict[tuple[int, int, int], list[Word]] = {}
        for word in words:
            lines.setdefault(word.line, []).append(word)
        for line in lines.values():
            line = sorted(line, key=lambda w: w.left)
            texts = [w.text.strip(".,:;()·|") for w in line]
            for i in range(len(texts) - len(wanted) + 1):
                if texts[i:i + len(wanted)] == wanted:
                    found = line[i:i + len(wanted)]
                    height = max(w.height for w in found)
                    pad = max(4, height // 2)
                    return gray, (max(0, found[0].left - pad),
                                  max(0, min(w.top for w in found) - pad),
                                  min(gray.width, found[-1].left + found[-1].width + pad),
                                  min(gray.height, max(w.top + w.height for w in found) + pad))
    return None


def reread_unsure(image: Image.Image, words: list[Word]) -> list[Word]:
    """Words read with low confidence are read again from their line enlarged: where the
    second reading of the same place is sure and surer than the first, it replaces it.
    A misreading at one scale is often not made at another."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    heights = sorted(w.height for w in words)
    typical = heights[len(heights) // 2] if heights else 0
    # a "line" much taller than the text is noise, a stain or a logo: not read again
    unsure = [key for key, ws in lines.items()
              if any(w.conf < UNSURE and any(c.isalnum() for c in w.text) for w in ws)
              and max(w.height for w in ws) <= 2 * typical]
    unsure = sorted(unsure, key=lambda k: min(w.conf for w in lines[k]))[:REREAD_LINES]
    crops, boxes, pixels = [], [], 0
    for key in unsure:
        ws = lines[key]
        height = max(w.height for w in ws)
        pad = max(4, height // 3)
        box = (max(0, min(w.left for w in ws) - pad), max(0, min(w.top for w in ws) - pad),
               min(image.width, max(w.left + w.width for w in ws) + pad),
               min(image.height, max(w.top + w.height for w in ws) + pad))
        pixels += (box[2] - box[0]) * (box[3] - box[1]) * REREAD_SCALE ** 2 * 2
        if pixels > REREAD_PIXELS:
            break
        crop = image.crop(box)
        crops.append(crop.resize((round(crop.width * REREAD_SCALE),
                                  round(crop.height * REREAD_SCALE)), Image.BICUBIC))
        boxes.append(box)
    if not crops:
        return words
    gap = max(c.height for c in crops)
    sheet = Image.new("L", (max(c.width for c in crops) + 2 * gap,
                            sum(c.height + gap for c in crops) + gap), 255)
    offsets, y = [], gap
    for crop in crops:
        sheet.paste(crop, (gap, y))
        offsets.append(y)
        y += crop.height + gap
    try:
        again = words_from_tsv(_tesseract_tsv(sheet, psm=6, limit=REREAD_TIMEOUT))
    except ReaderError:
        return words            # out of time or failed: the first reading stands
    replaced: dict[int, Word] = {}
    for index, key in enumerate(unsure[:len(crops)]):
        top, bottom = offsets[index], offsets[index] + crops[index].height
        x0 = boxes[index][0]
        mine = [w for w in again if top <= w.top + w.height / 2 < bottom]
        for old in lines[key]:
            if old.conf >= UNSURE:
                continue
            over = [w for w in mine
                    if old.left <= x0 + (w.left - gap + w.width / 2) / REREAD_SCALE
                    <= old.left + old.width]
            if len(over) == 1 and over[0].conf >= UNSURE and over[0].conf > old.conf:
                replaced[id(old)] = Word(old.line, old.left, old.top, old.width, old.height,
                                         over[0].conf, over[0].text)
    return [replaced.get(id(w), w) for w in words]


def ocr_image(data: bytes) -> OcrText:
    with open_image(data) as image:
        return read_image(image)


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
