"""A reading as text for people (the `read` command without --json)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..i18n import N_, fmt_amount, fmt_date, gettext
from ..typed import period_words, typed_period
from .errors import Reading

LABELS = {
    "/provider/name": N_("Provider"),
    "/provider/street": N_("Street"),
    "/provider/postal_code": N_("Postal code"),
    "/provider/city": N_("City"),
    "/provider/country": N_("Country"),
    "/customer/name": N_("Your name"),
    "/customer/street": N_("Your street"),
    "/customer/postal_code": N_("Your postal code"),
    "/customer/city": N_("Your town"),
    "/customer/customer_number": N_("Customer number"),
    "/customer/contract_number": N_("Contract number"),
    "/contract/sector": N_("Sector"),
    "/contract/tariff": N_("Tariff"),
    "/notice/date": N_("Date of the notice"),
    "/notice/effective": N_("New price from"),
    "/notice/old_price": N_("Old price"),
    "/notice/new_price": N_("New price"),
    "/notice/currency": N_("Currency"),
    "/notice/price_unit": N_("Price per"),
    "/notice/objection_period": N_("Period to object"),
    "/notice/required_form": N_("Form of the objection"),
    "/notice/names_termination_right": N_("Names your right to terminate"),
}
# The parts of one of several prices (/notice/prices/1/new).
PRICE_LABELS = {"name": N_("Name of the price"), "old": N_("Old price"),
                "new": N_("New price"), "unit": N_("Price per")}
VALUES = {
    "telecom": N_("telecommunications"), "energy": N_("energy"),
    "insurance": N_("insurance"), "health_insurance": N_("private health insurance"),
    "bank": N_("bank"), "subscription": N_("subscription"), "hosting": N_("hosting"),
    "other": N_("other"), "written": N_("in writing (a signed letter)"),
    "text": N_("text form (e-mail, online form or letter)"), "none": N_("any form"),
    "month": N_("month"), "quarter": N_("quarter"), "year": N_("year"), "kWh": "kWh",
}


def label(pointer: str) -> str:
    """The msgid that names the value at a pointer."""
    if pointer.startswith("/notice/prices/"):
        return PRICE_LABELS[pointer.rsplit("/", 1)[-1]]
    return LABELS[pointer]


def _value(pointer: str, value: object, case: dict, lang: str) -> str:
    def _(msgid: str) -> str:
        return gettext(lang, msgid)

    name = pointer.rsplit("/", 1)[-1]
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in ("date", "effective"):
        return fmt_date(dt.date.fromisoformat(value), lang)
    if name == "objection_period" and len(value) == 10:
        return _("until %(date)s") % {"date": fmt_date(dt.date.fromisoformat(value), lang)}
    if name == "objection_period":      # in words, as the notice says it: "4 Wochen"
        return period_words(typed_period(value), lang)
    if name in ("old_price", "new_price", "old", "new"):
        unit_at = (pointer.rsplit("/", 1)[0] + "/unit" if name in ("old", "new")
                   else "/notice/price_unit")
        per_kwh = _at(case, unit_at) == "kWh"
        return fmt_amount(Decimal(value), "EUR", lang, per_kwh=per_kwh)
    if isinstance(value, str) and value in VALUES and name in ("sector", "required_form",
                                                                "price_unit", "unit"):
        return _(VALUES[value])
    return str(value)


def _at(case: dict, pointer: str) -> object:
    return Reading(case=case).get(pointer)


def _shown_pointers(reading: Reading) -> list[str]:
    """The pointers in the order of LABELS, several prices each part in place of the
    one price's."""
    out = []
    for pointer in LABELS:
        if pointer == "/notice/old_price":
            out += [f"/notice/prices/{i}/{part}"
                    for i in range(len(reading.get("/notice/prices") or ()))
                    for part in PRICE_LABELS]
        out.append(pointer)
    return out


def render_summary(reading: Reading, lang: str) -> str:
    def _(msgid: str) -> str:
        return gettext(lang, msgid)

    lines = [_("Read from your notice – please check every value:")]
    if not reading.evidence:
        lines.append("  " + _("(nothing could be read)"))
    width = max((len(_(text)) for text in [*LABELS.values(), *PRICE_LABELS.values()]),
                default=0)
    shown = None
    for pointer in _shown_pointers(reading):
        value = reading.get(pointer)
        if value is None:
            continue
        lines.append(f"  {_(label(pointer)) + ':':<{width + 1}} "
                     f"{_value(pointer, value, reading.case, lang)}")
        snippet = reading.evidence.get(pointer)
        if snippet and not snippet.startswith("(") and snippet != shown:
            lines.append(f"  {'':<{width + 1}}   « {snippet} »")
            shown = snippet
    for warning in reading.warnings:
        lines.append(f"! [{warning.code}] {warning.message.render(lang)}")
    return "\n".join(lines)
