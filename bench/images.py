"""What a signature image costs to check and decode: hostile and normal images.

    .venv/bin/python bench/images.py [--before-limit 30] [--only hostile|limit|normal|NAME]

For each image (all made here, each at most 512 KB) it prints the bytes, the scans and
8x8 blocks a JPEG asks the decoder to visit, and the CPU seconds of

- "Pillow alone": open and decode it with Pillow, no checks (what the app did before
  `objection.signature` walked a JPEG's scans; the old limits of 512 KB and 4 megapixels
  let every hostile JPEG here through). Run in a child process under RLIMIT_CPU of
  --before-limit seconds; "> N" means it was stopped there.
- "encode_png": the app's path now (`objection.signature.encode_png`), in this process,
  with what it answered (accepted with the output size, or the refusal).

Every figure is CPU time of one run on this machine; tests never assert on time.
"""
from __future__ import annotations

import argparse
import base64
import io
import re
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from objection import signature  # noqa: E402
from hostile_files import scans  # noqa: E402
from objection.signature import SignatureError, encode_png, jpeg_layout  # noqa: E402



# --- Making images -----------------------------------------------------------------------

def jpeg(size, mode="RGB", **options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, "JPEG", **options)
    return out.getvalue()


def repeat_scan(raw: bytes, index: int, *, count: int | None = None,
                budget: int = 512 * 1024, empty: bool = False) -> bytes:
    """Insert copies of scan `index` before EOI: `count` copies, or as many as fit in
    `budget` bytes. `empty` drops the copies' entropy-coded data (libjpeg then decodes
    zeros for every block of the scan)."""
    found = scans(raw)
    start, end = found[index]
    piece = raw[start:end]
    if empty:
        piece = piece[:2 + int.from_bytes(piece[2:4], "big")]
    if count is None:
        count = (budget - len(raw)) // len(piece)
    last = found[-1][1]
    return raw[:last] + piece * count + raw[last:]


def with_size(raw: bytes, width: int, height: int) -> bytes:
    """Claim another frame size in the SOF header (the data stays as it is)."""
    at = re.search(rb"\xff[\xc0-\xc2]", raw).start()
    return raw[:at + 5] + struct.pack(">HH", height, width) + raw[at + 9:]


def empty_entropy(raw: bytes) -> bytes:
    """Every scan without its entropy-coded data: libjpeg decodes zeros."""
    out, pos = [], 0
    for start, end in scans(raw):
        header_end = start + 2 + int.from_bytes(raw[start + 2:start + 4], "big")
        out.append(raw[pos:header_end])
        pos = end
    return b"".join(out) + raw[pos:]


