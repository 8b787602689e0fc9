"""What `tag`, `test` and `diff` leave behind when git or the environment fails: one line, the
documented exit code (2: could not run; 1: ran and failed), never "no changes", and nothing
half-made: no local tag without its push, no remote tag changed, the work tree byte-identical.

Every case uses real git: a bare "remote", `git clone --depth 1 file://…`, a remote whose
pre-receive hook declines, a repository object deleted from disk; and a real venv without
pytest for `test`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo, git_env
from test.robustness.test_bad_input import tree
from test.robustness.test_bad_input_git import committed


@dataclass(frozen=True)
class Scene:
    """Where the command runs, and the bare remote whose tags must not change (if any)."""

    cwd: Path
    remote: Path | None = None


Setup = Callable[[WorkspaceFactory, Path], Scene]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    command: str
    args: str = ""
    exit_code: int = 2
    patterns: tuple[str, ...] = ()


def bare_remote(tmp: Path, name: str = "remote.git") -> GitRepo:
    remote = GitRepo(tmp / name)
    remote.root.mkdir()
    remote.git("init", "--quiet", "--bare", "--initial-branch=main")
    return remote


def published(ws: WorkspaceFactory, tmp: Path) -> tuple[GitRepo, GitRepo]:
    """The workspace tagged stable-1 and stable-2, one commit later, all pushed to a bare
    `origin`."""
    repo = committed(ws)
    repo.commit("two", {"components/acme/log/core.py": "X = 2\n"})
    repo.tag("stable-2")
    repo.commit("three", {"components/acme/log/core.py": "X = 3\n"})
    remote = bare_remote(tmp)
    repo.git("remote", "add", "origin", remote.root.as_uri())
    repo.git("push", "--quiet", "--tags", "origin", "HEAD:refs/heads/main")
    return repo, remote


def shallow_clone(ws: WorkspaceFactory, tmp: Path) -> Scene:
    """CI's checkout: one commit, no tags, of a remote that has stable-1 and stable-2."""
    _repo, remote = published(ws, tmp)
    clone = remote.shallow_clone(tmp / "ci")
    assert clone.tags() == []
    return Scene(clone.root, remote.root)


def remote_has_the_next_tag(ws: WorkspaceFactory, tmp: Path) -> Scene:
    """A full clone that lacks the remote's newest tag: `tag` proposes stable-2 again."""
    repo, remote = published(ws, tmp)
    repo.git("tag", "--delete", "stable-2")
    return Scene(repo.root, remote.root)


def unreachable_remote(ws: WorkspaceFactory, tmp: Path) -> Scene:
    repo = committed(ws)
    repo.git("remote", "add", "origin", (tmp / "gone.git").as_uri())
    return Scene(repo.root)


def no_remote(ws: WorkspaceFactory, _tmp: Path) -> Scene:
    return Scene(committed(ws).root)


def remote_hook_declines(ws: WorkspaceFactory, tmp: Path) -> Scene:
    """A remote whose pre-receive hook refuses every push, saying why."""
    repo, remote = published(ws, tmp)
    hook = remote.root / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'tags are frozen until the release is out' >&2\nexit 1\n")
    hook.chmod(0o755)
    return Scene(repo.root, remote.root)


def dirty_tree_with_remote(ws: WorkspaceFactory, tmp: Path) -> Scene:
    repo, remote = published(ws, tmp)
    ws.write("components/acme/log/core.py", "X = 'edited'\n")
    return Scene(repo.root, remote.root)


def development_venv_without_pytest(ws: WorkspaceFactory, _tmp: Path) -> Scene:
    """A committed workspace with tests, whose `.venv` is a real venv lacking pytest."""
    committed(ws)
    ws.write("test/components/acme/log/test_log.py", "def test_log():\n    assert True\n")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(ws.root / ".venv")], check=True
    )
    return Scene(ws.root)


def lock_object_missing(ws: WorkspaceFactory, _tmp: Path) -> Scene:
    """The lock file changed since stable-1, and git lost the old version's object (a broken
    or partial clone): the change cannot be measured."""
    repo = committed(ws)
    ws.write("poetry.lock", "# old\n")
    repo.commit("lock")
    repo.git("tag", "--force", "stable-1")
    blob = repo.git("rev-parse", "stable-1:poetry.lock").strip()
    ws.write("poetry.lock", "# new\n")
    repo.commit("relock")
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    return Scene(repo.root)


def corrupt_index(ws: WorkspaceFactory, _tmp: Path) -> Scene:
    repo = committed(ws)
    repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    (repo.root / ".git" / "index").write_bytes(b"DIRC not really an index")
    return Scene(repo.root)


SHALLOW = (r"^nothing tagged: the next 'stable-\*' tag cannot be known here", r"--unshallow")
PUSH_FAILED = r"^pushing tag 'stable-\d' to 'origin' failed: "
DELETED = r"the local tag was deleted, nothing was tagged\.$"
NO_PYTEST = (
    r"^pytest is not installed in the environment at .*/\.venv; ",
    r"`poetry add --group dev pytest`",
)

