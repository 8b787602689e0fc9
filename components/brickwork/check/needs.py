"""Which bricks a project needs: the one answer that `check` reports on (BW101, BW108, BW109),
`sync` writes (what it adds, and with `--prune` removes) and `deps` shows, so they cannot
disagree (ADR 0021)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from brickwork import graph
from brickwork.check.settings import load_settings
from brickwork.imports import FileImports, Import, ImportContext, WorkspaceImports, shipped_scan
from brickwork.workspace import (
    Dependency,
    Finding,
    Project,
    Severity,
    Workspace,
    canonical_name,
    codes,
)


@dataclass(frozen=True)
class LocalUse:
    """The first runtime import of a brick by a project's own packages (`helpers`)."""

    brick: str
    file: FileImports
    imp: Import


@dataclass(frozen=True)
class Provider:
    """Where a brick a project gets with a dependency comes from."""

    project: Project
    """The workspace project whose distribution ships the brick."""
    through: tuple[str, ...]
    """The distributions from the project's own dependency to the one that ships the brick."""


@dataclass(frozen=True)
class ProjectNeeds:
    """What one project needs of the bricks, and what it lists that it should not."""

    project: Project
    provided: Mapping[str, Provider] = field(default_factory=dict)
    """Bricks it gets with its runtime dependencies on the distributions of other workspace
    projects (transitively): they ship in those wheels, never in its own."""
    local: tuple[LocalUse, ...] = ()
    """Bricks its own packages import that it neither includes nor gets (BW101 there)."""
    missing: tuple[graph.Missing, ...] = ()
    """Bricks its needed bricks need at runtime, transitively, that it neither includes nor
    gets (BW101 with the chain). Unneeded bricks need nothing; provided ones are not walked."""
    conditional: tuple[graph.Missing, ...] = ()
    """Bricks that only optional or guarded imports reach (`requires_brick` says no), that it
    neither includes nor gets: a BW101 warning with the reason, not an error; `sync` does not
    add them (ADR 0023)."""
    unneeded: tuple[str, ...] = ()
    """Bricks it includes that nothing needs (BW108): need is measured from its bases, its
    allowed bricks and its own packages, and only when `measured`."""
    shipped_twice: tuple[str, ...] = ()
    """Bricks it includes that it also gets with a dependency (BW108): both wheels ship them."""
    omitted: tuple[str, ...] = ()
    """The development project only: every brick it does not include (BW109)."""
    measured: bool = False
    """Whether need is measured from roots (it includes a base and no workspace project
    depends on it); else all it includes is needed."""
    dependents: tuple[str, ...] = ()
    """The workspace projects that depend on its distribution (it is their library)."""
    shipped: tuple[WorkspaceImports, graph.BrickGraph] | None = field(
        default=None, compare=False, repr=False
    )
    """The scan as its wheel holds its bricks (`shipped_scan`) and that scan's graph, which
    need was measured over; None when it is the workspace's (ADR 0024)."""

    @property
    def add(self) -> tuple[str, ...]:
        """The bricks to add to the project's file (what `sync` adds)."""
        names = (*self.omitted, *(u.brick for u in self.local), *(m.brick for m in self.missing))
        return tuple(dict.fromkeys(names))

    @property
    def chains(self) -> tuple[graph.Missing, ...]:
        """Every missing brick with the chain that needs it (what `deps` shows); one its own
        package imports has the chain (package, brick)."""
        local = tuple(
            graph.Missing(
                u.brick,
                (u.file.module, u.brick),
                graph.ImportSite(u.file.path, u.imp.line, u.imp.context, u.imp.module),
            )
            for u in self.local
        )
        return (*local, *self.missing)

    @property
    def remove(self) -> tuple[str, ...]:
        """The bricks to remove from the project's file (what `sync --prune` removes)."""
        return (*self.unneeded, *self.shipped_twice)


def deployables_by_name(ws: Workspace) -> dict[str, Project]:
    """The deployable projects by canonical distribution name (`acme_storage` -> `acme-storage`)."""
    return {canonical_name(p.name): p for p in ws.deployables}


