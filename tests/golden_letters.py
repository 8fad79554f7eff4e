"""Golden letters: every letter kind for every sector, consumer and business, objecting,
objecting with termination in the alternative or terminating only, in German and
English, composed (not rendered to PDF) and written as plain text, one file per letter,
under tests/golden/. tests/test_golden.py compares them on every run; `scripts/golden`
writes them again after a deliberate change of wording, so that the change is a diff a
lawyer can review.

A combination the law or the product rules out (a case refused, or a letter that
cannot be written for it) has no file; tests/golden/README.md lists each with its
reason.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

from objection.assess import assess
from objection.case import Case, CaseError, from_dict
from objection.letters import RecordsContent, compose, compose_records, plan
from objection.letters.kinds import KINDS

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
BASE = json.loads((TESTS / "fixtures" / "telecom.json").read_text(encoding="utf-8"))

# The objection is dated on the fixture's day; the later letters half a year on, when
# every one of them can be due.
OBJECTION_DAY = dt.date(2026, 9, 5)
LATER_DAY = dt.date(2027, 3, 20)

# Each rule a contract can fall under, by the case fields that choose it.
SECTORS = {
    "telecom": {"contract.sector": "telecom"},
    "telecom_bundle": {"contract.sector": "telecom", "contract.bundled_with_internet": True},
    "energy": {"contract.sector": "energy", "contract.commodity": "electricity"},
    "energy_large_business": {"contract.sector": "energy", "contract.commodity": "gas",
                              "contract.annual_consumption_kwh": 50_000},
    "basic_supply": {"contract.sector": "energy", "contract.commodity": "electricity",
                     "contract.basic_supply": True},
    "insurance": {"contract.sector": "insurance"},
    "health_insurance": {"contract.sector": "health_insurance"},
    "bank": {"contract.sector": "bank"},
    "subscription": {"contract.sector": "subscription"},
    "hosting": {"contract.sector": "hosting"},
}
CUSTOMERS = {"consumer": {"contract.consumer": True}, "business": {"contract.consumer": False}}
CHOICES = {
    "object": {"options.object": True, "options.terminate_fallback": False},
    "both": {"options.object": True, "options.terminate_fallback": True},
    "terminate": {"options.object": False, "options.terminate_fallback": True},
}
LANGS = ("de", "en")

SENT = {"type": "objection_sent", "date": "2026-09-07", "delivery": "registered_mail_receipt",
        "tracking": "RT 1234 5678 9DE"}
# The insurer's or provider's answer insisting on the increase; a private health insurer's
# without the reasons and the trustee's approval (the ground against a statutory reset).
ANSWER = {"type": "provider_insists", "date": "2026-10-01"}
HEALTH_ANSWER = {**ANSWER, "reasons": "general", "trustee": "not_shown"}
BILLS = tuple({"type": "bill", "date": f"2027-{month + 1:02d}-03",
               "period_from": f"2027-{month:02d}-01", "period_to": f"2027-{month:02d}-28"}
              for month in (1, 2))
TERMINATED = {"type": "provider_terminates", "date": "2027-03-01", "ends": "2027-03-15"}
DEMANDED = {"type": "provider_demands", "date": "2027-03-10", "demand": "dunning",
            "amount": "30.00"}


def history(kind: str, sector: str) -> list[dict]:
    """What happened before the letter, so that it can be written."""
    answer = HEALTH_ANSWER if sector == "health_insurance" else ANSWER
    return {"objection": [], "reminder": [SENT], "reply": [SENT, answer],
            "refund": [SENT, answer, *BILLS], "arbitration": [SENT, answer, *BILLS],
            "termination": [SENT, TERMINATED], "demand": [SENT, DEMANDED]}[kind]


@dataclass(frozen=True)
class Combination:
    kind: str
    sector: str
    customer: str
    choice: str
    lang: str

    @property
    def path(self) -> Path:
        return GOLDEN / self.kind / f"{self.sector}-{self.customer}-{self.choice}.{self.lang}.txt"

    @property
    def name(self) -> str:
        return f"{self.kind} · {self.sector} · {self.customer} · {self.choice} · {self.lang}"


def combinations() -> list[Combination]:
    return [Combination(kind, sector, customer, choice, lang)
            for kind in KINDS for sector in SECTORS for customer in CUSTOMERS
            for choice in CHOICES for lang in LANGS]


def case_of(c: Combination) -> Case:
    data = copy.deepcopy(BASE)
    changes = {**SECTORS[c.sector], **CUSTOMERS[c.customer], **CHOICES[c.choice],
               "letter.language": c.lang}
    for path, value in changes.items():
        section, key = path.split(".")
        data[section][key] = value
    if c.kind == "objection":
        return from_dict(data, OBJECTION_DAY)
    data["letter"]["date"] = SENT["date"]
    return from_dict({**data, "history": history(c.kind, c.sector)}, LATER_DAY)


def today(c: Combination) -> dt.date:
    return OBJECTION_DAY if c.kind == "objection" else LATER_DAY


def render(c: Combination) -> str | None:
    """The letter as plain text, or None where it cannot be written (see `skipped`)."""
    try:
        case = case_of(c)
    except CaseError:
        return None
    a = assess(case, today(c))
    writable = plan(c.kind, case, a)
    if writable.blocked:
        return None
    letter = compose(case, a, c.lang, today=writable.date, kind=c.kind)
    out = [f"# {c.name}", ""]
    out += [*letter.recipient, ""]
    out += [f"{row.label}: {row.value}" for row in letter.info] + [""]
    out += [letter.subject, "", letter.salutation, ""]
    for paragraph in letter.paragraphs:
        out.append(f"[{paragraph.key}]")
        out.append(_wrapped(paragraph.text))
        out += [_wrapped(item, "  - ") for item in paragraph.items]
        out.append("")
    out += [letter.closing, letter.signer, ""]
    if c.kind == "objection":
        out += _records(compose_records(case, a, c.lang))
    return "\n".join(out)


def _records(sheet: RecordsContent) -> list[str]:
    """The records sheet that goes with the objection (not sent: for the customer)."""
    out = ["=" * 88, sheet.title, sheet.not_to_send, ""]
    for row in sheet.deadlines:
        out.append(_wrapped(f"{row.label}: {row.value}" + (f" – {row.detail}" if row.detail
                                                            else "")))
    out.append("")
    for title, items in [(sheet.warnings_title, sheet.warnings), *sheet.sections]:
        if items:
            out += [title] + [_wrapped(item, "  - ") for item in items] + [""]
    out += [_wrapped(sheet.disclaimer), ""]
    return out


def skipped(c: Combination) -> str:
    """Why the combination has no letter, in English: the case is refused, or the
    letter cannot be written for it."""
    try:
        case = case_of(c)
    except CaseError as error:
        return " ".join(e.render("en") for e in error.errors)
    return plan(c.kind, case, assess(case, today(c))).blocked.render("en")


def _wrapped(text: str, indent: str = "") -> str:
    """Lines of 88 characters for reading; the spaces that keep a statute on one line
    print as spaces."""
    wrapped = textwrap.fill(text, 88, initial_indent=indent,
                            subsequent_indent=" " * len(indent), break_on_hyphens=False,
                            break_long_words=False)
    return wrapped.replace("\u00a0", " ").replace("\u2060", "")


def readme(skips: list[tuple[Combination, str]]) -> str:
    lines = [
        "# Golden letters",
        "",
        "Every letter the product writes, as plain text composed from its paragraphs (not",
        "read back from a PDF): one file per letter, `<kind>/<sector>-<customer>-<choice>."
        "<lang>.txt`,",
        "where the choice is `object` (objection only), `both` (objection with termination",
        "in the alternative) or `terminate` (termination only). `[key]` before a paragraph",
        "names its part; an objection is followed by its records sheet (for the customer, not",
        "sent). The cases are built in `tests/golden_letters.py` (the telecom",
        "fixture, the sector's fields, the history each later letter needs).",
        "",
        "`tests/test_golden.py` compares every file on every test run. After a deliberate",
        "change of wording, write them again and review the diff:",
        "",
        "    .venv/bin/python scripts/golden",
        "",
        "## Combinations without a letter",
        "",
        "The product refuses these cases, or these letters for the case, because the law",
        "rules them out or the case gives no ground for the letter; the reason is the one",
        "the product gives.",
        "",
    ]
    reasons: dict[str, list[str]] = {}
    for c, why in skips:
        if c.lang == "en":
            reasons.setdefault(why, []).append(f"{c.kind} · {c.sector} · {c.customer} · "
                                               f"{c.choice}")
    for why, names in reasons.items():
        lines += [f"- {why}", ""] + [f"  - {name}" for name in names] + [""]
    return "\n".join(lines)


def write_all() -> tuple[int, int]:
    """Writes every golden file and the README; returns (written, skipped)."""
    for old in GOLDEN.rglob("*.txt"):
        old.unlink()
    skips = []
    written = 0
    for c in combinations():
        text = render(c)
        if text is None:
            skips.append((c, skipped(c)))
            continue
        c.path.parent.mkdir(parents=True, exist_ok=True)
        c.path.write_text(text, encoding="utf-8")
        written += 1
    (GOLDEN / "README.md").write_text(readme(skips), encoding="utf-8")
    return written, len(skips)

