"""Who signs what (docs/rules.md R9-R11): whether text form suffices, and so whether a
signature picture may sign the letter or goes on an advance copy. The letter and the
records sheet both say it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from ..case import Case, CaseError, FieldError, from_dict
from ..fields import Invalid, signature_image
from ..rules import text_form_suffices


def text_form_enough(case: Case) -> bool:
    """docs/rules.md R9, R10: text form suffices where the notice asks no more, or § 309
    Nr. 13 BGB keeps a consumer's terms from asking more; "unknown" is the safe side."""
    return case.notice.required_form in ("text", "none") or text_form_suffices(
        case.contract.consumer, case.contract.start_date)


def image_signs_letter(case: Case) -> bool:
    """docs/rules.md R11: a drawn or uploaded signature is a copy. It signs the letter
    itself only where text form suffices; where written form is or may be demanded, the
    posted letter is signed in ink and the picture goes on an advance copy for fax or
    e-mail."""
    return case.signature.mode == "image" and bool(case.signature.image) \
        and text_form_enough(case)


def advance_copy_available(case: Case) -> bool:
    """A signature picture that may not sign the posted letter goes on an advance copy."""
    return case.signature.mode == "image" and bool(case.signature.image) \
        and not text_form_enough(case)


def case_for_one_letter(data: Any, today: dt.date | None = None) -> Case:
    """The case for one letter and nothing else (no advance copy, no records sheet): a
    signature picture the letter does not print (written form, R11) is checked but
    never decoded, and left out; one it prints is decoded and re-encoded as always.
    Raises CaseError as case.from_dict does."""
    case = from_dict(data, today, letter_only=True)
    if not case.signature.image:
        return case
    try:
        image = signature_image(case.signature.image) if image_signs_letter(case) else ""
    except Invalid as exc:
        raise CaseError([FieldError("signature.image", exc.message)]) from None
    return replace(case, signature=replace(case.signature, image=image))
