"""The case: what the customer typed in, as dataclasses, parsed and validated from the
case JSON of DESIGN.md 6.1 and written back to it.

Every problem becomes a `FieldError` with the field's path (`notice.received`) and a
translatable message, so the CLI, the API and the form can each say it their way.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from .deadlines import DELIVERIES, STATES, Period, PeriodError, parse_period
from .i18n import LANGUAGES, Message, N_
from .postcodes import state_for, states_for
from .rules import SECTORS
from .signature import SignatureError, clean_signature

MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
MAX_AMOUNT = Decimal("1000000")

FORMS = ("written", "text", "none", "unknown")
PRICE_UNITS = ("month", "quarter", "year", "kWh")
DIRECT_DEBIT = ("keep", "revoke", "none")
SIGNATURE_MODES = ("handwritten", "image")


@dataclass(frozen=True)
class FieldError:
    path: str               # dotted path into the case JSON, e.g. "notice.received"
    message: Message

    @property
    def pointer(self) -> str:
        """The same path as an RFC 6901 JSON pointer: /notice/received."""
        return "/" + self.path.replace("~", "~0").replace(".", "/") if self.path else ""

    def render(self, lang: str) -> str:
        return self.message.render(lang)


class CaseError(ValueError):
    """The case JSON has errors; `errors` lists every one of them."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.path}: {e.render('en')}" for e in errors))
        self.errors = errors


class _Invalid(Exception):
    def __init__(self, msgid: str, **params: Any):
        self.message = Message(msgid, params)


# --- Value parsers ---------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Explicit direction embeddings, overrides and isolates would make the letter say
# something other than what its characters say (U+202E "evil" reads "live").
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _schema(parse: Callable, **schema: Any) -> Callable:
    """Attach the JSON schema of what `parse` accepts (for the OpenAPI document)."""
    parse.schema = schema
    return parse


