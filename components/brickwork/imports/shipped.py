"""Which scanned files are a project's runtime: the shipped-file rule of the analysis (ADR 0024).

Two questions, one answer each:

- Which files inside a brick's package are for developers only (its tests, scripts, docs
  configuration)? `DEVELOPER_ONLY` is that list, as data; such a file is one of the brick's
  tests in every command (judged against the development project, never a deployable's), unless
  its brick's code imports it or a project's entry point names it (`imported_by_code`): then it
  is code like any other.
- Which files of a project's bricks and packages would its wheel leave out? Its `exclude`
  entries, read exactly as `build-project` reads them (`brickwork.imports.patterns`, ADR 0020):
  `wheel_leaves_out`.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from brickwork.imports.model import BrickImports, FileImports, WorkspaceImports
from brickwork.imports.patterns import Selector, Tree, excluded_by_name, read_entries
from brickwork.workspace import Brick, PolyError, Project, Workspace

DEVELOPER_ONLY: tuple[str, ...] = (
    "tests/",
    "test/",
    "scripts/",
    "conftest.py",
    "test_*.py",
    "docs/conf.py",
)
"""Files inside a brick's package that are for developers, not the package's runtime, by their
path inside the package: `name/` is a folder of that name at any depth (all below it),
`a/b.py` a file `b.py` in a folder `a` at any depth, a plain name a file name at any depth
(`*` and `?` within a name, case-sensitive). Pytest's `test_*.py` and `conftest.py`, the usual
test folders, helper scripts and a Sphinx configuration. Not pytest's `*_test.py`: runtime
modules are named so (`cmd_test.py`, `ab_test.py`) and loaded by name, which no scan sees."""


def _part(pattern: str) -> str:
    """One name of a `DEVELOPER_ONLY` entry as a regular expression (`*` and `?` never cross
    a `/`)."""
    return "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in pattern)


def _compiled(patterns: Sequence[str]) -> re.Pattern[str]:
    """`DEVELOPER_ONLY` as one expression searched in a relative path (one search per file:
    a workspace has 10^5 of them)."""
    found: list[str] = []
    for pattern in patterns:
        if pattern.endswith("/"):
            found.append(f"(?:^|/){_part(pattern[:-1])}/")
        else:
            found.append("(?:^|/)" + "/".join(map(_part, pattern.split("/"))) + "$")
    return re.compile("|".join(found))


_DEVELOPER_ONLY = _compiled(DEVELOPER_ONLY)


def _hints(patterns: Sequence[str]) -> re.Pattern[str] | None:
    """Words one of which a developer-only file's module name holds (`test`, `scripts`...):
    a cheap first look; None when a pattern starts with a wildcard (then every file is read)."""
    found: list[str] = []
    for pattern in patterns:
        word = re.split(r"[*?]", pattern.split("/")[0])[0].removesuffix(".py")
        if not word:
            return None
        found.append(word)
    words = sorted({w for w in found if not any(o != w and o in w for o in found)})
    return re.compile("|".join(map(re.escape, words)))


_HINTS = _hints(DEVELOPER_ONLY)


def developer_only(relative: str) -> bool:
    """Whether a file, by its path inside its brick's package (`tests/test_x.py`, with `/`), is
    one of `DEVELOPER_ONLY`."""
    return _DEVELOPER_ONLY.search(relative) is not None


def _reached(files: Iterable[FileImports], named: Iterable[str] = ()) -> set[str]:
    """Every module the files import (and `named`), and every package above each (importing
    `a.b.c` runs `a.b`)."""
    found: set[str] = set()
    names = [name for file in files for imp in file.imports for name in imp.candidates()]
    for name in (*names, *named):
        while name and name not in found:
            found.add(name)
            name = name.rpartition(".")[0]
    return found


def imported_by_code(
    candidates: Sequence[FileImports], code: Iterable[FileImports], named: Iterable[str] = ()
) -> frozenset[int]:
    """The indexes of the developer-only `candidates` that `code` (their brick's) imports or
    that a project's entry point names (`named`: modules), directly or through another such
    candidate (a `scripts` package the brick's CLI runs is code). Another brick importing it
    would bypass the interface (BW107): not asked."""
    reached = _reached(code, named)
    kept: set[int] = set()
    while True:
        new = [i for i, file in enumerate(candidates) if i not in kept and file.module in reached]
        if not new:
            return frozenset(kept)
        kept.update(new)
        reached |= _reached(candidates[i] for i in new)


def _references(table: object) -> Iterator[str]:
    """The `module:attr` strings of an entry-point table (nested one level for groups; a
    Poetry script may be a table with `reference`)."""
    if not isinstance(table, dict):
        return
    for value in table.values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            reference = value.get("reference")
            if isinstance(reference, str):
                yield reference
            else:
                yield from (v for v in value.values() if isinstance(v, str))


def entry_point_modules(projects: Iterable[Project]) -> frozenset[str]:
    """The modules the projects' entry points name (`[project.scripts]`, `gui-scripts`,
    `entry-points`, `[tool.poetry.scripts]`, `plugins`): run by name, imported by no file."""
    found: set[str] = set()
    for project in projects:
        meta = project.raw.get("project")
        meta = meta if isinstance(meta, dict) else {}
        tool = project.raw.get("tool")
        poetry = tool.get("poetry") if isinstance(tool, dict) else None
        poetry = poetry if isinstance(poetry, dict) else {}
        tables = [meta.get("scripts"), meta.get("gui-scripts"), poetry.get("scripts")]
        for group in (meta.get("entry-points"), poetry.get("plugins")):
            if isinstance(group, dict):
                tables += group.values()
        for table in tables:
            for reference in _references(table):
                module = reference.partition(":")[0].strip()
                if module:
                    found.add(module)
    return frozenset(found)


Span = tuple[str, str, int, int, int]
"""(brick name, its package folder, start of its package files, of its tests, end)."""


def split_developer_only(
    files: Sequence[FileImports], spans: Sequence[Span], named: Collection[str] = ()
) -> dict[str, BrickImports]:
    """Each brick's imports: the files of its package are its code, except the developer-only
    ones (`DEVELOPER_ONLY`: tests, scripts...), which join its tests unless the brick's code
    imports them or an entry point names them (`named`, `entry_point_modules`) (ADR 0024)."""
    found: dict[str, BrickImports] = {}
    for name, folder, start, middle, end in spans:
        prefix = folder.rstrip(os.sep) + os.sep
        code: list[FileImports] = []
        candidates: list[FileImports] = []
        for file in files[start:middle]:
            if _HINTS is not None and _HINTS.search(file.module) is None:
                code.append(file)
                continue
            path = str(file.path)
            relative = path[len(prefix) :] if path.startswith(prefix) else file.path.name
            if developer_only(relative if os.sep == "/" else relative.replace(os.sep, "/")):
                candidates.append(file)
            else:
                code.append(file)
        if not candidates:
            found[name] = BrickImports(name, tuple(code), tuple(files[middle:end]))
            continue
        kept = imported_by_code(candidates, code, named)
        tests = tuple(f for i, f in enumerate(candidates) if i not in kept)
        if kept:  # back in the order of the walk
            runtime = {id(f) for f in tests}
            code = [f for f in files[start:middle] if id(f) not in runtime]
        found[name] = BrickImports(name, tuple(code), (*tests, *files[middle:end]))
    return found


def _layout(brick: Brick, namespace: str) -> str:
    """A brick's place in the incumbent's stage, its package path from the namespace down
    (`components/x/src/acme/x` -> `acme/x`; a nested brick `aws/s3` -> `acme/aws/s3`)."""
    depth = len(namespace.split(".")) + len(brick.name.split("/"))
    return "/".join(brick.path.parts[-depth:])


def project_trees(ws: Workspace, project: Project) -> list[Tree]:
    """The folders the incumbent copies whole for `project`: its own folder, its bricks, its
    packages from elsewhere in the workspace (at their include path)."""
    trees = [Tree(project.path, "", "")]
    seen = {project.path}
    for name in project.bricks:
        brick = ws.brick(name)
        if brick is not None and brick.path not in seen:
            seen.add(brick.path)
            layout = _layout(brick, ws.namespace)
            trees.append(Tree(brick.path, layout, layout))
    for include in project.includes:
        folder, raw = include.path, PurePosixPath(include.raw)
        if include.bricks or folder in seen or folder.is_relative_to(project.path):
            continue
        if ".." in raw.parts or not raw.parts or folder.parts[-len(raw.parts) :] != raw.parts:
            continue  # not copied under its include path: no pattern reaches it
        seen.add(folder)
        trees.append(Tree(folder, raw.as_posix(), raw.as_posix()))
    return trees


_WILDCARDS = frozenset("*?[")
Globs = dict[tuple[Path, str], list[Path]]
"""Glob answers by (root, pattern), shared by the projects of one run (`Selector.globs`)."""


def _may_select(pattern: str, parts: set[str]) -> bool:
    """Whether a glob may select a file whose path has only `parts` as names: each of its names
    but `**` must match one of them (a necessary condition, without the disk: most patterns
    name no file of the code, `**/tests` or `**/*.pyc`, and a glob of a large tree is slow)."""
    if os.name == "nt":
        return True  # globs ignore case there
    for name in pattern.split("/"):
        if name == "..":
            return True  # read from the project folder: its fixed part is cheap to glob
        if name in ("", ".", "**") or name in parts:
            continue
        if not _WILDCARDS & set(name) or not any(fnmatch.fnmatchcase(p, name) for p in parts):
            return False
    return True


def excludes_files(project: Project) -> bool:
    """Whether the project's `[tool.poetry] exclude` names anything (else its wheel leaves
    none of the files of its bricks and packages out, whatever they are)."""
    tool = project.raw.get("tool")
    entries = read_entries(tool.get("poetry") if isinstance(tool, dict) else None)
    return any(e.key == "exclude" for e in entries)


def wheel_leaves_out(
    ws: Workspace, project: Project, files: Iterable[Path], globs: Globs | None = None
) -> frozenset[Path]:
    """The `files` (of the project's bricks and packages) that its wheel would not hold by its
    `[tool.poetry] exclude` entries, as `build-project` reads them: an exclude leaves a file
    out of both artifacts (whatever `format` it names, as poetry-core reads plain globs), an
    `include` whose formats hold "wheel" takes it back, unless a name pattern excluded it.
    An entry that cannot be read (it points outside the workspace: `build-project` refuses
    it) excludes nothing here. `globs`: glob answers shared by the calls of one run."""
    tool = project.raw.get("tool")
    entries = read_entries(tool.get("poetry") if isinstance(tool, dict) else None)
    excludes = [e for e in entries if e.key == "exclude"]
    if not excludes:
        return frozenset()
    files = list(files)
    parts = {part for file in files for part in file.parts}
    selector = Selector(ws.root, project.path, project_trees(ws, project), str(project.file))
    if globs is not None:
        selector.globs = globs

    def selected(key: str) -> set[str]:
        found: set[str] = set()
        for entry in entries:
            wanted = key == "exclude" or "wheel" in entry.formats
            if entry.key == key and wanted and _may_select(entry.pattern, parts):
                try:
                    found.update(str(file) for file in selector.select(entry.pattern).values())
                except PolyError:
                    continue
        return found

    excluded = selected("exclude")
    excluded -= selected("include") if excluded else set()
    names = [e.pattern for e in excludes if e.by_name]
    out: set[Path] = set()
    for file in files:
        where = selector.tree_of(file) if names else None
        if str(file) in excluded or (where is not None and excluded_by_name(where[1], names)):
            out.add(file)
    return frozenset(out)


def shipped_scan(
    ws: Workspace, ws_imports: WorkspaceImports, project: Project, globs: Globs | None = None
) -> WorkspaceImports | None:
    """The scan as `project`'s wheel holds its bricks and packages: without the files its
    `exclude` leaves out (`wheel_leaves_out`); None when it leaves out none of their code (the
    scan as it is), and always for the development project, which ships nothing."""
    if project.is_development:
        return None
    own = ws_imports.projects.get(project.name, ())
    scanned = {b: ws_imports.bricks[b] for b in project.bricks if b in ws_imports.bricks}
    files = [f for s in scanned.values() for f in s.files]
    left_out = wheel_leaves_out(ws, project, (f.path for f in (*files, *own)), globs)
    if not left_out:
        return None
    bricks = dict(ws_imports.bricks)
    for name, found in scanned.items():
        bricks[name] = replace(found, files=tuple(f for f in found.files if f.path not in left_out))
    projects = dict(ws_imports.projects)
    projects[project.name] = tuple(f for f in own if f.path not in left_out)
    return replace(ws_imports, bricks=bricks, projects=projects)
