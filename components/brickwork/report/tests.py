"""Renderings of `poly test`: the selection with a reason per test folder, and the venv each
project's tests run in with `--in-project`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brickwork.report.affected import chain_text
from brickwork.report.formats import escape_tags

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
