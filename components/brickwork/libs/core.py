"""The library analysis: what each project imports, declares, locks, misses and never uses."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from brickwork import workspace
from brickwork.imports import WorkspaceImports
from brickwork.libs.classify import local_packages
from brickwork.libs.collect import ProjectSources, collect_sources
from brickwork.libs.evidence import BrickModules, canonical, is_brick_local, stale_note
from brickwork.libs.findings import library_versions, project_findings, version_findings
from brickwork.libs.mapping import Resolver, choose
from brickwork.libs.model import BrickLibraries, LibsReport, ProjectLibraries
from brickwork.libs.poetry_cache import wheel_providers
from brickwork.libs.project import analyse_project
from brickwork.libs.settings import LibsSettings, read_settings
from brickwork.libs.sites import SiteMemo, brick_sites, project_sites


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
        sites = brick_sites(ws_imports, brick.name, memo, test=False)
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
    sites: SiteMemo | None = None,
) -> LibsReport:
    """Libraries per brick and per project, versions across projects, and the findings
    (`per_brick=False`: without the libraries per brick, which no finding needs). `sites`:
    the third-party import sites of the bricks (`site_memo`), some of them known already
    (`SiteMemo.bricks`): a brick they hold is not looked at again."""
    settings = read_settings(ws, aliases)
    return analyse_with(
        ws,
        ws_imports,
        settings,
        strict=strict,
        projects=projects,
        per_brick=per_brick,
        sites=sites,
    )


def site_memo(ws: workspace.Workspace, ws_imports: WorkspaceImports) -> SiteMemo:
    """What `analyse` computes once per run about the bricks' third-party imports: given to
    it, it is filled as it goes (`brick_sites` of any brick fills the rest)."""
    return SiteMemo(ws.namespace, local_packages(ws, ws_imports))


def analyse_with(
    ws: workspace.Workspace,
    ws_imports: WorkspaceImports,
    settings: LibsSettings,
    *,
    strict: bool = False,
    projects: tuple[str, ...] = (),
    per_brick: bool = True,
    sites: SiteMemo | None = None,
) -> LibsReport:
    selected = workspace.select_projects(ws, projects) or ws.projects
    chosen = {id(p) for p in selected}  # by identity: equal-looking projects are compared slowly
    memo = site_memo(ws, ws_imports) if sites is None else sites
    local = memo.local
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
