"""`poly sync --libs` copies a library with what the development project's declaration means:
extras, markers, a git, path or URL source, in the project file's own format (a PEP 508 string
in `[project] dependencies`, a Poetry table entry), or refuses that one library with a line
that says what to add by hand, and writes the rest. Real plugin, real files; poetry-core's
`Factory` reads both files back to prove Poetry reads the same requirement in each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from poetry.core.factory import Factory

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

SVC = "projects/svc/pyproject.toml"
DEV_POETRY = """\
[tool.poetry]
name = "development"
version = "0.1.0"
description = ""
authors = []
packages = [
    {{ include = "acme/web", from = "components" }},
]

[tool.poetry.dependencies]
python = "^3.10"
{lines}
"""
DEV_PEP621 = """\
[project]
name = "development"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = [
{lines}
]

[tool.poetry]
packages = [
    {{ include = "acme/web", from = "components" }},
]
"""
SVC_PEP621 = """\
[project]
name = "svc"
version = "1.0.0"
dependencies = [
]

[tool.poetry]
packages = [
    { include = "acme/web", from = "../../components" },
]
"""
SVC_POETRY = """\
[tool.poetry]
name = "svc"
version = "1.0.0"
description = ""
authors = []
packages = [
    { include = "acme/web", from = "../../components" },
]

[tool.poetry.dependencies]
python = "^3.10"
"""
GIT = "https://github.com/acme/mylib.git"


def workspace(make_workspace: MakeWorkspace, dev: str, svc: str) -> WorkspaceFactory:
    """web imports uvicorn and mylib; `dev` is the development project's file, `svc` the
    project's; libs/mylib is a local library."""
    factory = make_workspace()
    factory.component("web", "import mylib\nimport uvicorn\n")
    factory.write("pyproject.toml", dev)
    factory.write("libs/mylib/pyproject.toml", '[project]\nname = "mylib"\nversion = "1.0"\n')
    factory.write(SVC, svc)
    return factory


def reads(folder: Path, name: str) -> set[tuple[str, bool]]:
    """(PEP 508, develop) of each runtime requirement `name` poetry-core reads in `folder`."""
    package = Factory().create_poetry(folder).package
    return {
        (d.to_pep_508(), getattr(d, "develop", False)) for d in package.requires if d.name == name
    }


def locks(folder: Path, name: str) -> set[tuple[str, bool]]:
    """The same for what Poetry locks and installs (a `[project]` string merged with the
    `[tool.poetry.dependencies]` entry of the same name)."""
    group = Factory().create_poetry(folder).package.dependency_group("main")
    found = group.dependencies_for_locking
    return {(d.to_pep_508(), getattr(d, "develop", False)) for d in found if d.name == name}


@dataclass(frozen=True)
class Case:
    id: str
    dev: str
    svc: str
    added: str
    """The text sync adds to the project file (after the anchor line of its format)."""


def poetry_dev(mylib: str, uvicorn: str = 'uvicorn = "^0.30"') -> str:
    return DEV_POETRY.format(lines=f"{mylib}\n{uvicorn}")


def pep621_dev(mylib: str, uvicorn: str = '"uvicorn>=0.30"') -> str:
    return DEV_PEP621.format(lines=f"    {mylib},\n    {uvicorn},")


