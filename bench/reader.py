"""How well and how fast does the notice reader read? All figures in one run:

    .venv/bin/python bench/reader.py [--set shared|train|heldout|heldout2 ...] [--no-photos] [-v]

For each set of notices (tests/fixtures/notices/shared: the six shared samples;
own/train: the notices the rules were developed on; own/heldout: notices written
after the rules and never tuned on; own/heldout2: written with harder photos - steep
angles, keystone, poor light, crumpled paper, shadows, small phone photos - before the
image preparation was tuned) and each kind of file (txt, eml, pdf, photo; a
scanned PDF counts as photo):

- recall: the share of the expected fields read with the right value;
- wrong: the share of the fields read that have a value other than the expected one
  (a field the notice does not state but the reader fills counts as wrong too);
- seconds per notice, median and max (one process, warm).

A field is a JSON pointer; several prices count each part (/notice/prices/1/new), so a
notice that states the working price and the standing charge has both to be read.
A field is right when equal after normalisation: strings with whitespace collapsed
(case-sensitive), amounts as Decimal, booleans as they are. `-v` lists every miss.
Tests never assert on these figures; this script prints them.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from objection.reader import ReaderError, pointers, read_path  # noqa: E402

NOTICES = ROOT / "tests" / "fixtures" / "notices"
SETS = {"shared": NOTICES / "shared", "train": NOTICES / "own" / "train",
        "heldout": NOTICES / "own" / "heldout", "heldout2": NOTICES / "own" / "heldout2"}
KIND = {".txt": "txt", ".eml": "eml", ".pdf": "pdf", ".png": "photo", ".jpg": "photo",
        ".jpeg": "photo"}
# The amounts: one price's old_price/new_price, each of several prices' old/new
# (/notice/prices/1/new).
AMOUNTS = {"old_price", "new_price", "old", "new"}
flatten = pointers


def normal(name: str, value: object) -> object:
    if name.rsplit("/", 1)[-1] in AMOUNTS:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return str(value)
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def notices(folder: Path) -> list[tuple[Path, Path]]:
    """(notice file, expected.json) pairs; all files of a notice share one expected."""
    out = []
    for expected in sorted(folder.glob("*.expected.json")):
        stem = expected.name[:-len(".expected.json")]
        for path in sorted(folder.glob(stem + ".*")):
            if path.suffix.lower() in KIND and path.name != expected.name:
                out.append((path, expected))
    return out


def kind_of(path: Path) -> str:
    kind = KIND[path.suffix.lower()]
    if kind == "pdf" and (".scan" in path.name or path.stem.endswith("-scan")):
        return "photo"
    return kind


def run(name: str, folder: Path, photos: bool, verbose: bool) -> dict:
    rows: dict[str, dict] = {}
    for path, expected_path in notices(folder):
        kind = kind_of(path)
        if kind == "photo" and not photos:
            continue
        expected = flatten(json.loads(expected_path.read_text(encoding="utf-8")))
        start = time.perf_counter()
        try:
            got = flatten(read_path(path).case)
            error = None
        except ReaderError as exc:
            got, error = {}, exc.code
        seconds = time.perf_counter() - start
        row = rows.setdefault(kind, {"expected": 0, "right": 0, "read": 0, "wrong": 0,
                                     "times": [], "files": 0})
        row["files"] += 1
        row["times"].append(seconds)
        row["expected"] += len(expected)
        row["read"] += len(got)
        misses = []
        for field, value in expected.items():
            if field in got and normal(field, got[field]) == normal(field, value):
                row["right"] += 1
            elif field in got:
                misses.append(f"WRONG {field}: {got[field]!r} (expected {value!r})")
            else:
                misses.append(f"miss  {field}: expected {value!r}")
        for field, value in got.items():
            if field not in expected:
                misses.append(f"WRONG {field}: {value!r} (not in the notice)")
            elif normal(field, value) != normal(field, expected[field]):
                pass
            else:
                continue
            row["wrong"] += 1
        if verbose and (misses or error):
            print(f"  {name}/{path.name}: {error or ''}")
            for line in misses:
                print(f"      {line}")
    return rows


def report(name: str, rows: dict) -> None:
    print(f"\n{name}")
    print(f"  {'kind':6} {'files':>5} {'fields':>6} {'recall':>7} {'wrong':>6} "
          f"{'median s':>9} {'max s':>7}")
    total = {"expected": 0, "right": 0, "read": 0, "wrong": 0, "files": 0, "times": []}
    for kind in ("txt", "eml", "pdf", "photo"):
        row = rows.get(kind)
        if not row:
            continue
        for key in total:
            total[key] += row[key]
        print_row(kind, row)
    if total["files"]:
        print_row("all", total)


def print_row(kind: str, row: dict) -> None:
    recall = row["right"] / row["expected"] if row["expected"] else 0
    wrong = row["wrong"] / row["read"] if row["read"] else 0
    print(f"  {kind:6} {row['files']:5d} {row['expected']:6d} {recall:7.1%} {wrong:6.1%} "
          f"{statistics.median(row['times']):9.3f} {max(row['times']):7.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", choices=list(SETS))
    parser.add_argument("--no-photos", action="store_true", help="skip photos and scans")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    print("recall = right fields / expected fields; wrong = wrong fields / fields read")
    for name in args.set or list(SETS):
        report(name, run(name, SETS[name], not args.no_photos, args.verbose))


if __name__ == "__main__":
    main()
