"""What a project's `include` and `exclude` select, read as the incumbent reads them (ADR 0020).

poetry-multiproject-plugin stages a project in `projects/.prepare_<name>`: it copies the
project folder, then each brick folder (`from`/`include`) to `<stage>/<include>`, so bricks sit
at the stage root beside the project's own files; both copies skip every file or folder whose
*name* matches an exclude pattern (fnmatch, at any depth). poetry-core then reads `include` and
`exclude` as globs from the stage root. Patterns in real projects are written for that layout
(`acme/web/static/**/*.css`). Brickwork's stage keeps bricks at their workspace path
(`components/acme/web`), so a pattern is answered here, on the real folders, in the incumbent's
layout: a brick's files are globbed from the folder that stands for its stage root (the `from`
folder), the project's from the project folder. A pattern that climbs out of the project
(`../../components/acme/web/x.map`) is read from the project folder on disk, as Brickwork always
has. The answer is a set of files at their places in Brickwork's stage.

Pure (no Poetry): `build-project` stages with it, and the analysis judges a project's runtime
by the same selection (ADR 0024), so both live here, where both can import it.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from brickwork.workspace import PolyError

ALL = frozenset({"sdist", "wheel"})
#: Names the incumbent never copies from the project or a brick folder, at any depth.
COPY_SKIPS = ("*.pyc", "__pycache__", ".venv", ".mypy_cache", "node_modules", ".git")
_WILDCARDS = set("*?[")


@dataclass(frozen=True)
class Tree:
    """A folder copied whole into the incumbent's stage: the project's, or a brick's."""

    source: Path
    """The folder on disk."""
    layout: str
    """Its place in the incumbent's stage: "" (the project) or the brick's include (`acme/x`)."""
    staged: str
    """Its place in Brickwork's stage: "" or `components/acme/x`."""
    prefix: str = ""
    """The folder the incumbent copies it under with `--with-top-namespace` (`shop`)."""

    @property
    def glob_root(self) -> Path | None:
        """The folder that stands for the incumbent's stage root for this tree's files."""
        parts = PurePosixPath(self.layout).parts if self.layout else ()
        if parts and self.source.parts[-len(parts) :] != parts:
            return None  # a brick staged under another name: no folder stands for the root
        return self.source.parents[len(parts) - 1] if parts else self.source


@dataclass(frozen=True)
class Entry:
    """One `include` or `exclude` entry of the project file."""

    key: str
    pattern: str
    formats: frozenset[str] = ALL
    by_name: bool = False
    """An exclude the incumbent also applies to names at any depth while copying (a pattern
    without `/`, not limited to a format)."""


def read_entries(poetry: object) -> list[Entry]:
    """The `include` and `exclude` entries of a `[tool.poetry]` table (strings or `{path,
    format}` tables; tomlkit values made plain)."""
    if not isinstance(poetry, dict):
        return []
    entries: list[Entry] = []
    for key in ("include", "exclude"):
        items = poetry.get(key)
        if not isinstance(items, list):
            continue
        for item in items:
            formats: frozenset[str] = frozenset({"sdist"}) if key == "include" else ALL
            limited = False
            if isinstance(item, dict):
                path, given = item.get("path"), item.get("format")
                if given is not None:
                    limited = True
                    formats = frozenset([str(given)] if isinstance(given, str) else map(str, given))
            else:
                path = item
            if not isinstance(path, str):
                continue
            text = str(path)
            by_name = key == "exclude" and "/" not in text and not limited
            entries.append(Entry(key, text, formats, by_name))
    return entries


def _escapes(pattern: str, project: Path) -> bool:
    """Whether the pattern's fixed part climbs out of the project folder (`../../x`)."""
    literal = pattern
    for index, char in enumerate(pattern):
        if char in _WILDCARDS:
            literal = pattern[:index]
            break
    anchor = os.path.normpath(project / (literal or "."))
    return not Path(anchor).is_relative_to(project)


def _glob(root: Path, pattern: str, shown: str) -> list[Path]:
    try:
        return sorted(root.glob(pattern))
    except (ValueError, NotImplementedError) as err:
        raise PolyError(
            f"{shown}: {err}; write a relative glob such as 'static/**/*.css'."
        ) from err


def _files(element: Path, within: Path) -> list[Path]:
    """The files an element stands for (a folder: every file under it), inside `within`."""
    if not element.is_dir():
        return [element] if element.is_file() else []
    start = element if element.is_relative_to(within) else within
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(start):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        found.extend(Path(dirpath, n) for n in sorted(filenames) if not n.endswith(".pyc"))
    return found


