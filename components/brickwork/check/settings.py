"""Finding codes, their default severities and the `[tool.brickwork.check]` settings."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from brickwork.workspace import Finding, PolyError, Severity, Workspace

#: Every stable finding code and what it means (docs/commands.md#finding-codes).
CODES: Mapping[str, str] = {
    "BW001": "include points outside the workspace",
    "BW002": "include points at a missing path",
    "BW003": "include points at a non-brick",
    "BW004": "invalid dependency spec",
    "BW005": "brick folder name is not a Python identifier",
    "BW006": "base and component with the same name",
    "BW007": "two projects with the same name",
    "BW101": "missing brick in a project",
    "BW102": "import of a name under the namespace that is not a brick",
    "BW103": "component imports a base",
    "BW105": "file whose imports cannot be recovered",
    "BW106": "brick cycle",
    "BW107": "import of another brick's non-interface module",
    "BW108": "brick in a project that the project does not need",
    "BW109": "brick missing from the development project",
    "BW201": "missing library",
    "BW202": "library only present transitively",
    "BW203": "declared library unused",
    "BW204": "library version differs across projects",
}

#: Codes whose findings are warnings unless configured otherwise.
WARNINGS = frozenset({"BW106", "BW107", "BW108", "BW109"})
#: Warnings that `--strict` turns into errors (the others still fail a strict run).
STRICT_ERRORS = frozenset({"BW106", "BW107"})

OFF = "off"
LEVELS = ("error", "warning", OFF)
SECTION = "[tool.brickwork.check]"


def default_severity(code: str) -> Severity:
    return Severity.WARNING if code in WARNINGS else Severity.ERROR


@dataclass(frozen=True)
class CheckSettings:
    """What `[tool.brickwork.check]` in workspace.toml says."""

    severity: Mapping[str, str] = field(default_factory=dict)
    """code -> error | warning | off."""
    allow: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """project name -> bricks it may include without them being needed (loaded by entry
    point, plugin registry...): no BW108 for them, and what they import counts as needed."""


def _fail(ws: Workspace, key: str, problem: str) -> PolyError:
    where = f"{SECTION} {key}" if key else SECTION
    return PolyError(
        f"{ws.config.source}: {where} {problem}; fix it and run again "
        "(see docs/commands.md#poly-check)."
    )


def _table(ws: Workspace, value: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _fail(ws, key, f"must be a table, not {value!r}")
    return value


def _severity(ws: Workspace, table: Mapping[str, Any]) -> dict[str, str]:
    levels: dict[str, str] = {}
    for code, level in table.items():
        key = f"severity.{code}"
        if code not in CODES:
            raise _fail(ws, key, f"is not a finding code (known: {', '.join(CODES)})")
        if not isinstance(level, str) or level not in LEVELS:
            raise _fail(ws, key, f"must be one of {', '.join(LEVELS)}, not {level!r}")
        levels[code] = level
    return levels


def _allow(ws: Workspace, table: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    allow: dict[str, tuple[str, ...]] = {}
    for name, bricks in table.items():
        key = f"allow.{name}"
        project = ws.project(str(name))
        if project is None:
            known = ", ".join(sorted(p.name for p in ws.projects))
            raise _fail(ws, key, f"names no project (known: {known})")
        if not isinstance(bricks, list) or not all(isinstance(b, str) for b in bricks):
            raise _fail(ws, key, f"must be an array of brick names, not {bricks!r}")
        unknown = [b for b in bricks if ws.brick(b) is None]
        if unknown:
            raise _fail(ws, key, f"names no brick {', '.join(map(repr, unknown))}")
        allow[project.name] = allow.get(project.name, ()) + tuple(bricks)
    return allow


def load_settings(ws: Workspace) -> CheckSettings:
    """Read and validate `[tool.brickwork.check]`; a wrong type is a `PolyError` naming the key."""
    table = _table(ws, ws.config.brickwork.get("check", {}), "")
    unknown = sorted(set(table) - {"severity", "allow"})
    if unknown:
        raise _fail(ws, unknown[0], "is not a setting (known: allow, severity)")
    return CheckSettings(
        severity=_severity(ws, _table(ws, table.get("severity", {}), "severity")),
        allow=_allow(ws, _table(ws, table.get("allow", {}), "allow")),
    )


def settle(findings: Iterable[Finding], settings: CheckSettings, *, strict: bool) -> list[Finding]:
    """Apply the configured severities (`off` drops a finding) and `--strict`."""
    settled: list[Finding] = []
    for finding in findings:
        level = settings.severity.get(finding.code)
        if level == OFF:
            continue
        if level is not None:
            severity = Severity(level)
        elif strict and finding.code in STRICT_ERRORS:
            severity = Severity.ERROR
        else:
            severity = finding.severity
        settled.append(dataclasses.replace(finding, severity=severity))
    return settled
