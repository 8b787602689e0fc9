"""`poetry poly libs`: third-party libraries per brick and per project, and their versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import imports, libs, report, workspace
from brickwork.poetry_plugin.command import (
    PolyCommand,
    output_option,
    projects_option,
    selected_project_names,
)

FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON)
SCHEMA = "brickwork.libs/1"

_STATUS_STYLE = {
    libs.LibraryStatus.OK: "info",
    libs.LibraryStatus.MISSING: "fg=red",
    libs.LibraryStatus.TRANSITIVE: "fg=yellow",
    libs.LibraryStatus.UNUSED: "fg=yellow",
}


@dataclass(frozen=True)
class LibsOptions:
    projects: tuple[str, ...] = ()
    output: report.OutputFormat = report.OutputFormat.TEXT
    aliases: tuple[tuple[str, str], ...] = ()
    """(distribution, import names): `--alias opencv-python=cv2`."""
    strict: bool = False


def exit_code(findings: Sequence[workspace.Finding]) -> int:
    errors = any(f.severity is workspace.Severity.ERROR for f in findings)
    return workspace.EXIT_FAILURE if errors else workspace.EXIT_OK


def _shown_bricks(result: libs.LibsReport, selected: bool) -> tuple[libs.BrickLibraries, ...]:
    if not selected:
        return result.bricks
    names = {b for p in result.projects for b in p.project.bricks}
    return tuple(b for b in result.bricks if b.brick in names)


def _finding(ws: workspace.Workspace, finding: workspace.Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "path": ws.relative(finding.path),
        "line": finding.line,
        "subject": finding.subject,
        "message": finding.message,
    }


def _library(ws: workspace.Workspace, lib: libs.ProjectLibrary) -> dict[str, Any]:
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
    }


def libs_data(
    ws: workspace.Workspace, result: libs.LibsReport, opts: LibsOptions
) -> dict[str, Any]:
    """The documented JSON shape of `poly libs --output json`."""

    def where(path: Any) -> str | None:
        return None if path is None else ws.relative(path)

    return {
        "schema": SCHEMA,
        "root": str(ws.root),
        "strict": opts.strict,
        "bricks": [
            {
                "name": b.brick,
                "kind": b.kind.value,
                "libraries": [{"name": n, "imports": list(i)} for n, i in b.libraries.items()],
            }
            for b in _shown_bricks(result, bool(opts.projects))
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
        "findings": [_finding(ws, f) for f in result.findings],
        "notes": list(result.notes),
        "exit_code": exit_code(result.findings),
    }


def _esc(text: str) -> str:
    return report.escape_tags(text)


def _brick_lines(bricks: Sequence[libs.BrickLibraries]) -> list[str]:
    rows = []
    for brick in bricks:
        style = "comment" if brick.kind is workspace.BrickKind.COMPONENT else "c2"
        names = ", ".join(brick.libraries) or "-"
        rows.append([f"<{style}>{brick.brick}</>", brick.kind.value, _esc(names)])
    if not rows:
        return []
    return [
        "<b>libraries per brick</b>",
        *("  " + line for line in report.render_table(["brick", "kind", "libraries"], rows)),
        "",
    ]


def _where(ws: workspace.Workspace, site: libs.ImportSite) -> str:
    return f"{ws.relative(site.path)}:{site.line}"


def _project_lines(ws: workspace.Workspace, result: libs.ProjectLibraries) -> list[str]:
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
        style = _STATUS_STYLE.get(lib.status)
        status = f"<{style}>{lib.status.value}</>" if style else lib.status.value
        if lib.imports and not lib.declared:
            detail = f"imported at {_where(ws, lib.imports[0])}"
            if lib.via:
                detail += f" (via {', '.join(lib.via)})"
        else:
            detail = ", ".join(lib.import_names)
        rows.append([lib.name, lib.constraint or "-", lib.locked or "-", status, _esc(detail)])
    headers = ["library", "constraint", "locked", "status", "imports"]
    if rows:
        lines += ["  " + line for line in report.render_table(headers, rows)]
    else:
        lines.append("  no third-party libraries")
    counts = (
        f"declared {len(result.declared)}, used {len(result.used)}, "
        f"missing {len(result.missing)}, transitive {len(result.transitive)}, "
        f"unused {len(result.unused)}"
    )
    return [*lines, f"  {counts}", ""]


def _version_lines(ws: workspace.Workspace, versions: Sequence[libs.LibraryVersions]) -> list[str]:
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
    table = report.render_table(["library", *projects, ""], rows)
    return ["<b>versions across projects</b>", *("  " + line for line in table), ""]


def libs_lines(ws: workspace.Workspace, result: libs.LibsReport, opts: LibsOptions) -> list[str]:
    """The text rendering: bricks, projects, versions, findings, summary."""
    lines = _brick_lines(_shown_bricks(result, bool(opts.projects)))
    for project in result.projects:
        lines += _project_lines(ws, project)
    lines += _version_lines(ws, result.versions)
    for finding in result.findings:
        where = ws.relative(finding.path) + (f":{finding.line}" if finding.line else "")
        color = "red" if finding.severity is workspace.Severity.ERROR else "yellow"
        lines.append(
            f"{_esc(where)}: <b>{finding.code}</b> <fg={color}>{finding.severity.value}</> "
            f"{_esc(finding.message)}"
        )
    errors = sum(f.severity is workspace.Severity.ERROR for f in result.findings)
    warnings = len(result.findings) - errors
    if errors:
        lines += ["", f"<error>✘ {_plural(errors, 'error')}, {_plural(warnings, 'warning')}</>"]
    elif warnings:
        lines += ["", f"<info>✔ no errors, {_plural(warnings, 'warning')}</>"]
    else:
        lines.append("<info>✔ no library problems</>")
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class LibsCommand(PolyCommand):
    name = "poly libs"
    description = "Show third-party libraries per brick and project: missing, unused, versions."
    formats = FORMATS
    options: ClassVar[list[Option]] = [
        projects_option(),
        output_option(FORMATS),
        option(
            "alias",
            None,
            "Import names of distributions: opencv-python=cv2,pyyaml=yaml.",
            flag=False,
            multiple=True,
        ),
        option("strict", None, "Different library versions across projects are errors."),
    ]

    def run_command(self) -> int:
        ws = self.load_workspace()
        opts = LibsOptions(
            projects=selected_project_names(self, ws),
            output=self.output_format(),
            aliases=tuple(libs.parse_alias_option(self.option_values("alias")).items()),
            strict=bool(self.option("strict")),
        )
        scan = imports.scan_workspace(ws)
        result = libs.analyse(
            ws, scan, strict=opts.strict, aliases=dict(opts.aliases), projects=opts.projects
        )
        for note in result.notes:
            self.line_error(f"<comment>note: {_esc(note)}</comment>")
        if opts.output is report.OutputFormat.JSON:
            self.emit(report.to_json(libs_data(ws, result, opts)))
        else:
            self.emit(libs_lines(ws, result, opts))
        return exit_code(result.findings)
