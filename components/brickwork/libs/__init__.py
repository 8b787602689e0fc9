"""Third-party libraries: import names -> distributions, per brick and per project; the
library findings BW201-BW204."""

from __future__ import annotations

from brickwork.imports import ImportSite  # the import sites of a library, re-exported
from brickwork.libs.core import analyse, library_findings, site_memo
from brickwork.libs.installed import read_environment
from brickwork.libs.lock import (
    LockedPackage,
    LockError,
    LockFile,
    Requirement,
    parse_lock,
    read_lock,
)
from brickwork.libs.mapping import Resolver
from brickwork.libs.model import (
    BrickLibraries,
    LibraryStatus,
    LibraryVersions,
    LibsReport,
    ProjectLibraries,
    ProjectLibrary,
    VersionEntry,
)
from brickwork.libs.settings import parse_alias_option
from brickwork.libs.sites import SiteMemo, brick_sites

__all__ = [
    "BrickLibraries",
    "ImportSite",
    "LibraryStatus",
    "LibraryVersions",
    "LibsReport",
    "LockError",
    "LockFile",
    "LockedPackage",
    "ProjectLibraries",
    "ProjectLibrary",
    "Requirement",
    "Resolver",
    "SiteMemo",
    "VersionEntry",
    "analyse",
    "brick_sites",
    "library_findings",
    "parse_alias_option",
    "parse_lock",
    "read_environment",
    "read_lock",
    "site_memo",
]
