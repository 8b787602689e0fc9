"""End to end: `poetry poly build-project` with the real executable, on this repository and
on a workspace made by the create commands; the wheel installed into a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from test.artifacts import Wheel
from test.e2e.conftest import run_poetry

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository at HEAD, cloned so the working tree is never touched."""
    target = tmp_path_factory.mktemp("dogfood") / "brickwork"
    subprocess.run(["git", "clone", "-q", str(REPO), str(target)], check=True)
    return target


def test_build_project_builds_the_plugin_wheel_with_every_brick(clone: Path) -> None:
    result = run_poetry("poly", "build-project", "--projects", "poetry_brickwork", cwd=clone)

    assert result.returncode == 0, result.stderr
    wheel = Wheel(clone / "projects/poetry_brickwork/dist/poetry_brickwork-0.1.0-py3-none-any.whl")
    shipped = {"/".join(name.split("/")[:2]) for name in wheel.files()}
    bricks = {
        f"brickwork/{folder.name}"
        for top in ("components", "bases")
        for folder in (clone / top / "brickwork").iterdir()
        if folder.is_dir()
    }
    assert shipped == bricks
    wheel.verify_record()
    assert wheel.entry_points() == {
        "poetry.application.plugin": {"poly": "brickwork.poetry_plugin:PolyPlugin"}
    }
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


SERVICE = """from acme.greeting import hello


def main() -> None:
    import sys

    sys.stdout.write(hello().upper() + "\\n")
"""


def test_a_built_service_installs_into_a_fresh_venv_and_its_script_runs(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    steps = [
        ("poly", "create", "workspace", "--name", "acme"),
        ("poly", "create", "component", "--name", "greeting"),
        ("poly", "create", "base", "--name", "greet_api"),
    ]
    for step in steps:
        assert run_poetry(*step, cwd=root).returncode == 0, step
    (root / "bases/acme/greet_api/core.py").write_text(SERVICE, encoding="utf-8")
    created = run_poetry(
        "poly", "create", "project", "--name", "greet_service", "--base", "greet_api", cwd=root
    )
    assert created.returncode == 0, created.stderr
    project = root / "projects/greet_service/pyproject.toml"
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace(
            "[tool.poetry]",
            '[project.scripts]\ngreet = "acme.greet_api.core:main"\n\n[tool.poetry]',
        ),
        encoding="utf-8",
    )

    built = run_poetry("poly", "build-project", "--projects", "greet_service", "--verify", cwd=root)

    assert built.returncode == 0, built.stdout + built.stderr
    assert "✔ every module imports" in built.stdout
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    wheel = next((root / "projects/greet_service/dist").glob("*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(env / "bin/python"),
            "install",
            "--quiet",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )
    run = subprocess.run([str(env / "bin/greet")], capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (0, "HELLO FROM GREETING!\n")
