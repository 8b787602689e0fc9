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
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from brickwork import reuse, runs, workspace
from brickwork.report import plural

if TYPE_CHECKING:
    from brickwork import check, graph, imports, libs
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
) -> Mapping[str, Any]:
    """The parts of the analysis of the chosen projects, as plain data: stored while none
    of its inputs changed, else analysed now (and stored). `selection` says what decides
    the choice besides the files read (the options naming projects); with the current folder
    (unless every project is judged) and `aliases` it keys the stored analysis. The notes of
    the library rules go to stderr either way."""
    key = ("" if selection == ALL else os.getcwd(), selection, aliases)
    name = _memo_name(selection, aliases)
    progress = command.progress
    whole = selection == ALL and not aliases
    with progress.phase("reuse"):
        folder = reuse.memo_folder(Path.cwd())
        found = reuse.look_up(
            folder, name, key, {"scan": _same_scan}, stale="scan" if whole else None
        )
    parts = found.payload if found is not None else None
    if isinstance(found, reuse.Reused) and isinstance(parts, Mapping) and "check" in parts:
        closer = f" ({found.looked_closer} changed only where it does not look)"
        progress.verbose(
            f"reused the stored analysis: none of its {plural(found.checked, 'input')} changed"
            + (closer if found.looked_closer else "")
        )
        return parts
    base = found if isinstance(found, reuse.Stale) else None
    with runs.recording() as inputs:
        again = _analyse_again(command, base) if base is not None else None
        if again is not None and base is not None:
            parts = again  # it depends on every input of the rest too: `remember` adds them
        else:
            parts, base = _analyse(command, choose, aliases, whole=whole), None
    reuse.remember(folder, name, key, inputs, parts, base)
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
    command: PolyCommand, parts: Mapping[str, Any] | None = None
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
    command: PolyCommand, ws: workspace.Workspace, parts: Mapping[str, Any] | None = None
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
    from brickwork import check, libs
    from brickwork.reuse import plain

    ws = command.load_workspace() if ws is None else ws
    projects = choose(ws)
    names = tuple(p.name for p in projects)
    if scanned is None:  # a check of some projects reads what they reach only
        scanned = command.scan(ws, reach=() if whole else projects)
    options: dict[str, Any] = {"aliases": dict(aliases), "projects": names}

    def library_rules() -> tuple[Any, ...]:
        # of the whole workspace: with the third-party import sites of every brick, which a
        # later analysis keeps for the bricks that did not change (`_analyse_again`)
        sites = libs.site_memo(ws, scanned) if whole else None
        found = libs.analyse(ws, scanned, per_brick=whole, sites=sites, **options)
        if sites is None:
            return (plain.libs_plain(found), None)
        return (plain.libs_plain(found), (plain.sites_plain(ws, scanned, sites), [*sites.local]))

    def library_findings(again: imports.WorkspaceImports) -> tuple[workspace.Finding, ...]:
        """The library rules over a scan with some suppressions removed (BW110)."""
        return libs.analyse(ws, again, per_brick=False, **options).findings

    def library_report() -> tuple[Any, ...]:
        report_plain: tuple[Any, ...] = libraries.result()[0]
        return report_plain

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
    parts = _check_part(ws, projects, found, unused, library_report())
    if needs is not None:
        parts.update(
            _whole_parts(bricks, needs, plain.graph_plain(bricks)),
            libs=library_report(),
            delta=(*libraries.result()[1], _suppressed(scanned), scanned.file_count),
        )
    return parts


def _check_part(
    ws: workspace.Workspace,
    projects: tuple[workspace.Project, ...],
    found: list[workspace.Finding],
    unused: list[workspace.Finding] | None,
    libraries: tuple[Any, ...],
) -> dict[str, Any]:
    """The check part of an analysis of `projects` (none: all of them)."""
    from brickwork import check, report
    from brickwork.reuse import plain

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
        notes=plain.libs_notes(libraries),
    )
    return {"check": analysis.to_plain()}


def _whole_parts(
    bricks: graph.BrickGraph, needs: Sequence[check.ProjectNeeds], stored_graph: Any
) -> dict[str, Any]:
    """The parts only an analysis of the whole workspace has: the graph (`stored_graph`:
    as `plain.graph_plain` gave it) and what each project misses."""
    from brickwork.reuse import plain

    missing = [(n.project.name, m) for n in needs for m in n.chains]
    return {"graph": stored_graph, "missing": plain.missing_plain(missing)}


def _suppressed(scanned: imports.WorkspaceImports) -> bool:
    """Whether an import of the scan carries a suppression comment (BW110 judges each by
    running the rules over every file again: an analysis that keeps the rest of an earlier
    one cannot)."""
    return any(imp.ignored for file in scanned.files() for imp in file.imports)


MAX_CHANGED_BRICKS = 20
"""More bricks changed than this: an analysis of everything is as quick as keeping the rest."""


