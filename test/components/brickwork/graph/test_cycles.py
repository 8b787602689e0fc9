from __future__ import annotations

import time

from brickwork import graph
from brickwork.imports import ImportContext
from test.conftest import Sketch, imp


def ring(sketch: Sketch, names: list[str]) -> None:
    """Components importing each other in a ring: names[i] imports names[i + 1], on line i + 1."""
    for i, name in enumerate(names):
        after = names[(i + 1) % len(names)]
        sketch.component(name, files={"core.py": [imp("acme", after, line=i + 1)]})


def test_a_cycle_of_two_bricks_is_reported_as_a_full_chain_with_both_sites(
    sketch: Sketch,
) -> None:
    ring(sketch, ["b", "a"])
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    (cycle,) = graph.find_cycles(g)

    assert cycle.bricks == ("a", "b")
    assert cycle.chain == "a -> b -> a"
    root = sketch.root / "components" / "acme"
    assert [(s.path, s.line) for s in cycle.sites] == [
        (root / "a" / "core.py", 2),
        (root / "b" / "core.py", 1),
    ]
    assert cycle.complete and cycle.group == ("a", "b")


def test_cycles_of_three_and_five_bricks_are_reported_as_full_chains(sketch: Sketch) -> None:
    ring(sketch, ["c", "a", "b"])
    ring(sketch, ["v", "w", "x", "y", "z"])
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    cycles = graph.find_cycles(g)

    assert [c.chain for c in cycles] == [
        "a -> b -> c -> a",
        "v -> w -> x -> y -> z -> v",
    ]
    assert [len(c.sites) for c in cycles] == [3, 5]


def test_every_cycle_of_a_group_is_listed_not_only_pairs(sketch: Sketch) -> None:
    sketch.component("a", files={"m.py": [imp("acme.b"), imp("acme.c")]})
    sketch.component("b", files={"m.py": [imp("acme.a"), imp("acme.c")]})
    sketch.component("c", files={"m.py": [imp("acme.a")]})
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    chains = [c.chain for c in graph.find_cycles(g)]

    assert chains == ["a -> b -> a", "a -> c -> a", "a -> b -> c -> a"]


def test_type_checking_imports_do_not_close_a_cycle(sketch: Sketch) -> None:
    sketch.component("a", files={"m.py": [imp("acme.b")]})
    tc = ImportContext.TYPE_CHECKING
    sketch.component("b", files={"m.py": [imp("acme.a", context=tc)]})
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    assert graph.find_cycles(g) == ()
    assert [c.chain for c in graph.find_cycles(g, runtime_only=False)] == ["a -> b -> a"]


def test_a_group_whose_cycles_are_all_too_long_is_still_reported_once(sketch: Sketch) -> None:
    names = [f"b{i:02}" for i in range(12)]
    ring(sketch, names)
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    (cycle,) = graph.find_cycles(g, max_length=5)

    assert cycle.bricks == tuple(names)
    assert not cycle.complete


def test_a_complete_graph_of_thirty_bricks_finishes_quickly_with_capped_cycles(
    sketch: Sketch,
) -> None:
    names = [f"n{i:02}" for i in range(30)]
    for name in names:
        sketch.component(name, files={"m.py": [imp("acme", *[n for n in names if n != name])]})
    g = graph.build_graph(sketch.workspace(), sketch.scan())

    started = time.perf_counter()
    cycles = graph.find_cycles(g)
    elapsed = time.perf_counter() - started

    assert elapsed < 2.0
    assert len(cycles) == graph.MAX_CYCLES_PER_GROUP
    assert all(not c.complete and len(c.group) == 30 for c in cycles)
