"""`poly test` in environments that cannot run the tests: each case is one line on stderr,
exit 2 ("could not run"), pytest never started (no `.pytest_cache`, nothing on stdout), and the
workspace tree byte-identical afterwards. Both themes, both project styles."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.components.brickwork.poly_runs import LAYOUTS
from test.components.brickwork.testing.dev_venv import make_venv
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.robustness.test_bad_input import tree

Setup = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    pattern: str


def not_installed(root: Path) -> None:
    make_venv(root)


def no_pytest_nor_project(root: Path) -> None:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / ".venv")], check=True)


def failing_shim(root: Path) -> None:
    """The venv's python is a version manager's shim whose Python is gone."""
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\necho \"pyenv: version '3.9.1' is not installed\" >&2\nexit 1\n")
    python.chmod(0o755)


def base_python_removed(root: Path) -> None:
    """The venv's python links to an interpreter that was uninstalled."""
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.symlink_to(root / "gone" / "python3.9")


def silent_stub(root: Path) -> None:
    """The venv's python is a stub that exits 0 whatever it is asked."""
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\nexit 0\n")
    python.chmod(0o755)


def not_a_python(root: Path) -> None:
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("not an interpreter\n")
    python.chmod(python.stat().st_mode | stat.S_IXUSR)


CASES = [
    Case(
        "project-not-installed",
        not_installed,
        r"the development project is not installed in \S+/\.venv \(`import acme` finds nothing "
        r"there\): run `poetry install`, then run again\.",
    ),
    Case(
        "empty-venv",
        no_pytest_nor_project,
        r"pytest is not installed in the environment at \S+/\.venv; add it to the development "
        r"project .*",
    ),
    Case(
        "interpreter-fails-at-startup",
        failing_shim,
        r"the Python of \S+/\.venv fails to start \(exit 1: pyenv: version '3\.9\.1' is not "
        r"installed\); repair or recreate the environment \(`poetry env remove --all`, then "
        r"`poetry install`\)\.",
    ),
    Case(
        "base-python-removed",
        base_python_removed,
        r"the virtualenv at \S+/\.venv has no working Python; recreate it \(`poetry env "
        r"remove --all`, then `poetry install`\)\.",
    ),
    Case("not-an-interpreter", not_a_python, r"cannot run \S+/\.venv/bin/python: .+"),
    Case(
        "a-stub-that-answers-nothing",
        silent_stub,
        r"the Python of \S+/\.venv fails to start \(it runs no Python code\); repair or "
        r"recreate the environment .*",
    ),
]


def workspace_with_tests(make_workspace: MakeWorkspace, theme: str, style: str) -> Path:
    ws: WorkspaceFactory = make_workspace(theme=theme, dev_style=style)
    ws.component("log", "def info(text):\n    return text\n")
    tests = "test/components/acme/log" if theme == "loose" else "components/log/test"
    ws.write(f"{tests}/test_log.py", "from acme import log\n\n\ndef test_info():\n    pass\n")
    return ws.root


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_an_environment_that_cannot_run_the_tests_is_one_line_and_exit_2(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str, case: Case
) -> None:
    root = workspace_with_tests(make_workspace, theme, style)
    case.setup(root)
    before = tree(root)

    result = poly("poly test", "--all --no-check", cwd=root)

    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert pytest_never_ran(root)
    assert re.fullmatch(case.pattern, line), line
    assert "Traceback" not in result.stderr
    assert workspace_files(root) == workspace_files_of(before)


def workspace_files_of(found: dict[str, str]) -> dict[str, str]:
    """A `tree` less the analysis cache, which every command may write (safe to delete)."""
    return {k: v for k, v in found.items() if not k.startswith(".brickwork_cache")}


def workspace_files(root: Path) -> dict[str, str]:
    return workspace_files_of(tree(root))


def pytest_never_ran(root: Path) -> bool:
    return not any(".pytest_cache" in dirs for _, dirs, _ in os.walk(root))
