from __future__ import annotations

import json
import time

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory


def shop(make_workspace: MakeWorkspace, theme: str = "loose") -> WorkspaceFactory:
    """api -> core -> log, core -> db (type only), db <-> log form a cycle; project svc."""
    ws = make_workspace(theme=theme)
    ws.component("log", "def f() -> None:\n    from acme import db\n")
    ws.component("db", "import acme.log\n")
    ws.component(
        "core",
        "from typing import TYPE_CHECKING\nfrom acme import log\nif TYPE_CHECKING:\n"
        "    from acme import db\n",
    )
    ws.base("api", "import acme.core\n")
    ws.project("svc", ["api", "core"])
    return ws


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_deps_shows_a_matrix_of_a_small_workspace_and_its_cycles(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = shop(make_workspace, theme)

    result = poly("poly deps", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "workspace: 3 components, 1 base",
        "",
        "                                 c d l a",
        "                                 o b o p",
        "                                 r   g i",
        "                                 e",
        "brick  kind       uses  used by",
        "core   component  2     1        · t x ·",
        "db     component  1     2        · · x ·",
        "log    component  1     2        · x · ·",
        "api    base       1     0        x · · ·",
        "",
        "x: the brick of the row imports the brick of the column; t: only for type checking",
        "",
        "cycles (1):",
        "  db -> log -> db",
    ]


def test_deps_of_one_brick_lists_direct_and_transitive_both_ways(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = shop(make_workspace)

    result = poly("poly deps", "--brick core", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "workspace: 3 components, 1 base",
        "",
        "brick core (component)",
        "uses (2)                   log, db (typing)",
        "uses, transitively (2)     db, log",
        "used by (1)                api",
        "used by, transitively (1)  api",
        "",
        "no cycles",
    ]


def test_deps_of_a_project_is_restricted_to_its_bricks_and_names_what_is_missing(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = shop(make_workspace)

    result = poly("poly deps", "--projects svc", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "project svc: 1 component, 1 base"
    assert "brick  kind       uses  used by" in result.stdout
    assert result.stdout.splitlines()[-5:] == [
        "missing bricks (2):",
        "  svc: log, needed by core -> log",
        "  svc: db, needed by core -> log -> db",
        "",
        "no cycles",
    ]


def test_deps_json_has_the_documented_schema(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = shop(make_workspace)

    result = poly("poly deps", "--output json --brick core", cwd=ws.root)

    document = json.loads(result.stdout)
    assert document["schema"] == "urn:brickwork:schema:deps:2"
    data = document["result"]
    assert data["projects"] == []
    assert [b["name"] for b in data["bricks"]] == ["core", "db", "log", "api"]
    assert data["bricks"][0] == {
        "name": "core",
        "kind": "component",
        "uses": ["log"],
        "type_only_uses": ["db"],
        "used_by": ["api"],
    }
    assert data["cycles"] == []  # with --brick: the cycles through that brick only
    assert data["missing"] == []
    assert data["brick"]["uses_transitive"] == ["db", "log"]
    assert data["brick"]["used_by_transitive"] == ["api"]


def test_deps_mermaid_is_a_flowchart_with_styled_bricks(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = shop(make_workspace)

    result = poly("poly deps", "--output mermaid", cwd=ws.root)

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "graph TD",
        '  core["core"]:::component',
        '  db["db"]:::component',
        '  log["log"]:::component',
        '  api[["api"]]:::base',
        "  api --> core",
        "  core -.-> db",
        "  core --> log",
        "  db --> log",
        "  log --> db",
        "  classDef component fill:#e8f1fb,stroke:#1f6feb,color:#111",
        "  classDef base fill:#fdf0e0,stroke:#c2410c,color:#111",
    ]


def test_deps_dot_of_a_brick_draws_it_and_its_neighbourhood(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = shop(make_workspace)
    ws.component("alone")

    result = poly("poly deps", "--output dot --brick api", cwd=ws.root)

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        'digraph "bricks" {',
        "  rankdir=TB;",
        '  node [fontname="Helvetica", style="filled"];',
        '  "core" [shape=box, fillcolor="#e8f1fb", color="#1f6feb"];',
        '  "db" [shape=box, fillcolor="#e8f1fb", color="#1f6feb"];',
        '  "log" [shape=box, fillcolor="#e8f1fb", color="#1f6feb"];',
        '  "api" [shape=component, fillcolor="#fdf0e0", color="#c2410c"];',
        '  "api" -> "core";',
        '  "core" -> "db" [style=dashed];',
        '  "core" -> "log";',
        '  "db" -> "log";',
        '  "log" -> "db";',
        "}",
    ]


def test_deps_of_many_bricks_lists_one_line_per_brick(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("hub")
    for i in range(45):
        ws.component(f"c{i:02}", "from acme import hub\n")
    ws.base("api", "".join(f"import acme.c{i:02}\n" for i in range(8)))

    started = time.perf_counter()
    result = poly("poly deps", cwd=ws.root)
    elapsed = time.perf_counter() - started

    lines = result.stdout.splitlines()
    assert lines[2].split() == ["brick", "kind", "uses", "used", "by"]
    assert lines[-3].startswith("api    base       8: c00, c01, c02, c03, c04, c05 +2 more")
    assert "c00    component  1: hub" in result.stdout
    assert "hub    component  0" in result.stdout
    assert "45: c00, c01, c02, c03, c04, c05 +39 more" in result.stdout
    assert len(lines) == 3 + 47 + 2
    assert elapsed < 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            "--brick cor",
            "unknown brick 'cor'; did you mean core? `poetry poly info` lists the bricks.",
        ),
        ("--projects nope", "unknown project 'nope'; the projects of this workspace are: "),
        ("--brick db --projects svc", "brick 'db' is not in project svc; drop --projects"),
        ("--output github", "--output 'github' is not one of: text, json, mermaid, dot."),
    ],
)
def test_deps_with_unknown_names_exits_2_with_one_line(
    make_workspace: MakeWorkspace, poly: PolyRunner, args: str, message: str
) -> None:
    ws = shop(make_workspace)

    result = poly("poly deps", args, cwd=ws.root)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_deps_and_check_of_a_project_report_the_same_cycles_through_an_outside_brick(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("core", "import acme.store\n")
    ws.component("store", "import acme.core\n")
    ws.base("api", "import acme.core\n")
    ws.project("svc", ["api", "core"])

    deps = poly("poly deps", "--projects svc", cwd=ws.root)
    check = poly("poly check", "--projects svc", cwd=ws.root)

    assert deps.stdout.splitlines()[-2:] == ["cycles (1):", "  core -> store -> core"]
    assert "BW106 warning brick cycle core -> store -> core" in check.stdout
