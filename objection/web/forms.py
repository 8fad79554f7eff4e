"""The case form (WTForms): labels, choices and the conversion to the case JSON, nothing
more. The steps of the flow (steps.py) each show some of its fields.

Validation is the domain's (`case.from_dict`), so the form, the API and the CLI say
the same thing; its errors come back with a path such as `notice.received`, which
`field_for()` maps to the form field that shows them. The form adds only what a form
must ask that the JSON may leave to a default (`unanswered`), and what people type their
own way (objection.typed): dates, amounts by the rules of the page's language, periods in
words, each with its own message where it cannot be read (`unreadable`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields
from typing import Any
from collections.abc import Callable, Mapping

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import (BooleanField, Form, FormField, HiddenField, RadioField, SelectChoice,
                     SelectField, StringField)
from wtforms.fields import EmailField

from ..case import LEGACY_PRICE, MAX_PRICES, Customer, FieldError, Provider
from ..deadlines import Period, PeriodError, parse_period
from ..fields import Invalid, money
from ..i18n import Message, N_
from ..typed import (UNREADABLE_PERIOD, plain_amount, shown_amount, typed_amount, typed_date,
                     typed_period)
from ..vocabulary import (COMMODITIES, DELIVERIES, DIRECT_DEBIT, FORMS, PRICE_UNITS, SECTORS,
                          SIGNATURE_MODES, STATE_NAMES, by_key)
from .draft import displayable


def _choices(table) -> list[SelectChoice]:
    """Form choices from one of the domain's vocabulary tables."""
    return [SelectChoice(entry.key, _l(entry.label)) for entry in table]


# No fact is answered for the user: the sector starts unchosen.
SECTOR_CHOICES = _choices(SECTORS)
COMMODITY_CHOICES = _choices(COMMODITIES)
YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]
# Empty only where the notice reader found a price without its unit: it is asked.
UNIT_CHOICES = [SelectChoice("", _l("Choose…"))] + _choices(PRICE_UNITS)
FORM_CHOICES = _choices(FORMS)
DELIVERY_CHOICES = _choices(DELIVERIES)
DEBIT_CHOICES = _choices(DIRECT_DEBIT)
SIGNATURE_CHOICES = _choices(SIGNATURE_MODES)
PERIOD_CHOICES = [SelectChoice("", _l("Choose…")),
                  SelectChoice("weeks", _l("weeks")), SelectChoice("days", _l("days")),
                  SelectChoice("months", _l("months")),
                  SelectChoice("date", _l("until a date named in the notice")),
                  SelectChoice("none", _l("the notice names no period"))]
LANGUAGE_CHOICES = [SelectChoice("de", _l("German (recommended for a German provider)")),
                    SelectChoice("en", _l("English"))]
STATE_CHOICES = [SelectChoice("", _l("Guess from the provider's postal code"))] + \
    _choices(STATE_NAMES)
# What the letter does: object, object and terminate in the alternative, terminate.
WISH_CHOICES = [
    SelectChoice("object", _l("Object, and keep the contract at the old price (recommended)")),
    SelectChoice("both", _l("Object, and terminate in case the provider does not confirm the "
                            "old price")),
    SelectChoice("terminate", _l("Terminate the contract")),
]
# Private health insurance: the reset is statutory, so the letter asks, or terminates.
HEALTH_WISH_CHOICES = [
    SelectChoice("object", _l("Ask for the reasons, the trustee's approval and a tariff switch "
                              "offer (recommended)")),
    SelectChoice("terminate", _l("Terminate the insurance")),
]
WISHES = {"object": (True, False), "both": (True, True), "terminate": (False, True)}


class CustomerForm(Form):
    name = StringField(_l("Your full name"))
    street = StringField(_l("Street and number"))
    postal_code = StringField(_l("Postal code"))
    city = StringField(_l("Town or city"))
    country = StringField(_l("Country code"), default="DE")
    email = EmailField(_l("E-mail (optional)"))
    customer_number = StringField(_l("Customer number (optional)"))
    contract_number = StringField(_l("Contract number (optional)"))
    iban = StringField(_l("IBAN for the balance (optional)"))


