"""A reading in a process of its own, under limits: whatever a hostile file makes the
decoders, the parsers or the text recognition do, the caller's process does not grow and
gets its answer within a known time.

The child is forked from a small warm process (multiprocessing's forkserver, with the
reader preloaded: a fork costs milliseconds, a fresh interpreter half a second), so it
shares nothing with the web worker but the file. Before it looks at the file it

- starts a session of its own, so that it and every tool it starts (Tesseract,
  pdftocairo) can be ended at once;
- limits its address space (RLIMIT_AS) and CPU seconds (RLIMIT_CPU), which the tools it
  starts inherit, may write no file (RLIMIT_FSIZE 0), and runs at a lower priority
  (nice 10), so that letters come first;
- drops the environment (the app's secret key among it) but what the tools need.

The caller waits at most `Limits.seconds` of wall-clock time for everything and then
ends the session. The answer comes back as JSON (never unpickled), the messages in it
rendered in every language. Pure domain code: no Flask.
"""
from __future__ import annotations

import json
import math
import multiprocessing
import os
import resource
import signal
import sys
from dataclasses import dataclass
from typing import Any

from ..i18n import N_, Rendered
from .errors import Reading, ReaderError, ReadWarning


@dataclass(frozen=True)
class Limits:
    seconds: float     # wall clock for the whole reading: decoding, parsing, recognition
    cpu: int           # CPU seconds of the child, and of each tool it starts
    memory: int        # bytes of address space of the child, and of each tool it starts


# A photo or a scan: about 2 s of recognition a page here; three pages of a scanned PDF.
FILE = Limits(seconds=15, cpu=15, memory=1536 * 1024 * 1024)
# Pasted text: the rules over at most 200,000 characters take a fraction of a second.
TEXT = Limits(seconds=5, cpu=5, memory=768 * 1024 * 1024)
MAX_RESULT = 4_000_000           # bytes of JSON the child may answer with
_TOOL_ENV = ("PATH", "TESSDATA_PREFIX", "LANG", "LC_ALL")


def read_bytes(data: bytes, filename: str | None = None, limits: Limits = FILE) -> Reading:
    """objection.reader.read_bytes in a child process under `limits`."""
    return _run(("bytes", data, filename), limits)


def read_text(text: str, limits: Limits = TEXT) -> Reading:
    """objection.reader.read_text in a child process under `limits`."""
    return _run(("text", text, None), limits)


_CONTEXT: Any = None


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload([__name__, "objection.reader", "objection.reader.warm",
                                         "pypdf", "PIL.Image"])
    return _CONTEXT


def _run(job: tuple[str, Any, str | None], limits: Limits) -> Reading:
    context = _context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, job, limits), daemon=True)
    child.start()
    send.close()
    answer = None
    try:
        if receive.poll(limits.seconds):
            try:
                answer = receive.recv_bytes(MAX_RESULT)
            except (EOFError, OSError):        # ended without an answer, or too long a one
                answer = None
    finally:
        receive.close()
        _end(child)
    if answer is None:
        raise _failure(child.exitcode)
    return _decode(json.loads(answer))


def _end(child) -> None:
    """End the child's session: the child and any tool still running."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass               # gone already, or killed before it had its own session
    child.kill()
    child.join(5)


def _failure(exitcode: int | None) -> ReaderError:
    """Why the child gave no answer: ended for its time (by the caller, or by the CPU
    limit), or for anything else (its memory limit, a crash in a decoder)."""
    if exitcode in (None, -signal.SIGKILL, -signal.SIGXCPU):
        return _too_long()
    return _too_much()


def _too_long() -> ReaderError:
    return ReaderError("read_timeout", N_(
        "Reading this file took too long. Please try a smaller or clearer file (one "
        "page, a sharp photo), or paste the text."))


def _too_much() -> ReaderError:
    return ReaderError("read_failed", N_(
        "This file could not be read within the limits that keep the service available "
        "to everyone. Please try a smaller or simpler file, or paste the text."))


# --- In the child ---------------------------------------------------------------------

def _child(conn, job: tuple[str, Any, str | None], limits: Limits) -> None:
    os.setsid()
    _limit(limits)
    from . import read_bytes as read_file, read_text as read_pasted
    from .ocr import time_budget
    kind, payload, filename = job
    try:
        # the tools' timeouts share the budget, so a slow page ends the reading in time
        with time_budget(max(1.0, limits.seconds - 1)):
            reading = read_pasted(payload) if kind == "text" else read_file(payload, filename)
        answer = _encode(reading)
    except MemoryError:
        answer = _error(_too_much())
    except ReaderError as exc:
        answer = _error(exc)
    conn.send_bytes(json.dumps(answer, ensure_ascii=False).encode("utf-8"))
    conn.close()


def _limit(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    cpu = math.ceil(limits.cpu)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)     # a write fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.dont_write_bytecode = True
    os.nice(10)
    kept = {name: os.environ[name] for name in _TOOL_ENV if name in os.environ}
    os.environ.clear()
    os.environ.update(kept, OMP_THREAD_LIMIT="1")


# --- The answer as JSON -----------------------------------------------------------------

def _error(exc: ReaderError) -> dict:
    return {"error": exc.code, "texts": Rendered.of(exc.message).texts}


def _encode(reading: Reading) -> dict:
    return {"case": reading.case, "evidence": reading.evidence, "kind": reading.kind,
            "language": reading.language,
            "warnings": [{"code": w.code, "texts": Rendered.of(w.message).texts,
                          "pointers": list(w.pointers)} for w in reading.warnings]}


def _decode(answer: dict) -> Reading:
    if "error" in answer:
        raise ReaderError.rendered(answer["error"], Rendered(answer["texts"]))
    return Reading(case=answer["case"], evidence=answer["evidence"], kind=answer["kind"],
                   language=answer["language"],
                   warnings=[ReadWarning(w["code"], Rendered(w["texts"]), tuple(w["pointers"]))
                             for w in answer["warnings"]])

