"""The case form (Flask-WTF): collects strings, nothing more.

Validation is the domain's (`case.from_dict`), so the form, the API and the CLI say
the same thing; its errors come back with a path such as `notice.received`, which
`field_for()` maps to the form field that shows them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, Form, FormField, HiddenField, IntegerField,
                     RadioField, SelectChoice, SelectField, StringField)
from wtforms.fields import EmailField
from wtforms.validators import Optional

from ..case import Customer, Provider
from ..deadlines import STATES, Period, PeriodError, parse_period
from ..case import FieldError
from ..i18n import Message, N_
from ..vocabulary import (COMMODITIES, DELIVERIES, DIRECT_DEBIT, FORMS, PRICE_UNITS, SECTORS,
                          SIGNATURE_MODES, by_key)

def _choices(table) -> list[SelectChoice]:
    """Form choices from one of the domain's vocabulary tables."""
    return [SelectChoice(entry.key, _l(entry.label)) for entry in table]


# No fact is answered for the user: the sector starts unchosen.
SECTOR_CHOICES = [SelectChoice("", _l("Choose…"))] + _choices(SECTORS)
COMMODITY_CHOICES = _choices(COMMODITIES)
YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]
UNIT_CHOICES = _choices(PRICE_UNITS)
FORM_CHOICES = _choices(FORMS)
DELIVERY_CHOICES = _choices(DELIVERIES)
DEBIT_CHOICES = _choices(DIRECT_DEBIT)
SIGNATURE_CHOICES = _choices(SIGNATURE_MODES)
PERIOD_CHOICES = [SelectChoice("weeks", _l("weeks")), SelectChoice("days", _l("days")),
                  SelectChoice("months", _l("months")),
                  SelectChoice("date", _l("until a date named in the notice")),
                  SelectChoice("none", _l("the notice names no period"))]
LANGUAGE_CHOICES = [SelectChoice("de", _l("German (recommended for a German provider)")),
                    SelectChoice("en", _l("English"))]
STATE_CHOICES = [SelectChoice("", _l("Guess from the provider's postal code"))] + [
    SelectChoice(code) for code in STATES]


class CustomerForm(Form):
    name = StringField(_l("Your full name"))
    street = StringField(_l("Street and number"))
    postal_code = StringField(_l("Postal code"))
    city = StringField(_l("City"))
    country = StringField(_l("Country code"), default="DE")
    email = EmailField(_l("E-mail (optional)"))
    customer_number = StringField(_l("Customer number (optional)"))
    contract_number = StringField(_l("Contract number (optional)"))


class ProviderForm(Form):
    name = StringField(_l("Company name"))
    street = StringField(_l("Street and number, or PO box"))
    postal_code = StringField(_l("Postal code"))
    city = StringField(_l("City"))
    country = StringField(_l("Country code"), default="DE")
    fax = StringField(_l("Fax number (optional)"))
    email = EmailField(_l("E-mail address (optional)"))


class ContractForm(Form):
    sector = SelectField(_l("What kind of contract?"), choices=SECTOR_CHOICES, default="")
    tariff = StringField(_l("Tariff or product name (optional)"))
    start_date = DateField(_l("Contract start (optional)"), validators=[Optional()])
    consumer = RadioField(_l("Did you sign as a private person?"),
                          choices=[SelectChoice("yes", _l("Yes, privately")),
                                   SelectChoice("no", _l("No, as a business"))],
                          default="yes")
    bundled_with_internet = BooleanField(_l("Sold in one bundle with internet access"))
    basic_supply = BooleanField(_l("Basic supply (Grundversorgung)"))
    commodity = RadioField(_l("Electricity or gas?"), choices=COMMODITY_CHOICES,
                           validators=[Optional()])
    annual_consumption_kwh = IntegerField(_l("Yearly consumption in kWh (businesses)"),
                                          validators=[Optional()])


