"""Seven speed-ups and a fix for WeasyPrint and pydyf, applied at start-up until they are
released.

Each is an upstream-style patch in docs/perf/ (a unified diff against the pinned
version, with its measurement beside it). They are applied from those very files: the
pinned module's source is patched in memory and executed, and the functions the patch
changes take the new code (their code objects are swapped, so every `from … import`
of them elsewhere gets it too); names the patch adds are added to the module. Nothing
is applied unless the installed versions are exactly `PINS`: a released version may
have the change already, or other code around it. tests/test_weasyprint_patches.py
checks that the speed-ups leave the PDFs pixel-identical, and that `PINS` is what
requirements.txt pins.

OBJECTION_WEASYPRINT_PATCHES=off leaves WeasyPrint as released, =fixes applies only the
fixes (for comparing).
"""
from __future__ import annotations

import builtins
import importlib
import os
import re
import types
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from . import paths

PINS = {"weasyprint": "70.0", "pydyf": "0.13.0"}
PATCH_DIR = paths.BASE / "docs" / "perf"
SWITCH = "OBJECTION_WEASYPRINT_PATCHES"


@dataclass(frozen=True)
class Patch:
    file: str
    # What takes the patched code, by module: functions, or Class.method (a property or
    # a static method by its name; a method the patch adds is listed too); the patch's
    # new module-level names are added without listing.
    changes: dict[str, tuple[str, ...]]
    # A fix changes what is drawn, on purpose; a speed-up must not.
    fix: bool = False


PATCHES = (
    Patch("computed-style.patch", {"weasyprint.css": ("ComputedStyle.__missing__",)}),
    Patch("strut.patch", {"weasyprint.text.line_break": ("strut",)}),
    Patch("pango-context.patch", {
        "weasyprint.text.fonts": ("FontConfiguration.__init__",
                                  "FontConfiguration.get_pango_context"),
        "weasyprint.text.line_break": ("Layout.setup",)}),
    Patch("pydyf-level.patch", {"pydyf": ("Stream.data",)}),
    Patch("draw-glyphs.patch", {"weasyprint.draw.text": ("draw_first_line",)}),
    Patch("zero-kerning.patch", {"weasyprint.draw.text": ("draw_first_line",)}),
    Patch("png-passthrough.patch", {"weasyprint.images": (
        "RasterImage.get_x_object", "RasterImage._get_png_data", "RasterImage._get_idat")}),
    Patch("tab-advance.patch", {"weasyprint.draw.text": ("draw_first_line",)}, fix=True),
)
_applied: list[str] = []


class PatchMismatch(RuntimeError):
    """A patch does not fit the installed source: the pin and the patches disagree."""


def pinned() -> bool:
    """Whether the installed WeasyPrint and pydyf are the versions the patches are for."""
    return all(version(name) == wanted for name, wanted in PINS.items())


def apply() -> list[str]:
    """Apply the patches once per process, where the pins hold and the switch is not
    off (only the fixes where it says "fixes"); returns the patches applied."""
    switch = os.environ.get(SWITCH, "").lower()
    if _applied or switch in ("off", "0", "no", "false") or not pinned():
        return _applied
    chosen = [patch for patch in PATCHES if patch.fix or switch != "fixes"]
    sources: dict[str, str] = {}
    for patch in chosen:
        for module, hunks in _file_hunks((PATCH_DIR / patch.file).read_text("utf-8")):
            if module not in sources:
                sources[module] = Path(_source_file(module)).read_text("utf-8")
            sources[module] = _patched(sources[module], hunks, patch.file)
    namespaces = {module: _executed(module, source) for module, source in sources.items()}
    for patch in chosen:
        for module, names in patch.changes.items():
            _transplant(_module(module), namespaces[module], names)
    _applied.extend(patch.file for patch in chosen)
    return _applied


def _module(name: str) -> types.ModuleType:
    return importlib.import_module(name)


_FILE = re.compile(r"^\+\+\+ b/(\S+)$", re.M)
_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@.*$", re.M)


def _file_hunks(diff: str) -> list[tuple[str, list[tuple[int, list[str], list[str]]]]]:
    """A unified diff as (module, hunks); a hunk is (old start line, old lines, new
    lines)."""
    files = []
    for part in re.split(r"^(?=--- a/)", diff, flags=re.M)[1:]:
        found = _FILE.search(part)
        if found is None:
            raise PatchMismatch(f"a file of the diff has no name: {part[:60]!r}")
        path = found.group(1)
        module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        hunks = []
        starts = list(_HUNK.finditer(part))
        for n, start in enumerate(starts):
            body = part[start.end() + 1:starts[n + 1].start() if n + 1 < len(starts) else None]
            old, new = [], []
            for line in body.splitlines(keepends=True):
                tag, text = line[:1], line[1:]
                if tag in (" ", ""):
                    old.append(text or "\n")
                    new.append(text or "\n")
                elif tag == "-":
                    old.append(text)
                elif tag == "+":
                    new.append(text)
            hunks.append((int(start.group(1)), old, new))
        files.append((module, hunks))
    return files


def _patched(source: str, hunks: list, name: str) -> str:
    """The source with the hunks applied: each hunk's old lines must stand there
    exactly, at the place nearest its line number (an earlier patch may have moved
    them); no fuzz."""
    lines = source.splitlines(keepends=True)
    shift = 0
    for start, old, new in hunks:
        places = [i for i in range(len(lines) - len(old) + 1)
                  if lines[i:i + len(old)] == old]
        if not places:
            raise PatchMismatch(f"{name}: a hunk at line {start} does not fit")
        at = min(places, key=lambda i: abs(i - (start - 1 + shift)))
        lines[at:at + len(old)] = new
        shift += len(new) - len(old)
    return "".join(lines)


def _source_file(module: str) -> str:
    path = _module(module).__file__
    assert path is not None, module        # WeasyPrint and pydyf are plain source files
    return path


def _executed(module: str, source: str) -> dict:
    """The patched module's namespace. Its imports are answered by the modules already
    loaded, so only its own definitions are made anew."""
    real = _module(module)
    namespace = {"__name__": module, "__package__": real.__package__,
                 "__file__": real.__file__, "__builtins__": builtins}
    exec(compile(source, _source_file(module), "exec"), namespace)  # noqa: S102 (pinned source)
    return namespace


def _transplant(real: types.ModuleType, patched: dict, names: tuple[str, ...]) -> None:
    for key, value in patched.items():
        if key not in vars(real):
            setattr(real, key, _rebound(value, real))
    for name in names:
        owner_name, _, attribute = name.rpartition(".")
        owner = getattr(real, owner_name) if owner_name else real
        new = (vars(patched[owner_name]) if owner_name else patched)[attribute]
        old = vars(owner).get(attribute)
        if isinstance(new, property):
            assert isinstance(old, property) and old.fget and new.fget, name
            old.fget.__code__ = new.fget.__code__
        elif isinstance(new, staticmethod) and isinstance(old, staticmethod):
            old.__func__.__code__ = new.__func__.__code__
        elif old is None:
            setattr(owner, attribute, _rebound(new, real))
        else:
            old.__code__ = new.__code__


def _rebound(value, real: types.ModuleType):
    """A function the patch adds, made to look its names up in the real module."""
    if not isinstance(value, types.FunctionType):
        return value
    function = types.FunctionType(value.__code__, vars(real), value.__name__,
                                  value.__defaults__, value.__closure__)
    function.__kwdefaults__, function.__doc__ = value.__kwdefaults__, value.__doc__
    function.__qualname__ = value.__qualname__
    return function
