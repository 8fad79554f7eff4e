"""The refund of what was charged above the agreed price (docs/rules.md section 7.3):
per bill the excess over the old price, the total, the limitation of each amount, and
default interest.

- § 812(1) sentence 1 alt. 1 BGB: what the provider charged above the agreed price it
  received without legal ground. Per bill: owed = the old price for the period the bill
  covers, counted in billing months from the bill's first day as §§ 187(2), 188(2), (3)
  BGB count a month (15 January to 14 February is one month, 31 January to 28 February
  too): every whole month is a whole month's price (a third of a quarter's, a twelfth of
  a year's), a remaining part of a month its days as a share of that month's days.
  charged = what the user entered, else the old price up to the change and the new one
  from it, split the same way, by the days at the new price within each billing month.
  A notice that changes several prices (a working price per kWh and a standing charge
  per year) counts each by its own unit, and owed and charged are their sums.
  Prices per kWh: the kWh the bill attributes to the new price where the user entered
  them, else the bill's kWh split by days ("zeitanteilig", § 12(2) StromGVV/GasGVV, which
  also wants seasonal variation taken into account: the letter says so and asks for the
  supplier's figure). Per bill, owed and an estimated charge are rounded half-up to the
  cent, so that each line adds up; the differences are summed.
- §§ 195, 199(1) BGB: the claim arises with the payment; three years from the end of the
  year in which the amount was paid and the customer knew of it (on paying it, having
  objected): barred after 31 December of the third year. The day paid where entered,
  else the bill's date. A letter does not stop it; an application to an arbitration body
  does (§ 204(1) no. 4 BGB).
- §§ 286(1), 288(1) BGB: interest from default at five percentage points above the base
  rate (§ 247 BGB), which changes on 1 January and 1 July. A § 812 refund is no
  "Entgeltforderung", so the nine points of § 288(2) do not apply, even between
  businesses. Days are counted actual/365 (actual/366 in a leap year), from the first day
  of default to the day before payment; a half-year whose base rate is not in the table
  is not guessed.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from .case import Case, Event, Price
from .deadlines import Period, raw_end

CENT = Decimal("0.01")
ONE_DAY = dt.timedelta(days=1)
# Warn when an amount becomes time-barred within this many days.
EXPIRY_WARNING_DAYS = 92
DEFAULT_POINTS = Decimal("5")       # § 288(1) sentence 2 BGB

# The base rate (§ 247 BGB) from each 1 January / 1 July, as the Deutsche Bundesbank
# announces it in the Bundesanzeiger (§ 247(2) BGB); source: Deutsche Bundesbank,
# "Basiszinssatz nach § 247 BGB". The value from 1 January 2026 was checked against the
# Bundesbank's announcement as reported on 2025-12-22; the earlier ones are the
# Bundesbank's published series, not re-read here (docs/sources.md). From 1 July 2026 on
# no value has been checked: interest for those days is not computed.
BASE_RATES: dict[dt.date, Decimal] = {
    dt.date(2023, 1, 1): Decimal("1.62"),
    dt.date(2023, 7, 1): Decimal("3.12"),
    dt.date(2024, 1, 1): Decimal("3.62"),
    dt.date(2024, 7, 1): Decimal("3.37"),
    dt.date(2025, 1, 1): Decimal("2.27"),
    dt.date(2025, 7, 1): Decimal("1.27"),
    dt.date(2026, 1, 1): Decimal("1.27"),   # Bundesbank, 1 January 2026: "unverändert"
}


class UnknownRate(ValueError):
    """Interest for a half-year whose base rate is not in the table."""

    def __init__(self, half_year: dt.date):
        super().__init__(f"no base rate for the half-year from {half_year}")
        self.half_year = half_year


@dataclass(frozen=True)
class Item:
    """One bill: what it covered, what was owed at the old prices, what was charged and
    the difference. Owed and an estimated charge count each of the notice's prices: one
    per kWh by the bill's kWh, one per month, quarter or year by the billing months."""

    bill: Event
    units: Decimal          # price units of the first price: months, quarters, years or kWh
    units_new: Decimal      # of them on or after the change
    new_from: dt.date       # the first day the bill charged above the old price for
    owed: Decimal
    charged: Decimal
    excess: Decimal         # to the cent, never below zero
    estimated: bool         # charged not entered: the old and the new price by days
    barred_after: dt.date   # the last day before the claim is time-barred
    months: int             # the whole billing months the bill covers ...
    days: int               # ... and the days of a remaining part of a month
    per_kwh: bool           # a price is per kWh: the bill's kWh count
    split_by_days: bool     # kWh: the new price's share estimated by days (§ 12(2) GVV)
    kwh: Decimal = Decimal(0)       # the bill's kWh, where a price is per kWh ...
    kwh_new: Decimal = Decimal(0)   # ... and of them at the new price
    per_period: bool = False        # a price is per month, quarter or year

    @property
    def paid_at_year_end_unknown(self) -> bool:
        """A bill from December without the day it was paid: paid in January, its claim
        would be barred a year later (§ 199(1) BGB), so the day paid matters."""
        # A bill's date is required: from_dict refuses an event without one.
        assert self.bill.date is not None, "a validated bill has its date"
        return self.bill.paid is None and self.bill.date.month == 12


