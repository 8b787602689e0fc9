"""The renderings of a graph diff, from data: exact text, the Mermaid neighbourhood and its cap,
sizes that fit a pull-request comment."""

from __future__ import annotations

from pathlib import Path

from brickwork import report
from brickwork.changes import ChangeSet, EdgeChange, GraphDiff, ProjectChange, Site, StablePoint
from brickwork.report.graph_diff import MAX_NODES, MAX_ROWS, graph_diff_mermaid

BASE = "a" * 40


def diff(**fields: object) -> GraphDiff:
    changes = ChangeSet(
        StablePoint("stable", BASE, "stable-3", "stable-*"), BASE, "b" * 40, (), True
    )
    values: dict[str, object] = {
        "changes": changes,
        "now": "work tree",
        "dirty": False,
        "bricks_added": (),
        "bricks_removed": (),
        "edges_added": (),
        "edges_removed": (),
        "cycles_added": (),
        "cycles_removed": (),
        "projects": (),
    }
    values.update(fields)
    return GraphDiff(**values)  # type: ignore[arg-type]


def edge(source: str, target: str, line: int = 1, runtime: bool = True) -> EdgeChange:
    return EdgeChange(source, target, (Site(f"components/acme/{source}/core.py", line, runtime),))


def test_no_change_is_one_line_in_text_and_a_heading_and_a_line_in_markdown() -> None:
    empty = diff(dirty=True)

    assert report.graph_diff_text(empty) == [
        "No change to the brick graph since stable-3 (aaaaaaaaaaaa), now: the work tree "
        "(uncommitted changes included)."
    ]
    assert report.graph_diff_markdown(empty)[-1] == "No brick, edge, cycle or project change."


def test_the_text_lists_every_kind_of_change_in_order() -> None:
    found = diff(
        bricks_added=(("aws/s3", "component"),),
        bricks_removed=(("old", "base"),),
        edges_added=(edge("aws/s3", "log", 4), edge("api", "types", 2, runtime=False)),
        edges_removed=(edge("old", "log", 7),),
        cycles_added=(("log", "user"),),
        projects=(
            ProjectChange("svc", "changed", reach_added=("log",), libraries_added=("httpx",)),
        ),
        now="HEAD",
    )

    assert report.graph_diff_text(found) == [
        "Brick graph since stable-3 (aaaaaaaaaaaa), now: HEAD",
        "",
        "Bricks:",
        "  + component aws/s3",
        "  - base old",
        "",
        "Edges:",
        "  + aws/s3 -> log  components/acme/aws/s3/core.py:4",
        "  + api -> types  components/acme/api/core.py:2 [type-only]",
        "  - old -> log  (was components/acme/old/core.py:7)",
        "",
        "Cycles:",
        "  + log -> user -> log",
        "",
        "Projects:",
        "  svc (changed): now reaches log; declares httpx",
        "",
        "Newly affected projects: svc",
    ]


def test_the_mermaid_graph_marks_added_and_removed_and_quotes_nested_names() -> None:
    found = diff(
        bricks_added=(("aws/s3", "component"),),
        edges_added=(edge("aws/s3", "log"),),
        edges_removed=(edge("api", "log"),),
        edges_now=(("aws/s3", "log"), ("user", "log")),
        kinds=(("api", "base"), ("aws/s3", "component"), ("log", "component")),
    )

    lines, left_out = graph_diff_mermaid(found)

    assert left_out == 0
    assert lines == [
        "flowchart LR",
        '  n0["aws/s3"]:::added',
        '  n1["log"]',
        '  n2[["api"]]',
        '  n3["user"]',
        "  n0 ==>|added| n1",
        "  n2 -.->|removed| n1",
        "  n3 --> n1",
        "  linkStyle 0 stroke:#1a7f37,stroke-width:3px",
        "  linkStyle 1 stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5",
        "  linkStyle 2 stroke:#8c959f,stroke-width:1px",
        "  classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:2px",
        "  classDef removed fill:#ffebe9,stroke:#cf222e,stroke-dasharray:5 5",
    ]


def test_a_big_change_draws_the_changed_bricks_first_and_says_how_many_were_left_out() -> None:
    edges = tuple(edge(f"c{i:03d}", "hub") for i in range(120))
    found = diff(edges_added=edges, edges_now=tuple((e.source, e.target) for e in edges))

    markdown = report.graph_diff_markdown(found)

    mermaid = markdown[markdown.index("```mermaid") + 1 : markdown.index("```")]
    assert sum(1 for line in mermaid if '"]' in line) == MAX_NODES
    assert (
        markdown[-1] == f"_{121 - MAX_NODES} more bricks of the changed neighbourhood not drawn._"
    )
    rows = [line for line in markdown if line.startswith("| added |")]
    assert len(rows) == MAX_ROWS
    assert f"| … | {120 - MAX_ROWS} more edges | |" in markdown
    assert len("\n".join(markdown)) < 65_536  # a pull-request comment


def test_the_json_document_counts_what_it_lists(tmp_path: Path) -> None:
    from brickwork.workspace import Config, Workspace

    ws = Workspace(tmp_path, Config("acme"), (), (), ())
    found = diff(
        edges_added=(edge("a", "b"),),
        projects=(ProjectChange("svc", "added"), ProjectChange("cli", "removed")),
    )

    document = report.graph_diff_data(ws, found)

    assert document["command"] == "diff"
    assert document["counts"] == {
        "bricks_added": 0,
        "bricks_removed": 0,
        "edges_added": 1,
        "edges_removed": 0,
        "cycles_added": 0,
        "cycles_removed": 0,
        "projects_changed": 2,
        "projects_newly_affected": 1,
    }
    assert document["result"]["edges"]["added"][0]["sites"] == [
        {"path": "components/acme/a/core.py", "line": 1, "runtime": True}
    ]
