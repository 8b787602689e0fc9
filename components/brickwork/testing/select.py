"""Which test folders to run, and why: the tests of affected bricks and affected projects."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from brickwork.changes import Affected, affected_since
from brickwork.graph import BrickGraph
from brickwork.imports import WorkspaceImports
from brickwork.workspace import PolyError, Project, Workspace

#: Folders of a project that hold the project's own tests.
PROJECT_TEST_FOLDERS = ("test", "tests")


@dataclass(frozen=True)
class RunOptions:
    """`poly test`'s choices, typed."""

    since: str | None = None
    everything: bool = False
    projects: tuple[str, ...] = ()
    bricks: tuple[str, ...] = ()
    list_only: bool = False
    fail_if_nothing: bool = False
    no_check: bool = False
    working_tree: bool = True
    in_project: bool = False
    """Each project's tests in a venv of its own wheel and lock."""
    pytest_args: tuple[str, ...] = ()


@dataclass(frozen=True)
class SelectedFolder:
    """One test folder and why it runs."""

    path: Path
    reason: tuple[str, ...]
    """A chain (`file → brick → … → brick`), or the option that chose it (`--all`)."""
    brick: str | None = None
    project: str | None = None


@dataclass(frozen=True)
class Selection:
    """The test folders to run (existing ones only) and what was left out."""

    targets: tuple[SelectedFolder, ...]
    without_tests: tuple[str, ...] = ()
    """Selected bricks and projects that have no test folder."""
    why_empty: str = ""
    """When nothing is selected: why, in one sentence."""


def project_test_folders(project: Project) -> list[Path]:
    """A project's own test folders (`projects/x/test`, `projects/x/tests`) that exist."""
    return [project.path / n for n in PROJECT_TEST_FOLDERS if (project.path / n).is_dir()]


def check_bricks(ws: Workspace, names: Iterable[str]) -> tuple[str, ...]:
    """`names` when each is a brick; else a `PolyError` with a "did you mean"."""
    wanted = tuple(dict.fromkeys(names))
    for name in wanted:
        if ws.brick(name) is None:
            close = difflib.get_close_matches(name, [b.name for b in ws.bricks], n=3)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise PolyError(f"unknown brick {name!r}; {hint}`poetry poly info` lists the bricks.")
    return wanted


Reasons = dict[str, tuple[str, ...]]


def _build(ws: Workspace, bricks: Reasons, projects: Reasons) -> Selection:
    targets: list[SelectedFolder] = []
    missing: list[str] = []
    for name, reason in bricks.items():
        brick = ws.brick(name)
        if brick is None:
            continue
        if os.path.isdir(brick.test_path):
            targets.append(SelectedFolder(brick.test_path, reason, brick=name))
        else:
            missing.append(name)
    for name, reason in projects.items():
        project = ws.project(name)
        folders = project_test_folders(project) if project is not None else []
        targets += [SelectedFolder(f, reason, project=name) for f in folders]
    return Selection(tuple(targets), tuple(missing))


def select_tests(
    ws: Workspace,
    affected: Affected | None,
    *,
    everything: bool = False,
    projects: tuple[Project, ...] = (),
    bricks: tuple[str, ...] = (),
) -> Selection:
    """The tests to run. `bricks`: exactly those bricks' tests. `everything`: every brick's
    and project's tests. Else the tests of the affected bricks (changed, their dependents,
    and bricks whose tests changed) and of the affected projects. `projects` narrows either
    to the bricks and own tests of those projects."""
    if bricks:
        chosen_bricks: Reasons = {b: ("--bricks",) for b in check_bricks(ws, bricks)}
        return _build(ws, chosen_bricks, {})
    keep = {b for p in projects for b in p.bricks} if projects else None
    chosen = {p.name for p in projects} if projects else None
    if everything or affected is None:
        brick_reasons: Reasons = {
            b.name: ("--all",) for b in sorted(ws.bricks, key=lambda b: b.name)
        }
        project_reasons: Reasons = {p.name: ("--all",) for p in ws.deployables}
    else:
        brick_reasons = dict(affected.tested_bricks)
        project_reasons = dict(affected.projects)
    if keep is not None and chosen is not None:
        brick_reasons = {b: r for b, r in brick_reasons.items() if b in keep}
        project_reasons = {p: r for p, r in project_reasons.items() if p in chosen}
    selection = _build(ws, brick_reasons, project_reasons)
    if selection.targets:
        return selection
    return Selection((), selection.without_tests, _why_empty(affected, selection, projects))


def _why_empty(
    affected: Affected | None, selection: Selection, projects: tuple[Project, ...]
) -> str:
    scope = f" in {', '.join(p.name for p in projects)}" if projects else ""
    if selection.without_tests:
        names = ", ".join(selection.without_tests)
        return f"the selected bricks{scope} have no tests: {names}"
    if affected is None:
        return f"there are no tests{scope}"
    since = affected.changes.since.label
    count = len(affected.changes.files)
    if not count:
        return f"nothing changed since {since}"
    files = f"{count} changed file{'' if count == 1 else 's'} since {since}"
    return f"the {files} affect no brick or project{scope}"


def choose_tests(
    ws: Workspace,
    scan: WorkspaceImports | Callable[[], Mapping[str, frozenset[str]]],
    graph: BrickGraph,
    options: RunOptions,
    projects: tuple[Project, ...] = (),
) -> Selection:
    """`select_tests` over what changed since `options.since` (git), unless `--all` or
    `--bricks` choose without looking at changes; `scan`: as `changes.affected_since` takes
    it."""
    affected = None
    if not (options.everything or options.bricks):
        affected = affected_since(ws, scan, graph, options.since, working_tree=options.working_tree)
    return select_tests(
        ws, affected, everything=options.everything, projects=projects, bricks=options.bricks
    )
