"""Period arithmetic (BGB sections 187-193): every worked example of docs/rules.md R1-R5 and
of docs/sources.md section 1.5, pinned to concrete calendar dates."""
import datetime as dt

import pytest

from objection import deadlines as dl
from objection.deadlines import Period, parse_period
from objection.vocabulary import DELIVERIES, by_key

D = dt.date.fromisoformat

# docs/rules.md section 1: received, period, state, raw end (E0), deadline (E1)
RULES_EXAMPLES = [
    ("2026-09-02", "P4W", "BE", "2026-09-30", "2026-09-30"),
    ("2026-09-30", "P1M", "HH", "2026-10-30", "2026-10-30"),
    ("2027-01-30", "P1M", "NW", "2027-02-28", "2027-03-01"),
    ("2028-03-31", "P1M", "BY", "2028-04-30", "2028-05-02"),
    ("2026-12-04", "P3W", "BW", "2026-12-25", "2026-12-28"),
    ("2027-04-29", "P4W", "BW", "2027-05-27", "2027-05-28"),
    ("2027-04-29", "P4W", "HB", "2027-05-27", "2027-05-27"),
    ("2026-10-03", "P4W", "SN", "2026-10-31", "2026-11-02"),
    ("2027-02-15", "P3W", "BE", "2027-03-08", "2027-03-09"),
    ("2027-12-01", "P3M", "SH", "2028-03-01", "2028-03-01"),
    ("2026-07-18", "P4W", "SL", "2026-08-15", "2026-08-17"),
    ("2027-08-23", "P4W", "TH", "2027-09-20", "2027-09-21"),
    ("2026-11-24", "P10D", "HE", "2026-12-04", "2026-12-04"),
    ("2027-06-27", "2027-07-04", "NI", "2027-07-04", "2027-07-05"),
]

# docs/sources.md section 1.5 (rows 1-27, 30-44; 28 and 29 are municipal holidays, tested below)
BRIEF_EXAMPLES = [
    ("2025-01-14", "P4W", "BE", "2025-02-11", "2025-02-11"),
    ("2025-01-31", "P1M", "HE", "2025-02-28", "2025-02-28"),
    ("2024-01-31", "P1M", "HE", "2024-02-29", "2024-02-29"),
    ("2023-01-31", "P1M", "HE", "2023-02-28", "2023-02-28"),
    ("2024-02-29", "P1M", "NW", "2024-03-29", "2024-04-02"),
    ("2024-02-29", "P1Y", "NW", "2025-02-28", "2025-02-28"),
    ("2025-11-30", "P3M", "BY", "2026-02-28", "2026-03-02"),
    ("2025-03-31", "P1M", "HB", "2025-04-30", "2025-04-30"),
    ("2025-08-31", "P3M", "HH", "2025-11-30", "2025-12-01"),
    ("2025-03-01", "P2W", "NI", "2025-03-15", "2025-03-17"),
    ("2025-06-01", "P4W", "SH", "2025-06-29", "2025-06-30"),
    ("2025-05-22", "P4W", "NW", "2025-06-19", "2025-06-20"),
    ("2025-05-22", "P4W", "BE", "2025-06-19", "2025-06-19"),
    ("2025-10-03", "P4W", "SN", "2025-10-31", "2025-11-03"),
    ("2025-10-03", "P4W", "BW", "2025-10-31", "2025-10-31"),
    ("2024-10-01", "P1M", "BY", "2024-11-01", "2024-11-04"),
    ("2024-10-01", "P1M", "HH", "2024-11-01", "2024-11-01"),
    ("2025-10-22", "P4W", "SN", "2025-11-19", "2025-11-20"),
    ("2025-10-22", "P4W", "TH", "2025-11-19", "2025-11-19"),
    ("2025-12-23", "P2W", "ST", "2026-01-06", "2026-01-07"),
    ("2024-02-08", "P1M", "BE", "2024-03-08", "2024-03-11"),
    ("2024-02-08", "P1M", "BB", "2024-03-08", "2024-03-08"),
    ("2023-02-08", "P1M", "MV", "2023-03-08", "2023-03-09"),
    ("2027-02-08", "P4W", "BE", "2027-03-08", "2027-03-09"),
    ("2024-08-20", "P1M", "TH", "2024-09-20", "2024-09-23"),
    ("2025-07-18", "P4W", "SL", "2025-08-15", "2025-08-18"),
    ("2025-07-18", "P4W", "BY", "2025-08-15", "2025-08-15"),
    ("2024-10-03", "P4W", "NI", "2024-10-31", "2024-11-01"),
    ("2024-10-03", "P4W", "NW", "2024-10-31", "2024-10-31"),
    ("2025-11-25", "P1M", "RP", "2025-12-25", "2025-12-29"),
    ("2025-12-01", "P1M", "MV", "2026-01-01", "2026-01-02"),
    ("2026-03-06", "P4W", "HE", "2026-04-03", "2026-04-07"),
    ("2025-05-12", "P4W", "BW", "2025-06-09", "2025-06-10"),
    ("2025-04-29", "P1M", "SL", "2025-05-29", "2025-05-30"),
    ("2026-04-01", "P1M", "SH", "2026-05-01", "2026-05-04"),
    ("2025-09-05", "P4W", "HB", "2025-10-03", "2025-10-06"),
    ("2025-07-09", "P2W", "NW", "2025-07-23", "2025-07-23"),
    ("2025-01-10", "P14D", "BE", "2025-01-24", "2025-01-24"),
    ("2025-03-14", "P3M", "BE", "2025-06-14", "2025-06-16"),
    ("2025-11-28", "P1M", "NW", "2025-12-28", "2025-12-29"),
    ("2009-05-14", "P4W", "RP", "2009-06-11", "2009-06-12"),
    ("2009-05-14", "P4W", "BE", "2009-06-11", "2009-06-11"),
]


