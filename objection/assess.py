"""Case -> Assessment: every deadline, its legal basis and rule chain, the status and
the warnings with the stable codes of docs/rules.md section 6.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any
from collections.abc import Callable

from . import deadlines as dl
from .case import Case, Price
from .deadlines import Dated, Period, Step, today_in_berlin
from .explain import explain
from .i18n import LongDate, Message, N_, Number, Plural
from .rules import (HOUSEHOLD_LIMIT_KWH, TEXT_FORM_CUTOFF, SectorRule, sector_rule,
                    text_form_suffices)
from .vocabulary import COMMODITIES, DELIVERIES, SECTORS, Delivery, StateName, by_key

SOON_DAYS = 7  # docs/rules.md section 6: deadline_soon at 7 days or fewer
# The stable warning codes: docs/rules.md section 6, and our own (termination_still_open,
# provider_abroad, not_month_start, household_customer_assumed, commodity_assumed).
WARNING_CODES = (
    "deadline_passed", "deadline_soon", "send_by_passed", "notice_too_late",
    "text_form_suffices", "no_period_stated", "not_an_increase",
    "price_component_falls", "handwritten_signature_needed", "termination_window_not_started",
    "holiday_only_in_some_municipalities", "states_differ", "receipt_risky_near_deadline",
    "termination_still_open", "provider_abroad", "not_month_start",
    "household_customer_assumed", "commodity_assumed")
SEVERITIES = ("danger", "warning", "info")


@dataclass(frozen=True)
class Facts:
    """What the deadline computation needs; built from a Case or from CLI arguments."""

    received: dt.date                      # Z (or the notice's date when Z is unknown)
    state: str                             # where the declaration must arrive (R6)
    rule: SectorRule
    period: Period | dt.date | None = None
    effective: dt.date | None = None       # W
    received_known: bool = True
    notice_date: dt.date | None = None     # the date printed on the notice
    sender_state: str | None = None        # the customer's own state, when known
    delivery: Delivery = by_key(DELIVERIES, "registered_mail")
    object: bool = True
    terminate: bool = False
    names_termination_right: bool = True
    required_form: str = "unknown"
    consumer: bool = True
    start_date: dt.date | None = None
    signature_mode: str = "handwritten"
    prices: tuple[Price, ...] = ()         # every price the notice changes
    provider_abroad: bool = False
    sent: dt.date | None = None            # the letter's date: when it leaves
    household_assumed: bool = False        # a business in energy of unknown consumption
    commodity_assumed: str | None = None   # energy: the commodity we took, not told


def facts_from_case(case: Case) -> Facts:
    notice, contract = case.notice, case.contract
    energy = by_key(SECTORS, contract.sector).family == "energy"
    commodity = contract.energy_commodity
    # from_dict fills the holiday state in from a postal code, or refuses the case (R6).
    assert case.letter.state is not None, "a validated case has its state"
    return Facts(
        received=notice.trigger, received_known=notice.received is not None,
        notice_date=notice.date,
        state=case.letter.state,
        sender_state=case.customer_state,
        rule=sector_rule(contract.sector, contract.consumer, contract.bundled_with_internet,
                         contract.basic_supply, commodity, contract.annual_consumption_kwh),
        period=notice.objection_period, effective=notice.effective,
        delivery=by_key(DELIVERIES, case.options.delivery), object=case.options.object,
        terminate=case.options.terminate_fallback,
        names_termination_right=notice.names_termination_right,
        required_form=notice.required_form, consumer=contract.consumer,
        start_date=contract.start_date, signature_mode=case.signature.mode,
        prices=notice.prices,
        provider_abroad=case.provider_abroad, sent=case.letter.date,
        household_assumed=(energy and not contract.basic_supply and not contract.consumer
                           and contract.annual_consumption_kwh is None),
        commodity_assumed=commodity if energy and not contract.commodity else None,
    )


@dataclass(frozen=True)
class Alert:
    """A warning with a stable code (docs/rules.md section 6)."""

    code: str
    message: Message
    severity: str = "warning"   # "danger" | "warning" | "info"


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline as every adapter shows it: the review page, the records sheet, the
    command line and the explanations of the JSON."""

    key: str        # objection, rejection, letter, termination, before_change, send_by
    name: str       # its name in the assessment JSON
    label: str      # msgid
    dated: Dated


