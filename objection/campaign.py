"""A campaign: the facts of one price-change notice that a provider sent to many
customers alike, and the share link that carries them to the next one.

The facts are the notice's, never a customer's: the provider and its address, the
sector and tariff, the prices before and after, the day of the change, the objection
period and form, and the day (or days) the notice is dated. No name, customer or
contract number, customer's address, signature or day of receipt: those are each
recipient's own, and the link is meant to be passed on in public.

Facts are a partial case JSON (docs/design.md 6.1) and are checked by the case's own
validation (case.from_dict), so a link with tampered or impossible facts gets the
errors the form gives, with the same paths and messages.

A share link's token, version 1: "1", then base64url (RFC 4648 section 5, unpadded) of
the raw DEFLATE (RFC 1951) of a JSON array of the facts by position (SLOTS), absent
ones as "" and trailing ones left out. Measured on the seed notice
(tests/fixtures/hosting_1und1.json): 213 characters of token; a query string of named
fields took about 190 for the same facts, but would not survive the ?lang= switch.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from .case import Case, CaseError, FieldError, from_dict
from .deadlines import Period
from .i18n import Message, N_, fmt_date, gettext
from .prices import changes_text, fmt_price
from .typed import period_words
from .vocabulary import FORMS, SECTORS, by_key
from .postcodes import state_for, town_line

VERSION = "1"
# The case paths a link carries, by position in its array. New facts are appended (the
# order is the format); a change of meaning needs a new VERSION.
SLOTS = (
    "provider.name", "provider.street", "provider.postal_code", "provider.city",
    "contract.sector", "contract.tariff", "notice.date", "notice.effective",
    "notice.prices", "notice.objection_period", "notice.required_form",
    "sent_until", "provider.fax", "provider.email", "provider.country",
    "provider.department", "notice.names_termination_right", "contract.commodity",
    "contract.basic_supply", "contract.bundled_with_internet", "letter.state",
)
PRICE_PARTS = ("name", "old", "new", "unit")
# What a missing slot means: the case's default, so it need not travel.
_DEFAULTS = {"provider.country": "DE", "notice.required_form": "unknown",
             "contract.basic_supply": False,
             "contract.bundled_with_internet": False}
_PRICE_DEFAULTS = {"name": "", "unit": "month"}
MAX_TOKEN = 2000            # characters: far above any real notice's facts
_MAX_JSON = 8 * 1024        # bytes of the inflated array, bounded before it is parsed

DAMAGED = N_("This link is incomplete or damaged: copy the whole link again, or ask "
             "whoever sent it for a new one.")
NEWER = N_("This link was made by a newer version of this service: ask whoever sent it "
           "for a new one.")


@dataclass(frozen=True)
class Facts:
    """A notice's facts, checked: `data` a partial case JSON with only the fields of
    SLOTS (defaults left out), `sent_until` the last day the notice is dated when the
    provider dated its letters over several days (the first is notice.date)."""

    data: dict
    # The facts as the case model reads them (for their words); a placeholder customer.
    case: Case = field(compare=False, repr=False)
    sent_until: dt.date | None = None

    def get(self, path: str) -> Any:
        section, _, name = path.partition(".")
        return self.data.get(section, {}).get(name)

    @property
    def sent_from(self) -> dt.date:
        return dt.date.fromisoformat(self.data["notice"]["date"])

    @property
    def effective(self) -> dt.date:
        return dt.date.fromisoformat(self.data["notice"]["effective"])


# --- Facts from a case, checked -------------------------------------------------------------

def facts_of(case: dict) -> dict:
    """The facts of a case JSON (as typed: not yet checked), nothing else of it."""
    out: dict = {}
    for path in SLOTS:
        section, _, name = path.partition(".")
        if not name:
            continue
        found = case.get(section)
        part = found if isinstance(found, dict) else {}
        if name == "prices":
            prices = part.get("prices") or _legacy_price(part)
            if prices:
                out.setdefault(section, {})["prices"] = prices
        elif part.get(name) not in (None, ""):
            out.setdefault(section, {})[name] = part[name]
    return out


def _legacy_price(notice: dict) -> list:
    price = {"old": notice.get("old_price"), "new": notice.get("new_price"),
             "unit": notice.get("price_unit")}
    return [{k: v for k, v in price.items() if v not in (None, "")}] \
        if any(notice.get(k) not in (None, "") for k in ("old_price", "new_price")) else []


def check(data: Any, sent_until: Any = None) -> Facts:
    """The facts checked by the case's own validation; CaseError with the errors of the
    facts alone (what a recipient adds, such as their name, is not asked here)."""
    if not isinstance(data, dict):
        raise CaseError([FieldError("", Message(N_("Expected a JSON object.")))])
    errors = _not_facts(data)
    try:
        case = from_dict({**data, "customer": _PLACEHOLDER})
    except CaseError as exc:
        case = None
        errors += [e for e in exc.errors if of_facts(e.path, _abroad(data))]
    until = _sent_until(sent_until, data, errors)
    if errors or case is None:
        raise CaseError(errors or [_damaged_error()])
    return Facts(_compact(case.to_dict()), case, until)


# What from_dict requires of a customer; never kept (_compact takes only SLOTS).
_PLACEHOLDER = {"name": "-", "street": "-", "postal_code": "10115", "city": "-"}
# Fields of the case JSON that give the prices besides `prices`.
_PRICE_KEYS = ("old_price", "new_price", "price_unit", "currency")


def _not_facts(data: dict) -> list[FieldError]:
    """A field the case knows but a link must not carry (a name, the day of receipt)."""
    carried = {path for path in SLOTS if "." in path} | {f"notice.{k}" for k in _PRICE_KEYS}
    errors = []
    for section, part in data.items():
        names = part if isinstance(part, dict) else {"": None}
        for name in names:
            path = f"{section}.{name}".rstrip(".")
            if path not in carried:
                errors.append(FieldError(path, Message(N_(
                    "A shared notice carries only what the provider wrote to everyone: "
                    "%(field)s is not one of its facts."), {"field": path})))
    return errors


def _abroad(data: dict) -> bool:
    provider = data.get("provider")
    return isinstance(provider, dict) and provider.get("country") not in (None, "", "DE")


def of_facts(path: str, abroad: bool = False) -> bool:
    """An error a notice's facts can have. For a provider abroad the holidays are the
    customer's own state's (docs/rules.md R6), which only the recipient can say."""
    if path.startswith(("customer.", "options.", "signature.", "history")):
        return False
    return not (abroad and path == "letter.state")


def _sent_until(value: Any, data: dict, errors: list[FieldError]) -> dt.date | None:
    """The last day the notice is dated, not before the first."""
    if value in (None, ""):
        return None
    try:
        until = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        until = None
    if until is None:
        errors.append(FieldError("sent_until", Message(N_(
            "Not a valid date: write it as year-month-day, such as 2026-09-03."))))
        return None
    first = (data.get("notice") or {}).get("date") if isinstance(data.get("notice"), dict) \
        else None
    if isinstance(first, str) and first[:10] > until.isoformat():
        errors.append(FieldError("sent_until", Message(N_(
            "The last day the notice was dated cannot be before the first."))))
    return until


def _compact(case: dict) -> dict:
    """The facts of a checked case without the defaults (they need not travel); the
    holiday state only where the provider's postal code does not tell it."""
    out: dict = {}
    for path in SLOTS:
        section, _, name = path.partition(".")
        value = (case.get(section) or {}).get(name)
        if name == "prices":
            value = _prices(case["notice"])
        if value in (None, "") or _DEFAULTS.get(path, object()) == value:
            continue
        if path == "letter.state" and (_abroad(case) or value == state_for(
                case["provider"].get("postal_code", ""))):
            continue
        out.setdefault(section, {})[name] = value
    return out


