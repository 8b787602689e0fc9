"""Why a project needs a brick or a library (`deps --why`): the chains from the roots that
`project_needs` measures need from (ADR 0021) to it, over the same analysis `deps` and `check`
read."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brickwork import graph
from brickwork.check.needs import ProjectNeeds, Provider
from brickwork.imports import ImportContext, ImportSite, WorkspaceImports
from brickwork.workspace import PolyError, Project, Workspace, canonical_name

if TYPE_CHECKING:
    from brickwork.libs import ProjectLibraries, ProjectLibrary


@dataclass(frozen=True)
class WhyTarget:
    """What `--why` asks about."""

    kind: str
    """`brick` or `library`."""
    name: str
    """The brick's name, or the library's canonical distribution name."""
    asked: str
    """As given on the command line."""
    brick_kind: str = ""
    """For a brick: `component` or `base`."""


@dataclass(frozen=True)
class ProjectWhy:
    """The answer for one project."""

    project: Project
    chains: tuple[graph.WhyChain, ...]
    """The chains from the roots it needs bricks from (and, after them, from the bricks it
    lists but does not need: origin `unneeded`)."""
    type_only: tuple[ImportSite, ...] = ()
    """Type-checking imports of the target by what it needs, when no runtime chain exists."""
    provider: Provider | None = None
    """For a brick it gets with a dependency on another workspace project's distribution."""
    missing: bool = False
    """For a brick it needs but neither includes nor gets (BW101: `sync` adds it)."""

    @property
    def needed(self) -> tuple[graph.WhyChain, ...]:
        return tuple(c for c in self.chains if c.root.origin != "unneeded")

    @property
    def unneeded(self) -> tuple[graph.WhyChain, ...]:
        return tuple(c for c in self.chains if c.root.origin == "unneeded")

    @property
    def needs(self) -> bool:
        return bool(self.needed)


def _brick_name(ws: Workspace, asked: str) -> str | None:
    """`asked` as a brick's name: `orders`, `aws/s3`, `aws.s3`, `acme.orders`."""
    prefix = ws.namespace + "."
    for name in (asked, asked.replace(".", "/"), asked.removeprefix(prefix).replace(".", "/")):
        if name and ws.brick(name) is not None:
            return name
    return None


def _matches(lib: ProjectLibrary, asked: str, resolved: str) -> bool:
    return lib.name in (canonical_name(asked), resolved) or asked in lib.import_names


def why_target(
    ws: Workspace, asked: str, libraries: Iterable[ProjectLibraries]
) -> WhyTarget | None:
    """What `asked` names: a brick (incl. nested `aws/s3`), else a library the projects'
    analysis knows (`libraries`) by distribution name in any spelling (`PyYAML`, `pyyaml`) or
    import name (`yaml`), else one a workspace project declares; None when nothing."""
    name = _brick_name(ws, asked)
    if name is not None:
        brick = ws.brick(name)
        kind = brick.kind.value if brick is not None else ""
        return WhyTarget("brick", name, asked, kind)
    resolved = _resolve(asked)
    for project in libraries:
        for lib in project.libraries:
            if _matches(lib, asked, resolved):
                return WhyTarget("library", lib.name, asked)
    declared = {d.name for p in ws.projects for d in p.dependencies}
    for name in (canonical_name(asked), resolved):
        if name in declared:
            return WhyTarget("library", name, asked)
    return None


def _resolve(asked: str) -> str:
    """The distribution an import name stands for by Brickwork's table (`yaml` -> pyyaml)."""
    from brickwork.libs import Resolver  # only when a library is asked about

    return Resolver().resolve(asked).distributions[0]


