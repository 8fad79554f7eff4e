"""The notice reader: a provider's price-change notice (text, e-mail, PDF, photo) in,
a partial case out (only the fields the notice states, each with the snippet it came
from), plus warnings. Nothing is guessed; the user checks every value.

    read_bytes(data, filename) -> Reading      # any supported file
    read_text(text) -> Reading                 # pasted text
    read_path(path) -> Reading                 # a file on disk ("-" is not handled here)

These run in the caller's process; objection.reader.sandbox runs the same in a process
of its own under limits of time and memory (the web app and the command line use it).

A file that cannot be read raises ReaderError (a code and a translatable message).
Pure domain code: no Flask, no WeasyPrint.
"""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from .. import case as case_mod
from ..i18n import Listing, Message, N_
from .errors import Reading, ReaderError, ReadWarning
from .extract import Extractor
from .patterns import clean_text, fix_ocr
from .ocr import second_reading, time_budget
from .sources import MAX_BYTES, MAX_TEXT, Source, to_text
from .summary import render_summary

__all__ = ["FIELDS", "Reading", "ReaderError", "ReadWarning", "read_bytes", "read_text",
           "read_path", "render_summary", "MAX_BYTES", "pointers"]

# The partial case holds these fields only (DESIGN.md 6.1).
FIELDS = {
    "provider": ("name", "street", "postal_code", "city", "country"),
    "customer": ("name", "street", "postal_code", "city", "customer_number",
                 "contract_number"),
    "contract": ("sector", "tariff"),
    "notice": ("date", "effective", "old_price", "new_price", "currency", "price_unit",
               "objection_period", "required_form", "names_termination_right"),
}
SECTION_CLASSES = {"provider": case_mod.Provider, "customer": case_mod.Customer,
                   "contract": case_mod.Contract, "notice": case_mod.Notice}


def _parsers() -> dict[str, object]:
    """{JSON pointer: the case's parser} for every value the reader may fill: the
    sections' fields, the legacy triple of one price, and the list of several prices
    (docs/design.md 6.1)."""
    price = {f.name: f.metadata["parser"] for f in fields(case_mod.Price)}
    out = {}
    for section, names in FIELDS.items():
        parsers = {f.name: f.metadata["parser"] for f in fields(SECTION_CLASSES[section])}
        parsers.update({legacy: price[name] for name, legacy in case_mod.LEGACY_PRICE.items()}
                       if section == "notice" else {})
        out.update({f"/{section}/{name}": parsers[name] for name in names})
    out.update({f"/notice/prices/{i}/{name}": parser for i in range(case_mod.MAX_PRICES)
                for name, parser in price.items()})
    return out


def _place(case: dict, pointer: str, value: object) -> None:
    """Put a value at its pointer into the partial case; a price of the list at its
    index (the reader fills them in order)."""
    section, name, *rest = pointer.strip("/").split("/")
    target = case.setdefault(section, {})
    if rest:
        listed = target.setdefault(name, [])
        index, part = int(rest[0]), rest[1]
        while len(listed) <= index:
            listed.append({})
        listed[index][part] = value
    else:
        target[name] = value


PARSERS = _parsers()


def _single(pointer: str) -> str:
    """The one price's pointer that a part of several prices stands for
    (/notice/prices/1/new: /notice/new_price); any other pointer itself."""
    if pointer.startswith("/notice/prices/"):
        return _AS_SINGLE.get(pointer.rsplit("/", 1)[1], pointer)
    return pointer


def pointers(case: dict) -> dict[str, object]:
    """A partial case as {JSON pointer: value}, the prices of a list each by its index
    ("/notice/prices/1/new"): how the evidence, the bench and the tests name a value."""
    out: dict[str, object] = {}
    for section, values in case.items():
        for name, value in values.items():
            if isinstance(value, list):
                out.update({f"/{section}/{name}/{i}/{part}": v
                            for i, item in enumerate(value) for part, v in item.items()})
            else:
                out[f"/{section}/{name}"] = value
    return out
# Values copied letter by letter from the text: left out when OCR was unsure of a word.
UNSURE_CHECKED = {"name", "street", "postal_code", "city", "customer_number",
                  "contract_number", "tariff"}
