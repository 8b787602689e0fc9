"""The findings of a run before and after its view: what is stored, and what is shown.

`raw_checks` gives every finding of the rules (brick, library and workspace rules) before
`[tool.brickwork.check]` severities, `--strict` and `--select`/`--ignore` apply, and apart
from them the BW110 findings that only a strict run over every project shows. Everything a
`check` run prints is `view_findings` of that: one stored analysis serves every output format and
option (ADR 0029).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brickwork.check.select import CodeSelection
from brickwork.check.settings import CheckSettings, settle
from brickwork.workspace import EXIT_FAILURE, EXIT_OK, Finding, Severity, Workspace

if TYPE_CHECKING:  # the rules load only to analyse: a view of a stored analysis needs none
    from brickwork import graph
    from brickwork.check.needs import ProjectNeeds
    from brickwork.imports import WorkspaceImports


def order_key(root: Path) -> Callable[[Finding], tuple[str, str, int, str]]:
    """How findings are listed: by code, then path (relative to `root`), line, message."""

    def key(finding: Finding) -> tuple[str, str, int, str]:
        try:
            shown = finding.path.relative_to(root).as_posix()
        except ValueError:
            shown = str(finding.path)
        return (finding.code, shown, finding.line or 0, finding.message)

    return key


def raw_checks(
    ws: Workspace,
    ws_imports: WorkspaceImports,
    bricks: graph.BrickGraph,
    *,
    projects: tuple[str, ...] = (),
    extra: Sequence[Finding] | Callable[[], Sequence[Finding]] = (),
    libraries: Callable[[WorkspaceImports], Sequence[Finding]] | None = None,
    needs: Sequence[ProjectNeeds] | None = None,
) -> tuple[list[Finding], list[Finding] | None]:
    """(every finding, sorted; the BW110 findings, sorted, when `projects` is empty, else
    None), both before settings and `--strict`. `extra`: the library findings (or a function
    that gives them once the brick rules ran); `libraries`: the library rules over a scan,
    for BW110; `needs`: `project_needs` of every project, when already asked. Raises
    `PolyError` for an unknown project or malformed settings."""
    from brickwork.check.core import _brick_rules, _scope, _unused_suppressions
    from brickwork.check.rules import workspace_problems
    from brickwork.check.settings import load_settings

    settings = load_settings(ws)
    scope = _scope(ws, projects)
    findings = _brick_rules(ws, ws_imports, bricks, scope, settings, needs=needs)
    findings += extra() if callable(extra) else extra
    unused = None
    if not projects:  # a suppression is judged against every project
        unused = _unused_suppressions(ws, scope, settings, ws_imports, findings, libraries)
    findings += workspace_problems(ws, scope, everything=not projects)
    key = order_key(ws.root)
    return sorted(findings, key=key), None if unused is None else sorted(unused, key=key)


def view_findings(
    findings: Iterable[Finding],
    unused: Sequence[Finding] | None,
    severity: Mapping[str, str],
    root: Path,
    *,
    strict: bool,
    selection: CodeSelection | None = None,
) -> list[Finding]:
    """What a run shows of stored findings (sorted, as `raw_checks` gives them): the
    configured `severity` levels and `--strict` applied, BW110 added under `--strict`, then
    `selection`."""
    settings = CheckSettings(severity=dict(severity))
    shown = settle(findings, settings, strict=strict)
    if strict and unused:
        shown = sorted(shown + settle(unused, settings, strict=True), key=order_key(root))
    return selection.apply(shown) if selection is not None else shown


@dataclass(frozen=True)
class Counts:
    errors: int
    warnings: int


def count(findings: Iterable[Finding]) -> Counts:
    severities = [f.severity for f in findings]
    return Counts(severities.count(Severity.ERROR), severities.count(Severity.WARNING))


def exit_code(findings: Iterable[Finding], strict: bool = False) -> int:
    """0 when nothing fails; 1 when an error was found, or any finding under `--strict`."""
    counts = count(findings)
    if counts.errors or (strict and counts.warnings):
        return EXIT_FAILURE
    return EXIT_OK