def text(max_len: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise _Invalid(N_("Expected text."))
        value = value.strip()
        if len(value) > max_len:
            raise _Invalid(N_("At most %(max)s characters."), max=max_len)
        if _CONTROL.search(value):
            raise _Invalid(N_("Contains control characters (such as line breaks), "
                              "which are not allowed here."))
        if _BIDI.search(value):
            raise _Invalid(N_("Contains invisible characters that change the direction of "
                              "the text, which are not allowed here."))
        return value
    return _schema(parse, type="string", maxLength=max_len)


def choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in options:
            raise _Invalid(N_("Must be one of: %(choices)s."), choices=", ".join(options))
        return value
    return _schema(parse, type="string", enum=list(options))


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(N_("Expected true or false."))
    return value


_schema(boolean, type="boolean")


def iso_date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise _Invalid(N_("Expected a date as YYYY-MM-DD."))
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise _Invalid(N_("Not a valid date: expected YYYY-MM-DD, e.g. 2026-09-03.")) from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise _Invalid(N_("The date must lie between %(min)s and %(max)s."),
                       min=MIN_DATE, max=MAX_DATE)
    return day


_schema(iso_date, type="string", format="date",
        description=f"YYYY-MM-DD, from {MIN_DATE} to {MAX_DATE}")

_AMOUNT = re.compile(r"\d{1,7}(?:[.,]\d{1,4})?")


def money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Invalid(N_("Expected an amount such as 19.99."))
    raw = str(value).strip()
    if raw.startswith("-"):
        raise _Invalid(N_("An amount cannot be negative."))
    if not _AMOUNT.fullmatch(raw):
        raise _Invalid(N_("Not a valid amount: expected digits with at most four "
                          "decimals, such as 19.99."))
    try:
        result = Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees this
        raise _Invalid(N_("Expected an amount such as 19.99.")) from None
    if result > MAX_AMOUNT:
        raise _Invalid(N_("The amount must not exceed %(max)s."), max=MAX_AMOUNT)
    return result


_schema(money, oneOf=[{"type": "string", "pattern": r"^\s*\d{1,7}([.,]\d{1,4})?\s*$"},
                      {"type": "number", "minimum": 0, "maximum": int(MAX_AMOUNT)}],
        description="Euros as a decimal string such as \"19.99\" (comma allowed); at most "
                    f"{MAX_AMOUNT}")


def integer(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Invalid(N_("Must be a whole number from %(min)s to %(max)s."),
                           min=low, max=high)
        return value
    return _schema(parse, type="integer", minimum=low, maximum=high)


def period_or_date(value: Any) -> Period | dt.date:
    if not isinstance(value, str):
        raise _Invalid(N_("Expected a period such as P4W or a date such as 2026-10-31."))
    try:
        result = parse_period(value)
    except PeriodError as exc:
        if str(exc) == "too_long":
            raise _Invalid(N_("That period is longer than any notice would give.")) from None
        raise _Invalid(N_("Not a valid period: use an ISO 8601 duration such as P14D, P4W "
                          "or P1M, or the last day as YYYY-MM-DD.")) from None
    if isinstance(result, dt.date) and not MIN_DATE <= result <= MAX_DATE:
        raise _Invalid(N_("The date must lie between %(min)s and %(max)s."),
                       min=MIN_DATE, max=MAX_DATE)
    return result


_schema(period_or_date, type="string",
        pattern=r"^\s*([Pp](\d{1,3}[Yy])?(\d{1,3}[Mm])?(\d{1,3}[Ww])?(\d{1,4}[Dd])?"
                r"|\d{4}-\d{2}-\d{2})\s*$",
        description="ISO 8601 duration in years, months, weeks, days (P14D, P4W, P1M) or "
                    "the last day named in the notice (YYYY-MM-DD); absent when the notice "
                    "names none")


def country_code(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        raise _Invalid(N_("Expected a two-letter country code such as DE."))
    return value.strip().upper()


_schema(country_code, type="string", pattern=r"^\s*[A-Za-z]{2}\s*$")


def email_address(value: Any) -> str:
    value = text(254)(value)
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise _Invalid(N_("Not a valid e-mail address."))
    return value


_schema(email_address, type="string", maxLength=254, format="email")


def fax_number(value: Any) -> str:
    value = text(40)(value)
    if value and not re.fullmatch(r"\+?[0-9 ()/\-]{5,40}", value):
        raise _Invalid(N_("Not a valid fax number: digits, spaces, + ( ) / - only."))
    return value


_schema(fax_number, type="string", maxLength=40, pattern=r"^\s*(\+?[0-9 ()/\-]{5,40})?\s*$")


def state_code(value: Any) -> str:
    return choice(STATES)(value.strip().upper() if isinstance(value, str) else value)


_schema(state_code, type="string", enum=list(STATES),
        description="German state whose public holidays count (where the objection must "
                    "arrive); default: from the provider's postal code where it tells")


def signature_image(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid(N_("Expected a PNG or JPEG image as a data: URI."))
    try:
        return clean_signature(value)
    except SignatureError as exc:
        raise _Invalid(exc.msgid, **exc.params) from None


_schema(signature_image, type="string", pattern=r"^\s*data:image/(png|jpeg);base64,",
        description="PNG or JPEG as a data: URI, at most 512 KB and 4 megapixels")


# --- The model -------------------------------------------------------------------------

def _spec(parser: Callable[[Any], Any], required: bool = False, default: Any = None):
    return field(default=default, metadata={"parser": parser, "required": required})


@dataclass(frozen=True)
class Customer:
    name: str = _spec(text(100), required=True, default="")
    street: str = _spec(text(100), required=True, default="")
    postal_code: str = _spec(text(10), required=True, default="")
    city: str = _spec(text(60), required=True, default="")
    country: str = _spec(country_code, default="DE")
    email: str = _spec(email_address, default="")
    customer_number: str = _spec(text(60), default="")
    contract_number: str = _spec(text(60), default="")


@dataclass(frozen=True)
class Provider:
    name: str = _spec(text(100), required=True, default="")
    street: str = _spec(text(100), required=True, default="")
    postal_code: str = _spec(text(10), required=True, default="")
    city: str = _spec(text(60), required=True, default="")
    country: str = _spec(country_code, default="DE")
    fax: str = _spec(fax_number, default="")
    email: str = _spec(email_address, default="")


@dataclass(frozen=True)
class Contract:
    sector: str = _spec(choice(SECTORS), required=True, default="other")
    tariff: str = _spec(text(100), default="")
    start_date: dt.date | None = _spec(iso_date)
    consumer: bool = _spec(boolean, default=True)
    bundled_with_internet: bool = _spec(boolean, default=False)
    basic_supply: bool = _spec(boolean, default=False)


@dataclass(frozen=True)
class Notice:
    date: dt.date | None = _spec(iso_date, required=True)
    received: dt.date | None = _spec(iso_date)
    old_price: Decimal | None = _spec(money, required=True)
    new_price: Decimal | None = _spec(money, required=True)
    currency: str = _spec(choice(("EUR",)), default="EUR")
    price_unit: str = _spec(choice(PRICE_UNITS), default="month")
    effective: dt.date | None = _spec(iso_date, required=True)
    objection_period: Period | dt.date | None = _spec(period_or_date)
    required_form: str = _spec(choice(FORMS), default="unknown")
    names_termination_right: bool = _spec(boolean, default=True)

    @property
    def trigger(self) -> dt.date:
        """Z. Section 187(1) BGB counts from receipt; unknown receipt: the notice's own
        date, the earlier and so the safe one (RULES.md R1)."""
        return self.received or self.date


@dataclass(frozen=True)
class Options:
    object: bool = _spec(boolean, default=True)
    terminate_fallback: bool = _spec(boolean, default=False)
    confirmation_days: int = _spec(integer(7, 60), default=14)
    reserve_refund: bool = _spec(boolean, default=True)
    delivery: str = _spec(choice(DELIVERIES), default="registered_mail")
    direct_debit: str = _spec(choice(DIRECT_DEBIT), default="keep")


@dataclass(frozen=True)
class LetterOptions:
    language: str = _spec(choice(LANGUAGES), default="de")
    place: str = _spec(text(60), default="")
    date: dt.date | None = _spec(iso_date)
    state: str | None = _spec(state_code)


@dataclass(frozen=True)
class Signature:
    mode: str = _spec(choice(SIGNATURE_MODES), default="handwritten")
    image: str = _spec(signature_image, default="")


@dataclass(frozen=True)
class Case:
    customer: Customer = field(default_factory=Customer)
    provider: Provider = field(default_factory=Provider)
    contract: Contract = field(default_factory=Contract)
    notice: Notice = field(default_factory=Notice)
    options: Options = field(default_factory=Options)
    letter: LetterOptions = field(default_factory=LetterOptions)
    signature: Signature = field(default_factory=Signature)

    @property
    def provider_abroad(self) -> bool:
        return self.provider.country != "DE"

    @property
    def customer_state(self) -> str | None:
        """The customer's own state where the postal code tells it."""
        return state_for(self.customer.postal_code) if self.customer.country == "DE" else None

    def to_dict(self) -> dict:
        """The case JSON (DESIGN.md 6.1); `from_dict(to_dict())` gives the same case."""
        return {f.name: _section_to_dict(getattr(self, f.name)) for f in fields(self)}


SECTIONS = {f.name: f.default_factory for f in fields(Case)}


def _section_to_dict(section: Any) -> dict:
    out = {}
    for f in fields(section):
        value = getattr(section, f.name)
        if value is None:
            continue
        if isinstance(value, (dt.date, Decimal, Period)):
            value = value.isoformat() if isinstance(value, dt.date) else str(value)
        out[f.name] = value
    return out


def _parse_section(cls: type, data: Any, path: str, errors: list[FieldError]) -> Any:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        errors.append(FieldError(path, Message(N_("Expected an object."))))
        return cls()
    known = {f.name: f for f in fields(cls)}
    for key in data:
        if key not in known:
            errors.append(FieldError(f"{path}.{key}", Message(
                N_("Unknown field %(field)s: check the spelling (known fields: %(known)s)."),
                {"field": repr(key), "known": ", ".join(known)})))
    values = {}
    for name, f in known.items():
        raw = data.get(name)
        if raw is None or raw == "":
            if f.metadata["required"]:
                errors.append(FieldError(f"{path}.{name}",
                                         Message(N_("This field is required."))))
            continue
        try:
            values[name] = f.metadata["parser"](raw)
        except _Invalid as exc:
            errors.append(FieldError(f"{path}.{name}", exc.message))
    return cls(**values)


def _check_consistency(case: Case, errors: list[FieldError]) -> Case:
    """Rules across fields; fills in the holiday state from the provider's postal code."""
    notice = case.notice
    if notice.received and notice.date and notice.received < notice.date:
        errors.append(FieldError("notice.received", Message(
            N_("The day you received the notice cannot be before the date printed on it."))))
    if not (case.options.object or case.options.terminate_fallback):
        errors.append(FieldError("options.object", Message(
            N_("Choose to object, to terminate, or both: otherwise the letter says nothing."))))
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
        # RULES.md R6: the state where the objection must arrive; for a provider abroad,
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
                                     "choices": ", ".join(candidates)})))
    return case


