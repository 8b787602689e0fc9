"""`pyproject.rewritten` alone: a Poetry table entry becomes the PEP 508 string, and a PEP 508
string the Poetry table entry, that poetry-core's own readers read as the same requirement
(extras, markers, git, URL and path sources); what a Poetry table cannot name is refused."""

from __future__ import annotations

import pytest
from poetry.core.factory import Factory
from poetry.core.packages.dependency import Dependency

from brickwork import pyproject

TABLES = [
    {"version": ">=1.2,<2", "extras": ["a", "b"], "markers": "sys_platform == 'linux'"},
    {"git": "https://github.com/acme/mylib.git", "branch": "main", "subdirectory": "lib"},
    {"git": "git@github.com:acme/mylib.git", "tag": "v1"},
    {"url": "https://example.com/mylib-1.0.zip", "subdirectory": "lib", "extras": ["a"]},
    {"path": "/opt/libs/mylib", "markers": "python_version < '3.12'"},
    {"version": "*", "optional": True},
]
STRINGS = [
    "mylib[a,b]>=1.2,<2; sys_platform == 'linux'",
    "mylib @ git+https://github.com/acme/mylib.git@v1#subdirectory=lib",
    "mylib @ git+ssh://git@github.com/acme/mylib.git@main",
    "mylib[a] @ https://example.com/mylib-1.0.zip ; python_version < '3.12'",
    "mylib @ file:///opt/libs/mylib",
    "mylib",
]


def poetry_core(dependency: Dependency) -> str:
    return dependency.to_pep_508()


def pep440(constraint: str) -> str:
    return "" if constraint in ("", "*") else constraint


@pytest.mark.parametrize("table", TABLES, ids=[str(t) for t in TABLES])
def test_a_poetry_table_becomes_the_pep508_string_poetry_core_reads_the_same(
    table: dict[str, object],
) -> None:
    declaration = pyproject.Declaration("mylib", tables=(table,))
    (text,) = pyproject.rewritten(declaration, pep621=True, pep440=pep440).strings
    wanted = Factory.create_dependency("mylib", {k: v for k, v in table.items() if k != "optional"})

    assert poetry_core(Dependency.create_from_pep_508(text)) == poetry_core(wanted)


@pytest.mark.parametrize("text", STRINGS)
def test_a_pep508_string_becomes_the_poetry_table_poetry_core_reads_the_same(text: str) -> None:
    declaration = pyproject.Declaration("mylib", strings=(text,))
    value = pyproject.rewritten(declaration, pep621=False, pep440=pep440).poetry

    got = Factory.create_dependency("mylib", value)
    assert poetry_core(got) == poetry_core(Dependency.create_from_pep_508(text))


def test_a_vcs_other_than_git_is_refused_for_a_poetry_table() -> None:
    declaration = pyproject.Declaration("mylib", strings=("mylib @ hg+https://example.com/r",))

    with pytest.raises(pyproject.Unwritable, match="a source Poetry's table cannot name"):
        pyproject.rewritten(declaration, pep621=False, pep440=pep440)