class NoticeForm(Form):
    date = DateField(_l("Date of the notice"), validators=[Optional()])
    received = DateField(_l("Date you received it"), validators=[Optional()])
    old_price = StringField(_l("Old price in €"))
    new_price = StringField(_l("New price in €"))
    price_unit = SelectField(_l("Price"), choices=UNIT_CHOICES, default="month")
    effective = DateField(_l("New price from"), validators=[Optional()])
    period_kind = SelectField(_l("Objection period"), choices=PERIOD_CHOICES,
                              default="weeks")
    period_number = IntegerField(_l("Length of the period"), default=4,
                                 validators=[Optional()])
    period_date = DateField(_l("Last day named in the notice"), validators=[Optional()])
    required_form = SelectField(_l("How must you object, says the notice?"),
                                choices=FORM_CHOICES, default="unknown")
    names_termination_right = RadioField(
        _l("Does the notice say that you may terminate the contract?"), choices=YES_NO,
        validators=[Optional()])


class OptionsForm(Form):
    object = BooleanField(_l("Object to the price increase"), default=True)
    terminate_fallback = BooleanField(
        _l("Also terminate the contract, in case the provider insists on the increase"))
    reserve_refund = BooleanField(_l("Pay only under reservation and reserve refunds"),
                                  default=True)
    confirmation_days = IntegerField(_l("Ask for confirmation within (days)"), default=14,
                                     validators=[Optional()])
    delivery = SelectField(_l("How will you send the letter?"), choices=DELIVERY_CHOICES,
                           default="registered_mail")
    direct_debit = RadioField(_l("Direct debit"), choices=DEBIT_CHOICES, default="keep")


class LetterForm(Form):
    language = SelectField(_l("Language of the letter"), choices=LANGUAGE_CHOICES,
                           default="de")
    place = StringField(_l("Place (for the date line)"))
    date = DateField(_l("Date of the letter"), validators=[Optional()])
    state = SelectField(_l("State whose public holidays count"), choices=STATE_CHOICES,
                        default="")


class SignatureForm(Form):
    mode = RadioField(_l("Signature"), choices=SIGNATURE_CHOICES, default="handwritten")
    image = HiddenField()


class CaseForm(FlaskForm):
    customer = FormField(CustomerForm)
    provider = FormField(ProviderForm)
    contract = FormField(ContractForm)
    notice = FormField(NoticeForm)
    options = FormField(OptionsForm)
    letter = FormField(LetterForm)
    signature = FormField(SignatureForm)


# --- Form <-> case JSON -------------------------------------------------------------------

_PERIOD_UNIT = {"days": "D", "weeks": "W", "months": "M"}


def _raw(field) -> str:
    """What the user typed, even where WTForms could not parse it."""
    if field.raw_data:
        return str(field.raw_data[0]).strip()
    value = field.data
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def form_to_case(form: CaseForm) -> dict[str, Any]:
    """The case JSON from what was typed; the domain validates it."""
    c, p, k, n = form.customer.form, form.provider.form, form.contract.form, form.notice.form
    o, lt, s = form.options.form, form.letter.form, form.signature.form
    case = {
        "customer": _texts(c, Customer),
        "provider": _texts(p, Provider),
        "contract": {"sector": _raw(k.sector), "tariff": _raw(k.tariff),
                     "start_date": _raw(k.start_date),
                     "consumer": k.consumer.data != "no",
                     "bundled_with_internet": bool(k.bundled_with_internet.data),
                     "basic_supply": bool(k.basic_supply.data),
                     "commodity": _raw(k.commodity),
                     "annual_consumption_kwh": _int_or_raw(_raw(k.annual_consumption_kwh))},
        "notice": {"date": _raw(n.date), "received": _raw(n.received),
                   "old_price": _raw(n.old_price), "new_price": _raw(n.new_price),
                   "price_unit": _raw(n.price_unit), "effective": _raw(n.effective),
                   "objection_period": _period_of(n),
                   "required_form": _raw(n.required_form),
                   "names_termination_right": {"yes": True, "no": False}.get(
                       _raw(n.names_termination_right), "")},
        "options": {"object": bool(o.object.data),
                    "terminate_fallback": bool(o.terminate_fallback.data),
                    "confirmation_days": _int_or_raw(_raw(o.confirmation_days)),
                    "reserve_refund": bool(o.reserve_refund.data),
                    "delivery": _raw(o.delivery), "direct_debit": _raw(o.direct_debit)},
        "letter": {"language": _raw(lt.language), "place": _raw(lt.place),
                   "date": _raw(lt.date), "state": _raw(lt.state)},
        "signature": {"mode": _raw(s.mode), "image": _raw(s.image)},
    }
    if case["signature"]["mode"] != "image":
        case["signature"]["image"] = ""
    return case


