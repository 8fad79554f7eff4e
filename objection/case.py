"""The case: what the customer typed in, as dataclasses, parsed and validated from the
case JSON of docs/design.md 6.1 and written back to it.

Every problem becomes a `FieldError` with the field's path (`notice.received`) and a
translatable message, so the CLI, the API and the form can each say it their way.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any
from collections.abc import Callable

from .deadlines import STATES, Period
from .fields import (Invalid, boolean, choice, country_code, email_address, fax_number,
                     iban_number, integer, iso_date, money, period_or_date, signature_image,
                     state_code, text)
from .i18n import LANGUAGES, Message, N_, Plural
from .postcodes import state_for, states_for
from .vocabulary import (COMMODITIES, DELIVERIES, DEMANDS, DIRECT_DEBIT, EVENTS, FORMS,
                         PRICE_UNITS, RESET_REASONS, RESET_TRUSTEE, SECTORS,
                         SIGNATURE_MODES, StateName, by_key, keys)


@dataclass(frozen=True)
class FieldError:
    path: str               # dotted path into the case JSON, e.g. "notice.received"
    message: Message | Plural

    @property
    def pointer(self) -> str:
        """The same path as an RFC 6901 JSON pointer: /notice/received."""
        return "/" + self.path.replace("~", "~0").replace(".", "/") if self.path else ""

    def render(self, lang: str) -> str:
        return self.message.render(lang)


class CaseError(ValueError):
    """The case JSON has errors; `errors` lists them (at most MAX_ERRORS, then one that
    counts the rest)."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.path}: {e.render('en')}" for e in errors))
        self.errors = errors


MAX_ERRORS = 20


class _Errors(list):
    """The errors found so far: the first MAX_ERRORS are kept, the rest only counted, so
    that a case with 90,000 unknown keys costs no more than one with 21."""

    more = 0

    def append(self, error: FieldError) -> None:
        if len(self) < MAX_ERRORS:
            super().append(error)
        else:
            self.more += 1

    def listed(self) -> list[FieldError]:
        if not self.more:
            return list(self)
        return [*self, FieldError("", Plural("… and %(num)d more problem.",
                                             "… and %(num)d more problems.", self.more))]


