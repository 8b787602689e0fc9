"""Exact output of `poly deps`: the matrix, the list, one brick, JSON and the graphs."""

from __future__ import annotations

from brickwork import graph, imports, report, workspace
from test.conftest import Sketch, imp

TYPING = imports.ImportContext.TYPE_CHECKING


def shop(sketch: Sketch) -> tuple[workspace.Workspace, graph.BrickGraph]:
    """api uses core (runtime) and log (typing only); core uses log; nothing cycles."""
    sketch.component("core", files={"__init__.py": [imp("acme.log")]})
    sketch.component("log")
    sketch.base("api", files={"__init__.py": [imp("acme.core"), imp("acme.log", context=TYPING)]})
    sketch.project("svc", ["api", "core", "log"])
    ws = sketch.workspace()
    return ws, graph.build_graph(ws, sketch.scan())


def test_deps_text_of_the_workspace_is_a_matrix_with_runtime_and_typing_marks(
    sketch: Sketch,
) -> None:
    ws, full = shop(sketch)

    lines = report.deps_lines(graph.build_view(ws, full))

    assert lines == [
        "<b>workspace</b>: 2 components, 1 base",
        "",
        "                                 c l a",
        "                                 o o p",
        "                                 r g i",
        "                                 e",
        "brick  kind       uses  used by",
        "<comment>core</>   component  1     1        · x ·",
        "<comment>log</>    component  0     2        · · ·",
        "<c2>api</>    base       2     0        x t ·",
        "",
        "x: the brick of the row imports the brick of the column; t: only for type checking",
        "",
        "no cycles",
    ]


def test_deps_text_of_one_brick_lists_direct_and_transitive_neighbours(sketch: Sketch) -> None:
    ws, full = shop(sketch)

    lines = report.deps_lines(graph.build_view(ws, full, brick="api"))

    assert lines == [
        "<b>workspace</b>: 2 components, 1 base",
        "",
        "brick <c2>api</> (base)",
        "uses (2)                   core, log (typing)",
        "uses, transitively (2)     core, log",
        "used by (0)                -",
        "used by, transitively (0)  -",
        "",
        "no cycles",
    ]


def test_deps_text_of_an_empty_workspace_says_no_bricks(sketch: Sketch) -> None:
    ws = sketch.workspace()

    lines = report.deps_lines(graph.build_view(ws, graph.build_graph(ws, sketch.scan())))

    assert lines == ["<b>workspace</b>: 0 components, 0 bases", "", "no bricks", "", "no cycles"]


def test_deps_text_of_many_bricks_is_a_list_with_at_most_six_names_a_cell(
    sketch: Sketch,
) -> None:
    names = [f"c{i:02}" for i in range(41)]
    for name in names[1:]:
        sketch.component(name)
    sketch.component("c00", files={"__init__.py": [imp(f"acme.{n}") for n in names[1:8]]})
    ws = sketch.workspace()
    view = graph.build_view(ws, graph.build_graph(ws, sketch.scan()))

    lines = report.deps_lines(view)

    assert lines[:5] == [
        "<b>workspace</b>: 41 components, 0 bases",
        "",
        "brick  kind       uses                                     used by",
        "<comment>c00</>    component  7: c01, c02, c03, c04, c05, c06 +1 more  0",
        "<comment>c01</>    component  0                                        1: c00",
    ]
    assert len(lines) == 2 + 42 + 2


def test_deps_list_shows_six_names_in_full_and_marks_type_only_uses(sketch: Sketch) -> None:
    names = [f"c{i:02}" for i in range(41)]
    for name in names[2:]:
        sketch.component(name)
    sketch.component("c00", files={"__init__.py": [imp(f"acme.{n}") for n in names[2:8]]})
    sketch.component("c01", files={"__init__.py": [imp("acme.c02", context=TYPING)]})
    ws = sketch.workspace()

    lines = report.deps_lines(graph.build_view(ws, graph.build_graph(ws, sketch.scan())))

    assert "component  6: c02, c03, c04, c05, c06, c07  0" in lines[3]
    assert lines[4].split()[2:5] == ["1:", "c02", "(typing)"]
    assert lines[5].endswith("  2: c00, c01")


