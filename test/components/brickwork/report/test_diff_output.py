"""Exact output of `poly diff`: text sections, JSON, the GitHub matrix and the step summary."""

from __future__ import annotations

from brickwork import changes, graph, report, workspace
from test.conftest import Sketch, imp

BASE = "0123456789abcdef0123"


def shop(sketch: Sketch) -> tuple[workspace.Workspace, graph.BrickGraph]:
    sketch.component("core")
    sketch.component("log")
    sketch.base("api", files={"__init__.py": [imp("acme.core")]})
    sketch.project("svc", ["api", "core"])
    ws = sketch.workspace()
    return ws, graph.build_graph(ws, sketch.scan())


def affected(
    *, working_tree: bool = False, files: int = 2, tag: str | None = "v1"
) -> changes.Affected:
    changed = (
        changes.FileChange("components/acme/core/a.py", "modified"),
        changes.FileChange("bases/acme/api/b.py", "renamed", "bases/acme/api/old.py"),
    )[:files]
    change_set = changes.ChangeSet(
        changes.StablePoint("stable", "f" * 40, tag, "v*"),
        BASE,
        "e" * 40,
        changed,
        working_tree,
        ("workspace.toml",),
        {"poetry.lock": ("svc",)},
    )
    chain = ("components/acme/core/a.py", "core", "api", "svc")
    return changes.Affected(
        change_set,
        changed_bricks={"core": ("components/acme/core/a.py",)},
        test_bricks={"log": ("test/components/acme/log/t.py",)},
        removed_bricks={"gone": ("components/acme/gone/x.py",)},
        changed_projects={"svc": ("projects/svc/pyproject.toml",)},
        bricks={"core": ("components/acme/core/a.py", "core"), "api": chain[:3]},
        projects={"svc": chain, "development": ("x|y", "development")},
        other_files=("README.md",),
        tested_projects={"svc": chain},
    )


def test_chain_text_joins_links_with_arrows() -> None:
    assert report.chain_text(["a", "b", "c"]) == "a → b → c"
    assert report.chain_text([]) == ""


def test_affected_text_has_every_section_asked_for(sketch: Sketch) -> None:
    ws, _ = shop(sketch)

    lines = report.affected_text(ws, affected(), ("bricks", "projects", "deps", "affected"))

    assert lines == [
        "2 changed files since v1 (0123456789ab)",
        "<b>changed bricks</>: core",
        "<b>bricks with changed tests</>: log",
        "<b>removed bricks</>: gone",
        "<b>changed projects</>: svc",
        "<b>affected bricks</> (2):",
        "  core: components/acme/core/a.py → core",
        "  api: components/acme/core/a.py → core → api",
        "<b>affected projects</> (2):",
        "  svc          components/acme/core/a.py → core → api → svc",
        "  development  x|y → development",
    ]


def test_affected_text_unstyled_has_no_tags_and_one_file_is_singular(sketch: Sketch) -> None:
    ws, _ = shop(sketch)
    one = affected(working_tree=True, files=1, tag=None)

    lines = report.affected_text(ws, one, ("projects",), styled=False)

    assert lines == [
        "1 changed file since stable (0123456789ab), with uncommitted and untracked files",
        "changed projects: svc",
    ]


def test_affected_text_without_changes_says_none(sketch: Sketch) -> None:
    ws, _ = shop(sketch)
    empty = changes.Affected(
        changes.ChangeSet(changes.StablePoint("HEAD~1", BASE), BASE, BASE, (), False),
        {},
        {},
        {},
        {},
        {},
        {},
    )

    lines = report.affected_text(ws, empty, ("bricks", "projects", "deps", "affected"))

    assert lines == [
        "0 changed files since HEAD~1 (0123456789ab)",
        "<b>changed bricks</>: none",
        "<b>changed projects</>: none",
        "<b>affected bricks</> (0):",
        "<b>affected projects</> (0):",
    ]
    assert report.github_matrix(ws, empty) == '{"include":[]}'


def test_affected_text_escapes_chains_only_when_styled(sketch: Sketch) -> None:
    ws, _ = shop(sketch)
    odd = changes.Affected(
        changes.ChangeSet(changes.StablePoint("s", BASE), BASE, BASE, (), False),
        {},
        {},
        {},
        {},
        {"core": ("<x>.py", "core")},
        {},
    )

    assert report.affected_text(ws, odd, ("deps",))[-1] == "  core: \\<x>.py → core"
    assert report.affected_text(ws, odd, ("deps",), styled=False)[-1] == "  core: <x>.py → core"


