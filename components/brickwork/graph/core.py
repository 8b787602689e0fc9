"""The brick graph: which brick imports which, with the location of every import."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brickwork import workspace
from brickwork.imports import Import, ImportContext, ImportSite, WorkspaceImports

if TYPE_CHECKING:
    import networkx as nx

RUNTIME_CONTEXTS = frozenset(c for c in ImportContext if c.runtime)
"""Every context whose import may run (all but type-only): a runtime edge."""


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


def namespace_targets(
    namespace: str, imp: Import, nested: Collection[str] = frozenset()
) -> tuple[Target, ...]:
    """The names under `namespace` that `imp` imports (none for third-party imports).

    `nested`: the grouping folders of nested bricks (`Workspace.nested`): with `aws` in it,
    `import acme.aws.s3.core` -> Target("aws/s3", "core", ...) and `from acme.aws import s3`
    -> Target("aws/s3", "", ...)."""
    prefix = namespace + "."
    if imp.module == namespace:
        dotted_names = [f"{namespace}.{n}" for n in imp.names if n != "*"]
    elif imp.module.startswith(prefix):
        dotted_names = [imp.module]
        if nested and imp.module[len(prefix) :] in nested:  # `from acme.aws import s3`
            dotted_names = [f"{imp.module}.{n}" for n in imp.names if n != "*"] or dotted_names
    else:
        return ()
    found: dict[tuple[str, str], Target] = {}
    for dotted in dotted_names:
        name, _, submodule = dotted[len(prefix) :].partition(".")
        if nested and name in nested and submodule:
            inner, _, submodule = submodule.partition(".")
            name = f"{name}/{inner}"
        submodule = "" if submodule == "__init__" else submodule  # the interface itself
        if name:
            found.setdefault((name, submodule), Target(name, submodule, dotted))
    return tuple(found.values())


@dataclass(frozen=True, slots=True)
class EdgeData:
    """What one edge `source -> target` carries."""

    sites: tuple[ImportSite, ...]
    """Every place where source imports target, by file and line."""
    runtime: bool
    """Whether at least one of the sites is a runtime import."""


def _edge(sites: tuple[ImportSite, ...]) -> EdgeData:
    return EdgeData(sites, any(s.runtime for s in sites))


class BrickGraph:
    """Bricks and the imports between them. Treat as immutable: methods return new graphs.

    Plain dicts, no networkx: building and walking the graph stays cheap to import; only
    `digraph()` (and cycle analysis, when there is a cycle) loads networkx."""

    __slots__ = (
        "_kinds",
        "_runtime_used_by",
        "_runtime_uses",
        "_succ",
        "_used_by",
        "_uses",
    )

    def __init__(
        self,
        kinds: dict[str, workspace.BrickKind],
        successors: dict[str, dict[str, EdgeData]],
    ) -> None:
        """`kinds`: every brick in order; `successors[a][b]`: the edge a -> b (both ends in
        `kinds`; edges are kept in the order given)."""
        self._kinds = kinds
        self._succ = {node: dict(successors.get(node, {})) for node in kinds}
        # Adjacency as sorted tuples, once: rules walk it for every project.
        uses: dict[str, list[str]] = {n: [] for n in kinds}
        used_by: dict[str, list[str]] = {n: [] for n in kinds}
        runtime_uses: dict[str, list[str]] = {n: [] for n in kinds}
        runtime_used_by: dict[str, list[str]] = {n: [] for n in kinds}
        for source, targets in self._succ.items():
            for target, data in targets.items():
                uses[source].append(target)
                used_by[target].append(source)
                if data.runtime:
                    runtime_uses[source].append(target)
                    runtime_used_by[target].append(source)

        def frozen(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
            return {node: tuple(sorted(names)) for node, names in table.items()}

        self._uses = frozen(uses)
        self._used_by = frozen(used_by)
        self._runtime_uses = frozen(runtime_uses)
        self._runtime_used_by = frozen(runtime_used_by)

    def __contains__(self, brick: object) -> bool:
        return brick in self._kinds

    def __len__(self) -> int:
        return len(self._kinds)

    @property
    def bricks(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def kind(self, brick: str) -> workspace.BrickKind:
        return self._kinds[brick]

    def is_base(self, brick: str) -> bool:
        return brick in self._kinds and self.kind(brick) is workspace.BrickKind.BASE

    def uses(self, brick: str, *, runtime_only: bool = False) -> tuple[str, ...]:
        """The bricks `brick` imports directly, sorted."""
        return (self._runtime_uses if runtime_only else self._uses).get(brick, ())

    def used_by(self, brick: str, *, runtime_only: bool = False) -> tuple[str, ...]:
        """The bricks that import `brick` directly, sorted."""
        return (self._runtime_used_by if runtime_only else self._used_by).get(brick, ())

    def _data(self, source: str, target: str) -> EdgeData | None:
        return self._succ.get(source, {}).get(target)

    def sites(self, source: str, target: str) -> tuple[ImportSite, ...]:
        """Every place where `source` imports `target`, by file and line."""
        data = self._data(source, target)
        return data.sites if data is not None else ()

    def first_site(self, source: str, target: str, *, runtime_only: bool = False) -> ImportSite:
        """The first (runtime) place where `source` imports `target`; the edge must exist."""
        sites = self.sites(source, target)
        return next((s for s in sites if s.runtime or not runtime_only), sites[0])

    def is_runtime(self, source: str, target: str) -> bool:
        data = self._data(source, target)
        return data is not None and data.runtime

    def edges(self, *, runtime_only: bool = False) -> tuple[tuple[str, str], ...]:
        return tuple(
            (source, target)
            for source, targets in self._succ.items()
            for target, data in targets.items()
            if data.runtime or not runtime_only
        )

    def subgraph(self, bricks: Iterable[str]) -> BrickGraph:
        """The graph restricted to `bricks` (edges among them only)."""
        keep = set(bricks)
        kinds = {b: kind for b, kind in self._kinds.items() if b in keep}
        successors = {
            source: {t: data for t, data in self._succ[source].items() if t in kinds}
            for source in kinds
        }
        return BrickGraph(kinds, successors)

    def without(self, code: str) -> BrickGraph:
        """The graph without the imports whose line suppresses `code` (`# poly: ignore[code]`)."""
        return self.keeping(
            lambda site: not site.suppresses(code), lambda sites: any(s.ignored for s in sites)
        )

    def keeping(
        self,
        keep: Callable[[ImportSite], bool],
        may_drop: Callable[[tuple[ImportSite, ...]], bool] = lambda sites: True,
    ) -> BrickGraph:
        """The graph with only the import sites `keep` accepts (an edge left with none is
        dropped); `may_drop`: a cheap test of an edge's sites, False when `keep` accepts
        them all (skips the edge)."""
        changed = [
            (source, target, tuple(s for s in data.sites if keep(s)))
            for source, targets in self._succ.items()
            for target, data in targets.items()
            if may_drop(data.sites)
        ]
        changed = [c for c in changed if len(c[2]) < len(self._succ[c[0]][c[1]].sites)]
        if not changed:
            return self
        successors = {source: dict(targets) for source, targets in self._succ.items()}
        for source, target, kept in changed:
            if kept:
                successors[source][target] = _edge(kept)
            else:
                del successors[source][target]
        return BrickGraph(self._kinds, successors)

    def digraph(self, *, runtime_only: bool = False) -> nx.DiGraph[str]:
        """The graph as a new networkx DiGraph (nodes carry `kind`, edges `sites` and
        `runtime`; only runtime edges when `runtime_only`). Imports networkx."""
        import networkx as nx  # heavy: only when a caller needs it

        digraph: nx.DiGraph[str] = nx.DiGraph()
        for brick, kind in self._kinds.items():
            digraph.add_node(brick, kind=kind)
        for source, targets in self._succ.items():
            for target, data in targets.items():
                if data.runtime or not runtime_only:
                    digraph.add_edge(source, target, sites=data.sites, runtime=data.runtime)
        return digraph


def _brick_files(ws_imports: WorkspaceImports, brick: str) -> Iterator[tuple[Path, Import]]:
    scanned = ws_imports.bricks.get(brick)
    for file in scanned.files if scanned else ():
        for imp in file.imports:
            yield file.path, imp


def build_graph(ws: workspace.Workspace, ws_imports: WorkspaceImports) -> BrickGraph:
    """Nodes are the bricks of `ws`; an edge a -> b for every brick a whose package imports
    brick b, carrying every import site. Tests' imports are not edges."""
    kinds = {b.name: b.kind for b in sorted(ws.bricks, key=lambda b: b.name)}
    sites: dict[tuple[str, str], list[ImportSite]] = {}
    targets: dict[tuple[str, tuple[str, ...]], tuple[Target, ...]] = {}  # imports repeat a lot
    by_module: dict[str, tuple[Target, ...]] = {}  # below the namespace: the module decides
    namespace = ws.namespace
    prefix = namespace + "."
    nested = ws.nested
    groups = {f"{prefix}{g}" for g in nested}  # `from acme.aws import s3`: the names decide
    for source in kinds:
        # `namespace_targets` names a brick by the first part below the namespace (two for
        # a nested brick `aws/s3`): a dotted folder name never matches there, so only plain
        # names take the short cut.
        own = ws.interface(source) if "." not in source else "\0"
        own_prefix = own + "."
        for path, imp in _brick_files(ws_imports, source):
            module = imp.module
            if module == own or module.startswith(own_prefix):
                continue  # the brick's own modules (relative imports): no edge
            if module == namespace or module in groups:
                key = (module, imp.names)
                found = targets.get(key)
                if found is None:
                    found = targets[key] = namespace_targets(namespace, imp, nested)
            elif module.startswith(prefix):
                found = by_module.get(module)
                if found is None:
                    found = by_module[module] = namespace_targets(namespace, imp, nested)
            else:
                continue  # third-party or standard library: no brick
            for target in found:
                if target.name == source or target.name not in kinds:
                    continue
                site = ImportSite(path, imp.line, imp.context, target.dotted, imp.ignored)
                sites.setdefault((source, target.name), []).append(site)
    successors: dict[str, dict[str, EdgeData]] = {}
    for (source, imported), listed in sorted(sites.items()):
        ordered = tuple(sorted(listed, key=lambda s: (str(s.path), s.line, s.module)))
        successors.setdefault(source, {})[imported] = _edge(ordered)
    return BrickGraph(kinds, successors)


