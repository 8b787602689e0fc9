"""`graph.find_chains`: shortest import chains from a project's roots to a target, one per
distinct first hop (and with `every`, per first hop and last importer), never through a brick
another distribution ships."""

from __future__ import annotations

from brickwork import graph
from brickwork.imports import ImportContext
from test.conftest import Sketch, imp


def diamond(sketch: Sketch) -> graph.BrickGraph:
    """api -> orders -> db, api -> billing -> db (optional), api -> cache; db and cache import
    the library (sites given as targets by the caller)."""
    sketch.component("db")
    sketch.component("cache")
    sketch.component("orders", {"__init__.py": [imp("acme.db")]})
    sketch.component("billing", {"__init__.py": [imp("acme.db", context=ImportContext.OPTIONAL)]})
    sketch.base(
        "api",
        {
            "core.py": [
                imp("acme", "orders", line=1),
                imp("acme", "billing", line=2),
                imp("acme", "cache", line=3),
            ]
        },
    )
    return graph.build_graph(sketch.workspace(), sketch.scan())


def names(chains: tuple[graph.WhyChain, ...]) -> list[list[str]]:
    return [[h.brick for h in c.hops] for c in chains]


def test_one_shortest_chain_per_first_hop_required_ones_first(sketch: Sketch) -> None:
    bricks = diamond(sketch)

    chains = graph.find_chains(bricks, [graph.WhyRoot("base", "api")], {"db": []})

    assert names(chains) == [["api", "orders", "db"], ["api", "billing", "db"]]
    assert [c.required for c in chains] == [True, False]
    assert chains[1].hops[2].site is not None
    assert chains[1].hops[2].site.context is ImportContext.OPTIONAL


def test_every_gives_a_chain_per_first_hop_and_importer(sketch: Sketch) -> None:
    sketch.component("db")
    sketch.component("cache")
    sketch.component("orders", {"__init__.py": [imp("acme.db"), imp("acme.cache", line=2)]})
    sketch.base("api", {"core.py": [imp("acme", "orders")]})
    bricks = graph.build_graph(sketch.workspace(), sketch.scan())
    targets: dict[str, list[graph.ImportSite]] = {"db": [], "cache": []}
    root = graph.WhyRoot("base", "api")

    some = graph.find_chains(bricks, [root], targets)
    every = graph.find_chains(bricks, [root], targets, every=True)

    assert names(some) == [["api", "orders", "cache"]]
    assert names(every) == [["api", "orders", "cache"], ["api", "orders", "db"]]


def test_a_brick_another_distribution_ships_ends_the_walk(sketch: Sketch) -> None:
    bricks = diamond(sketch)

    chains = graph.find_chains(
        bricks, [graph.WhyRoot("base", "api")], {"db": []}, stop=frozenset({"orders"})
    )

    assert names(chains) == [["api", "billing", "db"]]
