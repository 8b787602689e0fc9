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
from collections.abc import Sized
from pathlib import Path
from typing import Any, cast

from brickwork import runs, workspace
from brickwork.reuse.memo import remember, reuse
from brickwork.reuse.plain import Malformed, texts

NAME = "model"
"""The memo the stored model is kept in."""
_KINDS = {k.value: k for k in workspace.BrickKind}
_SEVERITIES = {s.value: s for s in workspace.Severity}


def load(start: Path) -> tuple[workspace.Workspace, int | None]:
    """The workspace around `start` (`workspace.load` with the cache), and how many inputs
    the stored model was checked against (None: read now, and stored for the next run).
    Inside `runs.recording()` the model's inputs are noted like those of a `load`."""
    try:
        root = workspace.find_root(start)
        config = workspace.load_config(root)
        folder = workspace.cache_folder(root, config)
    except workspace.PolyError:  # `load` says what is wrong
        folder = None
    if folder is None:
        return workspace.load(start, use_cache=True), None
    key = (str(root), config.namespace, config.theme.value)
    found = reuse(folder, NAME, key)
    outer = runs.current_inputs()
    if found is not None:
        try:
            ws = model_from_plain(found.payload, root, config)
        except (Malformed, KeyError, TypeError, ValueError):
            found = None
        else:
            if outer is not None:
                outer.merge(found.notes())
            return ws, found.checked
    with runs.recording() as inputs:
        ws = workspace.load(start, use_cache=True)
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
        list(project.bricks),
        [(i.raw, str(i.path), list(i.bricks), i.line) for i in project.includes],
        [
            (d.name, d.constraint, d.group, d.extra, d.markers, d.source)
            for d in project.dependencies
        ],
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
        list(finding.projects),
    )


def model_plain(ws: workspace.Workspace) -> tuple[Any, ...]:
    """`ws` as plain data (its configuration apart: it is read afresh)."""
    return (
        [_brick(b) for b in ws.components],
        [_brick(b) for b in ws.bases],
        [_project(p) for p in ws.projects],
        [_finding(f) for f in ws.problems],
        {folder: (list(files), list(folders)) for folder, (files, folders) in ws.listed.items()},
    )


class _Paths:
    """Paths made once per distinct string: a brick's folder is also its includes' path."""

    def __init__(self) -> None:
        self._made: dict[str, Path] = {}

    def __call__(self, value: Any) -> Path:
        if type(value) is not str:
            raise Malformed(value)
        found = self._made.get(value)
        if found is None:
            parent, _, name = value.rpartition(os.sep)
            if parent and name and name not in (".", ".."):
                # a child of a known folder: only the last name is parsed
                found = self._made[value] = self(parent) / name
            else:
                found = self._made[value] = Path(value)
        return found


def _same_type(value: Any, kind: type, size: int | None = None) -> Any:
    """`value` when it is of type `kind` (and of length `size`), else `Malformed`."""
    if value.__class__ is not kind or (size is not None and len(cast(Sized, value)) != size):
        raise Malformed(value)
    return value


def _text(value: Any) -> str:
    return _same_type(value, str)  # type: ignore[no-any-return]


def _maybe(value: Any, kind: type) -> Any:
    return None if value is None else _same_type(value, kind)


def _bricks(data: Any, path: _Paths) -> tuple[workspace.Brick, ...]:
    bricks = []
    for item in _same_type(data, list):
        name, kind, package, root, test_path, group = _same_type(item, tuple, 6)
        bricks.append(
            workspace.Brick(
                name=_text(name),
                kind=_KINDS[kind],
                path=path(package),
                root=path(root),
                test_path=path(test_path),
                group=_same_type(group, bool),
            )
        )
    return tuple(bricks)


def _projects(data: Any, path: _Paths) -> tuple[workspace.Project, ...]:
    projects = []
    for item in _same_type(data, list):
        name, folder, file, development, style, version, requires, bricks, includes, deps, raw = (
            _same_type(item, tuple, 11)
        )
        projects.append(
            workspace.Project(
                name=_text(name),
                path=path(folder),
                file=path(file),
                is_development=_same_type(development, bool),
                style=_text(style),
                version=_text(version),
                requires_python=_text(requires),
                bricks=texts(bricks),
                includes=tuple(_include(i, path) for i in _same_type(includes, list)),
                dependencies=tuple(_dependency(d) for d in _same_type(deps, list)),
                raw=_same_type(raw, dict),
            )
        )
    return tuple(projects)


def _include(data: Any, path: _Paths) -> workspace.Include:
    raw, folder, bricks, line = _same_type(data, tuple, 4)
    return workspace.Include(_text(raw), path(folder), texts(bricks), _maybe(line, int))


def _dependency(data: Any) -> workspace.Dependency:
    name, constraint, group, extra, markers, source = _same_type(data, tuple, 6)
    return workspace.Dependency(
        _text(name),
        _text(constraint),
        _text(group),
        _maybe(extra, str),
        _maybe(markers, str),
        _text(source),
    )


def _findings(data: Any, path: _Paths) -> tuple[workspace.Finding, ...]:
    findings = []
    for item in _same_type(data, list):
        code, message, file, line, subject, severity, projects = _same_type(item, tuple, 7)
        findings.append(
            workspace.Finding(
                _text(code),
                _text(message),
                path(file),
                _maybe(line, int),
                _text(subject),
                _SEVERITIES[severity],
                texts(projects),
            )
        )
    return tuple(findings)


def _listed(data: Any) -> dict[str, workspace.Listing]:
    listed: dict[str, workspace.Listing] = {}
    for folder, item in _same_type(data, dict).items():
        files, folders = _same_type(item, tuple, 2)
        listed[_text(folder)] = (texts(files), texts(folders))
    return listed


def model_from_plain(data: Any, root: Path, config: workspace.Config) -> workspace.Workspace:
    """The workspace `model_plain` stored, with `root` and `config` read now; raises
    `Malformed` (or `KeyError`, `TypeError`, `ValueError`) for data of another shape."""
    components, bases, projects, problems, listed = _same_type(data, tuple, 5)
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
