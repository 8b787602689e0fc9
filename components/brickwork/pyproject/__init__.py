"""Project files: tomlkit round-trips of brick includes and dependencies; plans and their
atomic apply."""

from __future__ import annotations

from brickwork.pyproject.deps import (
    add_dependency,
    declarable,
    declare,
    remove_dependency,
    uses_project_dependencies,
)
from brickwork.pyproject.edit import (
    add_brick,
    add_brick_include,
    add_polylith_brick,
    has_polylith_bricks,
    remove_brick,
    remove_brick_include,
    remove_polylith_brick,
    set_include_from,
)
from brickwork.pyproject.files import is_writable, workspace_lock, write_atomic, write_bytes
from brickwork.pyproject.folders import apply_removal
from brickwork.pyproject.plan import Change, ChangeKind, Disk, Plan, apply_plan, change_to, snapshot
from brickwork.pyproject.requirements import (
    Declaration,
    Unwritable,
    declaration_of,
    moved,
    rewritten,
)

__all__ = [
    "Change",
    "ChangeKind",
    "Declaration",
    "Disk",
    "Plan",
    "Unwritable",
    "add_brick",
    "add_brick_include",
    "add_dependency",
    "add_polylith_brick",
    "apply_plan",
    "apply_removal",
    "change_to",
    "declarable",
    "declaration_of",
    "declare",
    "has_polylith_bricks",
    "is_writable",
    "moved",
    "remove_brick",
    "remove_brick_include",
    "remove_dependency",
    "remove_polylith_brick",
    "rewritten",
    "set_include_from",
    "snapshot",
    "uses_project_dependencies",
    "workspace_lock",
    "write_atomic",
    "write_bytes",
]
