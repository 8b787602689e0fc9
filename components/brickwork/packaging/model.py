"""What a build takes and gives: options, the stage, artifacts and results (plain data)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Format(str, enum.Enum):
    WHEEL = "wheel"
    SDIST = "sdist"


ALL_FORMATS = (Format.WHEEL, Format.SDIST)


@dataclass(frozen=True)
class BuildOptions:
    """How to build one project (the command line's choices, typed)."""

    formats: tuple[Format, ...] = ALL_FORMATS
    out_dir: Path | None = None
    """Where the artifacts go; None: `<project>/dist`."""
    clean: bool = False
    """Remove this project's old wheels and sdists from the output folder first."""
    top_namespace: str | None = None
    """`--with-top-namespace NS`: ship `acme.x` as `NS.acme.x` (imports rewritten)."""
    locked: bool = False
    """Pin every runtime requirement (transitive ones too) to the lock file's version."""
    requirements: bool = False
    """Write `requirements.txt` (pinned, with hashes from the lock) next to the artifacts."""
    temp_dir: Path | None = None
    """Where the stage is made; None: the system temp folder."""
    source_date_epoch: int | None = None
    """None: `SOURCE_DATE_EPOCH` from the environment, else the last commit's time."""
    allow_build_script: bool = False
    """Run the project's `[tool.poetry.build] script` (on a private copy of the stage); a
    project with one is refused otherwise (ADR 0022)."""


@dataclass(frozen=True)
class Stage:
    """A project laid out in a temp folder so that poetry-core can build it as it is."""

    root: Path
    files: tuple[str, ...]
    """Every staged file, relative to `root`, sorted (POSIX separators)."""
    packages: tuple[str, ...]
    """The top-level package names the wheel will hold (`acme`)."""
    notes: tuple[str, ...] = ()
    """What a user should know: skipped symlinks, untracked files left out."""


@dataclass(frozen=True)
class Artifact:
    path: Path
    format: Format
    size: int
    sha256: str


@dataclass(frozen=True)
class BuildResult:
    project: str
    artifacts: tuple[Artifact, ...]
    seconds: float
    notes: tuple[str, ...] = ()
    requirements: Path | None = None
    removed: tuple[Path, ...] = field(default_factory=tuple)
    """Old artifacts `clean` removed."""

    @property
    def wheel(self) -> Artifact | None:
        return next((a for a in self.artifacts if a.format is Format.WHEEL), None)
