"""Signature pictures as the web pad makes them (a 600 x 180 PNG with a transparent
background and a dark stroke), a different one for every number, so that a benchmark
can send a new picture with every request and no cache can answer it."""
from __future__ import annotations

import base64
import io
import math
import random


def fresh_signature(number: int) -> str:
    """A PNG data URI whose pixels differ from those of every other number."""
    from PIL import Image, ImageDraw
    rng = random.Random(number)
    image = Image.new("RGBA", (600, 180), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = []
    x = 20.0
    while x < 580:
        y = 90 + 50 * math.sin(x / rng.uniform(15, 40)) + rng.uniform(-15, 15)
        points.append((x, y))
        x += rng.uniform(3, 9)
    draw.line(points, fill=(17, 17, 17, 255), width=3, joint="curve")
    # The number itself as dots along the bottom: two numbers never draw the same.
    for bit in range(32):
        if number >> bit & 1:
            draw.ellipse((20 + 17 * bit, 165, 24 + 17 * bit, 169), fill=(17, 17, 17, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