# Each field as a sentence names it ("… so your town was left out").
NAMES = {
    "/provider/name": N_("the provider's name"),
    "/provider/street": N_("the provider's street"),
    "/provider/postal_code": N_("the provider's postal code"),
    "/provider/city": N_("the provider's town"),
    "/provider/country": N_("the provider's country"),
    "/customer/name": N_("your name"),
    "/customer/street": N_("your street"),
    "/customer/postal_code": N_("your postal code"),
    "/customer/city": N_("your town"),
    "/customer/customer_number": N_("your customer number"),
    "/customer/contract_number": N_("your contract number"),
    "/contract/sector": N_("the kind of contract"),
    "/contract/tariff": N_("the tariff"),
    "/notice/date": N_("the date of the notice"),
    "/notice/effective": N_("the date the new price applies"),
    "/notice/old_price": N_("the old price"),
    "/notice/new_price": N_("the new price"),
    "/notice/currency": N_("the currency"),
    "/notice/price_unit": N_("what the price is per"),
    "/notice/prices": N_("the names of the prices"),
    "/notice/objection_period": N_("the period to object"),
    "/notice/required_form": N_("the form the objection must take"),
    "/notice/names_termination_right": N_("whether the notice names your right to "
                                          "terminate"),
}
# What the user is asked to add when the notice does not say it.
ESSENTIAL = {
    "/provider/name": N_("the provider's name"),
    "/provider/street": N_("the provider's address"),
    "/customer/name": N_("your name"),
    "/notice/date": N_("the date of the notice"),
    "/notice/effective": N_("the date the new price applies"),
    "/notice/old_price": N_("the old price"),
    "/notice/new_price": N_("the new price"),
    "/notice/objection_period": N_("the period to object"),
}
# A part of one of several prices is named as the one price's ("the old price").
_AS_SINGLE = {"old": "/notice/old_price", "new": "/notice/new_price",
              "unit": "/notice/price_unit", "name": "/notice/prices"}
# Why a value that was read is left out, each with the fields it concerns.
LEFT_OUT = {
    "invalid_value": N_("Values were read for %(fields)s that are not valid, so they were "
                        "left out: please add them."),
    "ocr_unsure": N_("Text recognition was unsure of %(fields)s, so they were left out: "
                     "please add them."),
    "ocr_disagrees": N_("Text recognition read %(fields)s differently in different places "
                        "of the notice, so they were left out: please add them."),
    "ocr_reread": N_("A second reading of %(fields)s by text recognition came out "
                     "differently, so they were left out: please add them."),
    "town_mismatch": N_("The town read does not belong to the postal code read beside it, "
                        "so %(fields)s were left out: please add them."),
    "name_mismatch": N_("The name read from the address does not match the salutation, so "
                        "%(fields)s were left out: please add them."),
}
# A value text recognition doubted, kept because the provider directory has it.
KEPT = N_("Text recognition was unsure of %(fields)s; they were kept because they agree "
          "letter by letter with the provider directory. Please check them against the "
          "notice.")
NOTES = {
    "ocr": N_("The text was read from an image by text recognition: check every value "
              "against the notice."),
    "pages_skipped": N_("Only the first pages of the PDF were read."),
    "attachment": N_("The text of the PDF attached to the e-mail was read as well."),
    "attachment_unreadable": N_("A PDF attached to the e-mail could not be read."),
}


def read_path(path: str | Path) -> Reading:
    return read_bytes(file_bytes(path), Path(path).name)


