"""`poetry poly diff`: what changed since a stable point, and which projects it affects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import changes, report, workspace
from brickwork.poetry_plugin.analysis import graph_and_libraries
from brickwork.poetry_plugin.command import PolyCommand, output_option

FORMATS = (
    report.OutputFormat.TEXT,
    report.OutputFormat.JSON,
    report.OutputFormat.GITHUB_MATRIX,
    report.OutputFormat.MARKDOWN,
)

#: What `--graph` prints.
GRAPH_FORMATS = (report.OutputFormat.TEXT, report.OutputFormat.JSON, report.OutputFormat.MARKDOWN)


def since_option() -> Option:
    return option(
        "since",
        None,
        "Compare with this stable point: a tag pattern key (stable, release, or a key of "
        "[tool.polylith.tag.patterns]), a tag or a commit. Default: stable.",
        flag=False,
    )


def no_working_tree_option() -> Option:
    return option(
        "no-working-tree",
        None,
        "Only committed changes: leave out uncommitted and untracked files.",
    )


@dataclass(frozen=True)
class DiffOptions:
    since: str | None = None
    bricks: bool = False
    projects: bool = False
    affected: bool = False
    deps: bool = False
    short: bool = False
    working_tree: bool = True
    graph: bool = False
    output: report.OutputFormat = report.OutputFormat.TEXT

    @property
    def sections(self) -> tuple[str, ...]:
        chosen = tuple(
            name
            for name, on in (
                ("bricks", self.bricks),
                ("projects", self.projects),
                ("deps", self.deps),
                ("affected", self.affected),
            )
            if on
        )
        return chosen or ("bricks", "projects", "affected")


def short_names(ws: workspace.Workspace, found: changes.Affected, opts: DiffOptions) -> list[str]:
    """What `--short` lists: changed bricks (`--bricks`), changed and dependent bricks
    (`--deps`), changed projects' folders (`--projects`), else affected projects' folders."""
    if opts.bricks:
        return list(found.changed_bricks)
    if opts.deps:
        return list(found.bricks)
    names = found.changed_projects if opts.projects else found.projects
    projects = [ws.project(name) for name in names]
    return [p.folder_name for p in projects if p is not None and not p.is_development]


class DiffCommand(PolyCommand):
    name = "poly diff"
    description = "Show the bricks and projects changed since a stable point, and what they affect."
    formats = FORMATS
    options: ClassVar[list[Option]] = [
        since_option(),
        option("bricks", None, "Show the changed bricks."),
        option("projects", None, "Show the changed projects."),
        option("affected", None, "Show the affected projects, each with its reason."),
        option("deps", None, "Show the changed bricks and every brick that depends on them."),
        option("short", None, "Only the names, comma-separated (for scripts)."),
        no_working_tree_option(),
        option(
            "graph",
            None,
            "Compare the brick graph at the stable point with now: bricks, edges (with the "
            "import that made each), cycles, and per project the bricks it reaches and the "
            "libraries it declares (text, json or markdown).",
        ),
        output_option(FORMATS),
    ]

    def run_command(self) -> int:
        opts = DiffOptions(
            since=self.option("since") or None,
            bricks=bool(self.option("bricks")),
            projects=bool(self.option("projects")),
            affected=bool(self.option("affected")),
            deps=bool(self.option("deps")),
            short=bool(self.option("short")),
            working_tree=not self.option("no-working-tree"),
            graph=bool(self.option("graph")),
            output=self.output_format(),
        )
        if opts.graph:
            return self.run_graph(opts)
        ws = self.load_workspace()
        change_set = changes.collect_changes(ws, opts.since, working_tree=opts.working_tree)
        bricks, distributions = graph_and_libraries(self, ws)
        libraries = distributions() if change_set.locks else None
        found = changes.find_affected(ws, bricks, change_set, libraries)
        if opts.output is report.OutputFormat.JSON:
            self.emit_raw(report.to_json(report.affected_data(ws, found)))
        elif opts.output is report.OutputFormat.GITHUB_MATRIX:
            self.emit_raw(report.github_matrix(ws, found))
        elif opts.output is report.OutputFormat.MARKDOWN:
            self.emit(report.affected_markdown(ws, found, bricks))
        elif opts.short:
            names = short_names(ws, found, opts)
            if names:
                self.emit(",".join(names))
        else:
            self.emit(report.affected_text(ws, found, opts.sections))
        return workspace.EXIT_OK

    def run_graph(self, opts: DiffOptions) -> int:
        """`diff --graph`: the brick graph at the stable point against now."""
        if opts.output not in GRAPH_FORMATS:
            names = ", ".join(f.value for f in GRAPH_FORMATS)
            raise workspace.PolyError(f"--graph prints one of: {names}; not {opts.output.value}.")
        if opts.short or opts.sections != ("bricks", "projects", "affected"):
            raise workspace.PolyError(
                "--graph shows the whole graph diff: leave out --short, --bricks, --projects, "
                "--affected and --deps."
            )
        ws = self.load_workspace()
        with self.progress.phase("graph diff"):
            found = changes.graph_diff(ws, opts.since, working_tree=opts.working_tree)
        if opts.output is report.OutputFormat.JSON:
            self.emit_raw(report.to_json(report.graph_diff_data(ws, found)))
        elif opts.output is report.OutputFormat.MARKDOWN:
            self.emit(report.graph_diff_markdown(found))
        else:
            self.emit(report.graph_diff_text(found))
        return workspace.EXIT_OK
