"""The library analysis: what each project imports, declares, locks, misses and never uses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from brickwork import workspace
from brickwork.imports import (
    FileImports,
    Import,
    ImportContext,
    ImportSite,
    WorkspaceImports,
    wheel_leaves_out,
)
from brickwork.libs.classify import ImportKind, classify, local_packages
from brickwork.libs.collect import ProjectSources, collect_sources
from brickwork.libs.evidence import (
    BrickModules,
    canonical,
    is_brick_local,
    possible_providers,
    present_names,
    stale_note,
    twin,
)
from brickwork.libs.exemptions import settle
from brickwork.libs.findings import library_versions, project_findings, version_findings
from brickwork.libs.lock import Requirement
from brickwork.libs.mapping import Resolver, choose
from brickwork.libs.model import (
    BrickLibraries,
    LibraryStatus,
    LibsReport,
    ProjectLibraries,
    ProjectLibrary,
)
from brickwork.libs.poetry_cache import wheel_providers
from brickwork.libs.settings import LibsSettings, read_settings
from brickwork.workspace import MISSING_LIBRARY, TRANSITIVE_LIBRARY, UNMAPPED_LIBRARY


def _dotted_names(imp: Import) -> tuple[str, ...]:
    """The names one import brings in: `from a.b import c` -> `a.b.c` (c may be a submodule of
    a namespace package); `import a.b` and `from a import *` -> the module."""
    names = [n for n in imp.names if n != "*"]
    if not names or len(names) != len(imp.names):
        return (imp.module,)
    return tuple(f"{imp.module}.{n}" for n in names)


class SiteMemo:
    """What the library analysis computes once per run: each module's kind (third-party or
    not), the third-party import sites of each brick (and of its tests), the exclude globs."""

    def __init__(self, namespace: str, local: frozenset[str]) -> None:
        self.namespace = namespace
        self.local = local
        self.third_party: dict[str, bool] = {}
        self.bricks: dict[tuple[str, bool], list[ImportSite]] = {}
        self.globs: dict[tuple[Path, str], list[Path]] = {}
        """Answers of the projects' `exclude` globs (`imports.wheel_leaves_out`)."""

    def is_third_party(self, module: str) -> bool:
        found = self.third_party.get(module)
        if found is None:
            found = self.third_party[module] = bool(module) and (
                classify(module, self.namespace, self.local) is ImportKind.THIRD_PARTY
            )
        return found


def _sites(
    files: Iterable[FileImports], brick: str, memo: SiteMemo, *, test: bool
) -> list[ImportSite]:
    sites: list[ImportSite] = []
    kinds = memo.third_party
    for file in files:
        for imp in file.imports:
            third_party = kinds.get(imp.module)
            if third_party is None:
                third_party = memo.is_third_party(imp.module)
            if not third_party:
                continue
            sites.extend(
                ImportSite(file.path, imp.line, imp.context, name, imp.ignored, brick, test)
                for name in _dotted_names(imp)
            )
    return sites


def _brick_sites(
    ws_imports: WorkspaceImports, brick: str, memo: SiteMemo, *, test: bool
) -> list[ImportSite]:
    """The third-party import sites of one brick (or its tests), computed once per run."""
    key = (brick, test)
    found = memo.bricks.get(key)
    if found is None:
        scanned = ws_imports.bricks.get(brick)
        files = () if scanned is None else scanned.tests if test else scanned.files
        found = memo.bricks[key] = _sites(files, brick, memo, test=test)
    return found


def project_sites(
    ws: workspace.Workspace,
    ws_imports: WorkspaceImports,
    project: workspace.Project,
    local: frozenset[str],
    memo: SiteMemo | None = None,
) -> list[ImportSite]:
    """The third-party imports a project's code makes: its bricks' files; for the development
    project also the bricks' tests (developer-only files inside a package among them) and the
    development files; for a deployable only the files its wheel holds (not what its
    `exclude` names, ADR 0024)."""
    memo = SiteMemo(ws.namespace, local) if memo is None else memo
    sites: list[ImportSite] = []
    for brick in project.bricks:
        sites += _brick_sites(ws_imports, brick, memo, test=False)
        if project.is_development:
            sites += _brick_sites(ws_imports, brick, memo, test=True)
    if project.is_development:
        sites += _sites(ws_imports.development, "", memo, test=False)
    else:  # its own packages (`{ include = "helpers", from = "." }`)
        own = ws_imports.projects.get(project.name, ())
        sites += _sites(own, "", memo, test=False)
        scanned = [ws_imports.bricks.get(b) for b in project.bricks]
        files = [f for s in scanned if s is not None for f in s.files]
        left_out = wheel_leaves_out(ws, project, (f.path for f in (*files, *own)), memo.globs)
        if left_out:
            sites = [s for s in sites if s.path not in left_out]
    return sorted(sites, key=lambda s: (str(s.path), s.line, s.module))


