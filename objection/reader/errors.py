"""What the reader hands back: the reading, its warnings, and the error for a file it
cannot read. Messages are msgids (objection.i18n), rendered per language on demand."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import DEFAULT_LANGUAGE, Message, Rendered


class ReaderError(ValueError):
    """The file cannot be read; `code` for programs, a message (translatable) for people."""

    def __init__(self, code: str, msgid: str, **params: Any):
        super().__init__(msgid % params if params else msgid)
        self.code, self.message = code, Message(msgid, params)

    @classmethod
    def rendered(cls, code: str, message: Rendered) -> ReaderError:
        """The error as it came from another process, rendered in every language."""
        error = cls(code, message.render(DEFAULT_LANGUAGE))
        error.message = message
        return error

    def render(self, lang: str) -> str:
        return self.message.render(lang)


@dataclass(frozen=True)
class ReadWarning:
    """Something the user should know about the reading: a code, a message, and the
    JSON pointers of the fields it is about (if any)."""

    code: str
    message: Message | Rendered
    pointers: tuple[str, ...] = ()

    def to_dict(self, lang: str = "en") -> dict:
        out = {"code": self.code, "message": self.message.render(lang)}
        if self.pointers:
            out["pointers"] = list(self.pointers)
        return out


@dataclass
class Reading:
    """A partial case (only the fields the notice states), the snippet behind each
    field (JSON pointer -> text), and warnings."""

    case: dict = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    warnings: list[ReadWarning] = field(default_factory=list)
    kind: str = "txt"          # txt | eml | pdf | photo | scan: where the text came from
    language: str | None = None   # de | en, the notice's language when clear

    def to_dict(self, lang: str = "en") -> dict:
        return {"case": self.case, "evidence": dict(self.evidence),
                "warnings": [w.to_dict(lang) for w in self.warnings]}

    def get(self, pointer: str) -> Any:
        """The value at a JSON pointer such as /notice/date, or None."""
        node: Any = self.case
        for part in pointer.strip("/").split("/"):
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]          # one of several prices: /notice/prices/1/new
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return None
        return node
