"""Helpers for the tests of what Brickwork ships for other repositories (pre-commit hooks, the
example workflow): a workspace made only by `poly create`, and shell commands run the way
pre-commit and GitHub Actions run them, with the real `poetry` (plugin loaded) on PATH."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from test.bases.brickwork.poetry_plugin.test_ci_workflow import load_yaml
from test.e2e.conftest import POETRY, run_poetry

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
WORKFLOW = ROOT / ".github/workflows/example-poly.yml"

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Dev",
    "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "Dev",
    "GIT_COMMITTER_EMAIL": "dev@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}

#: The README's first commands: a workspace, a component, a base and a project.
CREATE = [
    ("create", "component", "--name", "greeting", "--description", "Greets people"),
    ("create", "base", "--name", "greet_api"),
    ("create", "project", "--name", "greet_service", "--base", "greet_api"),
]


def shell_env(root: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a CI step or a hook: the test's `poetry` first on PATH, a git
    identity, the project's venv inside the workspace, nothing inherited that points elsewhere."""
    env = {
        **os.environ,
        **GIT_IDENTITY,
        "PATH": f"{POETRY.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
        "POETRY_VIRTUALENVS_IN_PROJECT": "true",
        "HOME": os.environ.get("HOME", str(root)),
        **(extra or {}),
    }
    for name in ("POETRY_PROJECT_DIRECTORY", "VIRTUAL_ENV", "PYTEST_ADDOPTS"):
        env.pop(name, None)
    return env


def sh(
    command: str, cwd: Path, extra: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """`command` as a CI step runs it: `bash -e -o pipefail -c`."""
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", command],
        cwd=cwd,
        env=shell_env(cwd, extra),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        check=False,
    )


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=root,
        env=shell_env(root),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def poly_created_workspace(root: Path, theme: str) -> Path:
    """A workspace made only by `poetry poly create ...`, committed in a fresh git repository."""
    root.mkdir(parents=True, exist_ok=True)
    steps = [("create", "workspace", "--name", "acme", "--theme", theme), *CREATE]
    for step in steps:
        result = run_poetry("poly", *step, cwd=root)
        assert result.returncode == 0, (step, result.stdout, result.stderr)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "a workspace made by poly create")
    return root


def brick_file(root: Path, theme: str, top: str, name: str, module: str) -> Path:
    """Where a module of brick `name` lives in the acme workspace under `theme`."""
    folder = f"{top}/acme/{name}" if theme == "loose" else f"{top}/{name}/src/acme/{name}"
    return root / folder / module


def hooks() -> list[dict[str, object]]:
    data = load_yaml(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def workflow() -> dict[str, object]:
    data = load_yaml(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data
