"""Who runs this installation: the operator's settings for the legal notice (§ 5 DDG)
and the privacy notice (Art. 13 GDPR).

From a TOML file (OBJECTION_OPERATOR_FILE) and/or environment variables
OBJECTION_OPERATOR_<KEY> (KEY in upper case; they override the file), with the keys of
SETTINGS. No setting at all: the installation is not configured for public use and its
pages say so. Some settings but a required one missing or a value malformed: the app
refuses to start and names every problem, since a legal notice that is half right is
worse than one that says it is missing. Plain Python, no Flask: the checks are tested
on their own.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any
from collections.abc import Callable, Mapping

from .authorities import AUTHORITIES, Authority

ENV_PREFIX = "OBJECTION_OPERATOR_"
FILE_VARIABLE = "OBJECTION_OPERATOR_FILE"
DEFAULT_LOG_DAYS = 7            # deploy/logrotate-objection keeps nginx's logs this long


class OperatorError(ValueError):
    """Settings given but not usable; every problem in one message."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("the operator settings (OBJECTION_OPERATOR_FILE, OBJECTION_OPERATOR_*) "
                         "cannot be used: " + "; ".join(problems))


@dataclass(frozen=True)
class Operator:
    name: str
    street: str
    postcode: str
    city: str
    email: str
    authority: Authority
    log_retention_days: int = DEFAULT_LOG_DAYS
    legal_form: str = ""
    representative: str = ""
    country: str = ""
    phone: str = ""
    register: str = ""
    vat_id: str = ""
    economic_id: str = ""
    privacy_email: str = ""
    dpo_name: str = ""
    dpo_email: str = ""
    hosting: str = ""

    @property
    def address(self) -> tuple[str, ...]:
        return tuple(line for line in (self.street, f"{self.postcode} {self.city}",
                                       self.country) if line)

    @property
    def privacy_contact(self) -> str:
        """Where questions about personal data go: its own address, else the operator's."""
        return self.privacy_email or self.email


# --- Checks of single values: each returns the value to keep or raises ValueError -----

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9][0-9 ()/.-]{4,29}")
# Umsatzsteuer-Identifikationsnummer (§ 27a UStG): DE and nine digits; other EU states'
# numbers: two letters and 2 to 12 characters (Art. 215 VAT Directive 2006/112/EC).
_VAT_DE = re.compile(r"DE[0-9]{9}")
_VAT_EU = re.compile(r"[A-Z]{2}[0-9A-Z+*]{2,12}")
# Wirtschafts-Identifikationsnummer (§ 139c AO): DE, nine digits, a five-digit suffix.
_ECONOMIC_ID = re.compile(r"DE[0-9]{9}-[0-9]{5}")
# A post box is no address "under which they are established" (§ 5(1) no. 1 DDG).
_POST_BOX = re.compile(r"\b(postfach|p\.?\s*o\.?\s*box|postbox)\b", re.IGNORECASE)


def _text(value: Any, limit: int = 200, lines: bool = False) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    text = value.strip()
    if len(text) > limit:
        raise ValueError(f"is longer than {limit} characters")
    if _CONTROL.search(text.replace("\n", "") if lines else text):
        raise ValueError("contains control or direction characters")
    return text


def _email(value: Any) -> str:
    text = _text(value)
    if not _EMAIL.fullmatch(text):
        raise ValueError(f"is not an e-mail address: {text!r}")
    return text


def _phone(value: Any) -> str:
    text = _text(value)
    if not _PHONE.fullmatch(text):
        raise ValueError(f"is not a telephone number: {text!r}")
    return text


def _street(value: Any) -> str:
    text = _text(value)
    if _POST_BOX.search(text):
        raise ValueError("is a post box; § 5 DDG needs the address where you are established")
    return text


def _vat_id(value: Any) -> str:
    text = _text(value).replace(" ", "").upper()
    if not (_VAT_DE.fullmatch(text) if text.startswith("DE") else _VAT_EU.fullmatch(text)):
        raise ValueError(f"is not a VAT identification number (DE and nine digits): {text!r}")
    return text


def _economic_id(value: Any) -> str:
    text = _text(value).replace(" ", "").upper()
    if not _ECONOMIC_ID.fullmatch(text):
        raise ValueError(f"is not a business identification number (DE123456789-00001): "
                         f"{text!r}")
    return text


def _state(value: Any) -> str:
    text = _text(value).upper()
    if text not in AUTHORITIES:
        raise ValueError(f"is not a German state code ({', '.join(AUTHORITIES)}): {text!r}")
    return text