class ProviderForm(Form):
    name = StringField(_l("Company name"))
    department = StringField(_l("Department or “z. Hd.” line (optional)"))
    street = StringField(_l("Street and number, or PO box"))
    postal_code = StringField(_l("Postal code"))
    city = StringField(_l("Town or city"))
    country = StringField(_l("Country code"), default="DE")
    fax = StringField(_l("Fax number (optional)"))
    email = EmailField(_l("E-mail address (optional)"))


class ContractForm(Form):
    sector = RadioField(_l("What kind of contract?"), choices=SECTOR_CHOICES)
    tariff = StringField(_l("Tariff or product name (optional)"))
    start_date = StringField(_l("When did the contract start? (optional)"))
    consumer = RadioField(_l("Did you sign as a private person?"),
                          choices=[SelectChoice("yes", _l("Yes, privately")),
                                   SelectChoice("no", _l("No, as a business"))],
                          default="yes")
    bundled_with_internet = BooleanField(_l("Sold in one bundle with internet access"))
    basic_supply = BooleanField(_l("Basic supply (Grundversorgung)"))
    commodity = RadioField(_l("Electricity or gas?"), choices=COMMODITY_CHOICES)
    annual_consumption_kwh = StringField(_l("Yearly consumption in kWh (optional)"))


# The rows of prices the notice step shows: as many as the case JSON takes; an empty row
# is left out (a notice changes one price, or a working price and a standing charge...).
PRICE_ROWS = MAX_PRICES
PRICE_PARTS = ("name", "old", "new", "unit")


def price_field(row: int, part: str) -> str:
    """The notice form's field of one row's part: 'price_1_old'."""
    return f"price_{row}_{part}"


class NoticeForm(Form):
    date = StringField(_l("Date printed on the notice"))
    received = StringField(_l("Day you received it"))
    effective = StringField(_l("New price from"))
    period_kind = SelectField(_l("Objection period"), choices=PERIOD_CHOICES, default="")
    period_number = StringField(_l("Number of weeks, days or months"))
    period_date = StringField(_l("Last day named in the notice"))
    required_form = SelectField(_l("How must you object, says the notice?"),
                                choices=FORM_CHOICES, default="unknown")
    names_termination_right = RadioField(
        _l("Does the notice say that you may terminate the contract?"), choices=YES_NO)


def _add_price_rows() -> None:
    """The first row as a notice with one price asks it; the others numbered, so that
    an error names its row."""
    for row in range(PRICE_ROWS):
        num = row + 1
        labels = ((_l("Name of the price (optional)"), _l("Old price in €"), _l("New price in €"),
                   _l("The prices are")) if row == 0 else
                  (_l("Name of price %(num)s", num=num), _l("Old price %(num)s in €", num=num),
                   _l("New price %(num)s in €", num=num), _l("Price %(num)s is", num=num)))
        setattr(NoticeForm, price_field(row, "name"), StringField(labels[0]))
        setattr(NoticeForm, price_field(row, "old"), StringField(labels[1]))
        setattr(NoticeForm, price_field(row, "new"), StringField(labels[2]))
        setattr(NoticeForm, price_field(row, "unit"),
                SelectField(labels[3], choices=UNIT_CHOICES, default="month"))


_add_price_rows()


class OptionsForm(Form):
    wish = RadioField(_l("What should the letter do?"), choices=WISH_CHOICES, default="object")
    # The two booleans of the case JSON, for clients that post them (no longer shown).
    object = BooleanField(_l("Object to the price increase"))
    terminate_fallback = BooleanField(_l("Also terminate the contract"))
    reserve_refund = BooleanField(_l("Pay only under reservation and reserve refunds"),
                                  default=True)
    confirmation_days = StringField(_l("Ask for an answer within (days)"), default="14")
    delivery = RadioField(_l("How will you send the letter?"), choices=DELIVERY_CHOICES,
                          default="registered_mail")
    direct_debit = RadioField(_l("Direct debit"), choices=DEBIT_CHOICES, default="keep")


class LetterForm(Form):
    language = RadioField(_l("Language of the letter"), choices=LANGUAGE_CHOICES,
                          default="de")
    place = StringField(_l("Place (for the date line, optional)"))
    date = StringField(_l("Date of the letter"))
    state = SelectField(_l("State whose public holidays count"), choices=STATE_CHOICES,
                        default="")


