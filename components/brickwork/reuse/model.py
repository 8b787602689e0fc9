"""The workspace model as it was read last time, while none of the files and folders `load`
read changed: the bricks, the projects with their resolved includes and dependencies, the
problems found and the folder listings the scan starts from (ADR 0030).

A warm `load` lists every brick folder and matches every project file to its snapshot; at 2,000
bricks that is ~100 ms, paid by every view that is not answered by the stored analysis alone
(`deps`, `libs`, `info`, a `check` after an edit). The stored model is checked by the stat of
each input (`memo`) and read back as plain data: no code runs, and a stored model of another
shape is a miss. The workspace configuration is read afresh every time (`load_config`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from brickwork import runs, workspace
from brickwork.reuse.memo import remember, reuse
from brickwork.reuse.plain import KINDS, SEVERITIES, Malformed
from brickwork.reuse.projects import ProjectSnapshot

NAME = "model"
"""The memo the stored model is kept in."""


def load(start: Path, *, note: bool = True) -> tuple[workspace.Workspace, int | None]:
    """The workspace around `start` (`workspace.load` with the cache), and how many inputs
    the stored model was checked against (None: read now, and stored for the next run).
    Inside `runs.recording()` the model's inputs are noted like those of a `load` (not with
    `note=False`: for a caller whose recording holds them already, unchanged)."""
    try:
        root = workspace.find_root(start)
        config = workspace.load_config(root)
        folder = workspace.cache_folder(root, config)
    except workspace.PolyError:  # `load` says what is wrong
        folder = None
    if folder is None:
        return workspace.load(start, records=ProjectSnapshot.open), None
    key = (str(root), config.namespace, config.theme.value)
    found = reuse(folder, NAME, key)
    outer = runs.current_inputs() if note else None
    if found is not None:
        try:
            ws = model_from_plain(found.payload, root, config)
        except (Malformed, KeyError, TypeError, ValueError):
            pass  # read again below, and stored in its place
        else:
            if outer is not None:
                outer.merge(found.notes())
            return ws, found.checked
    with runs.recording() as inputs:
        ws = workspace.load(start, records=ProjectSnapshot.open)
    if outer is not None:
        outer.merge(inputs.since((0, 0)))
    remember(folder, NAME, key, inputs, model_plain(ws))
    return ws, None


def _brick(brick: workspace.Brick) -> tuple[Any, ...]:
    return (
        brick.name,
        brick.kind.value,
        str(brick.path),
        str(brick.root),
        str(brick.test_path),
        brick.group,
    )


def _project(project: workspace.Project) -> tuple[Any, ...]:
    return (
        project.name,
        str(project.path),
        str(project.file),
        project.is_development,
        project.style,
        project.version,
        project.requires_python,
        tuple(project.bricks),
        tuple((i.raw, str(i.path), tuple(i.bricks), i.line) for i in project.includes),
        tuple(
            (d.name, d.constraint, d.group, d.extra, d.markers, d.source)
            for d in project.dependencies
        ),
        dict(project.raw),
    )


def _finding(finding: workspace.Finding) -> tuple[Any, ...]:
    return (
        finding.code,
        finding.message,
        str(finding.path),
        finding.line,
        finding.subject,
        finding.severity.value,
        tuple(finding.projects),
    )


def model_plain(ws: workspace.Workspace) -> tuple[Any, ...]:
    """`ws` as plain data (its configuration apart: it is read afresh): tuples all through,
    which marshal gives back as they were."""
    return (
        tuple(_brick(b) for b in ws.components),
        tuple(_brick(b) for b in ws.bases),
        tuple(_project(p) for p in ws.projects),
        tuple(_finding(f) for f in ws.problems),
        {folder: (tuple(files), tuple(folders)) for folder, (files, folders) in ws.listed.items()},
    )


class _Paths:
    """Paths made once per distinct string: a brick's folder is also its includes' path."""

    def __init__(self) -> None:
        self._made: dict[str, Path] = {}

    def __call__(self, value: str) -> Path:
        found = self._made.get(value)
        if found is None:
            if type(value) is not str:
                raise Malformed(value)
            parent, _, name = value.rpartition(os.sep)
            if parent and name and name not in (".", ".."):
                # a child of a known folder: only the last name is parsed
                found = self._made[value] = self(parent) / name
            else:
                found = self._made[value] = Path(value)
        return found


def _strings(values: Any) -> bool:
    return type(values) is tuple and all(type(v) is str for v in values)


def _check(ok: bool, data: Any) -> None:
    if not ok:
        raise Malformed(data)


def _bricks(data: tuple[Any, ...], path: _Paths) -> tuple[workspace.Brick, ...]:
    kinds = KINDS
    bricks = tuple(
        workspace.Brick(name, kinds[kind], path(package), path(root), path(test_path), group)
        for name, kind, package, root, test_path, group in data
    )
    _check(all(type(b.name) is str and type(b.group) is bool for b in bricks), data)
    return bricks


def _projects(data: tuple[Any, ...], path: _Paths) -> tuple[workspace.Project, ...]:
    Include, Dependency = workspace.Include, workspace.Dependency
    projects = []
    for item in data:
        name, folder, file, development, style, version, requires, bricks, includes, deps, raw = (
            item
        )
        made = tuple(Include(raw_, path(at), names, line) for raw_, at, names, line in includes)
        _check(
            _strings((name, style, version, requires))
            and type(development) is bool
            and _strings(bricks)
            and type(raw) is dict
            and all(
                type(i.raw) is str and _strings(i.bricks) and type(i.line) in (int, type(None))
                for i in made
            )
            and all(len(d) == 6 and _strings(d[:3]) and type(d[5]) is str for d in deps),
            item,
        )
        projects.append(
            workspace.Project(
                name=name,
                path=path(folder),
                file=path(file),
                is_development=development,
                style=style,
                version=version,
                requires_python=requires,
                bricks=bricks,
                includes=made,
                dependencies=tuple(Dependency(*d) for d in deps),
                raw=raw,
            )
        )
    return tuple(projects)


def _findings(data: tuple[Any, ...], path: _Paths) -> tuple[workspace.Finding, ...]:
    severities = SEVERITIES
    findings = tuple(
        workspace.Finding(code, message, path(file), line, subject, severities[severity], projects)
        for code, message, file, line, subject, severity, projects in data
    )
    _check(
        all(_strings((f.code, f.message, f.subject)) and _strings(f.projects) for f in findings),
        data,
    )
    return findings


def _listed(data: dict[Any, Any]) -> dict[str, workspace.Listing]:
    _check(
        all(
            type(folder) is str
            and type(item) is tuple
            and len(item) == 2
            and _strings(item[0])
            and _strings(item[1])
            for folder, item in data.items()
        ),
        data,
    )
    return data


def model_from_plain(data: Any, root: Path, config: workspace.Config) -> workspace.Workspace:
    """The workspace `model_plain` stored, with `root` and `config` read now; raises
    `Malformed` (or `KeyError`, `TypeError`, `ValueError`) for data of another shape (a
    damaged or foreign memo never gets this far: its checksum and header keep it out)."""
    _check(type(data) is tuple and len(data) == 5, data)
    components, bases, projects, problems, listed = data
    _check(
        all(type(part) is tuple for part in (components, bases, projects, problems))
        and type(listed) is dict,
        data,
    )
    path = _Paths()
    return workspace.Workspace(
        root=root,
        config=config,
        components=_bricks(components, path),
        bases=_bricks(bases, path),
        projects=_projects(projects, path),
        problems=_findings(problems, path),
        listed=_listed(listed),
    )
