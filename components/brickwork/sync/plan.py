"""The libraries a project misses or no longer uses, and the plan that writes every change."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Sequence
from dataclasses import replace

from packaging.version import InvalidVersion, Version

from brickwork import graph, libs, pyproject, scaffold, workspace
from brickwork.imports import WorkspaceImports
from brickwork.sync.core import Library, ProjectChanges, after, brick_changes, brick_include


def sync_paths(ws: workspace.Workspace, projects: Iterable[workspace.Project]) -> tuple[str, ...]:
    """The project files sync reads and may write (relative to the workspace root)."""
    return tuple(ws.relative(p.file) for p in projects)


def _declared(ws: workspace.Workspace) -> dict[str, workspace.Dependency]:
    """The development project's declarations, runtime ones first."""
    dev = ws.development
    found: dict[str, workspace.Dependency] = {}
    for dep in sorted(dev.dependencies if dev else (), key=lambda d: not d.is_runtime):
        found.setdefault(dep.name, dep)
    return found


def _declaration(
    ws: workspace.Workspace, library: Library, project: workspace.Project
) -> pyproject.Declaration:
    """`library` as the development project declares it (extras, markers, git/url/path
    source), moved to `project`'s folder; its constraint and markers alone when the
    development project's file holds no entry for it."""
    dev = ws.development
    dep = _declared(ws).get(library.name)
    if dev is not None and dep is not None:
        found = pyproject.declaration_of(dev.raw, dep)
        if found.strings or found.tables:
            return pyproject.moved(found, dev.path, project.path)
    table = {"version": library.constraint or "*"}
    table.update({"markers": library.markers} if library.markers else {})
    return pyproject.Declaration(library.name, tables=(table,))


def library_changes(
    ws: workspace.Workspace,
    changes: Sequence[ProjectChanges],
    report: libs.LibsReport,
    *,
    prune: bool,
) -> tuple[tuple[ProjectChanges, ...], tuple[str, ...]]:
    """Add each missing library as the development project declares it; with `prune`,
    remove the ones a deployable declares and none of its bricks imports. Also returns one
    line per library a project file cannot declare with the same meaning (left out, see
    `pyproject.rewritten`). A missing library the development project does not declare is a
    `PolyError` naming every one."""
    declared = _declared(ws)
    by_file = {p.project.file: p for p in report.projects}
    undeclared: dict[str, list[str]] = {}
    refused: list[str] = []
    out: list[ProjectChanges] = []
    for change in changes:
        result = by_file.get(change.project.file)
        if result is None:
            out.append(change)
            continue
        source = ws.relative(change.project.file)
        add: list[Library] = []
        for name in result.missing:
            dep = declared.get(name)
            if dep is None:
                undeclared.setdefault(name, []).append(change.project.name)
                continue
            library = Library(name, dep.constraint, dep.markers)
            declaration = _declaration(ws, library, change.project)
            try:
                pyproject.declarable(change.project.raw, declaration, pep440=_pep440)
            except pyproject.Unwritable as err:
                refused.append(f"{source}: {name} is not added: {err}.")
                continue
            add.append(library)
        remove = result.unused if prune and not change.project.is_development else ()
        out.append(replace(change, add_libraries=tuple(add), remove_libraries=tuple(remove)))
    if undeclared:
        listed = "; ".join(f"{n} (needed by {', '.join(p)})" for n, p in undeclared.items())
        raise workspace.PolyError(
            f"--libs: the development project declares no version of {listed}; declare it "
            "in the root pyproject.toml (e.g. `poetry add <name>`) and run again. "
            "Nothing was written."
        )
    return tuple(out), tuple(refused)


