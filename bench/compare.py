"""One change against the code before it, in one run: is the PDF the same, and how fast?

    .venv/bin/python bench/compare.py BEFORE [AFTER] [--rounds 60] [--no-images]

BEFORE and AFTER are git revisions (AFTER defaults to the working tree). Each is
exported to a temporary folder (`git archive`, catalogs compiled) and served by a worker
process of its own that imports `wsgi` as gunicorn would (so whatever wsgi.py does at
start-up, it does here too). Then:

1. the same PDFs from both: every fixture case, letter alone and with the records sheet,
   plus the seed case in English, signed with a picture, as an advance copy and as a
   two-page letter; each page turned into a 100 dpi image with pdftoppm and compared
   pixel by pixel with Pillow, and the PDF's structure tags (StructTreeRoot, the tag
   types and how many) compared as well;
2. interleaved rounds, the two workers taking turns (the order alternates per round):
   POST /api/v1/letter through the Flask app, whole path (validate, assess, compose,
   render), seed case letter alone, with the records sheet, signed with the same
   picture each time, and signed with a new picture each time. Wall time and CPU time
   are taken inside the worker around each request; wall time as median and p95, CPU
   per letter as the mean (what a busy server pays: the rare full garbage collection
   counts too).

Benchmark figures only: nothing here is a test, and nothing asserts on time.
"""
from __future__ import annotations

import argparse
import base64
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load import p95, signed_seed  # noqa: E402
from signatures import fresh_signature  # noqa: E402

FIXTURES = ROOT / "tests/fixtures"
SEED = FIXTURES / "hosting_1und1.json"
CASES = [FIXTURES / "telecom.json", SEED, FIXTURES / "long_energy.json",
         *sorted((FIXTURES / "cases").glob("*.json"))]

# Runs inside each tree: requests as JSON lines on stdin, answers on stdout.
WORKER = r"""
import datetime as dt, io, json, os, sys, time
sys.path.insert(0, os.getcwd())
import wsgi
from objection import pdf
from objection.letters import content as letter_mod
from objection.assess import assess
from objection.case import from_dict
from objection.letters import compose_records
client = wsgi.app.test_client()
out = sys.stdout
sys.stdout = sys.stderr
out.write("ready\n"); out.flush()
for line in sys.stdin:
    job = json.loads(line)
    if job["op"] == "post":
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.post(job["url"], data=job["body"],
                               content_type="application/json")
        data = response.get_data()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        ok = response.status_code == 200 and data.startswith(b"%PDF-")
        out.write(json.dumps({"wall": wall, "cpu": cpu, "ok": ok}) + "\n")
    else:
        case = from_dict(job["case"])
        a = assess(case, dt.date.fromisoformat(job["today"]))
        if job.get("pages") == 2:     # a body twice as long as any real letter
            content = letter_mod.compose(case, a)
            long = letter_mod.LetterContent(**{**content.__dict__,
                                               "paragraphs": content.paragraphs * 2})
            data = pdf.render_letter(long, compose_records(case, a, "de"))
        else:
            data = pdf.render_pdf(case, a, lang=job.get("lang"), records=job["records"],
                                  advance_copy=job.get("advance_copy", False))
        with open(job["path"], "wb") as f:
            f.write(data)
        out.write(json.dumps({"ok": True}) + "\n")
    out.flush()
"""


def export(rev: str | None, into: Path) -> Path:
    """The tree at `rev` (None: the working tree as it is) with compiled catalogs."""
    if rev is None:
        return ROOT
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    subprocess.run([sys.executable, "scripts/i18n.py", "compile"], cwd=into, check=True,
                   capture_output=True)
    return into


class Worker:
    def __init__(self, tree: Path):
        env = {**os.environ, "OBJECTION_SECRET_KEY": "bench", "PYTHONHASHSEED": "0"}
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER], cwd=tree, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the worker for {tree} did not start")

    def ask(self, job: dict) -> dict:
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def today_of(case: dict) -> str:
    return case.get("letter", {}).get("date") or "2026-09-05"


def page_images(pdf: Path) -> list:
    from PIL import Image
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(pdf.parent.glob(prefix.name + "-*.png"))
    return [Image.open(p).convert("RGB") for p in pages]


def tags(pdf: Path) -> dict[str, int]:
    """The structure tree's element types and their counts ({} when untagged)."""
    import pypdf
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return {}
    counts: dict[str, int] = {}
    stack = [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, dict) or hasattr(node, "keys"):
            if "/S" in node:
                counts[str(node["/S"])] = counts.get(str(node["/S"]), 0) + 1
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, list) else [kids])
        elif isinstance(node, list):
            stack.extend(node)
    return counts


def compare_images(before: Path, after: Path) -> tuple[bool, str]:
    from PIL import ImageChops
    a, b = page_images(before), page_images(after)
    if len(a) != len(b):
        return False, f"{len(a)} pages before, {len(b)} after"
    notes, same = [], True
    for number, (x, y) in enumerate(zip(a, b), 1):
        if x.size != y.size:
            return False, f"page {number}: {x.size} before, {y.size} after"
        box = ImageChops.difference(x, y).getbbox()
        if box:
            same = False
            diff = ImageChops.difference(x, y).convert("L")
            changed = sum(1 for v in diff.get_flattened_data() if v)
            notes.append(f"page {number}: {changed} px differ in {box}")
    return same, "; ".join(notes) or f"{len(a)} page(s) identical"


