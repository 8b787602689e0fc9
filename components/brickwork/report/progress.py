"""Diagnostics while a command runs, on stderr: notes, what was read, time per phase.

Takes cleo's IO (ADR 0009) through the small protocol below, so `-q` silences everything
(a caller passes cleo's QUIET verbosity to `line` for the reason of a failure), `-v` adds what
was read and the time of each phase, `-vv` adds the details.

Long work (builds, verifications) says what runs now with `status`: on a terminal (`live`)
one line rewritten in place with a carriage return, cleared before any other line; when
stderr is not a terminal (a pipe, a CI log) nothing, so that a log holds lines, never
animation."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from brickwork.report.formats import escape_tags


class ProgressIO(Protocol):
    """What progress needs of cleo's IO (`cleo.io.io.IO` has it)."""

    def write_error_line(self, messages: str | Iterable[str], verbosity: Any = ...) -> None: ...

    def write_error(
        self, messages: str | Iterable[str], new_line: bool = ..., verbosity: Any = ...
    ) -> None: ...

    def is_verbose(self) -> bool: ...

    def is_very_verbose(self) -> bool: ...


def milliseconds(seconds: float) -> str:
    """`12 ms`, `1.4 s`: short enough for a progress line."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.1f} s"


class Progress:
    """Lines on stderr about a run: quiet-aware, verbosity-aware, never on stdout."""

    def __init__(
        self,
        io: ProgressIO,
        clock: Callable[[], float] = time.perf_counter,
        *,
        live: bool = False,
    ) -> None:
        self._io = io
        self._clock = clock
        self.live = live
        """Whether stderr is a terminal, where `status` draws a line rewritten in place."""
        self._drawn = ""
        self.timings: list[tuple[str, float]] = []
        """(phase, seconds) of every phase run so far, in order."""
        self.notes: list[str] = []
        """Every note given so far, in order (a reused result gives them again)."""

    def note(self, message: str) -> None:
        """Something the user should know (cleo drops it under `-q`)."""
        self.notes.append(message)
        self.line(f"<comment>note: {escape_tags(message)}</comment>")

    def line(self, lines: str | Iterable[str], verbosity: Any = None) -> None:
        """Lines on stderr (styled, already escaped), under the status line when one is
        drawn; `verbosity`: cleo's, when not NORMAL (QUIET: shown under `-q` too)."""
        drawn = self._drawn
        self.status("")
        shown = lines if isinstance(lines, str) else list(lines)
        if verbosity is None:
            self._io.write_error_line(shown)
        else:
            self._io.write_error_line(shown, verbosity=verbosity)
        self.status(drawn)

    def status(self, text: str) -> None:
        """What runs now (`building svc, api…`), on one line that the next status replaces;
        "" clears it. Only on a terminal (`live`); silenced by `-q` like every note."""
        if not self.live:
            return
        columns = shutil.get_terminal_size().columns - 1  # a wrapped line cannot be rewritten
        text = text if len(text) <= columns else text[: max(columns - 1, 0)] + "…"
        if text == self._drawn:
            return
        width = len(self._drawn.replace("…", "..."))  # `...` where the terminal lacks `…`
        self._drawn = text
        # a carriage return, then spaces over the old text: no escape sequence needed
        clear = f"\r{' ' * width}" if width else ""
        self._io.write_error(f"{clear}\r{escape_tags(text)}", new_line=False)

    def verbose(self, message: str) -> None:
        """What was read or decided (`-v`)."""
        if self._io.is_verbose():
            self.line(escape_tags(message))

    def very_verbose(self, message: str) -> None:
        """Details (`-vv`)."""
        if self._io.is_very_verbose():
            self.line(escape_tags(message))

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
                self.line(f"time: {name} {milliseconds(elapsed)}")
