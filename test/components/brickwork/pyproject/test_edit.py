from __future__ import annotations

import difflib
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brickwork import pyproject
from brickwork.workspace import PolyError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def added_lines(old: str, new: str) -> list[str]:
    """The lines `new` adds to `old`; fails when it also removes or changes a line."""
    diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
    removed = [line for line in diff if line.startswith("- ")]
    assert removed == [], removed
    return [line[2:] for line in diff if line.startswith("+ ")]


PEP621 = """\
[project]
name = "acme-development"  # keep this comment
version = "0.1.0"
requires-python = ">=3.10"

[tool.poetry]
packages = [
    { include = "acme/greeting", from = "components" },  # the first brick
    { include = "acme/greet_api", from = "bases" },
]

[build-system]
requires = ["poetry-core>=2.0"]
build-backend = "poetry.core.masonry.api"
"""


def test_add_brick_include_adds_exactly_one_line_to_a_multiline_array() -> None:
    new = pyproject.add_brick_include(PEP621, "acme/log", "components")

    assert added_lines(PEP621, new) == ['    { include = "acme/log", from = "components" },']
    assert new.index("acme/greet_api") < new.index("acme/log") < new.index("[build-system]")


def test_add_brick_include_keeps_the_indent_and_brace_style_of_the_file() -> None:
    text = '[tool.poetry]\npackages = [\n  {include = "acme/a", from = "components"},\n]\n'

    new = pyproject.add_brick_include(text, "acme/b", "components")

    assert added_lines(text, new) == ['  {include = "acme/b", from = "components"},']


def test_add_brick_include_adds_the_missing_trailing_comma_of_the_last_entry() -> None:
    text = '[tool.poetry]\npackages = [\n    { include = "acme/a", from = "components" }\n]\n'

    new = pyproject.add_brick_include(text, "acme/b", "components")

    assert new == (
        "[tool.poetry]\npackages = [\n"
        '    { include = "acme/a", from = "components" },\n'
        '    { include = "acme/b", from = "components" },\n]\n'
    )


def test_add_brick_include_appends_to_a_one_line_array_on_its_line() -> None:
    text = '[tool.poetry]\nname = "x"\npackages = [{ include = "acme/a", from = "components" }]\n'

    new = pyproject.add_brick_include(text, "acme/b", "components")

    assert new == (
        '[tool.poetry]\nname = "x"\npackages = [{ include = "acme/a", from = "components" }, '
        '{ include = "acme/b", from = "components" }]\n'
    )


def test_add_brick_include_turns_an_empty_array_into_a_multiline_one() -> None:
    text = '[project]\nname = "x"\n\n[tool.poetry]\npackages = []\n\n[build-system]\nx = 1\n'

    new = pyproject.add_brick_include(text, "acme/a", "components")

    assert new == (
        '[project]\nname = "x"\n\n[tool.poetry]\npackages = [\n'
        '    { include = "acme/a", from = "components" },\n]\n\n[build-system]\nx = 1\n'
    )


def test_add_brick_include_creates_packages_in_an_existing_poetry_table() -> None:
    text = (
        '[tool.poetry]\nname = "x"\nversion = "1.0"\n\n'
        '[tool.poetry.dependencies]\npython = "^3.10"\n'
    )

    new = pyproject.add_brick_include(text, "acme/a", "components")

    assert added_lines(text, new) == [
        "packages = [",
        '    { include = "acme/a", from = "components" },',
        "]",
    ]
    assert tomllib.loads(new)["tool"]["poetry"]["packages"] == [
        {"include": "acme/a", "from": "components"}
    ]


def test_add_brick_include_creates_the_poetry_table_when_the_file_has_none() -> None:
    text = '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n'

    new = pyproject.add_brick_include(text, "acme/a", "components/a/src")

    assert new == text + (
        '\n[tool.poetry]\npackages = [\n    { include = "acme/a", from = "components/a/src" },\n]\n'
    )


