"""How many notices are read at once: a cap for the whole machine, with a short queue.

A reading runs in a process of its own (objection.reader.sandbox) and may take seconds of
CPU; letters are rendered in the web workers. So that readings never crowd out letters,
at most `READER_SLOTS` files are read at once on this machine, across every worker and
every instance of the app that shares the lock folder; `READER_QUEUE` more may wait up
to `READER_WAIT` seconds for a slot, and anything beyond that gets `Busy` at once (the
pages and the API answer 503 with Retry-After). Pasted text has a lane of its own, so
that "paste the text" is always a way forward when files queue up.

The slots are files in a private folder, each held with flock(2) while a reading runs:
the kernel releases a lock when its holder ends, however it ends, so a killed worker
never leaves a slot taken.
"""
from __future__ import annotations

import fcntl
import os
import stat
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from collections.abc import Iterator

from flask import Flask, current_app

from ..reader import Reading, sandbox

RETRY_AFTER = 60            # seconds: "try again in a minute"
_POLL = 0.05


class Busy(Exception):
    """Every reading slot and every place in the queue is taken."""


@dataclass(frozen=True)
class Lane:
    name: str
    slots: int
    queue: int
    wait: float


def init_app(app: Flask) -> None:
    """Make (or check) the slots' folder now: a folder another user could hold is a
    reason not to start."""
    app.config["READER_LOCKS"] = str(lock_folder(app.config["READER_LOCKS"]))


def lanes() -> dict[str, Lane]:
    config = current_app.config
    slots = config["READER_SLOTS"] or max(1, os.cpu_count() or 1)
    queue = slots * 2 if config["READER_QUEUE"] is None else config["READER_QUEUE"]
    return {"file": Lane("file", slots, queue, config["READER_WAIT"]),
            "text": Lane("text", 2, 4, min(5.0, config["READER_WAIT"]))}


def read_file(data: bytes, filename: str | None, text: bool = False) -> Reading:
    """Read an uploaded notice in the sandbox, in the files' lane (`text`: a body the
    client says is plain text, in the lane and under the limits of pasted text)."""
    if text:
        with _slot(lanes()["text"]):
            return sandbox.read_bytes(data, filename, sandbox.TEXT)
    with _slot(lanes()["file"]):
        return sandbox.read_bytes(data, filename, _file_limits())


def _file_limits() -> sandbox.Limits:
    seconds = current_app.config["READER_SECONDS"]
    return replace(sandbox.FILE, seconds=seconds) if seconds else sandbox.FILE


def read_text(text: str) -> Reading:
    """Read pasted text in the sandbox, in the lane of its own."""
    with _slot(lanes()["text"]):
        return sandbox.read_text(text)


@contextmanager
def _slot(lane: Lane) -> Iterator[None]:
    folder = Path(current_app.config["READER_LOCKS"])
    held = _take(folder, lane, "run", lane.slots)
    if held is None:
        ticket = _take(folder, lane, "wait", lane.queue)
        if ticket is None:
            raise Busy()
        try:
            deadline = time.monotonic() + lane.wait
            while held is None and time.monotonic() < deadline:
                time.sleep(_POLL)
                held = _take(folder, lane, "run", lane.slots)
        finally:
            os.close(ticket)
        if held is None:
            raise Busy()
    try:
        yield
    finally:
        os.close(held)          # and with it the lock


def _take(folder: Path, lane: Lane, kind: str, count: int) -> int | None:
    """A descriptor holding one of `count` lock files, or None if all are held."""
    for number in range(count):
        descriptor = os.open(folder / f"{lane.name}-{kind}-{number}",
                             os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return descriptor
        except BlockingIOError:
            os.close(descriptor)
    return None


def lock_folder(configured: str | None) -> Path:
    """The folder of the slots: READER_LOCKS, else one per user in the temporary folder
    (systemd's PrivateTmp= gives the service its own). Made private (0700) and refused
    when another user owns it or may write to it: whoever can hold its files can stop
    every reading."""
    folder = Path(configured or
                  Path(tempfile.gettempdir()) / f"objection-readers-{os.getuid()}")
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or \
            info.st_mode & 0o077:
        raise RuntimeError(f"{folder} must be a folder of this user's, mode 0700")
    return folder
