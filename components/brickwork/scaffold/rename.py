"""`poly rename OLD NEW`: the plan of renaming a brick (pure but for reading the files it
names), keeping its kind.

A plan is the folders to move (code and tests, both themes) and every file whose bytes change:
each module that imports or names the brick (the token rewrite of `packaging.rename_module`, proved
before it is planned) and each project file whose includes, `[tool.polylith.bricks]` or script
targets name it. Nothing else is read for writing, nothing else is written.
"""

from __future__ import annotations

import difflib
import os
import posixpath
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import SingleKey, String

from brickwork import workspace
from brickwork.scaffold.core import check_brick_name
from brickwork.scaffold.remove import find_brick

if TYPE_CHECKING:  # build (poetry-core, the rewrite) is imported when a rename is planned
    from brickwork import packaging


@dataclass(frozen=True)
class Move:
    """A folder moved (paths relative to the workspace root, posix); `tracked`: git knows
    files in it, so `git mv` moves it and the index follows."""

    source: str
    target: str
    tracked: bool = False

    def describe(self, dry_run: bool = False) -> str:
        verb = "would move" if dry_run else "moved"
        return f"{verb} {self.source} -> {self.target}" + (" (git mv)" if self.tracked else "")


@dataclass(frozen=True)
class FileEdit:
    """A file whose bytes change: read at `path`, written at `target` (where the moves put
    it)."""

    path: str
    target: str
    before: bytes
    after: bytes

    def describe(self, dry_run: bool = False) -> str:
        return f"{'would update' if dry_run else 'updated'} {self.target}"

    def diff(self, context: int = 1) -> list[str]:
        return list(
            difflib.unified_diff(
                _text(self.before).splitlines(),
                _text(self.after).splitlines(),
                f"a/{self.path}",
                f"b/{self.target}",
                n=context,
                lineterm="",
            )
        )


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


@dataclass(frozen=True)
class RenamePlan:
    root: Path
    kind: workspace.BrickKind
    old: str
    new: str
    old_module: str
    new_module: str
    moves: tuple[Move, ...]
    edits: tuple[FileEdit, ...]

    @property
    def title(self) -> str:
        return (
            f"rename {self.kind.value} {self.old} -> {self.new} "
            f"({self.old_module} -> {self.new_module})"
        )

    @property
    def touched(self) -> tuple[str, ...]:
        """Every path the plan changes: the moved folders and the edited files."""
        return tuple(m.source for m in self.moves) + tuple(e.path for e in self.edits)


# -- names -------------------------------------------------------------------------------------


def check_rename(
    ws: workspace.Workspace, old: str, new: str, third_party: Collection[str]
) -> workspace.Brick:
    """The brick to rename; a `PolyError` (exit 2: bad input) or `PolyFailure` (exit 1: a
    conflict) when `old` cannot become `new`."""
    brick = ws.brick(old)
    if brick is None:  # unknown (did you mean), or named by its path: ask for its name
        named = find_brick(ws, old, done="renamed")
        raise workspace.PolyError(
            f"{old!r} names brick {named.name!r} by its path: give the brick's name "
            f"(`poetry poly rename {named.name} {new}`); nothing was renamed."
        )
    if old == new:
        raise workspace.PolyError(
            f"{old!r} would be renamed onto itself; give a new name. Nothing was written."
        )
    check_brick_name(new)
    if "/" in new and ws.config.theme is not workspace.Theme.LOOSE:
        raise workspace.PolyError(
            f"{new!r}: nested bricks (group/name) are a layout of the loose theme, and this "
            f"workspace's theme is {ws.config.theme.value}; pick a name without '/'."
        )
    existing = ws.brick(new) or ws.brick(new.partition("/")[0] if "/" in new else "")
    if existing is not None:
        raise workspace.PolyFailure(
            f"{new!r}: a {existing.kind.value} {existing.name} exists "
            f"({ws.relative(existing.path)}); pick another name. Nothing was written."
        )
    if new in ws.nested:
        raise workspace.PolyFailure(
            f"{new!r} is the grouping folder of nested bricks; pick another name. "
            "Nothing was written."
        )
    word = new.rpartition("/")[2]
    clash = "the standard library" if _stdlib(word) else None
    if clash is None and word in third_party:
        clash = "a library this workspace imports"
    if clash is not None:
        raise workspace.PolyFailure(
            f"{new!r} is also the name of a top-level module of {clash} ({word}): a brick "
            f"{ws.interface(new)} would be mistaken for it; pick another name. "
            "Nothing was written."
        )
    return brick


