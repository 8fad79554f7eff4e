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
from .i18n import N_
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
    from W (docs/rules.md R15); `words` says it in a letter ("einen Monat")."""

    minimum: Period
    words: str

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
class Ruling:
    """A court decision a letter may cite; cited only in letters dated on or after it
    (a letter cites only what exists on its date). Whether it has become final is not
    claimed: the letters cite it for comparison ("vgl.")."""

    court: str
    date: dt.date
    file: str


@dataclass(frozen=True)
class ProviderTermination:
    """What the law says about the provider terminating in return (docs/rules.md 7.5):
    `kind` "excluded" (it cannot terminate in the ordinary way), "duty_to_supply" (only
    without a duty to supply), "period_end" (only for the end of the insurance period,
    with at least `months` of notice) or "notice" (at least `months` of notice);
    `consumers_only`: a business may have contracted out."""

    kind: str
    basis: str
    months: int = 0
    words: str = ""
    consumers_only: bool = False


@dataclass(frozen=True)
class SectorRule:
    """What the law says for one kind of contract, and so what the letter argues.

    `declaration` is what the customer declares: "object" (to a change offered under a
    deemed-consent or price clause), "reject" (the offer of section 675g BGB),
    "withhold_consent" (an insurer's premium clause, section 40 VVG), "dispute" (basic
    supply: the general prices bind unless unfair, section 315 BGB) or "ask" (private
    health insurance: the adjustment is statutory, section 203 VVG; the customer asks
    for its reasons). `grounds` names the legal-ground paragraph of letters/grounds.py
    (looked up, never compared: the wording reads the rule's other fields).
    """

    key: str
    notice_basis: str | None                  # statute for the provider's duty to notify
    notice: NoticeAhead | SecondMonthAfter | None = None
    termination: WindowFromReceipt | BeforeChange | None = None
    termination_basis: str | None = None
    objection_basis: str | None = "§§ 307, 308 Nr. 5 BGB"
    declaration: str = "object"
    grounds: str = "clause"
    rulings: tuple[Ruling, ...] = ()          # for the grounds
    streaming_rulings: tuple[Ruling, ...] = ()    # subscriptions: compared, not decisive
    fairness_ruling: Ruling | None = None     # energy: what the supplier must set out
    notice_from_announcement: bool = False    # basic supply: six weeks from publication
    notice_month_start_rule: bool = False     # changes only on the 1st of a month
    termination_confirmation: str | None = None   # statute obliging the supplier to confirm
    regulation: str | None = None             # StromGVV or GasGVV (basic supply)
    # Section 205(4) VVG: the termination takes effect at the increase whenever it is
    # declared within the window, so there is no earlier day to keep.
    effect_fixed_at_change: bool = False
    household: bool = True                    # energy: a household customer (§ 3 Nr. 22)
    contract_words: str = N_("the contract")  # what a termination ends
    consequences: str = N_("Please bill me pro rata up to the end of the contract.")
    consequences_to_account: str = ""     # with %(iban)s, where a balance is paid out
    # What rises is a premium (Beitrag, §§ 40, 203 VVG), not a price.
    premium: bool = False
    # § 57 Abs. 1 TKG: the right to terminate comes with the change, free of charge
    # ("ohne Kosten"); the letter argues it does not save an unfair clause.
    termination_free: bool = False
    # A service the customer goes on using, so that use could be taken for consent (not
    # an insurance or an account).
    service_used: bool = True
    # A bank charges the customer's account itself: no direct debit mandate to keep or
    # revoke, and a refund is credited to that account.
    own_account: bool = False
    # Energy: a supply, which arrears can interrupt (after a threat and an announcement).
    supply: bool = False
    # What the records sheet says the provider may do after the objection (msgids;
    # %(regulation)s and %(kwh)s filled in), for a consumer and, where it differs, for a
    # business (docs/rules.md R14).
    after_objection: tuple[str, ...] = (
        # docs/rules.md R14: the provider may terminate after an objection.
        N_("After your objection the provider may terminate the contract under its terms in "
           "the ordinary way, during a minimum term usually only at its end. Where the price "
           "clause is invalid you owe only the old price until then and can reclaim what you "
           "paid above it."),)
    after_objection_business: tuple[str, ...] | None = None
    # --- What the later letters ask of the sector (docs/rules.md section 7) ---
    # What a reply to a dunning letter asks the provider to refrain from.
    withholds: str = N_("from any block or suspension of your services")
    # A consumer's complaint to the provider comes before arbitration (§ 111a EnWG).
    consumer_complaint: str | None = None
    # What protects against a block or cut-off over the disputed difference.
    block_protection: str | None = None       # § 61 Abs. 4 TKG
    cutoff_protection: str | None = None      # § 41f EnWG, household customers
    # An unpaid premium can cost the cover (§ 38 VVG): no reply to a dunning letter, the
    # advice to pay under reservation instead (a msgid).
    unpaid_premium: str | None = None
    provider_termination: ProviderTermination | None = None
    switching: tuple[str, ...] = ()           # what to know when the contract ends (msgids)

    @property
    def first_letter(self) -> str:
        """What the first letter was, and so what the later ones call it: an objection,
        a rejection of an offer (§ 675g Abs. 2 BGB) or a request for the reasons of a
        statutory reset (§ 203 Abs. 5 VVG)."""
        return {"reject": "rejection", "ask": "request"}.get(self.declaration, "objection")

    @property
    def consent_needed(self) -> bool:
        """Does the change need the customer's consent? Not a basic supplier's general
        prices (§ 5 GVV: only their fairness can be disputed) nor a private health
        insurer's statutory reset (§ 203 Abs. 2 VVG)."""
        return self.declaration not in ("dispute", "ask")

    @property
    def window_from_receipt(self) -> bool:
        return isinstance(self.termination, WindowFromReceipt)

    def termination_deadline(self, received: dt.date, effective: dt.date | None,
                             state: str) -> Dated | None:
        """The customer's special termination deadline, or None where the sector has
        no statutory right."""
        if self.termination is None:
            return None
        # Every rule below with a right to terminate names its statute.
        assert self.termination_basis is not None, "a termination right has its basis"
        return self.termination.deadline(received, effective, state, self.termination_basis)

    def termination_before_change(self, termination: Dated | None,
                                  effective: dt.date | None) -> Dated | None:
        """Where a window runs past W, the day to terminate by so that the higher price
        is never paid (W - 1)."""
        if termination and effective and self.window_from_receipt \
                and not self.effect_fixed_at_change and effective - dl.ONE_DAY < termination.date:
            # A termination deadline comes from a right, which names its statute.
            assert self.termination_basis is not None, "a termination right has its basis"
            return dl.day_before(effective, self.termination_basis)
        return None

    def latest_notice_day(self, effective: dt.date | None) -> dt.date | None:
        """The last day the provider's notice was due, where a statute says."""
        return self.notice.latest_day(effective) if self.notice and effective else None


# Rulings the letters cite (docs/sources.md, appendix C).
SUBSCRIPTION_CLAUSE = Ruling("BGH", dt.date(2007, 11, 15), "III ZR 247/06")
STREAMING = (Ruling("KG", dt.date(2023, 11, 15), "23 U 15/22"),
             Ruling("KG", dt.date(2023, 11, 15), "23 U 112/22"),
             Ruling("OLG München", dt.date(2024, 10, 11), "39 U 2482/23 e"),
             Ruling("OLG Düsseldorf", dt.date(2025, 10, 30), "I-20 U 19/25"))
DEEMED_CONSENT_BANK = Ruling("BGH", dt.date(2021, 4, 27), "XI ZR 26/20")
ENERGY_PRICES = {"electricity": Ruling("BGH", dt.date(2022, 12, 21), "VIII ZR 199/20"),
                 "gas": Ruling("BGH", dt.date(2022, 12, 21), "VIII ZR 200/20")}
BASIC_SUPPLY_PRICES = Ruling("BGH", dt.date(2018, 6, 6), "VIII ZR 247/17")   # electricity
HEALTH_PREMIUM_REASONS = (Ruling("BGH", dt.date(2018, 12, 19), "IV ZR 255/17"),
                          Ruling("BGH", dt.date(2020, 12, 16), "IV ZR 314/19"))

ONE_MONTH = NoticeAhead(Period(months=1), N_("one month"))

TELECOM = SectorRule(
    key="telecom",
    # Section 57(2) TKG: between one and two months before the change, on a durable
    # medium, naming the right to terminate.
    notice_basis="§ 57 Abs. 2 TKG", notice=ONE_MONTH,
    # Section 57(1) TKG: terminate without cost within three months of receiving the
    # notice, at the earliest with effect from the change (sentence 3).
    termination=WindowFromReceipt(Period(months=3)), termination_basis="§ 57 Abs. 1 TKG",
    grounds="telecom", rulings=(SUBSCRIPTION_CLAUSE,), termination_free=True,
    # Section 59 TKG: no interruption before a switch, the number moves with the customer.
    consequences=N_("Please bill me to the day up to the end of the contract. Until a switch "
                    "to another provider is complete, please keep providing your services "
                    "(§ 59 Abs. 2 TKG). I may ask to take my phone number(s) with me up to "
                    "one month after the contract ends (§ 59 Abs. 6 TKG)."),
    withholds=N_("from any block of my line"),
    # § 61 Abs. 4 TKG (consumers; small businesses too unless they waived it, § 71 Abs. 3
    # TKG): a block needs 100 euros of arrears, and disputed amounts do not count.
    block_protection="§ 61 Abs. 4 TKG",
    # § 59 TKG: on a change of provider the service may be interrupted for at most one
    # working day, and the number goes with the customer.
    switching=(N_("Order the new contract in time and ask the new provider to take over "
                  "your number; the switch may interrupt the service for at most one working "
                  "day (§ 59 TKG)."),),
)
# Section 66(1) TKG extends section 57 to every part of a consumer bundle with internet
# access.
TELECOM_BUNDLE = replace(TELECOM, key="telecom_bundle",
                         termination_basis="§ 57 Abs. 1 TKG i. V. m. § 66 Abs. 1 TKG",
                         contract_words=N_("the bundle contract with all its parts"))
ENERGY = SectorRule(
    key="energy",
    # Section 41(5) EnWG: household customers one month ahead, others two weeks; the
    # customer may terminate without notice with effect from the change.
    notice_basis="§ 41 Abs. 5 EnWG", notice=ONE_MONTH,
    termination=BeforeChange(), termination_basis="§ 41 Abs. 5 EnWG",
    # Section 307 BGB for the price clause (section 310(2) BGB may keep 308, 309 out),
    # section 315 BGB for a unilateral price.
    objection_basis="§§ 307, 315 BGB", grounds="energy",
    # Section 41b(1) EnWG: a household customer's termination is confirmed within a week.
    termination_confirmation="§ 41b Abs. 1 EnWG",
    consequences=N_("Please send me the final bill as of the end of the contract; I will "
                    "give you the meter reading for that day."),
    supply=True, withholds=N_("from any interruption of my supply"),
    after_objection=(
        N_("After your objection the supplier may terminate the contract in the ordinary "
           "way under its terms."),
        # §§ 36, 38 EnWG: the basic supplier supplies a household customer.
        N_("You will not be cut off: until you choose a new supplier, the local basic "
           "supplier supplies you (§§ 36, 38 EnWG), often at higher prices.")),
    after_objection_business=(
        N_("After your objection the supplier may terminate the contract in the ordinary "
           "way under its terms."),
        # § 38 Abs. 2 EnWG: substitute supply for a business only for a short time.
        N_("A household customer is then supplied by the local basic supplier (§§ 36, 38 "
           "EnWG), often at higher prices; a business above %(kwh)s kWh a year only for a "
           "short time (§ 38 Abs. 2 EnWG). Conclude a new contract in time.")),
    # §§ 111a, 111b EnWG: a consumer complains to the supplier first; arbitration once it
    # has not remedied the complaint within four weeks of its arrival.
    consumer_complaint="§ 111a EnWG",
    # § 41f EnWG (since December 2025; before it § 19 Abs. 2 StromGVV/GasGVV): a
    # household customer's supply is interrupted for non-payment only for arrears.
    cutoff_protection="§ 41f EnWG",
    # § 38 EnWG: a household customer drawing energy without a contract is supplied by
    # the basic supplier (substitute supply), so the supply does not stop.
    switching=(N_("Your electricity or gas is not cut off when the contract ends: without a "
                  "new contract the local basic supplier supplies you (§ 38 EnWG). Choose a "
                  "new supplier all the same: that substitute supply lasts three months at "
                  "most."),),
)
# Above 10,000 kWh a year a business is no household customer (section 3 no. 22 EnWG):
# two weeks' notice, no statutory confirmation.
ENERGY_BUSINESS = replace(ENERGY, key="energy_business",
                          notice=NoticeAhead(Period(weeks=2), N_("two weeks")),
                          termination_confirmation=None, household=False,
                          cutoff_protection=None, switching=())
INSURANCE = SectorRule(
    key="insurance",
    # Section 40(1) VVG: notice one month before the increase; the customer may
    # terminate within one month of receiving it, with immediate effect but not before
    # the increase.
    notice_basis="§ 40 Abs. 1 VVG", notice=ONE_MONTH,
    termination=WindowFromReceipt(Period(months=1)), termination_basis="§ 40 Abs. 1 VVG",
    objection_basis="§ 307 BGB", declaration="withhold_consent", grounds="insurance",
    service_used=False,
    # Section 39(1) VVG: the premium is owed only up to the end of the contract.
    consequences=N_("Please settle the premium pro rata up to the end of the contract and "
                    "refund what I paid beyond it (§ 39 Abs. 1 Satz 1 VVG)."),
    premium=True,
    # § 11 VVG: the insurer's ordinary termination; § 38 VVG: arrears cost the cover.
    after_objection=(N_("The insurer may terminate a contract that runs for an indefinite "
                        "time or renews itself at the end of the insurance period (§ 11 "
                        "VVG). Keep paying the full premium: arrears can cost you your "
                        "cover (§ 38 VVG)."),),
    # § 38 VVG: an unpaid follow-up premium can cost the cover after a two-week payment
    # period.
    unpaid_premium=N_("An unpaid premium can cost you your cover (§ 38 VVG). Pay the amount "
                      "demanded within the period the reminder sets (at least two weeks, § 38 "
                      "Abs. 1 VVG) under reservation of repayment, dispute the increase in "
                      "writing, and claim the excess back: do not dispute it by not paying."),
    # § 11 Abs. 2 Satz 1, Abs. 3 VVG: an insurance of indefinite duration can be
    # terminated in the ordinary way only for the end of the current insurance period,
    # with at least a month's notice.
    provider_termination=ProviderTermination("period_end", "§ 11 Abs. 2 Satz 1, Abs. 3 VVG",
                                             1, N_("one month")),
)
HEALTH_INSURANCE = replace(
    INSURANCE,
    key="health_insurance",
    # Section 203(5) VVG: the new premium applies from the second month after the
    # notice with its reasons; section 205(4) VVG: terminate within two months, with
    # effect from the increase. The adjustment is statutory (section 203(2) VVG,
    # approved by a trustee): no clause to attack, so the letter asks for the reasons,
    # the approval and a tariff switch (§ 204).
    notice_basis="§ 203 Abs. 5 VVG", notice=SecondMonthAfter(),
    termination=WindowFromReceipt(Period(months=2)), termination_basis="§ 205 Abs. 4 VVG",
    objection_basis="§§ 203, 204 VVG", declaration="ask", grounds="health",
    rulings=HEALTH_PREMIUM_REASONS, effect_fixed_at_change=True,
    # Section 206 VVG: no ordinary termination of comprehensive health cover.
    after_objection=(N_("Your insurer cannot terminate your comprehensive health cover in "
                        "the ordinary way (§ 206 VVG), nor your compulsory cover for late "
                        "payment. A tariff switch with the same insurer keeps your ageing "
                        "reserve (§ 204 VVG)."),),
    contract_words=N_("the health insurance for every insured person affected by the "
                      "increase"),
    # § 193 Abs. 6 VVG: in health insurance, arrears lead to the emergency tariff.
    unpaid_premium=N_("An unpaid premium can cost you your cover (§ 38 VVG) or, in private "
                      "health insurance, move you to the emergency tariff (§ 193 Abs. 6 VVG). "
                      "Pay the amount demanded within the period the reminder sets under "
                      "reservation of repayment, dispute the reset in writing, and claim the "
                      "excess back: do not dispute it by not paying."),
    # § 206 Abs. 1 VVG: no termination of a cover that fulfils the duty to be insured, no
    # ordinary one of a cover that can replace the statutory one; § 203 Abs. 2 VVG resets
    # premiums only where the ordinary termination is excluded.
    provider_termination=ProviderTermination("excluded", "§ 206 Abs. 1 VVG"),
)
BANK = SectorRule(
    key="bank",
    # Section 675g BGB: offered two months ahead in text form; the customer may reject
    # it, or terminate without notice and free of charge before the change.
    notice_basis="§ 675g Abs. 1 BGB", notice=NoticeAhead(Period(months=2), N_("two months")),
    termination=BeforeChange(), termination_basis="§ 675g Abs. 2 Satz 2 BGB",
    objection_basis="§ 675g Abs. 2 BGB", declaration="reject", grounds="bank",
    service_used=False,
    rulings=(DEEMED_CONSENT_BANK,),
    # Section 675h(3) BGB: charges paid in advance are refunded pro rata.
    consequences=N_("Please refund charges paid in advance pro rata (§ 675h Abs. 3 Satz 2 "
                    "BGB); I will tell you separately where to transfer any balance."),
    # ... and where the customer names the account, the balance goes there at once.
    consequences_to_account=N_("Please refund charges paid in advance pro rata (§ 675h "
                               "Abs. 3 Satz 2 BGB) and transfer the remaining balance to my "
                               "account IBAN %(iban)s."),
    own_account=True,
    # § 675h Abs. 2 BGB: the bank's termination; § 675e Abs. 4 BGB lets businesses
    # contract out of §§ 675g, 675h BGB.
    after_objection=(N_("After your rejection the bank may terminate the account with at "
                        "least two months' notice if the contract allows it (§ 675h Abs. 2 "
                        "BGB). Open a new account in time; you can end yours at any time "
                        "(§ 675h Abs. 1 BGB)."),),
    after_objection_business=(
        N_("After your rejection the bank may terminate the account with at least two "
           "months' notice if the contract allows it (§ 675h Abs. 2 BGB). Open a new account "
           "in time; you can end yours at any time (§ 675h Abs. 1 BGB)."),
        N_("For businesses, §§ 675g and 675h BGB may be excluded by the contract (§ 675e "
           "Abs. 4 BGB): check your bank's terms.")),
    # §§ 20 ff. ZKG: the receiving bank helps a consumer switch a payment account.
    switching=(N_("Open the new account first. For a consumer's payment account the new "
                  "bank must help with the switch (§§ 20 ff. ZKG): once you ask it to, it "
                  "moves standing orders, direct debits and the balance."),),
    # § 675h Abs. 2 BGB: a payment services framework contract of indefinite duration,
    # only where agreed (Satz 1), with at least two months' notice (Satz 2); a business
    # and a bank may contract out of it (§ 675e Abs. 4 BGB).
    provider_termination=ProviderTermination("notice", "§ 675h Abs. 2 Satz 2 BGB", 2,
                                             N_("two months"), consumers_only=True),
)
PLAIN = SectorRule(
    # Hosting and the rest: no statute on notice or termination; deemed consent only
    # under section 308 no. 5, price clauses under section 307 BGB.
    key="plain", notice_basis=None, rulings=(SUBSCRIPTION_CLAUSE,),
    consequences=N_("Please bill me to the day up to the end of the contract."),
)
SUBSCRIPTION = replace(PLAIN, key="subscription", streaming_rulings=STREAMING)
FAMILIES = {"telecom": TELECOM, "insurance": INSURANCE, "health_insurance": HEALTH_INSURANCE,
            "bank": BANK, "subscription": SUBSCRIPTION, "plain": PLAIN}

REGULATIONS = {"electricity": "StromGVV", "gas": "GasGVV"}
# Section 3 no. 22 EnWG: up to 10,000 kWh a year a business is a household customer.
HOUSEHOLD_LIMIT_KWH = 10_000


def basic_supply_rule(commodity: str) -> SectorRule:
    """Basic supply of electricity (StromGVV) or gas (GasGVV), cited by the commodity."""
    gvv = REGULATIONS[commodity]
    return replace(
        ENERGY,
        key="basic_supply",
        # Section 5(2) GVV: general prices change only on the first of a month and six
        # weeks after their public announcement, with a letter at the same time.
        notice_basis=f"§ 5 Abs. 2 {gvv}", notice=NoticeAhead(Period(weeks=6), N_("six weeks")),
        notice_from_announcement=True, notice_month_start_rule=True,
        # Section 5(3) GVV: terminate without notice, effective at the change.
        termination=BeforeChange(), termination_basis=f"§ 5 Abs. 3 {gvv}",
        objection_basis="§ 315 BGB", declaration="dispute", grounds="basic_supply",
        rulings=(BASIC_SUPPLY_PRICES,) if commodity == "electricity" else (),
        # Section 20(2) sentence 2 GVV: the supplier confirms a termination at once.
        termination_confirmation=f"§ 20 Abs. 2 Satz 2 {gvv}", regulation=gvv,
        # Section 20(1) sentence 2 GVV: the basic supplier may terminate only where it
        # has no duty to supply under § 36 Abs. 1 EnWG (its sentence number there changed
        # in 2025, so it is cited without it).
        provider_termination=ProviderTermination("duty_to_supply", f"§ 20 Abs. 1 Satz 2 {gvv}"),
        # Section 20(1) sentence 2 GVV: the basic supplier has a duty to supply.
        after_objection=(N_("The basic supplier may terminate only where it has no duty to "
                            "supply you (§ 20 Abs. 1 Satz 2 %(regulation)s). You yourself can "
                            "leave at any time with two weeks' notice (§ 20 Abs. 1 Satz 1 "
                            "%(regulation)s)."),),
        after_objection_business=None,
    )


def sector_rule(sector: str, consumer: bool = True, bundled_with_internet: bool = False,
                basic_supply: bool = False, commodity: str = "electricity",
                annual_kwh: int | None = None) -> SectorRule:
    """The rule for a contract (docs/rules.md R16, R17). A business of unknown
    consumption counts as a household customer: the longer notice, the safe side."""
    entry = by_key(SECTORS, sector)
    if entry.telecom_bundle and bundled_with_internet and consumer:
        return TELECOM_BUNDLE
    if entry.family == "energy":
        if basic_supply:
            return basic_supply_rule(commodity)
        household = consumer or annual_kwh is None or annual_kwh <= HOUSEHOLD_LIMIT_KWH
        rule = ENERGY if household else ENERGY_BUSINESS
        return replace(rule, fairness_ruling=ENERGY_PRICES[commodity])
    return FAMILIES[entry.family]


def text_form_suffices(consumer: bool, start_date: dt.date | None) -> bool:
    """Section 309 no. 13 BGB: for a consumer contract from 1 October 2016 on, standard
    terms may demand no more than text form (docs/rules.md R10). Unknown start: no."""
    return consumer and start_date is not None and start_date >= TEXT_FORM_CUTOFF
