"""The workspace model: find the root, read config and every project file, once."""

from __future__ import annotations

from brickwork.workspace import codes
from brickwork.workspace.codes import CODES, Code, default_severity
from brickwork.workspace.collect import (
    brick_package_path,
    brick_test_path,
    is_ignored_dir,
    load,
    project_environment,
    walkable,
)
from brickwork.workspace.config import (
    cache_folder,
    find_root,
    is_valid_namespace,
    load_config,
    parse_toml,
    read_toml,
)
from brickwork.workspace.dependencies import (
    canonical_name,
    ignored_dependencies,
    runtime_dependencies_in_project,
)
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
    Listing,
    Project,
    Severity,
    Theme,
    Workspace,
)
from brickwork.workspace.select import DEVELOPMENT, find_project, scope_size, select_projects
from brickwork.workspace.settings import Settings, brickwork_settings, polylith_settings

__all__ = [
    "CODES",
    "DEVELOPMENT",
    "EXIT_CANNOT_RUN",
    "EXIT_FAILURE",
    "EXIT_OK",
    "Brick",
    "BrickKind",
    "Code",
    "Config",
    "Dependency",
    "Finding",
    "Include",
    "Listing",
    "PolyError",
    "PolyFailure",
    "Project",
    "Settings",
    "Severity",
    "Theme",
    "Workspace",
    "brick_package_path",
    "brick_test_path",
    "brickwork_settings",
    "cache_folder",
    "canonical_name",
    "codes",
    "default_severity",
    "find_project",
    "find_root",
    "ignored_dependencies",
    "is_ignored_dir",
    "is_valid_namespace",
    "load",
    "load_config",
    "parse_toml",
    "polylith_settings",
    "project_environment",
    "read_toml",
    "runtime_dependencies_in_project",
    "scope_size",
    "select_projects",
    "walkable",
]
