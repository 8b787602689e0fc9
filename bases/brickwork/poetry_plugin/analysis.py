"""The stored analysis the read commands render: the one of the last run while none of its
inputs changed, else a new one, stored for the next view (ADR 0029).

The analysis of the whole workspace holds every part a view reads: the check's findings
(`reuse.CheckAnalysis`), the brick graph, what each project misses (the chains `deps`
draws) and the library analysis. `check` in every format and option, `deps`, `libs` and the
check step of `test` render from it; whichever of them runs first after a change analyses
and stores it, the others read it. A check of some projects (`--projects`, a project folder,
`build-project`'s check) or with `--alias` keeps an analysis of its own. None of them stores
what it printed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from brickwork import reuse, runs, workspace
from brickwork.report import plural

if TYPE_CHECKING:
    from brickwork import graph, imports, libs
    from brickwork.poetry_plugin.command import PolyCommand

_T = TypeVar("_T")

FORK_MIN_FILES = 1000
"""From this many scanned files the library rules run beside the brick rules (a fork costs a
few milliseconds; on a smaller workspace the library rules take less)."""

ALL: tuple[object, ...] = ("all",)
"""The selection of a run over every project."""

Choose = Callable[[workspace.Workspace], tuple[workspace.Project, ...]]
"""The projects a run judges, chosen in the workspace read (none: all of them)."""


def whole_workspace(ws: workspace.Workspace) -> tuple[workspace.Project, ...]:
    """The choice of a run over every project."""
    return ()


def _memo_name(selection: tuple[object, ...], aliases: tuple[tuple[str, str], ...]) -> str:
    """`analysis` for the whole workspace, `analysis-<digest>` for another selection."""
    if selection == ALL and not aliases:
        return reuse.ANALYSIS
    key = repr((selection, aliases)).encode("utf-8", "surrogateescape")
    return f"{reuse.ANALYSIS}-{hashlib.blake2b(key, digest_size=5).hexdigest()}"


def stored_analysis(
    command: PolyCommand,
    selection: tuple[object, ...] = ALL,
    choose: Choose = whole_workspace,
    aliases: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """The parts of the analysis of the chosen projects, as plain data: stored while none
    of its inputs changed, else analysed now (and stored). `selection` says what decides
    the choice besides the files read (the options naming projects); with the current folder
    (unless every project is judged) and `aliases` it keys the stored analysis. The notes of
    the library rules go to stderr either way."""
    key = ("" if selection == ALL else os.getcwd(), selection, aliases)
    name = _memo_name(selection, aliases)
    progress = command.progress
    with progress.phase("reuse"):
        folder = reuse.memo_folder(Path.cwd())
        found = reuse.reuse(folder, name, key, {"scan": _same_scan})
    parts = found.payload if found is not None else None
    if found is not None and type(parts) is dict and "check" in parts:
        closer = f" ({found.looked_closer} changed only where it does not look)"
        progress.verbose(
            f"reused the stored analysis: none of its {plural(found.checked, 'input')} changed"
            + (closer if found.looked_closer else "")
        )
    else:
        with runs.recording() as inputs:
            parts = _analyse(command, choose, aliases, whole=selection == ALL and not aliases)
        reuse.remember(folder, name, key, inputs, parts)
    return parts


def check_analysis(
    command: PolyCommand,
    selection: tuple[object, ...] = ALL,
    choose: Choose = whole_workspace,
    aliases: tuple[tuple[str, str], ...] = (),
) -> reuse.CheckAnalysis:
    """The check part of `stored_analysis`, its notes shown on stderr."""
    parts = stored_analysis(command, selection, choose, aliases)
    analysis = _decoded(command, lambda: reuse.CheckAnalysis.from_plain(parts["check"]))
    for note in analysis.notes:
        command.progress.note(note)
    return analysis


def check_findings(
    command: PolyCommand, selection: tuple[object, ...] = ALL, choose: Choose = whole_workspace
) -> list[workspace.Finding]:
    """What `poly check` reports for the chosen projects (no options), from the stored
    analysis: the check step of the commands that refuse to work on errors."""
    return _as_check_reports(check_analysis(command, selection, choose))


def unstored_findings(
    command: PolyCommand,
    ws: workspace.Workspace,
    scanned: imports.WorkspaceImports | None,
    bricks: graph.BrickGraph | None,
    choose: Choose,
) -> list[workspace.Finding]:
    """What `poly check` reports for the chosen projects, analysed now from `scanned` and
    `bricks` (when given) and not stored: a second look at projects of a larger run."""
    parts = _analyse(command, choose, (), whole=False, ws=ws, scanned=scanned, bricks=bricks)
    return _as_check_reports(reuse.CheckAnalysis.from_plain(parts["check"]))


def _as_check_reports(analysis: reuse.CheckAnalysis) -> list[workspace.Finding]:
    """The findings of `analysis` as `poly check` with no option shows them."""
    from brickwork import check

    return check.view_findings(
        analysis.findings, analysis.unused, dict(analysis.severity), analysis.root, strict=False
    )


def workspace_graph(
    command: PolyCommand, parts: dict[str, Any] | None = None
) -> tuple[graph.BrickGraph, list[tuple[str, graph.Missing]]]:
    """The brick graph of the whole workspace and what each project misses, from the
    stored analysis (`parts`, when already read)."""
    from brickwork.reuse import plain

    parts = stored_analysis(command) if parts is None else parts
    return _decoded(
        command,
        lambda: (
            plain.graph_from_plain(parts["graph"]),
            plain.missing_from_plain(parts["missing"]),
        ),
    )


def library_analysis(
    command: PolyCommand, ws: workspace.Workspace, parts: dict[str, Any] | None = None
) -> libs.LibsReport:
    """The library analysis of every project, from the stored analysis (`parts`, when
    already read; its notes are the report's own)."""
    from brickwork.reuse import plain

    parts = stored_analysis(command) if parts is None else parts
    return _decoded(command, lambda: plain.libs_from_plain(parts["libs"], ws))


def _decoded(command: PolyCommand, decode: Callable[[], _T]) -> _T:
    """`decode()` of a part just read or analysed; a part that does not read back (written
    by a Brickwork that stored it otherwise) is a bug of the store, said in one line."""
    from brickwork.reuse import plain

    try:
        return decode()
    except (plain.Malformed, KeyError) as err:
        raise workspace.PolyError(plain.UNREADABLE.format(reason=type(err).__name__)) from None


def _analyse(
    command: PolyCommand,
    choose: Choose,
    aliases: tuple[tuple[str, str], ...],
    *,
    whole: bool,
    ws: workspace.Workspace | None = None,
    scanned: imports.WorkspaceImports | None = None,
    bricks: graph.BrickGraph | None = None,
) -> dict[str, Any]:
    """Every part of the analysis of the chosen projects (`whole`: of every project, with the
    graph, the missing chains and the library analysis, which every view of it reads); the
    workspace, its scan and graph are read when not given."""
    from brickwork import check, libs, report
    from brickwork.reuse import plain

    ws = command.load_workspace() if ws is None else ws
    projects = choose(ws)
    names = tuple(p.name for p in projects)
    if scanned is None:  # a check of some projects reads what they reach only
        scanned = command.scan(ws, reach=() if whole else projects)
    options: dict[str, Any] = {"aliases": dict(aliases), "projects": names}

    def library_rules() -> tuple[Any, ...]:
        return plain.libs_plain(libs.analyse(ws, scanned, per_brick=whole, **options))

    def library_findings(again: imports.WorkspaceImports) -> tuple[workspace.Finding, ...]:
        """The library rules over a scan with some suppressions removed (BW110)."""
        return libs.analyse(ws, again, per_brick=False, **options).findings

    def library_report() -> tuple[Any, ...]:
        return libraries.result()

    with runs.beside(library_rules, fork=scanned.file_count >= FORK_MIN_FILES) as libraries:
        bricks = command.brick_graph(ws, scanned) if bricks is None else bricks
        with command.progress.phase("rules"):
            # what every project needs: the project rules and the missing chains read it
            needs = check.project_needs(ws, scanned, bricks) if whole else None
            found, unused = check.raw_checks(
                ws,
                scanned,
                bricks,
                projects=names,
                extra=lambda: plain.libs_findings(library_report()),
                libraries=library_findings,
                needs=needs,
            )
    settings = check.load_settings(ws)
    development = ws.development
    analysis = reuse.CheckAnalysis(
        root=ws.root,
        repository=report.repository_root(ws.root),
        project_file=development.file if development is not None else ws.config.source,
        projects=tuple(p.name for p in projects or ws.projects),
        scope=workspace.scope_size(ws, projects),
        severity=tuple(settings.severity.items()),
        findings=tuple(found),
        unused=None if unused is None else tuple(unused),
        notes=plain.libs_notes(library_report()),
    )
    parts: dict[str, Any] = {"check": analysis.to_plain()}
    if needs is not None:
        missing = [(n.project.name, m) for n in needs for m in n.chains]
        parts.update(
            graph=plain.graph_plain(bricks),
            missing=plain.missing_plain(missing),
            libs=library_report(),
        )
    return parts


def _same_scan(path: str, effect: object) -> object:
    """`imports.same_scan`, imported only when a stored analysis has a changed source file."""
    from brickwork import imports

    return imports.same_scan(path, effect)


def graph_and_libraries(
    command: PolyCommand, ws: workspace.Workspace
) -> tuple[graph.BrickGraph, Callable[[], dict[str, frozenset[str]]]]:
    """The brick graph, and a function that gives brick -> the distributions its code
    imports (what `diff` and `test` need when a lock file changed), from the stored analysis."""
    parts = stored_analysis(command)  # one look-up for both
    bricks, _ = workspace_graph(command, parts)

    def libraries() -> dict[str, frozenset[str]]:
        found = library_analysis(command, ws, parts)
        return {b.brick: frozenset(b.libraries) for b in found.bricks}

    return bricks, libraries