# The deadlines, in the order they are shown. The recommended arrival day is the first
# link of the send-by chain, not a row of its own.
DEADLINES = (
    ("objection", "objection_deadline", N_("Your objection must have arrived by")),
    ("rejection", "objection_deadline", N_("Your rejection must have arrived by")),
    ("letter", "letter_deadline",
     N_("Your termination should arrive within the objection period, by")),
    ("termination", "termination_deadline", N_("Special termination possible until")),
    ("before_change", "termination_before_change",
     N_("To never pay the higher price, terminate by")),
    ("send_by", "send_by", N_("Send by")),
)


@dataclass(frozen=True)
class Assessment:
    facts: Facts
    today: dt.date
    objection: Dated | None              # E1 of the objection window (or W - 1)
    termination: Dated | None            # the sector's special termination deadline
    termination_before_change: Dated | None  # W - 1 where the window runs past W
    deadline: Dated | None               # what the letter must meet (earliest included)
    arrival: Dated | None                # A, recommended arrival
    send_by: Dated | None
    notice_latest: dt.date | None        # last day the provider's notice was due
    notice_timely: bool | None
    expected_arrival: dt.date | None = None  # when the letter, sent on its date, arrives
    warnings: tuple[Alert, ...] = field(default_factory=tuple)

    @property
    def notice_after_change(self) -> bool:
        """The notice reached the customer on or after the day of the change."""
        w = self.facts.effective
        return bool(w and self.facts.received >= w)

    @property
    def days_left(self) -> int | None:
        return (self.deadline.date - self.today).days if self.deadline else None

    @property
    def days_to_send(self) -> int | None:
        """Days until the last day to send, which is what the user must act on."""
        return (self.send_by.date - self.today).days if self.send_by else None

    @property
    def status(self) -> str:
        left = self.days_left
        if left is None:
            return "open"
        return "missed" if left < 0 else "due_soon" if left <= SOON_DAYS else "open"

    @property
    def legal_basis(self) -> list[str]:
        bases: list[str] = []
        for dated in (self.objection, self.termination, self.arrival):
            if dated:
                bases.extend(dated.bases)
        rule = self.facts.rule
        if (self.facts.object or self.objection) and rule.objection_basis:
            bases.append(rule.objection_basis)
        if rule.notice_basis:
            bases.append(rule.notice_basis)
        return list(dict.fromkeys(bases))

    def rows(self) -> list[DeadlineRow]:
        """The deadlines that apply to this case: the objection's only when the letter
        objects (a bank's offer is rejected); for a termination without a statutory
        right, the day the letter should arrive."""
        f = self.facts
        ordinary = f.terminate and not f.object and f.rule.termination is None
        rejects = f.rule.declaration == "reject"
        dates = {"objection": self.objection if f.object and not rejects else None,
                 "rejection": self.objection if f.object and rejects else None,
                 "letter": self.deadline if ordinary else None,
                 "termination": self.termination,
                 "before_change": self.termination_before_change, "send_by": self.send_by}
        return [DeadlineRow(key, name, label, dated)
                for key, name, label in DEADLINES if (dated := dates[key])]

    @property
    def codes(self) -> list[str]:
        return [w.code for w in self.warnings]

    def to_dict(self, lang: str = "en") -> dict:
        """The assessment JSON of `check --json` and the API (docs/design.md 6.2)."""
        def iso(day):
            day = getattr(day, "date", day)
            return day.isoformat() if day else None
        facts = self.facts
        return {
            "objection_deadline": iso(self.objection),
            "objection_deadline_raw": iso(self.objection.raw if self.objection else None),
            "recommended_arrival": iso(self.arrival),
            "send_by": iso(self.send_by),
            "send_by_before": facts.delivery.cutoff,
            "termination_deadline": iso(self.termination),
            "termination_before_change": iso(self.termination_before_change),
            "letter_deadline": iso(self.deadline),
            "expected_arrival": iso(self.expected_arrival),
            "effective": iso(facts.effective),
            "notice_received": iso(facts.received),
            "notice_received_assumed": not facts.received_known,
            "notice_latest_day": iso(self.notice_latest),
            "notice_timely": self.notice_timely,
            "state": facts.state,
            "sector_rule": facts.rule.key,
            "delivery": facts.delivery.key,
            **(_prices_json(facts.prices) if facts.prices else {}),
            "today": iso(self.today),
            "days_left": self.days_left,
            "days_to_send": self.days_to_send,
            "status": self.status,
            "legal_basis": self.legal_basis,
            "explanations": {row.name: explain(row.dated, lang) for row in self.rows()},
            "warnings": [{"code": w.code, "severity": w.severity,
                          "message": w.message.render(lang)} for w in self.warnings],
        }


