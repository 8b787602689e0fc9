"""What besides the imports and declarations decides a library's status: modules of a
brick's own tree, stale locks, look-alike declarations of unknown imports, and the
distributions built from the workspace's own projects."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable

from brickwork import workspace
from brickwork.imports import ImportSite, WorkspaceImports, python_files
from brickwork.libs.collect import ProjectSources
from brickwork.libs.lock import Requirement
from brickwork.libs.mapping import Resolution, Resolver, Source, resembles

#: Evidence too weak to beat a module of the importing brick's own tree with the same name.
_WEAK = (Source.GUESS, Source.PART, Source.NAMESPACE)


class BrickModules:
    """Brick -> the names of the folders and modules inside its tree (below the namespace):
    code a brick loads through `sys.path` (`modules/rs_grading/` -> `rs_grading`). Computed
    for a brick only when one of its imports has weak evidence (most never do)."""

    def __init__(self, ws: workspace.Workspace, ws_imports: WorkspaceImports) -> None:
        self.ws = ws
        self.ws_imports = ws_imports
        self._names: dict[str, frozenset[str]] = {}

    def of(self, brick: str) -> frozenset[str]:
        names = self._names.get(brick)
        if names is None:
            names = self._names[brick] = self._collect(brick)
        return names

    def _collect(self, name: str) -> frozenset[str]:
        brick = self.ws.brick(name)
        if brick is None:
            return frozenset()
        scanned = self.ws_imports.bricks.get(name)
        if scanned is not None:  # tests inside the package too
            paths = [str(file.path) for file in (*scanned.files, *scanned.tests)]
        else:  # a brick the scan did not read (ADR 0031): its files as a scan lists them
            paths = [str(path) for path in python_files(brick.path)]
        prefix = str(brick.path).rstrip(os.sep) + os.sep
        found: set[str] = set()
        for path in paths:
            if path.startswith(prefix):
                parts = path[len(prefix) :].split(os.sep)
                found.update(p[:-3] if p.endswith(".py") else p for p in parts)
        found.discard("__init__")
        return frozenset(found)


def is_brick_local(site: ImportSite, resolution: Resolution, local: BrickModules | None) -> bool:
    """Whether an import with only weak evidence names code inside the importing brick."""
    if local is None or resolution.source not in _WEAK or not site.brick:
        return False
    return site.module.split(".", 1)[0] in local.of(site.brick)


def twin(name: str, unknown: Iterable[str], resolver: Resolver) -> bool:
    """Whether declared `name`, which nothing says the modules of, may be what an import
    of an unknown distribution comes from (its name resembles the import's)."""
    return any(resembles(i, name) for i in unknown) and not resolver.describes(name)


def possible_providers(
    sources: ProjectSources, declared: Iterable[str], resolver: Resolver
) -> tuple[str, ...]:
    """The distributions an import that no evidence maps may come from: declared by the
    project, locked by its lock (or the workspace's), and with modules no source lists (no
    alias, installed metadata, cached wheel or table entry). With one, such an import is
    BW205 (a warning naming them), not BW201."""
    locks = [lock for lock in (sources.lock, sources.root_lock) if lock is not None]
    locked = [name for name in declared if any(name in lock.packages for lock in locks)]
    return resolver.possible_providers(locked)


def stale_names(sources: ProjectSources, declared: Iterable[str]) -> tuple[str, ...]:
    """The declared runtime dependencies that the project's lock does not lock."""
    lock = sources.lock
    if lock is None:
        return ()
    return tuple(sorted(n for n in declared if n not in lock.names))


def present_names(
    sources: ProjectSources, declared: set[str], requirement: Callable[[str], Requirement]
) -> tuple[frozenset[str], frozenset[str]]:
    """(what is installed with the declared dependencies, the declared ones nothing locks).

    A declaration the project's lock lacks (a stale lock) is looked up in the workspace
    root's lock; one neither locks makes every undeclared import possibly its child."""
    lock = sources.lock
    if lock is None:
        return frozenset(declared), frozenset()
    stale = set(stale_names(sources, declared))
    present = set(lock.closure(requirement(n) for n in declared))
    root = sources.root_lock
    if stale and root is not None:
        found = {n for n in stale if n in root.names}
        present |= root.closure(requirement(n) for n in found)
        stale -= found
    return frozenset(present), frozenset(stale)


def canonical(name: str) -> str:
    """PEP 503 name (`Acme_Lib` -> `acme-lib`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def stale_note(ws: workspace.Workspace, sources: ProjectSources) -> str | None:
    project = sources.project
    runtime = [d.name for d in project.dependencies if project.is_development or d.is_runtime]
    stale = stale_names(sources, runtime)
    if not stale or sources.lock_path is None:
        return None
    return (
        f"{ws.relative(sources.lock_path)} is stale: it does not lock {', '.join(stale)}, "
        f"which {ws.relative(project.file)} declares; what they bring in is taken from the "
        "workspace's poetry.lock where it locks them, else imports they may bring in are "
        f"warnings (BW202); run `poetry lock` in {ws.relative(project.path) or '.'}"
    )
