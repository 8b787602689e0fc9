"""The two ways to install the plugin today, run for real on a runner with Python and pipx and no
Poetry: the setup-brickwork action's step with its default input, as GitHub runs it, from a
download of this repository (no .git, like an action's), which installs Poetry with pipx; then,
with the plugin removed again, the README's Install lines, as written, against a clone of this
repository. Each must leave `poetry poly` working. Minutes long: two `make dist` (a pinned
.venv each) and a Poetry install; needs a package index."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from brickwork import packaging
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


@pytest.fixture
def machine(tmp_path: Path) -> dict[str, str]:
    """The environment of a runner with Python and pipx (pip-installed into a new venv) and no
    Poetry: pipx and `poetry self` keep their files under `tmp_path`."""
    tools = tmp_path / "tools"
    venv.EnvBuilder(with_pip=True).create(tools)
    pip = [str(tools / "bin/python"), "-m", "pip", "install", "-q", "pipx"]
    subprocess.run(pip, check=True, timeout=600)
    ours = str(Path(sys.executable).parent)
    inherited = [entry for entry in os.environ["PATH"].split(os.pathsep) if entry != ours]
    bin_dir = tmp_path / "pipx/bin"
    env = {**os.environ, "NO_COLOR": "1"}
    env["PATH"] = os.pathsep.join([str(tools / "bin"), str(bin_dir), *inherited])
    env |= {"PIPX_HOME": str(tmp_path / "pipx/home"), "PIPX_BIN_DIR": str(bin_dir)}
    env |= {
        "PIPX_MAN_DIR": str(tmp_path / "pipx/man"),
        "POETRY_CONFIG_DIR": str(tmp_path / "config"),
    }
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


@pytest.mark.skipif(not packaging.index_configured(), reason="needs a package index")
@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (REPO / ".venv").resolve(),
    reason="runs with the default .venv only: `make dist` uses the default python3 whatever "
    "Python runs the tests, so a run on another Python would repeat it",
)
def test_the_setup_action_then_the_readme_install_lines_give_a_runner_the_poly_commands(
    machine: dict[str, str], tmp_path: Path
) -> None:
    assert bash("command -v poetry", tmp_path, machine).returncode != 0  # no Poetry yet

    # 1. The action with its default input, from a download of this repository (an archive of
    # HEAD: no .git), as GitHub runs its step.
    download = tmp_path / "actions/brickwork"
    download.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(download)], input=archive.stdout, check=True)
    runner = tmp_path / "runner"
    runner.mkdir()
    action_yml = load_yaml((ACTION / "action.yml").read_text(encoding="utf-8"))
    env = {
        **machine,
        "GITHUB_ACTION_PATH": str(download / ".github/actions/setup-brickwork"),
        "GITHUB_OUTPUT": str(runner / "output"),
        "RUNNER_TEMP": str(runner),
        "BRICKWORK_POETRY_VERSION": action_yml["inputs"]["poetry-version"]["default"],
    }
    action = bash('bash "$GITHUB_ACTION_PATH/setup.sh"', tmp_path, env)

    assert action.returncode == 0, action.stdout[-3000:] + action.stderr[-3000:]
    poetry = bash("command -v poetry && poetry --version", tmp_path, machine).stdout.split("\n")
    assert poetry[0] == machine["PIPX_BIN_DIR"] + "/poetry"
    assert poetry[1] == f"Poetry (version {makefile_poetry_version()})"
    assert poly_help(machine, tmp_path).returncode == 0
    (output,) = (runner / "output").read_text(encoding="utf-8").splitlines()
    wheel = Path(output.removeprefix("wheel="))
    assert wheel.is_absolute() and wheel.is_file() and wheel.is_relative_to(runner)
    assert not (download / ".venv").exists()  # the download is left as it was
    assert f"with {wheel.name}" in action.stdout

    removed = bash("poetry self remove poetry-brickwork", tmp_path, machine)
    assert removed.returncode == 0, removed.stderr
    assert poly_help(machine, tmp_path).returncode != 0

    # 2. The README's Install lines, verbatim but for the repository's address, with the Poetry
    # that `pipx install poetry` gave.
    script = re.sub(r"(?<=^git clone )\S+", str(REPO), readme_install_block())
    home = tmp_path / "home"
    home.mkdir()
    readme = bash(script, home, machine)

    assert readme.returncode == 0, readme.stdout[-3000:] + readme.stderr[-3000:]
    assert "create workspace" in readme.stdout  # the last line, `poetry poly`, lists commands
    assert poly_help(machine, tmp_path).returncode == 0
