""""Check your answers": each step's answers as the page shows them (choices by their
labels, periods and prices in words), and whether each is still as read from the
notice."""
from __future__ import annotations

from flask_babel import gettext as _

from ..fields import Invalid
from ..prices import fmt_price
from ..typed import period_words, typed_amount
from .forms import CaseForm, period_typed, price_field, price_rows
from .language import ui_lang
from .steps import Step


def answers(form: CaseForm, step: Step, read: dict) -> list[tuple[str, str, str, bool]]:
    """(field id, label, answer as shown, read from the notice) for what the step
    asked."""
    rows = []
    shown = set()
    for name in step.fields:
        section, _, key = name.partition("-")
        target = getattr(getattr(form, section).form, key)
        if name in shown or target.type == "HiddenField":
            continue
        shown.add(name)
        if name in ("notice-period_number", "notice-period_date"):
            continue                            # shown with the period's kind
        if name.startswith("notice-price_"):
            if name == "notice-price_0_old":    # the rows of prices, each on its own
                rows += _price_answers(form.notice.form, read)
            continue
        answer = _answer(form, target, name)
        if answer is None:
            continue
        rows.append((target.id, str(target.label.text), answer, name in read))
    return rows


def _price_answers(notice, read: dict) -> list[tuple[str, str, str, bool]]:
    """One answer per price filled in: its name, and 'from 28,76 ct/kWh to 31,20 ct/kWh'
    as the page's language writes prices (what cannot be read, as typed)."""
    lang, rows = ui_lang(), []
    for row in price_rows(notice):
        def part(name: str, row: int = row):
            return getattr(notice, price_field(row, name))
        unit = part("unit").data or "month"
        old, new = (_price_shown(part(name).data or "", unit, lang) for name in ("old", "new"))
        rows.append((part("old").id, part("name").data or _("Price"),
                     _("from %(old)s to %(new)s", old=old, new=new),
                     # read: both amounts still as the notice stated them
                     all(f"notice-{price_field(row, name)}" in read for name in ("old", "new"))))
    return rows


def _price_shown(typed: str, unit: str, lang: str) -> str:
    try:
        return fmt_price(typed_amount(typed, lang), unit, "EUR", lang)
    except (Invalid, KeyError):     # unreadable, or a unit no choice offers
        return typed or "—"


def _answer(form, target, name: str) -> str | None:
    notice, sector = form.notice.form, form.contract.form.sector.data
    if name in ("notice-period_kind", "notice-required_form") and sector == "health_insurance":
        return None                             # not asked: a reset states neither
    if name == "customer-iban" and not (sector == "bank" and form.options.form.wish.data
                                        in ("both", "terminate")):
        return None
    if name == "options-reserve_refund" and form.options.form.wish.data == "terminate" or \
            name == "options-direct_debit" and sector == "bank":
        return None
    if name == "notice-period_kind":
        kind = notice.period_kind.data
        if kind == "date":
            return notice.period_date.data or ""
        if kind in ("none", None, ""):
            return _choice_label(target, kind)
        try:        # in words, however typed: "4 weeks", "1 month"
            return period_words(period_typed(notice), ui_lang())
        except Invalid:
            return f"{notice.period_number.data or ''} {_choice_label(target, kind)}".strip()
    if name in ("contract-commodity", "contract-basic_supply") and sector != "energy":
        return None
    if name == "contract-annual_consumption_kwh" and not (
            sector == "energy" and form.contract.form.consumer.data == "no"):
        return None
    if target.type == "BooleanField":
        return _("Yes") if target.data else _("No")
    if target.type in ("RadioField", "SelectField"):
        return _choice_label(target, target.data)
    return target.data or "—"


def _choice_label(target, value) -> str:
    for choice in target.choices:
        key, label = (choice.value, choice.label) if hasattr(choice, "value") else choice[:2]
        if key == value:
            return str(label)
    return str(value or "—")
