"""Plans: the files a write command creates or updates, computed first, applied after.

`snapshot` reads what a planner needs to know of the disk (the only reads); planners are
pure functions from a `Disk` to a `Plan`; `apply_plan` writes it, each file atomically.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from brickwork.pyproject.files import (
    is_writable,
    read_bytes,
    workspace_lock,
    write_atomic,
    write_bytes,
)
from brickwork.workspace import PolyError, PolyFailure


@dataclass(frozen=True)
class Disk:
    """What a planner knows of the disk under `root`: only the paths it asked about.

    `files` maps an existing file to its text; `dirs` maps an existing folder to whether it
    is empty. Paths are posix and relative to `root`.
    """

    root: Path
    asked: frozenset[str] = frozenset()
    files: Mapping[str, str] = field(default_factory=dict)
    dirs: Mapping[str, bool] = field(default_factory=dict)

    def _known(self, path: str) -> str:
        if path not in self.asked:
            raise KeyError(f"{path!r} was not read into this snapshot")
        return path

    def text(self, path: str) -> str | None:
        """The text of the file at `path`, None when there is no such file."""
        return self.files.get(self._known(path))

    def exists(self, path: str) -> bool:
        path = self._known(path)
        return path in self.files or path in self.dirs

    def is_empty_dir(self, path: str) -> bool:
        return self.dirs.get(self._known(path), False)


def snapshot(root: Path, paths: Iterable[str]) -> Disk:
    """Read the files and folders at `paths` (relative to `root`) into a `Disk`."""
    files: dict[str, str] = {}
    dirs: dict[str, bool] = {}
    asked = frozenset(paths)
    for path in asked:
        full = root / path
        try:
            if full.is_dir():
                dirs[path] = next(os.scandir(full), None) is None
            elif full.exists():
                files[path] = full.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise PolyError(f"{full}: cannot read ({err}).") from err
    return Disk(root=root, asked=asked, files=files, dirs=dirs)


class ChangeKind(str, enum.Enum):
    CREATE = "create"
    UPDATE = "update"

    @property
    def done(self) -> str:
        return "created" if self is ChangeKind.CREATE else "updated"


@dataclass(frozen=True)
class Change:
    """One file the plan writes: `path` is relative to the plan's root (posix)."""

    path: str
    content: str
    kind: ChangeKind = ChangeKind.CREATE
    before: str | None = None
    """The text the file had when planned (updates only): it must still have it, unless
    `redo` can make the change again on the text it has now."""
    redo: Callable[[str], str] | None = field(default=None, compare=False, repr=False)
    """The edit that made `content` from `before` (updates only); applied again, under the
    workspace lock, when another command changed the file since planning."""
    needs: tuple[str, ...] = ()
    """Paths (relative to the plan's root) the new content names, which must still exist
    when it is written: the folder of a brick an include is added for."""

    def describe(self, dry_run: bool = False) -> str:
        """`created x` once applied; `would create x` in a dry run."""
        return (
            f"would {self.kind.value} {self.path}" if dry_run else f"{self.kind.done} {self.path}"
        )

    def diff(self) -> list[str]:
        """The unified diff of an update (empty for a new file)."""
        if self.before is None:
            return []
        return list(
            difflib.unified_diff(
                self.before.splitlines(),
                self.content.splitlines(),
                f"a/{self.path}",
                f"b/{self.path}",
                n=1,
                lineterm="",
            )
        )


@dataclass(frozen=True)
class Plan:
    """Everything a write command will do, in order; `notes` are said but not done.
    `refused`: one line for each thing asked for that the plan does not write (what, where,
    what to add by hand); the command writes the rest and fails (exit 1)."""

    root: Path
    changes: tuple[Change, ...] = ()
    notes: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.changes

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(change.path for change in self.changes)


def change_to(
    disk: Disk, path: str, content: str, redo: Callable[[str], str] | None = None
) -> Change | None:
    """The change that makes the file at `path` hold `content`: a create when there is no such
    file, an update of the text `disk` read, None when it already holds it. `redo`: the edit
    that made `content` from that text (see `Change.redo`)."""
    before = disk.text(path)
    if before == content:
        return None
    if before is None:
        return Change(path, content)
    return Change(path, content, ChangeKind.UPDATE, before, redo)