CASES = [
    Case(
        "poetry-extras-to-poetry",
        poetry_dev('mylib = "^1.0"', 'uvicorn = { version = "^0.30", extras = ["standard"] }'),
        SVC_POETRY,
        'mylib = "^1.0"\nuvicorn = {version = "^0.30", extras = ["standard"]}\n',
    ),
    Case(
        "poetry-extras-to-pep621",
        poetry_dev('mylib = "^1.0"', 'uvicorn = { version = "^0.30", extras = ["standard"] }'),
        SVC_PEP621,
        '    "mylib>=1.0,<2.0",\n    "uvicorn[standard]>=0.30,<0.31",\n',
    ),
    Case(
        "poetry-markers-to-pep621",
        poetry_dev('mylib = { version = ">=1", markers = "sys_platform == \'linux\'" }'),
        SVC_PEP621,
        '    "mylib>=1; sys_platform == \'linux\'",\n    "uvicorn>=0.30,<0.31",\n',
    ),
    Case(
        "poetry-git-to-poetry",
        poetry_dev(f'mylib = {{ git = "{GIT}", rev = "v1" }}'),
        SVC_POETRY,
        f'mylib = {{git = "{GIT}", rev = "v1"}}\nuvicorn = "^0.30"\n',
    ),
    Case(
        "poetry-git-to-pep621",
        poetry_dev(f'mylib = {{ git = "{GIT}", tag = "v1", subdirectory = "lib" }}'),
        SVC_PEP621,
        f'    "mylib @ git+{GIT}@v1#subdirectory=lib",\n    "uvicorn>=0.30,<0.31",\n',
    ),
    Case(
        "poetry-path-to-poetry-is-made-relative-to-the-project",
        poetry_dev('mylib = { path = "libs/mylib", develop = true }'),
        SVC_POETRY,
        'mylib = {path = "../../libs/mylib", develop = true}\nuvicorn = "^0.30"\n',
    ),
    Case(
        "poetry-path-to-pep621-is-made-relative-to-the-project",
        poetry_dev('mylib = { path = "./libs/mylib" }'),
        SVC_PEP621,
        '    "mylib @ ../../libs/mylib",\n    "uvicorn>=0.30,<0.31",\n',
    ),
    Case(
        "poetry-url-to-pep621",
        poetry_dev('mylib = { url = "https://example.com/mylib-1.0.tar.gz" }'),
        SVC_PEP621,
        '    "mylib @ https://example.com/mylib-1.0.tar.gz",\n    "uvicorn>=0.30,<0.31",\n',
    ),
    Case(
        "pep621-extras-and-markers-to-pep621",
        pep621_dev('"mylib>=1"', "\"uvicorn[standard]>=0.30; python_version >= '3.10'\""),
        SVC_PEP621,
        '    "mylib>=1",\n    "uvicorn[standard]>=0.30; python_version >= \'3.10\'",\n',
    ),
    Case(
        "pep621-extras-and-markers-to-poetry",
        pep621_dev('"mylib>=1"', "\"uvicorn[standard]>=0.30; python_version >= '3.10'\""),
        SVC_POETRY,
        'mylib = ">=1"\nuvicorn = {version = ">=0.30", extras = ["standard"], '
        'markers = "python_version >= \\"3.10\\""}\n',
    ),
    Case(
        "pep621-git-to-poetry",
        pep621_dev(f'"mylib @ git+{GIT}@v1"'),
        SVC_POETRY,
        f'mylib = {{git = "{GIT}", rev = "v1"}}\nuvicorn = ">=0.30"\n',
    ),
    Case(
        "pep621-local-path-to-pep621-is-made-relative-to-the-project",
        pep621_dev('"mylib @ ./libs/mylib"'),
        SVC_PEP621,
        '    "mylib @ ../../libs/mylib",\n    "uvicorn>=0.30",\n',
    ),
    Case(
        "pep621-local-path-to-poetry-is-made-relative-to-the-project",
        pep621_dev('"mylib @ ./libs/mylib"'),
        SVC_POETRY,
        'mylib = {path = "../../libs/mylib"}\nuvicorn = ">=0.30"\n',
    ),
    Case(
        "pep621-url-to-poetry",
        pep621_dev('"mylib @ https://example.com/mylib-1.0.tar.gz"'),
        SVC_POETRY,
        'mylib = {url = "https://example.com/mylib-1.0.tar.gz"}\nuvicorn = ">=0.30"\n',
    ),
]


def _expected(case: Case) -> str:
    if case.svc is SVC_PEP621:
        return case.svc.replace("dependencies = [\n", f"dependencies = [\n{case.added}")
    return case.svc + case.added


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sync_libs_writes_what_the_development_declaration_means_in_the_files_format(
    make_workspace: MakeWorkspace, poly: PolyRunner, case: Case
) -> None:
    factory = workspace(make_workspace, case.dev, case.svc)

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert (result.exit_code, result.stderr) == (0, ""), result.stdout
    assert (factory.root / SVC).read_text(encoding="utf-8") == _expected(case)
    for name in ("mylib", "uvicorn"):
        assert reads(factory.root / "projects/svc", name) == reads(factory.root, name), name
    again = poly("poly sync", "--check --libs", cwd=factory.root)
    assert again.exit_code == 0, again.stdout + again.stderr