def _stdlib(word: str) -> bool:
    from brickwork.imports import is_stdlib

    return is_stdlib(word)


# -- moves -------------------------------------------------------------------------------------


def _rel(ws: workspace.Workspace, path: Path) -> str:
    return ws.relative(path)


def brick_moves(ws: workspace.Workspace, brick: workspace.Brick, new: str) -> list[Move]:
    """The folders to move, in order (later moves name paths after the earlier ones)."""
    kind, config = brick.kind, ws.config
    new_package = workspace.brick_package_path(ws.root, config, kind, new)
    new_tests = workspace.brick_test_path(ws.root, config, kind, new)
    moves: list[Move] = []
    if config.theme is workspace.Theme.LOOSE:
        moves.append(Move(_rel(ws, brick.path), _rel(ws, new_package)))
        if brick.test_path.is_dir():
            moves.append(Move(_rel(ws, brick.test_path), _rel(ws, new_tests)))
        return moves
    new_root = ws.root / kind.directory / new
    moves.append(Move(_rel(ws, brick.root), _rel(ws, new_root)))
    ns_path = config.namespace.replace(".", "/")
    inner = new_root / "src" / ns_path / brick.name
    moves.append(Move(_rel(ws, inner), _rel(ws, new_package)))
    old_tests = new_tests / ns_path / brick.name
    if (brick.test_path / ns_path / brick.name).is_dir():
        moves.append(Move(_rel(ws, old_tests), _rel(ws, new_tests / ns_path / new)))
    return moves


def moved_path(path: str, moves: Collection[Move]) -> str:
    """Where `path` is once `moves` are made."""
    for move in moves:
        if path == move.source or path.startswith(move.source + "/"):
            path = move.target + path[len(move.source) :]
    return path


# -- modules -----------------------------------------------------------------------------------


def _python_files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not workspace.is_ignored_dir(d))
        for name in sorted(files):
            if name.endswith((".py", ".pyi")):
                yield Path(folder) / name


def renaming(ws: workspace.Workspace, brick: workspace.Brick, new: str) -> packaging.Renaming:
    """The package rename of `brick` (its modules read from its folder)."""
    from brickwork import packaging

    old_module, new_module = ws.interface(brick.name), ws.interface(new)
    package_root = brick.path
    for _ in old_module.split("."):
        package_root = package_root.parent
    names = packaging.scan_names([package_root], [old_module.split(".")[0]])
    own = {m for m in names.modules if m == old_module or m.startswith(old_module + ".")}
    sources = {m: p for m, p in names.sources.items() if m in own}
    prefixes = {".".join(old_module.split(".")[:n]) for n in range(1, old_module.count(".") + 1)}
    return packaging.Renaming(
        old_module,
        new_module,
        packaging.ArtifactNames(names.tops, frozenset(own | prefixes), sources),
    )


def module_edits(
    ws: workspace.Workspace, rename: packaging.Renaming, moves: Collection[Move]
) -> list[FileEdit]:
    from brickwork import packaging

    edits: list[FileEdit] = []
    for path in _python_files(ws.root):
        where = _rel(ws, path)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise workspace.PolyError(f"{where}: cannot read ({err.strerror}).") from err
        after = packaging.rename_module(data, where, rename)
        if after is not None:
            edits.append(FileEdit(where, moved_path(where, moves), data, after))
    return edits


# -- project files -----------------------------------------------------------------------------


def _swap(text: str, old: str, new: str) -> str | None:
    """`text` (a posix path) with its tail `old` made `new`; None when it does not end so."""
    stripped = text.rstrip("/")
    if stripped == old:
        return new + text[len(stripped) :]
    if stripped.endswith("/" + old):
        return stripped[: -len(old)] + new + text[len(stripped) :]
    return None


def _same_kind(item: Any, value: str) -> Any:
    return String.from_raw(value, type_=item.type) if isinstance(item, String) else value


def _same_key(container: Any, old: str, new: str) -> Any:
    """A tomlkit key `new`, quoted as the key `old` of `container` is."""
    for key, _ in container.body:
        if isinstance(key, SingleKey) and key.key == old:
            return SingleKey(new, t=key.t)
    return new