def test_add_brick_include_works_when_only_poetry_subtables_exist() -> None:
    text = '[project]\nname = "x"\n\n[tool.poetry.group.dev.dependencies]\npytest = "*"\n'

    new = pyproject.add_brick_include(text, "acme/a", "components")

    data = tomllib.loads(new)
    assert data["tool"]["poetry"]["packages"] == [{"include": "acme/a", "from": "components"}]
    assert data["tool"]["poetry"]["group"] == {"dev": {"dependencies": {"pytest": "*"}}}
    assert added_lines(text, new)


def test_add_brick_include_leaves_the_text_alone_when_the_include_is_there() -> None:
    assert pyproject.add_brick_include(PEP621, "acme/greeting", "./components/") == PEP621


def test_add_brick_include_supports_an_array_of_tables() -> None:
    text = '[[tool.poetry.packages]]\ninclude = "acme/a"\nfrom = "components"\n'

    new = pyproject.add_brick_include(text, "acme/b", "components")

    assert tomllib.loads(new)["tool"]["poetry"]["packages"] == [
        {"include": "acme/a", "from": "components"},
        {"include": "acme/b", "from": "components"},
    ]
    assert new.startswith(text)


def test_add_brick_include_rejects_packages_that_is_not_an_array() -> None:
    with pytest.raises(PolyError, match=r"pyproject.toml: \[tool.poetry\] packages is not an"):
        pyproject.add_brick_include('[tool.poetry]\npackages = "x"\n', "acme/a", "components")


def test_add_brick_include_names_the_file_on_invalid_toml() -> None:
    with pytest.raises(PolyError, match=r"^root/pyproject\.toml: invalid TOML"):
        pyproject.add_brick_include("[tool.poetry\n", "a", "b", source="root/pyproject.toml")


def test_polylith_bricks_style_gets_a_new_key_in_its_table() -> None:
    text = (
        '[project]\nname = "x"\n\n[tool.polylith.bricks]\n'
        '"components/acme/a" = "acme/a"\n\n[build-system]\nx = 1\n'
    )

    new = pyproject.add_brick(text, "acme/b", "components")

    assert pyproject.has_polylith_bricks(text)
    assert added_lines(text, new) == ['"components/acme/b" = "acme/b"']
    assert pyproject.add_brick(new, "acme/b", "components") == new


def test_add_polylith_brick_creates_the_table_when_missing() -> None:
    text = '[project]\nname = "x"\n'

    new = pyproject.add_polylith_brick(text, "../../bases/acme/api", "acme/api")

    assert new == text + '\n[tool.polylith.bricks]\n"../../bases/acme/api" = "acme/api"\n'


def test_add_brick_uses_packages_when_the_file_has_no_polylith_bricks() -> None:
    new = pyproject.add_brick(PEP621, "acme/log", "components")

    assert not pyproject.has_polylith_bricks(PEP621)
    assert added_lines(PEP621, new) == ['    { include = "acme/log", from = "components" },']


names = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="/\\."
    ),
    min_size=1,
).filter(lambda s: s.strip() == s)


@given(include=names, origin=names)
def test_any_include_text_round_trips_as_one_added_line(include: str, origin: str) -> None:
    new = pyproject.add_brick_include(PEP621, include, origin)

    assert len(added_lines(PEP621, new)) == 1
    packages = tomllib.loads(new)["tool"]["poetry"]["packages"]
    assert packages[-1] == {"include": include, "from": origin}


def test_an_include_of_the_same_package_from_another_folder_is_a_new_include() -> None:
    new = pyproject.add_brick_include(PEP621, "acme/greeting", "bases")

    assert added_lines(PEP621, new) == ['    { include = "acme/greeting", from = "bases" },']


def test_an_include_written_with_another_spelling_of_its_folder_is_already_there() -> None:
    assert pyproject.add_brick_include(PEP621, "acme/greeting", "./components/") is PEP621