def png(width, height, color_type=6, depth=16, interlace=0) -> bytes:
    """A zero-filled PNG (compresses to almost nothing, decodes in full)."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
    passes = [(0, 0, 1, 1)] if not interlace else \
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]                               # Adam7: x0, y0, dx, dy of each pass
    compress, data = zlib.compressobj(9), []
    for x0, y0, dx, dy in passes:
        columns, rows = -(-(width - x0) // dx), -(-(height - y0) // dy)
        row = b"\0" + bytes(columns * channels * depth // 8)
        data += [compress.compress(row) for _ in range(rows if columns else 0)]
    data.append(compress.flush())
    return (b"\x89PNG\r\n\x1a\n"
            + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0,
                                             0, interlace))
            + png_chunk(b"IDAT", b"".join(data)) + png_chunk(b"IEND", b""))


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body)))


def phone_photo(size=(4000, 3000), quality=60, progressive=False, orientation=None) -> bytes:
    """A photo of a signature on paper: a shaded sheet, grain, a pen stroke."""
    width, height = size
    sheet = Image.linear_gradient("L").resize(size).point(lambda v: 200 + v // 6)
    grain = Image.effect_noise(size, 6).point(lambda v: v - 128)
    photo = Image.blend(sheet, Image.merge("L", [grain]), 0.04).convert("RGB")
    draw = ImageDraw.Draw(photo)
    points = [(width * (0.2 + 0.05 * i), height * (0.5 + 0.08 * (-1) ** i)) for i in range(13)]
    draw.line(points, fill=(20, 30, 90), width=max(4, width // 300), joint="curve")
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    photo.save(out, "JPEG", quality=quality, progressive=progressive, exif=exif)
    return out.getvalue()


def largest_under_budget(scan_count: int, components: int = 1) -> int:
    """The side of a square image whose `scan_count` scans of `components` blocks each
    come closest to MAX_SCAN_BLOCKS."""
    blocks = signature.MAX_SCAN_BLOCKS // (scan_count * components)
    return int(blocks ** 0.5) * 8


def cases():
    grey_2k = jpeg((2000, 2000), "L", progressive=True, quality=90)
    yield "hostile", "36k AC-first scans (EOB runs), 2000x2000 grey", \
        repeat_scan(grey_2k, 1)
    yield "hostile", "36k AC-refinement scans, 2000x2000 grey", repeat_scan(grey_2k, 3)
    yield "hostile", "50k empty DC scans, 2000x2000 grey", repeat_scan(grey_2k, 0, empty=True)
    small = jpeg((300, 100))
    sof = small.index(b"\xff\xc0")
    yield "hostile", "500 KB of 0xFF fill bytes before the frame header", \
        small[:sof] + b"\xff" * 500_000 + small[sof:]
    yield "hostile", "512 KB of 0xFF and no marker", b"\xff\xd8" + b"\xff" * 520_000 + b"\x00"
    yield "hostile", "130k comment segments", \
        jpeg((16, 16))[:2] + b"\xff\xfe\x00\x02" * 130_000 + jpeg((16, 16))[2:]
    flat = png(1000, 1000, 6, 8)
    idat = flat.index(b"IDAT") - 4
    yield "hostile", "PNG with 40k empty chunks", \
        flat[:idat] + png_chunk(b"abCd", b"") * 40_000 + flat[idat:]
    text = png_chunk(b"zTXt", b"k\0\0" + zlib.compress(b"a" * 1_000_000, 9))
    yield "hostile", "PNG with 400 zTXt chunks of 1 MB text each", \
        flat[:idat] + text * 400 + flat[idat:]
    yield "limit", f"PNG with {signature.MAX_SEGMENTS - 3} empty chunks", \
        flat[:idat] + png_chunk(b"abCd", b"") * (signature.MAX_SEGMENTS - 3) + flat[idat:]
    side = largest_under_budget(signature.MAX_SCANS)
    base = jpeg((side, side), "L", progressive=True, quality=90)
    yield "limit", f"{signature.MAX_SCANS} AC-refinement scans, {side}x{side} grey " \
                   "(block budget)", \
        repeat_scan(base, 3, count=signature.MAX_SCANS - len(scans(base)))
    base = jpeg((4000, 3000), "RGB", progressive=True, quality=90, subsampling=0)
    per_dc = (4000 // 8) * (3000 // 8) * 3
    room = (signature.MAX_SCAN_BLOCKS - jpeg_layout(base).scan_blocks) // per_dc
    yield "limit", f"12 MP progressive 4:4:4, {room} more DC scans (block budget)", \
        repeat_scan(base, 0, count=room)
    side = largest_under_budget(signature.MAX_SCANS)
    base = jpeg((side, side), "L", progressive=True, quality=90)
    yield "limit", f"{signature.MAX_SCANS} empty AC-first scans, {side}x{side} grey", \
        repeat_scan(base, 1, count=signature.MAX_SCANS - len(scans(base)), empty=True)
    yield "limit", "40 MP baseline 4:4:4 claimed, no entropy data (8000x5000)", \
        with_size(empty_entropy(jpeg((16, 16), subsampling=0)), 8000, 5000)
    yield "limit", "40 MP baseline CMYK 4:4:4 claimed, no entropy data (8000x5000)", \
        with_size(empty_entropy(jpeg((16, 16), "CMYK")), 8000, 5000)
    yield "limit", "40 MP baseline grey, white (8000x5000)", jpeg((8000, 5000), "L")
    yield "limit", "12 MP progressive 4:4:4, white (4000x3000)", \
        jpeg((4000, 3000), progressive=True, subsampling=0)
    yield "limit", "4 MP PNG, 16-bit RGBA (2000x2000)", png(2000, 2000)
    yield "limit", "4 MP PNG, 16-bit RGBA, Adam7 interlaced (2000x2000)", \
        png(2000, 2000, interlace=1)
    yield "normal", "phone photo 4000x3000 baseline", phone_photo()
    yield "normal", "phone photo 4000x3000 baseline, held upright (EXIF 6)", \
        phone_photo(orientation=6)
    yield "normal", "phone photo 4000x3000 progressive", phone_photo(progressive=True)
    yield "normal", "progressive JPEG 1200x400", phone_photo((1200, 400), 90, True)
    yield "normal", "drawn signature PNG (tests/fixtures/signature.png)", \
        (ROOT / "tests/fixtures/signature.png").read_bytes()


# --- Measuring ---------------------------------------------------------------------------

_DECODE = """
import io, sys, time
from PIL import Image
raw = open(sys.argv[1], "rb").read()
start = time.process_time()
with Image.open(io.BytesIO(raw)) as image:
    image.load()
