"""`tag_head` and what git reads for a change set, against real repositories: a bare remote,
a shallow clone, a remote hook that declines, an object git has lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brickwork import changes, workspace
from test.components.brickwork.changes.conftest import GitWorkspace
from test.gitrepo import GitRepo


def bare_remote(repo: GitRepo, tmp_path: Path, hook: str | None = None) -> GitRepo:
    """A bare `origin` of `repo` holding its branch and tags; `hook`: its pre-receive script."""
    remote = GitRepo(tmp_path / "remote.git")
    remote.root.mkdir()
    remote.git("init", "--quiet", "--bare", "--initial-branch=main")
    repo.git("remote", "add", "origin", remote.root.as_uri())
    repo.git("push", "--quiet", "--tags", "origin", "HEAD:refs/heads/main")
    if hook is not None:
        script = remote.root / "hooks" / "pre-receive"
        script.write_text(f"#!/bin/sh\n{hook}\n")
        script.chmod(0o755)
    return remote


def test_tag_head_refuses_a_shallow_clone_even_for_a_dry_run(
    git_workspace: GitWorkspace, tmp_path: Path
) -> None:
    git_workspace.repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    clone = git_workspace.repo.shallow_clone(tmp_path / "clone")
    config = git_workspace.load().config
    for create in (False, True):
        with pytest.raises(changes.GitError) as caught:
            changes.tag_head(clone.root, config, "stable", create=create, push=False)
        assert str(caught.value) == (
            "nothing tagged: the next 'stable-*' tag cannot be known here, the remote may have "
            f"newer ones; {changes.SHALLOW_HINT}."
        )
    assert clone.tags() == []


def test_tag_head_checks_the_key_before_git(git_workspace: GitWorkspace, tmp_path: Path) -> None:
    config = git_workspace.load().config
    with pytest.raises(workspace.PolyError, match="'nightly' is not a tag pattern key"):
        changes.tag_head(tmp_path, config, "nightly", create=False, push=False)


def test_a_push_the_remote_declines_deletes_the_local_tag_and_quotes_the_remote(
    git_workspace: GitWorkspace, tmp_path: Path
) -> None:
    repo = git_workspace.repo
    remote = bare_remote(repo, tmp_path, "echo 'no tags on Fridays' >&2\nexit 1")
    config = git_workspace.load().config
    with pytest.raises(changes.GitError) as caught:
        changes.tag_head(repo.root, config, "stable", create=True, push=True)
    assert caught.value.exit_code == 2
    assert str(caught.value) == (
        "pushing tag 'stable-2' to 'origin' failed: remote: no tags on Fridays; "
        "! [remote rejected] stable-2 -> stable-2 (pre-receive hook declined); "
        f"failed to push some refs to '{remote.root.as_uri()}'; "
        "the local tag was deleted, nothing was tagged."
    )
    assert repo.tags() == ["stable-1"]
    assert remote.tags() == ["stable-1"]


def test_an_interrupted_push_deletes_the_local_tag_before_the_interrupt_goes_on(
    git_workspace: GitWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_workspace.repo
    monkeypatch.setenv("BRICKWORK_TEST_PID", str(os.getpid()))
    remote = bare_remote(repo, tmp_path, 'kill -INT "$BRICKWORK_TEST_PID"\nsleep 2\nexit 1')
    config = git_workspace.load().config
    with pytest.raises(KeyboardInterrupt):
        changes.tag_head(repo.root, config, "stable", create=True, push=True)
    assert repo.tags() == ["stable-1"]
    assert remote.tags() == ["stable-1"]


def test_a_push_that_succeeds_keeps_the_tag_on_both_sides(
    git_workspace: GitWorkspace, tmp_path: Path
) -> None:
    repo = git_workspace.repo
    remote = bare_remote(repo, tmp_path)
    config = git_workspace.load().config
    assert changes.tag_head(repo.root, config, "stable", create=True, push=True) == "stable-2"
    assert repo.tags() == remote.tags() == ["stable-1", "stable-2"]


def test_a_lock_git_cannot_read_at_the_stable_point_is_a_git_error_not_a_change(
    git_workspace: GitWorkspace,
) -> None:
    repo = git_workspace.repo
    repo.commit("lock", {"poetry.lock": "# one\n"})
    repo.git("tag", "--force", "stable-1")
    blob = repo.git("rev-parse", "stable-1:poetry.lock").strip()
    repo.commit("relock", {"poetry.lock": "# two\n"})
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    with pytest.raises(changes.GitError) as caught:
        git_workspace.affected()
    assert str(caught.value).startswith(f"`git cat-file blob {blob}` failed in {repo.root}: ")


def test_a_lock_and_settings_added_since_the_stable_point_are_changes_in_a_subfolder_workspace(
    git_workspace: GitWorkspace, tmp_path: Path
) -> None:
    outer = GitRepo.init(tmp_path / "mono")
    inner = outer.root / "py"
    git_workspace.root.rename(inner)
    (inner / ".git").rename(tmp_path / "old-git")
    outer.commit("initial")
    outer.tag("stable-1")
    text = (inner / "workspace.toml").read_text()
    outer.write("py/workspace.toml", text + '\n[tool.polylith.tag.patterns]\nnightly = "n-*"\n')
    outer.write("py/poetry.lock", "[[package]]\nname = 'six'\nversion = '1.0'\n")
    moved = GitWorkspace(type(git_workspace.factory)(inner), outer)
    found = moved.affected()
    assert found.changes.settings == ("tag",)
    assert dict(found.changes.locks) == {"poetry.lock": ("six",)}
