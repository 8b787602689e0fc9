"""Fast import scanner: every import of every brick file with file:line, cached by content."""

from __future__ import annotations

from brickwork.imports.model import (
    BrickImports,
    FileImports,
    Import,
    ImportContext,
    WorkspaceImports,
)

__all__ = ["BrickImports", "FileImports", "Import", "ImportContext", "WorkspaceImports"]
