"""Bad input for the commands that read git or write project files (diff, test, tag, sync):
one clear line, the documented exit code, no traceback, the work tree byte-identical."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo
from test.robustness.test_bad_input import tree

#: (factory, repository or None) -> the folder the command runs in.
Setup = Callable[[WorkspaceFactory, Path], Path]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    command: str
    args: str = ""
    exit_code: int = 2
    pattern: str = ""


def committed(ws: WorkspaceFactory) -> GitRepo:
    """The workspace with a base, a component and a project, committed and tagged."""
    ws.component("log")
    ws.base("api", files={"core.py": "from acme import log\n"})
    ws.project("svc", ["api", "log"])
    repo = GitRepo.init(ws.root)
    repo.commit("initial")
    repo.tag("stable-1")
    return repo


def in_repo(ws: WorkspaceFactory, _tmp: Path) -> Path:
    committed(ws)
    return ws.root


def no_tags(ws: WorkspaceFactory, _tmp: Path) -> Path:
    repo = committed(ws)
    repo.git("tag", "-d", "stable-1")
    return ws.root


def not_a_repository(ws: WorkspaceFactory, _tmp: Path) -> Path:
    ws.component("log")
    return ws.root


def shallow(ws: WorkspaceFactory, tmp: Path) -> Path:
    repo = committed(ws)
    repo.commit("later", {"components/acme/log/core.py": "X = 1\n"})
    clone = repo.shallow_clone(tmp / "shallow")
    return clone.root


def dirty(ws: WorkspaceFactory, _tmp: Path) -> Path:
    committed(ws)
    ws.write("components/acme/log/__init__.py", "DIRTY = 1\n")
    return ws.root


def read_only_project(ws: WorkspaceFactory, _tmp: Path) -> Path:
    committed(ws)
    ws.component("extra")  # the development project now needs an include sync would add...
    ws.project("svc", ["api"])  # ...and svc lacks log, which api imports
    (ws.root / "projects/svc/pyproject.toml").chmod(0o444)
    return ws.root


def git_missing(ws: WorkspaceFactory, _tmp: Path) -> Path:
    committed(ws)
    return ws.root


CASES = [
    Case("diff-unknown-ref", in_repo, "poly diff", "--since nope-42", pattern=r"nope-42"),
    Case("diff-unknown-sha", in_repo, "poly diff", "--since deadbeef1234", pattern=r"deadbeef"),
    Case("diff-no-matching-tag", no_tags, "poly diff", pattern=r"stable-\*"),
    Case("diff-unknown-pattern-key", in_repo, "poly diff", "--since nightly", pattern=r"nightly"),
    Case("diff-not-a-repository", not_a_repository, "poly diff", pattern=r"git"),
    Case("diff-shallow-clone", shallow, "poly diff", pattern=r"fetch"),
    Case("diff-bad-output", in_repo, "poly diff", "--output yaml", pattern=r"--output 'yaml'"),
    Case("test-unknown-ref", in_repo, "poly test", "--since nope-42 --list", pattern=r"nope-42"),
    Case("test-shallow-clone", shallow, "poly test", "--list", pattern=r"fetch"),
    Case("test-unknown-brick", in_repo, "poly test", "--bricks nope --list", pattern=r"nope"),
    Case("test-not-a-repository", not_a_repository, "poly test", "--list", pattern=r"git"),
    Case("tag-dirty-tree", dirty, "poly tag", "", exit_code=1, pattern=r"uncommitted"),
    Case("tag-unknown-key", in_repo, "poly tag", "nightly --dry-run", pattern=r"nightly"),
    Case("tag-not-a-repository", not_a_repository, "poly tag", "--dry-run", pattern=r"git"),
    Case("sync-unknown-project", in_repo, "poly sync", "--projects nope", pattern=r"nope"),
    Case(
        "sync-read-only-project-file",
        read_only_project,
        "poly sync",
        pattern=r"projects/svc/pyproject\.toml",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_git_or_write_input_gives_one_clear_line_and_changes_nothing(
    case: Case,
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    cwd = case.setup(make_workspace(), tmp_path)
    before = {k: v for k, v in tree(cwd).items() if not k.startswith(".git/")}

    result = poly(case.command, case.args, cwd=cwd)

    assert "Traceback" not in result.stderr + result.stdout
    assert result.exit_code == case.exit_code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.search(case.pattern, lines[0]), lines[0]
    after = {k: v for k, v in tree(cwd).items() if not k.startswith(".git/")}
    assert after == before


def test_diff_without_git_on_the_path_fails_with_exit_2(
    make_workspace: MakeWorkspace, poly: PolyRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace()
    committed(ws)
    git = shutil.which("git")
    assert git is not None
    monkeypatch.setenv("PATH", "/nonexistent")

    result = poly("poly diff", "", cwd=ws.root)

    assert result.exit_code == 2
    assert "git" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
