"""The brick graph stored as plain data and read back: the same graph, its sites made when asked."""

from __future__ import annotations

import marshal
from typing import Any

import pytest

from brickwork import graph, workspace
from brickwork.imports import ImportContext
from brickwork.reuse import plain
from test.conftest import Sketch, imp

TC = ImportContext.TYPE_CHECKING
OPTIONAL = ImportContext.OPTIONAL


def _stored(sketch: Sketch) -> tuple[graph.BrickGraph, Any]:
    sketch.component("log")
    sketch.component("db")
    sketch.component(
        "core",
        files={
            "impl.py": [
                imp("acme", "log", line=3),
                imp("acme.db.engine", line=7, context=TC),
                imp("acme.log", "get", line=9, context=OPTIONAL, ignored=("BW101",)),
            ],
        },
    )
    sketch.base("api", files={"app.py": [imp("acme.core", "run", line=1)]})
    made = graph.build_graph(sketch.workspace(), sketch.scan())
    # what the store writes: marshal of the plain data
    return made, marshal.loads(marshal.dumps(plain.graph_plain(made)))


def test_a_stored_graph_reads_back_as_the_same_graph(sketch: Sketch) -> None:
    made, data = _stored(sketch)

    back = plain.graph_from_plain(data)

    assert back.bricks == made.bricks
    for runtime_only in (False, True):
        assert back.edges(runtime_only=runtime_only) == made.edges(runtime_only=runtime_only)
    for source, target in made.edges():
        assert back.sites(source, target) == made.sites(source, target)
        assert back.is_runtime(source, target) == made.is_runtime(source, target)
    for question in ((OPTIONAL,), (TC,), None):
        filtered, again = made.filtered(question), back.filtered(question)
        assert again.edges() == filtered.edges()
    assert back.without("BW101").sites("core", "log") == made.without("BW101").sites("core", "log")


def test_a_stored_graph_makes_the_sites_of_an_edge_only_when_asked(sketch: Sketch) -> None:
    _, data = _stored(sketch)
    paths, kinds, edges = data
    # a site that does not read back: nothing fails until a caller asks for that edge's sites
    damaged = [(*edge[:4], [("not", "a", "site")]) if edge[1] == "db" else edge for edge in edges]

    back = plain.graph_from_plain((paths, kinds, damaged))

    assert back.uses("core") == ("db", "log")
    assert back.uses("core", runtime_only=True) == ("log",)
    assert back.sites("core", "log")[0].line == 3
    with pytest.raises(workspace.PolyError, match="delete the cache folder"):
        back.sites("core", "db")


def test_a_stored_graph_of_another_shape_is_malformed(sketch: Sketch) -> None:
    _, data = _stored(sketch)
    paths, kinds, edges = data

    with pytest.raises(plain.Malformed):
        plain.graph_from_plain((paths, kinds, [edge[:3] for edge in edges]))
    with pytest.raises(plain.Malformed):
        plain.graph_from_plain((paths, kinds, [(*edge[:2], "3", *edge[3:]) for edge in edges]))
