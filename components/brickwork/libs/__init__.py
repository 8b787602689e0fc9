"""Third-party libraries: import names -> distributions, per brick and per project; the
library findings BW201-BW204."""

from __future__ import annotations

from brickwork.libs.classify import ImportKind, classify, is_stdlib, local_packages
from brickwork.libs.collect import ProjectSources, collect_sources
from brickwork.libs.core import (
    analyse,
    analyse_project,
    library_findings,
    project_sites,
)
from brickwork.libs.installed import (
    Environment,
    InstalledDistribution,
    read_distribution,
    read_environment,
    site_packages_dirs,
)
from brickwork.libs.known import KNOWN_DISTRIBUTIONS
from brickwork.libs.lock import (
    LockedPackage,
    LockError,
    LockFile,
    Requirement,
    parse_lock,
    read_lock,
)
from brickwork.libs.mapping import Resolution, Resolver, Source, choose
from brickwork.libs.model import (
    BrickLibraries,
    ImportSite,
    LibraryStatus,
    LibraryVersions,
    LibsReport,
    ProjectLibraries,
    ProjectLibrary,
    VersionEntry,
)
from brickwork.libs.settings import LibsSettings, parse_alias_option, read_settings

__all__ = [
    "KNOWN_DISTRIBUTIONS",
    "BrickLibraries",
    "Environment",
    "ImportKind",
    "ImportSite",
    "InstalledDistribution",
    "LibraryStatus",
    "LibraryVersions",
    "LibsReport",
    "LibsSettings",
    "LockError",
    "LockFile",
    "LockedPackage",
    "ProjectLibraries",
    "ProjectLibrary",
    "ProjectSources",
    "Requirement",
    "Resolution",
    "Resolver",
    "Source",
    "VersionEntry",
    "analyse",
    "analyse_project",
    "choose",
    "classify",
    "collect_sources",
    "is_stdlib",
    "library_findings",
    "local_packages",
    "parse_alias_option",
    "parse_lock",
    "project_sites",
    "read_distribution",
    "read_environment",
    "read_lock",
    "read_settings",
    "site_packages_dirs",
]