def _current(target: Path) -> str | None:
    try:
        return target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _no_dangling_link(root: Path, path: str) -> None:
    """Refuse a new file at `path` when it, or a folder on its way, is a symbolic link to
    nothing: writing would create a file (or fail) wherever the link points."""
    here = root
    for part in PurePosixPath(path).parts:
        here = here / part
        if here.is_symlink() and not here.exists():
            name = here.relative_to(root).as_posix()
            raise PolyError(
                f"{name} is a symbolic link to {os.path.realpath(here)}, which does not exist, "
                "where a new file goes; nothing was written. Remove the link, or create its "
                "target, and run again."
            )


def settle_plan(plan: Plan) -> tuple[Change, ...]:
    """The changes as they apply to the disk now: refused when a new file appeared, an
    update redone when its file changed since planning (refused when it cannot be), and
    refused when a file to update is read-only. Call with the workspace lock held."""
    settled: list[Change] = []
    for change in plan.changes:
        target = plan.root / change.path
        if change.kind is ChangeKind.CREATE:
            _no_dangling_link(plan.root, change.path)
        if change.kind is ChangeKind.CREATE and (target.exists() or target.is_symlink()):
            raise PolyFailure(
                f"{change.path} appeared while planning; nothing was written. Run again."
            )
        gone = [need for need in change.needs if not (plan.root / need).exists()]
        if gone:
            raise PolyFailure(
                f"{gone[0]} vanished while planning ({change.path} would name it); nothing was "
                "written. Run again."
            )
        if change.kind is ChangeKind.UPDATE:
            current = _current(target)
            if current != change.before:
                if current is None or change.redo is None:
                    raise PolyFailure(
                        f"{change.path} changed while planning; nothing was written. Run again."
                    )
                change = replace(change, content=change.redo(current), before=current)
            if not is_writable(target):
                raise PolyError(
                    f"{change.path} is read-only; nothing was written. Make it writable "
                    "(chmod u+w) to let brickwork change it."
                )
        settled.append(change)
    return tuple(settled)


def _missing_parents(root: Path, path: str) -> list[Path]:
    missing: list[Path] = []
    folder = (root / path).parent
    while folder != root and not folder.exists() and root in folder.parents:
        missing.append(folder)
        folder = folder.parent
    return missing


def roll_back(
    plan: Plan, written: list[Change], originals: Mapping[str, bytes], new_dirs: list[Path]
) -> None:
    for change in reversed(written):
        target = plan.root / change.path
        with contextlib.suppress(OSError, PolyError):
            if change.kind is ChangeKind.CREATE:
                target.unlink()
            elif change.path in originals:
                write_bytes(target, originals[change.path])
    for folder in sorted(new_dirs, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()


def apply_plan(plan: Plan) -> tuple[Change, ...]:
    """Write every change of `plan`; returns the changes written (as written).

    One writer at a time per workspace: the checks and the writes run under the workspace
    lock. New files are never written over an existing file; an update applies to the text
    that was planned, or is made again on the current text when it carries its `redo`; a
    read-only file is never replaced, nor a new file written through a symbolic link to
    nothing. Each file is written in its own shape (see `write_atomic`). If a write fails,
    the files already written get back their exact bytes and the error is raised.
    """
    with workspace_lock(plan.root):
        changes = settle_plan(plan)
        new_dirs: list[Path] = []
        for change in changes:
            missing = _missing_parents(plan.root, change.path)
            new_dirs.extend(d for d in missing if d not in new_dirs)
        written: list[Change] = []
        originals: dict[str, bytes] = {}
        try:
            for change in changes:
                target = plan.root / change.path
                original = read_bytes(target) if change.kind is ChangeKind.UPDATE else None
                if original is not None:
                    originals[change.path] = original
                if write_atomic(target, change.content):
                    written.append(change)
        except PolyError:
            roll_back(plan, written, originals, new_dirs)
            raise
    return tuple(written)
