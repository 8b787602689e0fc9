from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from brickwork import runs, workspace
from brickwork.runs import process as process_module

# test runner workers have threads; the copies here only compute and exit
pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded:DeprecationWarning"
)


@pytest.fixture
def forkable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`beside` forks here as it does in a one-thread `poetry` process on two cores (a test
    worker runs threads of its own)."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(process_module, "single_threaded", lambda: True)
    monkeypatch.setattr(process_module, "usable_cpus", lambda: 2)
    yield


def test_work_beside_runs_in_a_forked_copy_and_gives_its_result(forkable: None) -> None:
    with runs.beside(lambda: (os.getpid(), [1, "two", Path("/x")])) as pending:
        pid, data = pending.result()

    assert pending.forked is False  # taken: nothing left to wait for
    assert pid != os.getpid()
    assert data == [1, "two", Path("/x")]
    assert pending.result() == (pid, data)  # once: not computed again


def test_without_fork_the_work_is_done_here_when_its_result_is_taken() -> None:
    done: list[int] = []

    def work() -> int:
        done.append(os.getpid())
        return 7

    with runs.beside(work, fork=False) as pending:
        assert not pending.forked
        assert done == []
        assert pending.result() == 7

    assert done == [os.getpid()]


def test_what_the_copy_reads_is_noted_in_the_running_recording(
    tmp_path: Path, forkable: None
) -> None:
    before, read = tmp_path / "before.txt", tmp_path / "read.txt"
    before.write_text("a", "utf-8")
    read.write_text("b", "utf-8")

    def work() -> str:
        runs.note_input(read)
        runs.note_input(tmp_path / "missing")
        return read.read_text("utf-8")

    with runs.recording() as inputs:
        runs.note_input(before)
        with runs.beside(work) as pending:
            assert pending.forked
            assert pending.result() == "b"

    assert list(inputs.stats) == [str(before), str(read), str(tmp_path / "missing")]
    assert inputs.stats[str(tmp_path / "missing")] is None


def test_a_failure_in_the_copy_is_raised_here_as_without_a_copy(forkable: None) -> None:
    calls: list[int] = []

    def work() -> int:
        calls.append(os.getpid())
        raise workspace.PolyError("bad settings in workspace.toml")

    with (
        pytest.raises(workspace.PolyError, match="bad settings"),
        runs.beside(work) as pending,
    ):
        pending.result()

    assert calls == [os.getpid()]  # the copy's call is not seen here: this one is


def test_leaving_the_block_without_the_result_stops_the_copy(forkable: None) -> None:
    import time

    with runs.beside(lambda: time.sleep(30)) as pending:
        assert pending.forked
        pid = pending._child[0] if pending._child else 0

    started = time.monotonic()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped
    assert time.monotonic() - started < 5
