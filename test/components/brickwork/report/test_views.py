from __future__ import annotations

from brickwork import graph, libs, report, workspace
from test.conftest import Sketch, imp


def shop(sketch: Sketch) -> tuple[workspace.Workspace, graph.BrickGraph]:
    sketch.component("core", files={"__init__.py": [imp("acme.store")]})
    sketch.component("store", files={"__init__.py": [imp("acme.core")]})
    sketch.base("api", files={"__init__.py": [imp("acme.core")]})
    sketch.project("svc", ["api", "core"])
    ws = sketch.workspace()
    return ws, graph.build_graph(ws, sketch.scan())


def test_deps_text_of_a_project_has_summary_matrix_missing_bricks_and_cycles(
    sketch: Sketch,
) -> None:
    ws, full = shop(sketch)
    view = graph.build_view(ws, full, workspace.select_projects(ws, ["svc"]))

    lines = report.deps_lines(view)

    assert lines[0] == "<b>project svc</b>: 1 component, 1 base"
    assert "x: the brick of the row imports the brick of the column" in lines[-7]
    assert lines[-5:] == [
        "<error>missing bricks (1):</error>",
        "  svc: store, needed by core -> store",
        "",
        "<fg=yellow>cycles (1):</>",
        "  core -> store -> core",
    ]


def test_deps_json_of_one_brick_adds_its_transitive_neighbours(sketch: Sketch) -> None:
    ws, full = shop(sketch)

    data = report.deps_data(graph.build_view(ws, full, brick="api"), ws.root)["result"]

    assert data["brick"]["uses_transitive"] == ["core", "store"]
    assert data["cycles"] == []
    assert [b["name"] for b in data["bricks"]] == ["core", "store", "api"]


def test_deps_graphs_of_one_brick_draw_its_neighbourhood(sketch: Sketch) -> None:
    ws, full = shop(sketch)
    view = graph.build_view(ws, full, brick="store")

    assert "  api --> core" in report.deps_mermaid(view)
    assert '  "core" -> "store";' in report.deps_dot(view)


def test_info_lists_bricks_against_projects_and_labels_the_development_project(
    sketch: Sketch,
) -> None:
    ws, _ = shop(sketch)

    lines = report.info_lines(ws, short=False)
    data = report.info_data(ws)["result"]

    assert lines[1] == "  projects: <c1>1</>  components: <c1>2</>  bases: <c1>1</>"
    assert lines[3].split() == ["brick", "kind", "svc", "development"]
    assert lines[4].split() == ["<comment>core</>", "component", "✔", "✔"]
    assert [p["label"] for p in data["projects"]] == ["development", "svc"]


def test_libs_text_and_json_render_a_project_and_the_findings(sketch: Sketch) -> None:
    ws, _ = shop(sketch)
    svc = ws.project("svc")
    assert svc is not None
    missing = workspace.Finding("BW201", "svc imports <yaml>", ws.root / "pyproject.toml", 2)
    result = libs.LibsReport(
        bricks=(libs.BrickLibraries("core", workspace.BrickKind.COMPONENT, {"pyyaml": ("yaml",)}),),
        projects=(
            libs.ProjectLibraries(
                svc,
                None,
                None,
                (libs.ProjectLibrary("pyyaml", libs.LibraryStatus.OK, True, ">=6", "", "6.0.1"),),
            ),
        ),
        versions=(),
        findings=(missing,),
    )

    lines = report.libs_lines(ws, result, selected=True)
    whole = report.libs_data(ws, result, strict=False, selected=True, exit_code=1)
    data = whole["result"]

    assert lines[0] == "<b>libraries per brick</b>"
    assert "lock: none  venv: none" in lines[4]
    assert lines[-3] == ("pyproject.toml:2: <b>BW201</b> <fg=red>error</> svc imports \\<yaml>")
    assert lines[-1] == "<error>✘ 1 error, 0 warnings</>"
    assert data["findings"] == [report.finding_dict(missing, ws.root)]
    assert whole["exit_code"] == 1
    assert data["projects"][0]["libraries"][0]["locked"] == "6.0.1"
