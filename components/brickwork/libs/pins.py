"""Pins: a declared dependency that nothing imports because it is there to pin a dependency of
another declared one (`urllib3<2` next to `requests`). The lock's requirement graph says who
requires it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from brickwork.libs.collect import ProjectSources
from brickwork.libs.lock import Requirement


def required_by(
    name: str,
    roots: Iterable[str],
    sources: ProjectSources,
    requirement: Callable[[str], Requirement],
) -> tuple[str, ...]:
    """The `roots` (declared dependencies, with their declared extras through `requirement`)
    whose locked requirements install `name`, in name order: from the project's lock, else
    the workspace root's lock; empty when neither lock locks `name`."""
    others = sorted(r for r in set(roots) if r != name)
    for lock in (sources.lock, sources.root_lock):
        if lock is None or name not in lock.names:
            continue
        found = tuple(r for r in others if name in lock.closure([requirement(r)]))
        if found:
            return found
    return ()