def closure(
    graph: BrickGraph,
    bricks: Iterable[str],
    *,
    runtime_only: bool = True,
    stop: Collection[str] = (),
) -> tuple[str, ...]:
    """`bricks` and every brick they need, transitively (runtime imports only by default).

    A brick of `stop` is reached but not walked through (a brick another distribution ships:
    what it needs comes with it)."""
    seen: set[str] = set()
    stack = list(bricks)
    while stack:
        brick = stack.pop()
        if brick in seen:
            continue
        seen.add(brick)
        if brick in stop:
            continue
        stack.extend(b for b in graph.uses(brick, runtime_only=runtime_only) if b not in seen)
    return tuple(sorted(seen))


def _reach(step: Callable[[str], tuple[str, ...]], brick: str) -> set[str]:
    """Every brick reached from `brick` by repeating `step` (not `brick` itself)."""
    seen = {brick}
    queue = deque([brick])
    while queue:
        for nxt in step(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    seen.discard(brick)
    return seen


def dependents(graph: BrickGraph, brick: str, *, runtime_only: bool = False) -> set[str]:
    """Every brick that imports `brick`, directly or transitively (not `brick` itself).

    Type-only imports count by default: a change may break the dependents' type checks."""
    if brick not in graph:
        return set()
    return _reach(lambda b: graph.used_by(b, runtime_only=runtime_only), brick)


def dependencies(graph: BrickGraph, brick: str, *, runtime_only: bool = False) -> set[str]:
    """Every brick `brick` imports, directly or transitively (not `brick` itself)."""
    if brick not in graph:
        return set()
    return _reach(lambda b: graph.uses(b, runtime_only=runtime_only), brick)
