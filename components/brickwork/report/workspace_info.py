"""`poly info` rendered: the workspace summary, the bricks x projects table, problems."""

from __future__ import annotations

import re
from typing import Any

from brickwork.report.formats import document, escape_tags
from brickwork.report.table import vertical_headers
from brickwork.workspace import Brick, BrickKind, Project, Workspace


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort `svc-2` before `svc-10`."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", name)
    )


def project_label(ws: Workspace, project: Project) -> str:
    if project.is_development:
        return "development"
    return ws.config.project_aliases.get(project.name, project.name)


def info_data(ws: Workspace, exit_code: int = 0) -> dict[str, Any]:
    """The JSON document of `poly info --output json` (schema `schemas/info.json`)."""

    def bricks(items: tuple[Brick, ...]) -> list[dict[str, Any]]:
        return [
            {
                "name": brick.name,
                "path": ws.relative(brick.path),
                "projects": [p.name for p in ws.projects if brick.name in p.bricks],
            }
            for brick in items
        ]

    counts = {
        "components": len(ws.components),
        "bases": len(ws.bases),
        "projects": len(ws.deployables),
    }
    result = {
        "namespace": ws.namespace,
        "theme": ws.config.theme.value,
        "components": bricks(ws.components),
        "bases": bricks(ws.bases),
        "projects": [
            {
                "name": p.name,
                "label": project_label(ws, p),
                "path": ws.relative(p.path) or ".",
                "development": p.is_development,
                "style": p.style,
                "bricks": list(p.bricks),
            }
            for p in ws.projects
        ],
        "problems": [
            {
                "code": problem.code,
                "message": problem.message,
                "path": ws.relative(problem.path),
                "line": problem.line,
            }
            for problem in ws.problems
        ],
    }
    return document("info", ws.root, exit_code, counts, result)


def info_lines(ws: Workspace, short: bool) -> list[str]:
    """The text rendering: summary, bricks x projects table, problems."""
    lines = [
        f"<b>workspace</b> <c1>{ws.namespace}</>  theme <c1>{ws.config.theme.value}</>  "
        f"root {escape_tags(str(ws.root))}",
        f"  projects: <c1>{len(ws.deployables)}</>  components: <c1>{len(ws.components)}</>  "
        f"bases: <c1>{len(ws.bases)}</>",
        "",
    ]
    projects = sorted(ws.deployables, key=lambda p: natural_key(p.name)) + (
        [ws.development] if ws.development else []
    )
    labels = [project_label(ws, p) for p in projects]
    # Plain one-character marks, padded by column: 2,000 bricks x 100 projects stays fast.
    name_width = max((len(b.name) for b in ws.bricks), default=5)
    if short:
        widths = [1] * len(projects)
        header_rows = [
            " " * (name_width + 11) + " ".join(c or " " for c in cells).rstrip()
            for cells in vertical_headers(labels)
        ]
        gap = " "
    else:
        widths = [len(label) for label in labels]
        header_rows = [
            "brick".ljust(name_width)
            + "  kind       "
            + "  ".join(label.ljust(w) for label, w in zip(labels, widths, strict=True)).rstrip()
        ]
        gap = "  "
    table = list(header_rows)
    # One row of cells per brick, every cell "-" first; then a mark for each brick of each
    # project: work per membership (a few thousand), not per cell (bricks x projects).
    empty = ["-".ljust(w) for w in widths]
    rows = {brick.name: list(empty) for brick in ws.bricks}
    for column, (project, width) in enumerate(zip(projects, widths, strict=True)):
        mark = "✔".ljust(width)
        for name in project.bricks:
            row = rows.get(name)
            if row is not None:
                row[column] = mark
    for brick in ws.bricks:
        style = "comment" if brick.kind is BrickKind.COMPONENT else "c2"
        marks = gap.join(rows[brick.name]).rstrip()
        padding = " " * (name_width - len(brick.name))
        kind = brick.kind.value.ljust(10 if short else 11)
        table.append(f"<{style}>{brick.name}</>{padding}{gap}{kind}{marks}")
    if ws.bricks:
        lines.extend(table)
    else:
        lines.append("no bricks yet: `poetry poly create component --name <name>` makes one")
    if ws.problems:
        lines += ["", f"<comment>problems ({len(ws.problems)}):</comment>"]
        for problem in ws.problems:
            where = ws.relative(problem.path) + (f":{problem.line}" if problem.line else "")
            lines.append(
                f"  <error>{problem.code}</error> {escape_tags(where)}: "
                f"{escape_tags(problem.message)}"
            )
    return lines
