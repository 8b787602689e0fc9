"""`poetry poly deps`: which brick uses which, for the workspace, a project or one brick; with
`--why X`, every import chain by which projects need a brick or a library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import report, workspace
from brickwork.poetry_plugin.analysis import workspace_graph
from brickwork.poetry_plugin.command import PolyCommand, output_option, projects_option

if TYPE_CHECKING:
    from brickwork import imports, libs

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
    why: str | None = None
    every: bool = False


class DepsCommand(PolyCommand):
    name = "poly deps"
    description = "Show which brick uses which: the workspace, a project, or one brick."
    formats = FORMATS
    options: ClassVar[list[Option]] = [
        option("brick", "b", "What this brick uses and what uses it.", flag=False),
        option(
            "why",
            None,
            "Every import chain by which the projects need this brick or library.",
            flag=False,
        ),
        option("all", None, "With --why: a chain per first hop and importer, none left out."),
        projects_option(),
        output_option(FORMATS),
    ]

    def run_command(self) -> int:
        from brickwork import graph

        ws = self.load_workspace()
        brick = self.option("brick")
        opts = DepsOptions(
            brick=str(brick) if brick else None,
            projects=self.selected_projects(ws),
            output=self.output_format(),
            why=str(self.option("why")) if self.option("why") is not None else None,
            every=bool(self.option("all")),
        )
        if opts.why is not None:
            return self._why(ws, opts)
        if opts.every:
            raise workspace.PolyError("--all goes with --why X.")
        graph.validate(ws, opts.projects, opts.brick)  # unknown names fail before the scan
        full, every_missing = workspace_graph(self)  # what check reports, from its analysis
        chosen = {p.name for p in opts.projects}
        missing = [(name, m) for name, m in every_missing if name in chosen]
        view = graph.build_view(ws, full, opts.projects, opts.brick, missing)
        if opts.output is report.OutputFormat.JSON:
            self.emit_raw(report.to_json(report.deps_data(view, ws.root)))
        else:
            self.emit(RENDERERS[opts.output](view))
        return workspace.EXIT_OK

    def _why(self, ws: workspace.Workspace, opts: DepsOptions) -> int:
        """`--why X`: the chains from each project's roots to X (every deployable when no
        project is named), from the same scan and graph as `deps`."""
        from brickwork import check

        asked = (opts.why or "").strip()
        if not asked:
            raise workspace.PolyError(
                "--why needs a brick or library name: --why orders, --why PyYAML."
            )
        if opts.brick is not None:
            raise workspace.PolyError(
                "--why and --brick answer different questions: give one of them."
            )
        if opts.output not in (report.OutputFormat.TEXT, report.OutputFormat.JSON):
            raise workspace.PolyError(f"--why shows text or json, not {opts.output.value}.")
        projects = opts.projects or ws.deployables or tuple(ws.projects)
        scan = self.scan(ws)
        full = self.brick_graph(ws, scan)
        target = check.why_target(ws, asked, ())
        found = (
            None
            if target is not None and target.kind == "brick"
            else self._libraries(ws, scan, projects)
        )
        if found is not None:
            target = check.why_target(ws, asked, found)
            if target is None:
                everywhere = self._libraries(ws, scan, ())
                target = check.why_target(ws, asked, everywhere)
                if target is None:
                    raise check.unknown_target(ws, asked, everywhere)
        assert target is not None
        allow = check.load_settings(ws).allow
        with self.progress.phase("why"):
            needs = check.project_needs(ws, scan, full, projects, allow=allow)
            answers = [
                check.explain(
                    ws,
                    scan,
                    full,
                    n,
                    target,
                    allow=allow,
                    library=_library(found, n.project.name, target.name),
                    every=opts.every,
                )
                for n in needs
            ]
        kinds = {b.name: b.kind.value for b in ws.bricks}
        if opts.output is report.OutputFormat.JSON:
            self.emit_raw(report.to_json(report.why_data(answers, target, kinds, ws.root)))
        else:
            self.emit(report.why_lines(answers, target, kinds, ws.root, every=opts.every))
        return workspace.EXIT_OK

    def _libraries(
        self,
        ws: workspace.Workspace,
        scan: imports.WorkspaceImports,
        projects: tuple[workspace.Project, ...],
    ) -> list[libs.ProjectLibraries]:
        """The library analysis of `projects` (all when empty), as `libs` computes it."""
        from brickwork import libs

        with self.progress.phase("libs"):
            names = tuple(p.name for p in projects)
            return list(libs.analyse(ws, scan, projects=names, per_brick=False).projects)


def _library(
    found: list[libs.ProjectLibraries] | None, project: str, name: str
) -> libs.ProjectLibrary | None:
    for entry in found or ():
        if entry.project.name == project:
            return next((lib for lib in entry.libraries if lib.name == name), None)
    return None
