"""How fast is a letter? All figures in one run:

    .venv/bin/python bench/letter.py [--renders 200] [--requests 2000] [--no-load]

1. the whole path (validate, assess, compose, render with the records sheet: what the
   product hands out) over the realistic fixture cases: median and p95 over N renders
   in one warm process, and the first render after a fresh process start;
2. baselines on the same final HTML: bare WeasyPrint with default options (a new
   HTML(...).write_pdf() each time, stylesheets linked, nothing reused) and WeasyPrint's
   layout step alone (HTML(...).render()), and the ratios of the whole path to each;
3. one-shot headless Chromium print-to-PDF of the same HTML, a whole process per letter;
4. POST /api/v1/letter under gunicorn on 127.0.0.1 with 1 and 2 workers (bench/load.py).

Tests never assert on time; this script prints figures.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CASES = [ROOT / "tests/fixtures/telecom.json", ROOT / "tests/fixtures/hosting_1und1.json",
         ROOT / "tests/fixtures/long_energy.json",
         *sorted((ROOT / "tests/fixtures/cases").glob("*.json"))]
TODAY = dt.date(2026, 9, 5)
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


def stats(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    return f"median {1000 * statistics.median(times):6.1f} ms, p95 {1000 * p95:6.1f} ms"


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()

    from weasyprint import HTML

    from objection import pdf
    from objection.assess import assess
    from objection.case import from_dict
    from objection.letter import compose, render_html
    from objection.records import compose_records

    datas = [json.loads(p.read_text()) for p in CASES]

    def whole_path(data: dict) -> bytes:
        case = from_dict(data)
        return pdf.render_pdf(case, assess(case, TODAY))

    # The final HTML of each case, as the product renders it (with the records sheet),
    # linking its stylesheets so that bare WeasyPrint loads them itself.
    finals = []
    for data in datas:
        case = from_dict(data)
        a = assess(case, TODAY)
        letter = compose(case, a)
        finals.append(render_html(letter, compose_records(case, a, letter.lang),
                                  standalone=True))

    print(f"cases: {', '.join(p.stem for p in CASES)}; {args.renders} renders each way")
    for data in datas:          # warm up
        whole_path(data)
    cycle = iter(range(10**9))
    ours = timed(lambda: whole_path(datas[next(cycle) % len(datas)]), args.renders)
    cycle = iter(range(10**9))
    bare = timed(lambda: HTML(string=finals[next(cycle) % len(finals)],
                              base_url=pdf.BASE_URL).write_pdf(), args.renders)
    cycle = iter(range(10**9))
    layout = timed(lambda: HTML(string=finals[next(cycle) % len(finals)],
                                base_url=pdf.BASE_URL).render(), args.renders)
    cycle = iter(range(10**9))

    def letter_only() -> bytes:
        case = from_dict(datas[next(cycle) % len(datas)])
        return pdf.render_pdf(case, assess(case, TODAY), records=False)
    alone = timed(letter_only, args.renders)
    print(f"whole path (validate, assess, compose, render): {stats(ours)}")
    print(f"  the same without the records sheet:           {stats(alone)}")
    print(f"bare WeasyPrint, default options, write_pdf:    {stats(bare)}")
    print(f"WeasyPrint layout step alone (render):          {stats(layout)}")
    print(f"ratio whole path / bare WeasyPrint: "
          f"{statistics.median(ours) / statistics.median(bare):.2f} (target <= 1.0)")
    print(f"ratio whole path / layout alone:    "
          f"{statistics.median(ours) / statistics.median(layout):.2f} (target <= 1.6)")

    firsts = []
    for path in CASES[:3]:
        out = subprocess.run([sys.executable, "-c", FIRST_RENDER, str(path)], cwd=ROOT,
                             capture_output=True, text=True, check=True)
        firsts.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print("fresh process: import " + ", ".join(f"{f['import']:.2f} s" for f in firsts)
          + "; first render " + ", ".join(f"{f['first']:.2f} s" for f in firsts))

    chromium = shutil.which("chromium")
    if chromium:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            shutil.copytree(ROOT / "templates/letter", work / "templates/letter")
            shutil.copytree(ROOT / "static/fonts", work / "static/fonts")
            page = work / "templates/letter/final.html"
            page.write_text(finals[0], encoding="utf-8")
            runs = []
            for i in range(5):
                start = time.perf_counter()
                subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                "--disable-background-networking", "--no-first-run",
                                f"--user-data-dir={work}/profile{i}",
                                "--no-pdf-header-footer", f"--print-to-pdf={work}/out{i}.pdf",
                                page.as_uri()], capture_output=True, check=True, timeout=120)
                runs.append(time.perf_counter() - start)
            print(f"headless Chromium print-to-PDF, a process per letter: {stats(runs)} "
                  f"(5 runs; {statistics.median(runs) / statistics.median(ours):.0f}x the "
                  "whole path)")
    else:
        print("headless Chromium: not installed (apt-get install chromium)")

    if not args.no_load:
        import load
        results = [load.run(workers, args.requests, 4) for workers in (1, 2)]
        for r in results:
            rss = ", ".join(f"{r['rss_after_200'].get(pid, 0):.1f} -> {end:.1f} MB"
                            for pid, end in r["rss_at_end"].items())
            print(f"gunicorn {r['workers']} worker(s), {r['requests']} letters, concurrency 4:"
                  f" {r['throughput']:.1f} letters/s, p50 {r['p50_ms']:.0f} ms,"
                  f" p99 {r['p99_ms']:.0f} ms, errors {r['errors']}; RSS per worker after"
                  f" 200 -> {r['requests']} letters: {rss}")
        print(f"throughput 2 workers / 1 worker: "
              f"{results[1]['throughput'] / results[0]['throughput']:.2f} (target >= 1.7)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
