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
from brickwork.scaffold.scripts import check_scripts, parse_scripts

__all__ = [
    "Change",
    "ChangeKind",
    "Disk",
    "Plan",
    "apply_plan",
    "brick_include",
    "brick_paths",
    "check_brick_name",
    "check_namespace",
    "check_project_name",
    "check_scripts",
    "parse_scripts",
    "plan_brick",
    "plan_project",
    "plan_workspace",
    "project_paths",
    "python_requirement",
    "resolve_bases",
    "snapshot",
    "workspace_paths",
]
