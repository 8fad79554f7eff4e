"""Sector rules: which statute governs a price change, how early the provider must
announce it, and what right and deadline the customer has (docs/rules.md section 4).

Legal parameters are data; `sector_rule()` is the one entry point that picks the rule
for a contract (docs/rules.md R16, R17), and each rule computes its own dates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from . import deadlines as dl
from .deadlines import Dated, Period
from .vocabulary import SECTORS, by_key

# Section 309 no. 13 BGB (text form is the strictest form standard terms may demand of
# a consumer) applies to contracts from this day on (Art. 229 section 37 EGBGB).
TEXT_FORM_CUTOFF = dt.date(2016, 10, 1)


# --- How the customer's special termination deadline is counted -------------------------

@dataclass(frozen=True)
class WindowFromReceipt:
    """A declaration window from receipt of the notice (section 57(1) TKG, section 40(1)
    VVG, section 205(4) VVG): section 193 BGB applies (docs/rules.md R5)."""

    period: Period

    def deadline(self, received: dt.date, effective: dt.date | None, state: str,
                 basis: str) -> Dated:
        return dl.declaration_window(received, self.period, state, basis)


@dataclass(frozen=True)
class BeforeChange:
    """A right to terminate with effect from the change (energy, banks): it must arrive
    by W - 1, unshifted (docs/rules.md R5)."""

    def deadline(self, received: dt.date, effective: dt.date | None, state: str,
                 basis: str) -> Dated | None:
        return dl.day_before(effective, basis) if effective else None


# --- How early the provider's notice must come --------------------------------------------

@dataclass(frozen=True)
class NoticeAhead:
    """The notice must reach the customer at least `minimum` before W, counted back
    from W (docs/rules.md R15)."""

    minimum: Period

    def latest_day(self, effective: dt.date) -> dt.date:
        return dl.latest_notice_day(effective, self.minimum)


@dataclass(frozen=True)
class SecondMonthAfter:
    """Section 203(5) VVG: a new premium applies from the start of the second month
    after the notice, so a change on W must be notified by the end of the month before
    the month before W."""

    def latest_day(self, effective: dt.date) -> dt.date:
        first = effective.replace(day=1)
        return (first - dl.ONE_DAY).replace(day=1) - dl.ONE_DAY


@dataclass(frozen=True)
class SectorRule:
    """What the law says for one kind of contract."""

    key: str
    notice_basis: str | None                  # statute for the provider's duty to notify
    notice: NoticeAhead | SecondMonthAfter | None = None
    termination: WindowFromReceipt | BeforeChange | None = None
    termination_basis: str | None = None
    objection_basis: str = "§§ 307, 308 Nr. 5 BGB"
    notice_month_start_rule: bool = False     # changes only on the 1st of a month
    unilateral_price: bool = False            # section 315 BGB fairness may be disputed
    change_offered: bool = False              # the change is an offer to reject (§ 675g)
    termination_confirmation: str | None = None   # statute obliging the provider to confirm

    @property
    def window_from_receipt(self) -> bool:
        return isinstance(self.termination, WindowFromReceipt)

    def termination_deadline(self, received: dt.date, effective: dt.date | None,
                             state: str) -> Dated | None:
        """The customer's special termination deadline, or None where the sector has
        no statutory right."""
        if self.termination is None:
            return None
        return self.termination.deadline(received, effective, state, self.termination_basis)

    def termination_before_change(self, termination: Dated | None,
                                  effective: dt.date | None) -> Dated | None:
        """Where a window runs past W, the day to terminate by so that the higher price
        is never paid (W - 1)."""
        if termination and effective and self.window_from_receipt \
                and effective - dl.ONE_DAY < termination.date:
            return dl.day_before(effective, self.termination_basis)
        return None

    def latest_notice_day(self, effective: dt.date | None) -> dt.date | None:
        """The last day the provider's notice was due, where a statute says."""
        return self.notice.latest_day(effective) if self.notice and effective else None