def parse_json(raw: bytes | str) -> Any:
    """Untrusted JSON. ValueError for anything that is not JSON, including nesting too
    deep for the parser (which would otherwise end in a RecursionError)."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise ValueError("nested too deeply") from None


# --- The model -------------------------------------------------------------------------

def _spec(parser: Callable[[Any], Any], required: str | None = None, default: Any = None):
    """A field: its parser, and for a required field what to say when it is missing."""
    return field(default=default, metadata={"parser": parser, "required": required})


@dataclass(frozen=True)
class Customer:
    name: str = _spec(text(100), required=N_("Enter your full name."), default="")
    street: str = _spec(text(100), required=N_("Enter your street and house number."),
                        default="")
    postal_code: str = _spec(text(10), required=N_("Enter your postal code."), default="")
    city: str = _spec(text(60), required=N_("Enter your town or city."), default="")
    country: str = _spec(country_code, default="DE")
    email: str = _spec(email_address, default="")
    customer_number: str = _spec(text(60), default="")
    contract_number: str = _spec(text(60), default="")
    # Where a bank transfers the balance when the account ends (§ 675h Abs. 3 BGB).
    iban: str = _spec(iban_number, default="")


@dataclass(frozen=True)
class Provider:
    name: str = _spec(text(100), required=N_("Enter the provider's company name."),
                      default="")
    # A department or "z. Hd." line between the name and the street.
    department: str = _spec(text(100), default="")
    street: str = _spec(text(100), required=N_("Enter the provider's street or PO box."),
                        default="")
    postal_code: str = _spec(text(10), required=N_("Enter the provider's postal code."),
                             default="")
    city: str = _spec(text(60), required=N_("Enter the provider's town or city."),
                      default="")
    country: str = _spec(country_code, default="DE")
    fax: str = _spec(fax_number, default="")
    email: str = _spec(email_address, default="")


@dataclass(frozen=True)
class Contract:
    sector: str = _spec(choice(keys(SECTORS)), required=N_("Choose the kind of contract."),
                        default="other")
    tariff: str = _spec(text(100), default="")
    start_date: dt.date | None = _spec(iso_date)
    consumer: bool = _spec(boolean, default=True)
    bundled_with_internet: bool = _spec(boolean, default=False)
    basic_supply: bool = _spec(boolean, default=False)
    # Energy: electricity or gas (which regulation and rulings apply), and for a
    # business the yearly consumption (up to 10,000 kWh it is a household customer,
    # section 3 no. 22 EnWG; unknown counts as household, the safe side).
    commodity: str | None = _spec(choice(keys(COMMODITIES)))
    annual_consumption_kwh: int | None = _spec(integer(0, 100_000_000))

    @property
    def energy_commodity(self) -> str:
        """The commodity, or, where not given, what the tariff's name says; else
        electricity (by far the more common), which the assessment says it assumed."""
        if self.commodity:
            return self.commodity
        return "gas" if _GAS.search(self.tariff) else "electricity"


_GAS = re.compile(r"(?i)(?<![a-zäöü])(erd)?gas|gas(?![a-zäöü])")


@dataclass(frozen=True)
class Price:
    """One price the notice changes: energy a working price per kWh and a standing
    charge per year, telecom a base fee and an option. The name is the notice's own
    ("Arbeitspreis"); a notice that changes one price may leave it out."""

    name: str = _spec(text(60), default="")
    old: Decimal | None = _spec(money, required=N_("Enter the price before the increase."))
    new: Decimal | None = _spec(money, required=N_("Enter the price after the increase."))
    unit: str = _spec(choice(keys(PRICE_UNITS)), default="month")

    @property
    def per_kwh(self) -> bool:
        return self.unit == "kWh"

    @property
    def amounts(self) -> tuple[Decimal, Decimal]:
        """The old and the new amount: both required, so every price of a validated case
        has them (from_dict refuses one without)."""
        assert self.old is not None and self.new is not None, "a validated price has both"
        return self.old, self.new


# The case JSON's first form of a notice with one price: old_price, new_price and
# price_unit, still read and written for a single unnamed price (docs/design.md 6.1).
LEGACY_PRICE = {"old": "old_price", "new": "new_price", "unit": "price_unit"}
MAX_PRICES = 4


@dataclass(frozen=True)
class Notice:
    date: dt.date | None = _spec(iso_date, required=N_("Enter the date printed on the notice."))
    received: dt.date | None = _spec(iso_date)
    # Parsed by _parse_prices: a list, or the legacy triple.
    prices: tuple[Price, ...] = field(default=(), metadata={"parser": None, "required": None})
    currency: str = _spec(choice(("EUR",)), default="EUR")
    effective: dt.date | None = _spec(iso_date,
                                      required=N_("Enter the day the new price is to apply."))
    objection_period: Period | dt.date | None = _spec(period_or_date)
    required_form: str = _spec(choice(keys(FORMS)), default="unknown")
    names_termination_right: bool = _spec(boolean, default=True)

    @property
    def per_kwh(self) -> bool:
        """Some price is per kWh: a bill's kWh count."""
        return any(p.per_kwh for p in self.prices)

    @property
    def legacy(self) -> bool:
        """One unnamed price, written as old_price/new_price/price_unit."""
        return len(self.prices) == 1 and not self.prices[0].name

    @property
    def trigger(self) -> dt.date:
        """Z. Section 187(1) BGB counts from receipt; unknown receipt: the notice's own
        date, the earlier and so the safe one (docs/rules.md R1)."""
        day = self.received or self.date
        # The notice's date is required: from_dict refuses a notice without it.
        assert day is not None, "a validated notice has its date"
        return day


@dataclass(frozen=True)
class Options:
    object: bool = _spec(boolean, default=True)
    terminate_fallback: bool = _spec(boolean, default=False)
    confirmation_days: int = _spec(integer(7, 60), default=14)
    reserve_refund: bool = _spec(boolean, default=True)
    delivery: str = _spec(choice(keys(DELIVERIES)), default="registered_mail")
    direct_debit: str = _spec(choice(keys(DIRECT_DEBIT)), default="keep")


@dataclass(frozen=True)
class LetterOptions:
    language: str = _spec(choice(LANGUAGES), default="de")
    place: str = _spec(text(60), default="")
    date: dt.date | None = _spec(iso_date)
    state: str | None = _spec(state_code)


@dataclass(frozen=True)
class Signature:
    mode: str = _spec(choice(keys(SIGNATURE_MODES)), default="handwritten")
    image: str = _spec(signature_image, default="")