def image_checks(workers: dict[str, Worker], tmp: Path) -> bool:
    picture = "data:image/png;base64," + base64.b64encode(
        (FIXTURES / "signature.png").read_bytes()).decode()
    seed = load(SEED)
    jobs = []
    for path in CASES:
        case = load(path)
        for records in (False, True):
            jobs.append((f"{path.stem}{' + records' if records else ''}",
                         {"case": case, "today": today_of(case), "records": records}))
    jobs += [
        ("seed in English (translation)", {"case": seed, "today": today_of(seed),
                                           "records": True, "lang": "en"}),
        ("seed signed with a picture", {"case": signed_seed(picture),
                                        "today": today_of(seed), "records": True}),
        ("seed advance copy", {"case": {**seed, "signature": {"mode": "image",
                                                              "image": picture}},
                               "today": today_of(seed), "records": False,
                               "advance_copy": True}),
        ("two-page letter + records", {"case": load(FIXTURES / "long_energy.json"),
                                       "today": "2026-12-06", "records": True, "pages": 2}),
    ]
    all_same = True
    print("Same PDF? Pages at 100 dpi (pdftoppm), pixel by pixel (Pillow); tags (pypdf):")
    for n, (name, job) in enumerate(jobs):
        paths = {}
        for label, worker in workers.items():
            paths[label] = tmp / f"{label}-{n}.pdf"
            worker.ask({**job, "op": "render", "path": str(paths[label])})
        same, note = compare_images(paths["before"], paths["after"])
        tags_before, tags_after = tags(paths["before"]), tags(paths["after"])
        tagged = bool(tags_after)
        tag_note = "tags unchanged" if tags_before == tags_after else (
            f"tags changed: {describe_tags(tags_before, tags_after)}")
        print(f"  {'same' if same else 'DIFFERENT':9s} {name}: {note}; "
              f"{tag_note if tagged else 'NOT TAGGED'}")
        all_same &= same and tagged
    return all_same


def describe_tags(before: dict[str, int], after: dict[str, int]) -> str:
    keys = sorted(set(before) | set(after))
    return ", ".join(f"{k[1:]} {before.get(k, 0)}->{after.get(k, 0)}" for k in keys
                     if before.get(k, 0) != after.get(k, 0))


def timing(workers: dict[str, Worker], rounds: int) -> None:
    seed = load(SEED)
    picture = fresh_signature(0)
    fresh = iter(fresh_signature(n) for n in range(1, 10**9))
    query = f"today={today_of(seed)}&records_sheet="
    kinds = {
        "seed, letter alone": lambda: (json.dumps(seed), query + "0"),
        "seed, letter + records sheet": lambda: (json.dumps(seed), query + "1"),
        "seed signed, same picture": lambda: (json.dumps(signed_seed(picture)), query + "0"),
        "seed signed, new picture": lambda: (json.dumps(signed_seed(next(fresh))),
                                             query + "0"),
    }
    figures = {(kind, label): ([], []) for kind in kinds for label in workers}
    for make in kinds.values():             # warm-up, not counted
        for _ in range(3):
            for worker in workers.values():
                body, q = make()
                worker.ask({"op": "post", "url": f"/api/v1/letter?{q}", "body": body})
    for r in range(rounds):
        order = list(workers.items()) if r % 2 == 0 else list(workers.items())[::-1]
        for kind, make in kinds.items():
            body, q = make()
            for label, worker in order:
                answer = worker.ask({"op": "post", "url": f"/api/v1/letter?{q}",
                                     "body": body})
                if not answer["ok"]:
                    raise RuntimeError(f"{label}: {kind} failed")
                figures[kind, label][0].append(answer["wall"])
                figures[kind, label][1].append(answer["cpu"])
    print(f"Whole path, POST /api/v1/letter in the Flask app, {rounds} interleaved rounds "
          "(ms):")
    print(f"  {'':30s} {'before: median  p95   CPU':>27s}   {'after: median  p95   CPU':>26s}"
          "   change (median, CPU)   [CPU: mean per letter]")
    for kind in kinds:
        row = []
        for label in ("before", "after"):
            wall, cpu = figures[kind, label]
            row.append((statistics.median(wall), p95(wall), statistics.fmean(cpu)))
        (bm, bp, bc), (am, ap, ac) = row
        print(f"  {kind:30s} {1000 * bm:13.1f} {1000 * bp:5.1f} {1000 * bc:5.1f}"
              f"   {1000 * am:13.1f} {1000 * ap:5.1f} {1000 * ac:5.1f}"
              f"   {100 * (am - bm) / bm:+6.1f} %, {100 * (ac - bc) / bc:+6.1f} %")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after", nargs="?")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--no-images", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        trees = {"before": export(args.before, tmp / "before"),
                 "after": export(args.after, tmp / "after")}
        print(f"before: {args.before}; after: {args.after or 'the working tree'}")
        workers = {label: Worker(tree) for label, tree in trees.items()}
        try:
            same = True if args.no_images else image_checks(workers, tmp)
            timing(workers, args.rounds)
        finally:
            for worker in workers.values():
                worker.close()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
