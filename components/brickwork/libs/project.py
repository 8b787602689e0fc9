"""The libraries of one project: each distribution its code imports or declares, and the
status that decides its findings (ok, missing, transitive, unused, optional import...)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from brickwork import workspace
from brickwork.imports import ImportContext, ImportSite
from brickwork.libs.collect import ProjectSources
from brickwork.libs.evidence import (
    BrickModules,
    is_brick_local,
    possible_providers,
    present_names,
    twin,
)
from brickwork.libs.exemptions import settle
from brickwork.libs.lock import Requirement
from brickwork.libs.mapping import Resolver, choose
from brickwork.libs.model import LibraryStatus, ProjectLibraries, ProjectLibrary
from brickwork.workspace import codes


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
    """The last site of each file and line (a path's text hashes once; a `Path` every time)."""
    return tuple({(str(s.path), s.line): s for s in sites}.values())


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
                status=_by_sites(ws, status, used),
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
                reason=_site_note(ws, status, used),
            )
        )
    every = (site for found in runtime.values() for site in found)
    settled = settle(ws, libraries, every, sources, assumed, requirement)
    environment = sources.environment.venv if sources.environment else None
    return ProjectLibraries(project, sources.lock_path, environment, settled)


_UNDECLARED = frozenset({LibraryStatus.MISSING, LibraryStatus.TRANSITIVE, LibraryStatus.UNMAPPED})


def _by_sites(
    ws: workspace.Workspace, status: LibraryStatus, sites: Sequence[ImportSite]
) -> LibraryStatus:
    """The status of an undeclared library weighed by where it is imported (ADR 0023): only
    at optional sites (`try` / `except ImportError`) it is an optional import (a note); a
    missing one imported at no module-level site, only under guards or inside functions, is
    `conditional` (BW201 as a warning). Any required module-level site keeps the status. A
    missing one that only tests import (`_tests_only`) is `test-only` (BW201 as a warning)."""
    if status not in _UNDECLARED or not sites:
        return status
    if all(s.optional for s in sites):
        return LibraryStatus.OPTIONAL_IMPORT
    if status is LibraryStatus.MISSING and _tests_only(ws, sites):
        return LibraryStatus.TEST_ONLY
    if status is LibraryStatus.MISSING and not any(
        s.context is ImportContext.MODULE for s in sites
    ):
        return LibraryStatus.CONDITIONAL
    return status


def _tests_only(ws: workspace.Workspace, sites: Sequence[ImportSite]) -> bool:
    """Whether only tests make these imports: the theme's test folders and a brick's
    developer-only files that are tests (`test_*.py`, `conftest.py`, `tests/`), not its
    `scripts/` nor `docs/conf.py`, nor the development files."""
    return bool(sites) and all(s.test and not _developer_tool(ws, s) for s in sites)


def _developer_tool(ws: workspace.Workspace, site: ImportSite) -> bool:
    """A brick's developer-only file that is not a test: under `scripts/`, or `docs/conf.py`
    (by its path inside the brick's package)."""
    brick = ws.brick(site.brick)
    if brick is None or not site.path.is_relative_to(brick.path):
        return False
    relative = site.path.relative_to(brick.path)
    folders = relative.parts[:-1]
    return "scripts" in folders or (relative.name == "conf.py" and "docs" in folders)


def _site_note(ws: workspace.Workspace, status: LibraryStatus, sites: Sequence[ImportSite]) -> str:
    """The note `libs` shows beside an optional, test-only or conditional import (else
    empty)."""
    status = _by_sites(ws, status, sites)
    if status is LibraryStatus.OPTIONAL_IMPORT:
        return "optional import: the program runs without it"
    if status is LibraryStatus.TEST_ONLY:
        return "imported only by tests"
    if status is LibraryStatus.CONDITIONAL:
        return "imported only " + " or ".join(
            dict.fromkeys(s.where for s in sites if not s.optional)
        )
    return ""


_SITE_CODES = {
    LibraryStatus.MISSING: codes.MISSING_LIBRARY,
    LibraryStatus.TRANSITIVE: codes.TRANSITIVE_LIBRARY,
    LibraryStatus.UNMAPPED: codes.UNMAPPED_LIBRARY,
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
