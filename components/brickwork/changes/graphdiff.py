"""The brick graph at the stable point against the graph now: bricks, edges (with the import
that made each), cycles, and per project the bricks it reaches and the libraries it declares.

The stable point's side is read from git objects into a private temporary folder
(`gittree.materialize`) and analysed by the same loader, scanner and graph as the work tree:
one analysis, two inputs. Nothing in the work tree, the index or the analysis cache changes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from brickwork import graph, imports
from brickwork.changes.core import ChangeSet, collect_changes
from brickwork.changes.git import open_repository
from brickwork.changes.gittree import TreeFile, materialize, private_parent, tree_files
from brickwork.workspace import PolyError, Project, Workspace, load

NOW_WORK_TREE = "work tree"
NOW_HEAD = "HEAD"


@dataclass(frozen=True)
class Site:
    """Where an import is: a path relative to the workspace root and a line."""

    path: str
    line: int
    runtime: bool = True


@dataclass(frozen=True)
class EdgeChange:
    """An edge `source -> target` that appeared or went away, with every import making it
    (now for an added edge, at the stable point for a removed one)."""

    source: str
    target: str
    sites: tuple[Site, ...]

    @property
    def runtime(self) -> bool:
        return any(site.runtime for site in self.sites)


@dataclass(frozen=True)
class ProjectChange:
    """How one project differs between the stable point and now."""

    name: str
    status: str
    """added, removed or changed."""
    bricks_added: tuple[str, ...] = ()
    """Bricks its file includes now and did not."""
    bricks_removed: tuple[str, ...] = ()
    reach_added: tuple[str, ...] = ()
    """Bricks its included bricks need now (runtime imports, transitively) that they did not:
    the project is newly affected by changes to them."""
    reach_removed: tuple[str, ...] = ()
    libraries_added: tuple[str, ...] = ()
    """Runtime distributions its project file declares now and did not (canonical names)."""
    libraries_removed: tuple[str, ...] = ()

    @property
    def newly_affected(self) -> bool:
        return self.status == "added" or bool(self.reach_added or self.bricks_added)


@dataclass(frozen=True)
class Side:
    """One side's analysis: the bricks (name -> kind) and the graph."""

    ws: Workspace
    bricks: graph.BrickGraph


@dataclass(frozen=True)
class GraphDiff:
    """What the change since the stable point does to the brick graph."""

    changes: ChangeSet
    now: str
    """What "now" is: `work tree` (uncommitted changes included) or `HEAD`."""
    dirty: bool
    """Whether the work tree differs from HEAD inside the workspace."""
    bricks_added: tuple[tuple[str, str], ...]
    """(name, kind) of the bricks that exist now and did not."""
    bricks_removed: tuple[tuple[str, str], ...]
    edges_added: tuple[EdgeChange, ...]
    edges_removed: tuple[EdgeChange, ...]
    cycles_added: tuple[tuple[str, ...], ...]
    """Runtime cycles now that were not there (each from its alphabetically first brick)."""
    cycles_removed: tuple[tuple[str, ...], ...]
    projects: tuple[ProjectChange, ...]
    edges_now: tuple[tuple[str, str], ...] = ()
    """Every edge now (for drawing the neighbourhood of a change)."""
    kinds: tuple[tuple[str, str], ...] = ()
    """(brick, kind) of every brick on either side."""

    @property
    def empty(self) -> bool:
        return not (
            self.bricks_added
            or self.bricks_removed
            or self.edges_added
            or self.edges_removed
            or self.cycles_added
            or self.cycles_removed
            or self.projects
        )


def analyse(ws: Workspace, *, use_cache: bool) -> Side:
    scan = imports.scan_workspace(ws, use_cache=use_cache)
    return Side(ws, graph.build_graph(ws, scan))


def _empty_side(ws: Workspace, root: Path) -> Side:
    empty = Workspace(root=root, config=ws.config, components=(), bases=(), projects=())
    return Side(empty, graph.BrickGraph({}, {}))


def _side_at(ws: Workspace, commit: str, files: list[TreeFile], folder: Path, label: str) -> Side:
    """The analysis of the workspace as commit `commit` holds it (`files`), written below
    `folder`."""
    git, _prefix = open_repository(ws.root)
    materialize(git, commit, files, folder)
    if not (folder / "workspace.toml").is_file() and not (folder / "pyproject.toml").is_file():
        return _empty_side(ws, folder)  # no workspace there yet: everything is new
    try:
        then = load_tree(folder)
    except PolyError as err:
        raise PolyError(f"the workspace at {label} cannot be read: {err}") from None
    if then.root != folder.resolve():  # no [tool.polylith] there: no workspace yet
        return _empty_side(ws, folder)
    return analyse(then, use_cache=False)


def load_tree(folder: Path) -> Workspace:
    """The workspace written below `folder` (never from or into the analysis cache)."""
    try:
        return load(folder)
    except OSError as err:  # pragma: no cover - a private folder just written
        raise PolyError(f"cannot read {folder}: {err}") from None


def _sites(side: Side, source: str, target: str) -> tuple[Site, ...]:
    return tuple(
        Site(side.ws.relative(site.path), site.line, site.runtime)
        for site in side.bricks.sites(source, target)
    )


