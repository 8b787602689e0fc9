"""The brick graph: which brick imports which, with the location of every import."""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brickwork import workspace
from brickwork.imports import Import, ImportContext, ImportSite, WorkspaceImports

if TYPE_CHECKING:
    import networkx as nx

RUNTIME_CONTEXTS = frozenset(c for c in ImportContext if c.runtime)
"""Every context whose import may run (all but type-only): a runtime edge."""

_BITS = {context: 1 << i for i, context in enumerate(ImportContext)}
"""One bit per context: an edge keeps the contexts of its sites as one mask."""
_RUNTIME_BITS = sum(_BITS[c] for c in RUNTIME_CONTEXTS)


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
    module = imp.module
    prefix = namespace + "."
    names: tuple[str, ...] | None
    if module == namespace:
        names = imp.names
    elif module.startswith(prefix):
        # the names decide only for `from acme.aws import s3`; else the module alone does
        names = imp.names if nested and module[len(prefix) :] in nested else None
    else:
        return ()
    groups = nested if isinstance(nested, frozenset) else frozenset(nested)
    return _targets(namespace, module, names, groups)


@functools.lru_cache(maxsize=1 << 17)
def _targets(
    namespace: str, module: str, names: tuple[str, ...] | None, nested: frozenset[str]
) -> tuple[Target, ...]:
    """`namespace_targets` of an import of `module` under `namespace` (`names`: the names
    imported, None when they do not matter): the same few answers, asked for every import
    site by the graph and by the rules, are made once."""
    prefix = namespace + "."
    if names is None and not nested:  # the usual import: one name, the module's
        name, _, submodule = module[len(prefix) :].partition(".")
        submodule = "" if submodule == "__init__" else submodule
        return (Target(name, submodule, module),) if name else ()
    if module == namespace:
        dotted_names = [f"{namespace}.{n}" for n in names or () if n != "*"]
    else:
        dotted_names = [module]
        if names is not None:  # `from acme.aws import s3`
            dotted_names = [f"{module}.{n}" for n in names if n != "*"] or dotted_names
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


class EdgeData:
    """What one edge `source -> target` carries. A stored graph read back makes its sites
    when a caller first asks for them (`lazy_edge`): most views read the edges only."""

    __slots__ = ("_load", "_sites", "contexts", "ignored", "runtime")

    def __init__(
        self,
        sites: tuple[ImportSite, ...] | None,
        runtime: bool,
        contexts: int = 0,
        ignored: bool = False,
        load: Callable[[], tuple[ImportSite, ...]] | None = None,
    ) -> None:
        self._sites = sites
        self._load = load
        self.runtime = runtime
        """Whether at least one of the sites is a runtime import."""
        self.contexts = contexts
        """The contexts of the sites, one bit each (`_BITS`)."""
        self.ignored = ignored
        """Whether a site's line holds a `# poly: ignore` comment."""

    @property
    def sites(self) -> tuple[ImportSite, ...]:
        """Every place where source imports target, by file and line."""
        if self._sites is None:
            assert self._load is not None  # one of the two is always given
            self._sites, self._load = self._load(), None
        return self._sites


def _edge(sites: tuple[ImportSite, ...]) -> EdgeData:
    contexts = 0
    ignored = False
    for site in sites:
        contexts |= _BITS[site.context]
        ignored = ignored or bool(site.ignored)
    return EdgeData(sites, bool(contexts & _RUNTIME_BITS), contexts, ignored)


def lazy_edge(contexts: int, ignored: bool, load: Callable[[], tuple[ImportSite, ...]]) -> EdgeData:
    """An edge read back from `edge_summary`, its sites made by `load` when first asked."""
    return EdgeData(None, bool(contexts & _RUNTIME_BITS), contexts, ignored, load)


def edge_summary(bricks: BrickGraph, source: str, target: str) -> tuple[int, bool]:
    """(contexts, ignored) of an edge of `bricks`: what `lazy_edge` needs besides its sites."""
    data = bricks._succ[source][target]
    return data.contexts, data.ignored


