"""Renderings of a change set (`poly diff`): text, JSON data, a GitHub Actions matrix, and a
markdown summary with a Mermaid graph of the affected part."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from brickwork.report.formats import document, escape_tags
from brickwork.report.graphs import mermaid_graph

if TYPE_CHECKING:
    from brickwork.changes import Affected
    from brickwork.graph import BrickGraph
    from brickwork.workspace import Workspace

ARROW = " → "


def chain_text(chain: Iterable[str]) -> str:
    """`file → brick → … → project`."""
    return ARROW.join(chain)


def _where(affected: Affected) -> str:
    point = affected.changes.since
    tree = ", with uncommitted and untracked files" if affected.changes.working_tree else ""
    return f"since {point.label} ({affected.changes.base[:12]}){tree}"


def _folder(ws: Workspace, name: str) -> str:
    project = ws.project(name)
    return ws.relative(project.path) if project is not None else name


def affected_data(ws: Workspace, affected: Affected, exit_code: int = 0) -> dict[str, Any]:
    """The JSON document of `poly diff --output json` (schema `schemas/diff.json`)."""
    point = affected.changes.since

    def listed(table: Mapping[str, tuple[str, ...]]) -> list[dict[str, Any]]:
        return [{"name": name, "files": list(files)} for name, files in table.items()]

    def chains(table: Mapping[str, tuple[str, ...]], path: bool) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for name, chain in table.items():
            row: dict[str, Any] = {"name": name}
            if path:
                row["path"] = _folder(ws, name)
            row["reason"] = list(chain)
            rows.append(row)
        return rows

    counts = {
        "files": len(affected.changes.files),
        "changed_bricks": len(affected.changed_bricks),
        "changed_projects": len(affected.changed_projects),
        "affected_bricks": len(affected.bricks),
        "affected_projects": len(affected.projects),
        "tested_projects": len(affected.tested_projects),
    }
    result = {
        "since": {"given": point.given, "tag": point.tag, "sha": point.sha},
        "base": affected.changes.base,
        "head": affected.changes.head,
        "working_tree": affected.changes.working_tree,
        "files": [
            {"path": f.path, "status": f.status, "old_path": f.old_path}
            for f in affected.changes.files
        ],
        "changed_bricks": listed(affected.changed_bricks),
        "test_changed_bricks": listed(affected.test_bricks),
        "removed_bricks": listed(affected.removed_bricks),
        "changed_projects": listed(affected.changed_projects),
        "affected_bricks": chains(affected.bricks, path=False),
        "affected_projects": chains(affected.projects, path=True),
        "tested_projects": chains(affected.tested_projects, path=True),
        "other_files": list(affected.other_files),
        "workspace_settings": list(affected.changes.settings),
        "locks": {lock: list(names) for lock, names in affected.changes.locks.items()},
    }
    return document("diff", ws.root, exit_code, counts, result)


def github_matrix(ws: Workspace, affected: Affected) -> str:
    """`{"include":[{"project":…,"path":…}]}` on one line: one CI job per project with
    something to build or test (`{"include":[]}` when there is none)."""
    rows = [{"project": n, "path": _folder(ws, n)} for n in affected.tested_projects]
    return json.dumps({"include": rows}, ensure_ascii=False, separators=(",", ":"))


def _names(names: Iterable[str]) -> str:
    listed = list(names)
    return ", ".join(listed) if listed else "none"


def affected_text(
    ws: Workspace, affected: Affected, sections: tuple[str, ...], *, styled: bool = True
) -> list[str]:
    """Text for the `sections` asked for: `bricks`, `projects`, `deps`, `affected`."""
    b, end = ("<b>", "</>") if styled else ("", "")

    def chain(links: Iterable[str]) -> str:
        text = chain_text(links)
        return escape_tags(text) if styled else text

    count = len(affected.changes.files)
    lines = [f"{count} changed file{'' if count == 1 else 's'} {_where(affected)}"]
    if "bricks" in sections:
        lines.append(f"{b}changed bricks{end}: {_names(affected.changed_bricks)}")
        if affected.test_bricks:
            lines.append(f"{b}bricks with changed tests{end}: {_names(affected.test_bricks)}")
        if affected.removed_bricks:
            lines.append(f"{b}removed bricks{end}: {_names(affected.removed_bricks)}")
    if "projects" in sections:
        lines.append(f"{b}changed projects{end}: {_names(affected.changed_projects)}")
    if "deps" in sections:
        lines.append(f"{b}affected bricks{end} ({len(affected.bricks)}):")
        lines += [f"  {name}: {chain(c)}" for name, c in affected.bricks.items()]
    if "affected" in sections:
        lines.append(f"{b}affected projects{end} ({len(affected.projects)}):")
        width = max((len(n) for n in affected.projects), default=0)
        lines += [f"  {n.ljust(width)}  {chain(c)}" for n, c in affected.projects.items()]
    return lines


def affected_markdown(ws: Workspace, affected: Affected, bricks: BrickGraph) -> list[str]:
    """A summary for `$GITHUB_STEP_SUMMARY`: changed bricks, affected projects with their
    reasons, and a Mermaid graph of the affected bricks."""

    def code(names: Iterable[str]) -> str:
        return ", ".join(f"`{n}`" for n in names) or "none"

    lines = [
        f"## Brickwork: {len(affected.changes.files)} changed files {_where(affected)}",
        "",
        f"**Changed bricks:** {code(affected.changed_bricks)}",
        "",
    ]
    if affected.test_bricks:
        lines += [f"**Bricks with changed tests:** {code(affected.test_bricks)}", ""]
    if affected.removed_bricks:
        lines += [f"**Removed bricks:** {code(affected.removed_bricks)}", ""]
    lines += [f"**Changed projects:** {code(affected.changed_projects)}", ""]
    if affected.projects:
        lines += ["| affected project | path | why |", "|---|---|---|"]
        lines += [
            f"| `{n}` | `{_folder(ws, n)}` | {chain_text(c).replace('|', '/')} |"
            for n, c in affected.projects.items()
        ]
    else:
        lines.append("**Affected projects:** none")
    shown = [b for b in affected.bricks if b in bricks]
    if shown:
        part = bricks.subgraph(shown)
        nodes = [(n, part.kind(n).value) for n in sorted(shown)]
        edges = [(s, t, not part.is_runtime(s, t)) for s, t in sorted(part.edges())]
        lines += ["", "```mermaid", *mermaid_graph(nodes, edges), "```"]
    return lines
