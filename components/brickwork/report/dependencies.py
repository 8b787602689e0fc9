"""`poly deps` rendered: a matrix or a list of bricks, one brick's neighbours, JSON, graphs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickwork.report.findings import plural
from brickwork.report.formats import document
from brickwork.report.graphs import Edge, Node, dot_graph, mermaid_graph
from brickwork.report.table import render_table, vertical_headers, visible_width

if TYPE_CHECKING:
    from brickwork.graph import BrickGraph, DepsView


def dependencies(scope: BrickGraph, brick: str) -> set[str]:
    """`graph.dependencies`, imported when first used: importing `report` imports no graph."""
    from brickwork import graph

    return graph.dependencies(scope, brick)


def dependents(scope: BrickGraph, brick: str) -> set[str]:
    """`graph.dependents`, imported when first used."""
    from brickwork import graph

    return graph.dependents(scope, brick)


#: Up to this many bricks the text view is a matrix; above it, one line per brick.
MATRIX_MAX = 40
#: Names shown per cell of the list view before "+N more".
NAMES_MAX = 6


def _brick_data(view: DepsView, brick: str) -> dict[str, Any]:
    runtime, type_only = view.uses(brick)
    return {
        "name": brick,
        "kind": view.scope.kind(brick).value,
        "uses": runtime,
        "type_only_uses": type_only,
        "used_by": list(view.scope.used_by(brick)),
    }


def deps_data(view: DepsView, root: Path, exit_code: int = 0) -> dict[str, Any]:
    """The JSON document of `poly deps --output json` (schema `schemas/deps.json`)."""
    brick = view.brick
    result: dict[str, Any] = {
        "projects": [p.name for p in view.projects],
        "bricks": [_brick_data(view, b) for b in view.ordered()],
        "cycles": [list(c.bricks) for c in view.cycles],
        "missing": [
            {"project": project, "brick": m.brick, "chain": list(m.chain)}
            for project, m in view.missing
        ],
    }
    if brick is not None:
        result["brick"] = {
            **_brick_data(view, brick),
            "uses_transitive": sorted(dependencies(view.scope, brick)),
            "used_by_transitive": sorted(dependents(view.scope, brick)),
        }
    counts = {
        "bricks": len(result["bricks"]),
        "cycles": len(result["cycles"]),
        "missing": len(result["missing"]),
    }
    return document("deps", root, exit_code, counts, result)


def _names(names: Sequence[str], limit: int = NAMES_MAX) -> str:
    if not names:
        return "-"
    shown = ", ".join(names[:limit])
    return shown + (f" +{len(names) - limit} more" if len(names) > limit else "")


def _styled(view: DepsView, brick: str) -> str:
    style = "c2" if view.scope.is_base(brick) else "comment"
    return f"<{style}>{brick}</>"


def _matrix_lines(view: DepsView) -> list[str]:
    names = view.ordered()
    rows = []
    cells = []
    for brick in names:
        runtime, type_only = view.uses(brick)
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
    table = render_table(["brick", "kind", "uses", "used by"], rows)
    width = max(visible_width(row) for row in table) + 2
    header = [
        (" " * width + " ".join(c or " " for c in spelled)).rstrip()
        for spelled in vertical_headers(names)
    ]
    body = [
        row + " " * (width - visible_width(row)) + cell
        for row, cell in zip(table[1:], cells, strict=True)
    ]
    legend = "x: the brick of the row imports the brick of the column; t: only for type checking"
    return [*header, table[0], *body, "", legend]


def _list_lines(view: DepsView) -> list[str]:
    rows = []
    for brick in view.ordered():
        runtime, type_only = view.uses(brick)
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
    return render_table(["brick", "kind", "uses", "used by"], rows)


def _brick_lines(view: DepsView, brick: str) -> list[str]:
    runtime, type_only = view.uses(brick)
    uses = runtime + [f"{t} (typing)" for t in type_only]
    used_by = list(view.scope.used_by(brick))
    uses_all = sorted(dependencies(view.scope, brick))
    used_by_all = sorted(dependents(view.scope, brick))
    rows = [
        [f"uses ({len(uses)})", _names(uses, 50)],
        [f"uses, transitively ({len(uses_all)})", _names(uses_all, 50)],
        [f"used by ({len(used_by)})", _names(used_by, 50)],
        [f"used by, transitively ({len(used_by_all)})", _names(used_by_all, 50)],
    ]
    head = f"brick {_styled(view, brick)} ({view.scope.kind(brick).value})"
    return [head, *render_table([], rows)]


def _summary(view: DepsView) -> str:
    bases = sum(1 for b in view.scope.bricks if view.scope.is_base(b))
    components = len(view.scope) - bases
    where = f"project {', '.join(p.name for p in view.projects)}" if view.projects else "workspace"
    return f"<b>{where}</b>: {plural(components, 'component')}, {plural(bases, 'base')}"


def deps_lines(view: DepsView) -> list[str]:
    """The text rendering: a summary, the matrix (or list, or one brick), missing, cycles."""
    brick = view.brick
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


def _nodes_and_edges(view: DepsView) -> tuple[list[Node], list[Edge]]:
    """The bricks to draw (for a brick: it and everything it uses or is used by)."""
    brick = view.brick
    shown = set(view.scope.bricks)
    if brick is not None:
        shown = {brick} | dependencies(view.scope, brick) | dependents(view.scope, brick)
    nodes = [(b, view.scope.kind(b).value) for b in view.ordered() if b in shown]
    edges = [
        (source, target, not view.scope.is_runtime(source, target))
        for source, target in sorted(view.scope.edges())
        if source in shown and target in shown
    ]
    return nodes, edges


def deps_mermaid(view: DepsView) -> list[str]:
    return mermaid_graph(*_nodes_and_edges(view))


def deps_dot(view: DepsView) -> list[str]:
    return dot_graph(*_nodes_and_edges(view))
