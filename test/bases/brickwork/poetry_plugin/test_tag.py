from __future__ import annotations

import os
from pathlib import Path

import pytest

from test.components.brickwork.changes.conftest import GitWorkspace, build
from test.conftest import MakeWorkspace, PolyRunner
from test.gitrepo import GitRepo


@pytest.fixture
def repo_ws(make_workspace: MakeWorkspace) -> GitWorkspace:
    factory = make_workspace()
    build(factory)
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    return GitWorkspace(factory, repo)


def test_tag_creates_stable_1_then_counts_up(poly: PolyRunner, repo_ws: GitWorkspace) -> None:
    result = poly("poly tag", "", cwd=repo_ws.root)
    assert (result.exit_code, result.stdout) == (0, "stable-1\n")
    repo_ws.repo.commit("more", {"components/acme/log/x.py": ""})
    assert poly("poly tag", "stable", cwd=repo_ws.root).stdout == "stable-2\n"
    assert sorted(repo_ws.repo.tags()) == ["stable-1", "stable-2"]
    assert repo_ws.repo.git("rev-parse", "stable-2^{commit}") == repo_ws.repo.git(
        "rev-parse", "HEAD"
    )


def test_tag_release_bumps_the_newest_version(poly: PolyRunner, repo_ws: GitWorkspace) -> None:
    repo_ws.repo.tag("v1.4.2")
    assert poly("poly tag", "release --dry-run", cwd=repo_ws.root).stdout == "v1.4.3\n"
    assert repo_ws.repo.tags() == ["v1.4.2"]
    assert poly("poly tag", "release", cwd=repo_ws.root).stdout == "v1.4.3\n"


def test_tag_refuses_a_dirty_working_tree(poly: PolyRunner, repo_ws: GitWorkspace) -> None:
    (repo_ws.root / "components/acme/log/__init__.py").write_text("# edited\n")
    result = poly("poly tag", "", cwd=repo_ws.root)
    assert result.exit_code == 1
    assert "uncommitted changes" in result.stderr
    assert repo_ws.repo.tags() == []


def test_tag_rejects_an_unknown_key(poly: PolyRunner, repo_ws: GitWorkspace) -> None:
    result = poly("poly tag", "nightly", cwd=repo_ws.root)
    assert result.exit_code == 2
    assert "'nightly' is not a tag pattern key; use one of: release, stable" in result.stderr


def test_tag_push_sends_the_tag_to_origin(
    poly: PolyRunner, repo_ws: GitWorkspace, tmp_path: Path
) -> None:
    remote = GitRepo(tmp_path / "remote.git")
    remote.root.mkdir()
    remote.git("init", "--quiet", "--bare")
    repo_ws.repo.git("remote", "add", "origin", remote.root.as_uri())
    result = poly("poly tag", "--push", cwd=repo_ws.root)
    assert result.exit_code == 0, result.stderr
    assert remote.git("tag", "--list").split() == ["stable-1"]


def bare_origin(repo: GitRepo, tmp_path: Path, hook: str | None = None) -> GitRepo:
    """A bare `origin` holding `repo`'s branch and tags; `hook`: its pre-receive script."""
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


def test_tag_in_a_shallow_clone_refuses_as_diff_does_and_tags_nothing(
    poly: PolyRunner, repo_ws: GitWorkspace, tmp_path: Path
) -> None:
    repo_ws.repo.tag("stable-1")
    repo_ws.repo.commit("more", {"components/acme/log/x.py": ""})
    remote = bare_origin(repo_ws.repo, tmp_path)
    clone = remote.shallow_clone(tmp_path / "ci")
    diff = poly("poly diff", "", cwd=clone.root)
    for args in ("", "--dry-run", "--push"):
        result = poly("poly tag", args, cwd=clone.root)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            "nothing tagged: the next 'stable-*' tag cannot be known here, the remote may have "
            "newer ones; the clone is shallow: fetch the history and tags first "
            "(`git fetch --tags --unshallow`, or `fetch-depth: 0` in actions/checkout).\n"
        )
        assert diff.stderr.endswith(result.stderr.partition("; ")[2])
    assert clone.tags() == []
    assert remote.tags() == ["stable-1"]


def test_a_rejected_push_deletes_the_local_tag_and_quotes_why(
    poly: PolyRunner, repo_ws: GitWorkspace, tmp_path: Path
) -> None:
    repo_ws.repo.tag("stable-1")
    remote = bare_origin(repo_ws.repo, tmp_path)
    repo_ws.repo.git("tag", "--delete", "stable-1")  # a clone that never fetched the tag
    repo_ws.repo.commit("more", {"components/acme/log/x.py": ""})
    result = poly("poly tag", "--push", cwd=repo_ws.root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "pushing tag 'stable-1' to 'origin' failed: ! [rejected] stable-1 -> stable-1 "
        f"(already exists); failed to push some refs to '{remote.root.as_uri()}'; the local "
        "tag was deleted, nothing was tagged; `git fetch --tags` shows the remote's tags.\n"
    )
    assert repo_ws.repo.tags() == []
    assert remote.tags() == ["stable-1"]


def test_a_push_stopped_by_sigterm_deletes_the_local_tag_and_exits_143(
    sigterm_guard: None,
    poly: PolyRunner,
    repo_ws: GitWorkspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRICKWORK_TEST_PID", str(os.getpid()))
    remote = bare_origin(repo_ws.repo, tmp_path, 'kill -TERM "$BRICKWORK_TEST_PID"\nsleep 2')
    result = poly("poly tag", "--push", cwd=repo_ws.root)
    assert (result.exit_code, result.stdout) == (143, "")
    assert result.stderr == "interrupted; nothing was left behind\n"
    assert repo_ws.repo.tags() == remote.tags() == []
