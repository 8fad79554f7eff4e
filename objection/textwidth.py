"""Widths of short texts in the letter's font, measured here where CSS would need a
table to size a column by its content (a table costs WeasyPrint several layouts of its
text: the information block, docs/perf/README.md)."""
from __future__ import annotations

import math
import threading
from functools import lru_cache

from PIL import ImageFont

from . import paths

REGULAR = paths.FONTS / "LiberationSans-Regular.ttf"   # "Letter Sans" (fonts.css)
_SCALE = 100            # measured at 100 times the size, for fractions of a pixel
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(REGULAR), 12 * _SCALE)


@lru_cache(maxsize=512)
def width_px(text: str) -> float:
    """The advance width of `text` at 9 pt (12 CSS px), in CSS px."""
    with _LOCK:
        return _font().getlength(text) / _SCALE


def label_column(labels: list[str], gap_px: float = 11.34) -> int:
    """The information block's label column in whole CSS px (WeasyPrint's tab stops
    are whole pixels): the widest label and a gap of 3 mm."""
    return math.ceil(max((width_px(label) for label in labels), default=0) + gap_px)