def _joined(deps: Iterable[workspace.Dependency], field: str) -> dict[str, str]:
    """Name -> the distinct values of `field` (constraint, markers) of its declarations."""
    found: dict[str, list[str]] = {}
    for dep in deps:
        values = found.setdefault(dep.name, [])
        value = getattr(dep, field) or ""
        if value and value not in values:
            values.append(value)
    return {name: ", ".join(values) for name, values in found.items()}


def _dedupe(sites: Iterable[ImportSite]) -> tuple[ImportSite, ...]:
    return tuple({(s.path, s.line): s for s in sites}.values())


def analyse_project(
    ws: workspace.Workspace,
    sources: ProjectSources,
    sites: Iterable[ImportSite],
    resolver: Resolver,
    allowed: frozenset[str],
    local: BrickModules | None = None,
    built_here: frozenset[str] = frozenset(),
    assumed: frozenset[str] = frozenset(),
) -> ProjectLibraries:
    """Pure: the libraries of one project from its imports, dependencies and lock file.

    `allowed`: the distributions the settings declare runtime-only; `local`: brick -> the
    modules of its own tree; `built_here`: the distributions built from the workspace's
    projects; `assumed`: the built-in runtime-only ones (servers, drivers) the settings keep."""
    project = sources.project
    if project.is_development:
        relevant = list(project.dependencies)
        declared = {d.name for d in relevant}
        optional: set[str] = set()
    else:
        relevant = [d for d in project.dependencies if d.group == "main"]
        declared = {d.name for d in relevant if d.is_runtime}
        optional = {d.name for d in relevant if not d.is_runtime} - declared
    constraints = _joined(relevant, "constraint")
    markers = _joined(relevant, "markers")
    lock = sources.lock

    def requirement(name: str) -> Requirement:
        return Requirement(name, sources.extras.get(name, frozenset()))

    present, stale = present_names(sources, declared, requirement)

    runtime: dict[str, list[ImportSite]] = {}
    typing_only: dict[str, list[ImportSite]] = {}
    names: dict[str, list[str]] = {}
    candidates: dict[str, tuple[str, ...]] = {}
    guessed: dict[str, bool] = {}
    decided: dict[str, str] = {}
    resolved: dict[str, str] = {}
    # A module resolves to the same distribution at every site of the project: once each.
    answers: dict[str, str] = {}
    for site in sites:
        resolution = resolver.resolve(site.module)
        if is_brick_local(site, resolution, local):
            continue
        dist = answers.get(site.module)
        if dist is None:  # what a module tells of its distribution: once per module
            dist = answers[site.module] = choose(resolution, declared, optional, present)
            top = resolver.import_name(resolution, dist)
            decided.setdefault(dist, resolution.source.value)
            resolved[site.module] = dist
            if top not in names.setdefault(dist, []):
                names[dist].append(top)
            known = candidates.get(dist, ())
            candidates[dist] = tuple(dict.fromkeys(known + resolution.distributions))
            guessed[dist] = guessed.get(dist, True) and resolution.guessed
        (runtime if site.runtime else typing_only).setdefault(dist, []).append(site)

    unknown = [n for s in sites for n in [s.module] if guessed.get(resolved.get(n, ""))]
    unmapped = not stale and any(guessed.get(name) for name in runtime)
    providers = possible_providers(sources, declared, resolver) if unmapped else ()
    libraries: list[ProjectLibrary] = []
    for name in sorted(declared | optional | set(runtime) | set(typing_only)):
        used = _dedupe(runtime.get(name, ()))
        status = _status(name, bool(used), project, declared, optional, present, allowed)
        if status is LibraryStatus.UNUSED and name in built_here:
            status = LibraryStatus.WORKSPACE
        elif status is LibraryStatus.UNUSED and (
            name in providers or twin(name, unknown, resolver)
        ):
            status = LibraryStatus.UNKNOWN
        if status is LibraryStatus.MISSING and stale:
            status = LibraryStatus.TRANSITIVE  # a stale lock may bring it: never "undeclared"
        if status is LibraryStatus.MISSING and providers and guessed.get(name, False):
            status = LibraryStatus.UNMAPPED  # perhaps a declared distribution's: BW205
        code = _SITE_CODES.get(status)
        if code is not None and all(site.suppresses(code) for site in used):
            status = LibraryStatus.IGNORED
        via: tuple[str, ...] = ()
        if status is LibraryStatus.TRANSITIVE and name not in present:
            via = tuple(sorted(stale))
        elif name in present and name not in declared and lock is not None:
            via = tuple(
                sorted(root for root in declared if name in lock.closure([requirement(root)]))
            )
            if not via and sources.root_lock is not None:
                root_lock = sources.root_lock
                via = tuple(
                    sorted(r for r in declared if name in root_lock.closure([requirement(r)]))
                )
        libraries.append(
            ProjectLibrary(
                name=name,
                status=_by_sites(status, used),
                declared=name in declared or name in optional,
                constraint=constraints.get(name, ""),
                markers=markers.get(name, ""),
                locked=lock.version(name) if lock else None,
                imports=used,
                type_checking=_dedupe(typing_only.get(name, ())),
                import_names=tuple(sorted(names.get(name, ()))),
                candidates=providers
                if status is LibraryStatus.UNMAPPED
                else candidates.get(name, ())
                if name not in declared
                else (),
                guessed=guessed.get(name, False) and name not in declared | optional,
                via=via,
                source=decided.get(name, ""),
                reason=_site_note(status, used),
            )
        )
    every = (site for found in runtime.values() for site in found)
    settled = settle(ws, libraries, every, sources, assumed, requirement)
    environment = sources.environment.venv if sources.environment else None
    return ProjectLibraries(project, sources.lock_path, environment, settled)


