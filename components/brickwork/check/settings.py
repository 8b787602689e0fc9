"""The `[tool.brickwork.check]` settings and how they settle a finding's severity."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from brickwork.workspace import (
    CODES,
    Finding,
    Settings,
    Severity,
    Workspace,
    brickwork_settings,
)

OFF = "off"
LEVELS = ("error", "warning", OFF)


@dataclass(frozen=True)
class CheckSettings:
    """What `[tool.brickwork.check]` in workspace.toml says."""

    severity: Mapping[str, str] = field(default_factory=dict)
    """code -> error | warning | off."""
    allow: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """project name -> bricks it may include without them being needed (loaded by entry
    point, plugin registry...): no BW108 for them, and what they import counts as needed."""


def _severity(table: Settings) -> dict[str, str]:
    levels: dict[str, str] = {}
    for code, level in table.items():
        if code not in CODES:
            raise table.fail(code, f"is not a finding code (known: {', '.join(CODES)})")
        if not isinstance(level, str) or level not in LEVELS:
            raise table.fail(code, f"must be one of {', '.join(LEVELS)}, not {level!r}")
        levels[code] = level
    return levels


def _allow(ws: Workspace, table: Settings) -> dict[str, tuple[str, ...]]:
    allow: dict[str, tuple[str, ...]] = {}
    for name, value in table.items():
        project = ws.project(name)
        if project is None:
            known = ", ".join(sorted(p.name for p in ws.projects))
            raise table.fail(name, f"names no project (known: {known})")
        if not isinstance(value, list) or not all(isinstance(b, str) for b in value):
            raise table.fail(name, f"must be an array of brick names, not {value!r}")
        unknown = [b for b in value if ws.brick(b) is None]
        if unknown:
            raise table.fail(name, f"names no brick {', '.join(map(repr, unknown))}")
        allow[project.name] = allow.get(project.name, ()) + tuple(value)
    return allow


def load_settings(ws: Workspace) -> CheckSettings:
    """Read and validate `[tool.brickwork.check]`; a wrong type is a `PolyError` naming the key."""
    table = brickwork_settings(ws, "check")
    table.only(("allow", "severity"))
    return CheckSettings(
        severity=_severity(table.table("severity")),
        allow=_allow(ws, table.table("allow")),
    )


def settle(findings: Iterable[Finding], settings: CheckSettings, *, strict: bool) -> list[Finding]:
    """Apply the configured severities (`off` drops a finding) and `--strict` (the codes whose
    table row says so become errors)."""
    settled: list[Finding] = []
    for finding in findings:
        level = settings.severity.get(finding.code)
        if level == OFF:
            continue
        if level is not None:
            severity = Severity(level)
        elif strict and CODES[finding.code].strict is not None:
            severity = CODES[finding.code].severity_for(strict=True)
        else:
            severity = finding.severity
        settled.append(dataclasses.replace(finding, severity=severity))
    return settled
