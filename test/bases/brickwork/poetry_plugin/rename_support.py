"""A workspace that uses a component `greeting` every way a real one does, committed to git:
the fixture of the `poly rename` tests (both themes, both project formats)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test.conftest import MakeWorkspace, WorkspaceFactory

CORE = '''\
"""Greeting helpers (see acme.greeting.core for the details)."""

from __future__ import annotations


def hello(name: str) -> str:
    return f"hello {name}"  # used by acme.greeting users
'''

INIT = '''\
"""The public interface of acme.greeting."""

from acme.greeting.core import hello

__all__ = ["hello"]
'''

CLI_CORE = '''\
"""The command line: uses acme.greeting as prose here, which stays."""

from __future__ import annotations

import importlib

import acme.greeting  # the dotted import
import acme.greeting.core as greeting_core
from acme import greetings
from acme import greeting
from acme.greeting import hello

from . import helpers

TARGET = "acme.greeting.core:hello"
NOT_IT = "acme.greetings"
NOR_THIS = "acme.greeting_utils"


def main() -> None:
    loaded = importlib.import_module("acme.greeting.core")
    print(hello("a"), greeting.hello("b"), acme.greeting.hello("c"))  # comment kept
    print(greeting_core.hello("d"), loaded.hello("e"), greetings.NAME, helpers.STEP)
'''

HELPERS = 'STEP = "helpers"\n'

GREETING_TEST = """\
from acme.greeting import hello


def test_hello_greets() -> None:
    assert hello("x") == "hello x"
"""

CLI_TEST = """\
from unittest import mock

from acme.cli import core


def test_main_prints(capsys) -> None:
    with mock.patch("acme.greeting.core.hello", return_value="patched"):
        core.main()
    assert "hello b" in capsys.readouterr().out
"""

DEVELOPMENT = """\
from acme.greeting import hello

print(hello("dev"))
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def commit_all(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "state")


def brick_tests_at(ws: WorkspaceFactory, kind: str, name: str) -> str:
    top = "components" if kind == "component" else "bases"
    ns = ws.namespace.replace(".", "/")
    if ws.theme == "loose":
        return f"test/{top}/{ns}/{name}"
    return f"{top}/{name}/test/{ns}/{name}"


def greeting_workspace(make_workspace: MakeWorkspace, theme: str, style: str) -> WorkspaceFactory:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.write(".gitignore", "__pycache__/\n.pytest_cache/\ndist/\n")
    ws.component("greeting", INIT, {"core.py": CORE})
    ws.component("greetings", 'NAME = "greetings"\n')
    ws.base("cli", '"""cli."""\n', {"core.py": CLI_CORE, "helpers.py": HELPERS})
    ws.write(f"{brick_tests_at(ws, 'component', 'greeting')}/__init__.py", "")
    ws.write(f"{brick_tests_at(ws, 'component', 'greeting')}/test_core.py", GREETING_TEST)
    ws.write(f"{brick_tests_at(ws, 'base', 'cli')}/__init__.py", "")
    ws.write(f"{brick_tests_at(ws, 'base', 'cli')}/test_core.py", CLI_TEST)
    ws.write("development/try_greeting.py", DEVELOPMENT)
    project = ws.project("greet_cli", ["cli", "greeting", "greetings"], style=style)
    scripts = (
        "\n[project.scripts]\ngreet = \"acme.cli.core:main\"\nhello = 'acme.greeting.core:hello'\n"
        if style == "pep621"
        else '\n[tool.poetry.scripts]\ngreet = "acme.cli.core:main"\n'
        'hello = "acme.greeting.core:hello"\n'
    )
    text = project.read_text(encoding="utf-8")
    head, _, tail = text.partition("\n[build-system]")
    project.write_text(head + scripts + "\n[build-system]" + tail, encoding="utf-8")
    git(ws.root, "init", "-q")
    commit_all(ws.root)
    return ws


def source_path(ws: WorkspaceFactory) -> str:
    """PYTHONPATH that makes the workspace's bricks importable (both themes)."""
    if ws.theme == "loose":
        folders = [ws.root / "components", ws.root / "bases"]
    else:
        folders = sorted(
            p for top in ("components", "bases") for p in (ws.root / top).glob("*/src")
        )
    return os.pathsep.join(str(f) for f in folders)


def run_tests(ws: WorkspaceFactory) -> subprocess.CompletedProcess[str]:
    """The workspace's own tests, run with pytest in a subprocess (bricks on the path)."""
    env = {**os.environ, "PYTHONPATH": source_path(ws), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", "."],
        cwd=ws.root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
