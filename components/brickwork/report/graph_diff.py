"""Renderings of a graph diff (`poly diff --graph`): text, JSON data, and a markdown summary
with a Mermaid graph of the changed neighbourhood, sized for `$GITHUB_STEP_SUMMARY` and a
pull-request comment."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from brickwork.report.formats import document, escape_tags

if TYPE_CHECKING:
    from brickwork.changes import EdgeChange, GraphDiff, ProjectChange
    from brickwork.workspace import Workspace

#: At most this many bricks are drawn: the changed ones first, then their neighbours.
MAX_NODES = 40
#: At most this many rows per markdown table (a pull-request comment holds 65,536 characters).
MAX_ROWS = 50
ARROW = " -> "


def _where(diff: GraphDiff) -> str:
    point = diff.changes.since
    if diff.now == "HEAD":
        now = "HEAD" + (" (uncommitted changes left out)" if diff.dirty else "")
    else:
        now = "the work tree" + (" (uncommitted changes included)" if diff.dirty else "")
    return f"since {point.label} ({diff.changes.base[:12]}), now: {now}"


def _lines(lines: list[str]) -> list[str]:
    """Lines as printed: one line each (a file name may hold a line break), `<` escaped for
    cleo."""
    return [escape_tags(line.replace("\r", " ").replace("\n", " ")) for line in lines]


def _site_text(edge: EdgeChange) -> str:
    if not edge.sites:
        return ""
    first = edge.sites[0]
    more = f" (+{len(edge.sites) - 1} more)" if len(edge.sites) > 1 else ""
    kind = "" if edge.runtime else " [type-only]"
    return f"{first.path}:{first.line}{more}{kind}"


def _project_parts(change: ProjectChange) -> list[str]:
    parts: list[str] = []
    for label, names in (
        ("includes", change.bricks_added),
        ("no longer includes", change.bricks_removed),
        ("now reaches", change.reach_added),
        ("no longer reaches", change.reach_removed),
        ("declares", change.libraries_added),
        ("no longer declares", change.libraries_removed),
    ):
        if names:
            parts.append(f"{label} {', '.join(names)}")
    return parts


def graph_diff_text(diff: GraphDiff) -> list[str]:
    """The graph diff as plain lines (`+` appeared, `-` went away)."""
    if diff.empty:
        return _lines([f"No change to the brick graph {_where(diff)}."])
    lines = [f"Brick graph {_where(diff)}"]
    if diff.bricks_added or diff.bricks_removed:
        lines += ["", "Bricks:"]
        lines += [f"  + {kind} {name}" for name, kind in diff.bricks_added]
        lines += [f"  - {kind} {name}" for name, kind in diff.bricks_removed]
    if diff.edges_added or diff.edges_removed:
        lines += ["", "Edges:"]
        for edge in diff.edges_added:
            lines.append(f"  + {edge.source}{ARROW}{edge.target}  {_site_text(edge)}")
        for edge in diff.edges_removed:
            lines.append(f"  - {edge.source}{ARROW}{edge.target}  (was {_site_text(edge)})")
    if diff.cycles_added or diff.cycles_removed:
        lines += ["", "Cycles:"]
        lines += [f"  + {ARROW.join((*c, c[0]))}" for c in diff.cycles_added]
        lines += [f"  - {ARROW.join((*c, c[0]))}" for c in diff.cycles_removed]
    if diff.projects:
        lines += ["", "Projects:"]
        for change in diff.projects:
            parts = _project_parts(change) or ["no brick or library change"]
            lines.append(f"  {change.name} ({change.status}): {'; '.join(parts)}")
        newly = [c.name for c in diff.projects if c.newly_affected]
        if newly:
            lines += ["", f"Newly affected projects: {', '.join(newly)}"]
    return _lines(lines)


def _edge_data(edge: EdgeChange) -> dict[str, Any]:
    return {
        "source": edge.source,
        "target": edge.target,
        "runtime": edge.runtime,
        "sites": [{"path": s.path, "line": s.line, "runtime": s.runtime} for s in edge.sites],
    }


def graph_diff_counts(diff: GraphDiff) -> dict[str, int]:
    return {
        "bricks_added": len(diff.bricks_added),
        "bricks_removed": len(diff.bricks_removed),
        "edges_added": len(diff.edges_added),
        "edges_removed": len(diff.edges_removed),
        "cycles_added": len(diff.cycles_added),
        "cycles_removed": len(diff.cycles_removed),
        "projects_changed": len(diff.projects),
        "projects_newly_affected": sum(1 for c in diff.projects if c.newly_affected),
    }


def graph_diff_data(ws: Workspace, diff: GraphDiff, exit_code: int = 0) -> dict[str, Any]:
    """The JSON document of `poly diff --graph --output json` (the `diff` schema's graph
    result)."""
    point = diff.changes.since
    result = {
        "view": "graph",
        "since": {"given": point.given, "tag": point.tag, "sha": point.sha},
        "base": diff.changes.base,
        "head": diff.changes.head,
        "now": diff.now,
        "dirty": diff.dirty,
        "bricks": {
            "added": [{"name": n, "kind": k} for n, k in diff.bricks_added],
            "removed": [{"name": n, "kind": k} for n, k in diff.bricks_removed],
        },
        "edges": {
            "added": [_edge_data(e) for e in diff.edges_added],
            "removed": [_edge_data(e) for e in diff.edges_removed],
        },
        "cycles": {
            "added": [list(c) for c in diff.cycles_added],
            "removed": [list(c) for c in diff.cycles_removed],
        },
        "projects": [
            {
                "name": c.name,
                "status": c.status,
                "newly_affected": c.newly_affected,
                "bricks_added": list(c.bricks_added),
                "bricks_removed": list(c.bricks_removed),
                "reach_added": list(c.reach_added),
                "reach_removed": list(c.reach_removed),
                "libraries_added": list(c.libraries_added),
                "libraries_removed": list(c.libraries_removed),
            }
            for c in diff.projects
        ],
    }
    return document("diff", ws.root, exit_code, graph_diff_counts(diff), result)


def _neighbourhood(diff: GraphDiff) -> tuple[list[str], int]:
    """The bricks to draw (changed ones, then their neighbours now, up to `MAX_NODES`) and
    how many of the changed neighbourhood were left out."""
    changed: dict[str, None] = {}
    for name, _ in (*diff.bricks_added, *diff.bricks_removed):
        changed[name] = None
    for edge in (*diff.edges_added, *diff.edges_removed):
        changed[edge.source] = changed[edge.target] = None
    for cycle in (*diff.cycles_added, *diff.cycles_removed):
        changed.update(dict.fromkeys(cycle))
    near: dict[str, None] = {}
    for source, target in diff.edges_now:
        if source in changed and target not in changed:
            near[target] = None
        elif target in changed and source not in changed:
            near[source] = None
    wanted = [*changed, *sorted(near)]
    return wanted[:MAX_NODES], max(0, len(wanted) - MAX_NODES)


def _label(name: str) -> str:
    return name.replace('"', "#quot;")


def graph_diff_mermaid(diff: GraphDiff) -> tuple[list[str], int]:
    """A Mermaid flowchart of the changed neighbourhood: added bricks and edges in green (edges
    thick), removed ones in red and dashed, unchanged edges among the drawn bricks in grey;
    and how many bricks were left out."""
    nodes, left_out = _neighbourhood(diff)
    if not nodes:
        return [], 0
    ids = {name: f"n{i}" for i, name in enumerate(nodes)}
    kinds = dict(diff.kinds)
    added = {n for n, _ in diff.bricks_added}
    removed = {n for n, _ in diff.bricks_removed}
    lines = ["flowchart LR"]
    for name in nodes:
        shape = ("[[", "]]") if kinds.get(name) == "base" else ("[", "]")
        style = ":::added" if name in added else ":::removed" if name in removed else ""
        lines.append(f'  {ids[name]}{shape[0]}"{_label(name)}"{shape[1]}{style}')
    links: list[tuple[str, str]] = []
    new = {(e.source, e.target) for e in diff.edges_added}
    for edge in diff.edges_added:
        if edge.source in ids and edge.target in ids:
            lines.append(f"  {ids[edge.source]} ==>|added| {ids[edge.target]}")
            links.append(("added", ""))
    for edge in diff.edges_removed:
        if edge.source in ids and edge.target in ids:
            lines.append(f"  {ids[edge.source]} -.->|removed| {ids[edge.target]}")
            links.append(("removed", ""))
    for source, target in diff.edges_now:
        if source in ids and target in ids and (source, target) not in new:
            lines.append(f"  {ids[source]} --> {ids[target]}")
            links.append(("same", ""))
    colour = {"added": "#1a7f37", "removed": "#cf222e", "same": "#8c959f"}
    for index, (what, _) in enumerate(links):
        width = "3px" if what == "added" else "2px" if what == "removed" else "1px"
        dash = ",stroke-dasharray:5 5" if what == "removed" else ""
        lines.append(f"  linkStyle {index} stroke:{colour[what]},stroke-width:{width}{dash}")
    lines += [
        "  classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:2px",
        "  classDef removed fill:#ffebe9,stroke:#cf222e,stroke-dasharray:5 5",
    ]
    return lines, left_out


def _code(names: Iterable[str]) -> str:
    return ", ".join(f"`{n}`" for n in names) or "none"


def _cell(text: str) -> str:
    """Text for a table cell's code span: a `|` would end the cell, a backtick the span."""
    return text.replace("|", "\\|").replace("`", "'")


