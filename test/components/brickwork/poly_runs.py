"""What the check and libs tests share to build workspaces like real ones and read what a
command says about them: the four layouts (both themes, PEP 621 and legacy `[tool.poetry]`
projects), the development project's own dependencies, a command's JSON output."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from test.conftest import PolyRunner, WorkspaceFactory

LAYOUTS = [
    pytest.param("loose", "pep621", id="loose-pep621"),
    pytest.param("loose", "poetry", id="loose-legacy"),
    pytest.param("tdd", "pep621", id="tdd-pep621"),
    pytest.param("tdd", "poetry", id="tdd-legacy"),
]
"""(theme, style) for `@pytest.mark.parametrize(("theme", "style"), LAYOUTS)`."""


def declare_development(
    ws: WorkspaceFactory,
    dependencies: Sequence[str],
    packages: Sequence[tuple[str, str]] = (),
) -> Path:
    """The root `pyproject.toml` (the development project, in `ws.dev_style`) including every
    brick and `packages` (include, from), declaring `dependencies`. Adding a brick later
    writes it again without them."""
    includes = [ws.include(kind, name, prefix="") for kind, name in ws.dev_bricks]
    text = ws.project_text("development", [*includes, *packages], ws.dev_style, dependencies)
    return ws.write("pyproject.toml", text)


def json_run(
    poly: PolyRunner, ws: WorkspaceFactory, command: str, args: str = ""
) -> tuple[int, dict[str, Any]]:
    """(exit code, the command's `result`) of `poetry <command> --output json <args>` in `ws`
    (the JSON document's payload: ADR 0026)."""
    result = poly(command, f"--output json {args}", cwd=ws.root)
    payload: dict[str, Any] = json.loads(result.stdout)["result"]
    return result.exit_code, payload


def findings_of(data: dict[str, Any], *fields: str) -> list[tuple[Any, ...]]:
    """These fields of every finding of a JSON report, in its order."""
    return [tuple(finding[name] for name in fields) for finding in data["findings"]]


def project_of(data: dict[str, Any], name: str) -> dict[str, Any]:
    """The project `name` of a `poly libs` JSON report."""
    found: dict[str, Any] = next(p for p in data["projects"] if p["name"] == name)
    return found
