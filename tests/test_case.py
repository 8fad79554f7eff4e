"""The case model: parsing, validation with field paths, and the JSON round trip."""
import datetime as dt
from decimal import Decimal

import pytest

from conftest import CASES, load_json
from objection.case import CaseError, from_dict
from test_assess import make


def errors_of(data) -> dict:
    with pytest.raises(CaseError) as info:
        from_dict(data)
    return {e.path: e for e in info.value.errors}


@pytest.mark.parametrize("name", ["energy", "insurance", "streaming"])
def test_example_cases_parse_and_round_trip(name):
    case = from_dict(load_json(CASES / f"{name}.json"))
    assert from_dict(case.to_dict()) == case


def test_fixture_values(telecom_case):
    case = from_dict(telecom_case)
    assert case.notice.prices[0].old == Decimal("19.99")
    assert case.notice.received == dt.date(2026, 9, 3)
    assert str(case.notice.objection_period) == "P4W"
    assert case.to_dict()["notice"]["objection_period"] == "P4W"


def test_defaults_fill_in(telecom_case):
    data = make(telecom_case, **{"options.delivery": None, "contract.consumer": None,
                                 "signature.mode": None})
    case = from_dict(data)
    assert case.options.delivery == "registered_mail"
    assert case.contract.consumer is True
    assert case.signature.mode == "handwritten"


@pytest.mark.parametrize("path, value, fragment", [
    ("notice.received", "2026-02-30", "Not a valid date"),
    ("notice.received", 20260903, "Not a valid date: write it as year-month-day"),
    ("notice.old_price", "-5", "negative"),
    ("notice.old_price", "abc", "Not a valid amount"),
    ("notice.new_price", "99999999", "Not a valid amount"),
    ("notice.new_price", "2000000", "must not exceed"),
    ("notice.objection_period", "four weeks", "Not a valid period"),
    ("notice.objection_period", "P40Y", "longer than"),
    ("notice.required_form", "fax", "Must be one of"),
    ("contract.sector", "gas", "Must be one of"),
    ("contract.consumer", "yes", "true or false"),
    ("options.confirmation_days", 400, "whole number"),
    ("options.delivery", "pigeon", "Must be one of"),
    ("letter.state", "XX", "Not a German state: give its code, one of Baden-Württemberg "
                           "(BW), Bavaria (BY), Berlin (BE)"),
    ("letter.language", "fr", "Must be one of"),
    ("customer.name", "x" * 101, "At most 100"),
    ("customer.name", "Line\nbreak", "control characters"),
    ("contract.tariff", "\u202eevil\u202c", "direction"),
    ("customer.street", "Main St\u2066 7", "direction"),
    ("customer.email", "not-an-address", "e-mail"),
    ("customer.postal_code", "1234", "five digits"),
    ("provider.fax", "call me", "fax"),
    ("signature.image", "http://example.com/x.png", "data: URI"),
    ("notice.date", "1850-01-01", "between"),
])
def test_bad_values_name_the_field(telecom_case, path, value, fragment):
    errors = errors_of(make(telecom_case, **{path: value}))
    assert path in errors, errors
    assert fragment in errors[path].render("en")


@pytest.mark.parametrize("path, en, de", [
    ("customer.name", "Enter your full name.", "Geben Sie Ihren vollständigen Namen ein."),
    ("provider.street", "Enter the provider's street or PO box.",
     "Geben Sie die Straße oder das Postfach des Anbieters ein."),
    ("contract.sector", "Choose the kind of contract.", "Wählen Sie die Art des Vertrags."),
    ("notice.date", "Enter the date printed on the notice.",
     "Geben Sie das Datum der Mitteilung ein."),
    ("notice.old_price", "Enter the price before the increase.",
     "Geben Sie den Preis vor der Erhöhung ein."),
    ("notice.effective", "Enter the day the new price is to apply.",
     "Geben Sie den Tag ein, ab dem der neue Preis gelten soll.")])
def test_missing_required_field_says_what_to_enter(telecom_case, path, en, de):
    errors = errors_of(make(telecom_case, **{path: None}))
    assert errors[path].render("en") == en
    assert errors[path].render("de") == de


def test_unknown_keys_are_errors(telecom_case):
    data = make(telecom_case, **{"notice.recieved": "2026-09-03"})
    data["extra"] = {}
    errors = errors_of(data)
    assert "notice.recieved" in errors and "extra" in errors
    assert "'recieved'" in errors["notice.recieved"].render("en")


def test_every_error_is_reported_at_once(telecom_case):
    data = make(telecom_case, **{"notice.received": "x", "notice.old_price": "x",
                                 "customer.city": None})
    assert {"notice.received", "notice.old_price", "customer.city"} <= set(errors_of(data))


def test_json_pointer(telecom_case):
    errors = errors_of(make(telecom_case, **{"notice.received": "x"}))
    assert errors["notice.received"].pointer == "/notice/received"


def test_not_an_object():
    assert "" in errors_of([1, 2])
    assert "notice" in errors_of({"notice": "tomorrow"})


def test_received_before_notice_date(telecom_case):
    errors = errors_of(make(telecom_case, **{"notice.received": "2026-08-31"}))
    assert "notice.received" in errors


def test_nothing_to_declare(telecom_case):
    errors = errors_of(make(telecom_case, **{"options.object": False}))
    assert "options.object" in errors


def test_image_mode_needs_an_image(telecom_case):
    assert "signature.image" in errors_of(make(telecom_case, **{"signature.mode": "image"}))


def test_state_from_the_providers_postal_code(telecom_case):
    case = from_dict(make(telecom_case, **{"letter.state": None}))
    assert case.letter.state == "BE"      # 10115 Berlin


def test_state_needed_when_the_postal_code_spans_states(telecom_case):
    data = make(telecom_case, **{"letter.state": None, "provider.postal_code": "14467"})
    errors = errors_of(data)
    assert errors["letter.state"].render("en").endswith("for sure: Berlin, Brandenburg.")
    assert errors["letter.state"].render("de").endswith("Berlin, Brandenburg.")


def test_amount_with_comma_and_number(telecom_case):
    case = from_dict(make(telecom_case, **{"notice.old_price": "19,99",
                                           "notice.new_price": 29.99}))
    assert case.notice.prices[0].old == Decimal("19.99")
    assert case.notice.prices[0].new == Decimal("29.99")
