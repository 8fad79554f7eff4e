"""Rule chains in words: how a court would count each date, step by step
("§ 187 Abs. 1 BGB: notice received … → § 188 Abs. 2 BGB: … → § 193 BGB: …")."""
from __future__ import annotations

import datetime as dt

from . import deadlines as dl
from .deadlines import Dated, Period, Step
from .i18n import Message, N_, Plural, english_citations, fmt_day, fmt_weekday
from .vocabulary import StateName


def period_text(period: Period) -> list[Plural]:
    parts = []
    years, months = divmod(period.months, 12)
    if years and not months:
        parts.append(Plural("%(num)d year", "%(num)d years", years))
    elif period.months:
        parts.append(Plural("%(num)d month", "%(num)d months", period.months))
    if period.weeks:
        parts.append(Plural("%(num)d week", "%(num)d weeks", period.weeks))
    if period.days:
        parts.append(Plural("%(num)d day", "%(num)d days", period.days))
    return parts


def _day_reason(day: dt.date, state: str, lang: str) -> str:
    holiday = dl.public_holiday(day, state, lang)
    if holiday:
        where = (Message(N_("nationwide")).render(lang) if dl.nationwide_holiday(day)
                 else StateName(state).render(lang))
        return f"{fmt_day(day, lang)} ({holiday}, {where})"
    return f"{fmt_day(day, lang)} ({fmt_weekday(day, lang)})"


def describe(step: Step, lang: str, statutes: bool = True) -> str:
    """One link of a rule chain in words, with the statute in front unless `statutes` is
    off (pages show the statutes behind a "why")."""
    d = step.detail
    if step.kind == "event_day":
        msg = Message(N_("notice received %(date)s; that day is not counted"),
                      {"date": step.date})
    elif step.kind == "period_end":
        period, clamped = d
        msgid = (N_("the period of %(period)s ends on %(date)s (that month has no such day: "
                    "its last day)") if clamped else N_("the period of %(period)s ends on "
                                                        "%(date)s"))
        msg = Message(msgid, {"period": period_text(period), "date": step.date})
    elif step.kind == "window_basis":
        msg = Message(N_("%(period)s from receipt of the notice"),
                      {"period": period_text(d[0])})
    elif step.kind == "fixed_day":
        msg = Message(N_("last day named in the notice: %(date)s"), {"date": step.date})
    elif step.kind == "shift":
        _, skipped, state = d
        reasons = ", ".join(_day_reason(day, state, lang) for day in skipped)
        msg = Message(N_("%(skipped)s: next working day %(date)s"),
                      {"skipped": reasons, "date": step.date})
    elif step.kind == "earlier_state":
        state, later, own = d
        msg = Message(N_("with the holidays of the provider's state (%(state)s) it would "
                         "end on %(later)s; the earlier day in your own state (%(own)s) "
                         "counts, to be safe"),
                      {"state": StateName(state), "later": later, "own": StateName(own)})
    elif step.kind == "day_before":
        msg = Message(N_("the change is to take effect on %(effective)s, so the declaration "
                         "must arrive by %(date)s; § 193 BGB does not extend this (safe side)"),
                      {"effective": d[0], "date": step.date})
    elif step.kind == "arrival":
        msg = Message(N_("plan arrival on the last business day on or before %(raw)s: "
                         "%(date)s"), {"raw": d[0], "date": step.date})
    elif step.kind == "post_by":
        msg = Message(N_("post %(days)s postal working days earlier (Deutsche Post delivers "
                         "99%% of letters within 4): %(date)s"),
                      {"days": d[0], "date": step.date})
    elif step.kind == "transmit_on":
        msg = Message(N_("send on %(date)s before %(time)s, within business hours"),
                      {"date": step.date, "time": d[0]})
    else:  # hand_on
        msg = Message(N_("deliver by hand on %(date)s during business hours, with a witness "
                         "who read the letter"), {"date": step.date})
    text = msg.render(lang)
    if step.basis and statutes:
        basis = english_citations(step.basis) if lang == "en" else step.basis
        return f"{basis}: {text}"
    return text


def explain(dated: Dated, lang: str, statutes: bool = True) -> str:
    """The rule chain: '§ 187 Abs. 1 BGB: ... → § 188 Abs. 2 BGB: ... → § 193 BGB: ...',
    or in plain words only."""
    return " → ".join(describe(step, lang, statutes) for step in dated.steps)


def why(dated: Dated, lang: str) -> str:
    """The statutes behind a date: '§ 187 Abs. 1 BGB, § 188 Abs. 2 BGB, § 193 BGB'."""
    bases = ", ".join(dated.bases)
    return english_citations(bases) if lang == "en" else bases
