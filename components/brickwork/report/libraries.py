"""`poly libs` rendered: libraries per brick, per project, versions across projects, JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from brickwork.report.findings import counts, finding_dict, finding_line, plural
from brickwork.report.formats import document, escape_tags
from brickwork.report.table import render_table
from brickwork.workspace import BrickKind, Workspace

if TYPE_CHECKING:  # only `libs` commands need `libs` loaded
    from brickwork.libs import (
        BrickLibraries,
        LibraryVersions,
        LibsReport,
        ProjectLibraries,
        ProjectLibrary,
    )

#: The style of a library status (`libs.LibraryStatus` values) in the text tables.
_STATUS_STYLE = {
    "ok": "info",
    "missing": "fg=red",
    "transitive": "fg=yellow",
    "unused": "fg=yellow",
    "assumed-runtime-only": "fg=yellow",
}


def _shown_bricks(result: LibsReport, selected: bool) -> tuple[BrickLibraries, ...]:
    if not selected:
        return result.bricks
    names = {b for p in result.projects for b in p.project.bricks}
    return tuple(b for b in result.bricks if b.brick in names)


def _library(ws: Workspace, lib: ProjectLibrary) -> dict[str, Any]:
    return {
        "name": lib.name,
        "status": lib.status.value,
        "declared": lib.declared,
        "constraint": lib.constraint,
        "markers": lib.markers,
        "locked": lib.locked,
        "import_names": list(lib.import_names),
        "imports": [
            {"module": s.module, "brick": s.brick, "path": ws.relative(s.path), "line": s.line}
            for s in lib.imports
        ],
        "type_checking_only": bool(lib.type_checking) and not lib.imports,
        "candidates": list(lib.candidates),
        "via": list(lib.via),
        "source": lib.source or None,
        "reason": lib.reason or None,
    }


def libs_data(
    ws: Workspace, result: LibsReport, *, strict: bool, selected: bool, exit_code: int
) -> dict[str, Any]:
    """The JSON document of `poly libs --output json` (schema `schemas/libs.json`); `selected`:
    projects were named (only their bricks are listed)."""

    def where(path: Any) -> str | None:
        return None if path is None else ws.relative(path)

    bricks = _shown_bricks(result, selected)
    errors, warnings = counts(result.findings)
    totals = {
        "projects": len(result.projects),
        "bricks": len(bricks),
        "errors": errors,
        "warnings": warnings,
    }
    payload = {
        "strict": strict,
        "bricks": [
            {
                "name": b.brick,
                "kind": b.kind.value,
                "libraries": [{"name": n, "imports": list(i)} for n, i in b.libraries.items()],
            }
            for b in bricks
        ],
        "projects": [
            {
                "name": p.project.name,
                "path": ws.relative(p.project.path) or ".",
                "development": p.project.is_development,
                "lock": where(p.lock),
                "environment": where(p.environment),
                "declared": list(p.declared),
                "used": list(p.used),
                "missing": list(p.missing),
                "transitive": list(p.transitive),
                "unused": list(p.unused),
                "libraries": [_library(ws, lib) for lib in p.libraries],
            }
            for p in result.projects
        ],
        "versions": [
            {
                "name": v.name,
                "differs": v.differs,
                "projects": [
                    {"project": e.project, "constraint": e.constraint, "locked": e.locked}
                    for e in v.entries
                ],
            }
            for v in result.versions
        ],
        "findings": [finding_dict(f, ws.root) for f in result.findings],
        "notes": list(result.notes),
    }
    return document("libs", ws.root, exit_code, totals, payload)


def _esc(text: str) -> str:
    return escape_tags(text)


def _brick_lines(bricks: Sequence[BrickLibraries]) -> list[str]:
    rows = []
    for brick in bricks:
        style = "comment" if brick.kind is BrickKind.COMPONENT else "c2"
        names = ", ".join(brick.libraries) or "-"
        rows.append([f"<{style}>{brick.brick}</>", brick.kind.value, _esc(names)])
    if not rows:
        return []
    return [
        "<b>libraries per brick</b>",
        *("  " + line for line in render_table(["brick", "kind", "libraries"], rows)),
        "",
    ]


def _project_lines(ws: Workspace, result: ProjectLibraries) -> list[str]:
    project = result.project
    title = "development" if project.is_development else project.name
    lock = ws.relative(result.lock) if result.lock else "none"
    env = ws.relative(result.environment) if result.environment else "none"
    lines = [
        f"<b>project</b> <c1>{title}</> ({_esc(ws.relative(project.path) or '.')})  "
        f"lock: {_esc(lock)}  venv: {_esc(env)}"
    ]
    rows = []
    for lib in result.libraries:
        style = _STATUS_STYLE.get(lib.status.value)
        status = f"<{style}>{lib.status.value}</>" if style else lib.status.value
        if lib.imports and not lib.declared:
            site = lib.imports[0]
            detail = f"imported at {ws.relative(site.path)}:{site.line}"
            if lib.via or lib.reason:  # the reason: an optional or guarded import's note
                detail += f" ({lib.reason or 'via ' + ', '.join(lib.via)})"
        elif lib.reason and not lib.imports:
            detail = lib.reason
        else:
            detail = ", ".join(lib.import_names)
        rows.append([lib.name, lib.constraint or "-", lib.locked or "-", status, _esc(detail)])
    headers = ["library", "constraint", "locked", "status", "imports"]
    if rows:
        lines += ["  " + line for line in render_table(headers, rows)]
    else:
        lines.append("  no third-party libraries")
    counts = (
        f"declared {len(result.declared)}, used {len(result.used)}, "
        f"missing {len(result.missing)}, transitive {len(result.transitive)}, "
        f"unused {len(result.unused)}"
    )
    assumed = [lib for lib in result.libraries if lib.status.value == "assumed-runtime-only"]
    if assumed:
        counts += f", assumed runtime-only {len(assumed)}"
    return [*lines, f"  {counts}", ""]


def _version_lines(ws: Workspace, versions: Sequence[LibraryVersions]) -> list[str]:
    shared = [v for v in versions if len(v.entries) > 1]
    if not shared:
        return []
    order = [p.name for p in sorted(ws.projects, key=lambda p: p.is_development)]
    involved = {e.project for v in shared for e in v.entries}
    projects = [name for name in order if name in involved]
    rows = []
    for version in shared:
        cells = {e.project: e.locked or e.constraint or "*" for e in version.entries}
        row = [f"<fg=yellow>{version.name}</>" if version.differs else version.name]
        for name in projects:
            cell = _esc(cells.get(name, "-"))
            row.append(f"<fg=yellow>{cell}</>" if version.differs and name in cells else cell)
        row.append("<fg=yellow>differs</>" if version.differs else "same")
        rows.append(row)
    table = render_table(["library", *projects, ""], rows)
    return ["<b>versions across projects</b>", *("  " + line for line in table), ""]


def libs_lines(ws: Workspace, result: LibsReport, *, selected: bool) -> list[str]:
    """The text rendering: bricks, projects, versions, findings, summary; `selected`: projects
    were named (only their bricks are listed)."""
    lines = _brick_lines(_shown_bricks(result, selected))
    for project in result.projects:
        lines += _project_lines(ws, project)
    lines += _version_lines(ws, result.versions)
    lines += [finding_line(f, ws.root) for f in result.findings]
    errors, warnings = counts(result.findings)
    if errors:
        lines += ["", f"<error>✘ {plural(errors, 'error')}, {plural(warnings, 'warning')}</>"]
    elif warnings:
        lines += ["", f"<info>✔ no errors, {plural(warnings, 'warning')}</>"]
    else:
        lines.append("<info>✔ no library problems</>")
    return lines
