from __future__ import annotations

import json
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
    repo.tag("stable-1")
    repo.commit("log", {"components/acme/log/core.py": "X = 1\n"})
    return GitWorkspace(factory, repo)


def test_diff_shows_changed_bricks_projects_and_affected_projects_with_reasons(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    result = poly("poly diff", "", cwd=repo_ws.root)
    assert result.exit_code == 0, result.stderr
    base = repo_ws.repo.git("rev-parse", "stable-1").strip()[:12]
    assert result.stdout.splitlines() == [
        f"1 changed file since stable-1 ({base}), with uncommitted and untracked files",
        "changed bricks: log",
        "changed projects: none",
        "affected projects (1):",
        "  svc  components/acme/log/core.py → log → svc",
    ]


def test_diff_short_prints_affected_project_folders_comma_separated(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    repo_ws.repo.commit("tool", {"projects/tool/README.md": "x\n"})
    assert poly("poly diff", "--short", cwd=repo_ws.root).stdout == "svc,tool\n"
    assert poly("poly diff", "--bricks --short", cwd=repo_ws.root).stdout == "log\n"
    assert poly("poly diff", "--deps --short", cwd=repo_ws.root).stdout == "api,log,user\n"
    assert poly("poly diff", "--projects --short", cwd=repo_ws.root).stdout == "tool\n"


def test_diff_short_prints_nothing_when_nothing_is_affected(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    repo_ws.repo.tag("stable-2")
    result = poly("poly diff", "--short", cwd=repo_ws.root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_diff_github_matrix_has_one_entry_per_affected_project(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    result = poly("poly diff", "--output github-matrix", cwd=repo_ws.root)
    assert result.stdout == '{"include":[{"project":"svc","path":"projects/svc"}]}\n'


def test_diff_json_lists_files_bricks_and_reason_chains(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    document = json.loads(poly("poly diff", "--output json", cwd=repo_ws.root).stdout)
    assert document["schema"] == "urn:brickwork:schema:diff:2"
    data = document["result"]
    assert data["since"]["tag"] == "stable-1"
    assert data["files"] == [
        {"path": "components/acme/log/core.py", "status": "added", "old_path": None}
    ]
    assert data["affected_bricks"][0] == {
        "name": "api",
        "reason": ["components/acme/log/core.py", "log", "user", "api"],
    }
    assert data["affected_projects"] == [
        {
            "name": "svc",
            "path": "projects/svc",
            "reason": ["components/acme/log/core.py", "log", "svc"],
        }
    ]


def test_diff_markdown_has_a_mermaid_graph_of_the_affected_bricks(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    out = poly("poly diff", "--output markdown", cwd=repo_ws.root).stdout
    assert "**Changed bricks:** `log`" in out
    assert "| `svc` | `projects/svc` | components/acme/log/core.py → log → svc |" in out
    assert "```mermaid" in out
    assert "  user --> log" in out
    assert "other" not in out


def test_diff_fails_with_exit_2_and_one_line_on_an_unknown_ref(
    poly: PolyRunner, repo_ws: GitWorkspace
) -> None:
    result = poly("poly diff", "--since nope --short", cwd=repo_ws.root)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--since 'nope' is neither a tag pattern key" in result.stderr


def test_diff_in_a_shallow_clone_says_how_to_fetch_the_history(
    poly: PolyRunner, repo_ws: GitWorkspace, tmp_path: Path
) -> None:
    clone = repo_ws.repo.shallow_clone(tmp_path / "clone")
    result = poly("poly diff", "--output github-matrix", cwd=clone.root)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "fetch-depth: 0" in result.stderr


def test_diff_outside_a_repository_fails_with_exit_2(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = make_workspace()
    result = poly("poly diff", "", cwd=factory.root)
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


def test_diff_rejects_an_unknown_output_format(poly: PolyRunner, repo_ws: GitWorkspace) -> None:
    result = poly("poly diff", "--output dot", cwd=repo_ws.root)
    assert result.exit_code == 2
    assert "is not one of: text, json, github-matrix, markdown" in result.stderr
