"""End to end: the real `poetry` executable reuses a stored `poly check` result only for the
same folder and options; Poetry's `-C DIR` and `-P DIR` make another run."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from test.bases.brickwork.poetry_plugin.reuse_support import (
    REUSED,
    Ager,
    findings_workspace,
)
from test.conftest import MakeWorkspace
from test.e2e.conftest import run_poetry


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "poetry"
    return {
        "POETRY_CACHE_DIR": str(home / "cache"),
        "POETRY_CONFIG_DIR": str(home / "config"),
        "POETRY_VIRTUALENVS_PATH": str(home / "venvs"),
        "BRICKWORK_NO_CACHE": "",
    }


def test_a_stored_check_is_reused_from_the_same_folder_and_kept_beside_the_others(
    make_workspace: MakeWorkspace, tmp_path: Path, env: dict[str, str]
) -> None:
    ws = findings_workspace(make_workspace)
    Ager(tmp_path)()

    def check(*options: str, cached: bool = True) -> subprocess.CompletedProcess[str]:
        extra = env if cached else {**env, "BRICKWORK_NO_CACHE": "1"}
        return run_poetry(*options, "poly", "check", "-v", cwd=ws.root, env=extra)

    svc = str(ws.root / "projects" / "svc")
    for options in [(), ("-C", svc), ("-P", svc)]:
        first, again = check(*options), check(*options)
        truth = check(*options, cached=False)
        assert REUSED not in first.stderr, options
        assert REUSED in again.stderr, options
        for result in (first, again):
            assert (result.returncode, result.stdout) == (truth.returncode, truth.stdout)
    # the analysis of the whole workspace is kept beside the one of the project folder's
    assert REUSED in check().stderr