def test_a_declaration_a_pep621_array_cannot_hold_is_refused_by_name_and_the_rest_written(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    dev = poetry_dev('mylib = { path = "libs/mylib", develop = true }')
    factory = workspace(make_workspace, dev, SVC_PEP621)

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert result.exit_code == 1
    assert result.stdout == "updated projects/svc/pyproject.toml\n"
    assert result.stderr == (
        "projects/svc/pyproject.toml: mylib is not added: the development project declares it "
        'as { path = "../../libs/mylib", develop = true }, and [project] dependencies cannot '
        'say develop; add "mylib" to [project] dependencies and mylib = { path = '
        '"../../libs/mylib", develop = true } to [tool.poetry.dependencies] (Poetry merges '
        "the two).\n"
    )
    assert (factory.root / SVC).read_text(encoding="utf-8") == SVC_PEP621.replace(
        "dependencies = [\n", 'dependencies = [\n    "uvicorn>=0.30,<0.31",\n'
    )
    check = poly("poly sync", "--check --libs", cwd=factory.root)
    assert (check.exit_code, check.stdout) == (1, "")
    assert "mylib is not added" in check.stderr


def test_the_hand_fix_the_refusal_names_makes_poetry_read_what_the_development_project_reads(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    dev = poetry_dev('mylib = { path = "libs/mylib", develop = true }')
    factory = workspace(make_workspace, dev, SVC_PEP621)
    poly("poly sync", "--libs", cwd=factory.root)
    file = factory.root / SVC
    text = file.read_text(encoding="utf-8").replace(
        "dependencies = [\n", 'dependencies = [\n    "mylib",\n'
    )
    file.write_text(
        text
        + '\n[tool.poetry.dependencies]\nmylib = { path = "../../libs/mylib", develop = true }\n'
    )

    assert locks(file.parent, "mylib") == locks(factory.root, "mylib")
    assert poly("poly sync", "--check --libs", cwd=factory.root).exit_code == 0


def test_a_poetry_only_key_or_constraint_is_refused_for_a_pep621_project_and_kept_for_poetry(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    dev = poetry_dev('mylib = { version = "^1.0", source = "private" }', 'uvicorn = "0.29 || 0.30"')
    pep621 = workspace(make_workspace, dev, SVC_PEP621)
    refused = poly("poly sync", "--libs", cwd=pep621.root)
    (pep621.root / SVC).write_text(SVC_POETRY, encoding="utf-8")
    kept = poly("poly sync", "--libs", cwd=pep621.root)

    assert refused.exit_code == 1
    assert refused.stdout == ""
    lines = refused.stderr.splitlines()
    assert [line.split(" is not added: ")[0] for line in lines] == [
        "projects/svc/pyproject.toml: mylib",
        "projects/svc/pyproject.toml: uvicorn",
    ]
    assert "cannot say source" in lines[0]
    assert "cannot say the version '0.29 || 0.30'" in lines[1]
    assert (kept.exit_code, kept.stderr) == (0, "")
    assert (pep621.root / SVC).read_text(encoding="utf-8") == SVC_POETRY + (
        'mylib = {version = "^1.0", source = "private"}\nuvicorn = "0.29 || 0.30"\n'
    )


def test_a_dev_group_duplicate_gives_way_to_the_runtime_declaration_with_its_extras(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    dev = poetry_dev(
        'mylib = "^1.0"',
        'uvicorn = { version = "^0.30", extras = ["standard"] }\n\n'
        '[tool.poetry.group.dev.dependencies]\nuvicorn = ">=0.1"\nmylib = { path = "libs/mylib" }',
    )
    factory = workspace(make_workspace, dev, SVC_PEP621)

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert (result.exit_code, result.stderr) == (0, "")
    assert reads(factory.root / "projects/svc", "uvicorn") == {
        ("uvicorn[standard] (>=0.30,<0.31)", False)
    }
    assert reads(factory.root / "projects/svc", "mylib") == {("mylib (>=1.0,<2.0)", False)}


def test_a_pep621_dev_group_duplicate_gives_way_to_the_project_array(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    dev = pep621_dev('"mylib>=1"', '"uvicorn[standard]>=0.30"').replace(
        "[tool.poetry]",
        '[dependency-groups]\ndev = ["uvicorn>=0.1", "mylib @ ./libs/mylib"]\n\n[tool.poetry]',
    )
    factory = workspace(make_workspace, dev, SVC_POETRY)

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert (result.exit_code, result.stderr) == (0, "")
    assert (factory.root / SVC).read_text(encoding="utf-8") == SVC_POETRY + (
        'mylib = ">=1"\nuvicorn = {version = ">=0.30", extras = ["standard"]}\n'
    )
    for name in ("mylib", "uvicorn"):
        assert reads(factory.root / "projects/svc", name) == reads(factory.root, name)


def test_one_constraint_per_python_is_copied_whole_in_both_formats(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    split = "\"mylib>=1; python_version >= '3.12'\",\n    \"mylib<1; python_version < '3.12'\""
    factory = workspace(make_workspace, pep621_dev(split), SVC_POETRY)
    to_poetry = poly("poly sync", "--libs", cwd=factory.root)
    poetry_text = (factory.root / SVC).read_text(encoding="utf-8")
    poetry_reads = reads(factory.root / "projects/svc", "mylib")
    mylib = next(line for line in poetry_text.splitlines() if line.startswith("mylib"))
    factory.write("pyproject.toml", poetry_dev(mylib))
    factory.write(SVC, SVC_PEP621)
    to_pep621 = poly("poly sync", "--libs", cwd=factory.root)

    assert (to_poetry.exit_code, to_poetry.stderr) == (0, "")
    assert poetry_text == SVC_POETRY + (
        'mylib = [{version = ">=1", markers = "python_version >= \\"3.12\\""}, '
        '{version = "<1", markers = "python_version < \\"3.12\\""}]\nuvicorn = ">=0.30"\n'
    )
    assert poetry_reads == {
        ('mylib (>=1) ; python_version >= "3.12"', False),
        ('mylib (<1) ; python_version < "3.12"', False),
    }
    assert (to_pep621.exit_code, to_pep621.stderr) == (0, "")
    assert reads(factory.root / "projects/svc", "mylib") == poetry_reads


ENRICHED = pep621_dev('"mylib[fast]"') + (
    '\n[tool.poetry.dependencies]\nmylib = { path = "libs/mylib", develop = true }\n'
)


def test_a_project_string_completed_in_the_poetry_table_is_copied_as_poetry_locks_it(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = workspace(make_workspace, ENRICHED, SVC_POETRY)
    to_poetry = poly("poly sync", "--libs", cwd=factory.root)
    poetry_text = (factory.root / SVC).read_text(encoding="utf-8")
    poetry_locks = locks(factory.root / "projects/svc", "mylib")
    factory.write(SVC, SVC_PEP621)
    to_pep621 = poly("poly sync", "--libs", cwd=factory.root)

    assert (to_poetry.exit_code, to_poetry.stderr) == (0, "")
    assert poetry_text == SVC_POETRY + (
        'mylib = {path = "../../libs/mylib", develop = true, extras = ["fast"]}\n'
        'uvicorn = ">=0.30"\n'
    )
    assert poetry_locks == locks(factory.root, "mylib")
    assert (to_pep621.exit_code, to_pep621.stderr) == (0, "")
    assert (factory.root / SVC).read_text(encoding="utf-8") == SVC_PEP621.replace(
        "dependencies = [\n", 'dependencies = [\n    "mylib[fast]",\n    "uvicorn>=0.30",\n'
    ) + ('\n[tool.poetry.dependencies]\nmylib = {path = "../../libs/mylib", develop = true}\n')
    assert locks(factory.root / "projects/svc", "mylib") == locks(factory.root, "mylib")
    assert reads(factory.root / "projects/svc", "mylib") == reads(factory.root, "mylib")
    check = poly("poly check", cwd=factory.root)
    assert "BW008" not in check.stdout + check.stderr
    assert "BW201" not in check.stdout + check.stderr
    assert poly("poly sync", "--check --libs", cwd=factory.root).exit_code == 0


def test_a_completed_project_string_one_poetry_entry_cannot_say_is_refused(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    dev = pep621_dev('"mylib>=1"') + (
        '\n[tool.poetry.dependencies]\nmylib = { version = "<3", source = "private" }\n'
    )
    factory = workspace(make_workspace, dev, SVC_POETRY)

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert result.exit_code == 1
    assert result.stderr == (
        "projects/svc/pyproject.toml: mylib is not added: the development project declares it "
        "in [project] dependencies and completes it in [tool.poetry.dependencies] with "
        '{ version = "<3", source = "private" }, which one Poetry table entry cannot say; '
        "declare mylib by hand as Poetry locks it in the development project.\n"
    )
    assert (factory.root / SVC).read_text(encoding="utf-8") == SVC_POETRY + 'uvicorn = ">=0.30"\n'


def test_a_version_string_completed_by_a_path_entry_is_refused_for_a_poetry_table(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    dev = pep621_dev('"mylib>=1"') + (
        '\n[tool.poetry.dependencies]\nmylib = { path = "libs/mylib", develop = true }\n'
    )
    factory = workspace(make_workspace, dev, SVC_POETRY)

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert result.exit_code == 1
    assert result.stderr.startswith("projects/svc/pyproject.toml: mylib is not added: ")
    assert "which one Poetry table entry cannot say" in result.stderr
