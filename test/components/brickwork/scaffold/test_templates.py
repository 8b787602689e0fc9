from __future__ import annotations

import ast
import sys

from hypothesis import given
from hypothesis import strategies as st

from brickwork.scaffold import templates

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_any_description_becomes_the_docstring_of_a_valid_interface(description: str) -> None:
    source = templates.brick_interface("acme", "greeting", "component", description)

    module = ast.parse(source)

    docstring = ast.get_docstring(module, clean=False) or ""
    expected = templates.one_line(description) or "The greeting component"
    assert docstring.rstrip(".") == expected.rstrip(".")
    assert "\n" not in docstring


def test_the_interface_exports_the_sample_function_and_not_the_core_module() -> None:
    source = templates.brick_interface("acme", "greeting", "component", "Greets people")

    assert source == (
        '"""Greets people."""\n\nfrom acme.greeting.core import hello\n\n__all__ = ["hello"]\n'
    )


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_any_description_is_valid_toml_in_a_project(description: str) -> None:
    text = templates.project_pyproject("svc", description, ">=3.10", [("acme/api", "../../x")])

    data = tomllib.loads(text)

    assert data["project"].get("description", "") == templates.one_line(description)


def test_one_line_keeps_words_and_drops_line_breaks_and_control_characters() -> None:
    assert templates.one_line("  Greets\r\n people\x00 \tkindly ") == "Greets people kindly"


def test_gitignore_appends_only_the_missing_entries() -> None:
    assert templates.gitignore(None) == "dist/\nbuild/\n__pycache__/\n.brickwork_cache/\n.venv/\n"
    assert templates.gitignore("/dist\nbuild\n__pycache__/\n.venv") == ".brickwork_cache/\n".join(
        ["/dist\nbuild\n__pycache__/\n.venv\n", ""]
    )
    full = "dist/\nbuild/\n__pycache__/\n.brickwork_cache/\n.venv/\n"
    assert templates.gitignore(full) is None
