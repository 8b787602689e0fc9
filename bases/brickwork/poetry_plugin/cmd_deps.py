"""`poetry poly deps`: which brick uses which, for the workspace, a project or one brick."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from cleo.helpers import option
from cleo.io.inputs.option import Option

from brickwork import graph, imports, report, workspace
from brickwork.poetry_plugin.command import (
    PolyCommand,
    output_option,
    plural,
    projects_option,
    selected_project_names,
)

FORMATS = (
    report.OutputFormat.TEXT,
    report.OutputFormat.JSON,
    report.OutputFormat.MERMAID,
    report.OutputFormat.DOT,
)
SCHEMA = "brickwork.deps/1"
#: Up to this many bricks the text view is a matrix; above it, one line per brick.
MATRIX_MAX = 40
#: Names shown per cell of the list view before "+N more".
NAMES_MAX = 6


@dataclass(frozen=True)
class DepsOptions:
    brick: str | None = None
    projects: tuple[str, ...] = ()
    output: report.OutputFormat = report.OutputFormat.TEXT


@dataclass(frozen=True)
class DepsView:
    """What one `deps` run shows: the graph of the scope and what is asked of it."""

    scope: graph.BrickGraph
    """The workspace graph, or restricted to the selected projects' bricks."""
    projects: tuple[workspace.Project, ...]
    """The selected projects (empty: the whole workspace)."""
    missing: tuple[tuple[str, graph.Missing], ...]
    """(project, missing brick) of the selected projects."""
    cycles: tuple[graph.Cycle, ...]


def validate(ws: workspace.Workspace, opts: DepsOptions) -> tuple[workspace.Project, ...]:
    """The selected projects; unknown project or brick names are a `PolyError` (exit 2)."""
    projects = workspace.select_projects(ws, opts.projects)
    if opts.brick is None:
        return projects
    if ws.brick(opts.brick) is None:
        close = difflib.get_close_matches(opts.brick, [b.name for b in ws.bricks], n=3)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise workspace.PolyError(
            f"unknown brick {opts.brick!r}; {hint}`poetry poly info` lists the bricks."
        )
    if projects and not any(opts.brick in p.bricks for p in projects):
        names = ", ".join(p.name for p in projects)
        raise workspace.PolyError(
            f"brick {opts.brick!r} is not in project {names}; drop --projects to see it."
        )
    return projects


def build_view(ws: workspace.Workspace, full: graph.BrickGraph, opts: DepsOptions) -> DepsView:
    """The graph and findings in the scope of the options."""
    projects = validate(ws, opts)
    scope = full.subgraph(b for p in projects for b in p.bricks) if projects else full
    missing = tuple((p.name, m) for p in projects for m in graph.missing_bricks(full, p.bricks))
    cycles = graph.find_cycles(scope)
    if opts.brick is not None:
        cycles = tuple(c for c in cycles if opts.brick in c.bricks)
    return DepsView(scope, projects, missing, cycles)


def ordered(view: DepsView) -> list[str]:
    """Components, then bases, each by name (as `poly info` lists them)."""
    return sorted(view.scope.bricks, key=lambda b: (view.scope.is_base(b), b))


def _uses(view: DepsView, brick: str) -> tuple[list[str], list[str]]:
    """(runtime uses, type-only uses) of `brick`, directly."""
    uses = view.scope.uses(brick)
    runtime = set(view.scope.uses(brick, runtime_only=True))
    return [u for u in uses if u in runtime], [u for u in uses if u not in runtime]


def _brick_data(view: DepsView, brick: str) -> dict[str, Any]:
    runtime, type_only = _uses(view, brick)
    return {
        "name": brick,
        "kind": view.scope.kind(brick).value,
        "uses": runtime,
        "type_only_uses": type_only,
        "used_by": list(view.scope.used_by(brick)),
    }


def deps_data(view: DepsView, brick: str | None) -> dict[str, Any]:
    """The documented JSON shape of `poly deps --output json`."""
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "projects": [p.name for p in view.projects],
        "bricks": [_brick_data(view, b) for b in ordered(view)],
        "cycles": [list(c.bricks) for c in view.cycles],
        "missing": [
            {"project": project, "brick": m.brick, "chain": list(m.chain)}
            for project, m in view.missing
        ],
    }
    if brick is not None:
        data["brick"] = {
            **_brick_data(view, brick),
            "uses_transitive": sorted(graph.dependencies(view.scope, brick)),
            "used_by_transitive": sorted(graph.dependents(view.scope, brick)),
        }
    return data


def _names(names: Sequence[str], limit: int = NAMES_MAX) -> str:
    if not names:
        return "-"
    shown = ", ".join(names[:limit])
    return shown + (f" +{len(names) - limit} more" if len(names) > limit else "")


def _styled(view: DepsView, brick: str) -> str:
    style = "c2" if view.scope.is_base(brick) else "comment"
    return f"<{style}>{brick}</>"


