"""Instructions per render, which the machine's load does not change: the seed letter
(the objection) and the refund claim with 12 bills (bench/letter.py's later case), each
the final HTML through pdf.py's render and write_pdf, counted by valgrind's callgrind.

    .venv/bin/python bench/instructions.py [--renders 2]

The script runs itself under callgrind: each document is rendered twice to warm up,
then the counters are zeroed (callgrind_control -z), the document rendered --renders
times with the collector off (as in the app), and the counters dumped
(callgrind_control -d). It prints millions of instructions per render and the refund
claim's ratio to the objection. Needs valgrind (Debian package valgrind); about a
minute.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def documents() -> dict[str, str]:
    from letter import LATER_TODAY, SEED_DAY, later_case

    from objection.assess import assess
    from objection.case import from_dict
    from objection.letters.content import compose
    from objection.letters.layout import expected_pages, render_html, starting_size
    today = dt.date.fromisoformat(LATER_TODAY)
    case = from_dict(later_case(), today)
    assessment = assess(case, today)
    out = {}
    for kind, day in (("objection", dt.date.fromisoformat(SEED_DAY)), ("refund", today)):
        letter = compose(case, assessment, None, day, False, kind)
        out[kind] = render_html(letter, None, starting_size(letter),
                                letter_pages=expected_pages(letter))
    return out


def child(folder: Path, renders: int) -> None:
    """Under callgrind: renders, and waits for the parent between the counters."""
    from objection import pdf

    def render(html: str) -> bytes:
        return pdf._document(html).write_pdf(pdf_tags=True)

    docs = documents()
    for html in docs.values():
        render(html)
        render(html)
    gc.disable()
    for name, html in docs.items():
        gc.collect()
        _signal(folder / "ready", name)
        _wait(folder / "zeroed")
        for _ in range(renders):
            render(html)
        _signal(folder / "done", name)
        _wait(folder / "dumped")


def _signal(path: Path, text: str) -> None:
    """Written aside and renamed: the other side never reads it half written."""
    aside = path.with_suffix(".part")
    aside.write_text(text)
    aside.rename(path)


def _wait(path: Path) -> str:
    while not path.exists():
        time.sleep(0.05)
    text = path.read_text()
    path.unlink()
    return text


def parent(renders: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        process = subprocess.Popen(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out.%p",
             sys.executable, __file__, "--child", str(folder), "--renders", str(renders)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        counts = {}
        for _ in range(2):
            name = _wait(folder / "ready")
            subprocess.run(["callgrind_control", "-z", str(process.pid)], capture_output=True,
                           check=True)
            _signal(folder / "zeroed", "")
            _wait(folder / "done")
            before = set(folder.glob("out.*"))
            subprocess.run(["callgrind_control", "-d", name, str(process.pid)],
                           capture_output=True, check=True)
            while not (dumps := set(folder.glob("out.*")) - before):
                time.sleep(0.1)
            time.sleep(0.3)                       # the dump is written in one go, then closed
            text = max(dumps, key=lambda p: p.stat().st_mtime).read_text()
            total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
            assert total, "no totals in the callgrind dump"
            counts[name] = int(total.group(1)) / renders / 1e6
            _signal(folder / "dumped", "")
        process.wait()
    print(sys.executable, f"({renders} renders each, after 2 to warm up)")
    for name, millions in counts.items():
        print(f"  {name:10} {millions:7.1f} M instructions per render")
    print(f"  refund claim / objection: {counts['refund'] / counts['objection']:.3f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=2)
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.renders)
        return 0
    return parent(args.renders)


if __name__ == "__main__":
    sys.exit(main())