def _texts(form: Form, section: type) -> dict[str, str]:
    """A section of text fields (the customer, the provider), field by field of the
    case model."""
    return {f.name: _raw(getattr(form, f.name)) for f in fields(section)}


def _int_or_raw(value: str) -> int | str:
    return int(value) if re.fullmatch(r"\d{1,4}", value) else value


def _period_of(notice: NoticeForm) -> str:
    kind = _raw(notice.period_kind)
    if kind == "none":
        return ""
    if kind == "date":
        return _raw(notice.period_date) or "date-missing"
    number = _raw(notice.period_number)
    if kind in _PERIOD_UNIT and re.fullmatch(r"\d{1,3}", number):
        return f"P{int(number)}{_PERIOD_UNIT[kind]}"
    return number or "period-missing"


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
    return errors


def case_to_form_data(case: dict[str, Any]) -> dict[str, Any]:
    """Form data (for `CaseForm(data=...)`) from a case JSON: a saved case or the
    case carried by the review page."""
    data = {section: dict(values) for section, values in _displayable(case).items()
            if isinstance(values, dict)}
    contract = data.setdefault("contract", {})
    contract["consumer"] = "no" if contract.get("consumer") is False else "yes"
    notice = data.setdefault("notice", {})
    answer = notice.get("names_termination_right")
    notice["names_termination_right"] = "yes" if answer is True else "no" if answer is False \
        else None
    notice = data.setdefault("notice", {})
    period = notice.pop("objection_period", None)
    notice.update(_period_fields(period))
    for section, names in (("contract", ("start_date",)),
                           ("notice", ("date", "received", "effective")),
                           ("letter", ("date",))):
        values = data.setdefault(section, {})
        for name in names:
            values[name] = _date_or_none(values.get(name))
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def _displayable(value: Any) -> Any:
    """The case as a page can show it: a lone surrogate (from a JSON escape) becomes
    U+FFFD. Only for showing it again; the domain refuses the original."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_displayable(k): _displayable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_displayable(v) for v in value]
    return value


def period_fits_form(period: Any) -> bool:
    """Whether the form can show a saved period as it is. It knows no months mixed with
    weeks or days (P1M15D); those are shown as whole months, which end earlier."""
    try:
        value = parse_period(str(period)) if period else None
    except PeriodError:
        return True     # shown as it is wrong, with the error
    return not (isinstance(value, Period) and value.months and (value.weeks or value.days))


def _period_fields(period: Any) -> dict[str, Any]:
    if not period:
        return {"period_kind": "none", "period_number": None}
    try:
        value = parse_period(str(period))
    except PeriodError:
        return {"period_kind": "weeks", "period_number": None}
    if isinstance(value, dt.date):
        return {"period_kind": "date", "period_date": value, "period_number": None}
    if value.months:    # mixed periods: months win (period_fits_form)
        return {"period_kind": "months", "period_number": value.months}
    if value.weeks and not value.days:
        return {"period_kind": "weeks", "period_number": value.weeks}
    return {"period_kind": "days", "period_number": value.days + 7 * value.weeks}


def _date_or_none(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def field_for(form: CaseForm, path: str):
    """The form field that shows the error at `path` (e.g. 'notice.received')."""
    section, _, name = path.partition(".")
    sub = getattr(form, section, None)
    if sub is None or not hasattr(sub, "form"):
        return None
    if name == "objection_period":
        name = "period_date" if _raw(sub.form.period_kind) == "date" else "period_number"
    return getattr(sub.form, name, None)