@dataclass(frozen=True)
class Event:
    """One thing that happened after the objection (the case's "history"): the day, and
    what the follow-up letters cite of it. Which fields an event needs besides its date
    is in vocabulary.EVENTS."""

    type: str = _spec(choice(keys(EVENTS)), required=N_("Say what happened."), default="")
    date: dt.date | None = _spec(iso_date, required=N_("Enter the day it happened."))
    # objection_sent: how it went, and the posting receipt's number for the next letter.
    delivery: str | None = _spec(choice(keys(DELIVERIES)))
    tracking: str = _spec(text(40), default="")
    # bill: the billing period, what was charged for it (else old and new price by
    # days), for prices per kWh the consumption in that period and, where the bill
    # states it, the part of it billed at the new price (else split by days), and the
    # day it was paid, from which limitation runs (§ 199(1) BGB; else the bill's date).
    period_from: dt.date | None = _spec(iso_date)
    period_to: dt.date | None = _spec(iso_date)
    charged: Decimal | None = _spec(money)
    kwh: Decimal | None = _spec(money)
    kwh_new: Decimal | None = _spec(money)
    paid: dt.date | None = _spec(iso_date)
    # provider_terminates: the day the provider says the contract ends.
    ends: dt.date | None = _spec(iso_date)
    # provider_demands: what its letter does, and the amount it demands (optional).
    demand: str | None = _spec(choice(keys(DEMANDS)))
    amount: Decimal | None = _spec(money)
    # provider_insists, private health insurance: whether the insurer's answer gives the
    # reasons for the reset and shows the trustee's approval (§ 203 Abs. 2, 5 VVG).
    reasons: str | None = _spec(choice(keys(RESET_REASONS)))
    trustee: str | None = _spec(choice(keys(RESET_TRUSTEE)))


MAX_EVENTS = 60
_EVENT_NEEDS = {
    "delivery": N_("Say how you sent it."),
    "period_from": N_("Enter the first day the bill covers."),
    "period_to": N_("Enter the last day the bill covers."),
    "kwh": N_("Enter the kWh the bill charges: the price is per kWh."),
    "ends": N_("Enter the day the provider says the contract ends."),
    "demand": N_("Say what the provider's letter does."),
}


@dataclass(frozen=True)
class Case:
    customer: Customer = field(default_factory=Customer)
    provider: Provider = field(default_factory=Provider)
    contract: Contract = field(default_factory=Contract)
    notice: Notice = field(default_factory=Notice)
    options: Options = field(default_factory=Options)
    letter: LetterOptions = field(default_factory=LetterOptions)
    signature: Signature = field(default_factory=Signature)
    history: tuple[Event, ...] = ()

    @property
    def provider_abroad(self) -> bool:
        return self.provider.country != "DE"

    @property
    def customer_state(self) -> str | None:
        """The customer's own state where the postal code tells it."""
        return state_for(self.customer.postal_code) if self.customer.country == "DE" else None

    def events(self, kind: str) -> tuple[Event, ...]:
        """The history's events of one kind, oldest first."""
        return tuple(sorted((e for e in self.history if e.type == kind),
                            key=lambda e: e.date or dt.date.min))

    def to_dict(self) -> dict:
        """The case JSON (docs/design.md 6.1); `from_dict(to_dict())` gives the same case.
        A case without a history is written as before it existed."""
        out: dict[str, Any] = {name: _section_to_dict(getattr(self, name))
                               for name in SECTIONS}
        if self.history:
            out["history"] = [_section_to_dict(e) for e in self.history]
        return out


def _sections() -> dict[str, type]:
    """Every field of Case but the history, by name: each section's class, which is also
    its default."""
    out: dict[str, type] = {}
    for f in fields(Case):
        if isinstance(f.default_factory, type):
            out[f.name] = f.default_factory
    return out


SECTIONS = _sections()


def _section_to_dict(section: Any) -> dict:
    out = {}
    for f in fields(section):
        value = getattr(section, f.name)
        if value is None:
            continue
        if f.name == "prices":
            out.update(_prices_to_dict(section))
            continue
        if isinstance(value, (dt.date, Decimal, Period)):
            value = value.isoformat() if isinstance(value, dt.date) else str(value)
        out[f.name] = value
    return out


