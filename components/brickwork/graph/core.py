"""The brick graph: which brick imports which, with the location of every import."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from brickwork import workspace
from brickwork.imports import Import, ImportContext, WorkspaceImports

RUNTIME_CONTEXTS = frozenset({ImportContext.MODULE, ImportContext.LAZY})


@dataclass(frozen=True)
class Target:
    """A name under the workspace namespace that one import refers to.

    `import acme.x.core` -> Target("x", "core", "acme.x.core");
    `from acme import x` and `from acme.x import thing` -> Target("x", "", ...).
    """

    name: str
    """The first part after the namespace: a brick's name when it is one."""
    submodule: str
    """`""` for the brick's interface, else the module inside it (`core`, `core.db`)."""
    dotted: str
    """The dotted name as imported."""


def namespace_targets(namespace: str, imp: Import) -> tuple[Target, ...]:
    """The names under `namespace` that `imp` imports (none for third-party imports)."""
    prefix = namespace + "."
    if imp.module == namespace:
        dotted_names = [f"{namespace}.{n}" for n in imp.names if n != "*"]
    elif imp.module.startswith(prefix):
        dotted_names = [imp.module]
    else:
        return ()
    found: dict[tuple[str, str], Target] = {}
    for dotted in dotted_names:
        name, _, submodule = dotted[len(prefix) :].partition(".")
        submodule = "" if submodule == "__init__" else submodule  # the interface itself
        if name:
            found.setdefault((name, submodule), Target(name, submodule, dotted))
    return tuple(found.values())


@dataclass(frozen=True)
class ImportSite:
    """Where one brick imports another."""

    path: Path
    line: int
    context: ImportContext
    module: str
    """The dotted name imported (`acme.x` or `acme.x.core`)."""
    ignored: tuple[str, ...] = ()
    """Codes suppressed on the line (`("*",)`: all)."""

    @property
    def runtime(self) -> bool:
        """Needed when the program runs (module level or lazy), not only by type checkers."""
        return self.context in RUNTIME_CONTEXTS

    def suppresses(self, code: str) -> bool:
        return "*" in self.ignored or code in self.ignored