@dataclass(frozen=True)
class Refund:
    items: tuple[Item, ...]
    today: dt.date

    @property
    def open_items(self) -> tuple[Item, ...]:
        """The amounts still to be claimed (not time-barred today)."""
        return tuple(i for i in self.items if i.barred_after >= self.today and i.excess)

    @property
    def barred(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.barred_after < self.today and i.excess)

    @property
    def expiring(self) -> tuple[Item, ...]:
        """Open amounts barred within EXPIRY_WARNING_DAYS: only an arbitration
        application or a court suspends limitation (§ 204 BGB), not a letter."""
        limit = self.today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
        return tuple(i for i in self.open_items if i.barred_after <= limit)

    @property
    def total(self) -> Decimal:
        return sum((i.excess for i in self.open_items), Decimal("0.00"))

    @property
    def barred_total(self) -> Decimal:
        return sum((i.excess for i in self.barred), Decimal("0.00"))

    @property
    def first_day(self) -> dt.date | None:
        """The first day the higher price was charged for, time-barred bills included:
        a fact that limitation does not move."""
        return min((i.new_from for i in self.items if i.excess), default=None)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def barred_after(paid: dt.date) -> dt.date:
    """§§ 195, 199(1) BGB: 31 December of the third year after the year of payment."""
    return dt.date(paid.year + 3, 12, 31)


@lru_cache(maxsize=4096)   # a bill's months are counted from its first day several times
def month_end(first: dt.date, count: int) -> dt.date:
    """The last day of `count` months that begin with the day `first` (§ 187(2) BGB):
    the day before the one with `first`'s number (§ 188(2) BGB), or, where the month
    reached has no such day, its last day (§ 188(3) BGB)."""
    reached = raw_end(first, Period(months=count))      # clamped to the month's end
    return reached if reached.day != first.day else reached - ONE_DAY


def _month_start(anchor: dt.date, index: int) -> dt.date:
    """The first day of the month number `index` (from 0) counted from `anchor`."""
    return anchor if index == 0 else month_end(anchor, index) + ONE_DAY


def _month_of(anchor: dt.date, day: dt.date) -> int:
    """The number (from 0) of the month counted from `anchor` that holds `day`. The
    calendar months between them, less one, are never more than it and at most one
    less, so this costs the same for a bill of a month and one of a hundred years."""
    index = max(0, (day.year - anchor.year) * 12 + day.month - anchor.month - 1)
    while month_end(anchor, index + 1) < day:
        index += 1
    return index


def months_between(first: dt.date, last: dt.date, anchor: dt.date | None = None) -> Decimal:
    """The months from `first` to `last` (both included), in the billing months that
    begin on `anchor` (by default `first`, never after it): a whole month is 1, a part of
    one its days as a share of that month's days."""
    if last < first:
        return Decimal(0)
    anchor = anchor or first

    def share(index: int) -> Decimal:
        start, end = _month_start(anchor, index), month_end(anchor, index + 1)
        covered = (min(end, last) - max(start, first)).days + 1
        return Decimal(covered) / Decimal((end - start).days + 1)

    head, tail = _month_of(anchor, first), _month_of(anchor, last)
    if head == tail:
        return share(head)
    return share(head) + (tail - head - 1) + share(tail)


def whole_months(first: dt.date, last: dt.date) -> tuple[int, int]:
    """The whole months from `first` to `last` and the days left over."""
    index = _month_of(first, last)
    if month_end(first, index + 1) == last:
        return index + 1, 0
    return index, (last - _month_start(first, index)).days + 1


