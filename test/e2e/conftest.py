"""End-to-end helpers: run the real `poetry` executable next to the test interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

POETRY = Path(sys.executable).parent / "poetry"


def run_poetry(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`poetry --no-ansi <args>` in `cwd`, with no project directory or virtualenv inherited
    (`env` adds variables)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    env.pop("POETRY_PROJECT_DIRECTORY", None)
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(POETRY), "--no-ansi", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=120,
        check=False,
    )