TELECOM = SectorRule(
    key="telecom",
    # Section 57(2) TKG: between one and two months before the change, on a durable
    # medium, naming the right to terminate.
    notice_basis="§ 57 Abs. 2 TKG", notice=NoticeAhead(Period(months=1)),
    # Section 57(1) TKG: terminate within three months of receiving the notice.
    termination=WindowFromReceipt(Period(months=3)), termination_basis="§ 57 Abs. 1 TKG",
)
# Section 66(1) TKG extends section 57 to every part of a consumer bundle with internet
# access.
TELECOM_BUNDLE = replace(TELECOM, key="telecom_bundle",
                         termination_basis="§ 57 Abs. 1 TKG i. V. m. § 66 Abs. 1 TKG")
ENERGY = SectorRule(
    key="energy",
    # Section 41(5) EnWG: household customers one month ahead, others two weeks.
    notice_basis="§ 41 Abs. 5 EnWG", notice=NoticeAhead(Period(months=1)),
    termination=BeforeChange(), termination_basis="§ 41 Abs. 5 EnWG",
    objection_basis="§§ 307, 315 BGB", unilateral_price=True,
    # Section 41b(1) EnWG: a termination is confirmed in text form within one week.
    termination_confirmation="§ 41b Abs. 1 EnWG",
)
ENERGY_BUSINESS = replace(ENERGY, key="energy_business", notice=NoticeAhead(Period(weeks=2)))
BASIC_SUPPLY = SectorRule(
    key="basic_supply",
    # Section 5(2) StromGVV/GasGVV: only on the first of a month, announced six weeks
    # ahead; section 5(3): terminate without notice, effective at the change.
    notice_basis="§ 5 Abs. 2 StromGVV/GasGVV", notice=NoticeAhead(Period(weeks=6)),
    termination=BeforeChange(), termination_basis="§ 5 Abs. 3 StromGVV/GasGVV",
    objection_basis="§§ 307, 315 BGB", notice_month_start_rule=True, unilateral_price=True,
    termination_confirmation="§ 41b Abs. 1 EnWG",
)
INSURANCE = SectorRule(
    key="insurance",
    # Section 40(1) VVG: notice one month before the increase; the customer may
    # terminate within one month of receiving it.
    notice_basis="§ 40 Abs. 1 VVG", notice=NoticeAhead(Period(months=1)),
    termination=WindowFromReceipt(Period(months=1)), termination_basis="§ 40 Abs. 1 VVG",
)
HEALTH_INSURANCE = SectorRule(
    key="health_insurance",
    # Section 203(5) VVG: the new premium applies from the second month after the
    # notice with its reasons; section 205(4) VVG: terminate within two months.
    notice_basis="§ 203 Abs. 5 VVG", notice=SecondMonthAfter(),
    termination=WindowFromReceipt(Period(months=2)), termination_basis="§ 205 Abs. 4 VVG",
)
BANK = SectorRule(
    key="bank",
    # Section 675g BGB: offered two months ahead in text form; the customer may reject
    # it or terminate free of charge before the change.
    notice_basis="§ 675g Abs. 1 BGB", notice=NoticeAhead(Period(months=2)),
    termination=BeforeChange(), termination_basis="§ 675g Abs. 2 BGB",
    objection_basis="§ 675g Abs. 2 BGB; §§ 307, 308 Nr. 5 BGB", change_offered=True,
)
PLAIN = SectorRule(
    # Streaming, hosting and the rest: no statute on notice or termination; deemed
    # consent only under section 308 no. 5, price clauses under section 307 BGB.
    key="plain", notice_basis=None,
)
FAMILIES = {"telecom": TELECOM, "insurance": INSURANCE, "health_insurance": HEALTH_INSURANCE,
            "bank": BANK, "plain": PLAIN}


def sector_rule(sector: str, consumer: bool = True, bundled_with_internet: bool = False,
                basic_supply: bool = False) -> SectorRule:
    """The rule for a contract (docs/rules.md R16, R17)."""
    entry = by_key(SECTORS, sector)
    if entry.telecom_bundle and bundled_with_internet and consumer:
        return TELECOM_BUNDLE
    if entry.family == "energy":
        if basic_supply:
            return BASIC_SUPPLY
        return ENERGY if consumer else ENERGY_BUSINESS
    return FAMILIES[entry.family]


def text_form_suffices(consumer: bool, start_date: dt.date | None) -> bool:
    """Section 309 no. 13 BGB: for a consumer contract from 1 October 2016 on, standard
    terms may demand no more than text form (docs/rules.md R10). Unknown start: no."""
    return consumer and start_date is not None and start_date >= TEXT_FORM_CUTOFF
