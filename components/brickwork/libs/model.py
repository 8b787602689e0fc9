"""What the library analysis finds: data only."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from brickwork import workspace
from brickwork.imports import ImportSite


class LibraryStatus(str, enum.Enum):
    OK = "ok"
    """Declared and imported."""
    MISSING = "missing"
    """Imported, not declared, not installed along with anything declared (BW201)."""
    TRANSITIVE = "transitive"
    """Imported, not declared, installed only through a declared dependency (BW202)."""
    UNUSED = "unused"
    """Declared, imported by none of the project's bricks (BW203)."""
    RUNTIME_ONLY = "runtime-only"
    """Declared, not imported, allow-listed as needed at runtime only."""
    OPTIONAL = "optional"
    """Declared as an extra (optional): never reported."""
    TOOL = "tool"
    """Declared by the development project, not imported: a tool (never reported)."""
    TYPE_CHECKING = "type-checking"
    """Not declared, imported only under `if TYPE_CHECKING:`: not needed at runtime."""
    OPTIONAL_IMPORT = "optional-import"
    """Not declared, imported only inside a `try` whose handler catches a failed import
    (`try: import psutil / except ImportError`): the program runs without it. A note in
    `libs`, never BW201 / BW202 (ADR 0023)."""
    CONDITIONAL = "conditional"
    """Not declared nor brought by a declared one, imported only under a guard
    (`if sys.version_info < ...`, `if not on_rtd:`) or lazily inside functions (an optional
    feature), never at module level: BW201 as a warning that says why (ADR 0023)."""
    TEST_ONLY = "test-only"
    """Not declared by the development project (in any group) nor brought by a declared one,
    imported only by tests (the theme's test folders, a brick's developer-only files): tests
    are development code, so BW201 as a warning that says to add it to a dev group."""
    IGNORED = "ignored"
    """Missing or transitive, with every import marked `# poly: ignore[...]`."""
    WORKSPACE = "workspace"
    """Declared, and built from another project of this workspace: its bricks come with it."""
    UNKNOWN = "unknown"
    """Declared, not matched to an import, while the project imports names whose distribution
    is unknown and nothing says what this one provides: perhaps it is theirs (not reported)."""
    COMPANION = "companion"
    """Declared, not imported, needed by a feature of another library that the code uses
    (python-multipart for FastAPI forms): `via` names that library."""
    PINNED = "pinned"
    """Declared, not imported, required by another declared dependency in the lock: a pin
    (a note, not BW203); `via` names the dependencies that require it."""
    ASSUMED = "assumed-runtime-only"
    """Declared, not imported, on the built-in list of servers and drivers, with nothing that
    shows it is used (BW203 as a warning that says so; `sync --prune` keeps it)."""
    UNMAPPED = "unmapped"
    """Imported, no evidence names its distribution, and a distribution the project declares
    and locks, whose modules nothing lists, may provide it (BW205, a warning): `candidates`
    names those."""


@dataclass(frozen=True)
class ProjectLibrary:
    """One library of one project: declared, imported, or both."""

    name: str
    """Canonical distribution name."""
    status: LibraryStatus
    declared: bool
    constraint: str = ""
    markers: str = ""
    """Environment markers of the declaration (`python_version < '3.11'`), as written."""
    locked: str | None = None
    imports: tuple[ImportSite, ...] = ()
    """Its runtime import sites (required, lazy, guarded or optional: `ImportSite.context`),
    in file order."""
    type_checking: tuple[ImportSite, ...] = ()
    """Imports under `if TYPE_CHECKING:` only (they do not make it needed)."""
    import_names: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    """Every distribution that provides the imports (for a missing library: pick one)."""
    guessed: bool = False
    """True when nothing maps the import: the name is the import's own name."""
    via: tuple[str, ...] = ()
    """For a transitive library: the declared dependencies that bring it in."""
    source: str = ""
    """Which evidence named the distribution of its imports (a `mapping.Source` value)."""
    reason: str = ""
    """Why a declared library that nothing imports is not unused (companion, pin, settings,
    assumed), in words."""


@dataclass(frozen=True)
class ProjectLibraries:
    project: workspace.Project
    lock: Path | None
    environment: Path | None
    libraries: tuple[ProjectLibrary, ...]

    def with_status(self, *statuses: LibraryStatus) -> tuple[str, ...]:
        return tuple(lib.name for lib in self.libraries if lib.status in statuses)

    @property
    def declared(self) -> tuple[str, ...]:
        return tuple(lib.name for lib in self.libraries if lib.declared)

    @property
    def used(self) -> tuple[str, ...]:
        return tuple(lib.name for lib in self.libraries if lib.imports)

    @property
    def missing(self) -> tuple[str, ...]:
        return self.with_status(LibraryStatus.MISSING)

    @property
    def transitive(self) -> tuple[str, ...]:
        return self.with_status(LibraryStatus.TRANSITIVE)

    @property
    def unused(self) -> tuple[str, ...]:
        return self.with_status(LibraryStatus.UNUSED)


@dataclass(frozen=True)
class BrickLibraries:
    brick: str
    kind: workspace.BrickKind
    libraries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Distribution -> the names the brick imports from it (runtime imports of its files)."""


@dataclass(frozen=True)
class VersionEntry:
    project: str
    constraint: str
    locked: str | None


@dataclass(frozen=True)
class LibraryVersions:
    name: str
    entries: tuple[VersionEntry, ...]
    differs: bool


@dataclass(frozen=True)
class LibsReport:
    bricks: tuple[BrickLibraries, ...]
    projects: tuple[ProjectLibraries, ...]
    versions: tuple[LibraryVersions, ...]
    findings: tuple[workspace.Finding, ...]
    notes: tuple[str, ...] = ()
    """Inputs that could not be used (broken lock, unreadable metadata), one line each."""