def _pep440(constraint: str) -> str:
    """A Poetry version constraint as a PEP 440 specifier (`^2.31` -> `>=2.31,<3.0`, `*`
    -> empty); `Unwritable` when it has none (`1.0 || 2.0`)."""
    constraint = constraint.strip()
    if constraint in ("", "*"):
        return ""
    translated = scaffold.python_requirement(constraint)
    if translated is None:
        try:
            translated = f"=={Version(constraint)}"
        except InvalidVersion:
            raise pyproject.Unwritable(
                f"the version {constraint!r} (no PEP 440 specifier says it)"
            ) from None
    return translated


def kept_bricks(change: ProjectChanges) -> tuple[str, ...]:
    """The bricks to remove that the file lists only through an include of several bricks
    (`{ include = "acme", ... }`): sync cannot remove them one by one."""
    own = {
        brick.name
        for include in change.project.includes
        for brick in change.remove_bricks
        if include.bricks == (brick.name,)
    }
    return tuple(b.name for b in change.remove_bricks if b.name not in own)


def edit_project(ws: workspace.Workspace, text: str, change: ProjectChanges) -> str:
    """`text` (the project's file) with every change of `change` made in the file's style."""
    project = change.project
    source = ws.relative(project.file)
    shared = kept_bricks(change)
    for brick in change.remove_bricks:
        if brick.name not in shared:
            include, origin = brick_include(ws, brick, project)
            text = pyproject.remove_brick(text, include, origin, source=source)
    for brick in change.add_bricks:
        include, origin = brick_include(ws, brick, project)
        text = pyproject.add_brick(text, include, origin, source=source, sort=True)
    for library in change.add_libraries:
        declaration = _declaration(ws, library, project)
        text = pyproject.declare(text, declaration, pep440=_pep440, source=source)
    for name in change.remove_libraries:
        text = pyproject.remove_dependency(text, name, source=source)
    return text


def ignored_notes(
    ws: workspace.Workspace, projects: Iterable[workspace.Project]
) -> tuple[str, ...]:
    """One note per dependency table of `projects` that Poetry ignores: `--libs` reads and
    writes only the table Poetry reads (see `workspace.ignored_dependencies`)."""
    return tuple(
        f"{ws.relative(p.file)}: {message}"
        for p in projects
        for _, message in workspace.ignored_dependencies(p.raw)
    )


def plan_sync(
    ws: workspace.Workspace,
    ws_imports: WorkspaceImports,
    disk: pyproject.Disk,
    projects: Sequence[workspace.Project],
    *,
    prune: bool = False,
    libraries: bool = False,
) -> pyproject.Plan:
    """The plan that makes each of `projects` list what its bricks need (see `brick_changes`
    and `library_changes`); a file with nothing to change is not in it. With `libraries`, a
    note names each dependency table Poetry ignores (`ignored_notes`), and the plan's
    `refused` names each library a project file cannot declare as the development project
    does (the others are written)."""
    brick_graph = graph.build_graph(ws, ws_imports)
    refused: tuple[str, ...] = ()
    changes = brick_changes(ws, brick_graph, projects, prune=prune, ws_imports=ws_imports)
    if libraries:
        names = tuple(p.name for p in projects)
        report = libs.analyse(after(ws, changes), ws_imports, projects=names)
        changes, refused = library_changes(ws, changes, report, prune=prune)
    planned: list[pyproject.Change] = []
    notes = list(ignored_notes(ws, projects)) if libraries else []
    for change in changes:
        notes.extend(change.notes)
        notes.extend(
            f"{change.project.name} does not need {name}, but lists it through an include "
            "of several bricks: remove it by hand"
            for name in kept_bricks(change)
        )
        path = ws.relative(change.project.file)
        text = disk.text(path)
        if text is None:
            raise workspace.PolyError(f"{path} vanished while planning; nothing was written.")
        redo = functools.partial(edit_project, ws, change=change)
        planned_change = pyproject.change_to(disk, path, redo(text), redo)
        if planned_change is not None:
            needs = tuple(ws.relative(b.path) for b in change.add_bricks)
            planned.append(dataclasses.replace(planned_change, needs=needs))
    return pyproject.Plan(disk.root, tuple(planned), tuple(notes), refused)
