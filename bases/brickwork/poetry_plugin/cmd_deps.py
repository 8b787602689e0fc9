"""`poetry poly deps`: which brick uses which, for the workspace, a project or one brick."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import report, workspace
from brickwork.poetry_plugin.command import PolyCommand, output_option, projects_option

FORMATS = (
    report.OutputFormat.TEXT,
    report.OutputFormat.JSON,
    report.OutputFormat.MERMAID,
    report.OutputFormat.DOT,
)
RENDERERS = {
    report.OutputFormat.TEXT: report.deps_lines,
    report.OutputFormat.MERMAID: report.deps_mermaid,
    report.OutputFormat.DOT: report.deps_dot,
}


@dataclass(frozen=True)
class DepsOptions:
    brick: str | None = None
    projects: tuple[workspace.Project, ...] = ()
    output: report.OutputFormat = report.OutputFormat.TEXT


class DepsCommand(PolyCommand):
    name = "poly deps"
    description = "Show which brick uses which: the workspace, a project, or one brick."
    formats = FORMATS
    reusable = True
    options: ClassVar[list[Option]] = [
        option("brick", "b", "What this brick uses and what uses it.", flag=False),
        projects_option(),
        output_option(FORMATS),
    ]

    def run_command(self) -> int:
        from brickwork import check, graph  # not needed when an earlier result is reused

        ws = self.load_workspace()
        brick = self.option("brick")
        opts = DepsOptions(
            brick=str(brick) if brick else None,
            projects=self.selected_projects(ws),
            output=self.output_format(),
        )
        graph.validate(ws, opts.projects, opts.brick)  # unknown names fail before the scan
        scan = self.scan(ws)
        full = self.brick_graph(ws, scan)
        needs = check.project_needs(ws, scan, full, opts.projects)  # what check reports
        missing = [(n.project.name, m) for n in needs for m in n.chains]
        view = graph.build_view(ws, full, opts.projects, opts.brick, missing)
        if opts.output is report.OutputFormat.JSON:
            self.emit(report.to_json(report.deps_data(view, ws.root)))
        else:
            self.emit(RENDERERS[opts.output](view))
        return workspace.EXIT_OK