@pytest.mark.parametrize("received, period, state, raw, final",
                         RULES_EXAMPLES + BRIEF_EXAMPLES)
def test_worked_examples(received, period, state, raw, final):
    result = dl.declaration_window(D(received), parse_period(period), state)
    assert result.raw == D(raw)
    assert result.date == D(final)


def test_start_never_shifts_even_on_a_holiday():
    # R1: received on Day of German Unity (a Saturday) still counts from that day.
    result = dl.declaration_window(D("2026-10-03"), Period(weeks=4), "SN")
    assert result.steps[0].kind == "event_day" and result.steps[0].date == D("2026-10-03")


def test_weeks_and_months_are_never_converted():
    # R3: 4 weeks from 31 January end on 28 February; 1 month on 28 February too, but
    # from 30 January 4 weeks end on 27 February and one month on 28 February.
    assert dl.raw_end(D("2027-01-30"), Period(weeks=4)) == D("2027-02-27")
    assert dl.raw_end(D("2027-01-30"), Period(months=1)) == D("2027-02-28")


def test_months_added_directly_not_stepwise():
    # R4: 31 Jan + 2 months = 31 Mar, not (28 Feb + 1 month =) 28 Mar.
    assert dl.raw_end(D("2026-01-31"), Period(months=2)) == D("2026-03-31")


@pytest.mark.parametrize("text, expected", [
    ("P14D", Period(days=14)), ("P2W", Period(weeks=2)), ("P4W", Period(weeks=4)),
    ("P6W", Period(weeks=6)), ("P1M", Period(months=1)), ("P2M", Period(months=2)),
    ("P1Y", Period(months=12)), ("P1M15D", Period(months=1, days=15)),
    ("p4w", Period(weeks=4)), ("2026-10-31", D("2026-10-31")),
])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "P", "4W", "P4X", "P0D", "PT4H", "P99Y", "2026-02-30",
                                  "P-1D", "P1.5M"])
def test_parse_period_rejects(text):
    with pytest.raises(dl.PeriodError):
        parse_period(text)


@pytest.mark.parametrize("period", ["P14D", "P4W", "P1M", "P1Y", "P3M", "P1M15D"])
def test_period_round_trip(period):
    assert str(parse_period(period)) == period


def test_section_189_aliases():
    # A quarter is 3 months, half a year 6 months, half a month 15 days, counted last.
    assert dl.raw_end(D("2026-01-31"), Period(months=3)) == D("2026-04-30")
    assert dl.raw_end(D("2026-01-31"), Period(months=6)) == D("2026-07-31")
    assert dl.raw_end(D("2026-01-31"), Period(months=1, days=15)) == D("2026-03-15")


def test_shift_chain_names_the_days_skipped():
    result = dl.declaration_window(D("2026-10-03"), Period(weeks=4), "SN")
    shift = [s for s in result.steps if s.kind == "shift"][0]
    assert shift.detail[1] == (D("2026-10-31"), D("2026-11-01"))
    assert result.bases == ("§ 187 Abs. 1 BGB", "§ 188 Abs. 2 BGB", "§ 193 BGB")


def test_month_end_clamp_is_named():
    result = dl.declaration_window(D("2025-01-31"), Period(months=1), "HE")
    assert "§ 188 Abs. 2, 3 BGB" in result.bases


