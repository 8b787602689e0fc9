"""Renderings of `poly test`: the selection with a reason per test folder, and the venv each
project's tests run in with `--in-project`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from brickwork.report.affected import chain_text
from brickwork.report.formats import document, escape_tags

if TYPE_CHECKING:
    from brickwork.testing import ProjectEnv, Selection
    from brickwork.workspace import Workspace


def selection_lines(ws: Workspace, selection: Selection) -> list[str]:
    """One line per test folder with its reason; bricks without tests; or why nothing."""
    if not selection.targets:
        return [f"nothing to test: {selection.why_empty}"]
    width = max(len(ws.relative(t.path)) for t in selection.targets)
    lines = [
        f"{escape_tags(ws.relative(t.path).ljust(width))}  {escape_tags(chain_text(t.reason))}"
        for t in selection.targets
    ]
    if selection.without_tests:
        lines.append(f"no tests: {', '.join(selection.without_tests)}")
    return lines


def project_env_line(env: ProjectEnv, folders: int) -> str:
    """`svc: 3 test folders in its own venv (reused, key 1a2b3c4d5e6f): /path/python` (stderr)."""
    how = "reused" if env.reused else "built"
    count = f"{folders} test folder{'' if folders == 1 else 's'}"
    return (
        f"{escape_tags(env.project)}: {count} in its own venv "
        f"({how}, key {env.key[:12]}): {escape_tags(str(env.python))}"
    )


def outside_projects_line(bricks: tuple[str, ...]) -> str:
    """The selected bricks that no project ships, so no project venv runs their tests."""
    return f"<comment>not in any project, not run: {escape_tags(', '.join(bricks))}</>"


def selection_data(ws: Workspace, selection: Selection, exit_code: int) -> dict[str, Any]:
    """The JSON document of `poly test --list --output json` (schema `schemas/test.json`): each
    selected test folder with its reason; the bricks and projects without tests; why nothing
    was selected (null when something was)."""
    counts = {"folders": len(selection.targets), "without_tests": len(selection.without_tests)}
    result = {
        "folders": [
            {
                "path": ws.relative(t.path),
                "reason": list(t.reason),
                "brick": t.brick,
                "project": t.project,
            }
            for t in selection.targets
        ],
        "without_tests": list(selection.without_tests),
        "why_empty": selection.why_empty or None,
    }
    return document("test", ws.root, exit_code, counts, result)