class SignatureForm(Form):
    mode = RadioField(_l("How will you sign?"), choices=SIGNATURE_CHOICES,
                      default="handwritten")
    image = HiddenField()


class CaseForm(Form):
    customer = FormField(CustomerForm)
    provider = FormField(ProviderForm)
    contract = FormField(ContractForm)
    notice = FormField(NoticeForm)
    options = FormField(OptionsForm)
    letter = FormField(LetterForm)
    signature = FormField(SignatureForm)


# What a draft keeps (draft.py): the case form's fields ("notice-date"), without the
# signature picture, which is added on the result page right before a download.
DRAFT_FIELDS = frozenset(f.name for section in CaseForm() for f in section) - {
    "signature-image"}


def draft_values(values: Mapping[str, str]) -> dict[str, str]:
    """The raw values a draft keeps of what came in (a posted form, a saved case): what
    no field shows is named to the user where it matters (`cases.unshown`), not kept."""
    return {k: v for k, v in values.items() if k in DRAFT_FIELDS}


def case_form(values: Mapping[str, str] | None = None) -> CaseForm:
    """The form filled with raw values (a draft, or what a request posted)."""
    if values is None:
        return CaseForm()
    return CaseForm(formdata=values if isinstance(values, MultiDict) else MultiDict(values))


# --- Form <-> case JSON -------------------------------------------------------------------

# The amounts a person types: read by the rules of the page's language, kept in the draft
# as the case JSON writes them (`kept`), shown again the page's way (`shown`), so that a
# language switch never reads "1.234" typed in German as 1.234.
_AMOUNT_VALUES = tuple(f"notice-{price_field(row, part)}" for row in range(PRICE_ROWS)
                       for part in ("old", "new"))


def kept(values: Mapping[str, str], lang: str) -> dict[str, str]:
    """The values to keep in the draft: amounts typed in `lang` written as in the case
    JSON ("1.234,5" -> "1234.5")."""
    return {k: _plain(v, lang) if k in _AMOUNT_VALUES else v for k, v in values.items()}


def shown(values: Mapping[str, str], lang: str) -> dict[str, str]:
    """The draft's values as the page in `lang` shows them: amounts the language's way."""
    return {k: shown_amount(v, lang) if k in _AMOUNT_VALUES else v for k, v in values.items()}


def _raw(field) -> str:
    """What the user typed, even where WTForms could not parse it."""
    if field.raw_data:
        return str(field.raw_data[0]).strip()
    value = field.data
    if isinstance(value, bool):
        return "y" if value else ""
    return "" if value is None else str(value).strip()


def _date(field) -> str:
    """A typed date as ISO for the domain; what cannot be read stays as typed (and gets
    the form's own message, `unreadable`)."""
    raw = _raw(field)
    try:
        return typed_date(raw).isoformat()
    except Invalid:
        return raw


def _plain(raw: str, lang: str) -> str:
    """A typed amount as the case JSON writes it; what cannot be read stays as typed (and
    gets the form's own message, `unreadable`)."""
    try:
        return plain_amount(typed_amount(raw, lang))
    except Invalid:
        return raw


