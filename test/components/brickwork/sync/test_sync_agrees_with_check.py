"""A property: on any workspace, what `sync` adds to a project is exactly what `check` reports
missing there (BW101, BW109), what `sync --prune` removes is exactly what it reports unneeded
(BW108), and once the changes are made `check` reports neither and `sync` has nothing left.

Workspaces are drawn at random in memory: components and bases importing each other (at module
level, lazily, under `TYPE_CHECKING`, or with `# poly: ignore[BW101]`), deployables listing
any of them, depending on each other's distributions (by runtime or dev dependencies, under any
spelling of the name), with their own packages and `[tool.brickwork.check.allow]` entries."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from brickwork import check, graph, imports, sync, workspace
from brickwork.imports import ImportContext
from test.conftest import Sketch, imp

IGNORED = "ignored"
CONTEXTS = (ImportContext.MODULE, ImportContext.LAZY, ImportContext.TYPE_CHECKING, IGNORED)
#: The deployables a drawn workspace may hold, each under two spellings of its name.
NAMES = (("svc", "svc"), ("acme_storage", "acme-storage"), ("Acme.Log", "acme-log"))

Edge = tuple[int, object]
"""(index of the imported brick, an ImportContext or IGNORED)."""


@dataclasses.dataclass(frozen=True)
class Drawn:
    kinds: tuple[bool, ...]
    """Per brick: whether it is a base."""
    edges: tuple[tuple[Edge, ...], ...]
    """Per brick: what it imports."""
    projects: tuple[tuple[int, frozenset[int], frozenset[int], bool], ...]
    """(spelling, bricks, projects it depends on, whether as a dev dependency only)."""
    local: tuple[tuple[Edge, ...], ...]
    """Per project: what its own package imports."""
    allow: tuple[frozenset[int], ...]
    """Per project: the bricks `[tool.brickwork.check.allow]` lists for it."""


@st.composite
def drawn(draw: st.DrawFn) -> Drawn:
    count = draw(st.integers(2, 8))
    bricks = st.integers(0, count - 1)
    edge = st.tuples(bricks, st.sampled_from(CONTEXTS))
    kinds = tuple(draw(st.lists(st.booleans(), min_size=count, max_size=count)))
    edges = tuple(draw(st.lists(edge, max_size=3)) for _ in range(count))
    size = draw(st.integers(1, len(NAMES)))
    others = st.frozensets(st.integers(0, size - 1), max_size=2)
    projects = tuple(
        (
            draw(st.integers(0, 1)),
            draw(st.frozensets(bricks, max_size=count)),
            draw(others),
            draw(st.booleans()),
        )
        for _ in range(size)
    )
    local = tuple(tuple(draw(st.lists(edge, max_size=2))) for _ in range(size))
    allow = tuple(draw(st.frozensets(bricks, max_size=1)) for _ in range(size))
    return Drawn(kinds, tuple(map(tuple, edges)), projects, local, allow)


def name(index: int) -> str:
    return f"b{index}"


def imports_of(edges: Iterable[Edge]) -> list[imports.Import]:
    found = []
    for line, (target, context) in enumerate(edges, start=1):
        ignored = ("BW101",) if context == IGNORED else ()
        real = ImportContext.MODULE if context == IGNORED else context
        assert isinstance(real, ImportContext)
        found.append(imp("acme", name(target), line=line, context=real, ignored=ignored))
    return found


def build(case: Drawn) -> tuple[workspace.Workspace, imports.WorkspaceImports]:
    sketch = Sketch()
    for index, (is_base, edges) in enumerate(zip(case.kinds, case.edges, strict=True)):
        files = {"core.py": imports_of(edges)}
        (sketch.base if is_base else sketch.component)(name(index), files)
    titles = [NAMES[i][spelling] for i, (spelling, *_rest) in enumerate(case.projects)]
    for title, (_spelling, bricks, _deps, _dev) in zip(titles, case.projects, strict=True):
        sketch.project(title, sorted(name(b) for b in bricks))
    allow = {titles[i]: [name(b) for b in sorted(allowed)] for i, allowed in enumerate(case.allow)}
    sketch.brickwork = {"check": {"allow": allow}}
    ws = sketch.workspace()
    projects = [ws.projects[0]]
    local: dict[str, tuple[imports.FileImports, ...]] = {}
    for i, project in enumerate(ws.projects[1:]):
        _spelling, _bricks, depends, dev = case.projects[i]
        group = "dev" if dev else "main"
        deps = tuple(workspace.Dependency(NAMES[d][1], "*", group) for d in sorted(depends))
        projects.append(dataclasses.replace(project, dependencies=deps))
        package = project.path / "helpers" / "__init__.py"
        local[project.name] = (
            imports.FileImports(package, "helpers", tuple(imports_of(case.local[i]))),
        )
    scan = sketch.scan()
    return dataclasses.replace(ws, projects=tuple(projects)), dataclasses.replace(
        scan, projects=local
    )


def reported(findings: Iterable[workspace.Finding], *codes: str) -> set[tuple[str, str]]:
    """(project, brick) of each finding of `codes` (BW109 names the development project)."""
    out = set()
    for finding in findings:
        if finding.code in codes:
            project = "development" if finding.code == "BW109" else finding.message.split("'")[1]
            out.add((project, finding.subject))
    return out


def changed(changes: Iterable[sync.ProjectChanges], *, removed: bool) -> set[tuple[str, str]]:
    return {
        (c.project.name, b.name)
        for c in changes
        for b in (c.remove_bricks if removed else c.add_bricks)
    }


def run(ws: workspace.Workspace, scan: imports.WorkspaceImports) -> list[workspace.Finding]:
    return check.run_checks(ws, scan, graph.build_graph(ws, scan))


@settings(max_examples=200, deadline=None)
@given(drawn())
def test_sync_changes_exactly_what_check_reports_and_check_then_agrees(case: Drawn) -> None:
    ws, scan = build(case)
    bricks = graph.build_graph(ws, scan)
    before = run(ws, scan)

    everyone = check.project_needs(ws, scan, bricks)
    alone = tuple(n for p in ws.projects for n in check.project_needs(ws, scan, bricks, [p]))
    assert alone == everyone  # the answer does not depend on the projects asked about

    adds = sync.brick_changes(ws, bricks, ws.projects, ws_imports=scan)
    assert changed(adds, removed=False) == reported(before, "BW101", "BW109")
    synced = sync.after(ws, adds)
    after = run(synced, scan)
    assert reported(after, "BW101", "BW109") == set()
    # sync adds nothing unneeded; only a project that had no base to measure need from
    # and got one (a brick or its own package imports a base) is measured anew
    based = {p for p, b in changed(adds, removed=False) if bricks.is_base(b)}
    grown = reported(after, "BW108") - reported(before, "BW108")
    assert {(p, b) for p, b in grown if p not in based} == set()
    again = sync.brick_changes(synced, bricks, synced.projects, ws_imports=scan)
    assert changed(again, removed=False) == set()

    prunes = sync.brick_changes(synced, bricks, synced.projects, prune=True, ws_imports=scan)
    assert changed(prunes, removed=True) == reported(after, "BW108")
    pruned = sync.after(synced, prunes)
    assert reported(run(pruned, scan), "BW101", "BW108", "BW109") == set()
    last = sync.brick_changes(pruned, bricks, pruned.projects, prune=True, ws_imports=scan)
    assert changed(last, removed=False) | changed(last, removed=True) == set()


def test_the_drawn_workspaces_reach_every_case_the_property_is_about() -> None:
    """The strategy can draw a brick a sibling distribution ships, one only an unneeded brick
    imports, an optional import and an own package's import (a fixed example of each)."""
    case = Drawn(
        kinds=(True, False, False, False, False),
        edges=(((1, ImportContext.MODULE), (3, IGNORED)), (), ((4, ImportContext.MODULE),), (), ()),
        projects=(
            (0, frozenset({0, 2}), frozenset({1}), False),
            (1, frozenset({1}), frozenset(), False),
        ),
        local=(((3, ImportContext.LAZY),), ()),
        allow=(frozenset(), frozenset()),
    )
    ws, scan = build(case)
    found = run(ws, scan)

    # b1 ships with acme-storage; b4 only the unneeded b2 imports; b3 the helpers import
    assert reported(found, "BW101") == {("svc", "b3")}
    assert reported(found, "BW108") == {("svc", "b2")}
