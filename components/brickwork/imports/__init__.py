"""Fast import scanner: every import of every brick file with file:line, cached by content."""

from __future__ import annotations

from brickwork.imports.cache import cache_location
from brickwork.imports.collect import (
    module_name,
    python_files,
    same_scan,
    scan_file,
    scan_files,
    scan_workspace,
)
from brickwork.imports.model import (
    BrickImports,
    FileImports,
    Import,
    ImportContext,
    ImportSite,
    WorkspaceImports,
    suppresses,
)
from brickwork.imports.scan import SCANNER_VERSION, brick_of, imported_bricks, scan_source
from brickwork.imports.source import decode_source
from brickwork.workspace import single_threaded, usable_cpus  # shared with build

__all__ = [
    "SCANNER_VERSION",
    "BrickImports",
    "FileImports",
    "Import",
    "ImportContext",
    "ImportSite",
    "WorkspaceImports",
    "brick_of",
    "cache_location",
    "decode_source",
    "imported_bricks",
    "module_name",
    "python_files",
    "same_scan",
    "scan_file",
    "scan_files",
    "scan_source",
    "scan_workspace",
    "single_threaded",
    "suppresses",
    "usable_cpus",
]
