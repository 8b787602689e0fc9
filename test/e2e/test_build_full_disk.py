"""A build that runs out of space (a file-size limit stands in for a full disk): one line, a
failed exit code, no truncated artifact in the output folder, no stage left behind."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
from pathlib import Path

from test.components.brickwork.packaging.conftest import MakeService, service_factory
from test.conftest import MakeWorkspace
from test.e2e.conftest import POETRY

LIMIT = 700
"""Bytes a file may grow to: less than the sdist and the wheel of the svc project."""


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def test_a_build_that_runs_out_of_space_leaves_no_half_written_artifact(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    make: MakeService = service_factory(make_workspace)
    factory = make()
    temp = tmp_path / "stages"
    temp.mkdir()
    env = {**os.environ, "BRICKWORK_NO_CACHE": "1", "NO_COLOR": "1"}

    result = subprocess.run(
        [
            str(POETRY),
            "--no-ansi",
            "poly",
            "build-project",
            "--projects",
            "svc",
            "--no-check",
            "--custom-temp-path",
            str(temp),
        ],
        cwd=factory.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
        check=False,
    )

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "svc: build failed: [Errno 27] File too large" in result.stderr
    dist = factory.root / "projects" / "svc" / "dist"
    assert not dist.exists()  # no artifact, and no output folder made for none
    assert list(temp.iterdir()) == []
