"""The workspace model: immutable data read once from disk by `load`."""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any


class Theme(str, enum.Enum):
    LOOSE = "loose"
    TDD = "tdd"


class BrickKind(str, enum.Enum):
    COMPONENT = "component"
    BASE = "base"

    @property
    def directory(self) -> str:
        """The top-level workspace folder of this kind of brick."""
        return "components" if self is BrickKind.COMPONENT else "bases"


@dataclass(frozen=True)
class Config:
    """The `[tool.polylith]` settings of a workspace."""

    namespace: str
    theme: Theme = Theme.LOOSE
    git_tag_pattern: str = "stable-*"
    tag_patterns: Mapping[str, str] = field(default_factory=dict)
    tag_sorting: tuple[str, ...] = ("-committerdate",)
    test_enabled: bool = True
    brick_docs_enabled: bool = False
    project_aliases: Mapping[str, str] = field(default_factory=dict)
    project_groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: Path = Path("workspace.toml")
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The whole `[tool.polylith]` table."""
    brickwork: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The `[tool.brickwork]` table of workspace.toml: Brickwork's own settings."""

    def stable_tag_pattern(self, key: str | None = None) -> str | None:
        """The tag pattern named `key` (default: `stable`, else `git_tag_pattern`)."""
        if key is None:
            return self.tag_patterns.get("stable", self.git_tag_pattern)
        return self.tag_patterns.get(key)


@dataclass(frozen=True)
class Brick:
    """A component or a base: the namespaced package `<namespace>.<name>`."""

    name: str
    """`x` for `<namespace>.x`; `aws/s3` for a nested brick `<namespace>.aws.s3` (loose
    theme: `components/<namespace>/aws/s3`, `aws/` a grouping folder without code)."""
    kind: BrickKind
    path: Path
    """The package directory (`components/acme/x` or `components/x/src/acme/x`)."""
    root: Path
    """The brick's own folder (loose: the package dir; tdd: `components/x`)."""
    test_path: Path
    """Where the brick's tests live (they may not exist)."""
    group: bool = False
    """tdd theme: a folder of sub-packages (`components/aws/src/acme/aws` holding `s3/`,
    `sqs/`), a namespace package without code of its own; each sub-package is an interface
    (`acme.aws.s3`). In the loose theme such sub-packages are bricks of their own."""


