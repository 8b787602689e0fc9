"""What the import scanner finds: data only."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


class ImportContext(str, enum.Enum):
    MODULE = "module"
    """At module level (including inside try/except or if-blocks): needed at import time."""
    LAZY = "lazy"
    """Inside a function or method body: needed at runtime, later."""
    TYPE_CHECKING = "type_checking"
    """Inside `if TYPE_CHECKING:`: only for type checkers, never at runtime."""


def suppresses(ignored: tuple[str, ...], code: str) -> bool:
    """Whether the codes of a `# poly: ignore[...]` comment (`ignored`) silence `code`."""
    return "*" in ignored or code in ignored


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

    def suppresses(self, code: str) -> bool:
        """Whether the line's `# poly: ignore` comment silences `code`."""
        return suppresses(self.ignored, code)

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
    projects: Mapping[str, tuple[FileImports, ...]] = field(default_factory=dict)
    """Project name -> the files of its own packages that are not bricks
    (`{ include = "helpers", from = "." }`), scanned like bricks (deployables only: the
    development project's are `development`)."""
    parsed: int = field(default=0, compare=False)
    """How many files this scan parsed; the others were answered by the cache (`-v`)."""

    @property
    def file_count(self) -> int:
        """How many files were scanned: the bricks' files and tests, the development and
        project packages."""
        files = sum(len(b.files) + len(b.tests) for b in self.bricks.values())
        return files + len(self.development) + sum(len(f) for f in self.projects.values())


@dataclass(frozen=True)
class ImportSite:
    """Where a brick (or a test or development file) imports one name: another brick's
    (`acme.x.core`) or a third-party one (`PIL.Image`)."""

    path: Path
    line: int
    context: ImportContext
    module: str
    """The dotted name imported."""
    ignored: tuple[str, ...] = ()
    """Codes suppressed on the line (`("*",)`: all)."""
    brick: str = ""
    """The importing brick's name; empty for development files."""
    test: bool = False
    """Whether the importing file is one of the brick's tests."""

    @property
    def runtime(self) -> bool:
        """Needed when the program runs (module level or lazy), not only by type checkers."""
        return self.context is not ImportContext.TYPE_CHECKING

    def suppresses(self, code: str) -> bool:
        """Whether the line's `# poly: ignore` comment silences `code`."""
        return suppresses(self.ignored, code)
