"""The graph keeps every runtime import site with its class: optional and guarded imports are
runtime edges (cycles, closures), and `keeping` narrows the graph to the sites a rule counts."""

from __future__ import annotations

import pytest

from brickwork import graph
from brickwork.imports import ImportContext
from test.conftest import Sketch, imp

C = ImportContext


@pytest.mark.parametrize(
    "context", [C.OPTIONAL, C.OPTIONAL_LAZY, C.GUARDED, C.GUARDED_LAZY, C.LAZY, C.MODULE]
)
def test_every_runtime_class_is_a_runtime_edge_and_closes_a_cycle(
    sketch: Sketch, context: ImportContext
) -> None:
    sketch.component("a", files={"m.py": [imp("acme", "b", line=3, context=context)]})
    sketch.component("b", files={"m.py": [imp("acme", "a", line=1)]})
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    (cycle,) = graph.find_cycles(g)

    assert g.is_runtime("a", "b")
    assert context in graph.RUNTIME_CONTEXTS
    assert cycle.chain == "a -> b -> a" and cycle.sites[0].context is context


def test_type_only_sites_are_the_only_ones_that_are_not_runtime() -> None:
    assert {c for c in C if c not in graph.RUNTIME_CONTEXTS} == {C.TYPE_CHECKING}


def test_keeping_drops_the_sites_a_rule_does_not_count_and_edges_left_with_none(
    sketch: Sketch,
) -> None:
    sketch.base(
        "api",
        files={
            "m.py": [
                imp("acme", "store", line=1),
                imp("acme", "plugins", line=2, context=C.OPTIONAL),
                imp("acme", "store", line=3, context=C.OPTIONAL),
                imp("acme", "winreg", line=4, context=C.GUARDED),
            ]
        },
    )
    for name in ("store", "plugins", "winreg"):
        sketch.component(name)
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    required = g.keeping(lambda site: site.required)

    assert g.uses("api", runtime_only=True) == ("plugins", "store", "winreg")
    assert required.uses("api", runtime_only=True) == ("store",)
    assert [s.line for s in required.sites("api", "store")] == [1]
    assert g.keeping(lambda site: True) is g


def test_a_site_says_where_it_is_for_messages(sketch: Sketch) -> None:
    sketch.base(
        "api",
        files={
            "m.py": [
                imp("acme", "a", line=1),
                imp("acme", "b", line=2, context=C.LAZY),
                imp("acme", "c", line=3, context=C.OPTIONAL_LAZY),
                imp("acme", "d", line=4, context=C.GUARDED_LAZY),
                imp("acme", "e", line=5, context=C.TYPE_CHECKING),
            ]
        },
    )
    for name in "abcde":
        sketch.component(name)
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    where = {t: g.sites("api", t)[0].where for t in "abcde"}

    assert where == {
        "a": "at module level",
        "b": "inside a function",
        "c": "inside a try/except that survives a failed import",
        "d": "under an if/else guard inside a function",
        "e": "under TYPE_CHECKING",
    }
