"""How fast is a letter, and how does the app compare with a warm headless Chromium
printing the same document? All figures in one run:

    .venv/bin/python bench/letter.py [--rounds 60] [--requests 2000] [--renders 100]
                                     [--chromium-pages 4] [--no-load]

1. In one warm process, over the realistic fixture cases: the whole path (validate,
   assess, compose, render) as median and p95, letter alone and with the records sheet;
   bare WeasyPrint with default options and its layout step alone on the same final
   HTML; import time and first render in a fresh process.
2. Side by side, one letter at a time, in interleaved rounds: the app as deployed
   (gunicorn --preload, 2 workers, POST /api/v1/letter on 127.0.0.1) and a warm
   Chromium (Playwright driving Debian's /usr/bin/chromium; the `render --html`
   document loaded once, then `set_content` per letter, its web fonts awaited,
   `page.pdf()`), on the same seed case, letter alone and letter + records sheet. Wall
   time as median and p95; CPU per letter as the mean, summed over each side's whole
   process tree (gunicorn's master and workers; Playwright's driver and Chromium's
   browser, renderer, GPU and utility processes). The clients (this script's HTTP
   requests and Playwright calls) are not counted on either side.
3. Throughput with both cores saturated, the letter alone: the app with 4 concurrent
   requests, Chromium with as many pages printing at once; every letter signed with a
   NEW signature picture (bench/signatures.py: other pixels each time, made before the
   clock starts), so that no cache can answer; letters/s, CPU per letter, and the RSS of
   the app's workers after 200 and after all letters.

Targets (benchmark figures, never tests): median latency no worse than Chromium's,
throughput at least 1.2 x Chromium's and 45 letters/s, worker RSS flat within 10 %.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402
from load import p95  # noqa: E402
from signatures import fresh_signature  # noqa: E402

CASES = [ROOT / "tests/fixtures/telecom.json", ROOT / "tests/fixtures/hosting_1und1.json",
         ROOT / "tests/fixtures/long_energy.json",
         *sorted((ROOT / "tests/fixtures/cases").glob("*.json"))]
SEED = ROOT / "tests/fixtures/hosting_1und1.json"
SEED_DAY = "2026-11-25"         # the seed case's letter date
TODAY = dt.date(2026, 9, 5)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FIRST_RENDER = """
import json, sys, time, datetime as dt
start = time.perf_counter()
from objection.case import from_dict
from objection.assess import assess
from objection.pdf import render_pdf
imported = time.perf_counter()
case = from_dict(json.load(open(sys.argv[1])))
render_pdf(case, assess(case, dt.date(2026, 9, 5)))
done = time.perf_counter()
print(json.dumps({"import": imported - start, "first": done - imported}))
"""
PICTURE = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


def stats(times: list[float]) -> str:
    return (f"median {1000 * statistics.median(times):6.1f} ms, "
            f"p95 {1000 * p95(times):6.1f} ms")


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


# --- 1. In one process -----------------------------------------------------------------

def in_process(renders: int) -> None:
    from weasyprint import HTML

    from objection import pdf
    from objection.assess import assess
    from objection.case import from_dict
    from objection.letters import compose, compose_records
    from objection.letters.layout import render_html

    datas = [json.loads(p.read_text()) for p in CASES]

    def whole_path(data: dict, records: bool) -> bytes:
        case = from_dict(data)
        return pdf.render_pdf(case, assess(case, TODAY), records=records)

    # The final HTML of each case with the records sheet, its stylesheets linked, so
    # that bare WeasyPrint loads them itself.
    finals = []
    for data in datas:
        case = from_dict(data)
        a = assess(case, TODAY)
        letter = compose(case, a)
        finals.append(render_html(letter, compose_records(case, a, letter.lang),
                                  standalone=True))
    for data in datas:          # warm-up
        whole_path(data, True)

    def cycling(fn):
        counter = iter(range(10**9))
        return lambda: fn(next(counter))
    alone = timed(cycling(lambda n: whole_path(datas[n % len(datas)], False)), renders)
    ours = timed(cycling(lambda n: whole_path(datas[n % len(datas)], True)), renders)
    bare = timed(cycling(lambda n: HTML(string=finals[n % len(finals)],
                                        base_url=pdf.BASE_URL).write_pdf()), renders)
    layout = timed(cycling(lambda n: HTML(string=finals[n % len(finals)],
                                          base_url=pdf.BASE_URL).render()), renders)
    print(f"1. One warm process, {len(CASES)} fixture cases in turn, {renders} renders each"
          " way:")
    print(f"   whole path, letter alone:                 {stats(alone)}")
    print(f"   whole path, letter + records sheet:       {stats(ours)}")
    print(f"   bare WeasyPrint (letter + records), write_pdf: {stats(bare)}")
    print(f"   WeasyPrint layout step alone (render):    {stats(layout)}")
    print(f"   whole path / bare WeasyPrint: "
          f"{statistics.median(ours) / statistics.median(bare):.2f}; whole path / layout: "
          f"{statistics.median(ours) / statistics.median(layout):.2f}")
    firsts = []
    for path in CASES[:3]:
        out = subprocess.run([sys.executable, "-c", FIRST_RENDER, str(path)], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        firsts.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print("   fresh process: import " + ", ".join(f"{f['import']:.2f} s" for f in firsts)
          + "; first render " + ", ".join(f"{f['first']:.2f} s" for f in firsts))


# --- Chromium --------------------------------------------------------------------------

def write_document(case_path: Path, folder: Path, *extra: str) -> Path:
    """`render --html`: the document the app renders, with its stylesheets and fonts."""
    target = folder / "letter.html"
    subprocess.run([sys.executable, "-m", "objection", "render", str(case_path), "--html",
                    "-o", str(target), "--today", SEED_DAY, *extra], cwd=ROOT, check=True,
                   capture_output=True)
    return target


def playwright_pids() -> list[int]:
    """Playwright's driver (a child of this process) and everything under it."""
    pids = []
    for child in load.children(os.getpid()):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"playwright" in cmdline:
            pids.extend(load.tree(child))
    return pids