def _analyse_again(command: PolyCommand, stale: reuse.Stale) -> dict[str, Any] | None:
    """The analysis of the whole workspace after some scanned files changed what they
    import and nothing else changed (`stale`: the stored one, those files), keeping what
    does not depend on them (ADR 0031): only the bricks holding them are listed and read
    again (and the development project's and the deployables' own files); the import
    findings of every other file, the edges and the third-party import sites of every other
    brick, and the names the workspace calls its own are kept.
    The graph rules, the library rules and what each project misses are judged again over
    the graph made that way. None when it cannot (nothing to keep, too many bricks, a
    suppression comment, a project whose `exclude` leaves files out, a changed file the
    scan does not read): the caller analyses everything."""
    from brickwork import check, graph, imports, libs
    from brickwork.reuse import plain

    old = stale.payload
    if (
        not isinstance(old, Mapping)
        or type(old.get("delta")) is not tuple
        or len(old["delta"]) != 4
    ):
        return None
    stored_sites, local, suppressed, files = old["delta"]
    if suppressed is not False or type(local) is not list or type(files) is not int:
        return None
    # A stale analysis means that only scanned files changed: the model's inputs are among
    # its inputs as they were, and `remember(base=stale)` stores them with the rest.
    ws = command.load_workspace(note_inputs=False)
    if any(imports.excludes_files(p) for p in ws.deployables):
        return None  # its graph is made from the files its wheel holds: every brick's
    changed = _owners(ws, stale.changed)
    changed.discard("")  # the development project's or a deployable's own file: always read
    if len(changed) > MAX_CHANGED_BRICKS:
        return None
    progress = command.progress
    with progress.phase("scan"):
        scanned = imports.scan_partly(ws, changed)
    read = list(scanned.files())
    paths = {str(f.path) for f in read}
    if not paths.issuperset(stale.changed) or any(imp.ignored for f in read for imp in f.imports):
        return None
    progress.verbose(
        f"analysed again where it changed: {plural(len(changed), 'brick')} "
        f"({plural(len(read), 'file')} read); the rest kept from the stored analysis"
    )

    def library_rules() -> tuple[Any, ...]:
        """The library analysis, the stored sites of the bricks that did not change kept."""
        sites = libs.SiteMemo(ws.namespace, names)
        plain.sites_into(stored_sites, sites, skip=changed)
        return plain.libs_plain(libs.analyse(ws, scanned, per_brick=True, sites=sites))

    try:
        # the names the workspace calls its own, as the whole scan found them (the files are
        # as they were: a listing that changed makes no stale analysis)
        names = frozenset(plain.texts(local))
        earlier = reuse.CheckAnalysis.from_plain(old["check"])
        with runs.beside(library_rules, fork=files >= FORK_MIN_FILES) as libraries:
            with progress.phase("graph"):
                stored_graph = plain.graph_from_plain(old["graph"])
                bricks = graph.build_graph(ws, scanned, like=stored_graph, changed=sorted(changed))
            with progress.phase("rules"):
                needs = check.project_needs(ws, scanned, bricks)
                found, unused = check.raw_checks(
                    ws,
                    scanned,
                    bricks,
                    extra=lambda: plain.libs_findings(libraries.result()),
                    libraries=None,
                    needs=needs,
                )
                stored_libs = libraries.result()
        # the sites of the changed bricks made again, the others' stored rows kept
        sites = libs.SiteMemo(ws.namespace, names)
        stored_sites_now = plain.sites_plain(ws, scanned, sites, like=stored_sites, changed=changed)
    except (plain.Malformed, KeyError):
        return None
    key = check.order_key(ws.root)
    kept = [
        f for f in earlier.findings if f.code in check.IMPORT_CODES and str(f.path) not in paths
    ]
    parts = _check_part(ws, (), sorted([*found, *kept], key=key), unused, stored_libs)
    parts.update(
        _whole_parts(bricks, needs, plain.graph_plain(bricks, like=old["graph"], changed=changed)),
        libs=stored_libs,
        delta=(stored_sites_now, local, False, files),
    )
    return parts


def _owners(ws: workspace.Workspace, paths: Iterable[str]) -> set[str]:
    """The bricks whose package or tests hold the files `paths`; "" for any other file (the
    development project's or a deployable's own packages, read again in any case). A brick
    is looked up by the names its path spells (a few per file), not by listing them all."""
    found: set[str] = set()
    for path in paths:
        parts = path.split(os.sep)
        holders = [
            brick
            for i in range(len(parts))
            for j in range(i + 1, len(parts))
            if (brick := ws.brick("/".join(parts[i:j]))) is not None
            and any(
                path.startswith(str(folder).rstrip(os.sep) + os.sep)
                for folder in (brick.path, brick.test_path)
            )
        ]
        if len(holders) > 1:  # a brick inside another's folder: the first in the model's order
            holders.sort(key=ws.bricks.index)
        found.add(holders[0].name if holders else "")
    return found


def _same_scan(path: str, effect: object) -> object:
    """`imports.same_scan`, imported only when a stored analysis has a changed source file
    whose content changed: a file that holds what it was scanned from (saved again, touched,
    or stored while its stat could not be trusted yet) is the same without a scan."""
    if type(effect) is tuple and len(effect) == 4 and runs.same_content(path, effect[0]):
        return effect
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
