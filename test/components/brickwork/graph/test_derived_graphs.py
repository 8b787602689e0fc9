"""Graphs made from a graph (a filter by import class and suppression, a rebuild of some
bricks' edges) answer exactly as a graph built or filtered the long way, and are made once."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from brickwork import graph
from brickwork.imports import ImportContext, ImportSite
from test.conftest import Sketch, imp

C = ImportContext


def _answers(g: graph.BrickGraph) -> object:
    """Everything a caller can ask of a graph, in the order it answers."""
    per_brick = [
        (b, g.uses(b), g.uses(b, runtime_only=True), g.used_by(b), g.used_by(b, runtime_only=True))
        for b in g.bricks
    ]
    edges = [(s, t, g.sites(s, t), g.is_runtime(s, t)) for s, t in g.edges()]
    return g.bricks, per_brick, edges, g.edges(runtime_only=True)


def _mixed(sketch: Sketch) -> graph.BrickGraph:
    """Edges with one class of site, with several, with ignored lines, type-only ones."""
    sketch.base(
        "api",
        files={
            "m.py": [
                imp("acme", "store", line=1),
                imp("acme", "plugins", line=2, context=C.OPTIONAL),
                imp("acme", "store", line=3, context=C.OPTIONAL),
                imp("acme", "winreg", line=4, context=C.GUARDED),
                imp("acme", "hints", line=5, context=C.TYPE_CHECKING),
                imp("acme", "cache", line=6, ignored=("BW101",)),
                imp("acme", "cache", line=7, context=C.LAZY),
            ],
            "n.py": [imp("acme", "store", line=1, context=C.GUARDED_LAZY, ignored=("*",))],
        },
    )
    sketch.component("store", files={"m.py": [imp("acme", "cache", line=2, ignored=("BW106",))]})
    sketch.component("cache", files={"m.py": [imp("acme", "store", line=1, context=C.LAZY)]})
    for name in ("plugins", "winreg", "hints"):
        sketch.component(name)
    return graph.build_graph(sketch.workspace(), sketch.scan())


@pytest.mark.parametrize(
    "contexts",
    [None, *itertools.combinations(C, 1), (C.MODULE, C.LAZY, C.GUARDED_LAZY), tuple(C)[:-1]],
)
@pytest.mark.parametrize("unless", [None, "BW101", "BW106"])
def test_a_filtered_graph_answers_as_the_same_filter_applied_site_by_site(
    sketch: Sketch, contexts: tuple[ImportContext, ...] | None, unless: str | None
) -> None:
    g = _mixed(sketch)
    allowed = set(C) if contexts is None else set(contexts)

    def keep(site: ImportSite) -> bool:
        return site.context in allowed and (unless is None or not site.suppresses(unless))

    assert _answers(g.filtered(contexts, unless=unless)) == _answers(g.keeping(keep))


def test_a_filtered_graph_is_made_once_per_graph_and_question(sketch: Sketch) -> None:
    g = _mixed(sketch)

    without = g.without("BW101")

    assert g.without("BW101") is without
    assert g.filtered(unless="BW101") is without
    assert g.filtered([C.MODULE]) is g.filtered((C.MODULE,))
    assert g.filtered() is g  # nothing to drop: the graph itself
    assert [s.line for s in without.sites("api", "cache")] == [7]
    kept = [(s.path.name, s.line) for s in without.sites("api", "store")]
    assert kept == [("m.py", 1), ("m.py", 3)] and len(g.sites("api", "store")) == 3


def test_rebuilding_some_bricks_edges_answers_as_a_graph_built_from_the_whole_scan(
    sketch: Sketch,
) -> None:
    g = _mixed(sketch)
    ws, scan = sketch.workspace(), sketch.scan()
    api = scan.bricks["api"]
    store = scan.bricks["store"]
    # what a wheel holds when its exclude leaves out api's n.py and all of store's files
    shipped = replace(
        scan,
        bricks={
            **scan.bricks,
            "api": replace(api, files=tuple(f for f in api.files if f.path.name == "m.py")),
            "store": replace(store, files=()),
        },
    )

    rebuilt = graph.build_graph(ws, shipped, like=g, changed=["api", "store"])

    assert _answers(rebuilt) == _answers(graph.build_graph(ws, shipped))
    assert rebuilt.used_by("cache") == ("api",) and g.used_by("cache") == ("api", "store")
    assert _answers(g) == _answers(graph.build_graph(ws, scan))  # the first is unchanged
