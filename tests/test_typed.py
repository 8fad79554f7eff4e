"""What people type, read their way (objection/typed.py): amounts by the rules of the
page's language, dates as written (an ambiguous one asked), periods in words."""
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from objection.deadlines import Period
from objection.fields import Invalid, money
from objection.typed import (KWH, period_words, plain_amount, shown_amount, typed_amount,
                             typed_date, typed_period)


def error(read, *args, lang="en") -> str:
    with pytest.raises(Invalid) as info:
        read(*args)
    return info.value.message.render(lang)


# --- Amounts -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, de, en", [
    ("29,99 €", "29.99", "29.99"),
    ("€ 29.99", "29.99", "29.99"),
    ("EUR 29,99", "29.99", "29.99"),
    ("29,99 Euro", "29.99", "29.99"),
    ("29", "29", "29"),
    ("1.234,56", "1234.56", "1234.56"),     # German grouping: one reading only, in any form
    ("1,234.56", "1234.56", "1234.56"),
    ("1 234,56", "1234.56", "1234.56"),
    ("1.234.567", "", ""),                  # more than the largest amount: see below
    ("1.234", "1234", None),                # the page's own thousands separator ...
    ("1,234", None, "1234"),                # ... but its decimal separator with three digits: asked
    ("12.345", "12345", None),
    ("29.99", "29.99", "29.99"),            # cannot group thousands: a decimal point
    ("29,9", "29.9", "29.9"),
    ("0,3210", "0.3210", "0.3210"),         # a price per kWh has four decimals
    ("0.3210", "0.3210", "0.3210"),
    ("0,321", "0.321", "0.321"),            # a lone zero never stands before thousands
    ("1234.567", "1234.567", "1234.567"),   # four digits never stand before a separator
])
def test_amounts_as_printed(typed, de, en):
    for lang, expected in (("de", de), ("en", en)):
        if expected == "":
            assert "must not exceed" in error(typed_amount, typed, lang)
        elif expected is None:
            assert "is unclear" in error(typed_amount, typed, lang, lang="en")
        else:
            assert typed_amount(typed, lang) == Decimal(expected), (typed, lang)


def test_an_unclear_amount_shows_both_readings_in_the_users_language():
    assert error(typed_amount, "1,234", "de", lang="de") == (
        "„1,234“ ist nicht eindeutig: gemeint sein kann 1,234 oder 1.234. Schreiben Sie 1234 "
        "für 1.234 oder 1,2340 für 1,234.")
    assert error(typed_amount, "1.234", "en") == (
        "“1.234” is unclear: it could be 1.234 or 1,234. Write 1234 for 1,234, or 1.2340 "
        "for 1.234.")
    # Both ways it suggests are read as meant.
    assert typed_amount("1234", "en") == 1234 and typed_amount("1.2340", "en") == Decimal("1.234")


@pytest.mark.parametrize("typed, message", [
    ("zwanzig", "Write it as a number, such as 29.99 or 1,234.56."),
    ("1e3", "Write it as a number, such as 29.99 or 1,234.56."),
    ("1,2.3", "Write it as a number, such as 29.99 or 1,234.56."),
    ("-5,00", "An amount cannot be negative."),
    ("0,32105", "At most four digits after the decimal separator."),
    ("2.000.000", "The amount must not exceed 1,000,000."),
])
def test_what_is_no_amount(typed, message):
    assert error(typed_amount, typed, "de") == message


def test_the_examples_are_written_the_languages_way():
    assert error(typed_amount, "zwanzig", "de", lang="de") == \
        "Bitte als Zahl angeben, etwa 29,99 oder 1.234,56."
    assert error(typed_amount, "viel", "de", KWH, lang="de") == \
        "Bitte als Zahl angeben, etwa 350 oder 3.500."
    assert typed_amount("3.500 kWh", "de", KWH) == 3500


@given(st.decimals(min_value=0, max_value=999999, places=4, allow_nan=False),
       st.integers(0, 4), st.sampled_from(["de", "en"]), st.sampled_from(["de", "en"]))
def test_kept_and_shown_again_an_amount_stays_the_same_in_either_language(value, places,
                                                                          typed_in, shown_in):
    """What the draft keeps (plain) and what a page shows of it (in its language) read
    back as the same amount in both languages, so a language switch changes nothing."""
    value = round(value, places)
    typed = shown_amount(plain_amount(value), typed_in)
    kept = plain_amount(typed_amount(typed, typed_in))
    assert money(kept) == value
    assert typed_amount(shown_amount(kept, shown_in), shown_in) == value


def test_a_plain_amount_never_has_three_decimals():
    assert plain_amount(Decimal("1.234")) == "1.2340"
    assert plain_amount(Decimal("1234.5")) == "1234.5"
    assert shown_amount("1234.5", "de") == "1.234,5" and shown_amount("1234.5", "en") == "1,234.5"
    assert shown_amount("zwanzig", "de") == "zwanzig"          # what cannot be read, as typed


# --- Dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["31.10.2026", "31.10.26", "2026-10-31", "31/10/2026",
                                   "31-10-2026", "31. 10. 2026", "10/31/2026"])
def test_dates_as_people_write_them(typed):
    assert typed_date(typed) == dt.date(2026, 10, 31)


def test_an_ambiguous_date_is_asked_with_both_readings():
    assert error(typed_date, "11/12/2026") == (
        "“11/12/2026” could be Fri, 11 Dec 2026 or Thu, 12 Nov 2026. Please write the date "
        "with dots, day first, such as 11.12.2026.")
    assert error(typed_date, "11-12-26", lang="de").startswith("Geben Sie ein gültiges Datum")
    assert "„11-12-2026“ kann Fr., 11. Dez. 2026 oder Do., 12. Nov. 2026 sein." in \
        error(typed_date, "11-12-2026", lang="de")
    assert typed_date("11/11/2026") == dt.date(2026, 11, 11)      # the same either way
    assert typed_date("11.12.2026") == dt.date(2026, 12, 11)      # dots: day first


@pytest.mark.parametrize("typed", ["31.02.2026", "morgen", "23.11.22026", "2026-13-01", ""])
def test_what_is_no_date(typed):
    assert error(typed_date, typed) == \
        "Enter a real date as day, month and year, for example 23.11.2026."


# --- Periods -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, period", [
    ("4 Wochen", Period(weeks=4)), ("6 weeks", Period(weeks=6)), ("ein Monat", Period(months=1)),
    ("zwei Monate", Period(months=2)), ("14 Tage", Period(days=14)), ("1 month", Period(months=1)),
    ("vier  Wochen", Period(weeks=4)), ("P4W", Period(weeks=4)), ("p1m", Period(months=1)),
    ("31.10.2026", dt.date(2026, 10, 31)), ("2026-10-31", dt.date(2026, 10, 31)),
])
def test_periods_as_the_notice_says_them(typed, period):
    assert typed_period(typed) == period


@pytest.mark.parametrize("typed", ["4W", "10 Werktage", "0 Wochen", "bald", ""])
def test_what_is_no_period(typed):
    assert error(typed_period, typed) == (
        "Enter the period as the notice says it, such as 4 weeks, 14 days or 1 month, or the "
        "last day it names, such as 31.10.2026.")


def test_a_period_too_long_and_an_ambiguous_last_day():
    assert error(typed_period, "999 Monate") == \
        "That period is longer than any notice would give."
    assert error(typed_period, "11/12/2026").startswith("“11/12/2026” could be")


def test_periods_in_words():
    assert period_words(Period(weeks=4), "de") == "4 Wochen"
    assert period_words(Period(months=1, days=15), "en") == "1 month, 15 days"