@dataclass
class Selector:
    """Answers patterns for one project: files at their places in Brickwork's stage."""

    ws_root: Path
    project: Path
    trees: Sequence[Tree]
    shown: str
    """The project file, for messages."""
    globs: dict[tuple[Path, str], list[Path]] = field(default_factory=dict)
    """Glob answers by (root, pattern); the selectors of one run may share them."""
    _by_depth: list[tuple[str, Tree]] = field(default_factory=list)

    def staged_path(self, file: Path) -> str | None:
        """Where a file sits in Brickwork's stage; None outside the workspace."""
        where = self.tree_of(file)
        if where is not None and where[0].layout:
            tree, inner = where
            return f"{tree.staged}/{inner}" if inner != "." else tree.staged
        if file.is_relative_to(self.project):
            return file.relative_to(self.project).as_posix()
        if file.is_relative_to(self.ws_root):
            return file.relative_to(self.ws_root).as_posix()
        return None

    def tree_of(self, file: Path) -> tuple[Tree, str] | None:
        """The tree (brick or project) a file is copied with by the incumbent, and its path
        inside it; None for a file outside both (a root readme, an include from elsewhere)."""
        text = str(file)
        for prefix, tree in self._prefixes():  # the deepest first
            if text.startswith(prefix) or text == prefix[:-1]:
                inner = text[len(prefix) :] or "."
                return tree, inner if os.sep == "/" else inner.replace(os.sep, "/")
        return None

    def _prefixes(self) -> list[tuple[str, Tree]]:
        if not self._by_depth:
            found = [(os.path.join(str(t.source), ""), t) for t in self.trees]
            self._by_depth = sorted(found, key=lambda item: -len(item[1].source.parts))
        return self._by_depth

    def _cached_glob(self, root: Path, pattern: str) -> list[Path]:
        key = (root, pattern)
        if key not in self.globs:
            self.globs[key] = _glob(root, pattern, f"{self.shown}: pattern {pattern!r}")
        return self.globs[key]

    def select(self, pattern: str) -> dict[str, Path]:
        """The files `pattern` names: staged path -> file on disk."""
        found: dict[str, Path] = {}

        def add(files: Iterable[Path]) -> None:
            for file in files:
                where = self.tree_of(file)
                if where is not None and excluded_by_name(where[1], COPY_SKIPS):
                    continue  # a virtualenv, node_modules...: never in the incumbent's stage
                staged = self.staged_path(file)
                # a file reached through a symlink out of the workspace is never added
                if staged is not None and file.resolve().is_relative_to(self.ws_root.resolve()):
                    found.setdefault(staged, file)

        if _escapes(pattern, self.project):
            target = Path(os.path.normpath(self.project / pattern))
            relative = os.path.relpath(target, self.ws_root)
            if relative.startswith(".."):
                raise PolyError(
                    f"{self.shown}: pattern {pattern!r} points outside the workspace; only files "
                    f"inside {self.ws_root} can be built in."
                )
            for element in self._cached_glob(self.ws_root, relative):
                add(_files(element, element))
            return found
        for tree in self.trees:
            root = tree.glob_root
            rest = _past_prefix(pattern, tree.prefix)
            if root is None or rest is None:
                continue
            if tree.prefix and not rest:  # it names the top-namespace folder: all under it
                add(_files(tree.source, tree.source))
                continue
            for element in self._cached_glob(root, rest):
                if element.is_relative_to(tree.source):
                    add(_files(element, element))
                elif tree.layout and tree.source.is_relative_to(element):
                    add(_files(element, tree.source))  # a folder holding the whole brick
        return found


def _past_prefix(pattern: str, prefix: str) -> str | None:
    """What is left of `pattern` for the folder under `prefix` (`shop/acme/x/*.css` past
    `shop` is `acme/x/*.css`); None when the pattern cannot match under it. A leading `**`
    matches the prefix too, so it stays."""
    parts = pattern.split("/")
    for name in prefix.split("/") if prefix else []:
        if not parts or parts[0] == "**":
            return "/".join(parts)
        if not fnmatch.fnmatchcase(name, parts[0]):
            return None
        parts = parts[1:]
    return "/".join(parts)


def excluded_by_name(relative: str, patterns: Sequence[str]) -> bool:
    """Whether a file, by its path inside the folder the incumbent copies, has a part whose name
    an exclude pattern matches (the copy's `shutil.ignore_patterns`)."""
    parts = relative.split("/")
    return any(fnmatch.fnmatchcase(part, p) for part in parts for p in patterns)
