"""What more than one later letter needs before it can be written: the objection sent,
and for a private health insurer's reset, a defect to contest (docs/rules.md section 7).
Each kind's own check (`Kind.blocked`) is in its module under kinds/."""
from __future__ import annotations

from ..arbitration import body_for
from ..assess import Assessment
from ..case import Case
from ..i18n import Message, N_
from . import history


def terminated_only(case: Case) -> Message | None:
    """A first letter that only terminated objected to nothing, and every later letter
    argues from an objection: it would state a fact the case does not hold."""
    if case.options.object:
        return None
    return Message(N_("Your letter terminated the contract but did not object to the new "
                      "price. The later letters here all rest on an objection, so they would "
                      "say something that did not happen: none of them can be written for "
                      "your case."))


def needs_objection(case: Case) -> Message | None:
    """Every later letter follows the objection: None once the history records it."""
    why = terminated_only(case)
    if why:
        return why
    if history.objection(case) is None:
        return Message(N_("Record first when and how you sent your objection."))
    return None


def reset_ground(case: Case, a: Assessment) -> Message | None:
    """A private health insurer's reset needs no consent (§ 203 Abs. 2 VVG): a letter
    can contest it only where the reset is defective. None: a defect is recorded (or the
    rule needs consent, and the letters rest on the first letter as ever)."""
    if a.facts.rule.first_letter != "request":
        return None
    answer = history.answer(case)
    if history.reset_defects(answer):
        return None
    if answer is None or answer.reasons is None or answer.trustee is None:
        return Message(N_("Record the insurer's answer, and whether it gives the reasons for "
                          "the reset and shows the trustee's approval: a reset is the "
                          "insurer's statutory right, so a letter can contest it only where "
                          "they are missing (§ 203 Abs. 2, 5 VVG)."))
    return Message(N_("The insurer has named the reasons for the reset and shown the "
                      "trustee's approval: the reset is its statutory right (§ 203 Abs. 2 "
                      "VVG) and needs no consent, so there is nothing to claim back or to "
                      "contest by letter. You can ask for a switch to another of its tariffs "
                      "(§ 204 VVG), or ask the %(body)s to check the reset."),
                   {"body": body_for(case).name})