def _prices(notice: dict) -> list[dict]:
    prices = notice.get("prices") or _legacy_price(notice)
    return [{k: v for k, v in p.items() if _PRICE_DEFAULTS.get(k) != v} for p in prices]


# --- The link's token ---------------------------------------------------------------------

def encode(facts: Facts) -> str:
    """The token of a share link (URL-safe; see the module's docstring)."""
    slots = [_slot(facts, path) for path in SLOTS]
    while slots and slots[-1] == "":
        slots.pop()
    data = json.dumps(slots, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)     # raw: no header, no checksum
    packed = deflate.compress(data) + deflate.flush()
    return VERSION + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def _slot(facts: Facts, path: str) -> Any:
    if path == "sent_until":
        return facts.sent_until.isoformat() if facts.sent_until else ""
    value = facts.get(path)
    if path == "notice.prices":
        return [_price_row(p) for p in value]
    return "" if value is None else value


def _price_row(price: dict) -> list:
    row = [price.get(part, "") for part in PRICE_PARTS]
    while row and row[-1] == "":
        row.pop()
    return row


def decode(token: str) -> Facts:
    """The facts of a share link's token, checked as the form checks them: CaseError
    with every problem, one for a token that is not a link's at all."""
    return check(*unpack(token))


def unpack(token: str) -> tuple[dict, Any]:
    """The facts of a token as it carries them, unchecked: (partial case, sent_until)."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        raise _damaged()
    if token[0] != VERSION:
        raise CaseError([FieldError("", Message(NEWER if token[0].isdigit() else DAMAGED))])
    try:
        packed = base64.urlsafe_b64decode(token[1:] + "=" * (-len(token[1:]) % 4))
        inflater = zlib.decompressobj(-15)
        raw = inflater.decompress(packed, _MAX_JSON)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("too long or cut off")
        slots = json.loads(raw)
    except (binascii.Error, zlib.error, ValueError, RecursionError):
        raise _damaged() from None
    if not isinstance(slots, list) or len(slots) > len(SLOTS):
        raise _damaged()
    data: dict = {}
    sent_until = None
    for path, value in zip(SLOTS, slots):
        if value == "":
            continue
        if path == "sent_until":
            sent_until = value
        elif path == "notice.prices":
            data.setdefault("notice", {})["prices"] = _price_items(value)
        else:
            section, _, name = path.partition(".")
            data.setdefault(section, {})[name] = value
    return data, sent_until


def _price_items(rows: Any) -> Any:
    """Rows back into price objects; anything else is left for the case's check to name."""
    if not isinstance(rows, list):
        return rows
    return [dict(zip(PRICE_PARTS, row)) if isinstance(row, list) and len(row) <= 4 else row
            for row in rows]


