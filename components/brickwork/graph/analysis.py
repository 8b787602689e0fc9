"""Questions asked of the brick graph: cycles, and what a set of bricks lacks or carries."""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

from brickwork.graph.core import BrickGraph, closure
from brickwork.imports import ImportSite

#: Cycles longer than this are not searched for (a group with only longer cycles is still
#: reported once, with one cycle found by a depth-first search).
MAX_CYCLE_LENGTH = 10
#: At most this many cycles are listed per group of strongly connected bricks.
MAX_CYCLES_PER_GROUP = 20


@dataclass(frozen=True)
class Cycle:
    """Bricks that import each other in a ring: bricks[0] -> bricks[1] -> ... -> bricks[0]."""

    bricks: tuple[str, ...]
    """Starts at the alphabetically first brick of the ring."""
    sites: tuple[ImportSite, ...]
    """sites[i] is where bricks[i] imports bricks[i + 1] (the last: where it imports bricks[0])."""
    group: tuple[str, ...]
    """The strongly connected bricks the cycle belongs to."""
    complete: bool = True
    """False when the group may hold cycles that are not listed (too many or too long)."""

    @property
    def chain(self) -> str:
        return " -> ".join((*self.bricks, self.bricks[0]))


def _rotate(nodes: Sequence[str]) -> tuple[str, ...]:
    start = nodes.index(min(nodes))
    return tuple(nodes[start:]) + tuple(nodes[:start])


def _has_cycle(graph: BrickGraph, *, runtime_only: bool) -> bool:
    """Whether any brick reaches itself through the edges: bricks that import nothing left
    are peeled off one by one; a cycle is what cannot be (one pass over the edges)."""
    left = {brick: len(graph.uses(brick, runtime_only=runtime_only)) for brick in graph.bricks}
    ready = [brick for brick, count in left.items() if not count]
    peeled = 0
    while ready:
        peeled += 1
        for user in graph.used_by(ready.pop(), runtime_only=runtime_only):
            left[user] -= 1
            if not left[user]:
                ready.append(user)
    return peeled < len(left)


def find_cycles(
    graph: BrickGraph,
    *,
    runtime_only: bool = True,
    max_length: int = MAX_CYCLE_LENGTH,
    max_per_group: int = MAX_CYCLES_PER_GROUP,
) -> tuple[Cycle, ...]:
    """Every brick cycle, each as a full chain with the import site of every edge.

    Bounded so that pathological graphs stay fast: per strongly connected group, cycles of at
    most `max_length` bricks, at most `max_per_group` of them; every group is reported at least
    once. Type-only (TYPE_CHECKING) imports do not form cycles unless `runtime_only` is False.
    networkx is imported only when the graph has a cycle.
    """
    if not _has_cycle(graph, runtime_only=runtime_only):
        return ()
    import networkx as nx  # heavy: only a graph with a cycle needs it

    digraph = graph.digraph(runtime_only=runtime_only)
    groups = sorted(
        (tuple(sorted(c)) for c in nx.strongly_connected_components(digraph) if len(c) > 1),
        key=lambda g: g[0],
    )
    cycles: list[Cycle] = []
    for group in groups:
        # networkx walks sets of nodes; integer labels make the walk (and so which cycles a
        # capped search finds) the same in every process, whatever the string hash seed.
        index = {brick: i for i, brick in enumerate(group)}
        sub: nx.DiGraph[int] = nx.DiGraph()
        sub.add_nodes_from(range(len(group)))
        sub.add_edges_from(sorted((index[u], index[v]) for u, v in digraph.subgraph(group).edges))
        bound = min(max_length, len(group))
        found = islice(nx.simple_cycles(sub, length_bound=bound), max_per_group + 1)
        rings = [_rotate([group[i] for i in ring]) for ring in found]
        complete = len(rings) <= max_per_group and len(group) <= max_length
        if not rings:  # every ring of this group is longer than the bound
            edges = nx.find_cycle(sub, source=0)
            rings = [_rotate([group[source] for source, _target in edges])]
        for ring in sorted(set(rings[:max_per_group]), key=lambda r: (len(r), r)):
            sites = tuple(
                graph.first_site(ring[i], ring[(i + 1) % len(ring)], runtime_only=runtime_only)
                for i in range(len(ring))
            )
            cycles.append(Cycle(ring, sites, group, complete))
    return tuple(cycles)


@dataclass(frozen=True)
class Missing:
    """A brick needed by a set of bricks (e.g. a project's) that the set does not include."""

    brick: str
    chain: tuple[str, ...]
    """From an included brick to `brick`, following runtime imports (shortest first)."""
    site: ImportSite
    """Where chain[-2] imports `brick`."""


def _start_order(graph: BrickGraph, bricks: Iterable[str]) -> list[str]:
    """Bases first, then components, each alphabetically: chains start where programs do."""
    return sorted((b for b in set(bricks) if b in graph), key=lambda b: (not graph.is_base(b), b))


def missing_bricks(
    graph: BrickGraph,
    bricks: Iterable[str],
    *,
    start: Iterable[str] | None = None,
    provided: Collection[str] = (),
) -> tuple[Missing, ...]:
    """The bricks that `bricks` need at runtime, transitively, but do not include.

    `start`: where the walk starts when not from all of `bricks` (a project's needed bricks,
    not the ones nothing needs). `provided`: bricks that arrive another way (with a
    dependency); they are not missing, and the walk does not go through them (what they
    need comes with them). Each missing brick is reported once, with the shortest chain
    found from the bricks the walk starts at."""
    included = set(bricks) | set(provided)
    first = included if start is None else set(start)
    order = _start_order(graph, first - set(provided))
    parent: dict[str, tuple[str, ImportSite] | None] = dict.fromkeys(order)
    queue = deque(order)
    found: list[Missing] = []
    while queue:
        brick = queue.popleft()
        if brick in provided:
            continue
        for target in graph.uses(brick, runtime_only=True):
            if target in parent:
                continue
            site = graph.first_site(brick, target, runtime_only=True)
            parent[target] = (brick, site)
            queue.append(target)
            if target not in included:
                chain = [target]
                step = parent[target]
                while step is not None:
                    chain.append(step[0])
                    step = parent[step[0]]
                found.append(Missing(target, tuple(reversed(chain)), site))
    return tuple(found)


def unused_bricks(
    graph: BrickGraph, bricks: Iterable[str], roots: Iterable[str]
) -> tuple[str, ...]:
    """The bricks of `bricks` that no root needs at runtime, transitively (roots excluded).

    `roots` are where a program starts: a project's bases, and bricks it loads by other means
    (entry points). With no roots nothing is unused: there is nothing to measure need from."""
    included = set(bricks)
    start = [r for r in roots if r in included]
    if not start:
        return ()
    needed = set(closure(graph, start, runtime_only=True))
    return tuple(sorted(included - needed))
