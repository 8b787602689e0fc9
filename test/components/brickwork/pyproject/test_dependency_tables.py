"""Which table holds a project's dependencies: what Brickwork reads and where it writes, checked
against what poetry-core's `Factory` reads from the same file."""

from __future__ import annotations

from pathlib import Path

import pytest
from poetry.core.factory import Factory

from brickwork import pyproject, workspace
from test.conftest import MakeWorkspace

HYBRID = """\
[project]
name = "svc"
dynamic = ["version"]

[tool.poetry]
version = "1.0.0"

[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
attrs = ">=23"
"""

BOTH = """\
[project]
name = "svc"
dynamic = ["version"]
dependencies = ["click>=8"]

[tool.poetry]
version = "1.0.0"

[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
click = { version = ">=8", source = "pypi" }
"""

EMPTY_ARRAY = """\
[project]
name = "svc"
version = "1.0.0"
dependencies = []

[tool.poetry.dependencies]
requests = "^2.31"
"""

DYNAMIC = """\
[project]
name = "svc"
version = "1.0.0"
dynamic = ["dependencies"]

[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
ujson = { version = "*", optional = true }
"""

DYNAMIC_WITH_EXTRAS = """\
[project]
name = "svc"
version = "1.0.0"
dynamic = ["dependencies"]

[project.optional-dependencies]
fast = ["ujson"]

[tool.poetry.dependencies]
requests = "^2.31"
"""

STATIC_EXTRAS_ONLY = """\
[project]
name = "svc"
version = "1.0.0"

[project.optional-dependencies]
fast = ["ujson"]

[tool.poetry.dependencies]
requests = "^2.31"
"""

PEP621 = """\
[project]
name = "svc"
version = "1.0.0"
dependencies = ["requests>=2.31"]
"""

POETRY = """\
[tool.poetry]
name = "svc"
version = "1.0.0"
description = ""
authors = []

[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
"""

GROUPS = """\
[project]
name = "svc"
version = "1.0.0"
dependencies = ["requests>=2.31"]

[dependency-groups]
dev = ["pytest>=8"]

[tool.poetry.group.dev.dependencies]
mypy = "*"

[tool.poetry.group.docs.dependencies]
mkdocs = "*"
"""

FILES = {
    "hybrid": HYBRID,
    "both": BOTH,
    "empty-array": EMPTY_ARRAY,
    "dynamic": DYNAMIC,
    "dynamic-with-extras": DYNAMIC_WITH_EXTRAS,
    "static-extras-only": STATIC_EXTRAS_ONLY,
    "pep621": PEP621,
    "poetry": POETRY,
    "groups": GROUPS,
}


def poetry_reads(folder: Path) -> dict[str, set[tuple[str, bool]]]:
    """{group: {(name, optional)}} as poetry-core's Factory reads the project in `folder`."""
    package = Factory().create_poetry(folder).package
    return {
        str(group): {
            (str(d.name), d.is_optional()) for d in package.dependency_group(group).dependencies
        }
        for group in package.dependency_group_names()
    }


def brickwork_reads(project: workspace.Project) -> dict[str, set[tuple[str, bool]]]:
    found: dict[str, set[tuple[str, bool]]] = {}
    for dep in project.dependencies:
        found.setdefault(dep.group, set()).add((dep.name, dep.extra is not None))
    return found


def load_project(make_workspace: MakeWorkspace, text: str) -> workspace.Workspace:
    factory = make_workspace()
    factory.write("projects/svc/pyproject.toml", text)
    return workspace.load(factory.root)


@pytest.mark.parametrize("name", sorted(FILES))
def test_brickwork_reads_the_dependencies_poetry_core_reads(
    make_workspace: MakeWorkspace, name: str
) -> None:
    ws = load_project(make_workspace, FILES[name])
    project = ws.project("svc")
    assert project is not None

    assert brickwork_reads(project) == poetry_reads(project.path)


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_dependency_sync_adds_is_read_by_poetry_core_next_to_every_one_it_had(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(FILES[name], encoding="utf-8")
    before = poetry_reads(tmp_path).get("main", set())

    text = pyproject.add_dependency(FILES[name], "pyyaml", ">=6")
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")

    assert poetry_reads(tmp_path).get("main", set()) == before | {("pyyaml", False)}


def test_a_hybrid_file_gets_its_new_dependency_in_the_poetry_table_and_no_project_array() -> None:
    text = pyproject.add_dependency(HYBRID, "pyyaml", "^6.0")

    assert text == HYBRID.replace('attrs = ">=23"\n', 'attrs = ">=23"\npyyaml = "^6.0"\n')


def test_a_file_whose_dynamic_names_dependencies_never_gets_a_project_array() -> None:
    text = pyproject.add_dependency(DYNAMIC.replace('requests = "^2.31"\n', ""), "pyyaml")

    assert "dependencies = [" not in text
    assert 'pyyaml = "*"' in text


def test_a_pep621_file_with_no_dependencies_anywhere_gets_a_project_array() -> None:
    text = pyproject.add_dependency('[project]\nname = "svc"\nversion = "1"\n', "pyyaml", ">=6")

    assert text == '[project]\nname = "svc"\nversion = "1"\ndependencies = [\n    "pyyaml>=6",\n]\n'


def test_a_file_with_both_tables_says_which_one_poetry_reads_and_names_the_file(
    make_workspace: MakeWorkspace,
) -> None:
    ws = load_project(make_workspace, BOTH)
    project = ws.project("svc")
    assert project is not None

    problems = [p for p in ws.problems if p.path == project.file]

    assert [(p.code, p.subject, p.message) for p in problems] == [
        (
            workspace.codes.IGNORED_DEPENDENCIES,
            "[tool.poetry.dependencies]",
            "Poetry ignores requests in [tool.poetry.dependencies]: it reads [project] "
            "dependencies once [project] declares any; declare them there (or move every "
            'runtime dependency to [tool.poetry.dependencies] and add "dependencies" to '
            "[project] dynamic)",
        )
    ]
    assert {d.name for d in project.dependencies} == {"click"}


def test_a_dependency_group_table_hidden_by_dependency_groups_is_named(
    make_workspace: MakeWorkspace,
) -> None:
    ws = load_project(make_workspace, GROUPS)

    assert [p.message for p in ws.problems] == [
        "Poetry ignores mypy in [tool.poetry.group.dev.dependencies]: it reads "
        "[dependency-groups] dev instead; declare them there"
    ]


@pytest.mark.parametrize("name", ["hybrid", "dynamic", "pep621", "poetry", "empty-array"])
def test_a_file_poetry_reads_whole_gets_no_finding(
    make_workspace: MakeWorkspace, name: str
) -> None:
    ws = load_project(make_workspace, FILES[name])

    assert ws.problems == ()
