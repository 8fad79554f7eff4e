"""The reply to the provider's letter that insists on the new price (docs/rules.md
section 7, item 2).
"""
from __future__ import annotations

import datetime as dt

from ...assess import Assessment
from ...case import Case
from ...i18n import Message, N_
from .. import dates, history
from ..preconditions import needs_objection, reset_ground
from ..grounds import restated, restated_termination
from ..parts import Context, Kind, Part
from ..shared import WHAT_NEXT, later_references
from ..wording import worded


def _answered(c: Context) -> str:
    """The date of the provider's letter this one replies to: plan.py offers the reply
    only once the history records one."""
    assert c.answer is not None, "the reply answers a recorded letter"
    return c._.date(c.answer.date)


def _reply_subject(c: Context) -> str:
    return worded(c, dict(
        objection=N_("Your letter of %(answer)s: I maintain my objection of %(objection)s"),
        rejection=N_("Your letter of %(answer)s: I maintain my rejection of %(objection)s"),
        request=N_("Your letter of %(answer)s: the reset of my premium as of %(effective)s")),
        answer=_answered(c), **c.facts)


def _reply_maintain(c: Context) -> str:
    answer = _answered(c)
    if c.first == "request":
        return c._(N_("I have received your letter of %(answer)s. It does not make the reset "
                      "of my premium as of %(effective)s effective."), answer=answer, **c.facts)
    if not c.rule.consent_needed:
        # The restated grounds that follow dispute the fairness (§ 315 Abs. 3 BGB).
        return c._(N_("I have received your letter of %(answer)s. I maintain in full my "
                      "objection of %(objection)s to the %(increase)s as of %(effective)s."),
                   answer=answer, **c.facts)
    return worded(c, dict(
        objection=N_("I have received your letter of %(answer)s. I maintain in full my "
                     "objection of %(objection)s to the %(increase)s as of %(effective)s; "
                     "I have not agreed to it."),
        rejection=N_("I have received your letter of %(answer)s. I maintain my rejection of "
                     "%(objection)s of the change as of %(effective)s (§ 675g Abs. 2 BGB); I "
                     "have not agreed to it.")), answer=answer, **c.facts)


def _reply_request(c: Context) -> str:
    if c.first == "request":
        found = history.reset_defects(c.answer)
        msgid = (N_("Please tell me the reasons for the reset as § 203 Abs. 5 VVG requires and "
                    "show me the trustee's approval in text form by %(deadline)s.")
                 if "trustee" in found and len(found) > 1 else
                 N_("Please show me the trustee's approval in text form by %(deadline)s.")
                 if "trustee" in found else
                 N_("Please tell me the reasons for the reset as § 203 Abs. 5 VVG requires in "
                    "text form by %(deadline)s."))
        return c._(msgid, **c.facts) + " " + c._(N_(
            "Until the reset has taken effect, please charge only the previous %(price)s of "
            "%(old)s. Amounts above it I pay only under reservation of repayment and claim "
            "back (§ 812 BGB)."), **c.facts)
    if not c.rule.consent_needed:
        # The restated grounds ask for the cost components and reserve the repayment.
        return c._(N_("Please answer in text form by %(deadline)s."), **c.facts)
    return c._(N_("Please tell me in text form by %(deadline)s on which contractual or "
                  "statutory ground you base the increase, and confirm that until this is "
                  "resolved you charge only the previous %(price)s of %(old)s. Amounts above "
                  "it I pay only under reservation of repayment (§ 812 BGB)."), **c.facts)


def _reply_blocked(case: Case, a: Assessment, today: dt.date) -> Message | None:
    if needs_objection(case):
        return needs_objection(case)
    if history.answer(case) is None:
        return Message(N_("Record the provider's letter that insists on the new price."))
    return reset_ground(case, a)


KIND = Kind("reply", _reply_subject, (
    Part("maintain", "§§ 145 ff., 311 Abs. 1 BGB", _reply_maintain),
    # the first letter's grounds for the sector, and its termination in the alternative
    # where chosen
    Part("grounds", "the objection's, grounds.py", restated),
    Part("termination", "the objection's, grounds.py", restated_termination),
    Part("request", "§ 241 Abs. 2 BGB; §§ 812, 814 BGB", _reply_request),
    *WHAT_NEXT,
), later_references, dates.later(14, fallback=True), label=N_("Reply: I maintain my objection"),
    filename=N_("reply.pdf"), position=2, blocked=_reply_blocked)