def test_affected_data_is_the_documented_json_shape(sketch: Sketch) -> None:
    ws, _ = shop(sketch)

    data = report.affected_data(ws, affected())

    chain = ["components/acme/core/a.py", "core", "api", "svc"]
    assert data["schema"] == "urn:brickwork:schema:diff:2"
    assert data["counts"] == {
        "files": 2,
        "changed_bricks": 1,
        "changed_projects": 1,
        "affected_bricks": 2,
        "affected_projects": 2,
        "tested_projects": 1,
    }
    assert data["result"] == {
        "since": {"given": "stable", "tag": "v1", "sha": "f" * 40},
        "base": BASE,
        "head": "e" * 40,
        "working_tree": False,
        "files": [
            {"path": "components/acme/core/a.py", "status": "modified", "old_path": None},
            {
                "path": "bases/acme/api/b.py",
                "status": "renamed",
                "old_path": "bases/acme/api/old.py",
            },
        ],
        "changed_bricks": [{"name": "core", "files": ["components/acme/core/a.py"]}],
        "test_changed_bricks": [{"name": "log", "files": ["test/components/acme/log/t.py"]}],
        "removed_bricks": [{"name": "gone", "files": ["components/acme/gone/x.py"]}],
        "changed_projects": [{"name": "svc", "files": ["projects/svc/pyproject.toml"]}],
        "affected_bricks": [
            {"name": "core", "reason": ["components/acme/core/a.py", "core"]},
            {"name": "api", "reason": chain[:3]},
        ],
        "affected_projects": [
            {"name": "svc", "path": "projects/svc", "reason": chain},
            {"name": "development", "path": ".", "reason": ["x|y", "development"]},
        ],
        "tested_projects": [{"name": "svc", "path": "projects/svc", "reason": chain}],
        "other_files": ["README.md"],
        "workspace_settings": ["workspace.toml"],
        "locks": {"poetry.lock": ["svc"]},
    }


def test_github_matrix_is_one_compact_line_with_a_job_per_project(sketch: Sketch) -> None:
    ws, _ = shop(sketch)

    assert report.github_matrix(ws, affected()) == (
        '{"include":[{"project":"svc","path":"projects/svc"}]}'
    )


def test_github_matrix_keeps_a_project_it_does_not_know_by_name(sketch: Sketch) -> None:
    ws, _ = shop(sketch)
    unknown = changes.Affected(
        changes.ChangeSet(changes.StablePoint("s", BASE), BASE, BASE, (), False),
        {},
        {},
        {},
        {},
        {},
        {},
        tested_projects={"é": ("x",)},
    )

    assert report.github_matrix(ws, unknown) == '{"include":[{"project":"é","path":"é"}]}'


def test_affected_markdown_is_a_summary_a_table_and_a_graph(sketch: Sketch) -> None:
    ws, bricks = shop(sketch)

    lines = report.affected_markdown(ws, affected(), bricks)

    assert lines == [
        "## Brickwork: 2 changed files since v1 (0123456789ab)",
        "",
        "**Changed bricks:** `core`",
        "",
        "**Bricks with changed tests:** `log`",
        "",
        "**Removed bricks:** `gone`",
        "",
        "**Changed projects:** `svc`",
        "",
        "| affected project | path | why |",
        "|---|---|---|",
        "| `svc` | `projects/svc` | components/acme/core/a.py → core → api → svc |",
        "| `development` | `.` | x/y → development |",
        "",
        "```mermaid",
        "graph TD",
        '  api[["api"]]:::base',
        '  core["core"]:::component',
        "  api --> core",
        "  classDef component fill:#e8f1fb,stroke:#1f6feb,color:#111",
        "  classDef base fill:#fdf0e0,stroke:#c2410c,color:#111",
        "```",
    ]


def test_affected_markdown_without_affected_projects_says_none(sketch: Sketch) -> None:
    ws, bricks = shop(sketch)
    quiet = changes.Affected(
        changes.ChangeSet(changes.StablePoint("s", BASE), BASE, BASE, (), False),
        {},
        {},
        {},
        {},
        {"ghost": ("x",)},
        {},
    )

    assert report.affected_markdown(ws, quiet, bricks) == [
        "## Brickwork: 0 changed files since s (0123456789ab)",
        "",
        "**Changed bricks:** none",
        "",
        "**Changed projects:** none",
        "",
        "**Affected projects:** none",
    ]


def test_several_names_are_listed_with_commas_in_text_and_markdown(sketch: Sketch) -> None:
    ws, bricks = shop(sketch)
    two = changes.Affected(
        changes.ChangeSet(changes.StablePoint("s", BASE), BASE, BASE, (), False),
        {"core": (), "log": ()},
        {},
        {},
        {"svc": (), "development": ()},
        {},
        {},
    )

    assert report.affected_text(ws, two, ("bricks", "projects"), styled=False)[1:] == [
        "changed bricks: core, log",
        "changed projects: svc, development",
    ]
    assert report.affected_markdown(ws, two, bricks)[2] == "**Changed bricks:** `core`, `log`"
