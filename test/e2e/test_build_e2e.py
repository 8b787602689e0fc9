"""End to end: `poetry poly build-project` with the real executable, on this repository and
on a workspace made by the create commands; the wheel installed into a fresh venv."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from brickwork import packaging
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


@pytest.mark.skipif(not packaging.index_configured(), reason="needs a package index for Poetry")
def test_the_locked_plugin_wheel_verifies_installs_and_runs_poetry_poly_info(
    clone: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    result = run_poetry(
        "poly",
        "build-project",
        "--projects",
        "poetry_brickwork",
        "--locked",
        "--requirements",
        "--verify",
        "--format",
        "wheel",
        "--output-dir",
        str(out),
        cwd=clone,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "  ok   entry point brickwork.poetry_plugin:PolyPlugin" in result.stdout
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    pip = [sys.executable, "-m", "pip", "--python", str(env / "bin/python"), "install", "-q"]
    wheel = next(out.glob("*.whl"))
    requirements = str(out / "requirements.txt")
    subprocess.run([*pip, "--require-hashes", "--no-deps", "-r", requirements], check=True)
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True)
    info = subprocess.run(
        [str(env / "bin/poetry"), "--no-ansi", "poly", "info"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )
    assert info.returncode == 0, info.stderr
    assert info.stdout.startswith("workspace brickwork  theme loose")


SERVICE = """from acme.greeting import hello


def main() -> None:
    import sys

    sys.stdout.write(hello().upper() + "\\n")
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The acme example made by the create commands, its base with a console script."""
    root = tmp_path_factory.mktemp("service") / "ws"
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
    with project.open("a", encoding="utf-8") as handle:
        handle.write('\n[project.scripts]\ngreet = "acme.greet_api.core:main"\n')
    return root


def test_a_built_service_installs_into_a_fresh_venv_and_its_script_runs(
    service: Path, tmp_path: Path
) -> None:
    built = run_poetry(
        "poly", "build-project", "--projects", "greet_service", "--verify", cwd=service
    )

    assert built.returncode == 0, built.stdout + built.stderr
    assert "✔ every module imports" in built.stdout
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    wheel = next((service / "projects/greet_service/dist").glob("*.whl"))
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


def test_the_incumbents_spelling_builds_the_project_of_the_folder(service: Path) -> None:
    result = run_poetry(
        "build-project",
        "-C",
        "projects/greet_service",
        "-f",
        "wheel",
        "-o",
        "out",
        "--with-top-namespace",
        "shop",
        cwd=service,
    )

    assert result.returncode == 0, result.stderr
    wheel = Wheel(service / "projects/greet_service/out/greet_service-0.1.0-py3-none-any.whl")
    assert wheel.entry_points() == {"console_scripts": {"greet": "shop.acme.greet_api.core:main"}}
    assert wheel.files()[0].startswith("shop/acme/")
