"""Property tests for the period arithmetic (hypothesis)."""
import datetime as dt

from hypothesis import given, settings, strategies as st

from objection import deadlines as dl
from objection.deadlines import Period
from objection.vocabulary import DELIVERIES

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))
states = st.sampled_from(dl.STATES)
periods = st.one_of(
    st.builds(Period, days=st.integers(1, 90)),
    st.builds(Period, weeks=st.integers(1, 12)),
    st.builds(Period, months=st.integers(1, 24)),
)


@given(days, periods, states)
def test_deadline_is_a_working_day_in_its_state(start, period, state):
    end = dl.declaration_window(start, period, state).date
    assert end.weekday() < 5
    assert dl.public_holiday(end, state) is None


@given(days, periods, states)
def test_deadline_never_before_raw_end_and_only_shifted_past_closed_days(start, period, state):
    result = dl.declaration_window(start, period, state)
    raw = dl.raw_end(start, period)
    assert result.raw == raw and result.date >= raw
    day = raw
    while day < result.date:    # every day skipped is closed
        assert not dl.is_working_day(day, state)
        day += dl.ONE_DAY


@given(days, st.integers(1, 12))
def test_weeks_keep_the_weekday(start, weeks):
    assert dl.raw_end(start, Period(weeks=weeks)).weekday() == start.weekday()


@given(days, st.integers(1, 24))
def test_months_keep_the_day_or_clamp_to_month_end(start, months):
    end = dl.raw_end(start, Period(months=months))
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    if end.day != start.day:
        assert end.day < start.day
        assert (end + dl.ONE_DAY).day == 1      # the last day of its month


@given(days, days, periods, states)
def test_later_receipt_never_gives_an_earlier_deadline(a, b, period, state):
    first, second = sorted((a, b))
    assert (dl.declaration_window(first, period, state).date
            <= dl.declaration_window(second, period, state).date)


@given(days, states)
def test_arrival_is_a_business_day_on_or_before_raw_end(raw, state):
    arrival = dl.target_arrival(raw, state).date
    assert arrival <= raw and dl.is_business_day(arrival, state)
    assert (raw - arrival).days < 10


@settings(max_examples=200)
@given(days, states, states, st.sampled_from(DELIVERIES))
def test_send_by_leaves_four_postal_days(raw, recipient, sender, delivery):
    arrival = dl.target_arrival(raw, recipient)
    sent = dl.send_by(arrival, delivery, recipient, sender).date
    if delivery.postal:
        between = [sent + dt.timedelta(days=i) for i in range(1, (arrival.date - sent).days + 1)]
        assert sum(dl.is_postal_day(d, (recipient, sender)) for d in between) == dl.POSTAL_DAYS
        assert dl.is_postal_day(sent, (recipient, sender))
    else:
        assert sent == arrival.date
