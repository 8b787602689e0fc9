"""End to end: a real `poetry lock` of small PyPI packages, `poetry poly build-project --locked
--requirements`, then what a Dockerfile does in a fresh venv: the requirements installed with
`--require-hashes`, the wheel with `--no-deps`, and `pip check`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from brickwork import packaging
from test.artifacts import Wheel
from test.e2e.conftest import run_poetry

pytestmark = pytest.mark.skipif(
    not packaging.index_configured(), reason="needs a package index for Poetry and pip"
)

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@e", "-c", "commit.gpgsign=false"]
# `poetry lock` with no virtualenv of its own for the throw-away projects
LOCK_ENV = {"POETRY_VIRTUALENVS_CREATE": "false"}


@pytest.fixture(scope="module")
def created(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace made by the create commands: project svc with one base."""
    root = tmp_path_factory.mktemp("locked") / "ws"
    root.mkdir()
    steps = [
        ("poly", "create", "workspace", "--name", "acme"),
        ("poly", "create", "base", "--name", "greet_api"),
        ("poly", "create", "project", "--name", "svc", "--base", "greet_api"),
    ]
    for step in steps:
        assert run_poetry(*step, cwd=root).returncode == 0, step
    return root


def workspace(created: Path, tmp_path: Path, svc: str, root: str = "") -> Path:
    """A copy of the created workspace whose svc (and, with `root`, development project)
    declare these `[project]` lines, committed; the real `poetry lock` locks the development
    project when it declares them (the workspace's lock), else svc."""
    ws = tmp_path / "ws"
    shutil.copytree(created, ws)
    for folder, lines in (("projects/svc", svc), ("", root)):
        if not lines:
            continue
        file = ws / folder / "pyproject.toml"
        text = file.read_text(encoding="utf-8")
        head = 'requires-python = ">=3.10"\ndependencies = []\n'
        assert head in text
        file.write_text(text.replace(head, lines), encoding="utf-8")
    lock_in = ws if root else ws / "projects/svc"
    locked = run_poetry("lock", "--no-interaction", cwd=lock_in, env=LOCK_ENV)
    assert locked.returncode == 0, locked.stdout + locked.stderr
    subprocess.run([*GIT, "init", "-q"], cwd=ws, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=ws, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "locked"], cwd=ws, check=True)
    return ws


def build_locked(ws: Path, out: Path) -> tuple[Path, Path]:
    """(wheel, requirements.txt) of `build-project --locked --requirements`."""
    built = run_poetry(
        "poly", "build-project", "--projects", "svc", "--locked", "--requirements",
        "--format", "wheel", "--output-dir", str(out), cwd=ws,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    return next(out.glob("*.whl")), out / "requirements.txt"


def pip(env: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pip", "--python", str(env / "bin/python"), *args]
    environ = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run(command, capture_output=True, text=True, env=environ, check=False)


def install(tmp_path: Path, name: str, wheel: Path, requirements: Path, *deps: str) -> Path:
    """A fresh venv, the requirements (`deps`: extra pip options) then the wheel `--no-deps`;
    `pip check` must pass. Returns the venv."""
    env = tmp_path / name
    venv.EnvBuilder(with_pip=False).create(env)
    steps = [
        ("install", "-q", "--require-hashes", *deps, "-r", str(requirements)),
        ("install", "-q", "--no-deps", str(wheel)),
        ("check",),
    ]
    for step in steps:
        done = pip(env, *step)
        assert done.returncode == 0, f"pip {' '.join(step)}:\n{done.stdout}{done.stderr}"
    return env


def installed(env: Path) -> dict[str, str]:
    """Distribution name -> version, from the venv's `.dist-info` folders."""
    found = {}
    for info in env.glob("lib/python*/site-packages/*.dist-info"):
        name, version = info.name.removesuffix(".dist-info").rsplit("-", 1)
        found[name.lower().replace("_", "-")] = version
    return found


def lock_versions(lock: Path, name: str) -> list[str]:
    """The versions `lock` holds of `name`, in the lock's order."""
    text = lock.read_text(encoding="utf-8")
    blocks = text.split("[[package]]")[1:]
    found = []
    for block in blocks:
        if f'\nname = "{name}"\n' in block:
            found.append(block.split('\nversion = "', 1)[1].split('"', 1)[0])
    return found


def both_recipes(tmp_path: Path, wheel: Path, requirements: Path) -> dict[str, str]:
    """Install as the issue's check does and as docs/deploy.md does; same versions in both."""
    resolved = installed(install(tmp_path, "resolved", wheel, requirements))
    recipe = installed(install(tmp_path, "recipe", wheel, requirements, "--no-deps"))
    assert resolved == recipe
    return resolved


def test_a_marker_on_a_direct_dependency_is_dropped_when_another_needs_it_everywhere(
    created: Path, tmp_path: Path
) -> None:
    svc = (
        'requires-python = ">=3.9"\ndependencies = [\n'
        "    \"typing-extensions>=4.12 ; python_version < '3.11'\",\n"
        '    "typing-inspection>=0.4",\n]\n'
    )
    ws = workspace(created, tmp_path, svc)

    wheel, requirements = build_locked(ws, tmp_path / "dist")

    versions = both_recipes(tmp_path, wheel, requirements)
    (locked,) = lock_versions(ws / "projects/svc/poetry.lock", "typing-extensions")
    assert versions["typing-extensions"] == locked
    assert f"typing-extensions (=={locked})" in Wheel(wheel).requires()


def test_a_direct_dependency_locked_at_two_versions_installs_the_one_for_this_python(
    created: Path, tmp_path: Path
) -> None:
    svc = (
        'requires-python = ">=3.8"\ndependencies = [\n'
        "    \"typing-extensions<4.8 ; python_version < '3.9'\",\n"
        "    \"typing-extensions>=4.0 ; python_version >= '3.9'\",\n"
        "    \"typing-inspection>=0.4 ; python_version >= '3.9'\",\n]\n"
    )
    ws = workspace(created, tmp_path, svc)
    old, new = lock_versions(ws / "projects/svc/poetry.lock", "typing-extensions")

    wheel, requirements = build_locked(ws, tmp_path / "dist")

    assert old.startswith("4.7.")
    assert both_recipes(tmp_path, wheel, requirements)["typing-extensions"] == new
    requires = Wheel(wheel).requires()
    assert f'typing-extensions (=={old}) ; python_version < "3.9"' in requires
    assert f'typing-extensions (=={new}) ; python_version >= "3.9"' in requires


def test_a_transitive_package_the_workspace_lock_holds_at_two_versions_installs_here(
    created: Path, tmp_path: Path
) -> None:
    svc = (
        'requires-python = ">=3.8"\n'
        "dependencies = [\"typing-inspection>=0.4 ; python_version >= '3.9'\"]\n"
    )
    development = (
        'requires-python = ">=3.8"\ndependencies = [\n'
        "    \"typing-extensions<4.8 ; python_version < '3.9'\",\n"
        "    \"typing-extensions>=4.0 ; python_version >= '3.9'\",\n"
        "    \"typing-inspection>=0.4 ; python_version >= '3.9'\",\n]\n"
    )
    ws = workspace(created, tmp_path, svc, root=development)
    _old, new = lock_versions(ws / "poetry.lock", "typing-extensions")

    wheel, requirements = build_locked(ws, tmp_path / "dist")

    assert both_recipes(tmp_path, wheel, requirements)["typing-extensions"] == new
    assert f'typing-extensions (=={new}) ; python_version >= "3.9"' in Wheel(wheel).requires()
