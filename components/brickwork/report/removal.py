"""`poly remove` as text and JSON: the plan (folders deleted, diffs of project files), who is
left importing or naming the brick, and the projects left without a base."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickwork.report.findings import plural
from brickwork.report.formats import document
from brickwork.report.plans import plan_diff

if TYPE_CHECKING:  # scaffold imports tomlkit: rendering must not
    from brickwork.pyproject import Change
    from brickwork.scaffold import Removal, User


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _where(root: Path, user: User) -> str:
    path = _relative(root, user.path)
    return f"{path}:{user.line}" if user.line else path


def user_line(root: Path, user: User) -> str:
    """`components/acme/greeting/core.py:1: brick greeting imports acme.log (required)`."""
    named = user.kind in ("entry point", "setting")
    verb = "names" if named else "imports"
    how = f"a {user.kind}" if user.kind == "setting" else user.kind
    how = "an entry point" if user.kind == "entry point" else how
    return f"{_where(root, user)}: {user.who} {verb} {user.names} ({how})"


def removal_lines(removal: Removal, *, dry_run: bool) -> list[str]:
    """The plan, printed before anything is done: one line per folder and project file, then
    the unified diff of each project file."""
    brick = removal.brick
    head = f"remove {brick.kind.value} {brick.name}" + (" (dry run)" if dry_run else "") + ":"
    out = [head]
    for folder in removal.folders:
        tracked = f", {len(folder.tracked)} tracked by git" if folder.tracked else ""
        out.append(f"  delete {folder.path}/ ({plural(folder.files, 'file')}{tracked})")
    out += [f"  update {change.path}" for change in removal.plan.changes]
    out += plan_diff(removal.plan.changes)
    return out


def users_lines(root: Path, users: Sequence[User]) -> list[str]:
    return [f"  {user_line(root, user)}" for user in users]


def removal_done(removal: Removal, written: Sequence[Change]) -> str:
    """`removed component log: deleted 2 folders (3 files), updated 2 project files, ...`."""
    brick = removal.brick
    parts = [
        f"deleted {plural(len(removal.folders), 'folder')} ({plural(removal.files, 'file')})",
        f"updated {plural(len(written), 'project file')}",
    ]
    if removal.tracked:
        parts.append(f"removed {plural(len(removal.tracked), 'file')} from the git index")
    return f"removed {brick.kind.value} {brick.name}: " + ", ".join(parts) + "."


def removal_data(
    removal: Removal,
    *,
    dry_run: bool,
    forced: bool,
    applied: bool,
    refused: Sequence[str],
    exit_code: int,
) -> dict[str, Any]:
    """The JSON document of `poly remove --output json` (schema `schemas/remove.json`)."""
    root = removal.plan.root
    changes = removal.plan.changes
    counts = {
        "folders": len(removal.folders),
        "files": removal.files,
        "changes": len(changes),
        "users": len(removal.users),
    }
    result = {
        "brick": removal.brick.name,
        "kind": removal.brick.kind.value,
        "dry_run": dry_run,
        "forced": forced,
        "applied": applied,
        "folders": [
            {"path": f.path, "files": f.files, "tracked": len(f.tracked)} for f in removal.folders
        ],
        "changes": [
            {"path": c.path, "action": "update", "written": applied, "diff": plan_diff([c])}
            for c in changes
        ],
        "users": [
            {
                "path": _relative(root, u.path),
                "line": u.line,
                "who": u.who,
                "names": u.names,
                "kind": u.kind,
            }
            for u in removal.users
        ],
        "uncommitted": list(removal.uncommitted),
        "projects_without_base": list(removal.no_base),
        "notes": list(removal.plan.notes),
        "refused": list(refused),
    }
    return document("remove", root, exit_code, counts, result)
