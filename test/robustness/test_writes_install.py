"""The setup-brickwork action's script on a runner that lacks what it needs: one line saying
what is missing and what to pass instead, exit 2 (could not run), and nothing left behind in
the runner's temp folder (setup -> script -> exit code, message, tree)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".github/actions/setup-brickwork/setup.sh"


def run_script(
    tmp_path: Path, version: str | None, tools: tuple[str, ...] = ("bash", "dirname", "python3")
) -> subprocess.CompletedProcess[str]:
    """setup.sh with a PATH that holds only `tools` (by default no pipx, no poetry)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in tools:
        found = shutil.which(tool)
        assert found is not None
        (bin_dir / tool).symlink_to(found)
    runner = tmp_path / "runner"
    runner.mkdir()
    env = {"PATH": str(bin_dir), "RUNNER_TEMP": str(runner), "HOME": str(tmp_path)}
    if version is not None:
        env["BRICKWORK_POETRY_VERSION"] = version
    return subprocess.run(
        [str(bin_dir / "bash"), str(SCRIPT)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("version", ["2.5.1", None], ids=["input", "default"])
def test_installing_poetry_without_pipx_says_what_to_do_and_exits_2(
    tmp_path: Path, version: str | None
) -> None:
    result = run_script(tmp_path, version)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "setup-brickwork: pipx is needed to install Poetry 2.5.1; install pipx, or install "
        "Poetry yourself and pass poetry-version: ''\n"
    )
    assert os.listdir(tmp_path / "runner") == []


def test_an_empty_poetry_version_without_poetry_on_path_says_so_and_exits_2(
    tmp_path: Path,
) -> None:
    result = run_script(tmp_path, "")

    assert result.returncode == 2
    assert result.stderr == (
        "setup-brickwork: no poetry on PATH; pass a poetry-version to install one\n"
    )
    assert os.listdir(tmp_path / "runner") == []


def test_a_failed_build_leaves_nothing_in_the_runner_temp_folder(tmp_path: Path) -> None:
    """`make` fails (here: a stand-in that exits 2, as a failed `make dist` does): the script
    stops with make's code before `poetry self add`, and removes its copy of the source."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "poetry.log"
    for name, body in (("make", "exit 2"), ("poetry", f'echo "$@" >> {log}')):
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    tools = ("bash", "dirname", "python3", "mktemp", "tar", "git", "rm")

    result = run_script(tmp_path, "", tools)

    assert result.returncode == 2
    assert not log.exists()  # no `poetry self add` of a missing wheel
    assert os.listdir(tmp_path / "runner") == []


def test_a_runner_without_python_is_told_to_set_it_up_first(tmp_path: Path) -> None:
    result = run_script(tmp_path, None, ("bash", "dirname"))

    assert result.returncode == 2
    assert result.stderr == (
        "setup-brickwork: no python3 on PATH; set up Python first (actions/setup-python)\n"
    )
    assert os.listdir(tmp_path / "runner") == []