def form_to_case(form: CaseForm, lang: str) -> dict[str, Any]:
    """The case JSON from what was typed, amounts read by the rules of `lang`; the
    domain validates it."""
    c, p, k, n = form.customer.form, form.provider.form, form.contract.form, form.notice.form
    o, lt, s = form.options.form, form.letter.form, form.signature.form
    wish = _raw(o.wish)
    objects, terminates = WISHES.get(wish) or (bool(o.object.data),
                                               bool(o.terminate_fallback.data))
    case = {
        "customer": _texts(c, Customer),
        "provider": _texts(p, Provider),
        "contract": {"sector": _raw(k.sector), "tariff": _raw(k.tariff),
                     "start_date": _date(k.start_date),
                     "consumer": _raw(k.consumer) != "no",
                     "bundled_with_internet": bool(k.bundled_with_internet.data),
                     "basic_supply": bool(k.basic_supply.data),
                     "commodity": _raw(k.commodity),
                     "annual_consumption_kwh": _int_or_raw(_raw(k.annual_consumption_kwh))},
        "notice": {"date": _date(n.date), "received": _date(n.received),
                   "prices": [_price_of(n, row, lang) for row in price_rows(n)],
                   "effective": _date(n.effective),
                   "objection_period": _period_of(n),
                   "required_form": _raw(n.required_form),
                   "names_termination_right": {"yes": True, "no": False}.get(
                       _raw(n.names_termination_right), "")},
        "options": {"object": objects, "terminate_fallback": terminates,
                    "confirmation_days": _int_or_raw(_raw(o.confirmation_days)),
                    "reserve_refund": bool(o.reserve_refund.data),
                    "delivery": _raw(o.delivery), "direct_debit": _raw(o.direct_debit)},
        "letter": {"language": _raw(lt.language), "place": _raw(lt.place),
                   "date": _date(lt.date), "state": _raw(lt.state)},
        "signature": {"mode": _raw(s.mode), "image": _raw(s.image)},
    }
    if case["signature"]["mode"] != "image":
        case["signature"]["image"] = ""
    if case["contract"]["sector"] != "energy":
        case["contract"]["commodity"] = case["contract"]["annual_consumption_kwh"] = ""
    if case["contract"]["sector"] == "health_insurance":
        # A premium reset states no objection period nor a form: the step does not ask.
        case["notice"]["objection_period"], case["notice"]["required_form"] = None, "unknown"
    if case["contract"]["sector"] != "bank" or not terminates:
        case["customer"]["iban"] = ""          # asked only for a bank account that ends
    return case


def price_rows(notice: NoticeForm) -> list[int]:
    """The rows of prices filled in, in order: the case's prices are these (an empty
    row is left out). None filled: the first, so that its fields say what is missing."""
    rows = [row for row in range(PRICE_ROWS)
            if any(_raw(getattr(notice, price_field(row, part))) for part in PRICE_PARTS[:3])]
    return rows or [0]


def _price_of(notice: NoticeForm, row: int, lang: str) -> dict[str, str]:
    def raw(part: str) -> str:
        return _raw(getattr(notice, price_field(row, part)))
    return {"name": raw("name"), "old": _plain(raw("old"), lang),
            "new": _plain(raw("new"), lang), "unit": raw("unit")}


def _texts(form: Form, section: type) -> dict[str, str]:
    """A section of text fields (the customer, the provider), field by field of the
    case model."""
    return {f.name: _raw(getattr(form, f.name)) for f in fields(section)}


def _int_or_raw(value: str) -> int | str:
    value = value.replace(".", "").replace(" ", "") if re.fullmatch(r"[\d. ]{1,12}", value) \
        else value
    return int(value) if re.fullmatch(r"\d{1,9}", value) else value


def _period_of(notice: NoticeForm) -> str:
    kind = _raw(notice.period_kind)
    if kind in ("none", ""):        # none named, or not answered yet (unanswered says so)
        return ""
    if kind == "date":
        return _date(notice.period_date) or "date-missing"
    number = _raw(notice.period_number)
    try:
        return str(period_typed(notice))
    except Invalid:
        return number or "period-missing"


def period_typed(notice: NoticeForm) -> Period:
    """The period of the number field with the unit chosen: a number ("4"), a number
    word ("vier") or the period in words as the notice says it ("4 Wochen", "6 weeks")."""
    number, kind = _raw(notice.period_number), _raw(notice.period_kind)
    text = f"{number} {kind}" if re.fullmatch(r"\d{1,3}|[^\W\d_]+", number) else number
    try:
        period = typed_period(text) if number else None
    except Invalid as exc:
        if exc.message.msgid != UNREADABLE_PERIOD:  # too long, an unclear date: said so
            raise
        period = None
    if not isinstance(period, Period):
        raise Invalid(N_("Enter the number of weeks, days or months, such as 4, or the period "
                         "as the notice says it, such as 4 weeks."))
    return period


# Date fields of the form and the case paths they fill.
DATE_FIELDS = {"notice.date": ("notice", "date"), "notice.received": ("notice", "received"),
               "notice.effective": ("notice", "effective"),
               "contract.start_date": ("contract", "start_date"),
               "letter.date": ("letter", "date"),
               "notice.objection_period": ("notice", "period_date")}