CASES = [
    Case("tag-shallow-clone", shallow_clone, "poly tag", patterns=SHALLOW),
    Case("tag-dry-run-shallow-clone", shallow_clone, "poly tag", "--dry-run", patterns=SHALLOW),
    Case("tag-push-shallow-clone", shallow_clone, "poly tag", "--push", patterns=SHALLOW),
    Case(
        "tag-push-remote-has-the-tag",
        remote_has_the_next_tag,
        "poly tag",
        "--push",
        patterns=(
            PUSH_FAILED,
            r"! \[rejected\] stable-2 -> stable-2 \(already exists\); failed to push some refs",
            r"nothing was tagged; `git fetch --tags` shows the remote's tags\.$",
        ),
    ),
    Case(
        "tag-push-unreachable-remote",
        unreachable_remote,
        "poly tag",
        "--push",
        patterns=(PUSH_FAILED, r"gone\.git' does not appear to be a git repository", DELETED),
    ),
    Case(
        "tag-push-no-origin",
        no_remote,
        "poly tag",
        "--push",
        patterns=(PUSH_FAILED, r"'origin' does not appear to be a git repository", DELETED),
    ),
    Case(
        "tag-push-hook-declines",
        remote_hook_declines,
        "poly tag",
        "--push",
        patterns=(
            PUSH_FAILED,
            r"tags are frozen until the release is out",
            r"\[remote rejected\] stable-3 -> stable-3 \(pre-receive hook declined\)",
            DELETED,
        ),
    ),
    Case(
        "tag-push-dirty-tree",
        dirty_tree_with_remote,
        "poly tag",
        "--push",
        exit_code=1,
        patterns=(r"uncommitted changes",),
    ),
    Case(
        "test-without-pytest",
        development_venv_without_pytest,
        "poly test",
        "--all --no-check",
        patterns=NO_PYTEST,
    ),
    Case(
        "test-in-project-without-pytest",
        development_venv_without_pytest,
        "poly test",
        "--all --no-check --in-project",
        patterns=NO_PYTEST,
    ),
    Case(
        "diff-lock-object-missing",
        lock_object_missing,
        "poly diff",
        patterns=(r"^`git cat-file blob [0-9a-f]{40}` failed in ",),
    ),
    Case(
        "test-lock-object-missing",
        lock_object_missing,
        "poly test",
        "--list",
        patterns=(r"^`git cat-file blob [0-9a-f]{40}` failed in ",),
    ),
    Case("diff-corrupt-index", corrupt_index, "poly diff", patterns=(r"index",)),
    Case("test-corrupt-index", corrupt_index, "poly test", "--list", patterns=(r"index",)),
]


def tags(folder: Path | None) -> list[str]:
    """Every tag of a repository with the commit it names."""
    if folder is None:
        return []
    done = subprocess.run(
        ["git", "-c", "safe.directory=*", "for-each-ref", "--format=%(refname) %(objectname)"],
        cwd=folder,
        env=git_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(line for line in done.stdout.splitlines() if line.startswith("refs/tags/"))


def files(folder: Path) -> dict[str, str]:
    return {k: v for k, v in tree(folder).items() if not k.startswith((".git/", ".venv/"))}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_failing_git_or_environment_gives_one_line_and_leaves_nothing_behind(
    case: Case, make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    scene = case.setup(make_workspace(), tmp_path)
    before = (files(scene.cwd), tags(scene.cwd), tags(scene.remote))

    result = poly(case.command, case.args, cwd=scene.cwd)

    assert "Traceback" not in result.stderr + result.stdout
    assert (result.exit_code, result.stdout) == (case.exit_code, ""), result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for pattern in case.patterns:
        assert re.search(pattern, lines[0]), (pattern, lines[0])
    assert (files(scene.cwd), tags(scene.cwd), tags(scene.remote)) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
@pytest.mark.parametrize(("command", "args"), [("poly diff", ""), ("poly tag", "--dry-run")])
def test_a_repository_git_refuses_to_read_is_quoted_with_git_s_fix_not_called_no_repository(
    command: str, args: str, make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    committed(ws)
    for folder, subfolders, names in os.walk(ws.root):
        for name in [*subfolders, *names]:
            os.lchown(Path(folder, name), 4321, 4321)
    os.chown(ws.root, 4321, 4321)

    result = poly(command, args, cwd=ws.root)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"git cannot read the repository holding {ws.root}: detected dubious ownership in "
        f"repository at '{ws.root}'; run `git config --global --add safe.directory "
        f"{ws.root}`\n"
    )


def test_a_successful_push_leaves_the_same_tag_on_both_sides(
    make_workspace: MakeWorkspace, poly: PolyRunner, tmp_path: Path
) -> None:
    repo, remote = published(make_workspace(), tmp_path)

    result = poly("poly tag", "--push", cwd=repo.root)

    assert (result.exit_code, result.stdout, result.stderr) == (0, "stable-3\n", "")
    assert tags(repo.root) == tags(remote.root)
    assert f"refs/tags/stable-3 {repo.head()}" in tags(remote.root)