def provided_bricks(
    project: Project,
    by_name: Mapping[str, Project],
    ships: Mapping[str, tuple[str, ...]],
) -> dict[str, Provider]:
    """The bricks of the workspace projects `project` depends on as distributions (libraries
    published per project), transitively, by runtime dependencies: they arrive with those
    dependencies. Bricks the project includes too are among them. `by_name`: the deployables
    by canonical name (`deployables_by_name`); `ships`: what a project by canonical name will
    ship once synced, when known (else what it lists)."""
    seen = {canonical_name(project.name)}
    queue: list[tuple[str, ...]] = [(d.name,) for d in _runtime(project)]
    found: dict[str, Provider] = {}
    while queue:
        path = queue.pop(0)
        other = by_name.get(path[-1])
        if other is None or path[-1] in seen:
            continue
        seen.add(path[-1])
        for brick in ships.get(path[-1], other.bricks):
            found.setdefault(brick, Provider(other, path))
        queue.extend((*path, d.name) for d in _runtime(other))
    return found


def _runtime(project: Project) -> list[Dependency]:
    return [d for d in project.dependencies if d.is_runtime]


def _with_dependencies(by_name: Mapping[str, Project], names: Iterable[str]) -> set[str]:
    """`names` (of deployables) and the deployables they depend on, transitively."""
    found: set[str] = set()
    stack = [n for n in names if n in by_name]
    while stack:
        name = stack.pop()
        if name not in found:
            found.add(name)
            stack.extend(d.name for d in _runtime(by_name[name]) if d.name in by_name)
    return found


def reached_bricks(ws: Workspace, projects: Iterable[Project]) -> set[str]:
    """The bricks `projects` include and those of the deployables they depend on as
    distributions, transitively: where a check of those projects starts reading imports
    (the development project includes every brick)."""
    by_name = deployables_by_name(ws)
    chosen = list(projects)
    if any(p.is_development for p in chosen):
        return {b.name for b in ws.bricks}
    names = _with_dependencies(by_name, [canonical_name(p.name) for p in chosen])
    found = {b for p in chosen for b in p.bricks}
    return found.union(*(by_name[n].bricks for n in names))