def unreadable(form: CaseForm, lang: str) -> list[FieldError]:
    """What was typed so that nothing can be read from it, or two things: the form's own
    message, in the words of what a person types (the domain's speaks of the case JSON's
    formats, which a person did not type)."""
    errors = []
    notice = form.notice.form
    kind = _raw(notice.period_kind)
    for path, (section, name) in DATE_FIELDS.items():
        if name == "period_date" and kind != "date":
            continue
        raw = _raw(getattr(getattr(form, section).form, name))
        try:
            if raw:
                typed_date(raw)
        except Invalid as exc:
            errors.append(FieldError(path, exc.message))
    for index, row in enumerate(price_rows(notice)):
        for part in ("old", "new"):
            raw = _raw(getattr(notice, price_field(row, part)))
            try:
                if raw:
                    typed_amount(raw, lang)
            except Invalid as exc:
                errors.append(FieldError(f"notice.prices.{index}.{part}", exc.message))
    if kind in ("weeks", "days", "months") and _raw(notice.period_number):
        try:
            period_typed(notice)
        except Invalid as exc:
            errors.append(FieldError("notice.objection_period", exc.message))
    return errors


def unanswered(form: CaseForm) -> list[FieldError]:
    """Facts the case JSON may leave to a default but the form must ask: whether the
    notice names a termination right, and for energy whether it is electricity or gas."""
    errors = []
    if _raw(form.notice.form.names_termination_right) not in ("yes", "no"):
        errors.append(FieldError("notice.names_termination_right", Message(N_(
            "Say whether the notice tells you that you may terminate: it decides whether "
            "a special termination window runs."))))
    sector = by_key(SECTORS, _raw(form.contract.form.sector), None)
    if sector and sector.family == "energy" and not _raw(form.contract.form.commodity):
        errors.append(FieldError("contract.commodity", Message(N_(
            "Choose electricity or gas: different regulations apply."))))
    for index, row in enumerate(price_rows(form.notice.form)):
        if not _raw(getattr(form.notice.form, price_field(row, "unit"))):
            errors.append(FieldError(f"notice.prices.{index}.unit", Message(N_(
                "Choose what the price is for: a month, a quarter, a year or a kWh."))))
    if _raw(form.contract.form.sector) == "health_insurance":
        return errors           # a premium reset states no objection period
    kind = _raw(form.notice.form.period_kind)
    if not kind:
        errors.append(FieldError("notice.objection_period", Message(N_(
            "Say how long the notice gives you to object, or that it names no period."))))
    elif kind == "date" and not _raw(form.notice.form.period_date):
        errors.append(FieldError("notice.objection_period", Message(N_(
            "Enter the last day the notice names for your objection."))))
    elif kind != "none" and not _raw(form.notice.form.period_number):
        errors.append(FieldError("notice.objection_period", Message(N_(
            "Enter how many weeks, days or months the notice gives you to object."))))
    return errors


def case_to_form_data(case: dict[str, Any]) -> dict[str, str]:
    """The raw form values (a draft) from a case JSON: a saved case or the case carried
    by a page. Dates are shown the German way (23.11.2026)."""
    values: dict[str, str] = {}
    for section, fields_ in displayable(case).items():
        if not isinstance(fields_, dict):
            continue
        for name, value in fields_.items():
            if value is None or isinstance(value, (dict, list)):
                continue
            values[f"{section}-{name}"] = _value(value)
    for key in ("notice-date", "notice-received", "notice-effective", "contract-start_date",
                "letter-date"):
        if key in values:
            try:
                values[key] = f"{typed_date(values[key]):%d.%m.%Y}"
            except Invalid:
                pass
    notice = case.get("notice") if isinstance(case.get("notice"), dict) else {}
    values.update(_price_values(displayable(notice)))
    for key in _AMOUNT_VALUES:
        if key in values:       # the JSON's "1,234" is 1.234 (fields.money), in any language
            try:
                values[key] = plain_amount(money(values[key]))
            except Invalid:
                pass
    contract = case.get("contract") if isinstance(case.get("contract"), dict) else {}
    values["contract-consumer"] = "no" if contract.get("consumer") is False else "yes"
    answer = notice.get("names_termination_right")
    values.pop("notice-names_termination_right", None)
    if isinstance(answer, bool):
        values["notice-names_termination_right"] = "yes" if answer else "no"
    values.pop("notice-objection_period", None)
    values.update(_period_fields(displayable(notice.get("objection_period"))))
    options = case.get("options") if isinstance(case.get("options"), dict) else {}
    wish = (options.get("object", True) is not False, options.get("terminate_fallback") is True)
    values["options-wish"] = next((k for k, v in WISHES.items() if v == wish), "object")
    for key in ("options-object", "options-terminate_fallback"):
        values.pop(key, None)
    return draft_values(values)


