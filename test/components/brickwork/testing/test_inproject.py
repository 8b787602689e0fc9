from __future__ import annotations

import sys
from pathlib import Path

import pytest

from brickwork import testing, workspace
from test.components.brickwork.changes.conftest import build
from test.conftest import MakeWorkspace


def test_split_by_project_gives_each_project_the_tests_of_its_bricks_and_its_own(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace()
    build(factory)
    factory.write("test/components/acme/other/test_other.py", "")
    factory.write("projects/svc/tests/test_svc.py", "")
    ws = workspace.load(factory.root)
    selection = testing.select_tests(ws, None, everything=True)
    groups, outside = testing.split_by_project(ws, selection)
    assert [(g.project.name, [ws.relative(t.path) for t in g.targets]) for g in groups] == [
        ("svc", ["test/components/acme/log", "projects/svc/tests"]),
        ("tool", ["test/components/acme/other"]),
    ]
    assert outside == ()
    svc = ws.project("svc")
    assert svc is not None
    groups, outside = testing.split_by_project(ws, selection, (svc,))
    assert [g.project.name for g in groups] == ["svc"]
    assert outside == ("other",)


def test_env_key_changes_with_the_lock_the_python_the_wheel_and_the_pins(
    tmp_path: Path,
) -> None:
    lock = tmp_path / "poetry.lock"
    lock.write_text("package = []\n")
    key = testing.env_key(lock, "3.11.7", "aa", "")
    assert key == testing.env_key(lock, "3.11.7", "aa", "")
    others = {
        testing.env_key(lock, "3.12.1", "aa", ""),
        testing.env_key(lock, "3.11.7", "bb", ""),
        testing.env_key(lock, "3.11.7", "aa", "x==1\n"),
    }
    lock.write_text("package = [] # changed\n")
    others.add(testing.env_key(lock, "3.11.7", "aa", ""))
    assert key not in others
    assert len(others) == 4


@pytest.mark.parametrize(
    ("codes", "combined"),
    [((0, 0), 0), ((0, 5), 0), ((5, 5), 5), ((5, 1, 2), 1), ((), 0)],
)
def test_combined_exit_is_the_first_failure_and_no_tests_only_when_none_ran(
    codes: tuple[int, ...], combined: int
) -> None:
    assert testing.combined_exit(codes) == combined


def test_an_isolated_pytest_command_keeps_the_development_paths_out(tmp_path: Path) -> None:
    target = testing.SelectedFolder(tmp_path / "test" / "x", ("--all",))
    command = testing.pytest_command(
        Path(sys.executable), tmp_path, [target], ["-q"], isolated=True
    )
    assert command[1:] == ["-I", "-m", "pytest", "-o", "pythonpath=", "test/x", "-q"]
