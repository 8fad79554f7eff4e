"""Command line: `python -m objection deadline|check|render ...` (docs/design.md 6.2),
installed as `price-objection`.

A thin adapter: parse arguments, call the domain, print text or JSON. Bad arguments
exit with status 2 and one line on stderr.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from collections.abc import Sequence

from . import __version__, case as case_mod
from .assess import Assessment, Facts, assess, assess_facts
from .deadlines import STATES, today_in_berlin
from .explain import explain
from .fields import Invalid
from .letters.kinds import KINDS
from .letters.plan import NextStep, next_step, plan
from .i18n import LANGUAGES, N_, fmt_day, gettext
from .rules import sector_rule
from .typed import typed_date, typed_period
from .vocabulary import DELIVERIES, SECTORS, StateName, by_key, keys

MAX_CASE_BYTES = 1024 * 1024


class UsageError(Exception):
    """A bad argument: reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of usage + message
        raise UsageError(message)


def _date(text: str) -> dt.date:
    """A date as people write it (31.10.2026) or as the case JSON does (2026-10-31)."""
    try:
        return typed_date(text)
    except Invalid as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc.message.render(_default_lang())}") \
            from None


def _period(text: str):
    """The period as the notice says it ("4 Wochen", "6 weeks"), or its last day; the case
    JSON's form (P4W) is taken too."""
    try:
        return typed_period(text)
    except Invalid as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc.message.render(_default_lang())}") \
            from None


def _state(text: str) -> str:
    if text.upper() not in STATES:
        lang = _default_lang()
        names = ", ".join(StateName(code, with_code=True).render(lang) for code in STATES)
        raise argparse.ArgumentTypeError(f"unknown state {text!r}; one of {names}")
    return text.upper()


def _default_lang() -> str:
    return "de" if os.environ.get("LANG", "").startswith("de") else "en"


