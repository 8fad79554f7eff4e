"""The notice's prices as people read them, in one language: '29,99 € monatlich',
'32,50 ct/kWh', and several prices each with its name. The letters, the follow-up
letters and the pages all say them this way, so that a price reads the same everywhere
and never as the case JSON writes it ("0.3250")."""
from __future__ import annotations

from decimal import Decimal

from .case import Price
from .i18n import N_, fmt_amount, fmt_list, gettext
from .vocabulary import PRICE_UNITS, by_key


def fmt_price(amount: Decimal, unit: str, currency: str, lang: str) -> str:
    """'29,99 € monatlich' / '€29.99 per month'; per kWh in cents: '32,50 ct/kWh'."""
    value = fmt_amount(amount, currency, lang, per_kwh=unit == "kWh")
    return value if unit == "kWh" else f"{value} {gettext(lang, by_key(PRICE_UNITS, unit).label)}"


def named(text: str, price: Price, lang: str) -> str:
    """A price with the name the notice gives it: '28,76 ct/kWh (Arbeitspreis)'."""
    return gettext(lang, N_("%(price)s (%(name)s)")) % {"price": text, "name": price.name} \
        if price.name else text


def prices_text(prices: tuple[Price, ...], which: str, currency: str, lang: str) -> str:
    """The old (`which="old"`) or new prices: one alone as '19,99 € monatlich'; several
    each with its name, '28,76 ct/kWh (Arbeitspreis) und 119,40 € jährlich (Grundpreis)'."""
    texts = [fmt_price(getattr(p, which), p.unit, currency, lang) for p in prices]
    if len(prices) == 1:
        return texts[0]
    return fmt_list([named(t, p, lang) for t, p in zip(texts, prices)], lang)


def changes_text(prices: tuple[Price, ...], currency: str, lang: str) -> str:
    """Each price's change with its name: 'Arbeitspreis von 28,76 ct/kWh auf 31,20 ct/kWh
    und Grundpreis von 119,40 € jährlich auf 143,40 € jährlich'."""
    msgid = N_("%(name)s from %(old)s to %(new)s")

    def change(p: Price) -> str:
        old, new = p.amounts
        return gettext(lang, msgid) % {
            "name": p.name, "old": fmt_price(old, p.unit, currency, lang),
            "new": fmt_price(new, p.unit, currency, lang)}

    return fmt_list([change(p) for p in prices], lang)