def _dependency_order(by_name: Mapping[str, Project]) -> list[str]:
    """The deployables' canonical names, each after the workspace projects it depends on (a
    cycle of dependencies is cut where the walk meets it again)."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        seen.add(name)
        for dep in _runtime(by_name[name]):
            if dep.name in by_name and dep.name not in seen:
                visit(dep.name)
        order.append(name)

    for name in sorted(by_name):
        if name not in seen:
            visit(name)
    return order


def requires_brick(context: ImportContext) -> bool:
    """Whether an import in `context` makes the brick it imports a part of the importing
    project: a runtime import that is neither optional (`try` / `except ImportError`) nor under
    a module-level guard. A lazy import is required (a base importing its handler inside a
    function still needs it in the wheel), and so is a branch inside a function (the
    function's own dispatch)."""
    return context.required or context is ImportContext.GUARDED_LAZY


_REQUIRING = frozenset(c for c in ImportContext if requires_brick(c))
"""The contexts whose import makes the brick it imports a part of the project."""


def _required_graph(bricks: graph.BrickGraph) -> graph.BrickGraph:
    """`bricks` with only the imports that make a brick missing: required ones that do not
    say `# poly: ignore[BW101]` (made once per graph)."""
    return bricks.filtered(_REQUIRING, unless=codes.MISSING_BRICK)


def local_uses(
    ws: Workspace, ws_imports: WorkspaceImports | None, project: Project
) -> tuple[tuple[LocalUse, ...], tuple[str, ...], tuple[LocalUse, ...]]:
    """(the first required import of each brick by the project's own packages that does not
    suppress BW101, every brick they import at runtime, the first optional or guarded import
    of each brick they import no other way). `TYPE_CHECKING` imports never count."""
    required: dict[str, LocalUse] = {}
    conditional: dict[str, LocalUse] = {}
    used: dict[str, None] = {}
    files = ws_imports.projects.get(project.name, ()) if ws_imports is not None else ()
    for file in files:
        for imp in file.imports:
            if imp.context is ImportContext.TYPE_CHECKING:
                continue
            for target in graph.namespace_targets(ws.namespace, imp, ws.nested):
                if ws.brick(target.name) is None:
                    continue
                used.setdefault(target.name)
                if imp.suppresses(codes.MISSING_BRICK):
                    continue
                found = required if requires_brick(imp.context) else conditional
                found.setdefault(target.name, LocalUse(target.name, file, imp))
    others = tuple(u for name, u in conditional.items() if name not in required)
    return tuple(required.values()), tuple(used), others


@dataclass(frozen=True)
class _Context:
    """What every project's answer reads."""

    ws: Workspace
    ws_imports: WorkspaceImports | None
    bricks: graph.BrickGraph
    allow: Mapping[str, tuple[str, ...]]
    by_name: Mapping[str, Project]
    dependents: Mapping[str, tuple[str, ...]]
    """Canonical name -> the workspace projects that depend on its distribution."""

    @functools.cached_property
    def required(self) -> graph.BrickGraph:
        """`bricks` with only the imports that make a brick missing (made when needed)."""
        return _required_graph(self.bricks)


def _needs(ctx: _Context, project: Project, ships: Mapping[str, tuple[str, ...]]) -> ProjectNeeds:
    ws, bricks, included = ctx.ws, ctx.bricks, project.bricks
    if project.is_development:
        listed = set(included)
        omitted = tuple(b.name for b in ws.bricks if b.name not in listed)
        return ProjectNeeds(project, omitted=omitted)
    provided = provided_bricks(project, ctx.by_name, ships)
    have = {*included, *provided}
    # what its wheel holds, without what its `exclude` leaves out (ADR 0024)
    shipped = shipped_scan(ws, ctx.ws_imports, project) if ctx.ws_imports is not None else None
    if shipped is not None:  # only the edges of the bricks it leaves files of are made again
        cut = [b for b in included if _fewer_files(ctx.ws_imports, shipped, b)]
        bricks = graph.build_graph(ws, shipped, like=bricks, changed=cut)
    uses, used, optional = local_uses(ws, ctx.ws_imports if shipped is None else shipped, project)
    dependents = ctx.dependents.get(canonical_name(project.name), ())
    bases = [b for b in included if bricks.is_base(b)]
    measured = bool(bases) and not dependents  # a library of other projects: all it lists
    unneeded: tuple[str, ...] = ()
    start = list(included)
    if measured:
        # what a runtime import reaches, an optional one too, is kept; only required
        # imports (not `# poly: ignore[BW101]`) make a brick missing
        roots = [*bases, *(b for b in ctx.allow.get(project.name, ()) if b in included), *used]
        keep = set(graph.closure(bricks, roots, stop=provided))
        unneeded = tuple(sorted(b for b in included if b not in keep and b not in provided))
        start = [b for b in included if b in keep]
    start += [u.brick for u in uses]
    required = ctx.required if shipped is None else _required_graph(bricks)
    missing = graph.missing_bricks(required, included, start=start, provided=provided)
    reported = {*have, *(u.brick for u in uses), *(m.brick for m in missing)}
    conditional: dict[str, graph.Missing] = {}  # once per brick, its own package's first
    for m in (*map(_chain, optional), *_conditional(bricks, included, start, provided)):
        if m.brick not in reported:
            conditional.setdefault(m.brick, m)
    return ProjectNeeds(
        project,
        provided=provided,
        local=tuple(u for u in uses if u.brick not in have),
        missing=missing,
        conditional=tuple(conditional.values()),
        unneeded=unneeded,
        shipped_twice=tuple(sorted(b for b in included if b in provided)),
        measured=measured,
        dependents=dependents,
        shipped=None if shipped is None else (shipped, bricks),
    )


def _fewer_files(
    ws_imports: WorkspaceImports | None, shipped: WorkspaceImports, brick: str
) -> bool:
    """Whether the shipped scan holds fewer of `brick`'s files than the workspace's."""
    before = ws_imports.bricks.get(brick) if ws_imports is not None else None
    after = shipped.bricks.get(brick)
    if before is None or after is None:
        return before is not after
    return len(after.files) != len(before.files)


def _chain(use: LocalUse) -> graph.Missing:
    """A brick a project's own package imports, as a chain (package, brick)."""
    site = graph.ImportSite(use.file.path, use.imp.line, use.imp.context, use.imp.module)
    return graph.Missing(use.brick, (use.file.module, use.brick), site)


def _conditional(
    bricks: graph.BrickGraph,
    included: Iterable[str],
    start: list[str],
    provided: Mapping[str, Provider],
) -> list[graph.Missing]:
    """The bricks the walk reaches through an optional or guarded import that it does not
    include (the caller drops the ones a required import needs too). A brick behind such a
    brick is not listed: once that one ships, what it needs is an error of its own."""
    found = graph.missing_bricks(
        bricks.without(codes.MISSING_BRICK), included, start=start, provided=provided
    )
    return [m for m in found if not requires_brick(m.site.context)]


def conditional_findings(ws: Workspace, needs: ProjectNeeds) -> list[Finding]:
    """BW101 as a warning, once per brick that only optional or guarded imports reach: the
    project runs without it until that code needs it (ADR 0023)."""
    project = needs.project
    where = ws.relative(project.file)
    return [
        Finding(
            codes.MISSING_BRICK,
            f"project {project.name!r} does not include brick {m.brick!r}, which "
            f"{m.chain[-2]} imports only {m.site.where} ({' -> '.join(m.chain)}): the project "
            f"runs without it until that code needs it; add it to {where} if it should ship, "
            "or mark the import `# poly: ignore[BW101]`",
            m.site.path,
            m.site.line,
            subject=m.brick,
            severity=Severity.WARNING,
        )
        for m in needs.conditional
    ]


def _dependents(by_name: Mapping[str, Project]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for name, project in sorted(by_name.items()):
        for dep in _runtime(project):
            if dep.name in by_name and dep.name != name:
                found.setdefault(dep.name, []).append(project.name)
    return {name: tuple(dict.fromkeys(names)) for name, names in found.items()}


def project_needs(
    ws: Workspace,
    ws_imports: WorkspaceImports | None,
    bricks: graph.BrickGraph,
    projects: Iterable[Project] | None = None,
    *,
    allow: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[ProjectNeeds, ...]:
    """What each of `projects` (default: every project) needs of the bricks.

    A deployable needs what its bases, the bricks `[tool.brickwork.check.allow]` lists for it
    and its own packages (`ws_imports.projects`) import at runtime, transitively. Without a
    base, or when other workspace projects depend on its distribution (a library), it needs
    what every brick it lists imports, and nothing it lists is unneeded. The bricks of the
    workspace projects it depends on as distributions (as they will be once synced: each
    project is answered after the ones it depends on; in a cycle of dependencies, the first
    answered takes the others as they are) arrive with them: they are never
    missing, never walked (what they need ships with them), and listing them too ships them
    twice. The development project needs every brick. The answer for a project does not
    depend on which projects are asked about. `allow`: the settings' table when already read
    (else read from `ws`, a `PolyError` when malformed)."""
    by_name = deployables_by_name(ws)
    ctx = _Context(
        ws,
        ws_imports,
        bricks,
        load_settings(ws).allow if allow is None else allow,
        by_name,
        _dependents(by_name),
    )
    asked = list(ws.projects if projects is None else projects)
    wanted = _with_dependencies(by_name, [canonical_name(p.name) for p in asked])
    ships: dict[str, tuple[str, ...]] = {}
    answers: dict[str, ProjectNeeds] = {}
    for name in _dependency_order(by_name):  # the order of all: the same answer for any choice
        if name not in wanted:
            continue
        needs = answers[name] = _needs(ctx, by_name[name], ships)
        twice = set(needs.shipped_twice)
        ships[name] = (*(b for b in needs.project.bricks if b not in twice), *needs.add)

    def answer(project: Project) -> ProjectNeeds:
        known = answers.get(canonical_name(project.name))
        if known is not None and (known.project is project or known.project == project):
            return known
        return _needs(ctx, project, ships)  # the development project, or a duplicate name

    return tuple(answer(p) for p in asked)