def build_parser() -> argparse.ArgumentParser:
    script = sys.argv[0] if sys.argv else ""
    parser = _Parser(prog=("python -m objection" if script.endswith("__main__.py")
                           else Path(script).name or "price-objection"),
                     description="Deadlines and letters for objecting to a price increase.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    common = _Parser(add_help=False)
    common.add_argument("--today", type=_date, help="count from this day, e.g. 05.09.2026 "
                        "(default: today in Europe/Berlin)")
    common.add_argument("--json", action="store_true", help="print one JSON object")
    common.add_argument("--lang", choices=LANGUAGES, default=_default_lang())

    d = sub.add_parser("deadline", parents=[common], help="compute the deadlines")
    d.add_argument("--received", type=_date,
                   help="day the notice reached you, e.g. 03.09.2026 or 2026-09-03")
    d.add_argument("--notice-date", type=_date, help="date printed on the notice")
    d.add_argument("--period", type=_period,
                   help="objection period as the notice says it, e.g. '4 weeks', '4 Wochen', "
                        "'14 days', '1 month', or the last day it names, e.g. 31.10.2026")
    d.add_argument("--state", type=_state, required=True,
                   help="state where the objection must arrive (its holidays count), by its "
                        "code: BE for Berlin, BY for Bavaria, NW for North Rhine-Westphalia ...")
    d.add_argument("--sender-state", type=_state, help="your own state, if different")
    d.add_argument("--sector", choices=keys(SECTORS), default="other")
    d.add_argument("--effective", type=_date, help="day the change takes effect")
    d.add_argument("--delivery", choices=keys(DELIVERIES), default="registered_mail")
    d.add_argument("--business", action="store_true", help="not a consumer contract")
    d.add_argument("--bundled", action="store_true", help="bundled with internet access")
    d.add_argument("--basic-supply", action="store_true", help="energy basic supply")
    d.add_argument("--no-termination-hint", action="store_true",
                   help="the notice did not name the right to terminate")
    d.add_argument("--terminate", action="store_true",
                   help="the letter also terminates (fallback)")

    c = sub.add_parser("check", parents=[common], help="assess a saved case (case.json)")
    c.add_argument("case", help="path to the case JSON, or - for standard input")

    r = sub.add_parser("render", help="write the objection letter (or a later one) as PDF")
    r.add_argument("case", help="path to the case JSON, or - for standard input")
    r.add_argument("-o", "--output",
                   help="file to write (default: letter.pdf, or letter.html with --html); "
                        "- writes the PDF to standard output")
    r.add_argument("--html", action="store_true",
                   help="write the HTML document the PDF is rendered from instead, as a "
                        "browser opens it: its stylesheets and fonts are copied beside it")
    r.add_argument("--lang", choices=LANGUAGES,
                   help="letter language (default: the case's); another language than the "
                        "case's gives a translation for your understanding")
    r.add_argument("--no-records-sheet", action="store_true",
                   help="leave out the second sheet for your records")
    r.add_argument("--today", type=_date, help="count from this day, e.g. 05.09.2026; a later "
                   "letter is dated this day")
    r.add_argument("--type", choices=tuple(KINDS), default="objection",
                   help="the objection, or a later letter from the case's history "
                        "(%(choices)s)")

    s = sub.add_parser("campaign", help="the share link of a case's notice (its facts only: "
                       "never a name, number or address of the customer)")
    s.add_argument("case", help="path to the case JSON, or - for standard input")
    s.add_argument("--base-url", default=os.environ.get("OBJECTION_BASE_URL",
                                                        "http://localhost:5000"),
                   help="the site's address the link starts with (default: "
                        "$OBJECTION_BASE_URL or http://localhost:5000)")
    s.add_argument("--handout", metavar="PDF",
                   help="also write a printable page with the facts and the link's QR code")
    s.add_argument("--lang", choices=LANGUAGES, default=_default_lang(),
                   help="the handout's language")

    n = sub.add_parser("read", help="read a price-change notice (text, e-mail, PDF, photo)")
    n.add_argument("path", help=".txt, .eml, .pdf, .png or .jpg; - for text on standard input")
    n.add_argument("--json", action="store_true", help="print one JSON object")
    n.add_argument("--lang", choices=LANGUAGES, default=_default_lang())
    return parser


def _read(args: argparse.Namespace) -> None:
    from .reader import MAX_BYTES, ReaderError, file_bytes, render_summary, sandbox
    try:
        # in a process of its own, under the same limits as on the web
        reading = (sandbox.read_bytes(sys.stdin.buffer.read(MAX_BYTES + 1)) if args.path == "-"
                   else sandbox.read_bytes(file_bytes(args.path), Path(args.path).name))
    except ReaderError as exc:
        raise UsageError(f"{args.path}: {exc.render(args.lang)}") from None
    print(json.dumps(reading.to_dict(args.lang), ensure_ascii=False, indent=2) if args.json
          else render_summary(reading, args.lang))


def _render(args: argparse.Namespace) -> None:
    from .pdf import render_pdf, write_html   # WeasyPrint loads slowly: only when rendering
    case = load_case(args.case, args.today)
    today = args.today or today_in_berlin()
    a = assess(case, today)
    writable = plan(args.type, case, a)
    if writable.blocked:
        raise UsageError(f"{args.type}: {writable.blocked.render(_default_lang())}")
    output = args.output or ("letter.html" if args.html else "letter.pdf")
    if output == "-" and args.html:
        raise UsageError("--html writes a folder of files: give a file name with -o")
    options = {"lang": args.lang, "records": not args.no_records_sheet, "kind": args.type,
               "today": writable.date}
    try:
        if args.html:
            write_html(case, a, Path(output), **options)
        else:
            data = render_pdf(case, a, **options)
            if output == "-":           # the PDF alone on stdout: `render case.json -o - | lp`
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                return
            Path(output).write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc}") from None
    print(output)


