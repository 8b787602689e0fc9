"""The workspace model: find the root, read config and every project file, once."""

from __future__ import annotations

from brickwork.workspace.collect import (
    brick_package_path,
    brick_test_path,
    is_ignored_dir,
    load,
    read_project,
)
from brickwork.workspace.config import find_root, is_valid_namespace, load_config, read_toml
from brickwork.workspace.errors import (
    EXIT_CANNOT_RUN,
    EXIT_FAILURE,
    EXIT_OK,
    PolyError,
    PolyFailure,
)
from brickwork.workspace.model import (
    Brick,
    BrickKind,
    Config,
    Dependency,
    Finding,
    Include,
    Project,
    Severity,
    Theme,
    Workspace,
)
from brickwork.workspace.select import DEVELOPMENT, find_project, scope_size, select_projects

__all__ = [
    "DEVELOPMENT",
    "EXIT_CANNOT_RUN",
    "EXIT_FAILURE",
    "EXIT_OK",
    "Brick",
    "BrickKind",
    "Config",
    "Dependency",
    "Finding",
    "Include",
    "PolyError",
    "PolyFailure",
    "Project",
    "Severity",
    "Theme",
    "Workspace",
    "brick_package_path",
    "brick_test_path",
    "find_project",
    "find_root",
    "is_ignored_dir",
    "is_valid_namespace",
    "load",
    "load_config",
    "read_project",
    "read_toml",
    "scope_size",
    "select_projects",
]
