"""What the case's history says for the letters after the objection: the objection
sent, the provider's letters, and the facts of the sector that decide where a dispute
goes next (a complaint first, the arbitration body, or the courts).
"""
from __future__ import annotations

import datetime as dt

from ..arbitration import body_for
from ..assess import Assessment
from ..case import Case, Event
from ..i18n import Message, N_


def day(event: Event) -> dt.date:
    """The day an event of the history happened: required, so from_dict refuses an event
    without it."""
    assert event.date is not None, "a validated event has its date"
    return event.date


def objection(case: Case) -> Event | None:
    sent = case.events("objection_sent")
    return sent[0] if sent else None


def answer(case: Case) -> Event | None:
    answers = case.events("provider_insists")
    return answers[-1] if answers else None


def last(case: Case, kind: str) -> Event | None:
    events = case.events(kind)
    return events[-1] if events else None


def reset_defects(answer: Event | None) -> tuple[str, ...]:
    """What the private health insurer's latest answer lacks of a lawful reset, as the
    customer recorded it: "missing" or "general" reasons (§ 203 Abs. 5 VVG, BGH IV ZR
    255/17), the "trustee"'s approval not shown (§ 203 Abs. 2 Satz 1 VVG)."""
    if answer is None:
        return ()
    found = [answer.reasons] if answer.reasons in ("missing", "general") else []
    return (*found, "trustee") if answer.trustee == "not_shown" else tuple(found)


def complaint_applies(case: Case, a: Assessment) -> bool:
    """Energy, a consumer: every letter is also a complaint to the supplier, which comes
    before arbitration (§§ 111a, 111b EnWG; consumers only, § 13 BGB)."""
    return bool(a.facts.rule.consumer_complaint) and case.contract.consumer


def body_hears(case: Case) -> bool:
    """Does the sector's arbitration body hear this customer? Some hear consumers only."""
    return case.contract.consumer or not body_for(case).consumers_only


def court_route(case: Case) -> Message:
    """For a business whose sector's body hears consumers only: the other ways."""
    return Message(N_("The arbitration body for this contract (%(body)s) hears consumers only. "
                      "For a business, the way on is a court order for payment (Mahnbescheid), "
                      "an action, or an application to a state-recognised conciliation body "
                      "(Gütestelle); ask a lawyer. %(limitation)s"),
                   {"body": body_for(case).name, "limitation": limitation_advice(case)})


def limitation_advice(case: Case) -> Message:
    """What suspends limitation for this customer (§§ 203, 204 Abs. 1 BGB): never a letter
    alone; an application to the sector's body where it hears the customer (Nr. 4), else,
    for a business, a Mahnbescheid, an action or a conciliation body (Nr. 3, 1, 4); and,
    while they last, negotiations (§ 203 BGB)."""
    if not body_hears(case):
        return Message(N_("A letter alone does not suspend limitation. For a business, a court "
                          "order for payment (Mahnbescheid), an action or an application to a "
                          "state-recognised conciliation body does (§ 204 Abs. 1 Nr. 1, 3, 4 "
                          "BGB), and negotiations with the provider do while they last (§ 203 "
                          "BGB)."))
    return Message(N_("A letter alone does not suspend limitation; an application to the "
                      "arbitration body or a court does (§ 204 Abs. 1 Nr. 1, 3, 4 BGB), and "
                      "negotiations with the provider do while they last (§ 203 BGB)."))
