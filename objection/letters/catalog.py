"""Translator comments for the letters' message ids: which letter and which part writes
each, and the statute the part rests on, read from the registry (kinds.KINDS) so they
cannot drift from the code. scripts/i18n.py adds them to the catalog template on every
extraction ("#. TRANSLATORS: reminder, part facts (§ 130 Abs. 1 BGB)").
"""
from __future__ import annotations

import ast
import dis
import inspect
import sys
import types
from pathlib import Path
from collections.abc import Callable, Iterator

from .content import compose
from .kinds import KINDS
from .records import compose_records

PACKAGE = Path(__file__).resolve().parent
TAG = "TRANSLATORS:"


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    """A function's code and the code of what is defined in it (lambdas, inner
    functions, comprehensions)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _spans(path: Path) -> dict[str, tuple[int, int]]:
    """The lines of each top-level definition and assignment of a module, by name."""
    spans: dict[str, tuple[int, int]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        names = ([node.name] if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else
                 [t.id for t in getattr(node, "targets", [getattr(node, "target", None)])
                  if isinstance(t, ast.Name)])
        # ast.parse gives every statement its last line (only hand-made nodes lack one).
        assert node.end_lineno is not None, "a parsed statement"
        for name in names:
            spans[name] = (node.lineno, node.end_lineno)
    return spans


def _reached(function: types.FunctionType) -> Iterator[tuple[Path, str]]:
    """Every top-level definition of the letters package that `function` uses, directly
    or through the functions it calls: (file, name)."""
    seen: set[tuple[Path, str]] = set()
    todo = [function]
    while todo:
        current = todo.pop()
        module = sys.modules[current.__module__]
        for code in _codes(current.__code__):
            for name in {i.argval for i in dis.get_instructions(code)
                         if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}:
                value = current.__globals__.get(name)
                owner = getattr(value, "__module__", module.__name__)
                if not owner.startswith(__package__):
                    continue
                source = Path(inspect.getfile(sys.modules[owner]))
                key = (source, getattr(value, "__name__", name)
                       if isinstance(value, types.FunctionType) else name)
                if key in seen:
                    continue
                seen.add(key)
                if isinstance(value, types.FunctionType):
                    todo.append(value)
                elif isinstance(value, dict):      # a table of functions (grounds._GROUNDS)
                    for entry in value.values():
                        if isinstance(entry, types.FunctionType):
                            seen.add((Path(inspect.getfile(entry)), entry.__name__))
                            todo.append(entry)
    yield from seen


def comments() -> dict[tuple[str, int], list[str]]:
    """(file relative to the repository, line) -> the comments for the messages written
    on that line: each kind and part that uses it, with the part's statute."""
    root = PACKAGE.parent.parent
    spans = {path: _spans(path) for path in PACKAGE.rglob("*.py")}
    users: dict[tuple[Path, int, int], list[str]] = {}

    def used(function: Callable[..., object], label: str) -> None:
        # The registry's parts are plain functions and lambdas: their code is read.
        assert isinstance(function, types.FunctionType), function
        for path, name in [(Path(inspect.getfile(function)), function.__name__),
                           *_reached(function)]:
            span = spans.get(path, {}).get(name)
            if span and label not in users.setdefault((path, *span), []):
                users[(path, *span)].append(label)

    for kind in KINDS.values():
        used(kind.subject, f"{TAG} {kind.key}, subject")
        used(kind.references, f"{TAG} {kind.key}, reference block")
        for part in kind.parts:
            basis = f" ({part.basis})" if part.basis else ""
            for function in filter(None, (part.text, part.items)):
                used(function, f"{TAG} {kind.key}, part {part.key}{basis}")
    used(compose, f"{TAG} every letter: address, reference block, salutation, closing")
    used(compose_records, f"{TAG} the records sheet (for the customer, not sent)")
    out: dict[tuple[str, int], list[str]] = {}
    for (path, first, last), labels in users.items():
        for line in range(first, last + 1):
            out.setdefault((str(path.relative_to(root)), line), [])
            out[(str(path.relative_to(root)), line)] += [
                label for label in labels if label not in out[(str(path.relative_to(root)),
                                                                    line)]]
    return out


# A sentence piece most letters use (a citation, "and") is named as shared, not by
# every part that uses it.
MOST = 4


def annotate(catalog) -> None:
    """Adds the comments to every message of a babel Catalog written in the letters."""
    known = comments()
    for message in catalog:
        found: list[str] = []
        for location in message.locations:
            found += [c for c in known.get((location[0], location[1]), ()) if c not in found]
        if len(found) > MOST:
            found = [f"{TAG} shared by {len(found)} parts of the letters"]
        message.auto_comments += [c for c in found if c not in message.auto_comments]
