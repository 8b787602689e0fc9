from __future__ import annotations

from collections.abc import Iterator

import pytest
from cleo.io.buffered_io import BufferedIO
from cleo.io.outputs.output import Verbosity

from brickwork import report


def clock() -> Iterator[float]:
    yield from (0.0, 0.012, 1.0, 2.5)


def run(verbosity: Verbosity) -> tuple[str, str, report.Progress]:
    io = BufferedIO()
    io.set_verbosity(verbosity)
    ticks = clock()
    progress = report.Progress(io, clock=lambda: next(ticks))
    progress.note("no lock file <here>")
    progress.verbose("read workspace.toml")
    progress.very_verbose("  projects/svc/pyproject.toml")
    with progress.phase("workspace load"):
        pass
    with progress.phase("scan"):
        pass
    return io.fetch_output(), io.fetch_error(), progress


def test_normal_verbosity_shows_notes_only_on_stderr() -> None:
    out, err, _ = run(Verbosity.NORMAL)

    assert out == ""
    assert err == "note: no lock file <here>\n"


def test_quiet_shows_nothing_but_still_times_the_phases() -> None:
    out, err, progress = run(Verbosity.QUIET)

    assert (out, err) == ("", "")
    assert progress.timings == [("workspace load", pytest.approx(0.012)), ("scan", 1.5)]


def test_verbose_shows_what_was_read_and_the_time_of_each_phase() -> None:
    _, err, _ = run(Verbosity.VERBOSE)

    assert err.splitlines() == [
        "note: no lock file <here>",
        "read workspace.toml",
        "time: workspace load 12 ms",
        "time: scan 1.5 s",
    ]


def test_very_verbose_adds_the_details() -> None:
    _, err, _ = run(Verbosity.VERY_VERBOSE)

    assert "  projects/svc/pyproject.toml" in err.splitlines()
