"""The graph as commands ask about it: the cycles of a scope, the view `deps` shows, and the
bricks a new project needs (`create project --base`, later `sync`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from brickwork import workspace
from brickwork.graph.analysis import Cycle, Missing, find_cycles, missing_bricks
from brickwork.graph.core import BrickGraph, closure


def cycles_of(graph: BrickGraph, bricks: Iterable[str] | None = None) -> tuple[Cycle, ...]:
    """The cycles of a scope: every runtime cycle of the whole graph through one of `bricks`
    (all cycles when `bricks` is None). A cycle through a brick outside the scope counts: the
    scope's bricks are part of it. `check` and `deps` both ask this."""
    cycles = find_cycles(graph)
    if bricks is None:
        return cycles
    wanted = frozenset(bricks)
    return tuple(c for c in cycles if wanted.intersection(c.bricks))


@dataclass(frozen=True)
class DepsView:
    """What one `deps` run shows: the graph of the scope and what is asked of it."""

    scope: BrickGraph
    """The workspace graph, or restricted to the selected projects' bricks."""
    projects: tuple[workspace.Project, ...]
    """The selected projects (empty: the whole workspace)."""
    missing: tuple[tuple[str, Missing], ...]
    """(project, missing brick) of the selected projects."""
    cycles: tuple[Cycle, ...]
    brick: str | None = None
    """The one brick asked about, if any."""

    def ordered(self) -> list[str]:
        """Components, then bases, each by name (as `poly info` lists them)."""
        return sorted(self.scope.bricks, key=lambda b: (self.scope.is_base(b), b))

    def uses(self, brick: str) -> tuple[list[str], list[str]]:
        """(runtime uses, type-only uses) of `brick`, directly."""
        uses = self.scope.uses(brick)
        runtime = set(self.scope.uses(brick, runtime_only=True))
        return [u for u in uses if u in runtime], [u for u in uses if u not in runtime]


def validate(
    ws: workspace.Workspace, projects: tuple[workspace.Project, ...], brick: str | None
) -> None:
    """An unknown brick, or one outside the selected projects, is a `PolyError` (exit 2)."""
    if brick is None:
        return
    if ws.brick(brick) is None:
        close = difflib.get_close_matches(brick, [b.name for b in ws.bricks], n=3)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise workspace.PolyError(
            f"unknown brick {brick!r}; {hint}`poetry poly info` lists the bricks."
        )
    if projects and not any(brick in p.bricks for p in projects):
        names = ", ".join(p.name for p in projects)
        raise workspace.PolyError(
            f"brick {brick!r} is not in project {names}; drop --projects to see it."
        )


def build_view(
    ws: workspace.Workspace,
    full: BrickGraph,
    projects: tuple[workspace.Project, ...] = (),
    brick: str | None = None,
    missing: Sequence[tuple[str, Missing]] | None = None,
) -> DepsView:
    """The graph and findings in the scope of the selected projects (and brick). `missing`:
    (project, missing brick) of the selected projects as `check.project_needs` answers (what
    `check` reports); without it, what their bricks import and they do not include."""
    validate(ws, projects, brick)
    bricks = [b for p in projects for b in p.bricks]
    scope = full.subgraph(bricks) if projects else full
    if missing is None:
        missing = [(p.name, m) for p in projects for m in missing_bricks(full, p.bricks)]
    cycles = cycles_of(full, bricks if projects else None)
    if brick is not None:
        cycles = tuple(c for c in cycles if brick in c.bricks)
    return DepsView(scope, projects, tuple(missing), cycles, brick)


def with_closure(
    ws: workspace.Workspace, graph: BrickGraph, bases: Iterable[workspace.Brick]
) -> tuple[workspace.Brick, ...]:
    """The bases, then every brick they need at runtime (transitively), in workspace order."""
    chosen = tuple(bases)
    if not chosen:
        return chosen
    needed = set(closure(graph, [b.name for b in chosen]))
    return chosen + tuple(b for b in ws.bricks if b.name in needed and b not in chosen)