@dataclass(frozen=True)
class Include:
    """One entry of a project's `packages` or `[tool.polylith.bricks]`."""

    raw: str
    path: Path
    bricks: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class Dependency:
    """A declared third-party dependency of a project."""

    name: str
    """Canonical distribution name (PEP 503)."""
    constraint: str
    """The version constraint as written (`>=1.2`, `^1.2`, or empty)."""
    group: str = "main"
    """`main` for runtime dependencies, else the group or extra it belongs to."""
    extra: str | None = None
    markers: str | None = None
    source: str = "project"
    """`project` ([project] tables) or `poetry` ([tool.poetry] tables)."""

    @property
    def is_runtime(self) -> bool:
        return self.group == "main" and self.extra is None


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One result of a rule: data with a stable code; text, JSON and CI annotations render it.

    `path` is absolute (render it relative to the workspace root); `line` is 1-based.
    The codes and their default severities are the table in `workspace.CODES`.
    """

    code: str
    message: str
    path: Path
    line: int | None = None
    subject: str = ""
    severity: Severity = Severity.ERROR
    projects: tuple[str, ...] = ()
    """The projects a finding about one place concerns, when several do (an import that
    every project including its brick lacks: one finding naming them all); else empty."""


@dataclass(frozen=True)
class Project:
    """A deployable (`projects/<p>/pyproject.toml`) or the development project (root)."""

    name: str
    path: Path
    """The project folder."""
    file: Path
    """Its pyproject.toml."""
    is_development: bool
    style: str
    """`pep621` when it has a `[project]` table, else `poetry`."""
    version: str
    requires_python: str
    bricks: tuple[str, ...]
    includes: tuple[Include, ...]
    dependencies: tuple[Dependency, ...]
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def folder_name(self) -> str:
        return self.path.name


Listing = tuple[tuple[str, ...], tuple[str, ...]]
"""(names of the `.py` files, names of the sub-folders a walk enters) of one folder."""


@dataclass(frozen=True)
class Workspace:
    """Everything `poetry poly` knows about a workspace, read once."""

    root: Path
    config: Config
    components: tuple[Brick, ...]
    bases: tuple[Brick, ...]
    projects: tuple[Project, ...]
    problems: tuple[Finding, ...] = ()
    listed: Mapping[str, Listing] = field(default_factory=dict, compare=False, repr=False)
    """Folders a warm `load` listed anyway (the brick packages of the loose theme): folder ->
    what a walk of it finds there (`walkable`), as it was when loaded. A scan of the same run
    starts from these instead of listing the folders again; empty for a `load` without the
    cache (commands that write files read the disk afresh)."""

    @property
    def namespace(self) -> str:
        return self.config.namespace

    @property
    def bricks(self) -> tuple[Brick, ...]:
        return self.components + self.bases

    @property
    def development(self) -> Project | None:
        return next((p for p in self.projects if p.is_development), None)

    @property
    def deployables(self) -> tuple[Project, ...]:
        """The projects under `projects/` (everything but the development project)."""
        return tuple(p for p in self.projects if not p.is_development)

    def brick(self, name: str) -> Brick | None:
        return next((b for b in self.bricks if b.name == name), None)

    @cached_property
    def nested(self) -> frozenset[str]:
        """The grouping folders of nested bricks (`aws` for the brick `aws/s3`): a module
        `<namespace>.aws.s3.x` belongs to the brick `aws/s3` (ADR 0025). Usually empty."""
        return frozenset(b.name.partition("/")[0] for b in self.bricks if "/" in b.name)

    def interface(self, brick: str) -> str:
        """The dotted name of a brick's interface: `acme.x`, `acme.aws.s3` for `aws/s3`."""
        return f"{self.namespace}.{brick.replace('/', '.')}"

    def project(self, name: str) -> Project | None:
        """The project called `name`, by name, folder name or alias. A name wins over a folder
        name, and a deployable's folder over the development project's (the workspace's own
        folder, which may be called like one of its projects)."""
        for project in self.projects:
            if name == project.name:
                return project
        by_folder = [p for p in self.projects if p.folder_name == name]
        if by_folder:
            return min(by_folder, key=lambda p: p.is_development)
        for project_name, alias in self.config.project_aliases.items():
            if alias == name:
                return self.project(project_name)
        return None

    @cached_property
    def _brick_folders(self) -> dict[str, Brick]:
        """Brick folders (package, own folder, tests) relative to the root, POSIX-style."""
        index: dict[str, Brick] = {}
        prefix = str(self.root).rstrip(os.sep) + os.sep
        for brick in self.bricks:
            for folder in (str(brick.path), str(brick.root), str(brick.test_path)):
                if folder.startswith(prefix):
                    index.setdefault(folder[len(prefix) :].replace(os.sep, "/"), brick)
        return index

    def brick_at(self, path: Path | str) -> Brick | None:
        """The brick a file or folder belongs to: its package, its own folder (tdd) or its
        tests; None outside every brick. `path` is absolute or relative to the root.

        A dictionary lookup per parent folder: fast for thousands of files and bricks."""
        text = str(path)
        if os.path.isabs(text):
            root = str(self.root)
            if text != root and not text.startswith(root.rstrip(os.sep) + os.sep):
                return None
            text = os.path.relpath(text, root)
        parts = text.replace(os.sep, "/").split("/")
        index = self._brick_folders
        for end in range(len(parts), 0, -1):
            brick = index.get("/".join(parts[:end]))
            if brick is not None:
                return brick
        return None

    def relative(self, path: Path) -> str:
        """`path` relative to the workspace root when it is inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