def _price_warnings(prices: tuple[Price, ...], warn: Callable[..., None]) -> None:
    """The increase as a whole: none of the prices rises, or one falls while another
    rises (the letter objects to the change as a whole)."""
    known = [(p.name, p.old, p.new) for p in prices if p.old is not None and p.new is not None]
    if not known:
        return
    if not any(new > old for _, old, new in known):
        warn("not_an_increase", N_(
            "The new price is not higher than the old one: check the figures. An objection "
            "to a price cut may not be in your interest.") if len(known) == 1 else N_(
            "None of the new prices is higher than the old one: check the figures. An "
            "objection to a price cut may not be in your interest."))
        return
    falling = [name for name, old, new in known if new < old]
    if falling:
        warn("price_component_falls", N_(
            "The notice lowers %(names)s while it raises the rest. The letter objects to "
            "the change as a whole: where it succeeds, all the old prices stay, the higher "
            "old %(names)s too. Check whether that is what you want."), "info",
            names=", ".join(falling))


def _prices_json(prices: tuple[Price, ...]) -> dict:
    """The prices as the assessment JSON gives them: the list, and for a single one also
    old_price/new_price/price_unit as before."""
    out: dict[str, Any] = {"prices": [
        {"name": p.name, "old": str(p.old), "new": str(p.new), "unit": p.unit} for p in prices]}
    if len(prices) == 1:
        out.update(old_price=str(prices[0].old), new_price=str(prices[0].new),
                   price_unit=prices[0].unit)
    return out


# --- Computing ---------------------------------------------------------------------------

def assess(case: Case, today: dt.date | None = None) -> Assessment:
    return assess_facts(facts_from_case(case), today)


def assess_facts(facts: Facts, today: dt.date | None = None) -> Assessment:
    today = today or today_in_berlin()
    rule, z, w = facts.rule, facts.received, facts.effective
    after_change = bool(w and z >= w)

    termination = _earliest(facts, lambda state: rule.termination_deadline(z, w, state))
    if termination and termination.date < z:
        # A right "with effect from the change" after a notice that came on or after
        # the change: no day before W is left; the letter terminates at once.
        termination = None
    before_change = None if after_change else rule.termination_before_change(termination, w)

    if rule.declaration == "ask":
        objection = None    # a statutory premium reset (§ 203 VVG): no objection period
    elif facts.period is not None:
        objection = _earliest(facts, lambda state: dl.declaration_window(z, facts.period, state))
    elif w and not after_change:
        # docs/rules.md section 6, no_period_stated: without a period there is no deemed
        # consent to fear, but the objection should arrive before the change.
        objection = dl.day_before(w, "")
    else:
        objection = None    # no period and the change has passed: object at once

    # A termination without a statutory right (plain BGB) goes with the notice's period,
    # or arrives before the change: the day the higher price would first be owed.
    ordinary = objection if facts.terminate and rule.termination is None else None
    included = [d for d, used in ((objection, facts.object), (termination, facts.terminate),
                                  (ordinary, True)) if d and used]
    deadline = min(included, key=lambda d: d.date) if included else None
    arrival = dl.target_arrival(deadline.raw, facts.state) if deadline else None
    send = (dl.send_by(arrival, facts.delivery, facts.state, facts.sender_state)
            if arrival else None)

    notice_latest, timely = _notice_timeliness(facts)
    # Every date a letter names follows from the day it is sent: its own date where the
    # case holds one (a letter dated in the past is that letter, as the CLI renders it).
    expected = dl.expected_arrival(facts.sent or today, facts.delivery, facts.state,
                                   facts.sender_state)
    assessment = Assessment(facts, today, objection, termination, before_change, deadline,
                            arrival, send, notice_latest, timely, expected)
    return replace(assessment, warnings=tuple(_warnings(assessment)))


