"""Build one wheel and sdist per project: stage it hermetically, build with poetry-core, pin
to the lock, rewrite under a top namespace, verify in a fresh venv."""

from __future__ import annotations

from brickwork.packaging.batch import Outcome, Step, build_many, build_one
from brickwork.packaging.content import check_artifacts, check_rewrite
from brickwork.packaging.core import (
    STAGE_PREFIX,
    build_project,
    build_stage,
    clean_artifacts,
    distribution_name,
    source_date_epoch,
    staged,
)
from brickwork.packaging.files import Listing, list_files, workspace_listing
from brickwork.packaging.model import (
    ALL_FORMATS,
    Artifact,
    BuildOptions,
    BuildResult,
    Format,
    Stage,
)
from brickwork.packaging.names import ArtifactNames, scan_names
from brickwork.packaging.pin import (
    Pin,
    Pins,
    find_lock,
    locked_pins,
    requirements_text,
)
from brickwork.packaging.pin_graph import Reached, reach_entries
from brickwork.packaging.rename import Renaming, check_rename, rename_entry_points, rename_module
from brickwork.packaging.rewrite import rewrite_source, rewrite_target
from brickwork.packaging.stage import stage_project
from brickwork.packaging.verify import (
    Probe,
    Verification,
    index_configured,
    verify_wheel,
    wheel_entry_points,
    wheel_modules,
)

__all__ = [
    "ALL_FORMATS",
    "STAGE_PREFIX",
    "Artifact",
    "ArtifactNames",
    "BuildOptions",
    "BuildResult",
    "Format",
    "Listing",
    "Outcome",
    "Pin",
    "Pins",
    "Probe",
    "Reached",
    "Renaming",
    "Stage",
    "Step",
    "Verification",
    "build_many",
    "build_one",
    "build_project",
    "build_stage",
    "check_artifacts",
    "check_rename",
    "check_rewrite",
    "clean_artifacts",
    "distribution_name",
    "find_lock",
    "index_configured",
    "list_files",
    "locked_pins",
    "reach_entries",
    "rename_entry_points",
    "rename_module",
    "requirements_text",
    "rewrite_source",
    "rewrite_target",
    "scan_names",
    "source_date_epoch",
    "stage_project",
    "staged",
    "verify_wheel",
    "wheel_entry_points",
    "wheel_modules",
    "workspace_listing",
]