def unknown_target(ws: Workspace, asked: str, libraries: Iterable[ProjectLibraries]) -> PolyError:
    """The error for a name that is neither a brick nor a library of the workspace (exit 2)."""
    names = [b.name for b in ws.bricks]
    names += sorted({lib.name for p in libraries for lib in p.libraries})
    close = difflib.get_close_matches(asked, names, n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    return PolyError(
        f"--why {asked}: no brick or library of this workspace has that name; {hint}"
        "`poetry poly info` lists the bricks, `poetry poly libs` the libraries."
    )


def project_roots(
    ws: Workspace,
    scanned: WorkspaceImports,
    bricks: graph.BrickGraph,
    needs: ProjectNeeds,
    allow: Mapping[str, tuple[str, ...]],
) -> list[graph.WhyRoot]:
    """Where need starts for `needs.project`, as `project_needs` measures it: its bases, the
    bricks `allow` lists for it that it includes, and what its own packages import at runtime;
    every brick it lists when need is not measured (no base, a library of other projects; the
    development project). Then the bricks it lists but does not need (BW108)."""
    project = needs.project
    included = project.bricks
    roots: list[graph.WhyRoot] = []
    if needs.measured:
        roots += [graph.WhyRoot("base", b) for b in included if bricks.is_base(b)]
        allowed = allow.get(project.name, ())
        roots += [graph.WhyRoot("allow", b) for b in included if b in allowed]
    else:
        roots += [graph.WhyRoot("listed", b) for b in included]
    for file in scanned.projects.get(project.name, ()) if not project.is_development else ():
        for imp in file.imports:
            if imp.context is ImportContext.TYPE_CHECKING:
                continue
            for target in graph.namespace_targets(ws.namespace, imp, ws.nested):
                if ws.brick(target.name) is not None:
                    site = ImportSite(file.path, imp.line, imp.context, target.dotted, imp.ignored)
                    roots.append(graph.WhyRoot("package", target.name, file.module, site))
    roots += [graph.WhyRoot("unneeded", b) for b in needs.unneeded]
    return roots


def explain(
    ws: Workspace,
    scanned: WorkspaceImports,
    bricks: graph.BrickGraph,
    needs: ProjectNeeds,
    target: WhyTarget,
    *,
    allow: Mapping[str, tuple[str, ...]],
    library: ProjectLibrary | None = None,
    every: bool = False,
) -> ProjectWhy:
    """Why `needs.project` needs `target`: its chains (none when it does not). `bricks`: the
    workspace graph of `scanned`; `library`: the project's entry for a library target in the
    library analysis (its import sites), None when it does not import it."""
    project = needs.project
    if needs.shipped is not None:  # what its wheel leaves out imports nothing (ADR 0024)
        scanned, bricks = needs.shipped
    roots = project_roots(ws, scanned, bricks, needs, allow)
    stop = frozenset(needs.provided)
    targets: dict[str, list[ImportSite]] = {}
    if target.kind == "brick":
        targets[target.name] = []
    else:
        sites = library.imports if library is not None else ()
        for site in sites:
            if site.brick:
                targets.setdefault(site.brick, []).append(site)
        modules = {f.path: f.module for f in scanned.projects.get(project.name, ())}
        roots += [
            graph.WhyRoot("package", "", modules.get(s.path, s.path.stem), s)
            for s in sites
            if not s.brick
        ]
    chains = graph.find_chains(bricks, roots, targets, stop=stop, every=every)
    type_only: tuple[ImportSite, ...] = ()
    if not any(c.root.origin != "unneeded" for c in chains):
        type_only = _type_only(bricks, roots, target, library, stop)
    provider = needs.provided.get(target.name) if target.kind == "brick" else None
    needed = any(c.root.origin != "unneeded" for c in chains)
    missing = target.kind == "brick" and needed and provider is None
    missing = missing and target.name not in project.bricks
    return ProjectWhy(project, chains, type_only, provider, missing)


def _type_only(
    bricks: graph.BrickGraph,
    roots: Sequence[graph.WhyRoot],
    target: WhyTarget,
    library: ProjectLibrary | None,
    stop: frozenset[str],
) -> tuple[ImportSite, ...]:
    """The type-checking imports of `target` by the bricks (and packages) the project needs."""
    starts = [r.brick for r in roots if r.origin != "unneeded" and r.brick]
    needed = set(graph.closure(bricks, starts, stop=stop))
    if target.kind == "library":
        sites = library.type_checking if library is not None else ()
        return tuple(s for s in sites if s.brick in needed or not s.brick)  # or its package
    return tuple(
        s
        for source in sorted(needed)
        for s in bricks.sites(source, target.name)
        if s.context is ImportContext.TYPE_CHECKING
    )
