from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from brickwork import pyproject, workspace
from brickwork.pyproject import Change, ChangeKind, Plan
from test.conftest import MakeWorkspace


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


def test_apply_plan_redoes_an_update_on_a_file_changed_since_planning(tmp_path: Path) -> None:
    (tmp_path / "list.txt").write_text("a\nz\n", encoding="utf-8")

    def redo(text: str) -> str:
        return text + "b\n"

    plan = Plan(tmp_path, (Change("list.txt", "a\nb\n", ChangeKind.UPDATE, "a\n", redo),))

    written = pyproject.apply_plan(plan)

    assert (tmp_path / "list.txt").read_text(encoding="utf-8") == "a\nz\nb\n"
    assert written[0].before == "a\nz\n" and written[0].content == "a\nz\nb\n"


def test_apply_plan_refuses_a_read_only_file_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "pyproject.toml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o444)
    plan = Plan(
        tmp_path,
        (Change("new.py", "x\n"), Change("pyproject.toml", "new\n", ChangeKind.UPDATE, "old\n")),
    )

    with pytest.raises(workspace.PolyError, match=r"pyproject\.toml is read-only") as err:
        pyproject.apply_plan(plan)

    assert err.value.exit_code == 2
    assert target.read_text(encoding="utf-8") == "old\n"
    assert target.stat().st_mode & 0o777 == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pyproject.toml"]


def test_write_atomic_never_replaces_a_read_only_file(tmp_path: Path) -> None:
    target = tmp_path / "info.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o444)
    inode = target.stat().st_ino

    with pytest.raises(workspace.PolyError, match="read-only"):
        pyproject.write_atomic(target, "new\n")

    assert target.stat().st_ino == inode


CREATE = """\
import pathlib, sys, time
from brickwork import pyproject, scaffold, workspace

root, name = pathlib.Path(sys.argv[1]), sys.argv[2]
ws = workspace.load(root)
kind = workspace.BrickKind.COMPONENT
disk = pyproject.snapshot(ws.root, scaffold.brick_paths(ws, kind, name))
plan = scaffold.plan_brick(ws, disk, kind, name)
go = root / "go"
while not go.exists():  # every process plans from the same text before any applies
    time.sleep(0.01)
pyproject.apply_plan(plan)
"""


def test_concurrent_creates_each_add_their_include(make_workspace: MakeWorkspace) -> None:
    factory = make_workspace()
    names = [f"brick{i}" for i in range(6)]
    runs = [
        subprocess.Popen([sys.executable, "-c", CREATE, str(factory.root), name]) for name in names
    ]
    time.sleep(1.0)
    (factory.root / "go").write_text("", encoding="utf-8")

    assert [run.wait(timeout=60) for run in runs] == [0] * len(names)
    listed = workspace.load(factory.root).development
    assert listed is not None
    assert sorted(listed.bricks) == names


def test_apply_plan_puts_back_the_exact_bytes_of_a_file_with_mixed_line_endings(
    tmp_path: Path,
) -> None:
    original = b"a = 1\r\nb = 2\r\nc = 3\n"
    (tmp_path / "pyproject.toml").write_bytes(original)
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    plan = Plan(
        tmp_path,
        (
            Change(
                "pyproject.toml",
                "a = 1\nb = 2\nc = 4\n",
                ChangeKind.UPDATE,
                "a = 1\nb = 2\nc = 3\n",
            ),
            Change("blocker/file.py", ""),
        ),
    )

    with pytest.raises(workspace.PolyError, match="cannot write"):
        pyproject.apply_plan(plan)

    assert (tmp_path / "pyproject.toml").read_bytes() == original


def test_apply_plan_refuses_a_new_file_where_a_symbolic_link_to_nothing_sits(
    tmp_path: Path,
) -> None:
    (tmp_path / "pyproject.toml").write_text("old\n", encoding="utf-8")
    (tmp_path / "README.md").symlink_to("docs/README.md")
    plan = Plan(
        tmp_path,
        (
            Change("pyproject.toml", "new\n", ChangeKind.UPDATE, "old\n"),
            Change("README.md", "# hello\n"),
        ),
    )

    with pytest.raises(
        workspace.PolyError,
        match=r"^README\.md is a symbolic link to .*docs/README\.md, which does not exist, "
        r"where a new file goes",
    ) as err:
        pyproject.apply_plan(plan)

    assert err.value.exit_code == 2
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "pyproject.toml"]
    assert not (tmp_path / "docs").exists()


def test_apply_plan_refuses_a_new_file_in_a_folder_that_is_a_symbolic_link_to_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "acme").symlink_to(tmp_path / "elsewhere")
    plan = Plan(tmp_path, (Change("components/acme/x/__init__.py", ""),))

    with pytest.raises(
        workspace.PolyError, match=r"^components/acme is a symbolic link to .*elsewhere, which"
    ):
        pyproject.apply_plan(plan)

    assert not (tmp_path / "elsewhere").exists()
    assert (tmp_path / "components" / "acme").is_symlink()