def _price_values(notice: dict[str, Any]) -> dict[str, str]:
    """The rows of prices from the case's list, or from the legacy triple (one row);
    what does not fit a row is left to the domain's message about the case."""
    listed = notice.get("prices")
    if not isinstance(listed, list):
        listed = [{part: notice.get(key) for part, key in LEGACY_PRICE.items()}]
    values = {}
    for row, price in enumerate(listed[:PRICE_ROWS]):
        if not isinstance(price, dict):
            continue
        for part in PRICE_PARTS:
            value = price.get(part)
            if value is not None and not isinstance(value, (dict, list)):
                values[f"notice-{price_field(row, part)}"] = _value(value)
    return values


def _value(value: Any) -> str:
    if value is True:
        return "y"
    if value is False:
        return ""
    return str(value)


def period_fits_form(period: Any) -> bool:
    """Whether the form can show a saved period as it is. It knows no months mixed with
    weeks or days (P1M15D); those are shown as whole months, which end earlier."""
    try:
        value = parse_period(str(period)) if period else None
    except PeriodError:
        return True     # shown as it is wrong, with the error
    return not (isinstance(value, Period) and value.months and (value.weeks or value.days))


def _period_fields(period: Any) -> dict[str, str]:
    if not period:
        return {"notice-period_kind": "none", "notice-period_number": ""}
    try:
        value = parse_period(str(period))
    except PeriodError:
        return {"notice-period_kind": "weeks", "notice-period_number": str(period)}
    if isinstance(value, dt.date):
        return {"notice-period_kind": "date", "notice-period_date": f"{value:%d.%m.%Y}",
                "notice-period_number": ""}
    if value.months:    # mixed periods: months win (period_fits_form)
        return {"notice-period_kind": "months", "notice-period_number": str(value.months)}
    if value.weeks and not value.days:
        return {"notice-period_kind": "weeks", "notice-period_number": str(value.weeks)}
    return {"notice-period_kind": "days", "notice-period_number": str(value.days + 7 * value.weeks)}


def field_for(form: CaseForm, path: str):
    """The form field that shows the error at `path` (e.g. 'notice.received')."""
    section, _, name = path.partition(".")
    sub = getattr(form, section, None)
    if sub is None or not hasattr(sub, "form"):
        return None
    if name == "objection_period":
        kind = _raw(sub.form.period_kind)
        name = ("period_date" if kind == "date" else "period_number" if kind else
                "period_kind")
    if section == "options" and name in ("object", "terminate_fallback"):
        name = "wish"
    if section == "notice" and (name == "prices" or name.startswith("prices.")):
        return _price_field_for(sub.form, name)
    return getattr(sub.form, name, None)


def summary(errors: list[FieldError], field_of: Callable[[str], Any],
            lang: str) -> list[tuple[str, str, str]]:
    """Every error shown at its field (`field_of` finds it by the error's path) and
    listed for the top of the page with a link to it: (field id, label, text); an error
    no field shows is listed without a link."""
    listed = []
    for error in errors:
        text = error.render(lang)
        target = field_of(error.path)
        if target is not None:
            target.errors = list(target.errors) + [text]
            listed.append((target.id, str(target.label.text), text))
        else:
            listed.append(("", "", text))
    return listed


def _price_field_for(notice: NoticeForm, name: str):
    """The field of the row a price's error is about ('prices.1.old': the second row
    filled in); an error about the list as a whole at the first row's old price."""
    _, index, part = (name.split(".") + ["", ""])[:3]
    rows = price_rows(notice)
    if not index.isdigit() or int(index) >= len(rows) or part not in PRICE_PARTS:
        return getattr(notice, price_field(rows[0], "old"))
    return getattr(notice, price_field(rows[int(index)], part))


def max_length(section: type, name: str) -> int | None:
    """The longest text the domain takes for a field, shown before submitting."""
    for f in fields(section):
        if f.name == name:
            return f.metadata["parser"].schema.get("maxLength")
    return None


