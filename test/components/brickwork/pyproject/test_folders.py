"""`pyproject.apply_removal`: a plan that also deletes folders, all or nothing. A failure or an
interrupt at any step puts back every file's bytes and every folder; a success leaves nothing
but what the plan names (no moved-aside copy)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brickwork import pyproject
from brickwork.workspace import PolyError, PolyFailure


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "components/acme/log").mkdir(parents=True)
    (tmp_path / "components/acme/log/__init__.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "test/components/acme/log").mkdir(parents=True)
    (tmp_path / "test/components/acme/log/test_log.py").write_text("", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.poetry]\r\npackages = ["log"]\r\n')
    return tmp_path


FOLDERS = ("components/acme/log", "test/components/acme/log")


def plan(root: Path) -> pyproject.Plan:
    disk = pyproject.snapshot(root, ["pyproject.toml"])
    change = pyproject.change_to(disk, "pyproject.toml", "[tool.poetry]\npackages = []\n")
    assert change is not None
    return pyproject.Plan(root, (change,))


def test_a_removal_deletes_the_folders_and_writes_the_file_in_its_line_endings(
    root: Path,
) -> None:
    done: list[str] = []

    written = pyproject.apply_removal(plan(root), FOLDERS, lambda: done.append("index"))

    assert [c.path for c in written] == ["pyproject.toml"] and done == ["index"]
    assert tree(root) == {"pyproject.toml": b"[tool.poetry]\r\npackages = []\r\n"}
    assert sorted(os.listdir(root / "components/acme")) == []


@pytest.mark.parametrize(
    "error", [PolyError("git failed"), KeyboardInterrupt()], ids=["error", "interrupt"]
)
def test_a_failing_last_step_puts_every_file_and_folder_back(
    root: Path, error: BaseException
) -> None:
    before = tree(root)

    def finish() -> None:
        raise error

    with pytest.raises(type(error)):
        pyproject.apply_removal(plan(root), FOLDERS, finish)

    assert tree(root) == before
    assert sorted(os.listdir(root / "components/acme")) == ["log"]


def test_a_folder_gone_since_planning_refuses_before_anything_is_done(root: Path) -> None:
    planned = plan(root)
    (root / "test/components/acme/log/test_log.py").unlink()
    (root / "test/components/acme/log").rmdir()
    before = tree(root)

    with pytest.raises(PolyFailure, match="vanished while planning; nothing was removed"):
        pyproject.apply_removal(planned, FOLDERS)

    assert tree(root) == before


def test_a_linked_folder_loses_its_link_and_keeps_its_target(root: Path, tmp_path: Path) -> None:
    target = tmp_path.parent / f"{tmp_path.name}-target"
    target.mkdir()
    (target / "keep.py").write_text("KEEP = 1\n", encoding="utf-8")
    (root / "components/acme/ext").symlink_to(target)

    pyproject.apply_removal(pyproject.Plan(root), ["components/acme/ext"])

    assert not os.path.lexists(root / "components/acme/ext")
    assert (target / "keep.py").read_text(encoding="utf-8") == "KEEP = 1\n"
