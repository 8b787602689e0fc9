"""Which files a scan reads: the `.py` files below a folder (skipping dot-dirs, caches and
virtualenvs), the dotted module each one is, and a workspace's whole list: each brick's
package and test files, the development project's own files, the deployables' own packages."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from brickwork.imports.shipped import Span
from brickwork.runs import is_dir as input_is_dir
from brickwork.runs import is_file as input_is_file
from brickwork.runs import list_folder
from brickwork.workspace import Listing, Project, Workspace, walkable

FileSpec = tuple[Path, str, bool]
"""(path, dotted module name, is a package `__init__`)."""
Spec = tuple[str, str, bool]
"""A `FileSpec` with the path as a string (pathlib is slow for 10^5 files)."""


_NO_LISTINGS: Mapping[str, Listing] = {}


def _listing(folder: str, listed: Mapping[str, Listing]) -> Listing:
    """(`.py` file names, names of folders to walk into) of `folder`: from the listings the
    workspace's `load` made in this run (`Workspace.listed`), else listed now (an input of a
    result that may be reused)."""
    known = listed.get(folder)
    return known if known is not None else walkable(list_folder(folder) or ())


def walk(folder: str, listed: Mapping[str, Listing] = _NO_LISTINGS) -> list[str]:
    """`python_files` as strings (the scan of a workspace lists 10^5 of them)."""
    return [path for path, _, _ in _walk(folder, "", listed)]


def walk_specs(
    folder: str,
    base: str,
    listed: Mapping[str, Listing] = _NO_LISTINGS,
) -> list[Spec]:
    """(path, `dotted` module relative to `base`, is a package) of every `.py` file below
    `folder`, in `walk`'s order. The module names are made a folder at a time (a brick's
    files share their folders' names), not by splitting every path."""
    sep = os.sep
    if folder == base:
        return _walk(folder, "", listed)
    if folder.startswith(base + sep):
        return _walk(folder, folder[len(base) + 1 :].replace(sep, "."), listed)
    return [(f, *dotted(f, base)) for f in walk(folder, listed)]


def _walk(folder: str, prefix: str, listed: Mapping[str, Listing]) -> list[Spec]:
    """The files below `folder` (whose module is `prefix`) in the order of their paths'
    parts: depth first, each folder's entries by name, files and folders alike."""
    sep = os.sep
    found: list[Spec] = []
    pending: list[tuple[str, str, bool]] = [(folder, prefix, True)]  # (path, module, folder)
    while pending:
        path, module, is_folder = pending.pop()
        if not is_folder:
            stem = path[path.rfind(sep) + 1 : -3]
            if stem == "__init__":
                found.append((path, module, True))
            else:
                found.append((path, f"{module}.{stem}" if module else stem, False))
            continue
        files, folders = _listing(path, listed)
        inner = sorted([*files, *folders], reverse=True)  # popped from the end: by name
        below = set(folders)
        head = path if path.endswith(sep) else path + sep  # as `os.path.join` joins
        pending += [
            (
                head + name,
                (f"{module}.{name}" if module else name) if name in below else module,
                name in below,
            )
            for name in inner
        ]
    return found


def python_files(folder: Path) -> list[Path]:
    """Every `.py` file below `folder`, sorted, skipping dot-dirs, caches and virtualenvs."""
    return [Path(p) for p in walk(str(folder))]


def dotted(path: str, base: str) -> tuple[str, bool]:
    """`module_name` of paths as strings."""
    relative = path[len(base) + 1 :] if path.startswith(base + os.sep) else os.path.basename(path)
    if relative.endswith(".py"):
        relative = relative[:-3]
    parts = relative.split(os.sep)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def module_name(path: Path, base: Path) -> tuple[str, bool]:
    """(`a.b.c`, is_package) of `base/a/b/c.py`; `base/a/b/__init__.py` is (`a.b`, True)."""
    return dotted(str(path), str(base))