class Chromium:
    """A warm headless Chromium: pages opened once on the document's own URL (so its
    relative links resolve), then `set_content` and `page.pdf()` per letter."""

    def __init__(self, playwright, document: Path):
        self.playwright, self.document = playwright, document

    async def start(self, pages: int) -> None:
        self.browser = await self.playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        self.pages = []
        for _ in range(pages):
            page = await self.browser.new_page()
            await page.goto(self.document.as_uri())
            await page.evaluate("document.fonts.ready")
            self.pages.append(page)

    async def pdf(self, html: str, page_number: int = 0) -> bytes:
        page = self.pages[page_number]
        await page.set_content(html)
        await page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        return await page.pdf(prefer_css_page_size=True)

    def cpu(self) -> float:
        return load.cpu_seconds(playwright_pids())

    async def close(self) -> None:
        await self.browser.close()


# --- 2. One letter at a time -----------------------------------------------------------

async def side_by_side(playwright, folder: Path, rounds: int) -> dict:
    seed = SEED.read_bytes()
    documents = {"alone": write_document(SEED, folder / "alone", "--no-records-sheet"),
                 "records": write_document(SEED, folder / "records")}
    htmls = {kind: path.read_text(encoding="utf-8") for kind, path in documents.items()}
    chromium = Chromium(playwright, documents["alone"])
    await chromium.start(1)
    figures = {(side, kind): ([], []) for side in ("app", "chromium") for kind in htmls}
    with load.Gunicorn(2) as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)

        async def app_letter(kind: str) -> bool:
            return server.post(conn, seed, records=kind == "records")

        async def chromium_letter(kind: str) -> bool:
            return (await chromium.pdf(htmls[kind])).startswith(b"%PDF-")

        sides = {"app": (app_letter, server.cpu), "chromium": (chromium_letter, chromium.cpu)}
        for _ in range(5):                                # warm-up, not counted
            for _side, (letter, _) in sides.items():
                for kind in htmls:
                    await letter(kind)
        for r in range(rounds):
            order = list(sides.items()) if r % 2 == 0 else list(sides.items())[::-1]
            for kind in htmls:
                for side, (letter, cpu) in order:
                    cpu_start, start = cpu(), time.perf_counter()
                    if not await letter(kind):
                        raise RuntimeError(f"{side}: no PDF")
                    wall = time.perf_counter() - start
                    figures[side, kind][0].append(wall)
                    figures[side, kind][1].append(cpu() - cpu_start)
    await chromium.close()
    return figures


# --- 3. Both cores saturated -----------------------------------------------------------

