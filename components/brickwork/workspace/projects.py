"""Project files -> `Project`s: includes resolved against the brick index, dependencies, and
the plain records of both that the warm-run snapshot keeps (ADR 0014)."""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from brickwork.runs import probe
from brickwork.workspace.codes import (
    INCLUDE_MISSING,
    INCLUDE_NOT_BRICK,
    INCLUDE_OUTSIDE,
    default_severity,
)
from brickwork.workspace.config import PROJECT_FILE
from brickwork.workspace.dependencies import read_dependencies
from brickwork.workspace.errors import PolyError
from brickwork.workspace.model import Brick, Dependency, Finding, Include, Project
from brickwork.workspace.packages import read_project_file

_PLAIN_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")
"""An include path that `os.path.normpath` leaves as it is (below an absolute folder)."""
_IncludeRecord = tuple[str, str, tuple[str, ...], int | None]
"""(include as written, normalised target path, bricks it names, line)."""
_ProjectRecord = tuple[Any, ...]
"""(name, style, version, requires-python, includes, dependencies as tuples,
dependency problems as (code, message, line, subject), parsed TOML): plain data."""


def fingerprint(items: Iterable[str]) -> str:
    """A short digest of strings (the brick index a project file was resolved against); a
    path that is not UTF-8 on disk is encoded back as the bytes it was."""
    joined = "\0".join(items)
    return hashlib.blake2b(joined.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()


class BrickIndex:
    """Bricks by package path: which bricks an include path names, without a scan per include
    (a workspace can have 100 projects x 2,000 includes x 2,000 bricks)."""

    def __init__(self, bricks: Iterable[Brick], namespace: str = "") -> None:
        listed = list(bricks)
        self.namespace_top = namespace.split(".", 1)[0]
        """The first part of the namespace: an include starting with another name re-roots
        a package of its own (`_own_package`)."""
        self._by_path = {str(b.path): b.name for b in listed}
        self._bricks = {str(b.path): b for b in listed}
        self._objects = {str(b.path): b.path for b in listed}
        self._paths = sorted(self._by_path)

    @cached_property
    def fingerprint(self) -> str:
        """A digest of every (package path, brick name): equal indexes resolve alike."""
        return fingerprint(f"{path}\0{self._by_path[path]}" for path in self._paths)

    def path(self, target: str) -> Path:
        """`target` as a `Path`: the brick's own object when it names a brick."""
        return self._objects.get(target) or Path(target)

    def under(self, target: str) -> tuple[str, ...]:
        """The bricks whose package is `target` (a normalised path) or lies below it."""
        key = target
        exact = self._by_path.get(key)
        if exact is not None:
            return (exact,)
        prefix = key.rstrip(os.sep) + os.sep
        start = bisect.bisect_left(self._paths, prefix)
        found: list[str] = []
        for path in self._paths[start:]:
            if not path.startswith(prefix):
                break
            found.append(self._by_path[path])
        return tuple(found)

    def containing(self, target: str) -> Brick | None:
        """The brick whose package holds `target` (a folder or module inside it), or None."""
        parent = os.path.dirname(target)
        while parent and parent != os.path.dirname(parent):
            if parent in self._bricks:
                return self._bricks[parent]
            parent = os.path.dirname(parent)
        return None


def _inside_brick(shown: str, target: str, brick: Brick) -> str:
    """The message of an include of an existing folder inside brick `brick`."""
    below = os.path.relpath(target, brick.path).count(os.sep) + 1
    parts = shown.replace("\\", "/").rstrip("/").split("/")
    whole = "/".join(parts[:-below]) if len(parts) > below else shown
    return (
        f"include {shown!r} is inside brick {brick.name!r}; include {whole}: the wheel would "
        f"ship only {shown}, not the rest of the brick nor its interface (a project ships "
        "whole bricks; checks count the whole brick meanwhile)"
    )


def _own_package(shown: str, namespace_top: str) -> bool:
    """Whether an include re-roots a folder as a package of its own, named by its first
    part (`{ include = "runestone", from = "../../bases/ns/interactives" }` installs
    `runestone`): the project's own package, like `{ include = "helpers", from = "." }`."""
    top = shown.replace("\\", "/").lstrip("/").split("/", 1)[0]
    return top not in ("", ".", "..", namespace_top)


def _malformed(file: Path, key: str, problem: str) -> PolyError:
    return PolyError(f"{file}: {key} {problem}; fix the value and run again.")


def _raw_includes(data: Mapping[str, Any], file: Path) -> Iterator[tuple[str, str, str]]:
    """(display text, `from` folder or "", path below it) of every brick-ish include.

    A value of the wrong type is a `PolyError` naming the key and the file: an include that
    is silently skipped would make every brick rule wrong."""
    tool = data.get("tool", {})
    poetry = tool.get("poetry", {}) if isinstance(tool, dict) else {}
    packages = poetry.get("packages", []) if isinstance(poetry, dict) else []
    if not isinstance(packages, list):
        raise _malformed(
            file,
            "[tool.poetry] packages",
            f'must be an array of tables like {{ include = "ns/brick", from = "..." }}, '
            f"not {type(packages).__name__}",
        )
    for index, entry in enumerate(packages):
        key = f"[tool.poetry] packages[{index}]"
        if not isinstance(entry, dict):
            raise _malformed(file, key, f"must be a table with include (and from), not {entry!r}")
        include = entry.get("include")
        if not isinstance(include, str):
            raise _malformed(file, f"{key}.include", f"must be a string, not {include!r}")
        origin = entry.get("from", "")
        if not isinstance(origin, str):
            raise _malformed(file, f"{key}.from", f"must be a string, not {origin!r}")
        yield include, origin, include
    polylith = tool.get("polylith", {}) if isinstance(tool, dict) else {}
    bricks = polylith.get("bricks", {}) if isinstance(polylith, dict) else {}
    if not isinstance(bricks, dict):
        raise _malformed(file, "[tool.polylith.bricks]", "must be a table of path = package")
    for source, package in bricks.items():
        if not isinstance(package, str):
            raise _malformed(
                file, f"[tool.polylith.bricks] {source!r}", f"must be a string, not {package!r}"
            )
        yield str(source), "", str(source)


class _Lines:
    """Line numbers of needles in a text, found in order (includes are listed in order)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = 0
        self.line = 1

    def of(self, needle: str) -> int | None:
        found = self.text.find(needle, self.index)
        if found < 0:
            found = self.text.find(needle)
            if found < 0:
                return None
            return self.text.count("\n", 0, found) + 1
        self.line += self.text.count("\n", self.index, found)
        self.index = found
        return self.line


def _include_problem(
    shown: str, target: str, ws_root: Path, has_bricks: bool
) -> tuple[str, str] | None:
    """(code, message) when an include does not name a brick it should, else None."""
    root = str(ws_root)
    if target != root and not target.startswith(root + os.sep):
        return (
            INCLUDE_OUTSIDE,
            f"include {shown!r} points outside the workspace ({target}); "
            "bricks must live under components/ or bases/",
        )
    if has_bricks:
        return None
    relative = os.path.relpath(target, root)
    if probe(target) is None:
        return (
            INCLUDE_MISSING,
            f"include {shown!r} points at {relative}, which does not exist; "
            "fix the path or remove the include",
        )
    if relative.split(os.sep, 1)[0] in ("components", "bases"):
        return (
            INCLUDE_NOT_BRICK,
            f"include {shown!r} points at {relative}, which is not a brick "
            "(a package with .py files under components/ or bases/)",
        )
    return None


def _resolve_includes(
    project_dir: Path, data: Mapping[str, Any], text: str, bricks: BrickIndex
) -> tuple[_IncludeRecord, ...]:
    """(shown, target, bricks, line) of every include, resolved against the brick index."""
    file = project_dir / PROJECT_FILE
    lines = _Lines(text)
    folder = str(project_dir)
    found: list[_IncludeRecord] = []
    bases: dict[str, str] = {}  # `from` folder -> its normalised path (includes share a few)
    for shown, origin, below in _raw_includes(data, file):
        if _PLAIN_PATH.fullmatch(below):  # no `.`, `..` or empty part: nothing to normalise
            base = bases.get(origin)
            if base is None:
                base = bases[origin] = os.path.normpath(os.path.join(folder, origin))
            parts = below if os.sep == "/" else below.replace("/", os.sep)
            target = base + parts if base.endswith(os.sep) else f"{base}{os.sep}{parts}"
        else:
            target = os.path.normpath(os.path.join(folder, origin, below))
        found.append((shown, target, bricks.under(target), lines.of(shown)))
    return tuple(found)


def _includes(
    records: Iterable[_IncludeRecord],
    file: Path,
    ws_root: Path,
    bricks: BrickIndex,
    namespace_top: str,
) -> tuple[list[Include], list[Finding]]:
    """Resolved includes as objects, with the problems of those that name no brick (checked
    on every run: whether a path exists is not part of a project file's snapshot).

    A path that does not exist is BW002 whatever folder it is in, and counts no brick (ADR
    0025); an existing folder inside a brick counts that brick, with BW003 (unless it is
    re-rooted as a package of its own: `_own_package`)."""
    includes: list[Include] = []
    problems: list[Finding] = []
    for shown, target, matched, line in records:
        problem = _include_problem(shown, target, ws_root, bool(matched))
        inner = None
        if not matched and (problem is None or problem[0] == INCLUDE_NOT_BRICK):
            inner = bricks.containing(target)
        if inner is not None and not _own_package(shown, namespace_top):
            matched = (inner.name,)  # a sub-package of a brick: count the brick, say so once
            problem = (
                None if inner.group else (INCLUDE_NOT_BRICK, _inside_brick(shown, target, inner))
            )
        elif inner is not None:
            problem = None  # the project's own package, from a folder inside a brick
        if problem is not None:
            problems.append(
                Finding(
                    problem[0],
                    problem[1],
                    file,
                    line,
                    subject=shown,
                    severity=default_severity(problem[0]),
                )
            )
        includes.append(Include(raw=shown, path=bricks.path(target), bricks=matched, line=line))
    return includes, problems


def _str_field(tables: Iterable[tuple[str, Any]], key: str, default: str, file: Path) -> str:
    """The first string value of `key` in the (name, table) pairs; another type is an error."""
    for name, table in tables:
        if not isinstance(table, dict) or key not in table:
            continue
        value = table[key]
        if not isinstance(value, str):
            raise _malformed(file, f"[{name}] {key}", f"must be a string, not {value!r}")
        return value
    return default


def _project_record(project_dir: Path, bricks: BrickIndex) -> _ProjectRecord:
    """Read and parse one project file into plain data (what a snapshot keeps)."""
    file = project_dir / PROJECT_FILE
    data, text = read_project_file(file)
    project_table = data.get("project") if isinstance(data.get("project"), dict) else None
    tool = data.get("tool", {})
    poetry = tool.get("poetry", {}) if isinstance(tool, dict) else {}
    tables = [("project", project_table or {}), ("tool.poetry", poetry)]
    deps_python = poetry.get("dependencies", {}) if isinstance(poetry, dict) else {}
    requires = _str_field(tables, "requires-python", "", file)
    if (
        not requires
        and isinstance(deps_python, dict)
        and isinstance(deps_python.get("python"), str)
    ):
        requires = deps_python["python"]
    includes = _resolve_includes(project_dir, data, text, bricks)
    deps, dep_problems = read_dependencies(data, file)
    return (
        _str_field(tables, "name", project_dir.name, file),
        "pep621" if project_table is not None else "poetry",
        _str_field(tables, "version", "", file),
        requires,
        includes,
        tuple((d.name, d.constraint, d.group, d.extra, d.markers, d.source) for d in deps),
        tuple((f.code, f.message, f.line, f.subject) for f in dep_problems),
        data,
    )


def _project(
    record: _ProjectRecord,
    project_dir: Path,
    ws_root: Path,
    bricks: BrickIndex,
    *,
    is_development: bool,
) -> tuple[Project, list[Finding]]:
    name, style, version, requires, include_records, deps, dep_problems, data = record
    file = project_dir / PROJECT_FILE
    includes, problems = _includes(include_records, file, ws_root, bricks, bricks.namespace_top)
    problems += [
        Finding(c, m, file, line, subject=s, severity=default_severity(c))
        for c, m, line, s in dep_problems
    ]
    # dict keys: each brick once, in include order (a set-backed dedupe, O(n))
    brick_names = dict.fromkeys(b for include in includes for b in include.bricks)
    project = Project(
        name=name,
        path=project_dir,
        file=file,
        is_development=is_development,
        style=style,
        version=version,
        requires_python=requires,
        bricks=tuple(brick_names),
        includes=tuple(includes),
        dependencies=tuple(Dependency(*d) for d in deps),
        raw=data,
    )
    return project, problems


class ProjectRecords(Protocol):
    """Where `load` may find the plain record of a project file made on an earlier run (the
    warm-run snapshot that `reuse` keeps): the model reads no cache of its own."""

    def record(
        self, key: str, file: Path, bricks: str, read: Callable[[], tuple[Any, ...]]
    ) -> tuple[Any, ...]:
        """The record of project file `file` (`key`: its path from the workspace root)
        resolved against the brick index `bricks` (a fingerprint): kept, or `read()` now."""
        ...

    def save(self) -> None:
        """Keep the records of this run (those of files no longer read are forgotten)."""
        ...


def read_project(
    project_dir: Path,
    ws_root: Path,
    bricks: BrickIndex,
    *,
    is_development: bool,
    records: ProjectRecords | None = None,
) -> tuple[Project, list[Finding]]:
    """Read one project file into a `Project` (problems are returned, not raised); with
    `records`, its plain record is asked of them first."""
    if records is None:
        record = _project_record(project_dir, bricks)
    else:
        file = project_dir / PROJECT_FILE
        key = os.path.relpath(file, ws_root).replace(os.sep, "/")
        record = records.record(
            key, file, bricks.fingerprint, lambda: _project_record(project_dir, bricks)
        )
    return _project(record, project_dir, ws_root, bricks, is_development=is_development)