def _replace(case: Case, section: str, **changes: Any) -> Case:
    return replace(case, **{section: replace(getattr(case, section), **changes)})


def from_dict(data: Any) -> Case:
    """Parse and validate a case; raises CaseError listing every problem."""
    errors: list[FieldError] = []
    if not isinstance(data, dict):
        raise CaseError([FieldError("", Message(N_("Expected a JSON object.")))])
    for key in data:
        if key not in SECTIONS:
            errors.append(FieldError(key, Message(
                N_("Unknown field %(field)s: check the spelling (known fields: %(known)s)."),
                {"field": repr(key), "known": ", ".join(SECTIONS)})))
    parts = {name: _parse_section(factory().__class__, data.get(name), name, errors)
             for name, factory in SECTIONS.items()}
    case = _check_consistency(Case(**parts), errors)
    if errors:
        raise CaseError(errors)
    return case


def case_schema() -> dict:
    """The case JSON as a JSON schema (2020-12, as in OpenAPI 3.1), made from the
    parsers above so that the document and the validation cannot drift apart.
    Cross-field rules (receipt not before the notice's date, a state that the postal
    code cannot tell) are only checked, not described."""
    sections = {}
    for name, factory in SECTIONS.items():
        cls = factory().__class__
        props = {f.name: (dict(f.metadata["parser"].schema) if f.metadata["required"] else
                          {"anyOf": [dict(f.metadata["parser"].schema),
                                     {"const": ""}, {"type": "null"}]})
                 for f in fields(cls)}
        required = [f.name for f in fields(cls) if f.metadata["required"]]
        section = {"type": "object", "additionalProperties": False, "properties": props}
        if required:
            section["required"] = required
        sections[name] = section
    return {"type": "object", "additionalProperties": False, "properties": sections,
            "required": ["customer", "provider", "contract", "notice"],
            "description": "A saved case (DESIGN.md 6.1). null or an empty string counts "
                           "as absent; absent fields take their defaults."}
