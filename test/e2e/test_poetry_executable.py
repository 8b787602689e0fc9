"""End to end: the real `poetry` executable, with the plugin loaded from its entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test.e2e.conftest import run_poetry

poetry = run_poetry


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The acme example workspace, made by the commands the docs show."""
    root = tmp_path_factory.mktemp("acme")
    steps = [
        ("poly", "create", "workspace", "--name", "acme"),
        ("poly", "create", "component", "--name", "greeting", "--description", "Greets people"),
        ("poly", "create", "base", "--name", "greet_api"),
        ("poly", "create", "project", "--name", "greet_service", "--base", "greet_api"),
    ]
    for step in steps:
        result = poetry(*step, cwd=root)
        assert result.returncode == 0, (step, result.stdout, result.stderr)
    return root


def test_create_commands_write_the_example_workspace(example: Path) -> None:
    assert (example / "workspace.toml").is_file()
    assert (example / "components/acme/greeting/core.py").is_file()
    assert (example / "test/bases/acme/greet_api/test_core.py").is_file()
    project = (example / "projects/greet_service/pyproject.toml").read_text(encoding="utf-8")
    assert '{ include = "acme/greet_api", from = "../../bases" }' in project


def test_each_create_command_says_what_it_wrote(tmp_path: Path) -> None:
    workspace = poetry("poly", "create", "workspace", "--name", "acme", cwd=tmp_path)
    component = poetry("poly", "create", "component", "--name", "greeting", cwd=tmp_path)
    again = poetry("poly", "create", "workspace", "--name", "acme", cwd=tmp_path)

    assert workspace.returncode == component.returncode == again.returncode == 0
    assert workspace.stdout.splitlines()[0] == "created workspace.toml"
    assert component.stdout.splitlines() == [
        "created components/acme/greeting/__init__.py",
        "created components/acme/greeting/core.py",
        "created test/components/acme/greeting/__init__.py",
        "created test/components/acme/greeting/test_core.py",
        "updated pyproject.toml",
    ]
    assert again.stdout == "nothing to do: this is already the acme workspace, complete.\n"


def test_poly_info_shows_the_bricks_and_the_project(example: Path) -> None:
    result = poetry("poly", "info", cwd=example)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["projects:", "1", "components:", "1", "bases:", "1"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:] if line.strip()}
    assert rows["brick"] == ["kind", "greet_service", "development"]
    assert rows["greeting"] == ["component", "-", "✔"]
    assert rows["greet_api"] == ["base", "✔", "✔"]


def test_poetry_directory_option_runs_poly_from_elsewhere(example: Path, tmp_path: Path) -> None:
    result = poetry("-C", str(example), "poly", "info", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert f"root {example}" in result.stdout


def test_poly_lists_the_create_commands(tmp_path: Path) -> None:
    result = poetry("poly", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    listed = [line.split()[0:3] for line in result.stdout.splitlines()[1:]]
    for command in ("workspace", "component", "base", "project"):
        assert ["poly", "create", command] in listed


def test_a_bad_name_exits_2_with_one_line_and_no_traceback(example: Path) -> None:
    result = poetry("poly", "create", "component", "--name", "Bad-Name", cwd=example)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "'Bad-Name' is not a valid brick name: use lowercase letters, digits and underscores, "
        "starting with a letter, not a Python keyword; group/name for a nested brick "
        "(e.g. bad_name)."
    ]
    assert "Traceback" not in result.stderr


def test_poetry_directory_option_on_a_project_folder_checks_that_project_only(
    example: Path, tmp_path: Path
) -> None:
    result = poetry(
        "-C",
        str(example / "projects" / "greet_service"),
        "poly",
        "check",
        "--output",
        "json",
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["result"]["projects"] == ["greet_service"]


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_a_terminal_that_cannot_show_the_marks_gets_ascii_marks(
    example: Path, encoding: str
) -> None:
    result = poetry("poly", "check", cwd=example, env={"PYTHONIOENCODING": encoding})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok no problems in 1 project, 2 bricks")
    assert "Traceback" not in result.stderr
