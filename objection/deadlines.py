"""Period arithmetic of the BGB (sections 186-193) and delivery planning.

Pure functions on `datetime.date`. Every date carries the chain of rules that produced
it (`Step`s), so the product can show how a court would count.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta

from .vocabulary import Delivery

STATES = ("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN",
          "ST", "SH", "TH")

ONE_DAY = dt.timedelta(days=1)
BERLIN = ZoneInfo("Europe/Berlin")


def today_in_berlin() -> dt.date:
    """Today where the deadlines run."""
    return dt.datetime.now(BERLIN).date()

# Deutsche Post's legal target since 2025: 99 % of letters within 4 postal working days
# (PostG reform); docs/rules.md R8 plans with that.
POSTAL_DAYS = 4
# Einschreiben Rückschein: if nobody is met, the letter waits 7 working days at the post
# office and has not arrived yet (docs/rules.md R12).
RECEIPT_HOLD_DAYS = 7


class PeriodError(ValueError):
    """A period string that is neither an ISO 8601 duration nor a date."""


@dataclass(frozen=True)
class Period:
    """A period of months, weeks and days (years and quarters folded into months)."""

    months: int = 0
    weeks: int = 0
    days: int = 0

    def __str__(self) -> str:  # ISO 8601, as in the case JSON
        years, months = divmod(self.months, 12)
        parts = ((0 if months else years, "Y"), (self.months if months else 0, "M"),
                 (self.weeks, "W"), (self.days, "D"))
        return "P" + "".join(f"{n}{unit}" for n, unit in parts if n)


_DURATION = re.compile(r"P(?:(\d{1,3})Y)?(?:(\d{1,3})M)?(?:(\d{1,3})W)?(?:(\d{1,4})D)?")
MAX_PERIOD_DAYS = 5 * 366


def parse_period(text: str) -> Period | dt.date:
    """'P4W' -> Period(weeks=4); '2026-10-31' -> that date (a last day named in a notice)."""
    text = text.strip().upper()
    match = _DURATION.fullmatch(text)
    if match and text != "P":
        years, months, weeks, days = (int(g or 0) for g in match.groups())
        period = Period(months=12 * years + months, weeks=weeks, days=days)
        approx = period.months * 31 + period.weeks * 7 + period.days
        if approx == 0:
            raise PeriodError("empty")
        if approx > MAX_PERIOD_DAYS:
            raise PeriodError("too_long")
        return period
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PeriodError("invalid") from None


def raw_end(start: dt.date, period: Period) -> dt.date:
    """E0: the last day of a period that starts with an event on `start`.

    Section 187(1) BGB: the event day is not counted. Section 188(2): weeks and months
    end on the day with the event day's weekday or number; section 188(3): a missing day
    number means the month's last day (relativedelta clamps). Months are added to the
    start directly, never step by step; section 189(2): days are counted last.
    """
    return start + relativedelta(months=period.months) + dt.timedelta(
        weeks=period.weeks, days=period.days)


# --- Holidays --------------------------------------------------------------------------

@cache
def _calendar(subdiv: str, category: str, lang: str) -> holidays.HolidayBase:
    return holidays.Germany(subdiv=subdiv, categories=(category,),
                            language="de" if lang == "de" else "en_US")


def public_holiday(day: dt.date, state: str, lang: str = "en") -> str | None:
    """Name of the state-wide public holiday on `day`, or None (docs/rules.md R6)."""
    return _calendar(state, "public", lang).get(day)


def nationwide_holiday(day: dt.date) -> bool:
    """A public holiday in every state (New Year, Easter, German Unity Day, ...)."""
    return all(public_holiday(day, state) for state in STATES)


def municipal_holiday(day: dt.date, state: str, lang: str = "en") -> str | None:
    """A holiday kept only in some municipalities of `state` (Assumption in Bavaria,
    Corpus Christi in parts of Saxony and Thuringia, Augsburg's Peace Festival).
    It never shifts a deadline (docs/rules.md R6), but the user should hear of it."""
    if public_holiday(day, state):
        return None
    name = _calendar(state, "catholic", lang).get(day)
    if name is None and state == "BY":
        name = _calendar("Augsburg", "public", lang).get(day)
    return name


@dataclass(frozen=True)
class HolidayName:
    """A holiday's name, rendered in the language of the message that mentions it."""

    day: dt.date
    state: str
    municipal: bool = False

    def render(self, lang: str) -> str:
        lookup = municipal_holiday if self.municipal else public_holiday
        return lookup(self.day, self.state, lang) or ""


def is_working_day(day: dt.date, state: str) -> bool:
    """Section 193 BGB: not a Saturday, Sunday or public holiday at the place."""
    return day.weekday() < 5 and public_holiday(day, state) is None


def is_business_day(day: dt.date, state: str) -> bool:
    """A day a business reads its mail: a working day, and not the afternoon-less
    24 or 31 December (BGH XII ZR 148/05; docs/rules.md R7, R8)."""
    return is_working_day(day, state) and (day.month, day.day) not in ((12, 24), (12, 31))


def is_postal_day(day: dt.date, states: tuple[str, ...]) -> bool:
    """Deutsche Post delivers Monday to Saturday, not on a holiday at either end."""
    return day.weekday() < 6 and not any(public_holiday(day, s) for s in states)


# --- Rule chains ---------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One link of a rule chain: what happened (`kind`), under which statute, the
    date it gave, and any detail the explanation needs."""

    kind: str
    basis: str
    date: dt.date
    detail: tuple = ()


@dataclass(frozen=True)
class Dated:
    """A computed date with the chain of rules behind it."""

    date: dt.date
    steps: tuple[Step, ...]

    @property
    def raw(self) -> dt.date:
        """E0: the date before any section 193 shift."""
        shifted = [s for s in self.steps if s.kind == "shift"]
        return shifted[0].detail[0] if shifted else self.date

    @property
    def bases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.basis for s in self.steps if s.basis))


def shift_193(day: dt.date, state: str) -> tuple[dt.date, tuple[dt.date, ...]]:
    """Section 193 BGB: a last day on a Saturday, Sunday or public holiday at the place
    of declaration gives way to the next working day, repeatedly. Returns the new day
    and the days skipped."""
    skipped = []
    while not is_working_day(day, state):
        skipped.append(day)
        day += ONE_DAY
    return day, tuple(skipped)


def declaration_window(start: dt.date, period: Period | dt.date, state: str,
                       basis: str = "") -> Dated:
    """E1 for a declaration window: an objection period, a last day named in a
    notice, or a statutory window such as section 57(1) TKG (docs/rules.md R1-R5)."""
    steps = []
    if isinstance(period, dt.date):
        steps.append(Step("fixed_day", basis, period))
        end = period
    else:
        if basis:
            steps.append(Step("window_basis", basis, start, (period,)))
        steps.append(Step("event_day", "§ 187 Abs. 1 BGB", start))
        end = raw_end(start, period)
        month_end = start + relativedelta(months=period.months)
        clamped = bool(period.months) and month_end.day != start.day
        rule = ("§ 188 Abs. 2, 3 BGB" if clamped else
                "§ 188 Abs. 2 BGB" if period.months or period.weeks else "§ 188 Abs. 1 BGB")
        steps.append(Step("period_end", rule, end, (period, clamped)))
    final, skipped = shift_193(end, state)
    if skipped:
        steps.append(Step("shift", "§ 193 BGB", final, (end, skipped, state)))
    return Dated(final, tuple(steps))


def day_before(effective: dt.date, basis: str) -> Dated:
    """A right 'with effect from the change' (energy, banks): the declaration must
    arrive before W, so by W - 1, unshifted: section 193 does not extend it (BGH
    III ZR 172/04 for notice periods; the safe side for the rest, docs/rules.md R5)."""
    return Dated(effective - ONE_DAY, (Step("day_before", basis, effective - ONE_DAY,
                                            (effective,)),))


def latest_notice_day(effective: dt.date, minimum: Period) -> dt.date:
    """The last day the provider's notice may reach the customer when it must come
    `minimum` before W, counted backwards from W (docs/rules.md R15: the notice for a
    change on 1 March must arrive by 31 January)."""
    return effective - relativedelta(months=minimum.months) - dt.timedelta(
        weeks=minimum.weeks, days=minimum.days) - ONE_DAY


# --- Delivery planning (docs/rules.md R7, R8, R12) ------------------------------------------

def target_arrival(raw_deadline: dt.date, state: str) -> Dated:
    """A: the last business day on or before E0 at the receiving address (policy,
    docs/rules.md R8: never plan on the section 193 extension or on a closed office)."""
    day = raw_deadline
    while not is_business_day(day, state):
        day -= ONE_DAY
    return Dated(day, (Step("arrival", "§ 130 Abs. 1 BGB", day, (raw_deadline,)),))


def postal_days_before(day: dt.date, count: int, states: tuple[str, ...]) -> dt.date:
    """The latest posting day that leaves `count` postal working days up to and
    including `day` (S5 of docs/sources.md: posted Thu 6.2.2025, the four days are Fri 7,
    Sat 8, Mon 10 and Tue 11). The posting day itself must be a postal day."""
    while count:
        if is_postal_day(day, states):
            count -= 1
        day -= ONE_DAY
    while not is_postal_day(day, states):
        day -= ONE_DAY
    return day


def send_by(arrival: Dated, delivery: Delivery, recipient_state: str,
            sender_state: str | None = None) -> Dated:
    """The latest day to send so that the declaration arrives by A."""
    if delivery.postal:
        states = tuple(dict.fromkeys(s for s in (recipient_state, sender_state) if s))
        day = postal_days_before(arrival.date, POSTAL_DAYS, states)
        return Dated(day, arrival.steps + (Step("post_by", "", day, (POSTAL_DAYS,)),))
    kind = "hand_on" if delivery.timing == "hand" else "transmit_on"
    return Dated(arrival.date, arrival.steps + (Step(kind, "", arrival.date, (delivery.cutoff,)),))


def receipt_safe_posting(arrival: dt.date, recipient_state: str,
                         sender_state: str | None = None) -> dt.date:
    """Latest posting day for Einschreiben Rückschein that survives a 7-day hold at
    the post office when nobody is met (docs/rules.md R12)."""
    states = tuple(dict.fromkeys(s for s in (recipient_state, sender_state) if s))
    return postal_days_before(arrival, POSTAL_DAYS + RECEIPT_HOLD_DAYS, states)


def expected_arrival(sent: dt.date, delivery: Delivery, recipient_state: str,
                     sender_state: str | None = None) -> dt.date:
    """When a letter sent on `sent` can be expected to have arrived: by post after
    POSTAL_DAYS postal working days, by the other ways the same day; either way on a
    business day at the receiving address (docs/rules.md R7, R8). Dates in a letter by
    which something must happen are never set before this day."""
    day = sent
    if delivery.postal:
        states = tuple(dict.fromkeys(s for s in (recipient_state, sender_state) if s))
        count = POSTAL_DAYS
        while count:
            day += ONE_DAY
            if is_postal_day(day, states):
                count -= 1
    while not is_business_day(day, recipient_state):
        day += ONE_DAY
    return day
