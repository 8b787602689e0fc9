"""What a newcomer types in the first hour, tried as they would: `poly tag` in a repository with
no commits yet (untracked, staged, dry run, push, in a subfolder; `diff` there too), a console
script given in a malformed way or naming a module outside the project, a mistyped command
followed by options.

Each case: setup -> command -> one line on stderr, the documented exit code (2: could not
run), no traceback, the work tree byte-identical (the analysis cache aside: safe to delete,
ignored by git) and no tag made (here or on the remote)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo
from test.robustness.test_bad_input import tree

NO_COMMITS = r".+: the repository has no commits yet: commit first, then tag\."
NOTHING_TO_COMPARE = (
    r".+: the repository has no commits yet: commit first, then tag a stable point "
    r"\(`poetry poly tag`\) to compare with\."
)

Setup = Callable[[WorkspaceFactory, Path], Path]
"""Breaks a fresh workspace; returns the folder the command runs in."""


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    command: str
    args: str = ""
    pattern: str = NO_COMMITS
    exit_code: int = 2


def bricks(ws: WorkspaceFactory) -> None:
    ws.component("log", files={"core.py": "def main() -> None:\n    pass\n"})
    ws.base("api", files={"core.py": "from acme import log\n\n\ndef main() -> None:\n    pass\n"})


def initialised(ws: WorkspaceFactory, _tmp: Path) -> Path:
    """`git init`, nothing added: the first thing a newcomer does."""
    bricks(ws)
    GitRepo.init(ws.root)
    return ws.root


def staged(ws: WorkspaceFactory, tmp: Path) -> Path:
    """Everything `git add`ed, no commit: not "uncommitted changes" (exit 1), there is no
    commit to compare with."""
    initialised(ws, tmp)
    GitRepo(ws.root).git("add", "--all")
    return ws.root


def with_remote(ws: WorkspaceFactory, tmp: Path) -> Path:
    initialised(ws, tmp)
    remote = GitRepo(tmp / "remote.git")
    remote.root.mkdir()
    remote.git("init", "--quiet", "--bare")
    GitRepo(ws.root).git("remote", "add", "origin", remote.root.as_uri())
    return ws.root


def in_subfolder(ws: WorkspaceFactory, tmp: Path) -> Path:
    initialised(ws, tmp)
    return ws.root / "components"


def workspace_only(ws: WorkspaceFactory, _tmp: Path) -> Path:
    bricks(ws)
    return ws.root


CASES = [
    Case("tag-no-commits", initialised, "poly tag"),
    Case("tag-no-commits-dry-run", initialised, "poly tag", "--dry-run"),
    Case("tag-no-commits-release", initialised, "poly tag", "release"),
    Case("tag-no-commits-staged", staged, "poly tag"),
    Case("tag-no-commits-push", with_remote, "poly tag", "--push"),
    Case("tag-no-commits-subfolder", in_subfolder, "poly tag"),
    Case("diff-no-commits", initialised, "poly diff", pattern=NOTHING_TO_COMPARE),
    Case(
        "diff-no-commits-since-head", initialised, "poly diff", "--since HEAD", NOTHING_TO_COMPARE
    ),
    Case("test-diff-no-commits", initialised, "poly test diff", pattern=NOTHING_TO_COMPARE),
    Case(
        "script-without-target",
        workspace_only,
        "poly create project",
        "--name svc --base api --script svc",
        r"--script 'svc': give NAME=module:function, .* Nothing was written\.",
    ),
    Case(
        "script-module-of-no-brick",
        workspace_only,
        "poly create project",
        "--name svc --base api --script svc=acme.other.core:main",
        r"--script svc=acme\.other\.core:main: acme\.other\.core is not a module of the "
        r"project's bricks \(api, log\); .* Nothing was written\.",
    ),
    Case(
        "script-name-with-space",
        workspace_only,
        "poly create project",
        "--name svc --base api --script 'my svc=acme.api.core:main'",
        r"--script 'my svc=acme\.api\.core:main': give NAME=module:function, .*",
    ),
    Case(
        "script-module-path",
        workspace_only,
        "poly create project",
        "--name svc --base api --script svc=bases/acme/api/core.py:main",
        r"--script 'svc=bases/acme/api/core\.py:main': the target .* is not module:function .*",
    ),
    Case(
        "typo-with-options",
        workspace_only,
        "poly",
        "buildproject --all",
        r"'poly buildproject' is not a poly command; did you mean `poly build-project`\? .*",
    ),
]


def files(root: Path) -> dict[str, str]:
    """`tree(root)` without git's own folder and the analysis cache."""
    skipped = ("/.git/", "/.brickwork_cache/")
    return {k: v for k, v in tree(root).items() if not any(s in f"/{k}" for s in skipped)}


def refs(root: Path) -> str:
    """Every ref of the repository at `root` ("" without one)."""
    if not (root / ".git").exists() and not root.name.endswith(".git"):
        return ""
    return GitRepo(root).git("for-each-ref")


@pytest.mark.parametrize(("theme", "dev_style"), [("loose", "pep621"), ("tdd", "poetry")])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_newcomers_input_is_one_line_with_its_exit_code_and_changes_nothing(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    tmp_path: Path,
    case: Case,
    theme: str,
    dev_style: str,
) -> None:
    ws = make_workspace(theme=theme, dev_style=dev_style)
    cwd = case.setup(ws, tmp_path)
    before = files(tmp_path)
    remote = tmp_path / "remote.git"

    result = poly(case.command, case.args, cwd=cwd)

    assert (result.exit_code, result.stdout) == (case.exit_code, ""), result.stderr
    [line] = result.stderr.splitlines()
    assert re.fullmatch(case.pattern, line), line
    assert "Traceback" not in result.stderr
    assert files(tmp_path) == before
    assert refs(ws.root) == ""
    if remote.exists():
        assert refs(remote) == ""


def test_after_the_first_commit_tag_makes_the_first_stable_point(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    ws = make_workspace()
    initialised(ws, tmp_path)
    refused = poly("poly tag", cwd=ws.root)
    GitRepo(ws.root).commit("first")

    tagged = poly("poly tag", cwd=ws.root)

    assert refused.exit_code == 2
    assert (tagged.exit_code, tagged.stdout) == (0, "stable-1\n")
    assert GitRepo(ws.root).tags() == ["stable-1"]
