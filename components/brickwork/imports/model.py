"""What the import scanner finds: data only."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class ImportContext(str, enum.Enum):
    MODULE = "module"
    """At module level (including inside try/except or if-blocks): needed at import time."""
    LAZY = "lazy"
    """Inside a function or method body: needed at runtime, later."""
    TYPE_CHECKING = "type_checking"
    """Inside `if TYPE_CHECKING:`: only for type checkers, never at runtime."""


@dataclass(frozen=True)
class Import:
    """One imported module, with where it is imported.

    `import a.b.c` -> module "a.b.c", names ().
    `from a.b import c, d` -> module "a.b", names ("c", "d").
    Relative imports are resolved: `from . import x` in `acme/y/core.py` -> module "acme.y",
    names ("x",). `from x import *` -> names ("*",).
    """

    module: str
    names: tuple[str, ...]
    line: int
    context: ImportContext = ImportContext.MODULE
    ignored: tuple[str, ...] = ()
    """Codes suppressed on this line with `# poly: ignore[CODE, ...]` (`("*",)` for a bare
    `# poly: ignore`)."""

    def candidates(self) -> tuple[str, ...]:
        """Every dotted name this import may refer to: the module, and module.name for each
        imported name (a `from` import can import submodules)."""
        if not self.names:
            return (self.module,)
        return (
            self.module,
            *(f"{self.module}.{n}" if self.module else n for n in self.names if n != "*"),
        )


@dataclass(frozen=True)
class FileImports:
    """The imports of one source file."""

    path: Path
    module: str
    """The file's own dotted module name (`acme.x.core`; a package's `__init__` is `acme.x`)."""
    imports: tuple[Import, ...]
    error: str | None = None
    """Set when the file's imports could not be recovered at all (then `imports` may be
    partial); a message a user can act on."""
    error_line: int | None = None


@dataclass(frozen=True)
class BrickImports:
    """All imports of one brick: its package files, and its tests separately."""

    brick: str
    files: tuple[FileImports, ...]
    tests: tuple[FileImports, ...] = ()


@dataclass(frozen=True)
class WorkspaceImports:
    """The scan of a whole workspace: per brick, plus the development project's own packages
    (includes of the root project that are not bricks, e.g. `development/`)."""

    bricks: Mapping[str, BrickImports]
    development: tuple[FileImports, ...] = ()
