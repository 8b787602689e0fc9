"""Pins for the workspace write lock: one lock file per workspace, a wait that gives up with
one message, and a waiter that gets the lock soon after the other writer lets go."""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from brickwork.pyproject import write_atomic
from brickwork.pyproject.files import lock_path, workspace_lock
from brickwork.workspace import PolyError


@pytest.fixture
def other_writer(tmp_path: Path) -> Iterator[int]:
    """An open lock file of the workspace at tmp_path, as another writer holds it."""
    path = lock_path(tmp_path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        yield fd
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)


def test_the_lock_file_is_named_after_the_resolved_workspace_root(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "other").mkdir()

    path = lock_path(tmp_path / "ws")

    assert path.parent == Path(tempfile.gettempdir())
    assert re.fullmatch(r"brickwork-[0-9a-f]{20}\.lock", path.name)
    assert lock_path(tmp_path / "other" / ".." / "ws") == path
    assert lock_path(tmp_path / "other") != path


def test_the_lock_file_is_created_readable_and_writable_less_the_umask(tmp_path: Path) -> None:
    path = lock_path(tmp_path)
    path.unlink(missing_ok=True)
    old = os.umask(0o022)
    try:
        with workspace_lock(tmp_path):
            mode = path.stat().st_mode & 0o777
    finally:
        os.umask(old)
        path.unlink(missing_ok=True)

    assert mode == 0o644


def test_a_held_lock_makes_the_next_writer_give_up_after_its_wait(
    tmp_path: Path, other_writer: int
) -> None:
    fcntl.flock(other_writer, fcntl.LOCK_EX)

    started = time.monotonic()
    with pytest.raises(PolyError) as raised, workspace_lock(tmp_path, wait=0.2):
        pass

    assert time.monotonic() - started >= 0.2
    assert str(raised.value) == (
        f"another brickwork command has been writing {tmp_path} for 0 s; nothing was written. "
        "Run again when it is done."
    )


def test_a_waiting_writer_gets_the_lock_soon_after_it_is_let_go(
    tmp_path: Path, other_writer: int
) -> None:
    fcntl.flock(other_writer, fcntl.LOCK_EX)
    release = threading.Timer(0.1, fcntl.flock, (other_writer, fcntl.LOCK_UN))
    release.start()

    started = time.monotonic()
    with workspace_lock(tmp_path, wait=10):
        waited = time.monotonic() - started
    release.join()

    assert 0.05 <= waited < 0.8


def test_the_lock_of_one_workspace_does_not_hold_up_another(
    tmp_path: Path, other_writer: int
) -> None:
    fcntl.flock(other_writer, fcntl.LOCK_EX)
    other = tmp_path / "other"
    other.mkdir()

    try:
        with workspace_lock(other, wait=0):
            pass
    finally:
        lock_path(other).unlink(missing_ok=True)


def test_the_lock_is_let_go_when_the_write_is_done(tmp_path: Path, other_writer: int) -> None:
    with workspace_lock(tmp_path, wait=0):
        pass

    fcntl.flock(other_writer, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_lock_that_cannot_be_opened_is_one_message(tmp_path: Path) -> None:
    path = lock_path(tmp_path)
    path.mkdir()
    try:
        with pytest.raises(PolyError) as raised, workspace_lock(tmp_path, wait=0):
            pass
    finally:
        path.rmdir()

    assert str(raised.value) == f"{path}: cannot open the write lock (Is a directory)."


def test_write_atomic_refuses_a_read_only_file_in_one_message(tmp_path: Path) -> None:
    target = tmp_path / "pyproject.toml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o444)

    with pytest.raises(PolyError) as raised:
        write_atomic(target, "new\n")

    assert str(raised.value) == f"{target}: the file is read-only; nothing was changed."
    assert target.read_text(encoding="utf-8") == "old\n"


def test_write_atomic_names_the_file_and_the_reason_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("", encoding="utf-8")
    target = blocker / "file.txt"

    with pytest.raises(PolyError) as raised:
        write_atomic(target, "x")

    assert str(raised.value) == f"{target}: cannot write (File exists); nothing was changed."


def test_write_atomic_creates_a_new_file_readable_by_all_writable_by_the_owner(
    tmp_path: Path,
) -> None:
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "new.toml", "x = 1\n")
    finally:
        os.umask(old)

    assert (tmp_path / "new.toml").stat().st_mode & 0o777 == 0o644
