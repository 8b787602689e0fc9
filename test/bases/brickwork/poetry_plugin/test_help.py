"""Every command's `--help` page, as Poetry's application shows it: an example that parses with
the command's own options, and a link to the command's section of docs/commands.md."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from cleo.io.inputs.argv_input import ArgvInput
from cleo.testers.application_tester import ApplicationTester
from poetry.console.application import Application

from brickwork.poetry_plugin import COMMANDS, PolyPlugin
from brickwork.poetry_plugin.help_pages import PAGES

DOCS = Path(__file__).resolve().parents[4] / "docs" / "commands.md"


def anchors() -> set[str]:
    """GitHub's anchors of the headings of docs/commands.md (`## poly check` -> `poly-check`)."""
    found: set[str] = set()
    in_code = False
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return found


@pytest.fixture
def application() -> Application:
    """Poetry's application with the plugin activated (`--no-plugins` below keeps Poetry from
    activating the installed copy a second time)."""
    app = Application()
    PolyPlugin().activate(app)
    return app


def help_page(application: Application, name: str) -> tuple[int, str]:
    tester = ApplicationTester(application)
    code = tester.execute(f"--no-plugins {name} --help", decorated=False)
    return code, tester.io.fetch_output()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_help_page_has_an_example_and_a_link_to_its_section(
    application: Application, name: str
) -> None:
    code, page = help_page(application, name)

    assert code == 0
    examples = page.split("Example", 1)[1].split("Documentation:", 1)[0]
    typed = [line.strip() for line in examples.splitlines()[1:] if line.strip()]
    assert typed, page
    assert all(example.startswith(f"poetry {name}") for example in typed), typed
    [link] = re.findall(r"Documentation: docs/commands\.md#([\w-]+)", page)
    assert link in anchors(), f"{name}: no section #{link} in docs/commands.md"


@pytest.mark.parametrize(
    ("name", "example"),
    [(name, example) for name, (_, examples) in PAGES.items() for example in examples],
)
def test_every_example_parses_with_the_options_of_its_command(
    application: Application, name: str, example: str
) -> None:
    words = shlex.split(example)[1:]  # without `poetry`
    command = application.find(name)
    command.merge_application_definition()
    given = ArgvInput(["poetry", name, *words[len(name.split()) :]])

    given.bind(command.definition)  # an unknown option or argument raises here
    given.validate()


def test_every_command_has_a_help_entry() -> None:
    assert set(PAGES) == set(COMMANDS)


def test_poly_create_help_lists_the_create_commands_not_the_poly_page(
    application: Application,
) -> None:
    code, page = help_page(application, "poly create")

    assert code == 0
    assert "List the poly create commands" in page
    assert "Polylith workspaces: list the poly commands." not in page
    for sub in ("workspace", "component", "base", "project"):
        assert f"poly create {sub}" in page
    assert "Documentation: docs/commands.md#poly-create" in page


def test_create_project_help_shows_a_script_example(application: Application) -> None:
    code, page = help_page(application, "poly create project")

    assert code == 0
    assert "--script=SCRIPT" in page
    assert "--script greet=acme.greet_api.core:main" in page