def _prices_to_dict(notice: Notice) -> dict:
    """One unnamed price as the legacy triple; several (or a named one) as the list,
    and the first of them in the triple too: older versions and other tools read the
    price the notice leads with where it always stood."""
    if not notice.prices:
        return {}
    first = _section_to_dict(notice.prices[0])
    out = {LEGACY_PRICE[k]: v for k, v in first.items() if k in LEGACY_PRICE}
    if not notice.legacy:
        out["prices"] = [_section_to_dict(p) for p in notice.prices]
    return out


def _parse_section(cls: type, data: Any, path: str, errors: list[FieldError],
                   extra: tuple[str, ...] = ()) -> Any:
    """A section's fields by their parsers; `extra` keys are known but parsed by the
    caller (the notice's prices)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        errors.append(FieldError(path, Message(N_("Expected an object."))))
        return cls()
    known = {f.name: f for f in fields(cls)}
    for key in data:
        if key not in known and key not in extra:
            errors.append(FieldError(f"{path}.{key}", Message(
                N_("Unknown field %(field)s: check the spelling (known fields: %(known)s)."),
                {"field": repr(key), "known": ", ".join([*known, *extra])})))
    values = {}
    for name, f in known.items():
        raw = data.get(name)
        if f.metadata["parser"] is None:
            continue
        if raw is None or raw == "":
            if f.metadata["required"]:
                errors.append(FieldError(f"{path}.{name}", Message(f.metadata["required"])))
            continue
        try:
            values[name] = f.metadata["parser"](raw)
        except Invalid as exc:
            errors.append(FieldError(f"{path}.{name}", exc.message))
    return cls(**values)


def _parse_notice(data: Any, errors: list[FieldError]) -> Notice:
    notice = _parse_section(Notice, data, "notice", errors, extra=tuple(LEGACY_PRICE.values()))
    if data is None or isinstance(data, dict):
        notice = replace(notice, prices=_parse_prices(data or {}, errors))
    return notice


def _parse_prices(notice: dict, errors: list[FieldError]) -> tuple[Price, ...]:
    """The prices: the list `prices`, or the legacy triple as one unnamed price; both
    where the triple repeats the list's first price."""
    listed = notice.get("prices")
    legacy = {k: notice[v] for k, v in LEGACY_PRICE.items() if notice.get(v) not in (None, "")}
    # The legacy triple's errors keep its own paths (notice.old_price).
    found: list[FieldError] = []
    single = _parse_section(Price, legacy, "notice", found)
    if listed is None:
        errors.extend(replace(e, path="notice." + LEGACY_PRICE[e.path.partition(".")[2]])
                      for e in found)
        return (single,)
    prices = _parse_list(listed, errors)
    if legacy and prices and (found or (single.old, single.new, single.unit) !=
                              (prices[0].old, prices[0].new, prices[0].unit)):
        errors.append(FieldError("notice.prices", Message(N_(
            "old_price, new_price and price_unit repeat the first price of prices, and "
            "here they differ from it: give the prices once, as the list."))))
    return prices


def _parse_list(listed: Any, errors: list[FieldError]) -> tuple[Price, ...]:
    if not isinstance(listed, list):
        errors.append(FieldError("notice.prices", Message(N_(
            "Expected a list of prices, each with old, new and unit."))))
        return ()
    if not listed:
        errors.append(FieldError("notice.prices", Message(N_(
            "Enter the prices the notice changes."))))
        return ()
    if len(listed) > MAX_PRICES:
        errors.append(FieldError("notice.prices", Message(N_(
            "At most %(max)s prices; keep the ones the notice raises."), {"max": MAX_PRICES})))
        return ()
    prices = tuple(_parse_section(Price, item, f"notice.prices.{i}", errors)
                   for i, item in enumerate(listed))
    if len(prices) > 1:
        for i, price in enumerate(prices):
            if not price.name:
                errors.append(FieldError(f"notice.prices.{i}.name", Message(N_(
                    "Name each price as the notice does (such as working price or standing "
                    "charge): the letter names them."))))
    return prices


