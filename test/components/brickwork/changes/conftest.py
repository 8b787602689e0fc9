"""A small workspace in a real git repository: log <- user <- api (svc), other (tool)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from brickwork import changes, graph, imports, workspace
from test.conftest import MakeWorkspace, WorkspaceFactory
from test.gitrepo import GitRepo


@dataclass
class GitWorkspace:
    factory: WorkspaceFactory
    repo: GitRepo

    @property
    def root(self) -> Path:
        return self.factory.root

    def load(self) -> workspace.Workspace:
        return workspace.load(self.root)

    def affected(self, since: str | None = None, working_tree: bool = True) -> changes.Affected:
        ws = self.load()
        scan = imports.scan_workspace(ws)
        bricks = graph.build_graph(ws, scan)
        return changes.affected_since(ws, scan, bricks, since, working_tree=working_tree)

    def brick_file(self, kind: str, name: str, file: str = "__init__.py") -> str:
        """The path of a brick file relative to the repository root."""
        inside = self.root.relative_to(self.repo.root).as_posix()
        folder = self.factory.brick_dir(kind, name)
        return f"{folder}/{file}" if inside == "." else f"{inside}/{folder}/{file}"


def build(factory: WorkspaceFactory) -> None:
    factory.component("log", "def info(text):\n    return text\n")
    factory.component("user", "from acme import log\n")
    factory.component("other")
    factory.base("api", "from acme.user import core\n")
    factory.project("svc", ["api", "user", "log"])
    factory.project("tool", ["other"])
    tests = "test/components/acme" if factory.theme == "loose" else "components"
    suffix = "" if factory.theme == "loose" else "/test"
    factory.write(f"{tests}/log{suffix}/test_log.py", "def test_log():\n    assert True\n")
    factory.write(".gitignore", ".brickwork_cache/\n__pycache__/\n.venv\n.pytest_cache/\n")


@pytest.fixture
def git_workspace(make_workspace: MakeWorkspace, tmp_path: Path) -> GitWorkspace:
    """The workspace at the root of a repository with one commit tagged `stable-1`."""
    factory = make_workspace()
    build(factory)
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    return GitWorkspace(factory, repo)
