from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import pyproject, workspace
from brickwork.pyproject import Change, ChangeKind, Plan


def test_snapshot_reads_files_and_folders_it_is_asked_about(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("", encoding="utf-8")

    disk = pyproject.snapshot(tmp_path, ["a.txt", "empty", "full", "missing"])

    assert disk.text("a.txt") == "hello"
    assert disk.text("missing") is None and not disk.exists("missing")
    assert disk.is_empty_dir("empty") and not disk.is_empty_dir("full")
    assert disk.exists("full") and disk.text("full") is None
    with pytest.raises(KeyError, match="was not read into this snapshot"):
        disk.exists("other")


def test_apply_plan_writes_every_change_and_returns_them(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("old\n", encoding="utf-8")
    plan = Plan(
        tmp_path,
        (
            Change("a/b/new.py", "x = 1\n"),
            Change("pyproject.toml", "new\n", ChangeKind.UPDATE, "old\n"),
        ),
    )

    written = pyproject.apply_plan(plan)

    assert written == plan.changes
    assert (tmp_path / "a/b/new.py").read_text(encoding="utf-8") == "x = 1\n"
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == "new\n"


def test_apply_plan_never_writes_over_a_file_that_appeared_since_planning(tmp_path: Path) -> None:
    (tmp_path / "new.py").write_text("mine\n", encoding="utf-8")
    plan = Plan(tmp_path, (Change("other.py", "x\n"), Change("new.py", "theirs\n")))

    with pytest.raises(workspace.PolyFailure, match=r"new\.py appeared while planning") as err:
        pyproject.apply_plan(plan)

    assert err.value.exit_code == 1
    assert (tmp_path / "new.py").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "other.py").exists()


def test_apply_plan_refuses_to_update_a_file_changed_since_planning(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("edited\n", encoding="utf-8")
    plan = Plan(tmp_path, (Change("pyproject.toml", "new\n", ChangeKind.UPDATE, "old\n"),))

    with pytest.raises(workspace.PolyFailure, match=r"pyproject\.toml changed while planning"):
        pyproject.apply_plan(plan)

    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == "edited\n"


def test_apply_plan_puts_everything_back_when_a_write_fails(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("old\n", encoding="utf-8")
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    plan = Plan(
        tmp_path,
        (
            Change("pyproject.toml", "new\n", ChangeKind.UPDATE, "old\n"),
            Change("components/acme/x/__init__.py", ""),
            Change("blocker/file.py", ""),
        ),
    )

    with pytest.raises(workspace.PolyError, match="cannot write"):
        pyproject.apply_plan(plan)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "pyproject.toml"]
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == "old\n"


def test_change_describes_itself_and_its_diff() -> None:
    new = Change("components/acme/x/core.py", "")
    update = Change("pyproject.toml", "a\nb\nc\n", ChangeKind.UPDATE, "a\nc\n")

    assert new.describe() == "created components/acme/x/core.py"
    assert new.describe(dry_run=True) == "would create components/acme/x/core.py"
    assert update.describe() == "updated pyproject.toml"
    assert update.describe(dry_run=True) == "would update pyproject.toml"
    assert new.diff() == []
    assert update.diff()[2:] == ["@@ -1,2 +1,3 @@", " a", "+b", " c"]