class BrickGraph:
    """Bricks and the imports between them. Treat as immutable: methods return new graphs.

    Plain dicts, no networkx: building and walking the graph stays cheap to import; only
    `digraph()` (and cycle analysis, when there is a cycle) loads networkx."""

    __slots__ = (
        "_classes",
        "_derived",
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
        self._derived: dict[Hashable, BrickGraph] = {}
        """The graphs made from this one (`filtered`), by question: asked once per graph."""
        self._classes: dict[tuple[int, bool], list[tuple[str, str]]] | None = None
        """The edges by the contexts of their sites and whether one is ignored (`filtered`)."""

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
        return self.filtered(unless=code)

    def filtered(
        self, contexts: Collection[ImportContext] | None = None, *, unless: str | None = None
    ) -> BrickGraph:
        """The graph with only the import sites whose context is one of `contexts` (any when
        None) and whose line does not suppress `unless` (an edge left with none is dropped).

        Made once per graph and question (rules ask it for every project), and only the
        edges that hold a site it may drop are looked at."""
        allowed = sum(_BITS[c] for c in set(ImportContext if contexts is None else contexts))
        key = (allowed, unless)
        found = self._derived.get(key)
        if found is not None:
            return found
        changed: dict[str, dict[str, EdgeData | None]] = {}
        for (mask, ignored), edges in self._edge_classes().items():
            if not mask & ~allowed and not (ignored and unless is not None):
                continue  # every site of these edges is kept
            for source, target in edges:
                data = self._succ[source][target]
                kept = tuple(
                    s
                    for s in data.sites
                    if _BITS[s.context] & allowed and (unless is None or not s.suppresses(unless))
                )
                if len(kept) < len(data.sites):
                    changed.setdefault(source, {})[target] = _edge(kept) if kept else None
        found = self._derived[key] = self._with(changed)
        return found

    def _edge_classes(self) -> dict[tuple[int, bool], list[tuple[str, str]]]:
        if self._classes is None:
            classes: dict[tuple[int, bool], list[tuple[str, str]]] = {}
            for source, targets in self._succ.items():
                for target, data in targets.items():
                    classes.setdefault((data.contexts, data.ignored), []).append((source, target))
            self._classes = classes
        return self._classes

    def keeping(
        self,
        keep: Callable[[ImportSite], bool],
        may_drop: Callable[[tuple[ImportSite, ...]], bool] = lambda sites: True,
    ) -> BrickGraph:
        """The graph with only the import sites `keep` accepts (an edge left with none is
        dropped); `may_drop`: a cheap test of an edge's sites, False when `keep` accepts
        them all (skips the edge). `filtered` answers the questions by context and
        suppression without calling a function per site."""
        changed: dict[str, dict[str, EdgeData | None]] = {}
        for source, targets in self._succ.items():
            for target, data in targets.items():
                if may_drop(data.sites):
                    kept = tuple(s for s in data.sites if keep(s))
                    if len(kept) < len(data.sites):
                        changed.setdefault(source, {})[target] = _edge(kept) if kept else None
        return self._with(changed)

    def _with(
        self, changed: Mapping[str, Mapping[str, EdgeData | None]], *, whole: bool = False
    ) -> BrickGraph:
        """This graph with the edges `changed[source][target]` replaced (None: removed, an
        edge not in the graph: added after the source's others; `whole`: `changed[source]`
        names every edge the source had or has, in the order to keep); only the adjacency
        of the bricks they touch is made again, the rest is shared."""
        if not changed:
            return self
        graph: BrickGraph = object.__new__(BrickGraph)
        succ = dict(self._succ)
        uses, runtime_uses = dict(self._uses), dict(self._runtime_uses)
        touched: dict[str, list[str]] = {}  # target -> the changed sources that import it
        for source, edges in changed.items():
            targets = succ[source] = {} if whole else dict(succ[source])
            for target, data in edges.items():
                touched.setdefault(target, []).append(source)
                if data is None:
                    targets.pop(target, None)
                else:
                    targets[target] = data
            uses[source] = tuple(sorted(targets))
            runtime_uses[source] = tuple(sorted(t for t, d in targets.items() if d.runtime))
        used_by, runtime_used_by = dict(self._used_by), dict(self._runtime_used_by)
        for target, sources in touched.items():
            now = [s for s in sources if target in succ[s]]
            runtime = [s for s in now if succ[s][target].runtime]
            gone = set(sources)
            used_by[target] = tuple(sorted({*(s for s in used_by[target] if s not in gone), *now}))
            runtime_used_by[target] = tuple(
                sorted({*(s for s in runtime_used_by[target] if s not in gone), *runtime})
            )
        graph._kinds = self._kinds
        graph._succ = succ
        graph._uses, graph._runtime_uses = uses, runtime_uses
        graph._used_by, graph._runtime_used_by = used_by, runtime_used_by
        graph._derived = {}
        graph._classes = None
        return graph

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


def build_graph(
    ws: workspace.Workspace,
    ws_imports: WorkspaceImports,
    *,
    like: BrickGraph | None = None,
    changed: Iterable[str] = (),
) -> BrickGraph:
    """Nodes are the bricks of `ws`; an edge a -> b for every brick a whose package imports
    brick b, carrying every import site. Tests' imports are not edges.

    `like`: the graph of `ws` over a scan that differs from `ws_imports` only in the files of
    the bricks `changed` (a project's wheel without what its `exclude` leaves out): only
    their edges are made again, the rest is shared with it."""
    kinds = {b.name: b.kind for b in sorted(ws.bricks, key=lambda b: b.name)}
    if like is None:
        return BrickGraph(kinds, _successors(ws, ws_imports, kinds, kinds))
    sources = [b for b in dict.fromkeys(changed) if b in kinds]
    made = _successors(ws, ws_imports, kinds, sources)
    edges: dict[str, dict[str, EdgeData | None]] = {}
    for source in sources:
        now = made.get(source, {})
        before = like._succ[source]  # the whole source is made again, in build order
        edges[source] = {t: now.get(t) for t in sorted({*before, *now})}
    return like._with(edges, whole=True)


def _successors(
    ws: workspace.Workspace,
    ws_imports: WorkspaceImports,
    kinds: Mapping[str, workspace.BrickKind],
    sources: Iterable[str],
) -> dict[str, dict[str, EdgeData]]:
    """The edges of the bricks `sources`, each source's targets sorted."""
    # the bricks an import names, by module (and by names where they decide): imports
    # repeat a lot, and most name no brick at all
    by_module: dict[str, tuple[tuple[str, str], ...]] = {}
    by_names: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, str], ...]] = {}
    namespace = ws.namespace
    prefix = namespace + "."
    nested = ws.nested
    groups = {f"{prefix}{g}" for g in nested}  # `from acme.aws import s3`: the names decide

    def named(imp: Import) -> tuple[tuple[str, str], ...]:
        found = namespace_targets(namespace, imp, nested)
        return tuple((t.name, t.dotted) for t in found if t.name in kinds)

    successors: dict[str, dict[str, EdgeData]] = {}
    for source in sources:
        scanned = ws_imports.bricks.get(source)
        if scanned is None:
            continue
        # `namespace_targets` names a brick by the first part below the namespace (two for
        # a nested brick `aws/s3`): a dotted folder name never matches there, so only plain
        # names take the short cut.
        own = ws.interface(source) if "." not in source else "\0"
        own_prefix = own + "."
        sites: dict[str, list[ImportSite]] = {}
        for file in scanned.files:
            path = file.path
            for imp in file.imports:
                module = imp.module
                if not module.startswith(prefix) and module != namespace:
                    continue  # third-party or standard library: no brick
                if module == own or module.startswith(own_prefix):
                    continue  # the brick's own modules (relative imports): no edge
                if module == namespace or module in groups:
                    key = (module, imp.names)
                    found = by_names.get(key)
                    if found is None:
                        found = by_names[key] = named(imp)
                else:
                    found = by_module.get(module)
                    if found is None:
                        found = by_module[module] = named(imp)
                for name, dotted in found:
                    if name != source:
                        site = ImportSite(path, imp.line, imp.context, dotted, imp.ignored)
                        sites.setdefault(name, []).append(site)
        if sites:
            successors[source] = {
                imported: _edge(_in_order(sites[imported])) for imported in sorted(sites)
            }
    return successors


def _in_order(sites: list[ImportSite]) -> tuple[ImportSite, ...]:
    """`sites` by file, line and name."""
    if len(sites) == 1:
        return (sites[0],)
    return tuple(sorted(sites, key=lambda s: (str(s.path), s.line, s.module)))


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


def graph_of_edges(
    kinds: dict[str, workspace.BrickKind], edges: dict[str, dict[str, EdgeData]]
) -> BrickGraph:
    """The graph whose edge `a -> b` is `edges[a][b]` (a stored graph read back: its edges
    made with `lazy_edge`)."""
    return BrickGraph(kinds, edges)
