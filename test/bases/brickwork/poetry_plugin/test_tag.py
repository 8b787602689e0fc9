from __future__ import annotations

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
