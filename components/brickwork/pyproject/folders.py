"""A plan that also deletes folders, applied all or nothing (ADR 0027).

The folders are first moved aside (renamed within their own folder, so that nothing is
copied and the move cannot cross file systems), then the plan's files are written, then the
caller's `finish` runs (the git index); if any step fails, every file gets back its bytes,
every folder its name, and the error is raised. Only then are the moved-aside folders deleted.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from brickwork.pyproject.files import read_bytes, workspace_lock, write_atomic
from brickwork.pyproject.plan import Change, ChangeKind, Plan, roll_back, settle_plan
from brickwork.workspace import PolyError, PolyFailure


def _blocked(root: Path, folder: str) -> None:
    """Refuse a folder that cannot be deleted whole: its parent, or a folder inside it, is
    read-only (a delete would stop half-way there)."""
    path = root / folder
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise PolyError(
            f"{path.parent.relative_to(root).as_posix()} is read-only; nothing was removed. "
            "Make it writable (chmod u+w) and run again."
        )
    if path.is_symlink() or not path.is_dir():
        return
    for here, _, _ in os.walk(path):
        if not os.access(here, os.W_OK | os.X_OK):
            name = Path(here).relative_to(root).as_posix()
            raise PolyError(
                f"{name} is read-only, so it cannot be deleted; nothing was removed. "
                f"Make it writable (chmod -R u+w {folder}) and run again."
            )


def _aside(path: Path) -> Path:
    return path.with_name(f".{path.name}.removing-{secrets.token_hex(4)}")


def _delete(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink()
    else:
        shutil.rmtree(path)


def apply_removal(
    plan: Plan, folders: Sequence[str], finish: Callable[[], None] | None = None
) -> tuple[Change, ...]:
    """Delete `folders` (relative to the plan's root) and write `plan`, under the workspace
    lock, all or nothing: see the module. A symbolic link among the folders is removed, never
    what it points at. Returns the changes written."""
    root = plan.root
    with workspace_lock(root):
        changes = settle_plan(plan)
        for folder in folders:
            if not os.path.lexists(root / folder):
                raise PolyFailure(f"{folder} vanished while planning; nothing was removed.")
            _blocked(root, folder)
        moved: list[tuple[Path, Path]] = []
        written: list[Change] = []
        originals: dict[str, bytes] = {}
        try:
            for folder in folders:
                path = root / folder
                aside = _aside(path)
                try:
                    os.rename(path, aside)
                except OSError as err:
                    raise PolyError(
                        f"{folder}: cannot remove ({err.strerror}); nothing was removed."
                    ) from err
                moved.append((path, aside))
            for change in changes:
                target = root / change.path
                original = read_bytes(target) if change.kind is ChangeKind.UPDATE else None
                if original is not None:
                    originals[change.path] = original
                if write_atomic(target, change.content):
                    written.append(change)
            if finish is not None:
                finish()
        except BaseException:
            roll_back(plan, written, originals, [])
            for path, aside in reversed(moved):
                with contextlib.suppress(OSError):
                    os.rename(aside, path)
            raise
        for path, aside in moved:
            try:
                _delete(aside)
            except OSError as err:
                name = aside.relative_to(root).as_posix()
                raise PolyFailure(
                    f"removed {path.relative_to(root).as_posix()}, but its moved-aside copy "
                    f"{name} could not be deleted ({err.strerror}); delete it by hand."
                ) from err
    return tuple(written)
