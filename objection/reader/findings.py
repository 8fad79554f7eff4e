"""What the parts of the reader hand to the extractor, in the order they found it: a value
read (with the text it came from), a value concluded from what the notice does not say,
a value to leave out after all, a value an independent source bears out, a warning."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fact:
    """A value the notice states; an empty one is no finding."""

    pointer: str
    value: object
    evidence: str


@dataclass(frozen=True)
class Conclusion:
    """A value the notice states by what it does not say, and why (a msgid)."""

    pointer: str
    value: object
    why: str


@dataclass(frozen=True)
class Doubt:
    """A value read before that does not hold up, and why (a warning code)."""

    pointer: str
    reason: str


@dataclass(frozen=True)
class Confirmed:
    """A value read that an independent source (the provider directory) has letter by
    letter: text recognition's doubt about one of its words does not leave it out."""

    pointer: str
    value: object


@dataclass(frozen=True)
class Note:
    """A warning about the reading: its code, a msgid, its parameters and the fields
    it is about."""

    code: str
    msgid: str
    params: dict = field(default_factory=dict)
    pointers: tuple[str, ...] = ()


Finding = Fact | Conclusion | Doubt | Confirmed | Note


@dataclass
class Found:
    """A value as the extractor recorded it, with its snippet."""

    value: object
    evidence: str
