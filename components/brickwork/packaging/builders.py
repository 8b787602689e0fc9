"""poetry-core's sdist and wheel builders, finding a stage's files without resolving each one.

poetry-core finds the files to ship by globbing each include, resolving every path found three
times (`BuildIncludeFile`: the file, the project root, the source root) and testing each against
its excluded set by walking the path's parents as `Path`s: about half of a build's time for a
project of many bricks, spent twice (sdist, then wheel). A stage is a folder Brickwork wrote:
real folders and regular files, no symlink and no `..`, under a root whose path is real. There,
resolving a path changes nothing, so the same files are found by one walk of each included
folder, with the paths as they are, and the excluded set is tested on strings. Which files are
found, and everything the builders write (order, names, modes, bytes), is poetry-core's own.

Where that cannot be vouched for (the stage root, an include or a path found is not a real path,
a build script ran in the stage, the walk meets a symlink, or poetry-core's `BuildIncludeFile`
holds more than the four fields set here), poetry-core's own discovery runs.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from poetry.core.masonry.builders.builder import Builder, BuildIncludeFile
from poetry.core.masonry.builders.sdist import SdistBuilder
from poetry.core.masonry.builders.wheel import WheelBuilder
from poetry.core.masonry.utils.package_include import PackageInclude

from brickwork.packaging.files import in_git_work_tree

if TYPE_CHECKING:
    from collections.abc import Iterator

_FIELDS = {"path", "project_root", "source_root", "target_dir"}


class _NotAStage(Exception):
    """The folder is not what a stage is (a symlink, a `..`): poetry-core finds the files."""


@functools.cache
def _fields_known() -> bool:
    """Whether poetry-core's `BuildIncludeFile` holds exactly the fields `_include_file` sets."""
    here = Path(__file__).parent
    return set(vars(BuildIncludeFile(here, here, here))) == _FIELDS


def _include_file(path: Path, root: Path, source: Path, target: Path | None) -> BuildIncludeFile:
    """The `BuildIncludeFile` poetry-core makes of real paths, without resolving them again."""
    file = BuildIncludeFile.__new__(BuildIncludeFile)
    file.path, file.project_root, file.source_root, file.target_dir = path, root, source, target
    return file


def _relative_posix(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def _suffix(name: str) -> str:
    """`PurePath(name).suffix`."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _excluded(relative: str, excluded: set[str] | frozenset[str]) -> bool:
    """`Builder.is_excluded` of a path relative to the project root, as a `/` string."""
    parts = relative.split("/")
    if "__pycache__" in parts or _suffix(parts[-1]) == ".pyc":
        return True
    sizes = range(len(parts), 0, -1)
    return bool(excluded) and any("/".join(parts[:size]) in excluded for size in sizes)


def _files_under(folder: Path) -> Iterator[Path]:
    """Every file under `folder` (what `glob("**/*")` gives, folders left out); a symlink
    is `_NotAStage`."""
    with os.scandir(folder) as entries:
        found = list(entries)
    for entry in found:
        if entry.is_symlink():
            raise _NotAStage(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _files_under(folder / entry.name)
        else:
            yield folder / entry.name


class _RealFolders:
    """Whether paths under a real root are real themselves (no symlink, no `..`, nothing
    outside the root), each folder on the way looked at once."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.known = {root}

    def check(self, path: str) -> None:
        """`_NotAStage` unless `path` is real and the root or inside it."""
        if path in self.known:
            return
        parent, name = os.path.split(path)
        if name in ("", ".", "..") or parent == path or not parent.startswith(self.root):
            raise _NotAStage(path)
        self.check(parent)
        if os.path.islink(path):
            raise _NotAStage(path)
        self.known.add(path)


def _explicit_files(path: Path) -> list[Path]:
    """The files `Builder.find_excluded_files` counts for a matched include or exclude."""
    return [f for f in path.glob("**/*") if f.is_file()] if path.is_dir() else [path]


class _StageFiles(Builder):
    """`Builder.find_files_to_add` for a stage (see the module)."""

    def find_files_to_add(self, exclude_build: bool = True) -> set[BuildIncludeFile]:
        root = self._path
        if self._package.build_script or not _fields_known() or os.path.realpath(root) != str(root):
            return super().find_files_to_add(exclude_build)
        try:
            return self._stage_files(root)
        except _NotAStage:
            return super().find_files_to_add(exclude_build)

    def find_excluded_files(self, fmt: str | None = None) -> set[str]:
        """`Builder.find_excluded_files`, without asking git about a stage outside any git
        work tree (two git runs per build): no file of it is ignored by git there."""
        if self._excluded_files is None and not in_git_work_tree(self._path):
            relative = functools.partial(_relative_posix, self._path)
            excluded = {
                relative(file)
                for pattern in self._package.exclude
                for match in self._path.glob(str(pattern))
                for file in _explicit_files(match)
            }
            included = {
                relative(file)
                for include in self._module.explicit_includes
                if not fmt or fmt in include.formats
                for element in include.elements
                for file in _explicit_files(element)
            }
            self._excluded_files = excluded - included
        return super().find_excluded_files(fmt)

    def _stage_files(self, root: Path) -> set[BuildIncludeFile]:
        prefix = len(str(root)) + 1
        wheel = self.format == "wheel"
        excluded = self.find_excluded_files(fmt=self.format)
        found: set[BuildIncludeFile] = set()
        real = _RealFolders(str(root))
        # no `include.refresh()`: it globs again for what a build script may have written, and
        # without one nothing writes into the stage between the globs
        for include in self._module.includes:
            package = isinstance(include, PackageInclude)
            source, target_name = root, None
            if isinstance(include, PackageInclude) and wheel:
                source = include.base if include.source else root
                target_name = include.target
            target = Path(target_name) if target_name else None
            real.check(str(source))
            for element in include.elements:
                if "__pycache__" in element.parts:
                    continue
                text = str(element)
                real.check(text)
                if element.is_dir():
                    if self.format in include.formats:
                        for path in _files_under(element):
                            if not _excluded(str(path)[prefix:], excluded):
                                found.add(_include_file(path, root, source, target))
                    continue
                if package and _excluded(text[prefix:], excluded):
                    continue
                found.add(_include_file(element, root, source, target))
        return found


class StageSdistBuilder(SdistBuilder, _StageFiles):
    """poetry-core's `SdistBuilder`, finding a stage's files cheaply."""


class StageWheelBuilder(WheelBuilder, _StageFiles):
    """poetry-core's `WheelBuilder`, finding a stage's files cheaply."""