def file_bytes(path: str | Path) -> bytes:
    """A file's bytes, refused unread when it is larger than MAX_BYTES."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReaderError("too_large", N_("The file is larger than %(max)s MB."),
                              max=MAX_BYTES // 1_000_000)
        with path.open("rb") as fp:
            data = fp.read(MAX_BYTES + 1)
    except OSError:
        raise ReaderError("cannot_open", N_("The file cannot be opened.")) from None
    return data


def read_bytes(data: bytes, filename: str | None = None) -> Reading:
    """Read a notice from a file's bytes; the name's extension helps tell the kind.
    Text recognition gets a bounded time for the whole file (ocr.TOTAL_TIMEOUT)."""
    with time_budget():
        source = to_text(data, filename)
    return _read(source)


def read_text(text: str) -> Reading:
    """Read a notice from pasted text."""
    if len(text) > MAX_BYTES:
        raise ReaderError("too_large", N_("The file is larger than %(max)s MB."),
                          max=MAX_BYTES // 1_000_000)
    return _read(Source(text, "txt"))


def _confirm(found: dict, pages: list, extractor: Extractor) -> set[str]:
    """Text recognition's reading of what the letter copies letter by letter (names,
    addresses, numbers) is read a second time from its line (ocr.second_reading). A
    value it reads otherwise is left out; one it reads alike is kept, though the first
    reading was unsure of a word or read the same name otherwise elsewhere (a logo, the
    small print): the pointers so borne out."""
    quoted = {p: item.value for p, item in found.items()
              if p.rsplit("/", 1)[-1] in UNSURE_CHECKED and isinstance(item.value, str)}
    doubted = {p: item.value for p, item in extractor.dropped.items()
               if extractor.left_out.get(p) == "ocr_disagrees" and isinstance(item.value, str)}
    said = second_reading(pages, list(dict.fromkeys([*quoted.values(), *doubted.values()])))
    for pointer, value in quoted.items():
        if said.get(value) is False:
            extractor.drop(pointer, "ocr_reread")
    for pointer, value in doubted.items():
        if said.get(value):
            found[pointer] = extractor.dropped.pop(pointer)
            del extractor.left_out[pointer]
    return {p for p, value in {**quoted, **doubted}.items() if said.get(value)}


def _kept(extractor: Extractor, borne_out: set[str], placed: dict) -> list[ReadWarning]:
    """The warning for values text recognition doubted that the reading keeps because
    the provider directory has them letter by letter; what the second reading bore out
    as well needs no word of the directory's."""
    kept = tuple(sorted((p for p in extractor.kept if p not in borne_out and p in placed),
                        key=list(NAMES).index))
    if not kept:
        return []
    return [ReadWarning("directory_kept", Message(KEPT, {
        "fields": Listing(tuple(Message(NAMES[p]) for p in kept))}), kept)]


def _read(source: Source) -> Reading:
    text = clean_text(source.text)
    if source.kind in ("photo", "scan"):
        text = fix_ocr(text)
    reading = Reading(kind=source.kind)
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
        reading.warnings.append(ReadWarning("text_truncated", Message(
            N_("The text is very long; only its beginning was read."))))
    if not text.strip():
        raise ReaderError("no_text", N_("No text could be read from the file."))
    extractor = Extractor(text, source.kind, source.unsure)
    found = extractor.run()
    reading.language = extractor.language
    for code in source.notes:
        reading.warnings.append(ReadWarning(code, Message(NOTES[code])))
    case: dict = {}
    left_out: dict[str, list[str]] = {code: [] for code in LEFT_OUT}
    borne_out = _confirm(found, source.pages, extractor) if source.pages else set()
    for pointer, code in extractor.left_out.items():
        left_out[code].append(pointer)
    for pointer, parser in PARSERS.items():
        item = found.get(pointer)
        if item is None:
            continue
        try:
            parser(item.value)                  # the case's own validation, field by field
        except Exception:                       # case._Invalid: not a value the case takes
            left_out["invalid_value"].append(pointer)
            continue
        name = pointer.rpartition("/")[2]
        if source.unsure and isinstance(item.value, str) and name in UNSURE_CHECKED and \
                pointer not in borne_out and \
                any(word.strip(".,:;()") in source.unsure for word in item.value.split()):
            if not extractor.in_directory(pointer, item.value):
                left_out["ocr_unsure"].append(pointer)
                continue
            extractor.keep(pointer)
        _place(case, pointer, item.value)
        reading.evidence[pointer] = item.evidence
    reading.case = case
    for code, pointers in left_out.items():
        if pointers:
            pointers.sort(key=lambda p: list(NAMES).index(_single(p)))
            reading.warnings.append(ReadWarning(code, Message(LEFT_OUT[code], {
                "fields": Listing(tuple(Message(NAMES[_single(p)]) for p in pointers))}),
                tuple(pointers)))
    reading.warnings.extend(_kept(extractor, borne_out, reading.evidence))
    for pointer, why in extractor.concluded.items():
        if pointer in reading.evidence:
            reading.warnings.append(ReadWarning("concluded", Message(why), (pointer,)))
    reading.warnings.extend(extractor.warnings)
    asked = [p for p in ESSENTIAL if not (p == "/notice/objection_period" and
                                          case.get("contract", {}).get("sector") ==
                                          "health_insurance")]
    # Several prices: their old and new stand for the one price's.
    read = {_single(p) for p in reading.evidence}
    left = {_single(p) for pointers in left_out.values() for p in pointers}
    missing = [p for p in asked if p not in read and p not in left]
    if missing:
        reading.warnings.append(ReadWarning("not_found", Message(
            N_("Not found in the notice, please add: %(fields)s."),
            {"fields": Listing(tuple(Message(ESSENTIAL[p]) for p in missing))}),
            tuple(missing)))
    return reading
