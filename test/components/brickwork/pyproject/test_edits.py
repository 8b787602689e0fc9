"""Removing bricks, re-pointing includes, adding and removing dependencies."""

from __future__ import annotations

import pytest

from brickwork import pyproject
from brickwork.workspace import PolyError

PACKAGES = """\
# the service
[project]
name = "svc"
dependencies = [
    'attrs>=23',  # pinned by ops
    'requests',
]

[tool.poetry]
packages = [
    # bricks
    { include = "acme/a", from = "../../components" },
    { include = "acme/c", from = "../../components" },  # c stays
    { include = "acme/z", from = "../../bases" },
]
"""

POLYLITH = """\
[tool.poetry]
name = "svc"

[tool.poetry.dependencies]
python = "^3.10"
attrs = "^23"  # pinned by ops

[tool.polylith.bricks]
"../../components/acme/a" = "acme/a"  # first
"../../bases/acme/z" = "acme/z"
"""


def test_remove_brick_deletes_only_the_line_of_that_include() -> None:
    new = pyproject.remove_brick(PACKAGES, "acme/a", "../../components")

    assert new == PACKAGES.replace('    { include = "acme/a", from = "../../components" },\n', "")


def test_remove_brick_from_a_polylith_bricks_table_deletes_its_key() -> None:
    new = pyproject.remove_brick(POLYLITH, "acme/z", "../../bases")

    assert new == POLYLITH.replace('"../../bases/acme/z" = "acme/z"\n', "")


def test_removing_a_brick_the_file_does_not_list_returns_the_same_text() -> None:
    assert pyproject.remove_brick(PACKAGES, "acme/q", "../../components") is PACKAGES
    assert pyproject.remove_brick(POLYLITH, "acme/a", "../components") is POLYLITH


def test_sorted_add_puts_a_brick_among_the_bricks_of_its_folder() -> None:
    new = pyproject.add_brick(PACKAGES, "acme/b", "../../components", sort=True)
    base = pyproject.add_brick(new, "acme/y", "../../bases", sort=True)

    lines = base.splitlines()
    assert lines[11:16] == [
        '    { include = "acme/a", from = "../../components" },',
        '    { include = "acme/b", from = "../../components" },',
        '    { include = "acme/c", from = "../../components" },  # c stays',
        '    { include = "acme/y", from = "../../bases" },',
        '    { include = "acme/z", from = "../../bases" },',
    ]


def test_sorted_add_to_a_polylith_bricks_table_keeps_keys_in_order() -> None:
    new = pyproject.add_brick(POLYLITH, "acme/b", "../../components", sort=True)

    assert new == POLYLITH.replace(
        "  # first\n", '  # first\n"../../components/acme/b" = "acme/b"\n'
    )


def test_set_include_from_rewrites_the_origin_in_both_styles() -> None:
    packages = pyproject.set_include_from(PACKAGES, "acme/c", "../../components", "components")
    bricks = pyproject.set_include_from(POLYLITH, "acme/a", "../../components", "components")

    assert packages == PACKAGES.replace(
        '"acme/c", from = "../../components"', '"acme/c", from = "components"'
    )
    assert bricks == POLYLITH.replace('"../../components/acme/a"', '"components/acme/a"')
    assert pyproject.set_include_from(POLYLITH, "acme/q", "x", "y") is POLYLITH


def test_add_dependency_to_a_pep621_file_keeps_its_quotes_and_sorted_order() -> None:
    new = pyproject.add_dependency(PACKAGES, "Click", ">=8")

    assert new == PACKAGES.replace("    'requests',\n", "    'click>=8',\n    'requests',\n")


def test_add_dependency_to_a_poetry_file_writes_a_constraint_key() -> None:
    new = pyproject.add_dependency(POLYLITH, "click", "^8")

    assert new == POLYLITH.replace("ops\n", 'ops\nclick = "^8"\n', 1)


def test_add_dependency_goes_to_poetry_when_the_project_makes_dependencies_dynamic() -> None:
    text = '[project]\nname = "x"\ndynamic = ["dependencies"]\n'

    new = pyproject.add_dependency(text, "click", "")

    assert new == text + '\n[tool.poetry.dependencies]\nclick = "*"\n'


def test_add_dependency_already_declared_returns_the_same_text() -> None:
    assert pyproject.add_dependency(PACKAGES, "Attrs", ">=1") is PACKAGES
    assert pyproject.add_dependency(POLYLITH, "attrs") is POLYLITH


def test_add_dependency_with_a_poetry_constraint_to_a_pep621_file_is_refused() -> None:
    with pytest.raises(PolyError, match=r"PEP 440 constraint"):
        pyproject.add_dependency(PACKAGES, "click", "^8")


def test_remove_dependency_deletes_the_line_with_its_comment() -> None:
    assert pyproject.remove_dependency(PACKAGES, "attrs") == PACKAGES.replace(
        "    'attrs>=23',  # pinned by ops\n", ""
    )
    assert pyproject.remove_dependency(POLYLITH, "ATTRS") == POLYLITH.replace(
        'attrs = "^23"  # pinned by ops\n', ""
    )
    assert pyproject.remove_dependency(POLYLITH, "nope") is POLYLITH


def test_an_edit_of_a_malformed_table_names_the_key() -> None:
    with pytest.raises(PolyError, match=r"tool.polylith.bricks is not a table"):
        pyproject.remove_brick("[tool.polylith]\nbricks = 5\n", "acme/a", "components")
    with pytest.raises(PolyError, match=r"\[project\] dependencies is not an array"):
        pyproject.add_dependency('[project]\ndependencies = "x"\n', "click")


def test_change_to_is_none_when_the_file_already_holds_the_text(tmp_path: object) -> None:
    from pathlib import Path

    root = Path(str(tmp_path))
    (root / "a.txt").write_text("same", encoding="utf-8")
    disk = pyproject.snapshot(root, ["a.txt", "b.txt"])

    assert pyproject.change_to(disk, "a.txt", "same") is None
    update = pyproject.change_to(disk, "a.txt", "new")
    create = pyproject.change_to(disk, "b.txt", "new")
    assert update is not None and update.kind is pyproject.ChangeKind.UPDATE
    assert update.before == "same"
    assert create is not None and create.kind is pyproject.ChangeKind.CREATE
