"""Analysis -> findings (BW201-BW204) and the versions of each library across projects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from brickwork import workspace
from brickwork.libs.collect import ProjectSources
from brickwork.libs.model import (
    MISSING_LIBRARY,
    TRANSITIVE_LIBRARY,
    UNUSED_LIBRARY,
    VERSION_MISMATCH,
    ImportSite,
    LibraryStatus,
    LibraryVersions,
    ProjectLibraries,
    ProjectLibrary,
    VersionEntry,
)


def project_label(project: workspace.Project) -> str:
    return "the development project" if project.is_development else f"project {project.name}"


def _first(sites: Sequence[ImportSite], code: str) -> ImportSite:
    return next((s for s in sites if not s.ignores(code)), sites[0])


def _missing(ws: workspace.Workspace, result: ProjectLibraries, lib: ProjectLibrary) -> str:
    label = project_label(result.project)
    file = ws.relative(result.project.file)
    imported = ", ".join(lib.import_names)
    if lib.guessed:
        return (
            f"{label} imports {imported}, which no distribution it declares provides; add the "
            f"one that does (probably {lib.name}) to {file}, or map the import in "
            f"[tool.polylith.libs.aliases] of workspace.toml"
        )
    others = [c for c in lib.candidates if c != lib.name]
    wanted = f"one of {', '.join([lib.name, *others])}" if others else lib.name
    return f"{label} imports {imported} but does not declare {wanted}; add it to {file}"


def project_findings(
    ws: workspace.Workspace, result: ProjectLibraries, sources: ProjectSources
) -> list[workspace.Finding]:
    """BW201, BW202 and BW203 of one analysed project."""
    project = result.project
    label = project_label(project)
    file = ws.relative(project.file)
    findings: list[workspace.Finding] = []
    for lib in result.libraries:
        if lib.status is LibraryStatus.MISSING:
            site = _first(lib.imports, MISSING_LIBRARY)
            findings.append(
                workspace.Finding(
                    MISSING_LIBRARY,
                    _missing(ws, result, lib),
                    site.path,
                    site.line,
                    subject=lib.name,
                    severity=workspace.Severity.ERROR,
                )
            )
        elif lib.status is LibraryStatus.TRANSITIVE:
            site = _first(lib.imports, TRANSITIVE_LIBRARY)
            through = ", ".join(lib.via) or "another dependency"
            findings.append(
                workspace.Finding(
                    TRANSITIVE_LIBRARY,
                    f"{label} imports {', '.join(lib.import_names)} from {lib.name}, which it "
                    f"gets only through {through}; declare {lib.name} in {file}",
                    site.path,
                    site.line,
                    subject=lib.name,
                    severity=workspace.Severity.WARNING,
                )
            )
        elif lib.status is LibraryStatus.UNUSED:
            if lib.type_checking:
                why = "its bricks import it only under TYPE_CHECKING; move it to a dev group"
            else:
                why = "none of its bricks imports it; remove it"
            findings.append(
                workspace.Finding(
                    UNUSED_LIBRARY,
                    f"{label} declares {lib.name} but {why}, or list it in [tool.brickwork.libs] "
                    f"runtime-only (or [tool.brickwork.libs.allow] {project.name}) if it is "
                    "needed at runtime only",
                    project.file,
                    sources.declared_lines.get(lib.name),
                    subject=lib.name,
                    severity=workspace.Severity.WARNING,
                )
            )
    return sorted(findings, key=lambda f: (f.code, str(f.path), f.line or 0, f.subject))


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
                VERSION_MISMATCH,
                f"{library.name} differs across projects: {shown}; align the constraints and "
                "lock again",
                sources.project.file,
                sources.declared_lines.get(library.name),
                subject=library.name,
                severity=workspace.Severity.ERROR if strict else workspace.Severity.WARNING,
            )
        )
    return findings