def _check_consistency(case: Case, errors: list[FieldError], today: dt.date | None) -> Case:
    """Rules across fields; fills in the holiday state from the provider's postal code."""
    notice = case.notice
    if notice.received and today and notice.received > today:
        errors.append(FieldError("notice.received", Message(
            N_("The date you received the notice cannot be in the future (today is "
               "%(today)s)."), {"today": today})))
    elif notice.received and notice.date and notice.received < notice.date:
        errors.append(FieldError("notice.received", Message(
            N_("The day you received the notice cannot be before the date printed on it."))))
    letter_date, first = case.letter.date, notice.received or notice.date
    received_wrong = any(e.path == "notice.received" for e in errors)
    if letter_date and first and letter_date < first and not received_wrong:
        errors.append(FieldError("letter.date", Message(
            N_("Your letter cannot be dated before you received the notice (%(date)s)."),
            {"date": first})))
    if not (case.options.object or case.options.terminate_fallback):
        errors.append(FieldError("options.object", Message(
            N_("Choose to object, to terminate, or both: otherwise the letter says nothing."))))
    elif case.options.object and case.options.terminate_fallback \
            and case.contract.sector == "health_insurance":
        # Section 203 VVG: the insurer always keeps a statutory reset, so a termination
        # "in case it does" would end the cover outright (sections 205(6), 206 VVG).
        errors.append(FieldError("options.terminate_fallback", Message(
            N_("For private health insurance choose either your questions or a termination: "
               "a termination in the alternative would in effect be unconditional, and your "
               "insurer could never end the cover itself."))))
    if case.signature.mode == "image" and not case.signature.image:
        errors.append(FieldError("signature.image", Message(
            N_("Add a signature image, or choose to sign by hand."))))
    for who in ("customer", "provider"):
        party = getattr(case, who)
        if party.country == "DE" and party.postal_code and not re.fullmatch(r"\d{5}",
                                                                           party.postal_code):
            errors.append(FieldError(f"{who}.postal_code", Message(
                N_("A German postal code has five digits."))))
    if case.letter.state is None:
        # docs/rules.md R6: the state where the objection must arrive; for a provider abroad,
        # the customer's own.
        who = "customer" if case.provider_abroad else "provider"
        party = getattr(case, who)
        guessed = state_for(party.postal_code) if party.country == "DE" else None
        if guessed:
            case = _replace(case, "letter", state=guessed)
        elif not any(e.path == f"{who}.postal_code" for e in errors):
            candidates = (states_for(party.postal_code) if party.country == "DE" else ()) or STATES
            errors.append(FieldError("letter.state", Message(
                N_("Choose the state whose public holidays count (where the letter must "
                   "arrive); the postal code %(code)s does not tell it for sure: "
                   "%(choices)s."), {"code": party.postal_code or "-",
                                     "choices": [StateName(s) for s in candidates]})))
    return case


def _replace(case: Case, section: str, **changes: Any) -> Case:
    return replace(case, **{section: replace(getattr(case, section), **changes)})


