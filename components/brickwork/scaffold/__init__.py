"""Create workspaces, components, bases and projects (both themes) as plans, then apply them."""

from __future__ import annotations

from brickwork.pyproject import Change, ChangeKind, Disk, Plan, apply_plan, snapshot
from brickwork.scaffold.core import (
    brick_include,
    brick_paths,
    check_brick_name,
    check_namespace,
    check_project_name,
    plan_brick,
    plan_project,
    plan_workspace,
    project_paths,
    python_requirement,
    resolve_bases,
    workspace_paths,
)
from brickwork.scaffold.gitpaths import drop_from_index
from brickwork.scaffold.moves import apply_rename, with_git
from brickwork.scaffold.remove import (
    Folder,
    Removal,
    User,
    find_brick,
    plan_removal,
)
from brickwork.scaffold.rename import FileEdit, Move, RenamePlan, check_rename, plan_rename
from brickwork.scaffold.scripts import check_scripts, parse_scripts

__all__ = [
    "Change",
    "ChangeKind",
    "Disk",
    "FileEdit",
    "Folder",
    "Move",
    "Plan",
    "Removal",
    "RenamePlan",
    "User",
    "apply_plan",
    "apply_rename",
    "brick_include",
    "brick_paths",
    "check_brick_name",
    "check_namespace",
    "check_project_name",
    "check_rename",
    "check_scripts",
    "drop_from_index",
    "find_brick",
    "parse_scripts",
    "plan_brick",
    "plan_project",
    "plan_removal",
    "plan_rename",
    "plan_workspace",
    "project_paths",
    "python_requirement",
    "resolve_bases",
    "snapshot",
    "with_git",
    "workspace_paths",
]