_MONTHS_PER_UNIT = {"month": Decimal(1), "quarter": Decimal(3), "year": Decimal(12)}


def _period(bill: Event) -> tuple[dt.date, dt.date]:
    """The first and the last day a bill covers: what vocabulary.EVENTS says a bill needs,
    so from_dict refuses one without either."""
    assert bill.period_from is not None and bill.period_to is not None, "a validated bill"
    return bill.period_from, bill.period_to


def _kwh(bill: Event, change: dt.date) -> tuple[Decimal, Decimal, bool]:
    """The bill's kWh, those at the new price, and whether they were split by days."""
    first, last = _period(bill)
    units = bill.kwh or Decimal(0)
    if bill.kwh_new is not None:
        return units, bill.kwh_new, False
    # § 12(2) StromGVV/GasGVV: "zeitanteilig"; the seasonal weighting it also asks for
    # needs the supplier's load profile, which the letter asks for.
    length = Decimal((last - first).days + 1)
    new_days = Decimal(max(0, (last - change).days + 1))
    return units, units * new_days / length, 0 < new_days < length


def _units(price: Price, bill: Event, change: dt.date,
           kwh: tuple[Decimal, Decimal, bool]) -> tuple[Decimal, Decimal]:
    """The units of one price the bill covers, and of them on or after the change."""
    if price.per_kwh:
        return kwh[0], kwh[1]
    per = _MONTHS_PER_UNIT[price.unit]
    first, last = _period(bill)
    return months_between(first, last) / per, months_between(change, last, anchor=first) / per


def item(case: Case, bill: Event) -> Item:
    """The excess of one bill (§ 812 BGB), over every price of the notice."""
    notice = case.notice
    first, last = _period(bill)
    # The day of the change and the bill's date are required (from_dict refuses a case
    # without them), and so are each price's amounts (Price.amounts).
    assert notice.effective is not None and bill.date is not None, "a validated case"
    change = max(first, notice.effective)
    kwh = _kwh(bill, change)
    counted = [(*p.amounts, *_units(p, bill, change, kwh)) for p in notice.prices]
    # Owed and an estimated charge to the cent first, so that each line of the letter
    # adds up: charged - owed = difference.
    owed = cents(sum((old * units for old, _, units, _ in counted), Decimal(0)))
    estimated = bill.charged is None
    charged = (bill.charged if bill.charged is not None else
               cents(sum((old * (units - units_new) + new * units_new
                          for old, new, units, units_new in counted), Decimal(0))))
    excess = max(Decimal("0.00"), cents(charged - owed))
    # A bill wholly before the change with an amount above the old price entered
    # charged more from its first day.
    new_from = change if change <= last else first
    months, days = whole_months(first, last)
    _, _, units, units_new = counted[0]
    return Item(bill, units, units_new, new_from, owed, charged, excess, estimated,
                barred_after(bill.paid or bill.date), months, days,
                notice.per_kwh, kwh[2] and estimated and notice.per_kwh,
                kwh[0], kwh[1], any(not p.per_kwh for p in notice.prices))


def refund(case: Case, today: dt.date) -> Refund:
    """Every bill of the history with its excess, in the order of their dates."""
    return Refund(tuple(item(case, bill) for bill in case.events("bill")), today)


def half_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1 if day.month < 7 else 7, 1)


def interest(principal: Decimal, first: dt.date, last: dt.date,
             rates: dict[dt.date, Decimal] | None = None) -> Decimal:
    """Default interest on `principal` for the days `first` to `last`, both included
    (§§ 288(1), 247 BGB), to the cent. UnknownRate where a half-year's rate is missing."""
    rates = BASE_RATES if rates is None else rates
    total = Decimal(0)
    day = first
    while day <= last:
        start = half_year_start(day)
        if start not in rates:
            raise UnknownRate(start)
        following = dt.date(start.year + (start.month == 7), 1 if start.month == 7 else 7, 1)
        # Within one half-year and one calendar year: one rate, one day count.
        end = min(last, following - dt.timedelta(days=1))
        year_days = Decimal(366 if calendar.isleap(day.year) else 365)
        days = Decimal((end - day).days + 1)
        total += principal * (rates[start] + DEFAULT_POINTS) / 100 * days / year_days
        day = end + dt.timedelta(days=1)
    return cents(total)
