"""Exact progress of `build-project` as it goes: the line of each ended build and
verification, the status line of what runs now (on a terminal only), and the table's seconds:
what the user waited for the row."""

from __future__ import annotations

import pytest
from cleo.io.buffered_io import BufferedIO
from cleo.io.outputs.output import Verbosity

from brickwork import packaging, report
from test.components.brickwork.report.test_build_output import ROOT, built, project


def verified(failures: int = 0, seconds: float = 12.345) -> packaging.Outcome:
    probes = tuple(
        packaging.Probe("module", f"acme.m{i}", error="" if i >= failures else "ImportError")
        for i in range(3)
    )
    outcome = built()
    verification = packaging.Verification(ROOT / "projects/svc/dist/svc.whl", probes)
    return packaging.Outcome(
        outcome.project,
        outcome.result,
        exit_code=1 if failures else 0,
        verification=verification,
        verify_seconds=seconds,
    )


def test_a_verification_ends_in_one_line_with_its_time_and_verdict() -> None:
    assert report.verify_line(verified()) == ("verified svc in 12.35 s: ✔ every module imports")
    assert report.verify_line(verified(2)) == "verified svc in 12.35 s: ✘ 2 failures"


def test_a_verification_that_could_not_run_is_its_error_in_red() -> None:
    outcome = packaging.Outcome(project("a<b"), error="pip failed <here>", exit_code=1)
    assert report.verify_line(outcome) == "<error>a\\<b: pip failed \\<here></>"


def test_the_status_names_what_builds_and_what_verifies_now_and_how_many_are_done() -> None:
    assert report.build_status(["api", "web"], ["svc"], 1, 4) == (
        "building api, web… verifying svc… (1/4 done)"
    )
    assert report.build_status([], ["svc"], 3, 4) == "verifying svc… (3/4 done)"
    assert report.build_status([], [], 4, 4) == ""


def test_the_table_counts_the_build_and_the_verification_of_the_row() -> None:
    lines = report.build_summary([verified(seconds=12.0)], ROOT)
    assert lines[1].split()[4] == "12.21"  # 0.213 s building + 12.0 s verifying
    assert verified(seconds=12.0).seconds == 0.213 + 12.0


def test_the_table_of_a_build_without_verification_shows_the_build_time() -> None:
    assert report.build_summary([built()], ROOT)[1].split()[4] == "0.21"


def live(verbosity: Verbosity = Verbosity.NORMAL) -> tuple[BufferedIO, report.Progress]:
    io = BufferedIO()
    io.set_verbosity(verbosity)
    return io, report.Progress(io, live=True)


def test_on_a_terminal_the_status_is_one_line_rewritten_in_place_and_cleared_for_lines() -> None:
    io, progress = live()
    progress.status("building svc…")
    progress.status("verifying svc…")
    progress.line("[1/1] built svc in 0.21 s")
    progress.status("")
    blank = "\r" + " " * 16  # `verifying svc...` where a terminal lacks `…`
    assert io.fetch_error() == (
        "\rbuilding svc…"
        "\r               \rverifying svc…"
        f"{blank}\r[1/1] built svc in 0.21 s\n"
        "\rverifying svc…"
        f"{blank}\r"
    )


def test_the_status_escapes_user_text_and_is_shorter_than_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "12")
    io, progress = live()
    progress.status("building <svc>, api, web…")
    assert io.fetch_error() == "\rbuilding <…"  # 11 characters: the escaped `<` shows as one


def test_when_stderr_is_not_a_terminal_there_is_no_status_line() -> None:
    io = BufferedIO()
    progress = report.Progress(io)
    progress.status("building svc…")
    progress.line("[1/1] built svc in 0.21 s")
    progress.status("")
    assert io.fetch_error() == "[1/1] built svc in 0.21 s\n"


def test_quiet_silences_the_status_and_keeps_a_line_given_the_quiet_verbosity() -> None:
    io, progress = live(Verbosity.QUIET)
    progress.status("building svc…")
    progress.line("[1/1] built svc")
    progress.line("<error>[1/1] svc: no lock</>", Verbosity.QUIET)
    progress.status("")
    assert io.fetch_error() == "[1/1] svc: no lock\n"