class BrickGraph:
    """Bricks and the imports between them. Treat as immutable: methods return new graphs."""

    __slots__ = ("_graph", "_runtime_used_by", "_runtime_uses", "_used_by", "_uses")

    def __init__(self, graph: nx.DiGraph[str]) -> None:
        self._graph = graph
        # Adjacency as sorted tuples, once: rules walk it for every project.
        uses: dict[str, list[str]] = {n: [] for n in graph}
        used_by: dict[str, list[str]] = {n: [] for n in graph}
        runtime_uses: dict[str, list[str]] = {n: [] for n in graph}
        runtime_used_by: dict[str, list[str]] = {n: [] for n in graph}
        for source, target, data in graph.edges(data=True):
            uses[source].append(target)
            used_by[target].append(source)
            if data["runtime"]:
                runtime_uses[source].append(target)
                runtime_used_by[target].append(source)

        def frozen(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
            return {node: tuple(sorted(names)) for node, names in table.items()}

        self._uses = frozen(uses)
        self._used_by = frozen(used_by)
        self._runtime_uses = frozen(runtime_uses)
        self._runtime_used_by = frozen(runtime_used_by)

    def __contains__(self, brick: object) -> bool:
        return brick in self._graph

    def __len__(self) -> int:
        return int(self._graph.number_of_nodes())

    @property
    def bricks(self) -> tuple[str, ...]:
        return tuple(self._graph.nodes)

    def kind(self, brick: str) -> workspace.BrickKind:
        kind: workspace.BrickKind = self._graph.nodes[brick]["kind"]
        return kind

    def is_base(self, brick: str) -> bool:
        return brick in self._graph and self.kind(brick) is workspace.BrickKind.BASE

    def uses(self, brick: str, *, runtime_only: bool = False) -> tuple[str, ...]:
        """The bricks `brick` imports directly, sorted."""
        return (self._runtime_uses if runtime_only else self._uses).get(brick, ())

    def used_by(self, brick: str, *, runtime_only: bool = False) -> tuple[str, ...]:
        """The bricks that import `brick` directly, sorted."""
        return (self._runtime_used_by if runtime_only else self._used_by).get(brick, ())

    def sites(self, source: str, target: str) -> tuple[ImportSite, ...]:
        """Every place where `source` imports `target`, by file and line."""
        if not self._graph.has_edge(source, target):
            return ()
        sites: tuple[ImportSite, ...] = self._graph.edges[source, target]["sites"]
        return sites

    def first_site(self, source: str, target: str, *, runtime_only: bool = False) -> ImportSite:
        """The first (runtime) place where `source` imports `target`; the edge must exist."""
        sites = self.sites(source, target)
        return next((s for s in sites if s.runtime or not runtime_only), sites[0])

    def is_runtime(self, source: str, target: str) -> bool:
        return bool(self._graph.has_edge(source, target) and self._graph[source][target]["runtime"])

    def edges(self, *, runtime_only: bool = False) -> tuple[tuple[str, str], ...]:
        return tuple(
            (source, target)
            for source, target, data in self._graph.edges(data=True)
            if data["runtime"] or not runtime_only
        )

    def subgraph(self, bricks: Iterable[str]) -> BrickGraph:
        """The graph restricted to `bricks` (edges among them only)."""
        keep = [b for b in bricks if b in self._graph]
        return BrickGraph(nx.DiGraph(self._graph.subgraph(keep)))

    def without(self, code: str) -> BrickGraph:
        """The graph without the imports whose line suppresses `code` (`# poly: ignore[code]`)."""
        changed = [
            (source, target, tuple(s for s in data["sites"] if not s.suppresses(code)))
            for source, target, data in self._graph.edges(data=True)
            if any(s.ignored for s in data["sites"])
        ]
        changed = [c for c in changed if len(c[2]) < len(self._graph[c[0]][c[1]]["sites"])]
        if not changed:
            return self
        graph = self._graph.copy()
        for source, target, kept in changed:
            if kept:
                graph[source][target].update(sites=kept, runtime=any(s.runtime for s in kept))
            else:
                graph.remove_edge(source, target)
        return BrickGraph(graph)

    def digraph(self, *, runtime_only: bool = False) -> nx.DiGraph[str]:
        """The underlying networkx graph (a view when `runtime_only`); do not modify it."""
        if not runtime_only:
            return self._graph
        view: nx.DiGraph[str] = nx.subgraph_view(
            self._graph, filter_edge=lambda u, v: bool(self._graph[u][v]["runtime"])
        )
        return view


def _brick_files(ws_imports: WorkspaceImports, brick: str) -> Iterator[tuple[Path, Import]]:
    scanned = ws_imports.bricks.get(brick)
    for file in scanned.files if scanned else ():
        for imp in file.imports:
            yield file.path, imp


def build_graph(ws: workspace.Workspace, ws_imports: WorkspaceImports) -> BrickGraph:
    """Nodes are the bricks of `ws`; an edge a -> b for every brick a whose package imports
    brick b, carrying every import site. Tests' imports are not edges."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    for brick in sorted(ws.bricks, key=lambda b: b.name):
        graph.add_node(brick.name, kind=brick.kind)
    sites: dict[tuple[str, str], list[ImportSite]] = {}
    targets: dict[tuple[str, tuple[str, ...]], tuple[Target, ...]] = {}  # imports repeat a lot
    for source in graph.nodes:
        for path, imp in _brick_files(ws_imports, source):
            key = (imp.module, imp.names)
            found = targets.get(key)
            if found is None:
                found = targets[key] = namespace_targets(ws.namespace, imp)
            for target in found:
                if target.name == source or target.name not in graph:
                    continue
                site = ImportSite(path, imp.line, imp.context, target.dotted, imp.ignored)
                sites.setdefault((source, target.name), []).append(site)
    for (source, imported), listed in sorted(sites.items()):
        ordered = tuple(sorted(listed, key=lambda s: (str(s.path), s.line, s.module)))
        graph.add_edge(source, imported, sites=ordered, runtime=any(s.runtime for s in ordered))
    return BrickGraph(graph)


def closure(
    graph: BrickGraph, bricks: Iterable[str], *, runtime_only: bool = True
) -> tuple[str, ...]:
    """`bricks` and every brick they need, transitively (runtime imports only by default)."""
    seen: set[str] = set()
    stack = list(bricks)
    while stack:
        brick = stack.pop()
        if brick in seen:
            continue
        seen.add(brick)
        stack.extend(b for b in graph.uses(brick, runtime_only=runtime_only) if b not in seen)
    return tuple(sorted(seen))


def dependents(graph: BrickGraph, brick: str, *, runtime_only: bool = False) -> set[str]:
    """Every brick that imports `brick`, directly or transitively (not `brick` itself).

    Type-only imports count by default: a change may break the dependents' type checks."""
    if brick not in graph:
        return set()
    ancestors: set[str] = nx.ancestors(graph.digraph(runtime_only=runtime_only), brick)
    ancestors.discard(brick)
    return ancestors


def dependencies(graph: BrickGraph, brick: str, *, runtime_only: bool = False) -> set[str]:
    """Every brick `brick` imports, directly or transitively (not `brick` itself)."""
    if brick not in graph:
        return set()
    descendants: set[str] = nx.descendants(graph.digraph(runtime_only=runtime_only), brick)
    descendants.discard(brick)
    return descendants
