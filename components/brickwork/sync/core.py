"""What each project should list: the bricks it needs (and, on request, no more), as `check`
answers it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from brickwork import check, graph, workspace
from brickwork.imports import WorkspaceImports


@dataclass(frozen=True)
class Library:
    """A third-party dependency to declare, as the development project declares it."""

    name: str
    constraint: str
    markers: str | None


@dataclass(frozen=True)
class ProjectChanges:
    """What sync adds to and removes from one project file."""

    project: workspace.Project
    add_bricks: tuple[workspace.Brick, ...]
    remove_bricks: tuple[workspace.Brick, ...]
    notes: tuple[str, ...]
    add_libraries: tuple[Library, ...] = ()
    remove_libraries: tuple[str, ...] = ()

    @property
    def bricks(self) -> tuple[str, ...]:
        """The bricks the project lists once the changes are made."""
        removed = {b.name for b in self.remove_bricks}
        kept = [b for b in self.project.bricks if b not in removed]
        return (*kept, *(b.name for b in self.add_bricks))


def _ordered(ws: workspace.Workspace, names: Iterable[str]) -> tuple[workspace.Brick, ...]:
    """The bricks called `names`, components first, each kind by name."""
    wanted = set(names)
    return tuple(
        sorted((b for b in ws.bricks if b.name in wanted), key=lambda b: (b.kind.value, b.name))
    )


def _prune_note(needs: check.ProjectNeeds) -> tuple[str, ...]:
    project = needs.project
    if needs.measured or not project.bricks:
        return ()
    why = (
        f"{project.name} is a library of {', '.join(needs.dependents)}"
        if needs.dependents
        else f"{project.name} includes no base"
    )
    if needs.shipped_twice:
        return (f"{why}: --prune removes only the bricks its dependencies ship too",)
    return (f"{why}: --prune keeps its bricks",)


def brick_changes(
    ws: workspace.Workspace,
    brick_graph: graph.BrickGraph,
    projects: Sequence[workspace.Project],
    *,
    prune: bool = False,
    ws_imports: WorkspaceImports | None = None,
) -> tuple[ProjectChanges, ...]:
    """Per project, what `check.project_needs` says (the answer `check` reports on): add the
    bricks it needs and neither lists nor gets with a dependency on another workspace
    project's distribution; the development project gets every brick. With `prune`, also
    remove the bricks nothing needs and the ones a dependency ships too (a project without a
    base, or that other projects depend on, keeps the others). `ws_imports`: the scan, for
    the bricks the project's own packages import (without it they count for nothing). A
    malformed `[tool.brickwork.check]` is a `PolyError`, as in `check`. Where its severity
    table turns BW101 (deployables) or BW109 (the development project) `off`, nothing is
    added, with a note: `check` reports nothing there either."""
    settings = check.load_settings(ws)
    out: list[ProjectChanges] = []
    for needs in check.project_needs(ws, ws_imports, brick_graph, projects, allow=settings.allow):
        project = needs.project
        add = needs.add
        notes: list[str] = []
        code = (
            workspace.codes.NOT_IN_DEVELOPMENT
            if project.is_development
            else workspace.codes.MISSING_BRICK
        )
        if add and settings.severity.get(code) == "off":
            where = ws.relative(ws.config.source)
            notes.append(f"{code} is off in {where}: sync adds no brick to {project.name}")
            add = ()
        remove: tuple[workspace.Brick, ...] = ()
        if prune and not project.is_development:
            remove = _ordered(ws, needs.remove)
            notes += _prune_note(needs)
        out.append(ProjectChanges(project, _ordered(ws, add), remove, notes=tuple(notes)))
    return tuple(out)


def after(ws: workspace.Workspace, changes: Iterable[ProjectChanges]) -> workspace.Workspace:
    """The workspace as it will be once the brick changes are written (for the library
    analysis of the bricks a project is about to include)."""
    by_file = {c.project.file: c.bricks for c in changes}
    projects = tuple(
        replace(p, bricks=by_file[p.file]) if p.file in by_file else p for p in ws.projects
    )
    return replace(ws, projects=projects)


def brick_include(
    ws: workspace.Workspace, brick: workspace.Brick, project: workspace.Project
) -> tuple[str, str]:
    """(include, from) of `brick` as `project` lists it: `from` relative to the project's
    folder, at any depth (`../../../components` for `projects/a/b`), loose or tdd."""
    depth = len(ws.namespace.split(".")) + brick.name.count("/")  # nested `aws/s3`: one more
    origin = brick.path
    for _ in range(depth + 1):
        origin = origin.parent
    include = brick.path.relative_to(origin).as_posix()
    return include, os.path.relpath(origin, project.path).replace(os.sep, "/")
