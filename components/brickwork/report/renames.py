"""`poly rename`: the plan as text (moves, then the unified diff of every file) and as the
JSON document of `schemas/rename.json`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from brickwork.report.findings import plural
from brickwork.report.formats import document

if TYPE_CHECKING:  # scaffold imports tomlkit: rendering must not
    from brickwork.scaffold import RenamePlan


def rename_lines(plan: RenamePlan, *, dry_run: bool) -> list[str]:
    """The plan, printed before it is applied: the title, each move, each file to update;
    with `dry_run`, the whole unified diff of every file."""
    lines = [plan.title + ":"]
    lines += [f"  {move.describe(dry_run=True)}" for move in plan.moves]
    if not dry_run:
        lines += [f"  {edit.describe(dry_run=True)}" for edit in plan.edits]
        return lines
    for edit in plan.edits:
        lines += edit.diff()
    return lines


def rename_done(plan: RenamePlan) -> str:
    folders = plural(len(plan.moves), "folder")
    files = plural(len(plan.edits), "file")
    return f"renamed {plan.kind.value} {plan.old} to {plan.new}: {folders} moved, {files} updated."


def rename_data(plan: RenamePlan, *, dry_run: bool, applied: bool, exit_code: int) -> Any:
    """The JSON document of `poly rename --output json`."""
    counts = {"moves": len(plan.moves), "files": len(plan.edits)}
    result = {
        **_names(plan.kind.value, plan.old, plan.new, plan.old_module, plan.new_module),
        "dry_run": dry_run,
        "applied": applied,
        "refused": None,
        "moves": [
            {"from": m.source, "to": m.target, "git": m.tracked, "done": applied}
            for m in plan.moves
        ],
        "files": [
            {"path": e.path, "to": e.target, "diff": e.diff(3), "written": applied}
            for e in plan.edits
        ],
    }
    return document("rename", plan.root, exit_code, counts, result)


def _names(kind: str, old: str, new: str, old_module: str, new_module: str) -> dict[str, str]:
    return {
        "kind": kind,
        "old": old,
        "new": new,
        "old_module": old_module,
        "new_module": new_module,
    }


def rename_refusal(
    root: Path, names: tuple[str, str, str, str, str], *, dry_run: bool, message: str
) -> Any:
    """The JSON document of a rename refused (exit 1): `names` are (kind, old, new, old
    module, new module); nothing moved, nothing written."""
    result = {
        **_names(*names),
        "dry_run": dry_run,
        "applied": False,
        "refused": message,
        "moves": [],
        "files": [],
    }
    return document("rename", root, 1, {"moves": 0, "files": 0}, result)
