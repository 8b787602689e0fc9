"""`poetry poly diff --graph` on real git repositories: a branch off a stable tag, both themes
and both project formats; the stable point is read from git objects, the work tree untouched."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from cleo.io.outputs.output import Verbosity

from brickwork import report
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo

PAIRS = [(theme, style) for theme in ("loose", "tdd") for style in ("pep621", "poetry")]
LAYOUTS = [
    pytest.param(theme, style, id=f"{theme}-{style}")
    for theme in ("loose", "tdd")
    for style in ("pep621", "poetry")
]


def build(factory: WorkspaceFactory, style: str) -> None:
    """log <- user <- api (project svc); other (project tool); a test of log."""
    factory.component("log", "def info(text):\n    return text\n")
    factory.component("user", "from acme import log\n")
    factory.component("other", '"""other."""\n')
    factory.base("api", "from acme.user import core\n", files={"__main__.py": ""})
    factory.write(f"{factory.brick_dir('component', 'user')}/core.py", "X = 1\n")
    factory.project("svc", ["api", "user", "log"], style=style, dependencies=["requests"])
    factory.project("tool", ["other"], style=style)
    tests = "test/components/acme" if factory.theme == "loose" else "components"
    suffix = "" if factory.theme == "loose" else "/test"
    factory.write(f"{tests}/log{suffix}/test_log.py", "from acme import user\n")
    factory.write(".gitignore", ".brickwork_cache/\n__pycache__/\n")


@pytest.fixture(params=PAIRS, ids=[f"{t}-{s}" for t, s in PAIRS])
def tagged(
    request: pytest.FixtureRequest, make_workspace: MakeWorkspace
) -> tuple[WorkspaceFactory, GitRepo]:
    """A workspace at the root of a repository: one commit tagged `stable-1`, then a branch."""
    theme, style = request.param
    factory = make_workspace(theme=theme, dev_style=style)
    build(factory, style)
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    repo.branch("feature")
    return factory, repo


def brick_file(factory: WorkspaceFactory, name: str, file: str = "__init__.py") -> str:
    kind = "base" if name == "api" else "component"
    return f"{factory.brick_dir(kind, name)}/{file}"


def graph_json(poly: PolyRunner, root: Path, args: str = "") -> dict[str, Any]:
    result = poly("poly diff", f"--graph --output json {args}", cwd=root)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    schema = json.loads(report.schema_file("diff").read_text(encoding="utf-8"))
    fastjsonschema.compile(schema)(document)
    return document


def snapshot(repo: GitRepo) -> tuple[str, str, str]:
    """A hash of every file of the work tree and of the index, and `git status`. The analysis
    cache (`.brickwork_cache/`, git-ignored) is left out: every read command keeps it."""
    digest = hashlib.sha256()
    paths: list[Path] = []
    for folder, dirs, files in os.walk(repo.root):
        dirs[:] = [d for d in dirs if d not in (".git", ".brickwork_cache")]
        paths += [Path(folder, name) for name in files]
    for path in sorted(paths):
        digest.update(f"{path}\0{path.stat().st_mtime_ns}\0".encode())
        digest.update(path.read_bytes())
    index = hashlib.sha256((repo.root / ".git" / "index").read_bytes()).hexdigest()
    return digest.hexdigest(), index, repo.git("status", "--porcelain")


@pytest.mark.parametrize("theme, style", LAYOUTS)
def test_a_branch_that_adds_one_import_shows_exactly_that_edge_with_its_line(
    theme: str, style: str, make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace(theme=theme, dev_style=style)
    build(factory, style)
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    repo.branch("feature")
    other = brick_file(factory, "other")
    repo.commit("other logs", {other: '"""other."""\nfrom acme import log\n'})

    document = graph_json(poly, factory.root)

    result = document["result"]
    assert result["edges"] == {
        "added": [
            {
                "source": "other",
                "target": "log",
                "runtime": True,
                "sites": [{"path": other, "line": 2, "runtime": True}],
            }
        ],
        "removed": [],
    }
    assert result["bricks"] == {"added": [], "removed": []}
    assert result["cycles"] == {"added": [], "removed": []}
    assert result["now"] == "work tree" and result["dirty"] is False
    assert [(p["name"], p["reach_added"], p["newly_affected"]) for p in result["projects"]] == [
        ("tool", ["log"], True)
    ]
    assert document["counts"]["edges_added"] == 1
    text = poly("poly diff", "--graph", cwd=factory.root)
    assert text.exit_code == 0
    base = repo.git("rev-parse", "stable-1").strip()[:12]
    assert text.stdout.splitlines() == [
        f"Brick graph since stable-1 ({base}), now: the work tree",
        "",
        "Edges:",
        f"  + other -> log  {other}:2",
        "",
        "Projects:",
        "  tool (changed): now reaches log",
        "",
        "Newly affected projects: tool",
    ]


def test_a_removed_brick_and_its_edges_are_reported_with_where_they_were(
    tagged: tuple[WorkspaceFactory, GitRepo], poly: PolyRunner
) -> None:
    factory, repo = tagged
    user = brick_file(factory, "user")
    repo.delete(str(Path(user).parent))
    api = brick_file(factory, "api")
    repo.commit("no user", {api: "from acme import log\n"})

    result = graph_json(poly, factory.root)["result"]

    assert result["bricks"] == {"added": [], "removed": [{"name": "user", "kind": "component"}]}
    assert [(e["source"], e["target"]) for e in result["edges"]["added"]] == [("api", "log")]
    removed = {(e["source"], e["target"]): e["sites"] for e in result["edges"]["removed"]}
    assert removed == {
        ("api", "user"): [{"path": api, "line": 1, "runtime": True}],
        ("user", "log"): [{"path": user, "line": 1, "runtime": True}],
    }


def test_a_new_cycle_appears_and_goes_away_again(
    tagged: tuple[WorkspaceFactory, GitRepo], poly: PolyRunner
) -> None:
    factory, repo = tagged
    log = brick_file(factory, "log")
    repo.commit("log knows users", {log: "from acme import user\n"})

    result = graph_json(poly, factory.root)["result"]

    assert result["cycles"] == {"added": [["log", "user"]], "removed": []}
    assert [(e["source"], e["target"]) for e in result["edges"]["added"]] == [("log", "user")]
    repo.tag("stable-2")
    repo.commit("log alone again", {log: "def info(text):\n    return text\n"})
    again = graph_json(poly, factory.root)["result"]
    assert again["cycles"] == {"added": [], "removed": [["log", "user"]]}
    assert [(e["source"], e["target"]) for e in again["edges"]["removed"]] == [("log", "user")]


def test_a_library_declared_by_a_project_is_added_and_another_removed(
    tagged: tuple[WorkspaceFactory, GitRepo], poly: PolyRunner
) -> None:
    factory, repo = tagged
    style = factory.dev_style
    factory.project("svc", ["api", "user", "log"], style=style, dependencies=["httpx"])
    repo.commit("httpx")

    result = graph_json(poly, factory.root)["result"]

    assert result["projects"] == [
        {
            "name": "svc",
            "status": "changed",
            "newly_affected": False,
            "bricks_added": [],
            "bricks_removed": [],
            "reach_added": [],
            "reach_removed": [],
            "libraries_added": ["httpx"],
            "libraries_removed": ["requests"],
        }
    ]
    assert result["edges"] == {"added": [], "removed": []}


def test_the_work_tree_and_the_index_are_untouched(
    tagged: tuple[WorkspaceFactory, GitRepo], poly: PolyRunner
) -> None:
    factory, repo = tagged
    repo.commit("other logs", {brick_file(factory, "other"): "from acme import log\n"})
    repo.write(brick_file(factory, "log", "extra.py"), "from acme import user\n")
    before = snapshot(repo)

    for output in ("text", "json", "markdown"):
        assert poly("poly diff", f"--graph --output {output}", cwd=factory.root).exit_code == 0
    assert poly("poly diff", "--graph --no-working-tree", cwd=factory.root).exit_code == 0

    assert snapshot(repo) == before


def test_a_dirty_work_tree_is_now_and_the_output_says_so(
    tagged: tuple[WorkspaceFactory, GitRepo], poly: PolyRunner
) -> None:
    factory, _ = tagged
    factory.write(brick_file(factory, "other"), "from acme import log\n")

    dirty = poly("poly diff", "--graph", cwd=factory.root)
    committed = graph_json(poly, factory.root, "--no-working-tree")["result"]

    assert "now: the work tree (uncommitted changes included)" in dirty.stdout.splitlines()[0]
    assert "  + other -> log  " + brick_file(factory, "other") + ":1" in dirty.stdout
    assert committed["now"] == "HEAD" and committed["dirty"] is True
    assert committed["edges"] == {"added": [], "removed": []}
    head = poly("poly diff", "--graph --no-working-tree", cwd=factory.root).stdout
    assert head.startswith("No change to the brick graph since stable-1")
    assert "now: HEAD (uncommitted changes left out)" in head


def test_without_a_stable_tag_the_graph_diff_cannot_run(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = make_workspace()
    build(factory, "pep621")
    GitRepo.init(factory.root).commit("initial")

    result = poly("poly diff", "--graph", cwd=factory.root)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no tag matches 'stable-*'" in result.stderr
    plain = poly("poly diff", "", cwd=factory.root)
    assert plain.stderr == result.stderr  # the same line `diff` says


def test_the_markdown_summary_draws_the_added_edge_and_the_removed_brick(
    tagged: tuple[WorkspaceFactory, GitRepo], poly: PolyRunner
) -> None:
    factory, repo = tagged
    repo.delete(str(Path(brick_file(factory, "other")).parent))
    repo.commit(
        "other goes, log uses user", {brick_file(factory, "log"): "from acme import user\n"}
    )

    result = poly("poly diff", "--graph --output markdown", cwd=factory.root)

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("## Brickwork: brick graph since stable-1")
    assert "**Removed bricks:** `other`" in lines
    assert "**Cycle appeared:** `log -> user -> log`" in lines
    mermaid = lines[lines.index("```mermaid") + 1 : lines.index("```", lines.index("```mermaid"))]
    ids = {line.split('"')[1]: line.split()[0].split("[")[0] for line in mermaid if '"' in line}
    assert f'  {ids["other"]}["other"]:::removed' in mermaid
    assert f"  {ids['log']} ==>|added| {ids['user']}" in mermaid
    assert f"  {ids['user']} --> {ids['log']}" in mermaid
    assert any(line.startswith("  linkStyle 0 stroke:#1a7f37") for line in mermaid)


def test_quiet_keeps_the_graph_diff(
    tagged: tuple[WorkspaceFactory, GitRepo], poly: PolyRunner
) -> None:
    factory, repo = tagged
    repo.commit("other logs", {brick_file(factory, "other"): "from acme import log\n"})

    loud = poly("poly diff", "--graph", cwd=factory.root)
    quiet = poly("poly diff", "--graph", cwd=factory.root, verbosity=Verbosity.QUIET)

    assert quiet.exit_code == 0
    assert quiet.stdout == loud.stdout