async def chromium_throughput(playwright, folder: Path, requests: int, pages: int) -> dict:
    document = write_document(_signed_case(folder), folder / "signed", "--no-records-sheet")
    template = document.read_text(encoding="utf-8")
    if not PICTURE.search(template):
        raise RuntimeError("the signed letter's document has no picture")
    htmls = [PICTURE.sub(fresh_signature(n), template, count=1) for n in range(requests)]
    chromium = Chromium(playwright, document)
    await chromium.start(pages)
    for n in range(2 * pages):                            # warm-up, not counted
        await chromium.pdf(htmls[n], n % pages)
    counter = iter(range(requests))
    errors = 0

    async def printer(page_number: int) -> None:
        nonlocal errors
        for n in counter:
            errors += not (await chromium.pdf(htmls[n], page_number)).startswith(b"%PDF-")

    cpu_start, start = chromium.cpu(), time.perf_counter()
    await asyncio.gather(*(printer(p) for p in range(pages)))
    wall, cpu = time.perf_counter() - start, chromium.cpu() - cpu_start
    await chromium.close()
    return {"throughput": requests / wall, "cpu_per_letter_ms": 1000 * cpu / requests,
            "errors": errors}


def _signed_case(folder: Path) -> Path:
    path = folder / "signed.json"
    path.write_text(json.dumps(load.signed_seed(fresh_signature(10**6))), encoding="utf-8")
    return path


# --- Report ----------------------------------------------------------------------------

def report_side_by_side(figures: dict, rounds: int) -> dict:
    print(f"2. One letter at a time, seed case, {rounds} interleaved rounds (ms; CPU: mean per"
          " letter over the whole process tree):")
    summary = {}
    for kind, title in (("alone", "letter alone"), ("records", "letter + records sheet")):
        for side, name in (("app", "app, gunicorn, POST /api/v1/letter"),
                           ("chromium", "warm Chromium, same document")):
            wall, cpu = figures[side, kind]
            summary[side, kind] = (statistics.median(wall), p95(wall), statistics.fmean(cpu))
            m, p, c = summary[side, kind]
            print(f"   {title:24s} {name:36s} median {1000 * m:6.1f}  p95 {1000 * p:6.1f}"
                  f"  CPU {1000 * c:6.1f}")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--renders", type=int, default=100)
    parser.add_argument("--chromium-pages", type=int, default=4)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    in_process(args.renders)
    if not Path(CHROMIUM).exists():
        print("Chromium: not installed (scripts/setup dev installs it)")
        return 1
    from playwright.async_api import async_playwright

    async def with_chromium() -> tuple:
        with tempfile.TemporaryDirectory() as tmp:
            async with async_playwright() as playwright:
                figures = await side_by_side(playwright, Path(tmp), args.rounds)
                chromium = (None if args.no_load else await chromium_throughput(
                    playwright, Path(tmp), args.requests, args.chromium_pages))
        return figures, chromium

    figures, chromium = asyncio.run(with_chromium())
    summary = report_side_by_side(figures, args.rounds)
    ratio = summary["chromium", "alone"][0] / summary["app", "alone"][0]
    print(f"   letter alone, Chromium's median / the app's: {ratio:.2f} (target >= 1.0)")
    if args.no_load:
        return 0
    app = load.run(2, args.requests, 4)
    print(f"3. Both cores saturated, letter alone, {args.requests} letters, each signed with"
          " a new picture:")
    print(f"   app, gunicorn 2 workers, 4 concurrent requests: {app['throughput']:5.1f}"
          f" letters/s, CPU {app['cpu_per_letter_ms']:.1f} ms per letter, p50"
          f" {app['p50_ms']:.0f} ms, p99 {app['p99_ms']:.0f} ms, errors {app['errors']}")
    print(f"   warm Chromium, {args.chromium_pages} pages printing at once:      "
          f" {chromium['throughput']:5.1f} letters/s, CPU {chromium['cpu_per_letter_ms']:.1f} ms"
          f" per letter, errors {chromium['errors']}")
    print(f"   app / Chromium: {app['throughput'] / chromium['throughput']:.2f}"
          f" (target >= 1.2); app {app['throughput']:.1f} letters/s (target >= 45)")
    print("   RSS of the app's workers:")
    print("\n".join("   " + line for line in load.rss_lines(app)))
    return 1 if app["errors"] or chromium["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