def _rows(rows: list[str], what: str) -> list[str]:
    if len(rows) <= MAX_ROWS:
        return rows
    return [*rows[:MAX_ROWS], f"| … | {len(rows) - MAX_ROWS} more {what} | |"]


def graph_diff_markdown(diff: GraphDiff) -> list[str]:
    """A summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment."""
    lines = [f"## Brickwork: brick graph {_where(diff)}", ""]
    if diff.empty:
        return _lines([*lines, "No brick, edge, cycle or project change."])
    counts = graph_diff_counts(diff)
    lines += [
        f"**Bricks:** +{counts['bricks_added']} / -{counts['bricks_removed']} · "
        f"**Edges:** +{counts['edges_added']} / -{counts['edges_removed']} · "
        f"**Cycles:** +{counts['cycles_added']} / -{counts['cycles_removed']} · "
        f"**Newly affected projects:** {counts['projects_newly_affected']}",
        "",
    ]
    if diff.bricks_added or diff.bricks_removed:
        lines += [f"**Added bricks:** {_code(n for n, _ in diff.bricks_added)}", ""]
        lines += [f"**Removed bricks:** {_code(n for n, _ in diff.bricks_removed)}", ""]
    if diff.edges_added or diff.edges_removed:
        rows = [
            f"| added | `{e.source}` → `{e.target}` | `{_cell(_site_text(e))}` |"
            for e in diff.edges_added
        ]
        rows += [
            f"| removed | `{e.source}` → `{e.target}` | was `{_cell(_site_text(e))}` |"
            for e in diff.edges_removed
        ]
        lines += ["| | edge | import |", "|---|---|---|", *_rows(rows, "edges"), ""]
    for sign, cycles in (("appeared", diff.cycles_added), ("went away", diff.cycles_removed)):
        for cycle in cycles:
            lines += [f"**Cycle {sign}:** `{ARROW.join((*cycle, cycle[0]))}`", ""]
    if diff.projects:
        rows = [
            f"| `{c.name}` | {c.status}{' (newly affected)' if c.newly_affected else ''} | "
            f"{'; '.join(_project_parts(c)) or '—'} |"
            for c in diff.projects
        ]
        lines += ["| project | status | change |", "|---|---|---|", *_rows(rows, "projects"), ""]
    drawn, left_out = graph_diff_mermaid(diff)
    if drawn:
        lines += ["```mermaid", *drawn, "```"]
        if left_out:
            lines += ["", f"_{left_out} more bricks of the changed neighbourhood not drawn._"]
    return _lines(lines)