def _cycles(bricks: graph.BrickGraph) -> set[tuple[str, ...]]:
    return {cycle.bricks for cycle in graph.find_cycles(bricks)}


def _declared(project: Project) -> set[str]:
    return {d.name for d in project.dependencies if d.is_runtime}


def _reach(side: Side, project: Project) -> set[str]:
    known = [b for b in project.bricks if b in side.bricks]
    return set(graph.closure(side.bricks, known)) - set(project.bricks)


def _sorted(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(names))


def compare_projects(then: Side, now: Side) -> tuple[ProjectChange, ...]:
    """Every project whose bricks, reach or declared libraries differ, by name."""
    before = {p.name: p for p in then.ws.projects}
    after = {p.name: p for p in now.ws.projects}
    found: list[ProjectChange] = []
    for name in sorted({*before, *after}):
        old, new = before.get(name), after.get(name)
        if new is None and old is not None:
            found.append(ProjectChange(name, "removed", bricks_removed=_sorted(old.bricks)))
            continue
        if new is None:  # pragma: no cover - the name came from one of the two
            continue
        old_bricks = set(old.bricks) if old is not None else set()
        old_reach = _reach(then, old) if old is not None and not old.is_development else set()
        new_reach = _reach(now, new) if not new.is_development else set()
        old_libs = _declared(old) if old is not None else set()
        change = ProjectChange(
            name,
            "added" if old is None else "changed",
            bricks_added=_sorted(set(new.bricks) - old_bricks),
            bricks_removed=_sorted(old_bricks - set(new.bricks)),
            reach_added=_sorted(new_reach - old_reach - old_bricks),
            reach_removed=_sorted(old_reach - new_reach - set(new.bricks)),
            libraries_added=_sorted(_declared(new) - old_libs),
            libraries_removed=_sorted(old_libs - _declared(new)),
        )
        if change.status == "added" or change != ProjectChange(name, "changed"):
            found.append(change)
    return tuple(found)


def compare(changes: ChangeSet, then: Side, now: Side, *, now_is: str, dirty: bool) -> GraphDiff:
    """The graph diff of two analyses (pure)."""
    old_kinds = {b: then.bricks.kind(b).value for b in then.bricks.bricks}
    new_kinds = {b: now.bricks.kind(b).value for b in now.bricks.bricks}
    added = tuple((b, k) for b, k in sorted(new_kinds.items()) if old_kinds.get(b) != k)
    removed = tuple((b, k) for b, k in sorted(old_kinds.items()) if new_kinds.get(b) != k)
    old_edges, new_edges = set(then.bricks.edges()), set(now.bricks.edges())
    edges_added = tuple(
        EdgeChange(s, t, _sites(now, s, t)) for s, t in sorted(new_edges - old_edges)
    )
    edges_removed = tuple(
        EdgeChange(s, t, _sites(then, s, t)) for s, t in sorted(old_edges - new_edges)
    )
    old_cycles, new_cycles = _cycles(then.bricks), _cycles(now.bricks)
    return GraphDiff(
        changes=changes,
        now=now_is,
        dirty=dirty,
        bricks_added=added,
        bricks_removed=removed,
        edges_added=edges_added,
        edges_removed=edges_removed,
        cycles_added=tuple(sorted(new_cycles - old_cycles, key=lambda c: (len(c), c))),
        cycles_removed=tuple(sorted(old_cycles - new_cycles, key=lambda c: (len(c), c))),
        projects=compare_projects(then, now),
        edges_now=tuple(sorted(new_edges)),
        kinds=tuple(sorted({**old_kinds, **new_kinds}.items())),
    )


def _is_dirty(ws: Workspace) -> bool:
    git, prefix = open_repository(ws.root)
    where = prefix.rstrip("/") or "."
    out = git.run(
        "--no-optional-locks", "status", "--porcelain", "--untracked-files=normal", "--", where
    ).stdout
    return bool(out.strip())


def graph_diff(ws: Workspace, since: str | None = None, *, working_tree: bool = True) -> GraphDiff:
    """The brick graph at the stable point `diff` compares with (merge-base of the tag and
    HEAD) against now: the work tree (uncommitted and untracked files included), or HEAD when
    `working_tree` is False. Git problems raise `GitError` (exit 2)."""
    changes = collect_changes(ws, since, working_tree=working_tree)
    label = changes.since.label
    dirty = _is_dirty(ws)
    git, prefix = open_repository(ws.root)
    sides = {"then": tree_files(git, changes.base, prefix)}
    if not working_tree:
        sides["now"] = tree_files(git, changes.head, prefix)
    size = sum(blob_size for files in sides.values() for _, _, blob_size in files)
    parent = private_parent(size)
    with tempfile.TemporaryDirectory(prefix="brickwork-graph-diff-", dir=parent) as tmp:
        then = _side_at(ws, changes.base, sides["then"], Path(tmp) / "then", label)
        if working_tree:
            now = analyse(ws, use_cache=True)
        else:
            now = _side_at(ws, changes.head, sides["now"], Path(tmp) / "now", "HEAD")
        return compare(
            changes,
            then,
            now,
            now_is=NOW_WORK_TREE if working_tree else NOW_HEAD,
            dirty=dirty,
        )