def _under_root(ws: workspace.Workspace, project: workspace.Project, *parts: str) -> str | None:
    """A path of a project file, relative to the workspace root (posix); None outside it."""
    path = Path(os.path.normpath(project.path.joinpath(*parts)))
    try:
        return path.relative_to(ws.root).as_posix()
    except ValueError:
        return None


def _edit_includes(
    ws: workspace.Workspace, doc: Any, project: workspace.Project, plan: _Paths
) -> None:
    """Point the project's include of the brick (`packages`, `[tool.polylith.bricks]`) at its
    new folder, each string in its own quoting."""
    packages = doc.get("tool", {}).get("poetry", {}).get("packages")
    for entry in packages if isinstance(packages, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("include"), str):
            continue
        origin = str(entry.get("from", ""))
        if _under_root(ws, project, origin, str(entry["include"])) != plan.old_package:
            continue
        origin_rel = _under_root(ws, project, origin) or ""
        new_origin_rel = moved_path(origin_rel, plan.moves)
        if new_origin_rel != origin_rel:
            swapped = _swap(origin, origin_rel, new_origin_rel)
            if swapped is None:
                continue  # written in a form not understood: left alone, `check` names it
            entry["from"] = _same_kind(entry["from"], swapped)
        include = posixpath.relpath(plan.new_package, new_origin_rel or ".")
        entry["include"] = _same_kind(entry["include"], include)
    bricks: Any = doc.get("tool", {}).get("polylith", {}).get("bricks")
    if not isinstance(bricks, dict):
        return
    for key in list(bricks):
        if _under_root(ws, project, str(key)) != plan.old_package:
            continue
        new_key = _swap(str(key), plan.old_package, plan.new_package)
        value = bricks[key]
        if isinstance(value, str):
            swapped = _swap(str(value), plan.old_name, plan.new_name)
            value = _same_kind(value, swapped) if swapped is not None else value
        if new_key is not None:
            container: Any = getattr(bricks, "value", None)
            container._replace(key, _same_key(container, str(key), new_key), value)
        else:
            bricks[key] = value


@dataclass(frozen=True)
class _Paths:
    old_name: str
    new_name: str
    old_package: str
    new_package: str
    moves: tuple[Move, ...]


def project_edits(
    ws: workspace.Workspace,
    brick: workspace.Brick,
    new: str,
    rename: packaging.Renaming,
    moves: tuple[Move, ...],
) -> list[FileEdit]:
    """The project files (every project and the development project) that name the brick."""
    from brickwork import packaging

    paths = _Paths(
        brick.name, new, _rel(ws, brick.path), moved_path(_rel(ws, brick.path), moves), moves
    )
    edits: list[FileEdit] = []
    for project in ws.projects:
        where = _rel(ws, project.file)
        try:
            data = project.file.read_bytes()
            text = data.decode("utf-8")
            doc = tomlkit.parse(text)
        except (OSError, UnicodeDecodeError, TOMLKitError) as err:
            raise workspace.PolyError(f"{where}: cannot read it as TOML ({err}).") from err
        _edit_includes(ws, doc, project, paths)
        packaging.rename_entry_points(doc, rename)
        new_text = tomlkit.dumps(doc)
        if new_text != text:
            edits.append(FileEdit(where, moved_path(where, moves), data, new_text.encode("utf-8")))
    return edits


def plan_rename(
    ws: workspace.Workspace, old: str, new: str, third_party: Collection[str] = ()
) -> RenamePlan:
    """Everything `poly rename old new` changes, computed and proved before anything is
    written."""
    brick = check_rename(ws, old, new, third_party)
    moves = tuple(brick_moves(ws, brick, new))
    for move in moves:
        if (ws.root / move.target).exists() or (ws.root / move.target).is_symlink():
            raise workspace.PolyFailure(
                f"{move.target} exists; pick another name or move it away. Nothing was written."
            )
    rename = renaming(ws, brick, new)
    edits = module_edits(ws, rename, moves) + project_edits(ws, brick, new, rename, moves)
    return RenamePlan(
        ws.root,
        brick.kind,
        old,
        new,
        rename.old,
        rename.new,
        moves,
        tuple(sorted(edits, key=lambda e: e.path)),
    )
