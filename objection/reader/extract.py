"""Text -> the fields a price notice states, each with the snippet it came from.

Rules, not a model: every field has a small set of patterns in German and English, and
a value is only taken when the text says it plainly. When two readings disagree, the
field is left out and a warning says so: a wrong value is worse than a missing one.

The Extractor builds the text model once (objection.reader.text) and calls the parts
in order; each part reads the model and returns its findings (objection.reader.findings),
which the Extractor records: the values found, those left out and why, those concluded
from what the notice does not say, and the warnings. What one part needs of another's
reading (the sector, the notice's date, the provider's name, the price table's label)
it is handed as an argument.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..i18n import Message
from . import addresses, clauses, contract, dates, identity, misreadings, prices
from .errors import ReadWarning
from .findings import Conclusion, Confirmed, Doubt, Fact, Finding, Found, Note
from .text import snippet, text_model

__all__ = ["Extractor", "Found"]

# Fields that make a text a price notice: only then may its silence on the right to
# terminate say "not named".
PRICE_NOTICE = ("/notice/old_price", "/notice/new_price", "/notice/prices/0/new",
                "/notice/effective")
# Doubts about what text recognition read, which an independent source can lift (the
# checks of sense, a town against its postal code, are not among them).
OCR_DOUBTS = {"ocr_unsure", "ocr_disagrees", "ocr_reread"}


class Extractor:
    def __init__(self, text: str, kind: str = "txt", unsure: set[str] | None = None):
        self.kind = kind
        self.unsure = unsure or set()
        self.text = text_model(text, kind)
        self.language = self.text.language
        self.found: dict[str, Found] = {}
        self.left_out: dict[str, str] = {}     # pointer -> why it was read but left out
        self.dropped: dict[str, Found] = {}    # ... and what was read
        self.concluded: dict[str, str] = {}    # pointer -> why the silence means the value
        self.confirmed: dict[str, object] = {}  # pointer -> the value the directory has
        self.kept: list[str] = []              # ... kept though text recognition doubted it
        self.warnings: list[ReadWarning] = []

    def run(self) -> dict[str, Found]:
        text = self.text
        self.record(identity.addressee(text))
        sector = contract.sector(text)
        self.record(sector.findings)
        parties = identity.parties(text, addresses.read(text))
        self.record(parties.findings)
        self.record(identity.numbers(text, sector.name))
        notice_date = dates.notice_date(text)
        self.record(notice_date.findings)
        price = prices.read(text, sector.name)
        self.record(price.findings)
        self.record(dates.effective(text, notice_date.day))
        self.record(clauses.objection(text))
        self.record(clauses.termination(
            text, price_notice=any(p in self.found for p in PRICE_NOTICE)))
        self.record(contract.tariff(text, price.table_label, parties.provider_name))
        if self.kind in ("photo", "scan"):
            # each check sees what the one before left
            self.record(misreadings.consensus(text, self.found, self.unsure))
            self.record(misreadings.towns(text, self.found))
            self.record(misreadings.name(text, self.found))
        return self.found

    def record(self, findings: Iterable[Finding]) -> None:
        """Take a part's findings in the order it found them."""
        for finding in findings:
            if isinstance(finding, Fact):
                self.put(finding.pointer, finding.value, finding.evidence)
            elif isinstance(finding, Conclusion):
                self.conclude(finding.pointer, finding.value, finding.why)
            elif isinstance(finding, Doubt):
                self.drop(finding.pointer, finding.reason)
            elif isinstance(finding, Confirmed):
                self.confirmed[finding.pointer] = finding.value
            elif isinstance(finding, Note):
                self.warn(finding.code, finding.msgid, finding.pointers, **finding.params)

    def put(self, pointer: str, value: object, evidence: str) -> None:
        if value is None or value == "":
            return
        self.found[pointer] = Found(value, snippet(evidence))

    def conclude(self, pointer: str, value: object, why: str) -> None:
        """A value the notice states by what it does not say; the reading says so."""
        self.found[pointer] = Found(value, "")
        self.concluded[pointer] = why

    def drop(self, pointer: str, reason: str) -> None:
        """Leave out a value that was read but does not hold up; the reading says why.
        Text recognition's doubt does not leave out a value the directory bears out."""
        item = self.found.get(pointer)
        if item is None:
            return
        if reason in OCR_DOUBTS and self.in_directory(pointer, item.value):
            self.keep(pointer)
            return
        del self.found[pointer]
        self.left_out[pointer] = reason
        self.dropped[pointer] = item

    def in_directory(self, pointer: str, value: object) -> bool:
        """Whether the directory has this very value (not one read before it)."""
        return pointer in self.confirmed and self.confirmed[pointer] == value

    def keep(self, pointer: str) -> None:
        """A value text recognition doubted, kept as the directory bears it out."""
        if pointer not in self.kept:
            self.kept.append(pointer)

    def warn(self, code: str, msgid: str, pointers: tuple[str, ...] = (),
             **params: object) -> None:
        if not any(w.code == code for w in self.warnings):
            self.warnings.append(ReadWarning(code, Message(msgid, params), pointers))