def _inside(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or below it (both normalised, as `Path` makes them)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def development_specs(
    ws: Workspace, project: Project | None = None, bricks: Sequence[str] | None = None
) -> Iterator[Spec]:
    """Files of a project's includes that are not bricks (e.g. `development/`, `helpers`);
    the development project's by default. `bricks`: the bricks' folders as strings."""
    project = ws.development if project is None else project
    for include in project.includes if project is not None else ():
        if include.bricks:
            continue
        if bricks is None:
            bricks = [str(b.path) for b in ws.bricks]
        target, relative = include.path, PurePosixPath(include.raw)
        folder = str(target)
        if (
            any(c in include.raw for c in "*?[")
            or ".." in relative.parts
            or not relative.parts
            or not _inside(folder, str(ws.root))
            or any(_inside(folder, b) or _inside(b, folder) for b in bricks)
        ):
            continue
        base = target
        for _ in relative.parts:
            base = base.parent
        if input_is_file(target) and target.suffix == ".py":
            yield (str(target), *dotted(str(target), str(base)))
        elif input_is_dir(target):
            yield from walk_specs(str(target), str(base))


class _Folders:
    """Whether a folder is there, from one listing of its parent (the test folders of a loose
    workspace share one parent: one `scandir` instead of one failed one per brick)."""

    def __init__(self) -> None:
        self._parents: dict[str, frozenset[str]] = {}

    def __call__(self, folder: str) -> bool:
        parent, _, name = folder.rpartition(os.sep)
        names = self._parents.get(parent)
        if names is None:
            names = self._parents[parent] = frozenset(e.name for e in list_folder(parent) or ())
        return name in names


def test_modules(ws: Workspace, bricks: Collection[str]) -> list[str]:
    """The module names of the test files of the bricks named (listed, not read)."""
    root = str(ws.root)
    exists = _Folders()
    found: list[str] = []
    for brick in ws.bricks:
        tests = str(brick.test_path)
        if brick.name in bricks and exists(tests):
            found += [module for _, module, _ in walk_specs(tests, root, ws.listed)]
    return found


@dataclass(frozen=True)
class WorkspaceFiles:
    """The files of a workspace's scan, in scan order, each listed once."""

    specs: list[Spec]
    spans: list[Span]
    """(brick, its folder, where its files start, where its tests start, where they end)."""
    development: tuple[int, int]
    """Where the development project's own files start and end in `specs`."""
    projects: dict[str, list[str]]
    """Deployable -> the files of its own packages (`{ include = "helpers", from = "." }`)."""


def workspace_files(
    ws: Workspace,
    bricks: Collection[str] | None = None,
    *,
    development: bool = True,
    projects: Collection[str] | None = None,
) -> WorkspaceFiles:
    """Every brick's package and test files, then the development project's own files, then
    the deployables' own packages' files; of the bricks and deployables named in `bricks` and
    `projects` only when given, and without the development project's files when
    `development` is false."""
    depth = len(ws.namespace.split("."))
    root = str(ws.root)
    seen: set[str] = set()
    specs: list[Spec] = []
    spans: list[Span] = []

    def add(found: Iterable[Spec]) -> int:
        for spec in found:
            if spec[0] not in seen:
                seen.add(spec[0])
                specs.append(spec)
        return len(specs)

    exists = _Folders()
    listed = ws.listed  # the brick folders `load` listed in this run: not listed again
    for brick in ws.bricks:
        if bricks is not None and brick.name not in bricks:
            continue
        start = len(specs)
        package = str(brick.path)
        base = package.rsplit(os.sep, depth + 1)[0]  # the folder above the namespace
        middle = add(walk_specs(package, base, listed))
        tests = str(brick.test_path)
        end = add(walk_specs(tests, root, listed) if exists(tests) else ())
        spans.append((brick.name, package, start, middle, end))
    dev_start = len(specs)
    folders = [str(b.path) for b in ws.bricks]
    if development:
        add(development_specs(ws, bricks=folders))
    dev_end = len(specs)
    local: dict[str, list[str]] = {}
    for project in ws.deployables:
        if projects is not None and project.name not in projects:
            continue
        own = list(development_specs(ws, project, folders))
        add(own)
        if own:
            local[project.name] = [spec[0] for spec in own]
    return WorkspaceFiles(specs, spans, (dev_start, dev_end), local)
