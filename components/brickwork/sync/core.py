"""What each project should list: the bricks its bricks need (and, on request, no more)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from brickwork import graph, workspace


@dataclass(frozen=True)
class Library:
    """A third-party dependency to declare, as the development project declares it."""

    name: str
    constraint: str = ""
    markers: str | None = None


@dataclass(frozen=True)
class ProjectChanges:
    """What sync adds to and removes from one project file."""

    project: workspace.Project
    add_bricks: tuple[workspace.Brick, ...] = ()
    remove_bricks: tuple[workspace.Brick, ...] = ()
    add_libraries: tuple[Library, ...] = ()
    remove_libraries: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

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


def _bases(ws: workspace.Workspace, project: workspace.Project) -> list[str]:
    return [b.name for b in ws.bases if b.name in project.bricks]


def brick_changes(
    ws: workspace.Workspace,
    brick_graph: graph.BrickGraph,
    projects: Sequence[workspace.Project],
    *,
    prune: bool = False,
) -> tuple[ProjectChanges, ...]:
    """Per project: the bricks its bricks need at runtime (transitively) that it does not
    list; the development project gets every brick. With `prune`, also the bricks outside
    the closure of its bases (a project without a base keeps its bricks)."""
    out: list[ProjectChanges] = []
    for project in projects:
        current = set(project.bricks)
        notes: list[str] = []
        remove: tuple[workspace.Brick, ...] = ()
        if project.is_development:
            wanted = {b.name for b in ws.bricks}
        elif prune and _bases(ws, project):
            wanted = set(graph.closure(brick_graph, _bases(ws, project)))
            remove = _ordered(ws, current - wanted)
        else:
            wanted = set(graph.closure(brick_graph, sorted(current & set(brick_graph.bricks))))
            if prune and current:
                notes.append(f"{project.name} includes no base: --prune keeps its bricks")
        out.append(
            ProjectChanges(project, _ordered(ws, wanted - current), remove, notes=tuple(notes))
        )
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
    depth = len(ws.namespace.split("."))
    origin = brick.path
    for _ in range(depth + 1):
        origin = origin.parent
    include = brick.path.relative_to(origin).as_posix()
    return include, os.path.relpath(origin, project.path).replace(os.sep, "/")
