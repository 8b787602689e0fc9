"""Diagnostics while a command runs, on stderr: notes, what was read, time per phase.

Takes cleo's IO (ADR 0009) through the small protocol below, so `-q` silences everything,
`-v` adds what was read and the time of each phase, `-vv` adds the details."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from brickwork.report.formats import escape_tags


class ProgressIO(Protocol):
    """What progress needs of cleo's IO (`cleo.io.io.IO` has it)."""

    def write_error_line(self, messages: str | Iterable[str], verbosity: Any = ...) -> None: ...

    def is_verbose(self) -> bool: ...

    def is_very_verbose(self) -> bool: ...


def milliseconds(seconds: float) -> str:
    """`12 ms`, `1.4 s`: short enough for a progress line."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.1f} s"


class Progress:
    """Lines on stderr about a run: quiet-aware, verbosity-aware, never on stdout."""

    def __init__(self, io: ProgressIO, clock: Callable[[], float] = time.perf_counter) -> None:
        self._io = io
        self._clock = clock
        self.timings: list[tuple[str, float]] = []
        """(phase, seconds) of every phase run so far, in order."""
        self.notes: list[str] = []
        """Every note given so far, in order (a reused result gives them again)."""

    def note(self, message: str) -> None:
        """Something the user should know (cleo drops it under `-q`)."""
        self.notes.append(message)
        self._io.write_error_line(f"<comment>note: {escape_tags(message)}</comment>")

    def verbose(self, message: str) -> None:
        """What was read or decided (`-v`)."""
        if self._io.is_verbose():
            self._io.write_error_line(escape_tags(message))

    def very_verbose(self, message: str) -> None:
        """Details (`-vv`)."""
        if self._io.is_very_verbose():
            self._io.write_error_line(escape_tags(message))

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the block; at `-v` say how long it took (`time: scan 12 ms`)."""
        started = self._clock()
        try:
            yield
        finally:
            elapsed = self._clock() - started
            self.timings.append((name, elapsed))
            if self._io.is_verbose():
                self._io.write_error_line(f"time: {name} {milliseconds(elapsed)}")
