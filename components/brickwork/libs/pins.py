"""Pins: a declared dependency that nothing imports because it is there to pin a dependency of
another declared one (`urllib3<2` next to `requests`). The lock's requirement graph says who
requires it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from brickwork.libs.collect import ProjectSources
from brickwork.libs.lock import LockFile, Requirement


class Pins:
    """Who requires what among a project's declared dependencies, by the project's lock, else
    the workspace root's; each root's closure is computed once."""

    def __init__(
        self,
        roots: Iterable[str],
        sources: ProjectSources,
        requirement: Callable[[str], Requirement],
    ) -> None:
        self.roots = sorted(set(roots))
        self.locks = [lock for lock in (sources.lock, sources.root_lock) if lock is not None]
        self.requirement = requirement
        self._closures: dict[tuple[int, str], frozenset[str]] = {}

    def _closure(self, index: int, lock: LockFile, root: str) -> frozenset[str]:
        found = self._closures.get((index, root))
        if found is None:
            found = self._closures[index, root] = lock.closure([self.requirement(root)])
        return found

    def required_by(self, name: str) -> tuple[str, ...]:
        """The roots (declared dependencies, with their declared extras) whose locked
        requirements install `name`, in name order; empty when no lock locks `name`."""
        for index, lock in enumerate(self.locks):
            if name not in lock.names:
                continue
            found = tuple(
                r for r in self.roots if r != name and name in self._closure(index, lock, r)
            )
            if found:
                return found
        return ()