def _matrix_lines(view: DepsView) -> list[str]:
    names = ordered(view)
    rows = []
    cells = []
    for brick in names:
        runtime, type_only = _uses(view, brick)
        used_by = view.scope.used_by(brick)
        rows.append(
            [
                _styled(view, brick),
                view.scope.kind(brick).value,
                str(len(runtime) + len(type_only)),
                str(len(used_by)),
            ]
        )
        marks = {**dict.fromkeys(runtime, "x"), **dict.fromkeys(type_only, "t")}
        cells.append(" ".join(marks.get(other, "·") for other in names))
    table = report.render_table(["brick", "kind", "uses", "used by"], rows)
    width = max(report.visible_width(row) for row in table) + 2
    header = [
        (" " * width + " ".join(c or " " for c in spelled)).rstrip()
        for spelled in report.vertical_headers(names)
    ]
    body = [
        row + " " * (width - report.visible_width(row)) + cell
        for row, cell in zip(table[1:], cells, strict=True)
    ]
    legend = "x: the brick of the row imports the brick of the column; t: only for type checking"
    return [*header, table[0], *body, "", legend]


def _list_lines(view: DepsView) -> list[str]:
    rows = []
    for brick in ordered(view):
        runtime, type_only = _uses(view, brick)
        uses = runtime + [f"{t} (typing)" for t in type_only]
        used_by = view.scope.used_by(brick)
        rows.append(
            [
                _styled(view, brick),
                view.scope.kind(brick).value,
                f"{len(uses)}: {_names(uses)}" if uses else "0",
                f"{len(used_by)}: {_names(used_by)}" if used_by else "0",
            ]
        )
    return report.render_table(["brick", "kind", "uses", "used by"], rows)


def _brick_lines(view: DepsView, brick: str) -> list[str]:
    runtime, type_only = _uses(view, brick)
    uses = runtime + [f"{t} (typing)" for t in type_only]
    used_by = list(view.scope.used_by(brick))
    uses_all = sorted(graph.dependencies(view.scope, brick))
    used_by_all = sorted(graph.dependents(view.scope, brick))
    rows = [
        [f"uses ({len(uses)})", _names(uses, 50)],
        [f"uses, transitively ({len(uses_all)})", _names(uses_all, 50)],
        [f"used by ({len(used_by)})", _names(used_by, 50)],
        [f"used by, transitively ({len(used_by_all)})", _names(used_by_all, 50)],
    ]
    head = f"brick {_styled(view, brick)} ({view.scope.kind(brick).value})"
    return [head, *report.render_table([], rows)]


def _summary(view: DepsView) -> str:
    bases = sum(1 for b in view.scope.bricks if view.scope.is_base(b))
    components = len(view.scope) - bases
    where = f"project {', '.join(p.name for p in view.projects)}" if view.projects else "workspace"
    return f"<b>{where}</b>: {plural(components, 'component')}, {plural(bases, 'base')}"


def text_lines(view: DepsView, brick: str | None) -> list[str]:
    lines = [_summary(view), ""]
    if brick is not None:
        lines += _brick_lines(view, brick)
    elif not len(view.scope):
        lines.append("no bricks")
    elif len(view.scope) <= MATRIX_MAX:
        lines += _matrix_lines(view)
    else:
        lines += _list_lines(view)
    if view.missing:
        lines += ["", f"<error>missing bricks ({len(view.missing)}):</error>"]
        lines += [
            f"  {project}: {m.brick}, needed by {' -> '.join(m.chain)}"
            for project, m in view.missing
        ]
    lines.append("")
    if view.cycles:
        lines.append(f"<fg=yellow>cycles ({len(view.cycles)}):</>")
        lines += [f"  {c.chain}" for c in view.cycles]
    else:
        lines.append("no cycles")
    return lines


def _nodes_and_edges(
    view: DepsView, brick: str | None
) -> tuple[list[tuple[str, str]], list[tuple[str, str, bool]]]:
    """The bricks to draw (for a brick: it and everything it uses or is used by)."""
    shown = set(view.scope.bricks)
    if brick is not None:
        shown = (
            {brick} | graph.dependencies(view.scope, brick) | graph.dependents(view.scope, brick)
        )
    nodes = [(b, view.scope.kind(b).value) for b in ordered(view) if b in shown]
    edges = [
        (source, target, not view.scope.is_runtime(source, target))
        for source, target in sorted(view.scope.edges())
        if source in shown and target in shown
    ]
    return nodes, edges


class DepsCommand(PolyCommand):
    name = "poly deps"
    description = "Show which brick uses which: the workspace, a project, or one brick."
    formats = FORMATS
    options: ClassVar[list[Option]] = [
        option("brick", "b", "What this brick uses and what uses it.", flag=False),
        projects_option(),
        output_option(FORMATS),
    ]

    def run_command(self) -> int:
        ws = self.load_workspace()
        brick = self.option("brick")
        opts = DepsOptions(
            brick=str(brick) if brick else None,
            projects=selected_project_names(self, ws),
            output=self.output_format(),
        )
        validate(ws, opts)  # unknown names fail before the scan
        full = graph.build_graph(ws, imports.scan_workspace(ws))
        view = build_view(ws, full, opts)
        brick = opts.brick
        if opts.output is report.OutputFormat.JSON:
            self.emit(report.to_json(deps_data(view, brick)))
        elif opts.output is report.OutputFormat.MERMAID:
            self.emit(report.mermaid_graph(*_nodes_and_edges(view, brick)))
        elif opts.output is report.OutputFormat.DOT:
            self.emit(report.dot_graph(*_nodes_and_edges(view, brick)))
        else:
            self.emit(text_lines(view, brick))
        return workspace.EXIT_OK
