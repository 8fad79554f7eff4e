"""Sector rules: which statute governs a price change, how early the provider must
announce it, and what right and deadline the customer has (RULES.md section 4).

Legal parameters are data; `sector_rule()` is the one entry point that picks the rule
for a contract (RULES.md R16, R17).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .deadlines import Period

SECTORS = ("telecom", "energy", "insurance", "health_insurance", "bank", "subscription",
           "hosting", "other")

# Section 309 no. 13 BGB (text form is the strictest form standard terms may demand of
# a consumer) applies to contracts from this day on (Art. 229 section 37 EGBGB).
TEXT_FORM_CUTOFF = dt.date(2016, 10, 1)


@dataclass(frozen=True)
class SectorRule:
    """What the law says for one kind of contract.

    `termination` is how the customer's special termination deadline is counted:
    "window" (a declaration window of `window` from receipt, section 193 applies),
    "before_effective" (arrive before W, no shift) or None (no statutory right).
    """

    key: str
    notice_basis: str | None          # statute for the provider's duty to notify
    notice_min: Period | None         # the notice must reach the customer this long before W
    notice_max: Period | None = None  # ... and no longer before W (telecom)
    termination: str | None = None
    window: Period | None = None
    termination_basis: str | None = None
    objection_basis: str = "§§ 307, 308 Nr. 5 BGB"
    notice_month_start_rule: bool = False  # changes only on the 1st of a month


TELECOM = SectorRule(
    key="telecom",
    # Section 57(2) TKG: between one and two months before the change, on a durable
    # medium, naming the right to terminate.
    notice_basis="§ 57 Abs. 2 TKG", notice_min=Period(months=1), notice_max=Period(months=2),
    # Section 57(1) TKG: terminate within three months of receiving the notice.
    termination="window", window=Period(months=3), termination_basis="§ 57 Abs. 1 TKG",
)
TELECOM_BUNDLE = SectorRule(
    **{**TELECOM.__dict__, "key": "telecom_bundle",
       # Section 66(1) TKG extends section 57 to every part of a consumer bundle with
       # internet access.
       "termination_basis": "§ 57 Abs. 1 TKG i. V. m. § 66 Abs. 1 TKG"})
ENERGY = SectorRule(
    key="energy",
    # Section 41(5) EnWG: household customers one month ahead, others two weeks.
    notice_basis="§ 41 Abs. 5 EnWG", notice_min=Period(months=1),
    termination="before_effective", termination_basis="§ 41 Abs. 5 EnWG",
    objection_basis="§§ 307, 315 BGB",
)
ENERGY_BUSINESS = SectorRule(**{**ENERGY.__dict__, "key": "energy_business",
                                "notice_min": Period(weeks=2)})
BASIC_SUPPLY = SectorRule(
    key="basic_supply",
    # Section 5(2) StromGVV/GasGVV: only on the first of a month, announced six weeks
    # ahead; section 5(3): terminate without notice, effective at the change.
    notice_basis="§ 5 Abs. 2 StromGVV/GasGVV", notice_min=Period(weeks=6),
    termination="before_effective", termination_basis="§ 5 Abs. 3 StromGVV/GasGVV",
    objection_basis="§§ 307, 315 BGB", notice_month_start_rule=True,
)
INSURANCE = SectorRule(
    key="insurance",
    # Section 40(1) VVG: notice one month before the increase; the customer may
    # terminate within one month of receiving it.
    notice_basis="§ 40 Abs. 1 VVG", notice_min=Period(months=1),
    termination="window", window=Period(months=1), termination_basis="§ 40 Abs. 1 VVG",
)
HEALTH_INSURANCE = SectorRule(
    key="health_insurance",
    # Section 203(5) VVG: the new premium applies from the second month after the
    # notice with its reasons; section 205(4) VVG: terminate within two months.
    notice_basis="§ 203 Abs. 5 VVG", notice_min=None,
    termination="window", window=Period(months=2), termination_basis="§ 205 Abs. 4 VVG",
)
BANK = SectorRule(
    key="bank",
    # Section 675g BGB: offered two months ahead in text form; the customer may reject
    # it or terminate free of charge before the change.
    notice_basis="§ 675g Abs. 1 BGB", notice_min=Period(months=2),
    termination="before_effective", termination_basis="§ 675g Abs. 2 BGB",
    objection_basis="§ 675g Abs. 2 BGB; §§ 307, 308 Nr. 5 BGB",
)
PLAIN = SectorRule(
    # Streaming, hosting and the rest: no statute on notice or termination; deemed
    # consent only under section 308 no. 5, price clauses under section 307 BGB.
    key="plain", notice_basis=None, notice_min=None,
)


def sector_rule(sector: str, consumer: bool = True, bundled_with_internet: bool = False,
                basic_supply: bool = False) -> SectorRule:
    """The rule for a contract (RULES.md R16, R17)."""
    if sector == "telecom":
        return TELECOM_BUNDLE if bundled_with_internet and consumer else TELECOM
    if sector in ("hosting", "subscription", "other") and bundled_with_internet and consumer:
        return TELECOM_BUNDLE
    if sector == "energy":
        if basic_supply:
            return BASIC_SUPPLY
        return ENERGY if consumer else ENERGY_BUSINESS
    return {"insurance": INSURANCE, "health_insurance": HEALTH_INSURANCE,
            "bank": BANK}.get(sector, PLAIN)


def earliest_health_premium_change(received: dt.date) -> dt.date:
    """Section 203(5) VVG: the first day of the second month after the notice."""
    month = received.month + 2
    return dt.date(received.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def text_form_suffices(consumer: bool, start_date: dt.date | None) -> bool:
    """Section 309 no. 13 BGB: for a consumer contract from 1 October 2016 on, standard
    terms may demand no more than text form (RULES.md R10). Unknown start: no."""
    return consumer and start_date is not None and start_date >= TEXT_FORM_CUTOFF
