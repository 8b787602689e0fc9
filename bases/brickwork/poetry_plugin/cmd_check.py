"""`poetry poly check`: validate the bricks and projects; findings decide the exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any, ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import check, graph, imports, libs, report, workspace
from brickwork.poetry_plugin.command import (
    PolyCommand,
    output_option,
    plural,
    projects_option,
    selected_project_names,
)

FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON, report.OutputFormat.GITHUB)
SCHEMA = "brickwork.check/1"


@dataclass(frozen=True)
class CheckOptions:
    strict: bool = False
    projects: tuple[str, ...] = ()
    output: report.OutputFormat = report.OutputFormat.TEXT
    aliases: tuple[tuple[str, str], ...] = ()
    """(distribution, import names) for the library rules: `--alias opencv-python=cv2`."""


def library_findings(
    ws: workspace.Workspace, scan: imports.WorkspaceImports, opts: CheckOptions
) -> list[workspace.Finding]:
    """The library rules (BW201-BW204) of the `libs` component, with `--alias` names."""
    return libs.library_findings(
        ws, scan, strict=opts.strict, aliases=dict(opts.aliases), projects=opts.projects
    )


def _where(ws: workspace.Workspace, finding: workspace.Finding) -> str:
    line = f":{finding.line}" if finding.line else ""
    return f"{ws.relative(finding.path)}{line}"


def scope_size(ws: workspace.Workspace, projects: tuple[workspace.Project, ...]) -> tuple[int, int]:
    """(deployable projects, bricks) that a run over `projects` looks at."""
    if projects == ws.projects:
        return len(ws.deployables), len(ws.bricks)
    bricks = {b for p in projects for b in p.bricks}
    return len(projects), len(bricks)


def summary(findings: Sequence[workspace.Finding], projects: int, bricks: int) -> str:
    counts = check.count(findings)
    scope = f"{plural(projects, 'project')}, {plural(bricks, 'brick')}"
    if not findings:
        return f"✔ no problems in {scope}"
    return f"✘ {plural(counts.errors, 'error')}, {plural(counts.warnings, 'warning')} in {scope}"


def text_lines(
    ws: workspace.Workspace, findings: Sequence[workspace.Finding], projects: int, bricks: int
) -> list[str]:
    """`path:line: CODE severity message`, a blank line between codes, then the summary."""
    lines: list[str] = []
    for _code, group in groupby(findings, key=lambda f: f.code):
        for finding in group:
            color = "red" if finding.severity is workspace.Severity.ERROR else "yellow"
            lines.append(
                f"{report.escape_tags(_where(ws, finding))}: <b>{finding.code}</b> "
                f"<fg={color}>{finding.severity.value}</> {report.escape_tags(finding.message)}"
            )
        lines.append("")
    ok = not check.count(findings).errors
    style = "info" if ok else "error"
    lines.append(f"<{style}>{summary(findings, projects, bricks)}</{style}>")
    return lines


def _repository_root(root: Path) -> Path:
    """GitHub resolves annotation paths against the repository, which may hold the workspace."""
    return next((p for p in (root, *root.parents) if (p / ".git").exists()), root)


def github_lines(
    ws: workspace.Workspace, findings: Sequence[workspace.Finding], projects: int, bricks: int
) -> list[str]:
    repository = _repository_root(ws.root)
    lines = [
        report.github_annotation(
            f.severity.value,
            f.message,
            file=f.path.relative_to(repository).as_posix()
            if f.path.is_relative_to(repository)
            else str(f.path),
            line=f.line,
            title=f.code,
        )
        for f in findings
    ]
    return [*lines, summary(findings, projects, bricks)]


def check_data(
    ws: workspace.Workspace,
    findings: Sequence[workspace.Finding],
    opts: CheckOptions,
    projects: tuple[workspace.Project, ...],
) -> dict[str, Any]:
    """The documented JSON shape of `poly check --output json`."""
    counts = check.count(findings)
    n_projects, n_bricks = scope_size(ws, projects)
    return {
        "schema": SCHEMA,
        "root": str(ws.root),
        "strict": opts.strict,
        "projects": [p.name for p in projects],
        "counts": {
            "projects": n_projects,
            "bricks": n_bricks,
            "errors": counts.errors,
            "warnings": counts.warnings,
        },
        "exit_code": check.exit_code(findings, opts.strict),
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "path": ws.relative(f.path),
                "line": f.line,
                "subject": f.subject,
                "message": f.message,
            }
            for f in findings
        ],
    }


class CheckCommand(PolyCommand):
    name = "poly check"
    description = "Check bricks and projects: missing bricks, cycles, imports that break rules."
    formats = FORMATS
    options: ClassVar[list[Option]] = [
        option("strict", None, "Fail on warnings too; cycles and interface bypasses are errors."),
        projects_option(),
        output_option(FORMATS),
        option(
            "alias",
            None,
            "Import names of distributions for the library rules: opencv-python=cv2,pyyaml=yaml.",
            flag=False,
            multiple=True,
        ),
    ]

    def run_command(self) -> int:
        ws = self.load_workspace()
        opts = CheckOptions(
            strict=bool(self.option("strict")),
            projects=selected_project_names(self, ws),
            output=self.output_format(),
            aliases=tuple(libs.parse_alias_option(self.option_values("alias")).items()),
        )
        projects = workspace.select_projects(ws, opts.projects) or ws.projects
        scan = imports.scan_workspace(ws)
        bricks = graph.build_graph(ws, scan)
        findings = check.run_checks(
            ws,
            scan,
            bricks,
            strict=opts.strict,
            projects=opts.projects,
            extra=library_findings(ws, scan, opts),
        )
        n_projects, n_bricks = scope_size(ws, projects)
        if opts.output is report.OutputFormat.JSON:
            self.emit(report.to_json(check_data(ws, findings, opts, projects)))
        elif opts.output is report.OutputFormat.GITHUB:
            self.emit(github_lines(ws, findings, n_projects, n_bricks))
        else:
            self.emit(text_lines(ws, findings, n_projects, n_bricks))
        return check.exit_code(findings, opts.strict)