@pytest.mark.parametrize("state, day", [
    ("BY", "2025-08-15"),   # Assumption Day, only in catholic municipalities
    ("SN", "2027-05-27"),   # Corpus Christi, only in parts of Saxony
    ("TH", "2027-05-27"),   # ... and of Thuringia
    ("BY", "2025-08-08"),   # Augsburg's Peace Festival
])
def test_municipal_holidays_do_not_shift(state, day):
    assert dl.municipal_holiday(D(day), state)
    assert dl.public_holiday(D(day), state) is None
    assert dl.shift_193(D(day), state)[0] == D(day)


def test_one_off_holidays_shift():
    # Berlin, 8 May 2025 (80th anniversary of the end of the war): a Thursday.
    assert dl.shift_193(D("2025-05-08"), "BE")[0] == D("2025-05-09")
    assert dl.shift_193(D("2025-05-08"), "BB")[0] == D("2025-05-08")


# --- Recommended arrival and send-by (R7, R8; docs/sources.md 1.5 S5, S6, 7.12, 7.13) --

@pytest.mark.parametrize("raw, state, arrival", [
    ("2025-11-30", "NW", "2025-11-28"),   # Sunday -> Friday
    ("2026-04-03", "RP", "2026-04-02"),   # Good Friday -> Thursday
    ("2025-02-11", "RP", "2025-02-11"),   # a working day stays
    ("2025-12-25", "BY", "2025-12-23"),   # Christmas, and 24 December is excluded
    ("2026-12-31", "BE", "2026-12-30"),   # 31 December is excluded
    ("2026-10-31", "SN", "2026-10-30"),   # Reformation Day (a Saturday anyway)
])
def test_target_arrival(raw, state, arrival):
    assert dl.target_arrival(D(raw), state).date == D(arrival)


def test_send_by_post_s5():
    # S5: arrival Tue 11.02.2025, sender BE, provider RP -> post by Thu 06.02.2025.
    arrival = dl.target_arrival(D("2025-02-11"), "RP")
    assert dl.send_by(arrival, by_key(DELIVERIES, "registered_mail"), "RP", "BE").date == D("2025-02-06")


def test_send_by_post_s6():
    # S6: E0 Thu 25.12.2025 (sender RP, provider BY): arrival 23.12., post by 18.12.
    arrival = dl.target_arrival(D("2025-12-25"), "BY")
    assert arrival.date == D("2025-12-23")
    assert dl.send_by(arrival, by_key(DELIVERIES, "letter"), "BY", "RP").date == D("2025-12-18")


def test_send_by_skips_holidays_at_either_end():
    # Arrival Tue 04.11.2025 in BW. Counting back: Mon 3.11., then Sat 1.11. (All Saints
    # in BW) and Fri 31.10. (Reformation Day in the sender's SN) are skipped, then Thu 30,
    # Wed 29, Tue 28 -> post by Tue 28.10.; without the sender's holiday by Wed 29.10.
    arrival = dl.target_arrival(D("2025-11-04"), "BW")
    assert dl.send_by(arrival, by_key(DELIVERIES, "registered_mail"), "BW", "SN").date == D("2025-10-28")
    assert dl.send_by(arrival, by_key(DELIVERIES, "registered_mail"), "BW", None).date == D("2025-10-29")


@pytest.mark.parametrize("delivery", ["fax", "email", "hand"])
def test_send_by_fast_channels_is_the_arrival_day(delivery):
    arrival = dl.target_arrival(D("2026-09-30"), "BE")
    assert dl.send_by(arrival, by_key(DELIVERIES, delivery), "BE").date == D("2026-09-30")


def test_latest_notice_day_counts_back_from_w():
    # R15 / S3: a change on 1 March needs the notice by 31 January.
    assert dl.latest_notice_day(D("2026-03-01"), Period(months=1)) == D("2026-01-31")
    assert dl.latest_notice_day(D("2026-03-01"), Period(months=2)) == D("2025-12-31")
    assert dl.latest_notice_day(D("2026-03-01"), Period(weeks=6)) == D("2026-01-17")


def test_energy_deadline_is_the_day_before_unshifted():
    # S2: a change effective Mon 01.12.2025: termination by Sun 30.11.2025, no shift.
    result = dl.day_before(D("2025-12-01"), "§ 41 Abs. 5 EnWG")
    assert result.date == D("2025-11-30")
    assert dl.target_arrival(result.raw, "NW").date == D("2025-11-28")
    arrival = dl.target_arrival(result.raw, "NW")
    assert dl.send_by(arrival, by_key(DELIVERIES, "registered_mail"), "NW", "NW").date == D("2025-11-24")
