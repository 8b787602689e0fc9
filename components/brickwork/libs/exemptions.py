"""Exemptions need evidence: a declared library that no import needs is `unused` (BW203)
unless something shows it is needed: a companion rule whose feature the code uses, a pin the
lock shows another declared dependency requires, or the settings. A built-in server or driver
with none of these is `assumed-runtime-only`, which BW203 reports as a warning that says so."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from brickwork import workspace
from brickwork.imports import ImportSite
from brickwork.libs.collect import ProjectSources
from brickwork.libs.companions import companion_use
from brickwork.libs.findings import dev_groups
from brickwork.libs.lock import Requirement
from brickwork.libs.model import LibraryStatus, ProjectLibrary
from brickwork.libs.pins import Pins
from brickwork.libs.settings import assumed_kind

#: Declared libraries that can require a pin: those the project keeps (imported, runtime-only,
#: companions), not the ones BW203 reports (a pin of those goes with them).
_REQUIRERS = frozenset(
    {
        LibraryStatus.OK,
        LibraryStatus.RUNTIME_ONLY,
        LibraryStatus.WORKSPACE,
        LibraryStatus.UNKNOWN,
        LibraryStatus.COMPANION,
    }
)


def settle(
    ws: workspace.Workspace,
    libraries: Sequence[ProjectLibrary],
    sites: Iterable[ImportSite],
    sources: ProjectSources,
    assumed: frozenset[str],
    requirement: Callable[[str], Requirement],
) -> tuple[ProjectLibrary, ...]:
    """`libraries` with each `unused` one that has evidence re-labelled (companion, pinned),
    the built-in servers and drivers without evidence `assumed-runtime-only`, and the
    runtime-only ones of the settings given their reason (and a missing one that a dependency
    group alone declares, its group). `sites`: the project's runtime
    import sites, every imported name (not one per line)."""
    sites = tuple(sites)
    first: list[ProjectLibrary] = []
    for lib in libraries:
        if lib.status is LibraryStatus.RUNTIME_ONLY:
            lib = dataclasses.replace(lib, reason="runtime-only by [tool.brickwork.libs]")
        elif lib.status is LibraryStatus.MISSING and not lib.reason:
            groups = dev_groups(sources.project, lib)
            if groups:
                lib = dataclasses.replace(lib, reason=f"declared only in {groups}")
        elif lib.status is LibraryStatus.UNUSED:
            use = companion_use(lib.name, sites)
            if use is not None:
                where = f"{ws.relative(use.site.path)}:{use.site.line}"
                lib = dataclasses.replace(
                    lib,
                    status=LibraryStatus.COMPANION,
                    via=(use.rule.of,),
                    reason=f"companion of {use.rule.of} for {use.rule.feature} "
                    f"({use.site.module} at {where})",
                )
        first.append(lib)
    pins = Pins((lib.name for lib in first if lib.status in _REQUIRERS), sources, requirement)
    out: list[ProjectLibrary] = []
    for lib in first:
        if lib.status is LibraryStatus.UNUSED:
            via = pins.required_by(lib.name)
            if via:
                lib = dataclasses.replace(
                    lib,
                    status=LibraryStatus.PINNED,
                    via=via,
                    reason=f"pinned; required by {', '.join(via)}",
                )
            elif lib.name in assumed:
                lib = dataclasses.replace(
                    lib,
                    status=LibraryStatus.ASSUMED,
                    reason=f"assumed runtime-only ({assumed_kind(lib.name)}); "
                    "nothing shows it is used",
                )
        out.append(lib)
    return tuple(out)