def _days(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
        raise ValueError(f"must be a number of days from 1 to 365, not {value!r}")
    return value


def _url(value: Any) -> str:
    text = _text(value)
    if not re.fullmatch(r"https://[^\s\"'<>]+", text):
        raise ValueError(f"must be an https:// address: {text!r}")
    return text


# key: (required, check, what it is). Keys of the TOML file, and of the environment as
# OBJECTION_OPERATOR_<KEY>.
SETTINGS: dict[str, tuple[bool, Callable[[Any], Any], str]] = {
    "name": (True, _text, "the person or organisation running the site"),
    "legal_form": (False, _text, "the legal form of a legal person, e.g. eingetragener Verein"),
    "representative": (False, _text, "who represents a legal person (§ 5(1) no. 1 DDG)"),
    "street": (True, _street, "street and number (no post box)"),
    "postcode": (True, _text, "postal code"),
    "city": (True, _text, "city"),
    "country": (False, _text, "country, if not Germany"),
    "email": (True, _email, "e-mail address for everything about the site"),
    "phone": (False, _phone, "telephone number"),
    "register": (False, _text, "register court and number, e.g. Amtsgericht Berlin "
                               "(Charlottenburg), VR 12345 B"),
    "vat_id": (False, _vat_id, "VAT identification number (§ 27a UStG)"),
    "economic_id": (False, _economic_id, "business identification number (§ 139c AO)"),
    "privacy_email": (False, _email, "e-mail address for questions about personal data "
                                     "(default: email)"),
    "dpo_name": (False, _text, "the data protection officer's name, if one is appointed"),
    "dpo_email": (False, _email, "the data protection officer's e-mail address"),
    "state": (False, _state, "the German state of the operator's seat (BE, BY, ...): "
                             "names its supervisory authority"),
    "authority_name": (False, _text, "the supervisory authority, if not the state's"),
    "authority_address": (False, lambda v: _text(v, 300, lines=True), "its postal address "
                                                                     "(lines)"),
    "authority_url": (False, _url, "its website"),
    "hosting": (False, lambda v: _text(v, 300, lines=True), "the hosting provider that "
                                                          "runs the server for you, if any "
                                                          "(a processor, Art. 28 GDPR)"),
    "log_retention_days": (False, _days, f"days nginx's logs are kept (default "
                                         f"{DEFAULT_LOG_DAYS}; deploy/logrotate-objection)"),
}


def load(environ: Mapping[str, str]) -> Operator | None:
    """The operator from OBJECTION_OPERATOR_FILE and OBJECTION_OPERATOR_* in `environ`;
    None when nothing is set."""
    data: dict[str, Any] = {}
    path = environ.get(FILE_VARIABLE, "").strip()
    if path:
        data.update(read_file(path))
    for key in SETTINGS:
        value = environ.get(ENV_PREFIX + key.upper())
        if value is not None and value.strip():
            data[key] = value
    return from_mapping(data) if data else None


def read_file(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except OSError as exc:
        raise OperatorError([f"{FILE_VARIABLE}: cannot read {path}: {exc.strerror}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise OperatorError([f"{FILE_VARIABLE}: {path} is not TOML: {exc}"]) from None


def from_mapping(data: Mapping[str, Any]) -> Operator:
    """Check every setting; OperatorError names every problem at once."""
    problems = [f"unknown setting {key!r}" for key in data if key not in SETTINGS]
    values: dict[str, Any] = {}
    for key, (required, check, what) in SETTINGS.items():
        raw = data.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                problems.append(f"{key} is missing: {what}")
            continue
        try:
            values[key] = check(raw)
        except ValueError as exc:
            problems.append(f"{key} {exc}")
    authority = _authority(values, problems)
    if "dpo_name" in values and "dpo_email" not in values:
        problems.append("dpo_email is missing: the data protection officer's contact "
                        "(Art. 13(1)(b) GDPR)")
    if (not values.get("country") and "postcode" in values
            and not re.fullmatch(r"[0-9]{5}", values["postcode"])):
        problems.append(f"postcode is not a German postal code: {values['postcode']!r} "
                        "(set country for an address abroad)")
    if problems:
        raise OperatorError(problems)
    for key in ("state", "authority_name", "authority_address", "authority_url"):
        values.pop(key, None)
    return Operator(authority=authority, **values)


def _authority(values: dict[str, Any], problems: list[str]) -> Authority | None:
    """The authority named in the settings, else the one of the operator's state."""
    name, address = values.get("authority_name"), values.get("authority_address")
    if name or address:
        if not (name and address):
            problems.append("authority_name and authority_address go together")
            return None
        return Authority(name, tuple(line.strip() for line in address.splitlines()
                                     if line.strip()), values.get("authority_url", ""))
    if "state" in values:
        return AUTHORITIES[values["state"]]
    problems.append("state is missing (or authority_name and authority_address): the "
                    "privacy notice names the supervisory authority")
    return None
