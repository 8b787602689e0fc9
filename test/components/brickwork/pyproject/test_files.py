from __future__ import annotations

import os
from pathlib import Path

import pytest

from brickwork import pyproject
from brickwork.workspace import PolyError


def test_write_atomic_creates_parent_folders_and_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.txt"

    assert pyproject.write_atomic(target, "hello\n") is True

    assert target.read_text(encoding="utf-8") == "hello\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.txt"]


def test_write_atomic_leaves_an_identical_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("same\n", encoding="utf-8")
    os.utime(target, (1_000_000, 1_000_000))

    assert pyproject.write_atomic(target, "same\n") is False

    assert target.stat().st_mtime == 1_000_000


def test_write_atomic_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "run.sh"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o755)

    pyproject.write_atomic(target, "new\n")

    assert target.stat().st_mode & 0o777 == 0o755
    assert target.read_text(encoding="utf-8") == "new\n"


def test_write_atomic_reports_an_unwritable_target_as_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("", encoding="utf-8")

    with pytest.raises(PolyError, match=r"cannot write .* nothing was changed"):
        pyproject.write_atomic(blocker / "file.txt", "x")

    assert blocker.read_text(encoding="utf-8") == ""


def test_write_atomic_replaces_the_file_so_an_open_reader_keeps_the_old_text(
    tmp_path: Path,
) -> None:
    target = tmp_path / "pyproject.toml"
    target.write_text("old = 1\n", encoding="utf-8")
    before = target.stat().st_ino

    with target.open(encoding="utf-8") as reader:
        assert pyproject.write_atomic(target, "new = 2\n") is True
        assert reader.read() == "old = 1\n"

    assert target.read_text(encoding="utf-8") == "new = 2\n"
    assert target.stat().st_ino != before
    assert [p.name for p in tmp_path.iterdir()] == ["pyproject.toml"]
