"""Disk -> data for the library analysis: each project's lock file, virtualenv and the lines
where its dependencies are declared. Every bad input becomes a note, never an exception."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brickwork import runs, workspace
from brickwork.libs.installed import Environment, read_environment
from brickwork.libs.lock import LockError, LockFile, read_lock
from brickwork.libs.poetry_cache import ManagedEnvironments
from brickwork.workspace import canonical_name as canonicalize_name

LOCK_FILE = "poetry.lock"


@dataclass(frozen=True)
class ProjectSources:
    """What one project's library analysis reads besides the workspace model."""

    project: workspace.Project
    lock: LockFile | None = None
    lock_path: Path | None = None
    """The lock file used (the project's, else the workspace root's), even when broken."""
    root_lock: LockFile | None = None
    """The workspace root's lock when the project has its own: where a declaration that the
    project's lock lacks (a stale lock) is looked up."""
    environment: Environment | None = None
    declared_lines: Mapping[str, int] = field(default_factory=dict)
    """Canonical dependency name -> line of its declaration in the project file."""
    extras: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Canonical dependency name -> the extras the project requests of it."""
    notes: tuple[str, ...] = ()


def _name_pattern(name: str) -> str:
    return "[-_.]+".join(re.escape(part) for part in re.split(r"[-_.]+", name))


def declaration_lines(text: str, names: Iterable[str]) -> dict[str, int]:
    """Line (1-based) of each dependency's first declaration in a pyproject.toml text."""
    lines = text.splitlines()
    # ASCII lines lower-cased once: a line without the name's first part cannot match (other
    # lines go to the patterns, whose case folding knows more than `lower`).
    lowered = [line.lower() if line.isascii() else None for line in lines]
    found: dict[str, int] = {}
    for name in names:
        pattern = _name_pattern(name)
        key = re.compile(rf"^\s*[\"']?{pattern}[\"']?\s*=", re.IGNORECASE)
        requirement = re.compile(rf"[\"']\s*{pattern}\s*([\[<>=!~;@ (]|[\"'])", re.IGNORECASE)
        first = re.split(r"[-_.]+", name)[0].lower() if name.isascii() else ""
        for number, line in enumerate(lines, start=1):
            low = lowered[number - 1]
            if low is not None and first not in low:
                continue
            stripped = line.strip()
            if stripped.startswith("#") or stripped.startswith("name"):
                continue
            if key.search(line) or requirement.search(line):
                found[name] = number
                break
    return found


def requested_extras(data: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """Extras a project file requests of its dependencies (`uvicorn[standard]`)."""
    extras: dict[str, set[str]] = {}
    project = data.get("project")
    items: list[Any] = []
    if isinstance(project, dict):
        items.extend(project.get("dependencies", []) or [])
        optional = project.get("optional-dependencies", {})
        for group in (optional if isinstance(optional, dict) else {}).values():
            items.extend(group if isinstance(group, list) else [])
    for item in items:
        if not isinstance(item, str) or "[" not in item:  # no extras: no need to parse it
            continue
        from packaging.requirements import InvalidRequirement  # heavy: only for extras
        from packaging.requirements import Requirement as PackagingRequirement

        try:
            parsed = PackagingRequirement(item)
        except InvalidRequirement:
            continue
        extras.setdefault(canonicalize_name(parsed.name), set()).update(parsed.extras)
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    table = poetry.get("dependencies") if isinstance(poetry, dict) else None
    for name, spec in (table if isinstance(table, dict) else {}).items():
        specs = spec if isinstance(spec, list) else [spec]
        for one in specs:
            if isinstance(one, dict) and isinstance(one.get("extras"), list):
                wanted = {str(e) for e in one["extras"]}
                extras.setdefault(canonicalize_name(str(name)), set()).update(wanted)
    return {name: frozenset(values) for name, values in extras.items() if values}


class _DeclaredLines(Mapping[str, int]):
    """`declaration_lines` of a project file, found when first asked (only findings show
    them: a clean workspace never needs them)."""

    def __init__(self, path: Path, names: Iterable[str]) -> None:
        self._path = path
        self._names = tuple(names)
        self._found: dict[str, int] | None = None

    def _lines(self) -> dict[str, int]:
        if self._found is None:
            try:
                text = self._path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            self._found = declaration_lines(text, self._names)
        return self._found

    def __getitem__(self, name: str) -> int:
        return self._lines()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines())

    def __len__(self) -> int:
        return len(self._lines())


class _Reader:
    """Reads each lock file and virtualenv once per analysis."""

    def __init__(self, ws: workspace.Workspace) -> None:
        self.ws = ws
        self.locks: dict[Path, tuple[LockFile | None, str | None]] = {}
        self.envs: dict[Path, tuple[Environment | None, tuple[str, ...]]] = {}

    def lock(self, path: Path) -> tuple[LockFile | None, str | None]:
        if path not in self.locks:
            try:
                self.locks[path] = (read_lock(path), None)
            except LockError as err:
                message = str(err).replace(str(path), self.ws.relative(path), 1)
                self.locks[path] = (
                    None,
                    f"{message}; locked versions and transitive libraries are unknown until "
                    "it is fixed (run `poetry lock`)",
                )
        return self.locks[path]

    def environment(self, venv: Path) -> tuple[Environment | None, tuple[str, ...]]:
        if venv not in self.envs:
            env = read_environment(venv)
            if env is None:
                note = (
                    f"{self.ws.relative(venv)} has no lib/python*/site-packages; import names "
                    "are mapped without installed metadata"
                )
                self.envs[venv] = (None, (note,))
            else:
                self.envs[venv] = (env, env.notes)
        return self.envs[venv]


def _first_file(paths: Iterable[Path]) -> Path | None:
    return next((path for path in paths if runs.is_file(path)), None)


def collect_sources(
    ws: workspace.Workspace, projects: Iterable[workspace.Project]
) -> tuple[ProjectSources, ...]:
    """Read the lock file, virtualenv and declaration lines of each project."""
    reader = _Reader(ws)
    managed = ManagedEnvironments()
    out: list[ProjectSources] = []
    for project in projects:
        notes: list[str] = []
        folders = [project.path] if project.path == ws.root else [project.path, ws.root]
        lock_path = _first_file(f / LOCK_FILE for f in folders)
        lock = None
        if lock_path is not None:
            lock, note = reader.lock(lock_path)
            notes.extend([note] if note else [])
        root_lock = None
        if lock_path is not None and lock_path.parent != ws.root:
            root_path = ws.root / LOCK_FILE
            root_lock = reader.lock(root_path)[0] if runs.is_file(root_path) else None
        venv = workspace.project_environment(ws, project)
        if venv is None:
            venv = managed.of(project.name, project.path)
        env = None
        if venv is not None:
            env, env_notes = reader.environment(venv)
            notes.extend(env_notes)
        runs.note_input(project.file)  # read for the lines of findings, if any
        names = dict.fromkeys(d.name for d in project.dependencies)
        out.append(
            ProjectSources(
                project=project,
                lock=lock,
                lock_path=lock_path,
                root_lock=root_lock,
                environment=env,
                declared_lines=_DeclaredLines(project.file, names),
                extras=requested_extras(project.raw),
                notes=tuple(notes),
            )
        )
    return tuple(out)
