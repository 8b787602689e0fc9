"""The two ways to install the plugin today, run for real on a fresh Poetry (pip-installed into
a new venv, nothing of this repository in it): the README's Install lines, as written, against
a clone of this repository; and the setup-brickwork action's step, as GitHub runs it, from a
download of this repository (no .git, like an action's). Each must leave `poetry poly` working.
Minutes long: two `make dist` (a pinned .venv each) and a Poetry install; needs a package index."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from brickwork import build
from test.bases.brickwork.poetry_plugin.test_ci_workflow import load_yaml

REPO = Path(__file__).resolve().parents[2]
ACTION = REPO / ".github/actions/setup-brickwork"


def makefile_poetry_version() -> str:
    match = re.search(r"^POETRY_VERSION := (\S+)$", (REPO / "Makefile").read_text(), re.M)
    assert match is not None
    return match.group(1)


def readme_install_block() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Install\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def test_the_action_runs_its_script_with_the_poetry_version_input() -> None:
    action = load_yaml((ACTION / "action.yml").read_text(encoding="utf-8"))
    (step,) = action["runs"]["steps"]

    assert action["runs"]["using"] == "composite"
    assert step["run"] == 'bash "$GITHUB_ACTION_PATH/setup.sh"'
    assert step["env"] == {"BRICKWORK_POETRY_VERSION": "${{ inputs.poetry-version }}"}
    assert action["inputs"]["poetry-version"]["default"] == makefile_poetry_version()
    assert (ACTION / "setup.sh").is_file()


def test_the_readme_adds_the_wheel_by_an_absolute_path_and_builds_it_with_make_dist() -> None:
    lines = readme_install_block().splitlines()

    assert re.fullmatch(
        r"git clone https://github\.com/[\w.-]+/brickwork brickwork && cd brickwork", lines[0]
    )
    assert lines[1].startswith("make dist ")
    assert lines[2].startswith('poetry self add "$PWD/projects/poetry_brickwork/dist/')


@pytest.fixture(scope="module")
def fresh_poetry(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a machine whose only Poetry is a fresh pip install, with its own
    config dir (`poetry self` keeps its project file there)."""
    base = tmp_path_factory.mktemp("fresh-poetry")
    venv.EnvBuilder(with_pip=True).create(base / "venv")
    pip = [str(base / "venv/bin/python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, f"poetry=={makefile_poetry_version()}"], check=True, timeout=600)
    env = {**os.environ, "PATH": f"{base / 'venv/bin'}{os.pathsep}{os.environ['PATH']}"}
    env["POETRY_CONFIG_DIR"] = str(base / "config")
    env["NO_COLOR"] = "1"
    for name in ("VIRTUAL_ENV", "POETRY_PROJECT_DIRECTORY", "MAKEFLAGS", "MFLAGS"):
        env.pop(name, None)
    return env


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=1200,
        check=False,
    )


def poly_help(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return bash("poetry poly --help", cwd, env)


@pytest.mark.skipif(not build.index_configured(), reason="needs a package index")
@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (REPO / ".venv").resolve(),
    reason="runs with the default .venv only: `make dist` uses the default python3 whatever "
    "Python runs the tests, so a run on another Python would repeat it",
)
def test_the_readme_install_lines_then_the_setup_action_give_a_fresh_poetry_the_poly_commands(
    fresh_poetry: dict[str, str], tmp_path: Path
) -> None:
    assert poly_help(fresh_poetry, tmp_path).returncode != 0  # nothing of Brickwork yet

    # 1. The README's Install lines, verbatim but for the repository's address.
    script = re.sub(r"(?<=^git clone )\S+", str(REPO), readme_install_block())
    readme = bash(script, tmp_path, fresh_poetry)

    assert readme.returncode == 0, readme.stdout[-3000:] + readme.stderr[-3000:]
    assert "create workspace" in readme.stdout  # the last line, `poetry poly`, lists commands
    assert poly_help(fresh_poetry, tmp_path).returncode == 0
    removed = bash("poetry self remove poetry-brickwork", tmp_path, fresh_poetry)
    assert removed.returncode == 0, removed.stderr
    assert poly_help(fresh_poetry, tmp_path).returncode != 0

    # 2. The action, from a download of this repository (an archive of HEAD: no .git).
    download = tmp_path / "actions/brickwork"
    download.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(download)], input=archive.stdout, check=True)
    runner = tmp_path / "runner"
    runner.mkdir()
    env = {
        **fresh_poetry,
        "GITHUB_ACTION_PATH": str(download / ".github/actions/setup-brickwork"),
        "GITHUB_OUTPUT": str(runner / "output"),
        "RUNNER_TEMP": str(runner),
        "BRICKWORK_POETRY_VERSION": "",  # `poetry-version: ""`: the Poetry on PATH (no pipx here)
    }
    action = bash('bash "$GITHUB_ACTION_PATH/setup.sh"', tmp_path, env)

    assert action.returncode == 0, action.stdout[-3000:] + action.stderr[-3000:]
    assert poly_help(fresh_poetry, tmp_path).returncode == 0
    (output,) = (runner / "output").read_text(encoding="utf-8").splitlines()
    wheel = Path(output.removeprefix("wheel="))
    assert wheel.is_absolute() and wheel.is_file() and wheel.is_relative_to(runner)
    assert not (download / ".venv").exists()  # the download is left as it was
    assert f"with {wheel.name}" in action.stdout
