"""Why a project needs a brick or a library: the import chains from what makes the project
need bricks (its roots) to it, each hop with the file:line of its import (`deps --why`).

The walk follows runtime imports only (`TYPE_CHECKING` imports never make a brick needed):
required, optional and guarded ones, each hop carrying its class so that a chain through an
optional or guarded import is shown as such (ADR 0023). Chains are shortest chains; by default
one per distinct first hop (each root, and each brick a root imports on the way), with `every`
one per distinct first hop and last importer. Every simple chain is never listed: their number
grows exponentially with the graph."""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from brickwork.graph.core import BrickGraph
from brickwork.imports import ImportSite


@dataclass(frozen=True)
class WhyRoot:
    """Where need starts: a brick of the project (a base, an allowed brick, every listed brick
    of an unmeasured project) or a project-local package's import of a brick."""

    origin: str
    """`base`, `allow`, `listed`, `package` or `unneeded` (listed, but nothing needs it)."""
    brick: str
    """The brick the chain starts at (for `package`: the brick the package imports; empty
    when the package imports the target library itself)."""
    package: str = ""
    """For `package`: the module of the project's own package that imports."""
    site: ImportSite | None = None
    """For `package`: the import of `brick` (or of the library) in the package."""


@dataclass(frozen=True)
class WhyHop:
    """One brick of a chain and the import that reaches it from the previous one."""

    brick: str
    site: ImportSite | None
    """None for the first brick of a chain that starts at a brick of the project."""


@dataclass(frozen=True)
class WhyChain:
    """One way from a root to the target."""

    root: WhyRoot
    hops: tuple[WhyHop, ...]
    end: ImportSite | None = None
    """For a library: where the last brick (or the package) imports it."""

    @property
    def sites(self) -> tuple[ImportSite, ...]:
        found = [h.site for h in self.hops if h.site is not None]
        return (*found, *((self.end,) if self.end is not None else ()))

    @property
    def required(self) -> bool:
        """Whether every import of the chain is required (module level or lazy): none is
        optional or guarded."""
        return all(s.context.required for s in self.sites)


def best_site(graph: BrickGraph, source: str, target: str) -> ImportSite:
    """The import shown for the edge `source -> target` (`_first` of its runtime sites; the
    edge must have one)."""
    return _first([s for s in graph.sites(source, target) if s.runtime])


def _first(sites: Sequence[ImportSite]) -> ImportSite:
    """The site that best shows need: required at module level, then lazy, then optional or
    guarded; the first in file order among equals."""
    return min(sites, key=lambda s: (not s.context.required, s.context.lazy))


def _distances(
    graph: BrickGraph, targets: Collection[str], stop: Collection[str]
) -> dict[str, int]:
    """Runtime-import distance from each brick to the nearest of `targets` (walking backwards;
    a brick of `stop` is never walked through)."""
    dist = {t: 0 for t in targets if t in graph}
    queue = deque(dist)
    while queue:
        brick = queue.popleft()
        for before in graph.used_by(brick, runtime_only=True):
            if before not in dist and before not in stop:
                dist[before] = dist[brick] + 1
                queue.append(before)
    return dist


def _path(graph: BrickGraph, start: str, dist: Mapping[str, int]) -> list[str]:
    """A shortest path from `start` to a target (by `dist`), the first by name at each step."""
    path = [start]
    while dist[path[-1]] > 0:
        here = path[-1]
        path.append(
            next(b for b in graph.uses(here, runtime_only=True) if dist.get(b) == dist[here] - 1)
        )
    return path


def find_chains(
    graph: BrickGraph,
    roots: Sequence[WhyRoot],
    targets: Mapping[str, Sequence[ImportSite]],
    *,
    stop: Collection[str] = (),
    every: bool = False,
) -> tuple[WhyChain, ...]:
    """The chains from `roots` to `targets` (brick -> the sites where it imports the target
    library; an empty sequence for the target brick itself), shortest first.

    One chain per distinct first hop: a root that is a target itself is one chain; else, for
    each brick the root imports that leads to a target, the shortest chain through it. With
    `every`, one such chain per first hop and target (every importer of a library shows).
    A brick of `stop` (shipped by another distribution) ends a walk."""
    groups: list[Collection[str]] = [[t] for t in targets] if every else [list(targets)]
    found: dict[tuple[object, ...], WhyChain] = {}
    for root in roots:
        if root.brick == "" and root.site is not None:  # the package imports the library
            found.setdefault((root, "", ""), WhyChain(root, (), root.site))
    for group in groups:
        dist = _distances(graph, group, stop)
        for root in roots:
            if root.brick not in dist:
                continue
            first = WhyHop(root.brick, root.site)
            if dist[root.brick] == 0:
                chain = _chain(graph, root, [root.brick], first, targets)
                found.setdefault((root, "", root.brick), chain)
                continue
            if root.brick in stop:
                continue
            for nxt in graph.uses(root.brick, runtime_only=True):
                if nxt not in dist:
                    continue
                path = [root.brick, *_path(graph, nxt, dist)]
                if root.brick in path[1:]:
                    continue  # its shortest way leads back through the root: not simple
                chain = _chain(graph, root, path, first, targets)
                found.setdefault((root, nxt, path[-1]), chain)
    return tuple(sorted(found.values(), key=_order))


def _chain(
    graph: BrickGraph,
    root: WhyRoot,
    path: list[str],
    first: WhyHop,
    targets: Mapping[str, Sequence[ImportSite]],
) -> WhyChain:
    hops = [first]
    for before, brick in pairwise(path):
        hops.append(WhyHop(brick, best_site(graph, before, brick)))
    ends = targets.get(path[-1], ())
    end = _first(ends) if ends else None
    return WhyChain(root, tuple(hops), end)


_ORIGINS = ("base", "allow", "listed", "package", "unneeded")


def _order(chain: WhyChain) -> tuple[object, ...]:
    return (
        chain.root.origin == "unneeded",
        not chain.required,
        len(chain.hops),
        _ORIGINS.index(chain.root.origin) if chain.root.origin in _ORIGINS else 9,
        chain.root.package,
        tuple(h.brick for h in chain.hops),
    )


def reaches(
    graph: BrickGraph, starts: Iterable[str], targets: Collection[str], stop: Collection[str]
) -> bool:
    """Whether a runtime import chain leads from one of `starts` to one of `targets`."""
    dist = _distances(graph, targets, stop)
    return any(s in dist for s in starts)