def send_day_problem(a: Assessment, day: dt.date) -> Message | None:
    """Why the letter cannot be sent, and so dated, on `day`: every date it names
    follows from that day, which is today at the earliest and the last day to send at the
    latest (once that has passed, today: the warnings say how to send it in time)."""
    if day < a.facts.received:
        return Message(N_("Your letter cannot be dated before you received the notice "
                          "(%(date)s)."), {"date": a.facts.received})
    if day < a.today:
        return Message(N_("The letter is dated the day you send it: today (%(today)s) or a "
                          "later day."), {"today": a.today})
    last = max(a.send_by.date, a.today, a.facts.received) if a.send_by else None
    if last and day > last:
        return Message(N_("Send it by %(date)s at the latest, so that it arrives in time: "
                          "choose that day or an earlier one."), {"date": last})
    return None


def _earliest(facts: Facts, compute) -> Dated | None:
    """docs/rules.md R6: a date counted with the holidays where the letter must arrive,
    or, where the customer's own state ends it earlier, that earlier day (which place
    counts is not settled)."""
    here = compute(facts.state)
    if not (here and facts.sender_state and facts.sender_state != facts.state):
        return here
    there = compute(facts.sender_state)
    if there.date >= here.date:
        return here
    step = Step("earlier_state", "§ 193 BGB", there.date, (facts.state, here.date,
                                                           facts.sender_state))
    return Dated(there.date, there.steps + (step,))


def _notice_timeliness(facts: Facts) -> tuple[dt.date | None, bool | None]:
    """docs/rules.md R15: did the notice reach the customer the sector's minimum before W?
    Basic supply counts from the public announcement, which the notice's own date
    stands for (it is sent with it). A notice on or after W is late in every sector."""
    w = facts.effective
    latest = facts.rule.latest_notice_day(w)
    given = facts.notice_date if facts.rule.notice_from_announcement else facts.received
    if latest and given:
        return latest, given <= latest
    return latest, (False if w and facts.received >= w else None)


# assess_facts works the day to send by back from the deadline: never one without the other.
_SEND_BY_FROM_DEADLINE = "a day to send by has its deadline"


