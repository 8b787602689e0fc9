"""The analysis a `check` view reads: the stored one while none of its inputs changed, else a
new one, stored for the next view (`reuse.CheckAnalysis`, ADR 0029).

Every view of the check (its output formats, `-q`, `--strict`, `--select`, `--ignore`; the
check steps of `build-project` and `test`) asks `check_analysis` for the analysis of the
projects it judges; none of them stores what it printed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from brickwork import reuse, runs, workspace
from brickwork.report import plural

if TYPE_CHECKING:
    from brickwork import imports
    from brickwork.poetry_plugin.command import PolyCommand

FORK_MIN_FILES = 1000
"""From this many scanned files the library rules run beside the brick rules (a fork costs a
few milliseconds; on a smaller workspace the library rules take less)."""

ALL: tuple[object, ...] = ("all",)
"""The selection of a run over every project."""


def _memo_name(selection: tuple[object, ...], aliases: tuple[tuple[str, str], ...]) -> str:
    """One stored analysis per selection of projects (and `--alias` values): `analysis` for
    the whole workspace, `analysis-<digest>` for another selection."""
    if selection == ALL and not aliases:
        return reuse.ANALYSIS
    key = repr((selection, aliases)).encode("utf-8", "surrogateescape")
    return f"{reuse.ANALYSIS}-{hashlib.blake2b(key, digest_size=5).hexdigest()}"


def check_analysis(
    command: PolyCommand,
    selection: tuple[object, ...],
    choose: Callable[[workspace.Workspace], tuple[workspace.Project, ...]],
    aliases: tuple[tuple[str, str], ...] = (),
) -> reuse.CheckAnalysis:
    """The analysis of the projects `choose` picks in the workspace (all when it picks
    none). `selection` says what decides that choice besides the files read (the options
    naming projects, or the names): with the current folder and `aliases`, it keys the stored
    analysis. Notes go to stderr either way."""
    key = (os.getcwd(), selection, aliases)
    name = _memo_name(selection, aliases)
    progress = command.progress
    with progress.phase("reuse"):
        folder = reuse.memo_folder(Path.cwd())
        found = reuse.reuse(folder, name, key, {"scan": _same_scan})
    analysis = reuse.CheckAnalysis.from_plain(found.payload) if found is not None else None
    if found is not None and analysis is not None:
        closer = f" ({found.looked_closer} changed only where it does not look)"
        progress.verbose(
            f"reused the stored analysis: none of its {plural(found.checked, 'input')} changed"
            + (closer if found.looked_closer else "")
        )
    else:
        with runs.recording() as inputs:
            analysis = _analyse(command, choose, aliases)
        reuse.remember(folder, name, key, inputs, analysis.to_plain())
    for note in analysis.notes:
        progress.note(note)
    return analysis


def _analyse(
    command: PolyCommand,
    choose: Callable[[workspace.Workspace], tuple[workspace.Project, ...]],
    aliases: tuple[tuple[str, str], ...],
) -> reuse.CheckAnalysis:
    """Every finding of the brick and library rules over the chosen projects, with what a
    view prints about the workspace."""
    from brickwork import check, libs, report

    ws = command.load_workspace()
    projects = choose(ws)
    names = tuple(p.name for p in projects)
    scanned = command.scan(ws)

    def library_rules() -> tuple[tuple[workspace.Finding, ...], tuple[str, ...]]:
        found = libs.analyse(ws, scanned, aliases=dict(aliases), projects=names, per_brick=False)
        return found.findings, found.notes

    def library_findings(again: imports.WorkspaceImports) -> tuple[workspace.Finding, ...]:
        """The library rules over a scan with some suppressions removed (BW110)."""
        return libs.analyse(
            ws, again, aliases=dict(aliases), projects=names, per_brick=False
        ).findings

    with runs.beside(library_rules, fork=scanned.file_count >= FORK_MIN_FILES) as libraries:
        bricks = command.brick_graph(ws, scanned)
        with command.progress.phase("rules"):
            found, unused = check.raw_checks(
                ws,
                scanned,
                bricks,
                projects=names,
                extra=lambda: libraries.result()[0],
                libraries=library_findings,
            )
    settings = check.load_settings(ws)
    development = ws.development
    return reuse.CheckAnalysis(
        root=ws.root,
        repository=report.repository_root(ws.root),
        project_file=development.file if development is not None else ws.config.source,
        projects=tuple(p.name for p in projects or ws.projects),
        scope=workspace.scope_size(ws, projects),
        severity=tuple(settings.severity.items()),
        findings=tuple(found),
        unused=None if unused is None else tuple(unused),
        notes=tuple(libraries.result()[1]),
    )


def _same_scan(path: str, effect: object) -> object:
    """`imports.same_scan`, imported only when a stored analysis has a changed source file."""
    from brickwork import imports

    return imports.same_scan(path, effect)



def whole_workspace(ws: workspace.Workspace) -> tuple[workspace.Project, ...]:
    """The choice of a run over every project (none named)."""
    return ()


def check_findings(
    command: PolyCommand,
    selection: tuple[object, ...] = ALL,
    choose: Callable[[workspace.Workspace], tuple[workspace.Project, ...]] = whole_workspace,
) -> list[workspace.Finding]:
    """What `poly check` reports for the chosen projects (no options), from the stored
    analysis: the check step of the commands that refuse to work on errors."""
    from brickwork import check

    analysis = check_analysis(command, selection, choose)
    return check.view_findings(
        analysis.findings, analysis.unused, dict(analysis.severity), analysis.root, strict=False
    )
