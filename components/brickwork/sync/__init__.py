"""Sync project files with the code: the bricks (and libraries) each project needs."""

from __future__ import annotations

from brickwork.sync.core import Library, ProjectChanges, after, brick_changes, brick_include
from brickwork.sync.plan import edit_project, library_changes, plan_sync, sync_paths

__all__ = [
    "Library",
    "ProjectChanges",
    "after",
    "brick_changes",
    "brick_include",
    "edit_project",
    "library_changes",
    "plan_sync",
    "sync_paths",
]
