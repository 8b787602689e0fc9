"""End to end: `diff`, `test` and `tag` through the real `poetry` executable, in real git
repositories (command names with spaces, `--` before pytest's arguments, exit codes)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from test.components.brickwork.changes.conftest import GitWorkspace, build
from test.conftest import MakeWorkspace
from test.e2e.conftest import run_poetry
from test.gitrepo import GitRepo


@pytest.fixture
def repo_ws(make_workspace: MakeWorkspace) -> GitWorkspace:
    factory = make_workspace()
    build(factory)
    factory.write("test/components/acme/user/test_user.py", "def test_ok():\n    assert True\n")
    # the venv running us does not have the workspace installed: pytest finds the bricks
    factory.write("pytest.ini", "[pytest]\npythonpath = components bases\n")
    os.symlink(Path(sys.executable).parents[1], factory.root / ".venv")
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    return GitWorkspace(factory, repo)


def test_diff_short_and_the_matrix_through_poetry(repo_ws: GitWorkspace) -> None:
    short = run_poetry("poly", "diff", "--short", cwd=repo_ws.root)
    assert (short.returncode, short.stdout) == (0, "svc\n")
    matrix = run_poetry("poly", "diff", "--output", "github-matrix", cwd=repo_ws.root)
    assert matrix.stdout == '{"include":[{"project":"svc","path":"projects/svc"}]}\n'


def test_a_shallow_clone_is_exit_2_with_one_line_through_poetry(
    repo_ws: GitWorkspace, tmp_path: Path
) -> None:
    clone = repo_ws.repo.shallow_clone(tmp_path / "clone")
    result = run_poetry("poly", "diff", "--short", cwd=clone.root)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "git fetch --tags --unshallow" in result.stderr


def test_poly_test_diff_is_the_listing_and_poly_test_runs_pytest(repo_ws: GitWorkspace) -> None:
    listing = run_poetry("poly", "test", "diff", cwd=repo_ws.root)
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.startswith("bricks with changed tests: none\n")
    run = run_poetry("poly", "test", "--", "-q", "-p", "no:cacheprovider", cwd=repo_ws.root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout


def test_poly_tag_creates_the_next_stable_tag_through_poetry(repo_ws: GitWorkspace) -> None:
    result = run_poetry("poly", "tag", cwd=repo_ws.root)
    assert (result.returncode, result.stdout) == (0, "stable-2\n")
    assert "stable-2" in repo_ws.repo.tags()
