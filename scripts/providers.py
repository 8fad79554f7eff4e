"""The operator's report on the provider directory: `python scripts/providers.py [--data DIR]`.

Prints how many entries each sector has and their share, and a warning for each entry
checked more than a year ago (check its source again and update `checked`). Exit
status 1, with every problem listed, when the data is not valid; 0 otherwise.
"""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from objection.deadlines import today_in_berlin  # noqa: E402
from objection.providers import DATA, DirectoryError, load, per_sector, stale  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of *.toml files")
    args = parser.parse_args(argv)
    today = today_in_berlin()
    try:
        providers = load(args.data, today)
    except DirectoryError as exc:
        print(f"{len(exc.problems)} problem(s) in {args.data}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    total = len(providers)
    print(f"{total} providers in {args.data}")
    for sector, count in per_sector(providers).items():
        print(f"  {sector:<18} {count:>4}  {count / total:6.1%}")
    for provider in stale(providers, today):
        print(f"warning: {provider.key} was checked on {provider.checked.isoformat()}, "
              f"more than a year ago: check {provider.source} again")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)    # `| head` ends the report quietly
    sys.exit(main())