def _warnings(a: Assessment) -> list[Alert]:
    f, out = a.facts, []

    def warn(code, msgid, severity="warning", **params):
        assert code in WARNING_CODES and severity in SEVERITIES, code
        out.append(Alert(code, Message(msgid, params), severity))

    if a.deadline and a.today > a.deadline.date:
        warn("deadline_passed", N_(
            "The deadline (%(date)s) has passed. An objection still makes sense: where the "
            "price clause is void, the old price stays owed and overpayments can be "
            "reclaimed (§§ 307, 812 BGB), and you can still terminate in the ordinary way."),
            "danger", date=a.deadline.date)
        if a.termination and a.termination.date >= a.today and a.termination is not a.deadline:
            warn("termination_still_open", N_(
                "Your special termination right is still open until %(date)s."),
                "info", date=a.termination.date)
    elif a.send_by and (days := a.days_to_send) is not None and 0 <= days <= SOON_DAYS:
        # Counted to the last day to send: that is what the user must act on.
        assert a.deadline is not None, _SEND_BY_FROM_DEADLINE
        warn("deadline_soon", N_("Only %(days)s left to send your letter (by %(send_by)s): "
                                 "it must arrive by %(date)s."), "danger",
             days=Plural("%(num)d day", "%(num)d days", days),
             send_by=a.send_by.date, date=a.deadline.date)
    if a.send_by and a.today > a.send_by.date:
        assert a.deadline is not None, _SEND_BY_FROM_DEADLINE
        if not a.today > a.deadline.date:
            warn("send_by_passed", N_(
                "It is too late to rely on the post (send by %(date)s). Use the fastest way "
                "the form allows: %(channels)s, and keep proof."), "danger",
                date=a.send_by.date, channels=_fast_channels(f))
    if a.notice_after_change:
        warn("notice_too_late", N_(
            "The notice reached you only on %(received)s, on or after the day the change "
            "was to take effect (%(effective)s). The provider did not give notice in time; "
            "your rights are not lost: a change cannot take effect before you were told "
            "of it, and special termination windows run from receipt."), "info",
            received=f.received, effective=f.effective)
    elif a.notice_timely is False and f.rule.notice_from_announcement:
        warn("notice_too_late", N_(
            "The notice is dated %(date)s, less than six weeks before the change on "
            "%(effective)s. In basic supply the six weeks run from the public "
            "announcement (%(basis)s): your letter asks the supplier when and where it "
            "published the change."), "info",
            date=f.notice_date, effective=f.effective, basis=f.rule.notice_basis)
    elif a.notice_timely is False:
        warn("notice_too_late", N_(
            "The provider's notice came too late: it had to reach you by %(latest)s "
            "(%(basis)s). The change cannot take effect on %(effective)s."),
            "info", latest=a.notice_latest, basis=f.rule.notice_basis, effective=f.effective)
    if f.required_form == "written" and text_form_suffices(f.consumer, f.start_date):
        warn("text_form_suffices", N_(
            "Your contract was concluded on or after %(cutoff)s: its terms may not demand more "
            "than text form from you (§ 309 Nr. 13 BGB), so an e-mail or fax is legally "
            "enough. A signed letter by registered mail is still the best proof."), "info",
            cutoff=LongDate(TEXT_FORM_CUTOFF))
    if f.period is None and f.object and f.rule.declaration != "ask":
        if a.objection and a.termination and a.termination.date != a.objection.date:
            warn("no_period_stated", N_(
                "The notice names no objection period. Your objection should arrive by "
                "%(date)s, the day before the change takes effect: that is the deadline "
                "shown. Your special termination right (%(basis)s) runs until "
                "%(termination)s."), date=a.objection.date, basis=f.rule.termination_basis,
                termination=a.termination.date)
        elif a.objection:
            warn("no_period_stated", N_(
                "The notice names no objection period. Your objection should arrive by "
                "%(date)s, the day before the change takes effect: that is the deadline "
                "shown."), date=a.objection.date)
        else:
            warn("no_period_stated", N_(
                "The notice names no objection period and the change date has passed: "
                "send your objection at once."))
    _price_warnings(f.prices, warn)
    if (f.required_form == "written" and not text_form_suffices(f.consumer, f.start_date)
            and (f.signature_mode == "image" or f.delivery.key == "email")):
        warn("handwritten_signature_needed", N_(
            "The contract may demand written form: print the letter, sign it by hand in ink "
            "and send the signed original (a fax may serve as an advance copy). A signature "
            "image or an e-mail may not be enough."))
    if f.rule.window_from_receipt and not f.names_termination_right:
        warn("termination_window_not_started", N_(
            "The notice does not tell you of your right to terminate (%(basis)s). The "
            "window may not have started; to be safe we count it from receipt anyway, and "
            "the termination option stays open."), "info", basis=f.rule.termination_basis)
    for day in dict.fromkeys(_municipal_day(d, f.state) for d in (a.objection, a.termination)):
        if day:
            warn("holiday_only_in_some_municipalities", N_(
                "%(date)s is %(holiday)s, a holiday only in some municipalities of %(state)s. "
                "It does not move the deadline."), "info",
                date=day[0], holiday=day[1], state=StateName(f.state))
    if f.provider_abroad:
        warn("provider_abroad", N_(
            "The provider sits abroad: we count with the public holidays of your own "
            "state, %(state)s."), "info", state=StateName(f.state))
    differ = _states_differ(a)
    if differ:
        provider_day, customer_day = differ
        # _states_differ compares only where the customer's own state is known.
        assert f.sender_state is not None
        warn("states_differ", N_(
            "With the public holidays of the provider's state (%(state)s) the deadline "
            "would be %(provider_day)s, with those of your own state (%(own)s) "
            "%(own_day)s. Which place counts is not settled, so the earlier day, "
            "%(safe)s, is your deadline."),
            state=StateName(f.state), provider_day=provider_day,
            own=StateName(f.sender_state),
            own_day=customer_day, safe=min(differ))
    if (f.delivery.key == "registered_mail_receipt" and a.arrival
            and a.today > dl.receipt_safe_posting(a.arrival.date, f.state, f.sender_state)):
        warn("receipt_risky_near_deadline", N_(
            "With Einschreiben Rückschein the letter only arrives when handed over; if "
            "nobody is met it waits up to 7 working days at the post office. Too risky this "
            "close to the deadline: use Einwurf-Einschreiben."))
    if f.rule.notice_month_start_rule and f.effective and f.effective.day != 1:
        warn("not_month_start", N_(
            "In basic supply prices may only change on the first day of a month "
            "(%(basis)s); %(effective)s is not."), "info",
            basis=f.rule.notice_basis, effective=f.effective)
    if f.household_assumed:
        warn("household_customer_assumed", N_(
            "A business using at most %(limit)s kWh a year is a household customer "
            "(§ 3 Nr. 22 EnWG): the supplier then had to give one month's notice (§ 41 "
            "Abs. 5 EnWG) and must confirm a termination within a week. Without your yearly "
            "consumption we assume this, the safe side; enter it if it is higher."), "info",
            limit=Number(HOUSEHOLD_LIMIT_KWH))
    if f.commodity_assumed:
        warn("commodity_assumed", N_(
            "You did not say whether this is electricity or gas: the letter treats it as "
            "%(commodity)s. Choose the other if that is wrong."), "info",
            commodity=Message(by_key(COMMODITIES, f.commodity_assumed).label))
    return out