def _damaged_error() -> FieldError:
    return FieldError("", Message(DAMAGED))


def _damaged() -> CaseError:
    return CaseError([_damaged_error()])


# --- In words --------------------------------------------------------------------------------

def rows(facts: Facts, lang: str) -> list[tuple[str, str]]:
    """(label, text) for each fact, in `lang`: what the link carries, as people read it."""
    def _(msgid: str) -> str:
        return gettext(lang, msgid)

    case = facts.case
    provider, notice = case.provider, case.notice
    town = town_line(provider.postal_code, provider.city, provider.country)
    address = ", ".join(filter(None, (provider.name, provider.department, provider.street,
                                      town)))
    out = [(_("Provider"), address)]
    out += [(_(label), value) for label, value in (
        (N_("Fax"), provider.fax), (N_("E-mail"), provider.email)) if value]
    out.append((_("Kind of contract"), _(by_key(SECTORS, case.contract.sector).label)))
    if case.contract.tariff:
        out.append((_("Tariff"), case.contract.tariff))
    out.append((_("What changes"), price_change(facts, lang)))
    out.append((_("New price from"), fmt_date(facts.effective, lang)))
    out.append((_("Objection period"), period(facts, lang)))
    out.append((_("How to object"), _(by_key(FORMS, notice.required_form).label)))
    out.append((_("Notice dated"), dated(facts, lang)))
    return out


def price_change(facts: Facts, lang: str) -> str:
    """'from 39,90 € monthly to 42,90 € monthly', or each price by its name."""
    notice = facts.case.notice
    if len(notice.prices) == 1 and not notice.prices[0].name:
        p = notice.prices[0]
        old, new = p.amounts
        return gettext(lang, N_("from %(old)s to %(new)s")) % {
            "old": fmt_price(old, p.unit, notice.currency, lang),
            "new": fmt_price(new, p.unit, notice.currency, lang)}
    return changes_text(notice.prices, notice.currency, lang)


def period(facts: Facts, lang: str) -> str:
    value = facts.case.notice.objection_period
    if isinstance(value, Period):
        return period_words(value, lang)
    if isinstance(value, dt.date):
        return gettext(lang, N_("until %(date)s")) % {"date": fmt_date(value, lang)}
    return gettext(lang, N_("none named"))


def dated(facts: Facts, lang: str) -> str:
    """The notice's date, or the days over which the provider dated it."""
    first = fmt_date(facts.sent_from, lang)
    if not facts.sent_until or facts.sent_until == facts.sent_from:
        return first
    return gettext(lang, N_("between %(first)s and %(last)s")) % {
        "first": first, "last": fmt_date(facts.sent_until, lang)}


def deadline_rule(facts: Facts, lang: str) -> str:
    """The deadline rule in one sentence. A period runs from the day the notice reached
    each customer, which the day does not count (section 187(1) BGB); a named last day
    is the same for all."""
    notice, provider = facts.case.notice, facts.case.provider.name
    value = notice.objection_period
    if isinstance(value, Period):
        return gettext(lang, N_(
            "Your objection must reach %(provider)s within %(period)s of the day the "
            "notice reached you (that day does not count); this site works out your own "
            "last day.")) % {"provider": provider, "period": period_words(value, lang)}
    if isinstance(value, dt.date):
        return gettext(lang, N_("Your objection must reach %(provider)s by %(date)s.")) % {
            "provider": provider, "date": fmt_date(value, lang)}
    return gettext(lang, N_(
        "The notice names no period for objecting: make sure your objection reaches "
        "%(provider)s before %(date)s, the day the new price is to apply.")) % {
        "provider": provider, "date": fmt_date(facts.effective, lang)}