def _parse_history(data: Any, errors: list[FieldError]) -> tuple[Event, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        errors.append(FieldError("history", Message(N_("Expected a list of events."))))
        return ()
    if len(data) > MAX_EVENTS:
        errors.append(FieldError("history", Message(
            N_("At most %(max)s events; keep the ones the next letter needs."),
            {"max": MAX_EVENTS})))
        return ()
    return tuple(_parse_section(Event, item, f"history.{i}", errors)
                 for i, item in enumerate(data))


def _check_history(case: Case, errors: list[FieldError], today: dt.date | None) -> None:
    """Each event has what its kind needs, and its dates are in order."""
    first = case.notice.received or case.notice.date
    for i, event in enumerate(case.history):
        path = f"history.{i}"
        if not event.type:
            continue
        needs = by_key(EVENTS, event.type).needs
        if event.type == "bill" and case.notice.per_kwh:
            needs = (*needs, "kwh")
        for name in needs:
            if getattr(event, name) is None:
                errors.append(FieldError(f"{path}.{name}", Message(_EVENT_NEEDS[name])))
        if event.date and today and event.date > today:
            errors.append(FieldError(f"{path}.date", Message(
                N_("This day cannot be in the future (today is %(today)s)."),
                {"today": today})))
        elif event.date and first and event.date < first and event.type != "bill":
            errors.append(FieldError(f"{path}.date", Message(
                N_("This cannot have happened before you received the notice (%(date)s)."),
                {"date": first})))
        if event.ends and event.date and event.ends < event.date:
            errors.append(FieldError(f"{path}.ends", Message(
                N_("The contract cannot end before the termination reached you."))))
        if event.period_from and event.period_to and event.period_to < event.period_from:
            errors.append(FieldError(f"{path}.period_to", Message(
                N_("The last day the bill covers cannot be before its first day."))))
        if event.paid and today and event.paid > today:
            errors.append(FieldError(f"{path}.paid", Message(
                N_("The day you paid cannot be in the future (today is %(today)s)."),
                {"today": today})))
        if event.kwh_new is not None and event.kwh is not None and event.kwh_new > event.kwh:
            errors.append(FieldError(f"{path}.kwh_new", Message(
                N_("The kWh at the new price cannot be more than the kWh the bill "
                   "charges."))))


def from_dict(data: Any, today: dt.date | None = None) -> Case:
    """Parse and validate a case; raises CaseError listing every problem. Given
    `today`, a date of receipt after it is an error too (the adapters pass the day they
    count from; a saved case read on its own is not checked against the clock)."""
    errors = _Errors()
    if not isinstance(data, dict):
        raise CaseError([FieldError("", Message(N_("Expected a JSON object.")))])
    for key in data:
        if key not in SECTIONS and key != "history":
            errors.append(FieldError(key, Message(
                N_("Unknown field %(field)s: check the spelling (known fields: %(known)s)."),
                {"field": repr(key), "known": ", ".join([*SECTIONS, "history"])})))
    parts: dict[str, Any] = {
        name: (_parse_notice(data.get(name), errors) if name == "notice" else
               _parse_section(factory().__class__, data.get(name), name, errors))
        for name, factory in SECTIONS.items()}
    history = _parse_history(data.get("history"), errors)
    case = _check_consistency(Case(**parts, history=history), errors, today)
    _check_history(case, errors, today)
    if errors:
        raise CaseError(errors.listed())
    return case


def case_schema() -> dict:
    """The case JSON as a JSON schema (2020-12, as in OpenAPI 3.1), made from the
    parsers above so that the document and the validation cannot drift apart.
    Cross-field rules (receipt not before the notice's date, a state that the postal
    code cannot tell, a name for each of several prices) are only checked, not
    described."""
    sections = {name: _section_schema(factory().__class__) for name, factory in SECTIONS.items()}
    price = _section_schema(Price)
    notice = sections["notice"]
    notice["properties"]["prices"] = {
        "type": "array", "minItems": 1, "maxItems": MAX_PRICES, "items": price,
        "description": "Every price the notice changes, each with its unit (energy: the "
                       "working price per kWh and the standing charge); a name for each "
                       "where there are several. Instead of old_price, new_price and "
                       "price_unit, which give one price; beside them, these repeat the "
                       "first price (as written for older readers of the file)."}
    for name, legacy in LEGACY_PRICE.items():
        notice["properties"][legacy] = price["properties"][name]
    notice["anyOf"] = [{"required": ["prices"]}, {"required": ["old_price", "new_price"]}]
    event = _section_schema(Event)
    event["description"] = ("Something that happened after the objection; what each type "
                            "needs besides its date: objection_sent a delivery, bill "
                            "period_from and period_to (and kwh for prices per kWh; "
                            "optional: charged, kwh_new the kWh the bill charges at the "
                            "new price, paid the day it was paid), "
                            "provider_terminates ends, provider_demands demand.")
    sections["history"] = {"type": "array", "maxItems": MAX_EVENTS, "items": event,
                           "description": "What happened after the objection, for the "
                                          "follow-up letters; absent in a new case."}
    return {"type": "object", "additionalProperties": False, "properties": sections,
            "required": ["customer", "provider", "contract", "notice"],
            "description": "A saved case (docs/design.md 6.1). null or an empty string counts "
                           "as absent; absent fields take their defaults."}


def _section_schema(cls: type) -> dict:
    """An object of the fields that have a parser: a required one must be given, any
    other may also be null or an empty string."""
    parsed = [f for f in fields(cls) if f.metadata["parser"] is not None]
    props = {f.name: (dict(f.metadata["parser"].schema) if f.metadata["required"] else
                      {"anyOf": [dict(f.metadata["parser"].schema),
                                 {"const": ""}, {"type": "null"}]})
             for f in parsed}
    section = {"type": "object", "additionalProperties": False, "properties": props}
    required = [f.name for f in parsed if f.metadata["required"]]
    if required:
        section["required"] = required
    return section
