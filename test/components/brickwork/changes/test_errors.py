from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import changes, graph, imports, workspace
from test.components.brickwork.changes.conftest import GitWorkspace, build
from test.conftest import MakeWorkspace


def _error(git_workspace: GitWorkspace, since: str | None = None) -> str:
    with pytest.raises(workspace.PolyError) as caught:
        git_workspace.affected(since)
    assert caught.value.exit_code == 2
    return str(caught.value)


def test_an_unknown_ref_fails_loudly(git_workspace: GitWorkspace) -> None:
    message = _error(git_workspace, "no-such-ref")
    assert "--since 'no-such-ref' is neither a tag pattern key" in message


def test_no_matching_tag_fails_and_says_how_to_make_one(git_workspace: GitWorkspace) -> None:
    git_workspace.repo.git("tag", "--delete", "stable-1")
    message = _error(git_workspace)
    assert message.startswith("no tag matches 'stable-*' (--since stable)")
    assert "poetry poly tag stable" in message


def test_a_shallow_clone_without_the_tag_says_to_fetch_history(
    git_workspace: GitWorkspace, tmp_path: Path
) -> None:
    git_workspace.repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    clone = git_workspace.repo.shallow_clone(tmp_path / "clone")
    shallow = GitWorkspace(git_workspace.factory, clone)
    shallow.factory = type(git_workspace.factory)(clone.root)
    message = _error(shallow)
    assert "git fetch --tags --unshallow" in message
    assert "fetch-depth: 0" in message
    sha_message = _error(shallow, git_workspace.repo.git("rev-parse", "stable-1").strip())
    assert "git fetch --tags --unshallow" in sha_message


def test_a_shallow_clone_with_the_tag_but_not_its_history_says_to_fetch_history(
    git_workspace: GitWorkspace, tmp_path: Path
) -> None:
    git_workspace.repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    clone = git_workspace.repo.shallow_clone(tmp_path / "clone")
    clone.git("fetch", "--quiet", "--depth", "1", "origin", "tag", "stable-1")
    shallow = GitWorkspace(type(git_workspace.factory)(clone.root), clone)
    message = _error(shallow)
    assert "no common ancestor" in message
    assert "git fetch --tags --unshallow" in message


def test_a_folder_outside_any_repository_fails_loudly(make_workspace: MakeWorkspace) -> None:
    factory = make_workspace()
    build(factory)
    ws = workspace.load(factory.root)
    scan = imports.scan_workspace(ws)
    with pytest.raises(workspace.PolyError, match="is not inside a git repository"):
        changes.affected_since(ws, scan, graph.build_graph(ws, scan))


def test_git_missing_from_path_fails_loudly(
    git_workspace: GitWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(git_workspace.root / "nowhere"))
    assert "git was not found on PATH" in _error(git_workspace)
