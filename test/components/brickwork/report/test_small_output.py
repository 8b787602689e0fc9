"""Exact output of the small helpers: timings, verbosity levels, plan hunks, ASCII marks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cleo.io.buffered_io import BufferedIO
from cleo.io.outputs.output import Verbosity

from brickwork import report
from brickwork.pyproject import Change, ChangeKind, Plan


def timed(seconds: float) -> str:
    out = BufferedIO()
    out.set_verbosity(Verbosity.VERBOSE)
    ticks = iter((10.0, 10.0 + seconds))
    with report.Progress(out, clock=lambda: next(ticks)).phase("p"):
        pass
    return out.fetch_error()


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0.0, "0 ms"),
        (0.0004, "0 ms"),
        (0.25, "250 ms"),
        (0.999, "999 ms"),
        (1.0, "1.0 s"),
        (1.04, "1.0 s"),
        (12.36, "12.4 s"),
    ],
)
def test_a_phase_is_timed_in_milliseconds_below_a_second_and_seconds_from_it(
    seconds: float, shown: str
) -> None:
    assert timed(seconds) == f"time: p {shown}\n"


def test_verbose_lines_escape_user_text_and_details_wait_for_very_verbose() -> None:
    out = BufferedIO()
    out.set_verbosity(Verbosity.VERBOSE)
    progress = report.Progress(out)

    progress.verbose("read <b>x</b>")
    progress.very_verbose("detail")
    progress.note("n")

    assert out.fetch_error() == "read <b>x</b>\nnote: n\n"


def test_very_verbose_details_are_escaped() -> None:
    out = BufferedIO()
    out.set_verbosity(Verbosity.VERY_VERBOSE)

    report.Progress(out).very_verbose("<info>x")

    assert out.fetch_error() == "<info>x\n"


def test_a_phase_that_raises_is_still_timed() -> None:
    out = BufferedIO()
    ticks = iter((1.0, 3.0))
    progress = report.Progress(out, clock=lambda: next(ticks))

    with pytest.raises(KeyError), progress.phase("boom"):
        raise KeyError("x")

    assert progress.timings == [("boom", 2.0)]
    assert out.fetch_error() == ""


def test_plan_diff_takes_the_lines_of_context_asked_for() -> None:
    change = Change("f", "1\n2\n3\nX\n5\n6\n7\n", ChangeKind.UPDATE, "1\n2\n3\n4\n5\n6\n7\n")

    assert report.plan_diff([change], context=1) == [
        "--- a/f",
        "+++ b/f",
        "@@ -3,3 +3,3 @@",
        " 3",
        "-4",
        "+X",
        " 5",
    ]
    assert report.plan_diff([change])[2] == "@@ -1,7 +1,7 @@"


def test_a_dry_run_shows_one_line_of_context_around_each_change() -> None:
    change = Change("f", "1\n2\n3\nX\n5\n6\n7\n", ChangeKind.UPDATE, "1\n2\n3\n4\n5\n6\n7\n")

    assert report.plan_lines(Plan(Path("/ws"), (change,)), dry_run=True) == [
        "would update f",
        "    @@ -3,3 +3,3 @@",
        "     3",
        "    -4",
        "    +X",
        "     5",
    ]


def test_ascii_marks_are_the_documented_replacements() -> None:
    assert report.ASCII_MARKS == {
        "✔": "ok",
        "✘": "x",
        "·": ".",
        "→": "->",
        "←": "<-",
        "\u00d7": "x",
        "…": "...",
        "—": "-",
        "\u2013": "-",
        "│": "|",
    }


def test_a_latin1_stream_writes_ascii_for_every_mark_it_cannot_encode() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="latin-1")

    assert report.fit_stream(stream) is True
    stream.write("→ ← … — \u2013 │ \u00d7 é ✔")
    stream.flush()

    assert raw.getvalue().decode("latin-1") == "-> <- ... - - | \u00d7 é ok"


def test_a_stream_with_an_unknown_encoding_is_made_to_write_ascii_marks() -> None:
    class Odd:
        encoding = "no-such-codec"
        errors = "strict"

        def reconfigure(self, errors: str) -> None:
            self.errors = errors

    odd = Odd()

    assert report.fit_stream(odd) is True
    assert odd.errors == "brickwork-marks"


def test_a_stream_without_an_encoding_counts_as_utf8() -> None:
    class Bare:
        encoding = None

    assert report.fit_stream(Bare()) is False


def test_the_marks_handler_leaves_decoding_errors_alone() -> None:
    raw = io.BytesIO()
    report.fit_stream(io.TextIOWrapper(raw, encoding="ascii"))

    with pytest.raises(UnicodeDecodeError):
        b"\xff".decode("ascii", errors="brickwork-marks")