def _fast_channels(f: Facts) -> Message:
    if f.required_form in ("text", "none") or text_form_suffices(f.consumer, f.start_date):
        return Message(N_("fax or e-mail before 16:00, or delivery by hand with a witness"))
    return Message(N_("delivery by hand with a witness who read the letter, with a fax "
                      "as an advance copy"))


def _municipal_day(dated: Dated | None, state: str) -> tuple[dt.date, dl.HolidayName] | None:
    """The first day of a chain's end that is a holiday only in some municipalities."""
    if not dated:
        return None
    days = [dated.raw]
    for step in dated.steps:
        if step.kind == "shift":
            days.extend(step.detail[1])
    days.append(dated.date)
    for day in days:
        if dl.municipal_holiday(day, state):
            return day, dl.HolidayName(day, state, municipal=True)
    return None


def _states_differ(a: Assessment) -> tuple[dt.date, dt.date] | None:
    """docs/rules.md R6: the objection deadline with the holidays of the receiving address
    and with the customer's own, when they differ."""
    f = a.facts
    if not (f.period is not None and f.sender_state and f.sender_state != f.state):
        return None
    provider = dl.declaration_window(f.received, f.period, f.state).date
    customer = dl.declaration_window(f.received, f.period, f.sender_state).date
    return (provider, customer) if provider != customer else None