def test_deps_text_of_exactly_forty_bricks_is_still_a_matrix(sketch: Sketch) -> None:
    for i in range(40):
        sketch.component(f"c{i:02}")
    ws = sketch.workspace()

    lines = report.deps_lines(graph.build_view(ws, graph.build_graph(ws, sketch.scan())))

    assert lines[2] == " " * 33 + " ".join("c" * 40)


def test_deps_json_is_the_documented_shape(sketch: Sketch) -> None:
    ws, full = shop(sketch)
    svc = workspace.select_projects(ws, ["svc"])

    data = report.deps_data(graph.build_view(ws, full, svc, brick="core"), ws.root)

    assert data["schema"] == "urn:brickwork:schema:deps:2"
    assert data["root"] == str(ws.root)
    assert data["counts"] == {"bricks": 3, "cycles": 0, "missing": 0}
    assert data["result"] == {
        "projects": ["svc"],
        "bricks": [
            {
                "name": "core",
                "kind": "component",
                "uses": ["log"],
                "type_only_uses": [],
                "used_by": ["api"],
            },
            {
                "name": "log",
                "kind": "component",
                "uses": [],
                "type_only_uses": [],
                "used_by": ["api", "core"],
            },
            {
                "name": "api",
                "kind": "base",
                "uses": ["core"],
                "type_only_uses": ["log"],
                "used_by": [],
            },
        ],
        "cycles": [],
        "missing": [],
        "brick": {
            "name": "core",
            "kind": "component",
            "uses": ["log"],
            "type_only_uses": [],
            "used_by": ["api"],
            "uses_transitive": ["log"],
            "used_by_transitive": ["api"],
        },
    }
    assert "brick" not in report.deps_data(graph.build_view(ws, full), ws.root)["result"]


def test_deps_json_names_each_missing_brick_with_its_chain(sketch: Sketch) -> None:
    sketch.component("core", files={"__init__.py": [imp("acme.store")]})
    sketch.component("store", files={"__init__.py": [imp("acme.core")]})
    sketch.project("svc", ["core"])
    ws = sketch.workspace()
    full = graph.build_graph(ws, sketch.scan())

    svc = workspace.select_projects(ws, ["svc"])
    data = report.deps_data(graph.build_view(ws, full, svc), ws.root)["result"]
    whole = report.deps_data(graph.build_view(ws, full), ws.root)

    assert data["missing"] == [{"project": "svc", "brick": "store", "chain": ["core", "store"]}]
    assert whole["result"]["cycles"] == [["core", "store"]]
    assert whole["counts"]["cycles"] == 1


def test_deps_graphs_draw_type_only_imports_dashed(sketch: Sketch) -> None:
    ws, full = shop(sketch)
    view = graph.build_view(ws, full)

    assert report.deps_mermaid(view)[:7] == [
        "graph TD",
        '  core["core"]:::component',
        '  log["log"]:::component',
        '  api[["api"]]:::base',
        "  api --> core",
        "  api -.-> log",
        "  core --> log",
    ]
    assert report.deps_dot(view)[6:9] == [
        '  "api" -> "core";',
        '  "api" -> "log" [style=dashed];',
        '  "core" -> "log";',
    ]


def test_deps_graphs_of_one_brick_leave_out_bricks_unrelated_to_it(sketch: Sketch) -> None:
    sketch.component("core")
    sketch.component("other")
    sketch.base("api", files={"__init__.py": [imp("acme.core")]})
    ws = sketch.workspace()
    view = graph.build_view(ws, graph.build_graph(ws, sketch.scan()), brick="core")

    assert report.deps_mermaid(view)[:4] == [
        "graph TD",
        '  core["core"]:::component',
        '  api[["api"]]:::base',
        "  api --> core",
    ]
