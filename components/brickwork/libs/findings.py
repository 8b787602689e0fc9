"""Analysis -> findings (BW201-BW204) and the versions of each library across projects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from brickwork import workspace
from brickwork.imports import ImportSite
from brickwork.libs.collect import ProjectSources
from brickwork.libs.mapping import Source, resembles
from brickwork.libs.model import (
    LibraryStatus,
    LibraryVersions,
    ProjectLibraries,
    ProjectLibrary,
    VersionEntry,
)
from brickwork.libs.settings import assumed_kind
from brickwork.workspace import codes


def project_label(project: workspace.Project) -> str:
    return "the development project" if project.is_development else f"project {project.name}"


def dev_groups(project: workspace.Project, lib: ProjectLibrary) -> str:
    """`the dev group `test`` when a deployable declares `lib` (or one of its candidates)
    only in groups other than main; empty otherwise."""
    if project.is_development:
        return ""
    names = {lib.name, *lib.candidates}
    mine = [d for d in project.dependencies if d.name in names]
    if not mine or any(d.group == "main" for d in mine):
        return ""
    groups = list(dict.fromkeys(d.group for d in mine))
    words = ", ".join(f"`{g}`" for g in groups)
    return f"the dev group {words}" if len(groups) == 1 else f"the dev groups {words}"


def _short_name(project: workspace.Project) -> str:
    return "development" if project.is_development else project.name


def _wanted(lib: ProjectLibrary, candidates: Iterable[str]) -> str:
    others = [c for c in dict.fromkeys(candidates) if c != lib.name]
    return f"one of {', '.join([lib.name, *others])}" if others else lib.name


def _missing(ws: workspace.Workspace, result: ProjectLibraries, lib: ProjectLibrary) -> str:
    label = project_label(result.project)
    file = ws.relative(result.project.file)
    imported = ", ".join(lib.import_names)
    groups = dev_groups(result.project, lib)
    if groups:
        return (
            f"{label} imports {imported}, but declares {lib.name} only in {groups} (a wheel "
            f"of the project does not require it); move it to the main dependencies of {file}"
        )
    if lib.guessed:
        return (
            f"{label} imports {imported}, which no distribution it declares provides "
            f"(unknown distribution: no declared, locked or installed one, nor Poetry's cache, "
            f"says it provides {imported}); declare the one that does in {file}, or map the "
            "import in [tool.polylith.libs.aliases] of workspace.toml"
        )
    wanted = _wanted(lib, lib.candidates)
    return (
        f"{label} imports {imported} but does not declare {wanted}{_decided(lib)}; add it to {file}"
    )


def _decided(lib: ProjectLibrary) -> str:
    """` (from the distribution's wheel in Poetry's cache)`: which source named it."""
    if not lib.source or lib.source in ("guess", "name"):
        return ""
    return f" (mapped by {Source(lib.source).description})"


def _transitive(ws: workspace.Workspace, result: ProjectLibraries, lib: ProjectLibrary) -> str:
    through = ", ".join(lib.via) or "another dependency"
    if lib.via and not lib.locked:
        through += " (the lock is stale: it does not lock them)"
    return (
        f"{project_label(result.project)} imports {', '.join(lib.import_names)} from {lib.name}, "
        f"which it gets only through {through}; declare {lib.name} in "
        f"{ws.relative(result.project.file)}"
    )


Missed = tuple[ProjectLibraries, ProjectLibrary]
"""One project that lacks a library, and what it knows of the library."""


def _shared_message(ws: workspace.Workspace, code: str, missed: Sequence[Missed]) -> str:
    """The message of a BW201/BW202 import that several projects lack the library of."""
    lib = missed[0][1]
    names = ", ".join(_short_name(result.project) for result, _ in missed)
    files = ", ".join(ws.relative(result.project.file) for result, _ in missed)
    imported = ", ".join(dict.fromkeys(n for _, one in missed for n in one.import_names))
    if code == codes.TRANSITIVE_LIBRARY:
        through = ", ".join(dict.fromkeys(v for _, one in missed for v in one.via))
        return (
            f"{imported} is imported from {lib.name}, which in projects {names} arrives only "
            f"through {through or 'other dependencies'}; declare {lib.name} in {files}"
        )
    if lib.guessed:
        return (
            f"{imported} is imported, but no distribution declared in projects {names} "
            "provides it (unknown distribution); declare the one that does in "
            f"{files}, or map the import in [tool.polylith.libs.aliases] of workspace.toml"
        )
    wanted = _wanted(lib, (c for _, one in missed for c in one.candidates))
    grouped = [
        f"{_short_name(result.project)} declares it only in {groups}"
        for result, one in missed
        for groups in [dev_groups(result.project, one)]
        if groups
    ]
    moved = f" ({'; '.join(grouped)}: move it to the main dependencies)" if grouped else ""
    return (
        f"{imported} is imported, but {wanted} is not declared in projects {names}{moved}; "
        f"add it to {files}"
    )


def _unmapped(ws: workspace.Workspace, missed: Sequence[Missed]) -> str:
    """BW205: an import no evidence maps, which a declared and locked distribution whose
    modules nothing lists may provide (one project or several)."""
    imported = list(dict.fromkeys(n for _, one in missed for n in one.import_names))
    unused = {lib.name for r, _ in missed for lib in r.libraries if not lib.imports}
    candidates = sorted(
        dict.fromkeys(c for _, one in missed for c in one.candidates),
        key=lambda c: (not any(resembles(i, c) for i in imported), c not in unused, c),
    )  # the likeliest first: a name like the import's, then one nothing else uses
    files = ", ".join(dict.fromkeys(ws.relative(result.project.file) for result, _ in missed))
    if len(missed) > 1:
        names = ", ".join(_short_name(result.project) for result, _ in missed)
        who = f"projects {names} import"
    else:
        who = f"{project_label(missed[0][0].project)} imports"
    shown = ", ".join(candidates[:5])
    if len(candidates) > 5:
        shown += f" and {len(candidates) - 5} more"
    dist, name = (candidates or ["DIST"])[0], imported[0]
    return (
        f"{who} {', '.join(imported)}, which no evidence maps to a distribution "
        f"(unknown distribution); it may come from {shown}, declared in {files} and locked, "
        "whose modules no installed metadata, cached wheel or table lists; if it does, map "
        f'it with `--alias {dist}={name}` or `{dist} = "{name}"` in '
        "[tool.polylith.libs.aliases] of workspace.toml, else declare the distribution that "
        "provides it"
    )


def _test_only(lib: ProjectLibrary) -> str:
    """BW201 of a library only tests import (a warning in every mode; `--strict` fails on it
    as on every warning)."""
    return (
        f"{', '.join(lib.import_names)} is imported only by tests; declare it in the "
        f"development project's dev group: `poetry add --group dev {lib.name}` (a warning: "
        "tests are development code, no wheel imports it; `--strict` fails on it)"
    )


def _import_finding(
    ws: workspace.Workspace, code: str, site: ImportSite, missed: Sequence[Missed]
) -> workspace.Finding:
    result, lib = missed[0]
    if code == codes.MISSING_LIBRARY and all(
        one.status is LibraryStatus.TEST_ONLY for _, one in missed
    ):
        return workspace.Finding(
            code,
            _test_only(lib),
            site.path,
            site.line,
            subject=lib.name,
            severity=workspace.Severity.WARNING,
            projects=tuple(one.project.name for one, _ in missed),
        )
    if code == codes.UNMAPPED_LIBRARY:
        message = _unmapped(ws, missed)
    elif len(missed) > 1:
        message = _shared_message(ws, code, missed)
    elif code == codes.MISSING_LIBRARY:
        message = _missing(ws, result, lib)
    else:
        message = _transitive(ws, result, lib)
    severity = workspace.default_severity(code)
    if all(one.status is LibraryStatus.CONDITIONAL for _, one in missed):  # ADR 0023
        severity = workspace.Severity.WARNING
        message += (
            f" (a warning, not an error: it is imported only {site.where}, never at module "
            "level, so the program runs without it until that code runs)"
        )
    return workspace.Finding(
        code,
        message,
        site.path,
        site.line,
        subject=lib.name,
        severity=severity,
        projects=tuple(one.project.name for one, _ in missed),
    )


def _unused(
    ws: workspace.Workspace, result: ProjectLibraries, lib: ProjectLibrary, line: int | None
) -> workspace.Finding:
    project = result.project
    settings = f"[tool.brickwork.libs] runtime-only (or [tool.brickwork.libs.allow] {project.name})"
    if lib.status is LibraryStatus.ASSUMED:
        message = (
            f"{project_label(project)} declares {lib.name}, which none of its bricks imports; "
            f"it is assumed runtime-only ({assumed_kind(lib.name)}) but nothing shows it is "
            f"used: remove it, or list it in {settings} to declare it needed at runtime"
        )
    elif lib.type_checking:
        message = (
            f"{project_label(project)} declares {lib.name} but its bricks import it only under "
            f"TYPE_CHECKING; move it to a dev group, or list it in {settings} if it is needed "
            "at runtime only"
        )
    else:
        message = (
            f"{project_label(project)} declares {lib.name} but none of its bricks imports it; "
            f"remove it, or list it in {settings} if it is needed at runtime only"
        )
    return workspace.Finding(
        codes.UNUSED_LIBRARY,
        message,
        project.file,
        line,
        subject=lib.name,
        severity=workspace.default_severity(codes.UNUSED_LIBRARY),
    )


_IMPORT_CODES = {
    LibraryStatus.MISSING: codes.MISSING_LIBRARY,
    LibraryStatus.CONDITIONAL: codes.MISSING_LIBRARY,
    LibraryStatus.TEST_ONLY: codes.MISSING_LIBRARY,
    LibraryStatus.TRANSITIVE: codes.TRANSITIVE_LIBRARY,
    LibraryStatus.UNMAPPED: codes.UNMAPPED_LIBRARY,
}
SiteKey = tuple[str, Path, int, str]
"""(code, path, line, library) of an import that lacks its library."""


def _site_key(code: str, lib: ProjectLibrary, reported: Mapping[SiteKey, object]) -> SiteKey:
    """The import a project's finding is about: one already reported for another project when
    the project makes that import too (so one finding names both), else its first import."""
    sites = [s for s in lib.imports if not s.suppresses(code)] or list(lib.imports[:1])
    keys = [(code, s.path, s.line, lib.name) for s in sites]
    return next((k for k in keys if k in reported), keys[0])


def project_findings(
    ws: workspace.Workspace, analysed: Sequence[tuple[ProjectLibraries, ProjectSources]]
) -> list[workspace.Finding]:
    """BW201 and BW202 (one per import, naming every project that lacks the library) and
    BW203 (one per project and library), in project order: a shared import where the first
    project that lacks the library has its findings."""
    missed: dict[SiteKey, list[Missed]] = {}
    sites: dict[SiteKey, ImportSite] = {}
    ordered: list[tuple[str, str, int, str, SiteKey | workspace.Finding]] = []
    for result, sources in analysed:
        mine: list[tuple[str, str, int, str, SiteKey | workspace.Finding]] = []
        for lib in result.libraries:
            code = _IMPORT_CODES.get(lib.status)
            if code is not None:
                key = _site_key(code, lib, missed)
                if key not in missed:
                    sites[key] = next(s for s in lib.imports if (s.path, s.line) == key[1:3])
                    mine.append((code, str(key[1]), key[2], lib.name, key))
                missed.setdefault(key, []).append((result, lib))
            elif lib.status in (LibraryStatus.UNUSED, LibraryStatus.ASSUMED):
                line = sources.declared_lines.get(lib.name)
                found = _unused(ws, result, lib, line)
                mine.append((found.code, str(found.path), line or 0, lib.name, found))
        ordered += sorted(mine, key=lambda item: item[:4])
    return [
        item
        if isinstance(item, workspace.Finding)
        else _import_finding(ws, item[0], sites[item], missed[item])
        for *_, item in ordered
    ]


def _normal_constraint(constraint: str) -> str:
    parts = sorted(p for p in constraint.replace(" ", "").split(",") if p and p != "*")
    return ",".join(p[2:] if p.startswith("==") else p for p in parts)


def _differs(entries: Sequence[VersionEntry]) -> bool:
    if len(entries) < 2:
        return False
    locked = {e.locked for e in entries if e.locked}
    if len(locked) > 1:
        return True
    if all(e.locked for e in entries):
        return False  # every project ships the same locked version
    constraints = {_normal_constraint(e.constraint) for e in entries}
    return len(constraints - {""}) > 1  # no constraint is not a different version


def library_versions(
    all_sources: Iterable[ProjectSources], results: Iterable[ProjectLibraries]
) -> tuple[LibraryVersions, ...]:
    """For each library declared by an analysed project: its constraint and locked version in
    every project that declares it."""
    wanted = {lib.name for r in results for lib in r.libraries if lib.declared}
    table: dict[str, list[VersionEntry]] = {}
    for sources in all_sources:
        project = sources.project
        deps = [
            d
            for d in project.dependencies
            if d.name in wanted and (project.is_development or d.group == "main")
        ]
        constraints: dict[str, list[str]] = {}
        for dep in deps:
            values = constraints.setdefault(dep.name, [])
            if dep.constraint and dep.constraint not in values:
                values.append(dep.constraint)
        for name, values in constraints.items():
            locked = sources.lock.version(name) if sources.lock else None
            table.setdefault(name, []).append(VersionEntry(project.name, ", ".join(values), locked))
    return tuple(
        LibraryVersions(name, tuple(entries), _differs(entries))
        for name, entries in sorted(table.items())
    )


def version_findings(
    ws: workspace.Workspace,
    versions: Iterable[LibraryVersions],
    all_sources: Sequence[ProjectSources],
    selected: Sequence[workspace.Project],
    *,
    strict: bool,
) -> list[workspace.Finding]:
    """BW204: one finding per library whose versions differ, at its declaration in the first
    selected project (in `versions` order) that declares it."""
    by_name = {s.project.name: s for s in all_sources}
    selected_names = [p.name for p in selected]
    findings: list[workspace.Finding] = []
    for library in versions:
        anchor = next((e.project for e in library.entries if e.project in selected_names), None)
        if not library.differs or anchor is None:
            continue
        sources = by_name[anchor]
        shown = "; ".join(
            f"{e.project} {e.locked or 'not locked'}"
            + (f" ({e.constraint})" if e.constraint else "")
            for e in library.entries
        )
        findings.append(
            workspace.Finding(
                codes.VERSION_MISMATCH,
                f"{library.name} differs across projects: {shown}; align the constraints and "
                "lock again",
                sources.project.file,
                sources.declared_lines.get(library.name),
                subject=library.name,
                severity=workspace.default_severity(codes.VERSION_MISMATCH, strict=strict),
            )
        )
    return findings
