"""What the import scanner finds: data only."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path


class ImportContext(str, enum.Enum):
    """Where an import runs, in one value: the class of the site (required, optional,
    guarded, type-only) and whether it runs later, inside a function (`lazy`).

    The classes, strongest first for a rule that asks "is it needed": type-only wins over
    everything (never runs); optional wins over guarded (the program runs without it);
    guarded over required. A `try` body counts as optional when one of its handlers catches
    `ImportError`, `ModuleNotFoundError`, `Exception`, `BaseException` (or is a bare
    `except:`, or a tuple holding one of them); `with suppress(ImportError):` too. Handler,
    `else` and `finally` bodies keep the context around the `try`. A body under an `if` (or
    its `elif` / `else`, or a `match` case) is guarded, but for `if TYPE_CHECKING:` (its body
    is type-only, its `else` keeps the context around it). See ADR 0023.
    """

    MODULE = "module"
    """Required: at module level (class bodies, loops, `with` and `finally` blocks
    included): needed when the module is imported."""
    LAZY = "lazy"
    """Required, inside a function or method body: needed when the function runs."""
    TYPE_CHECKING = "type_checking"
    """Inside `if TYPE_CHECKING:`: only for type checkers, never at runtime."""
    OPTIONAL = "optional"
    """At module level inside a `try` whose handler catches a failed import: the program
    runs without it."""
    OPTIONAL_LAZY = "optional_lazy"
    """Optional, inside a function."""
    GUARDED = "guarded"
    """At module level under an `if` (a version, platform or feature check): needed only
    when the guard holds."""
    GUARDED_LAZY = "guarded_lazy"
    """Guarded, inside a function (a branch of the function's code)."""

    @property
    def runtime(self) -> bool:
        """Whether it may run at all (everything but type-only)."""
        return self is not ImportContext.TYPE_CHECKING

    @property
    def required(self) -> bool:
        """Whether it runs whenever the code around it runs (module level or lazy)."""
        return self is ImportContext.MODULE or self is ImportContext.LAZY

    @property
    def optional(self) -> bool:
        """Inside a `try` that survives a failed import."""
        return self is ImportContext.OPTIONAL or self is ImportContext.OPTIONAL_LAZY

    @property
    def guarded(self) -> bool:
        """Under an `if` / `elif` / `else` / `match` branch (not `TYPE_CHECKING`)."""
        return self is ImportContext.GUARDED or self is ImportContext.GUARDED_LAZY

    @property
    def lazy(self) -> bool:
        """Inside a function body (at any depth)."""
        return self in _LAZY_CONTEXTS

    @property
    def kind(self) -> str:
        """The class alone: `required`, `optional`, `guarded` or `type-only`."""
        if self.required:
            return "required"
        if self is ImportContext.TYPE_CHECKING:
            return "type-only"
        return "optional" if self.optional else "guarded"

    def in_function(self) -> ImportContext:
        """The context of a function body defined here."""
        return _IN_FUNCTION[self]

    def in_branch(self) -> ImportContext:
        """The context of an `if` / `elif` / `else` / `match` branch here (not TYPE_CHECKING)."""
        return _IN_BRANCH[self]

    def in_try(self) -> ImportContext:
        """The context of a `try` body here whose handlers catch a failed import."""
        return _IN_TRY[self]


_C = ImportContext
_LAZY_CONTEXTS = frozenset({_C.LAZY, _C.OPTIONAL_LAZY, _C.GUARDED_LAZY})
_IN_FUNCTION = {
    _C.MODULE: _C.LAZY,
    _C.LAZY: _C.LAZY,
    _C.TYPE_CHECKING: _C.TYPE_CHECKING,
    _C.OPTIONAL: _C.OPTIONAL_LAZY,
    _C.OPTIONAL_LAZY: _C.OPTIONAL_LAZY,
    _C.GUARDED: _C.GUARDED_LAZY,
    _C.GUARDED_LAZY: _C.GUARDED_LAZY,
}
_IN_BRANCH = {
    _C.MODULE: _C.GUARDED,
    _C.LAZY: _C.GUARDED_LAZY,
    _C.TYPE_CHECKING: _C.TYPE_CHECKING,
    _C.OPTIONAL: _C.OPTIONAL,
    _C.OPTIONAL_LAZY: _C.OPTIONAL_LAZY,
    _C.GUARDED: _C.GUARDED,
    _C.GUARDED_LAZY: _C.GUARDED_LAZY,
}
_IN_TRY = {
    _C.MODULE: _C.OPTIONAL,
    _C.LAZY: _C.OPTIONAL_LAZY,
    _C.TYPE_CHECKING: _C.TYPE_CHECKING,
    _C.OPTIONAL: _C.OPTIONAL,
    _C.OPTIONAL_LAZY: _C.OPTIONAL_LAZY,
    _C.GUARDED: _C.OPTIONAL,
    _C.GUARDED_LAZY: _C.OPTIONAL_LAZY,
}


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
    unread_tests: tuple[str, ...] = ()
    """The module names of the test files of the bricks a scan of some projects' reach did
    not read (`scan_reach` lists them): names the workspace's own tests take."""
    parsed: int = field(default=0, compare=False)
    """How many files this scan parsed; the others were answered by the cache (`-v`)."""

    def files(self) -> Iterator[FileImports]:
        """Every file scanned: each brick's files and tests, then the development project's
        own files, then the deployables' own packages."""
        for scanned in self.bricks.values():
            yield from scanned.files
            yield from scanned.tests
        yield from self.development
        for files in self.projects.values():
            yield from files

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
        """May run when the program runs (any class but type-only)."""
        return self.context is not ImportContext.TYPE_CHECKING

    @property
    def required(self) -> bool:
        """Runs whenever the code around it runs: at module level, or lazily in a function."""
        return self.context.required

    @property
    def optional(self) -> bool:
        """Inside a `try` whose handler catches a failed import: the program runs without it."""
        return self.context.optional

    @property
    def guarded(self) -> bool:
        """Under an `if` / `else` branch (a version, platform or feature guard)."""
        return self.context.guarded

    @property
    def lazy(self) -> bool:
        """Inside a function body."""
        return self.context.lazy

    @property
    def where(self) -> str:
        """How the site is placed, for messages: `inside try/except ImportError`,
        `under an if guard`, `inside a function`, `at module level`, `under TYPE_CHECKING`."""
        context = self.context
        if context.optional:
            return "inside a try/except that survives a failed import"
        if context.guarded:
            return "under an if/else guard" + (" inside a function" if context.lazy else "")
        if context is ImportContext.TYPE_CHECKING:
            return "under TYPE_CHECKING"
        return "inside a function" if context.lazy else "at module level"

    def suppresses(self, code: str) -> bool:
        """Whether the line's `# poly: ignore` comment silences `code`."""
        return suppresses(self.ignored, code)
