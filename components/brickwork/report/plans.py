"""Plans as text: what a write command did or would do, and the unified diff of each file."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickwork.report.formats import document

if TYPE_CHECKING:  # pyproject imports tomlkit: rendering a plan must not
    from brickwork.pyproject import Change, Plan


def _diff(change: Change, context: int) -> list[str]:
    before = change.before.splitlines(keepends=True) if change.before is not None else []
    after = change.content.splitlines(keepends=True)
    old = f"a/{change.path}" if change.before is not None else "/dev/null"
    lines = difflib.unified_diff(before, after, old, f"b/{change.path}", n=context)
    out: list[str] = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line[:-1])
        else:  # the last line of a file without a final newline
            out += [line, "\\ No newline at end of file"]
    return out


def plan_diff(changes: Iterable[Change], *, context: int = 3) -> list[str]:
    """A unified diff per file (`--- a/path` / `+++ b/path`; new files from `/dev/null`)."""
    out: list[str] = []
    for change in changes:
        out += _diff(change, context)
    return out


def plan_lines(plan: Plan, *, dry_run: bool) -> list[str]:
    """One line per file (`created x` / `would update x`); a dry run adds each update's hunks,
    indented, after its line."""
    out: list[str] = []
    for change in plan.changes:
        out.append(change.describe(dry_run=dry_run))
        if dry_run and change.before is not None:
            out += [f"    {line}" for line in _diff(change, 1)[2:]]
    return out


def plan_data(
    root: Path,
    changes: Sequence[Change],
    *,
    written: bool,
    dry_run: bool,
    check: bool,
    notes: Sequence[str] = (),
    refused: Sequence[str] = (),
    exit_code: int,
) -> dict[str, Any]:
    """The JSON document of `poly sync --output json` (schema `schemas/sync.json`): each file
    that changes (or would), with its unified diff; `written` when the changes were applied."""
    created = sum(c.before is None for c in changes)
    counts = {
        "changes": len(changes),
        "created": created,
        "updated": len(changes) - created,
        "refused": len(refused),
    }
    result = {
        "dry_run": dry_run,
        "check": check,
        "changes": [
            {
                "path": c.path,
                "action": "create" if c.before is None else "update",
                "written": written,
                "diff": _diff(c, 3),
            }
            for c in changes
        ],
        "notes": list(notes),
        "refused": list(refused),
    }
    return document("sync", root, exit_code, counts, result)
