"""Run every rule over the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from brickwork import graph
from brickwork.check.needs import ProjectNeeds
from brickwork.check.rules import (
    Scope,
    cycle_findings,
    development_findings,
    import_findings,
    project_findings,
    workspace_problems,
)
from brickwork.check.select import CodeSelection
from brickwork.check.settings import CheckSettings, load_settings, settle
from brickwork.check.suppressions import ANY, unused_findings
from brickwork.imports import WorkspaceImports
from brickwork.workspace import CODES, Finding, Workspace, codes, select_projects


def _scope(ws: Workspace, projects: tuple[str, ...]) -> Scope:
    selected = select_projects(ws, projects) or ws.projects
    if not projects:
        bricks = frozenset(b.name for b in ws.bricks)
    else:
        bricks = frozenset(b for p in selected for b in p.bricks)
    return Scope(selected, bricks, any(p.is_development for p in selected))


def _order(ws: Workspace, finding: Finding) -> tuple[str, str, int, str]:
    return (finding.code, ws.relative(finding.path), finding.line or 0, finding.message)


IMPORT_CODES = (
    codes.NOT_A_BRICK,
    codes.COMPONENT_IMPORTS_BASE,
    codes.UNREADABLE_FILE,
    codes.NON_INTERFACE_IMPORT,
)
"""The codes of `import_findings`: each finding is about one file and made from its imports
and the model alone (what an analysis that keeps an earlier one's reuses for a file that did
not change)."""
_GRAPH_CODES = (
    codes.BRICK_CYCLE,
    codes.MISSING_BRICK,
    codes.UNNEEDED_BRICK,
    codes.NOT_IN_DEVELOPMENT,
)
"""The codes of the rules that read the brick graph."""
_KNOWN_CODES = frozenset((*IMPORT_CODES, *_GRAPH_CODES, *(c for c in CODES if c.startswith("BW2"))))
"""The codes whose rules `_unused_suppressions` knows (a suppression naming another code is
judged against every rule)."""


def _all(*_codes: str) -> bool:
    return True


def _brick_rules(
    ws: Workspace,
    ws_imports: WorkspaceImports,
    bricks: graph.BrickGraph | None,
    scope: Scope,
    settings: CheckSettings,
    wants: Callable[..., bool] = _all,
    needs: Sequence[ProjectNeeds] | None = None,
) -> list[Finding]:
    """The findings of the rules that read the scan (before settings): of those whose codes
    `wants` (every rule by default); `bricks`: the graph of `ws_imports`, built when None;
    `needs`: `project_needs` of every project of `ws_imports` and `bricks`, when known."""
    findings = import_findings(ws, ws_imports, scope) if wants(*IMPORT_CODES) else []
    if wants(*_GRAPH_CODES):
        bricks = graph.build_graph(ws, ws_imports) if bricks is None else bricks
        if wants(codes.BRICK_CYCLE):
            findings += cycle_findings(ws, bricks, scope)
        if wants(codes.MISSING_BRICK, codes.UNNEEDED_BRICK):
            findings += project_findings(
                ws, bricks, scope.projects, settings.allow, ws_imports, needs
            )
        if scope.development and wants(codes.NOT_IN_DEVELOPMENT):
            findings += development_findings(ws, bricks, needs)
    return findings


def _unused_suppressions(
    ws: Workspace,
    scope: Scope,
    settings: CheckSettings,
    ws_imports: WorkspaceImports,
    findings: Sequence[Finding],
    libraries: Callable[[WorkspaceImports], Sequence[Finding]] | None,
) -> list[Finding]:
    """BW110 (see `suppressions`): the rules run again over the scan without some of its
    suppression comments (a new graph each time; the library rules when given)."""

    def rules(scan: WorkspaceImports, named: frozenset[str]) -> list[Finding]:
        def wants(*some: str) -> bool:
            return every or not named.isdisjoint(some)

        every = ANY in named or not named <= _KNOWN_CODES
        found = _brick_rules(ws, scan, None, scope, settings, wants)
        if libraries is not None and (every or any(c.startswith("BW2") for c in named)):
            found += libraries(scan)
        return found

    return unused_findings(ws_imports, findings, rules, libraries=libraries is not None)


def run_checks(
    ws: Workspace,
    ws_imports: WorkspaceImports,
    bricks: graph.BrickGraph,
    *,
    strict: bool = False,
    projects: tuple[str, ...] = (),
    extra: Sequence[Finding] | Callable[[], Sequence[Finding]] = (),
    selection: CodeSelection | None = None,
    libraries: Callable[[WorkspaceImports], Sequence[Finding]] | None = None,
) -> list[Finding]:
    """Every finding about the workspace (or the `projects` named), sorted by code and place.

    `extra` are findings of other rule sets (the library rules, BW2xx), or a function that
    gives them once the brick rules ran (they may be computed meanwhile): they get the same
    severity settings and `--strict` treatment; `selection` (`--select`/`--ignore`) keeps
    only the codes it names. Under `--strict` over every project, a `# poly: ignore`
    comment that silences nothing is a BW110 warning; `libraries` runs the library rules over
    a scan (the `extra` findings, again), so that their codes are judged too. Raises
    `PolyError` for an unknown project or malformed `[tool.brickwork.check]` settings."""
    settings = load_settings(ws)
    scope = _scope(ws, projects)
    findings = _brick_rules(ws, ws_imports, bricks, scope, settings)
    # Library findings (BW2xx) are computed by the `libs` component and passed in as `extra`.
    findings += extra() if callable(extra) else extra
    if strict and not projects:  # a suppression is judged against every project
        findings += _unused_suppressions(ws, scope, settings, ws_imports, findings, libraries)
    findings += workspace_problems(ws, scope, everything=not projects)
    settled = settle(findings, settings, strict=strict)
    if selection is not None:
        settled = selection.apply(settled)
    return sorted(settled, key=lambda f: _order(ws, f))
