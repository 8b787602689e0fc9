"""Lock file changes: which distributions' locked versions differ between two commits, and
which bricks import them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from brickwork.changes.git import Git, show

if TYPE_CHECKING:
    from brickwork.imports import WorkspaceImports
    from brickwork.workspace import Workspace

LOCK_FILE = "poetry.lock"
#: Stands for "every distribution" when a lock file cannot be read on one side.
EVERY = "*"


def _versions(text: str | None, path: Path) -> dict[str, str] | None:
    """Distribution -> locked version(s); {} when there is no lock; None when unreadable."""
    if text is None:
        return {}
    from brickwork import libs  # only when a lock file changed

    try:
        lock = libs.parse_lock(text, path)
    except libs.LockError:
        return None
    return {name: lock.version(name) or "" for name in lock.names}


def changed_distributions(
    git: Git, base: str, prefix: str, root: Path, lock: str, *, working_tree: bool
) -> tuple[str, ...]:
    """The distributions whose locked version differs in the lock at workspace path `lock`
    between `base` and now (the disk, or HEAD); `("*",)` when either side is unreadable."""
    before = _versions(show(git, base, prefix + lock), root / lock)
    if working_tree:
        file = root / lock
        text = file.read_text(encoding="utf-8", errors="replace") if file.is_file() else None
    else:
        text = show(git, "HEAD", prefix + lock)
    after = _versions(text, root / lock)
    if before is None or after is None:
        return (EVERY,)
    return tuple(sorted(n for n in {*before, *after} if before.get(n) != after.get(n)))


def brick_distributions(
    ws: Workspace, ws_imports: WorkspaceImports
) -> Mapping[str, frozenset[str]]:
    """Brick -> the distributions its code imports at runtime (as `poly libs` maps them)."""
    from brickwork import libs  # only when a lock file changed

    report = libs.analyse(ws, ws_imports)
    return {b.brick: frozenset(b.libraries) for b in report.bricks}
