"""Applying a rename plan: folders moved (`git mv` where git tracks them, so the index
follows), then the changed files written in their own shape; all or nothing.

Before anything is written the plan is checked against the disk and git: a file it edits
must still hold the bytes it was planned from, and none of the paths it touches may hold
uncommitted changes (a rename mixed into unsaved work cannot be told apart from it).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from brickwork import changes, pyproject, workspace
from brickwork.scaffold.rename import Move, RenamePlan


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    """A git command in `root`, by the one git runner; None when git is not there."""
    try:
        done = changes.Git(root).run(*args, check=False)
    except changes.GitError:
        return None
    out = done.stdout.decode("utf-8", "surrogateescape")
    return subprocess.CompletedProcess(
        done.args, done.returncode, out, done.stderr.decode("utf-8", "replace")
    )


def in_repository(root: Path) -> bool:
    done = _git(root, "rev-parse", "--is-inside-work-tree")
    return done is not None and done.returncode == 0 and done.stdout.strip() == "true"


def _tracked(root: Path, folder: str) -> bool:
    done = _git(root, "ls-files", "-z", "--", folder)
    return done is not None and done.returncode == 0 and bool(done.stdout.strip("\0"))


def with_git(plan: RenamePlan) -> RenamePlan:
    """The plan, its moves marked `git mv` where git tracks files in the folder, after
    refusing (exit 1) when a path it touches holds uncommitted changes."""
    if not in_repository(plan.root):
        return plan
    done = _git(
        plan.root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=all", "--", "."
    )
    if done is None or done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git status failed"])[0] if done else ""
        raise workspace.PolyError(f"cannot read the git status of {plan.root}: {message}.")
    prefix = _repository_prefix(plan.root)
    entries = [e for e in done.stdout.split("\0") if len(e) > 3]
    # a changed tracked file anywhere the plan touches; an untracked one only where the plan
    # edits it (one it only moves goes along with its folder, as it is)
    edited = {e.path for e in plan.edits}
    hits = [
        path
        for entry in entries
        if (path := _entry_path(entry, prefix)) in edited
        or (not entry.startswith("??") and _inside(path, plan.touched))
    ]
    if hits:
        what = f"{hits[0]} has" if len(hits) == 1 else f"{hits[0]} and {len(hits) - 1} more have"
        raise workspace.PolyFailure(
            f"{what} uncommitted changes that the rename would touch; commit or stash them "
            "first. Nothing was written."
        )
    moves = tuple(
        replace(move, tracked=_tracked(plan.root, _before(move.source, plan.moves[:index])))
        for index, move in enumerate(plan.moves)
    )
    return replace(plan, moves=moves)


def _before(path: str, moves: Sequence[Move]) -> str:
    """Where `path` (named after `moves`) is before them."""
    for move in reversed(moves):
        if path == move.target or path.startswith(move.target + "/"):
            path = move.source + path[len(move.target) :]
    return path


def _inside(path: str, folders: Sequence[str]) -> bool:
    return any(path == f or path.startswith(f + "/") for f in folders)


def _repository_prefix(root: Path) -> str:
    done = _git(root, "rev-parse", "--show-prefix")
    return done.stdout.strip() if done is not None and done.returncode == 0 else ""


def _entry_path(entry: str, prefix: str) -> str:
    path = entry[3:]
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path


# -- apply -------------------------------------------------------------------------------------


def _move(root: Path, move: Move, back: bool = False) -> None:
    source, target = (move.target, move.source) if back else (move.source, move.target)
    (root / target).parent.mkdir(parents=True, exist_ok=True)
    if move.tracked:
        done = _git(root, "mv", "--", source, target)
        if done is None or done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["failed"])[-1] if done else "no git"
            raise workspace.PolyError(f"git mv {source} {target}: {reason}")
        return
    os.rename(root / source, root / target)


def _write(path: Path, data: bytes) -> None:
    """`data` into the file `path` in its own shape (link, mode, owner and group kept)."""
    pyproject.write_bytes(path, data)


def _settle(plan: RenamePlan) -> None:
    for edit in plan.edits:
        try:
            current = (plan.root / edit.path).read_bytes()
        except OSError:
            current = None
        if current != edit.before:
            raise workspace.PolyFailure(
                f"{edit.path} changed while planning; nothing was written. Run again."
            )
        if not pyproject.is_writable(plan.root / edit.path):
            raise workspace.PolyError(
                f"{edit.path} is read-only; nothing was written. Make it writable "
                "(chmod u+w) to let brickwork change it."
            )


def _created_dirs(root: Path, moves: Sequence[Move]) -> list[Path]:
    created: list[Path] = []
    for move in moves:
        folder = (root / move.target).parent
        while folder != root and not folder.exists() and folder not in created:
            created.append(folder)
            folder = folder.parent
    return created


def _drop_empty_groups(root: Path, moves: Sequence[Move]) -> None:
    """Remove the folders a move left empty (the grouping folder `aws` of the last nested
    brick moved out of it); never a folder above a move's target. Moving back makes them
    again."""
    keep = {root, *(p for m in moves for p in (root / m.target).parents)}
    for move in moves:
        folder = (root / move.source).parent
        while folder not in keep and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def apply_rename(plan: RenamePlan) -> None:
    """Make the moves, then write the edits, under the workspace's write lock; if any step
    fails, undo the steps made (files get their bytes back, folders their place) and raise a
    `PolyFailure`."""
    with pyproject.workspace_lock(plan.root):
        _apply(plan)


def _apply(plan: RenamePlan) -> None:
    _settle(plan)
    created = _created_dirs(plan.root, plan.moves)
    moved: list[Move] = []
    written: list[tuple[Path, bytes]] = []
    try:
        for move in plan.moves:
            _move(plan.root, move)
            moved.append(move)
        _drop_empty_groups(plan.root, plan.moves)
        for edit in plan.edits:
            target = plan.root / edit.target
            _write(target, edit.after)
            written.append((target, edit.before))
    except (OSError, workspace.PolyError) as err:
        for target, before in reversed(written):
            with contextlib.suppress(OSError):
                _write(target, before)
        for move in reversed(moved):
            with contextlib.suppress(OSError, workspace.PolyError):
                _move(plan.root, move, back=True)
        for folder in sorted(created, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise workspace.PolyFailure(
            f"rename of {plan.old} failed ({reason}); every change was undone."
        ) from err
