"""A small real workspace to build: a component with package data, a base with a console
script, a project in either style, committed to a real git repository."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from brickwork import workspace
from test.conftest import MakeWorkspace, WorkspaceFactory

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@e", "-c", "commit.gpgsign=false"]


def git(root: Path, *args: str) -> str:
    result = subprocess.run([*GIT, *args], cwd=root, capture_output=True, text=True, check=True)
    return result.stdout


def commit_all(root: Path, message: str = "work", date: str = "2024-05-01T12:00:00Z") -> None:
    git(root, "add", "-A")
    subprocess.run(
        [*GIT, "commit", "-q", "-m", message],
        cwd=root,
        check=True,
        env={"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date, "PATH": "/usr/bin:/bin"},
    )


GREETING = '''"""Greets people."""

from acme.greeting.core import hello

__all__ = ["hello"]
'''
GREETING_CORE = """from importlib.resources import files


def hello() -> str:
    return files("acme.greeting").joinpath("words.txt").read_text(encoding="utf-8").strip()
"""
API = '''"""The api base."""

from acme.api.core import main

__all__ = ["main"]
'''
API_CORE = """import acme.greeting  # the component, by its dotted name


def main() -> None:
    import sys

    sys.stdout.write(acme.greeting.hello().upper() + "\\n")
"""


def project_file(style: str, factory: WorkspaceFactory, readme: bool = True) -> str:
    """svc: the api base and the greeting component, a console script, the root README."""
    includes = [factory.include("base", "api"), factory.include("component", "greeting")]
    packages = "".join(f'    {{ include = "{i}", from = "{f}" }},\n' for i, f in includes)
    if style == "pep621":
        return (
            '[project]\nname = "svc"\nversion = "1.2.0"\nrequires-python = ">=3.10"\n'
            + ('readme = "../../README.md"\n' if readme else "")
            + 'dependencies = []\n\n[project.scripts]\nsvc = "acme.api.core:main"\n\n'
            f"[tool.poetry]\npackages = [\n{packages}]\n\n"
            '[build-system]\nrequires = ["poetry-core>=2.0"]\n'
            'build-backend = "poetry.core.masonry.api"\n'
        )
    return (
        '[tool.poetry]\nname = "svc"\nversion = "1.2.0"\ndescription = "svc"\nauthors = []\n'
        + ('readme = "../../README.md"\n' if readme else "")
        + f'packages = [\n{packages}]\n\n[tool.poetry.dependencies]\npython = "^3.10"\n\n'
        '[tool.poetry.scripts]\nsvc = "acme.api.core:main"\n\n'
        '[build-system]\nrequires = ["poetry-core>=1.0"]\n'
        'build-backend = "poetry.core.masonry.api"\n'
    )


MakeService = Callable[..., WorkspaceFactory]


def service_factory(make_workspace: MakeWorkspace) -> MakeService:
    """`make(theme, style, use_git)` -> the svc workspace (for fixtures in other folders)."""

    def make(theme: str = "loose", style: str = "pep621", use_git: bool = True) -> WorkspaceFactory:
        factory = make_workspace(theme=theme)
        factory.component("greeting", GREETING, {"core.py": GREETING_CORE, "words.txt": "hi\n"})
        factory.component("unused", '"""Not in svc."""\n')
        factory.base("api", API, {"core.py": API_CORE})
        factory.write("README.md", "# svc\n\nThe service.\n")
        factory.write("projects/svc/pyproject.toml", project_file(style, factory))
        factory.write(".gitignore", "dist/\n.pytest_cache/\n__pycache__/\n")
        if use_git:
            git(factory.root, "init", "-q")
            commit_all(factory.root)
        return factory

    return make


@pytest.fixture
def make_service(make_workspace: MakeWorkspace) -> MakeService:
    return service_factory(make_workspace)


def load(factory: WorkspaceFactory) -> workspace.Workspace:
    return workspace.load(factory.root)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (but .git and the workspace cache, which is not source) with
    its bytes: to prove a tree is untouched."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".git", ".brickwork_cache"} & set(p.relative_to(root).parts)
    }