print(time.process_time() - start)
"""


def pillow_alone(raw: bytes, limit: int) -> str:
    with tempfile.NamedTemporaryFile(suffix=".jpg") as file:
        file.write(raw)
        file.flush()

        def cap():
            resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))
        done = subprocess.run([sys.executable, "-c", _DECODE, file.name], preexec_fn=cap,
                              capture_output=True, text=True, timeout=limit * 3 + 30)
    if done.returncode != 0:
        if done.returncode < 0:
            return f"> {limit}"
        return "error"
    return f"{float(done.stdout):.3f}"


def ours(raw: bytes) -> tuple[float, str]:
    start = time.process_time()
    try:
        out = encode_png(raw)
    except SignatureError as exc:
        return time.process_time() - start, f"refused: {exc}"
    seconds = time.process_time() - start
    with Image.open(io.BytesIO(base64.b64decode(out.split(",", 1)[1]))) as image:
        return seconds, f"accepted, {image.size[0]}x{image.size[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before-limit", type=int, default=30,
                        help="CPU seconds for one decode by Pillow alone (default 30)")
    parser.add_argument("--only", default="",
                        help="only images whose kind (hostile, limit, normal) or name "
                             "contains this")
    args = parser.parse_args()
    print(f"limits: {signature.MAX_BYTES // 1024} KB; PNG {signature.MAX_PIXELS:,} px; "
          f"JPEG {signature.MAX_JPEG_PIXELS:,} px, in several scans "
          f"{signature.MAX_MULTISCAN_PIXELS:,} px; {signature.MAX_SCANS} scans; "
          f"{signature.MAX_SCAN_BLOCKS:,} blocks over all scans")
    print(f"{'kind':8} {'image':70} {'KB':>5} {'scans':>6} {'blocks':>11} "
          f"{'Pillow alone s':>14} {'encode_png s':>12}  answer")
    worst = {}
    for kind, name, raw in cases():
        if args.only not in f"{kind} {name}":
            continue
        assert len(raw) <= signature.MAX_BYTES, (name, len(raw))
        try:
            layout = jpeg_layout(raw)
            counts = f"{layout.scans:>6} {layout.scan_blocks:>11,}"
        except SignatureError:
            count = len(scans(raw)) if raw.startswith(b"\xff\xd8") else "-"
            counts = f"{count:>6} {'-':>11}"
        before = pillow_alone(raw, args.before_limit)
        seconds, answer = ours(raw)
        worst[kind] = max(worst.get(kind, 0), seconds)
        print(f"{kind:8} {name:70} {len(raw) // 1024:>5} {counts} {before:>14} "
              f"{seconds:>12.3f}  {answer}", flush=True)
    print("worst encode_png CPU seconds: " +
          ", ".join(f"{kind} {seconds:.3f}" for kind, seconds in worst.items()))


if __name__ == "__main__":
    main()
