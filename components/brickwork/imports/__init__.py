"""Fast import scanner: every import of every brick file with file:line, cached by content."""

from __future__ import annotations

from brickwork.imports.cache import cache_location
from brickwork.imports.collect import (
    same_scan,
    scan_file,
    scan_files,
    scan_partly,
    scan_reach,
    scan_workspace,
)
from brickwork.imports.listing import module_name, python_files
from brickwork.imports.model import (
    BrickImports,
    FileImports,
    Import,
    ImportContext,
    ImportSite,
    WorkspaceImports,
    suppresses,
)
from brickwork.imports.patterns import (
    ALL,
    COPY_SKIPS,
    Entry,
    Selector,
    Tree,
    excluded_by_name,
    read_entries,
)
from brickwork.imports.scan import SCANNER_VERSION, brick_of, imported_bricks, scan_source
from brickwork.imports.shipped import (
    DEVELOPER_ONLY,
    developer_only,
    excludes_files,
    imported_by_code,
    project_trees,
    shipped_scan,
    wheel_leaves_out,
)
from brickwork.imports.source import decode_source, ignore_map
from brickwork.imports.stdlib import is_stdlib

__all__ = [
    "ALL",
    "COPY_SKIPS",
    "DEVELOPER_ONLY",
    "SCANNER_VERSION",
    "BrickImports",
    "Entry",
    "FileImports",
    "Import",
    "ImportContext",
    "ImportSite",
    "Selector",
    "Tree",
    "WorkspaceImports",
    "brick_of",
    "cache_location",
    "decode_source",
    "developer_only",
    "excluded_by_name",
    "excludes_files",
    "ignore_map",
    "imported_bricks",
    "imported_by_code",
    "is_stdlib",
    "module_name",
    "project_trees",
    "python_files",
    "read_entries",
    "same_scan",
    "scan_file",
    "scan_files",
    "scan_partly",
    "scan_reach",
    "scan_source",
    "scan_workspace",
    "shipped_scan",
    "suppresses",
    "wheel_leaves_out",
]
