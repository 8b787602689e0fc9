from __future__ import annotations

import pytest

from brickwork import graph, workspace
from test.conftest import Sketch, imp


def ring_through_an_outsider(sketch: Sketch) -> tuple[workspace.Workspace, graph.BrickGraph]:
    """svc includes api and core; core <-> store is a cycle, store is outside svc."""
    sketch.component("core", files={"__init__.py": [imp("acme.store")]})
    sketch.component("store", files={"__init__.py": [imp("acme.core")]})
    sketch.component("log")
    sketch.base("api", files={"__init__.py": [imp("acme.core")]})
    sketch.project("svc", ["api", "core"])
    sketch.project("logger", ["log"])
    return sketch.workspace(), graph.build_graph(sketch.workspace(), sketch.scan())


def test_the_cycles_of_a_scope_include_cycles_through_bricks_outside_it(sketch: Sketch) -> None:
    _, full = ring_through_an_outsider(sketch)

    assert [c.bricks for c in graph.cycles_of(full)] == [("core", "store")]
    assert [c.bricks for c in graph.cycles_of(full, ["api", "core"])] == [("core", "store")]
    assert graph.cycles_of(full, ["log"]) == ()


def test_deps_view_of_a_project_shows_its_bricks_and_the_cycles_check_reports(
    sketch: Sketch,
) -> None:
    ws, full = ring_through_an_outsider(sketch)
    svc = ws.project("svc")
    assert svc is not None

    view = graph.build_view(ws, full, (svc,))

    assert view.ordered() == ["core", "api"]
    assert [c.chain for c in view.cycles] == ["core -> store -> core"]
    assert [(p, m.brick, m.chain) for p, m in view.missing] == [("svc", "store", ("core", "store"))]
    assert view.uses("api") == (["core"], [])


def test_deps_view_of_one_brick_keeps_only_the_cycles_through_it(sketch: Sketch) -> None:
    ws, full = ring_through_an_outsider(sketch)

    assert graph.build_view(ws, full, brick="log").cycles == ()
    assert len(graph.build_view(ws, full, brick="store").cycles) == 1


@pytest.mark.parametrize(
    ("brick", "projects", "message"),
    [
        ("stor", (), "unknown brick 'stor'; did you mean store[?] `poetry poly info` lists"),
        ("log", ("svc",), "brick 'log' is not in project svc; drop --projects to see it."),
    ],
)
def test_deps_view_rejects_unknown_bricks_and_bricks_outside_the_projects(
    sketch: Sketch, brick: str, projects: tuple[str, ...], message: str
) -> None:
    ws, full = ring_through_an_outsider(sketch)
    selected = workspace.select_projects(ws, projects)

    with pytest.raises(workspace.PolyError, match=message):
        graph.build_view(ws, full, selected, brick)


def test_with_closure_is_the_bases_then_every_brick_they_need_at_runtime(sketch: Sketch) -> None:
    ws, full = ring_through_an_outsider(sketch)
    api = ws.brick("api")
    assert api is not None

    assert [b.name for b in graph.with_closure(ws, full, [api])] == ["api", "core", "store"]
    assert graph.with_closure(ws, full, []) == ()