def _campaign(args: argparse.Namespace) -> None:
    """The share link of a case's facts; with --handout also its printable page."""
    from . import campaign
    try:
        facts = campaign.check(campaign.facts_of(load_case(args.case).to_dict()))
    except case_mod.CaseError as exc:
        raise UsageError(f"{args.case}: {exc}") from None
    link = f"{args.base_url.rstrip('/')}/s/{campaign.encode(facts)}"
    if args.handout:
        from .curated import Campaign
        from .handout import handout_html
        from .pdf import render_page     # WeasyPrint loads slowly: only when rendering
        shared = Campaign("", facts, link, today_in_berlin(), "", sample=False)
        try:
            Path(args.handout).write_bytes(render_page(handout_html(shared, link, args.lang)))
        except OSError as exc:
            raise UsageError(f"cannot write {args.handout}: {exc}") from None
    print(link)


def load_case(path: str, today: dt.date | None = None) -> case_mod.Case:
    """Read and validate a case file; UsageError with one line on any problem."""
    try:
        raw = sys.stdin.read(MAX_CASE_BYTES + 1) if path == "-" else \
            Path(path).read_text(encoding="utf-8")[:MAX_CASE_BYTES + 1]
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    if len(raw) > MAX_CASE_BYTES:
        raise UsageError(f"{path}: larger than {MAX_CASE_BYTES // 1024} KB")
    try:
        data = case_mod.parse_json(raw)
    except ValueError as exc:
        raise UsageError(f"{path}: not valid JSON ({exc})") from None
    try:
        return case_mod.from_dict(data, today or today_in_berlin())
    except case_mod.CaseError as exc:
        raise UsageError(f"{path}: {exc}") from None


def _deadline(args: argparse.Namespace) -> Assessment:
    received = args.received or args.notice_date
    if received is None:
        raise UsageError("give --received (or at least --notice-date)")
    if args.notice_date and args.received and args.received < args.notice_date:
        raise UsageError("--received cannot be before --notice-date")
    facts = Facts(
        received=received, received_known=args.received is not None, state=args.state,
        sender_state=args.sender_state,
        rule=sector_rule(args.sector, not args.business, args.bundled, args.basic_supply),
        period=args.period, effective=args.effective,
        delivery=by_key(DELIVERIES, args.delivery),
        terminate=args.terminate, names_termination_right=not args.no_termination_hint,
        consumer=not args.business)
    return assess_facts(facts, args.today)


def render_text(a: Assessment, lang: str, step: NextStep | None = None) -> str:
    def _(msgid: str) -> str:
        return gettext(lang, msgid)

    lines = []
    if step:
        label = _("Next step")
        day = f" ({fmt_day(step.date, lang)})" if step.date else ""
        letter = f" [{step.kind}]" if step.kind else ""
        lines.append(f"{label}{day}: {step.message.render(lang)}{letter}")
    for row in a.rows():
        lines.append(f"{_(row.label)}: {fmt_day(row.dated.date, lang)}")
        lines.append(f"  {explain(row.dated, lang)}")
    if a.days_left is not None:
        status = {"open": N_("open"), "due_soon": N_("due soon"), "missed": N_("missed")}
        label = _("Days left")
        lines.append(f"{label}: {a.days_left} ({_(status[a.status])})")
    for w in a.warnings:
        lines.append(f"! [{w.code}] {w.message.render(lang)}")
    label = _("Legal basis")
    lines.append(f"{label}: {'; '.join(a.legal_basis)}")
    lines.append(_("Not legal advice. In a dispute, a consumer advice centre "
                   "(Verbraucherzentrale) can help."))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "render":
            _render(args)
            return 0
        if args.command == "read":
            _read(args)
            return 0
        if args.command == "campaign":
            _campaign(args)
            return 0
        step = None
        if args.command == "deadline":
            result = _deadline(args)
        else:
            case = load_case(args.case, args.today)
            result = assess(case, args.today)
            step = next_step(case, result, result.today)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        data = result.to_dict(args.lang)
        if step:        # only for a case with a history: the first letter's JSON is as it was
            data["next_step"] = step.to_dict(args.lang)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_text(result, args.lang, step))
    return 0


def run() -> None:
    """The console script and `python -m objection`: main() with a quiet end when the
    reader of the output goes away (`... | head`)."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # As the Python docs advise: stdout to devnull, so that the interpreter's last
        # flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