_UNDECLARED = frozenset({LibraryStatus.MISSING, LibraryStatus.TRANSITIVE, LibraryStatus.UNMAPPED})


def _by_sites(status: LibraryStatus, sites: Sequence[ImportSite]) -> LibraryStatus:
    """The status of an undeclared library weighed by where it is imported (ADR 0023): only
    at optional sites (`try` / `except ImportError`) it is an optional import (a note); a
    missing one imported at no module-level site, only under guards or inside functions, is
    `conditional` (BW201 as a warning). Any required module-level site keeps the status."""
    if status not in _UNDECLARED or not sites:
        return status
    if all(s.optional for s in sites):
        return LibraryStatus.OPTIONAL_IMPORT
    if status is LibraryStatus.MISSING and not any(
        s.context is ImportContext.MODULE for s in sites
    ):
        return LibraryStatus.CONDITIONAL
    return status


def _site_note(status: LibraryStatus, sites: Sequence[ImportSite]) -> str:
    """The note `libs` shows beside an optional or conditional import (else empty)."""
    status = _by_sites(status, sites)
    if status is LibraryStatus.OPTIONAL_IMPORT:
        return "optional import: the program runs without it"
    if status is LibraryStatus.CONDITIONAL:
        return "imported only " + " or ".join(
            dict.fromkeys(s.where for s in sites if not s.optional)
        )
    return ""


_SITE_CODES = {
    LibraryStatus.MISSING: MISSING_LIBRARY,
    LibraryStatus.TRANSITIVE: TRANSITIVE_LIBRARY,
    LibraryStatus.UNMAPPED: UNMAPPED_LIBRARY,
}
"""The code of each status reported at its imports (a suppression there names it)."""


def _status(
    name: str,
    used: bool,
    project: workspace.Project,
    declared: set[str],
    optional: set[str],
    present: frozenset[str],
    allowed: frozenset[str],
) -> LibraryStatus:
    if name in declared:
        if used:
            return LibraryStatus.OK
        if project.is_development:
            return LibraryStatus.TOOL
        return LibraryStatus.RUNTIME_ONLY if name in allowed else LibraryStatus.UNUSED
    if name in optional:
        return LibraryStatus.OPTIONAL
    if not used:
        return LibraryStatus.TYPE_CHECKING
    return LibraryStatus.TRANSITIVE if name in present else LibraryStatus.MISSING


def _brick_libraries(
    ws: workspace.Workspace,
    ws_imports: WorkspaceImports,
    resolver: Resolver,
    memo: SiteMemo,
    modules: BrickModules,
) -> tuple[BrickLibraries, ...]:
    out: list[BrickLibraries] = []
    shown: dict[tuple[str, str], str] = {}  # (module, distribution) -> the name to show
    declared_by_brick: dict[str, set[str]] = {}
    for project in ws.projects:
        names = {d.name for d in project.dependencies}
        for name in project.bricks:
            declared_by_brick.setdefault(name, set()).update(names)
    for brick in ws.bricks:
        sites = _brick_sites(ws_imports, brick.name, memo, test=False)
        declared = declared_by_brick.get(brick.name, set())
        libraries: dict[str, set[str]] = {}
        for site in sites:
            if site.runtime:
                resolution = resolver.resolve(site.module)
                if is_brick_local(site, resolution, modules):
                    continue
                dist = choose(resolution, declared)
                top = shown.get((site.module, dist))
                if top is None:
                    top = shown[site.module, dist] = resolver.import_name(resolution, dist)
                libraries.setdefault(dist, set()).add(top)
        out.append(
            BrickLibraries(
                brick.name,
                brick.kind,
                {name: tuple(sorted(libraries[name])) for name in sorted(libraries)},
            )
        )
    return tuple(out)


def analyse(
    ws: workspace.Workspace,
    ws_imports: WorkspaceImports,
    *,
    strict: bool = False,
    aliases: Mapping[str, str] = {},
    projects: tuple[str, ...] = (),
    per_brick: bool = True,
) -> LibsReport:
    """Libraries per brick and per project, versions across projects, and the findings
    (`per_brick=False`: without the libraries per brick, which no finding needs)."""
    settings = read_settings(ws, aliases)
    return analyse_with(
        ws, ws_imports, settings, strict=strict, projects=projects, per_brick=per_brick
    )


def analyse_with(
    ws: workspace.Workspace,
    ws_imports: WorkspaceImports,
    settings: LibsSettings,
    *,
    strict: bool = False,
    projects: tuple[str, ...] = (),
    per_brick: bool = True,
) -> LibsReport:
    selected = workspace.select_projects(ws, projects) or ws.projects
    chosen = {id(p) for p in selected}  # by identity: equal-looking projects are compared slowly
    local = local_packages(ws, ws_imports)
    # Deployables first, the development project last (as `poly info` shows them).
    ordered = sorted(ws.projects, key=lambda p: p.is_development)
    all_sources = collect_sources(ws, ordered)
    declared_anywhere = {d.name for p in ws.projects for d in p.dependencies}
    known: set[str] = set(declared_anywhere)
    for sources in all_sources:
        known |= sources.lock.names if sources.lock else set()
    locks = list({id(s.lock): s.lock for s in all_sources if s.lock is not None}.values())
    resolvers: dict[Path | None, Resolver] = {}
    wheels: dict[str, tuple[str, ...]] | None = None

    def cached_wheels() -> Mapping[str, tuple[str, ...]]:
        nonlocal wheels
        if wheels is None:
            wheels = wheel_providers(known, locks=locks)
        return wheels

    def resolver_for(sources: ProjectSources | None) -> Resolver:
        env = sources.environment if sources else None
        key = env.venv if env else None
        if key not in resolvers:
            resolvers[key] = Resolver(
                aliases=settings.aliases,
                environment=env,
                known=known,
                declared=declared_anywhere,
                wheels=cached_wheels,
                locks=locks,
            )
        return resolvers[key]

    modules = BrickModules(ws, ws_imports)
    built_here = frozenset(canonical(p.name) for p in ws.deployables)

    results: list[ProjectLibraries] = []
    analysed: list[tuple[ProjectLibraries, ProjectSources]] = []
    notes: list[str] = []
    memo = SiteMemo(ws.namespace, local)
    for sources in all_sources:
        notes.extend(n for n in sources.notes if n not in notes)
        if id(sources.project) not in chosen:
            continue
        project = sources.project
        runtime_only = settings.runtime_for(ws, project)
        stale = stale_note(ws, sources)
        if stale and stale not in notes:
            notes.append(stale)
        result = analyse_project(
            ws,
            sources,
            project_sites(ws, ws_imports, project, local, memo),
            resolver_for(sources),
            runtime_only.declared,
            modules,
            built_here - {canonical(project.name)},
            runtime_only.assumed,
        )
        results.append(result)
        analysed.append((result, sources))
    versions = library_versions(all_sources, results)
    findings = project_findings(ws, analysed)
    findings += version_findings(ws, versions, all_sources, selected, strict=strict)
    root_sources = next((s for s in all_sources if s.project.is_development), None)
    brick_resolver = resolver_for(root_sources)
    return LibsReport(
        bricks=_brick_libraries(ws, ws_imports, brick_resolver, memo, modules) if per_brick else (),
        projects=tuple(results),
        versions=versions,
        findings=tuple(findings),
        notes=tuple(notes),
    )


def library_findings(
    ws: workspace.Workspace,
    ws_imports: WorkspaceImports,
    *,
    strict: bool,
    aliases: Mapping[str, str] = {},
    projects: tuple[str, ...] = (),
) -> list[workspace.Finding]:
    """BW201-BW204 for the projects named (all when none), in project order."""
    report = analyse(ws, ws_imports, strict=strict, aliases=aliases, projects=projects)
    return list(report.findings)
