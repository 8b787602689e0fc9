"""`poly sync --libs` writes a library where Poetry reads the project's dependencies, and
`check` counts only what Poetry reads: real project files, read back by poetry-core."""

from __future__ import annotations

from pathlib import Path

from poetry.core.factory import Factory

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

PACKAGES = """\
packages = [
    { include = "acme/api", from = "../../bases" },
    { include = "acme/greeting", from = "../../components" },
    { include = "acme/log", from = "../../components" },
]
"""

HYBRID = f"""\
[project]
name = "svc"
dynamic = ["version"]
requires-python = ">=3.10"

[tool.poetry]
version = "1.0.0"
{PACKAGES}
[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
attrs = ">=23"
"""

BOTH = f"""\
[project]
name = "svc"
version = "1.0.0"
dependencies = ["click>=8.1"]

[tool.poetry]
{PACKAGES}
[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
"""

DYNAMIC = f"""\
[project]
name = "svc"
version = "1.0.0"
dynamic = ["dependencies"]

[tool.poetry]
{PACKAGES}"""


def service(make_workspace: MakeWorkspace, dev_dependencies: str) -> WorkspaceFactory:
    """log imports requests, greeting imports click; the development project declares
    `dev_dependencies` (lines of its `[tool.poetry.dependencies]`)."""
    factory = make_workspace(dev_style="poetry")
    factory.component("log", "import requests\n")
    factory.component("greeting", "import click\n\nimport acme.log\n")
    factory.base("api", "from acme.greeting import hello\n")
    dev = factory.root / "pyproject.toml"
    text = dev.read_text(encoding="utf-8")
    dev.write_text(text.replace('python = "^3.10"\n', f'python = "^3.10"\n{dev_dependencies}'))
    return factory


def requires(project: Path) -> set[str]:
    """The runtime dependencies poetry-core reads from the project in `project`."""
    return {str(d.to_pep_508()) for d in Factory().create_poetry(project).package.requires}


def test_a_hybrid_project_gets_its_library_in_the_poetry_table_and_keeps_every_dependency(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, 'requests = "^2.31"\nclick = "^8.1"\nattrs = ">=23"\n')
    file = factory.write("projects/svc/pyproject.toml", HYBRID)

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert (result.exit_code, result.stderr) == (0, "")
    assert file.read_text(encoding="utf-8") == HYBRID.replace(
        'attrs = ">=23"\n', 'attrs = ">=23"\nclick = "^8.1"\n'
    )
    assert requires(file.parent) == {
        "requests (>=2.31,<3.0)",
        "attrs (>=23)",
        "click (>=8.1,<9.0)",
    }
    again = poly("poly sync", "--check --libs", cwd=factory.root)
    assert again.exit_code == 0, again.stdout
    check = poly("poly check", cwd=factory.root)
    assert "BW201" not in check.stdout + check.stderr
    assert "BW008" not in check.stdout + check.stderr


def test_a_project_whose_dynamic_names_dependencies_gets_a_poetry_table_not_a_project_array(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, 'requests = "^2.31"\nclick = "^8.1"\n')
    file = factory.write("projects/svc/pyproject.toml", DYNAMIC)

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert file.read_text(encoding="utf-8") == DYNAMIC + (
        '\n[tool.poetry.dependencies]\nclick = "^8.1"\nrequests = "^2.31"\n'
    )
    assert requires(file.parent) == {"click (>=8.1,<9.0)", "requests (>=2.31,<3.0)"}


def test_check_and_sync_count_only_the_table_poetry_reads_and_name_the_file(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, 'requests = "^2.31"\nclick = "^8.1"\n')
    file = factory.write("projects/svc/pyproject.toml", BOTH)
    ignored = (
        "Poetry ignores requests in [tool.poetry.dependencies]: it reads [project] dependencies "
        "once [project] declares any"
    )

    check = poly("poly check", cwd=factory.root)
    result = poly("poly sync", "--libs", cwd=factory.root)

    assert check.exit_code == 1
    assert f"projects/svc/pyproject.toml: BW008 warning {ignored}" in check.stdout
    assert "BW201" in check.stdout and "requests" in check.stdout
    assert result.exit_code == 0
    assert result.stderr.startswith(f"note: projects/svc/pyproject.toml: {ignored}")
    assert file.read_text(encoding="utf-8") == BOTH.replace(
        'dependencies = ["click>=8.1"]', 'dependencies = ["click>=8.1", "requests>=2.31,<3.0"]'
    )
    assert requires(file.parent) == {"click (>=8.1)", "requests (>=2.31,<3.0)"}
    after = poly("poly check", cwd=factory.root)
    assert "BW201" not in after.stdout
    assert "BW008" not in after.stdout


def test_a_star_constraint_is_any_version_in_both_project_styles(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, 'requests = "*"\nclick = "*"\n')
    pep621 = factory.project("svc", ["api"])
    poetry = factory.project("legacy", ["api"], style="poetry")

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert 'dependencies = [\n    "click",\n    "requests",\n]' in pep621.read_text(
        encoding="utf-8"
    )
    assert 'python = "^3.10"\nclick = "*"\nrequests = "*"\n' in poetry.read_text(encoding="utf-8")
    assert requires(pep621.parent) == {"click", "requests"}
    assert requires(poetry.parent) == {"click", "requests"}


def test_the_main_constraint_wins_over_a_dev_group_duplicate_wherever_the_group_is_written(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    group = '[tool.poetry.group.dev.dependencies]\nrequests = ">=2.0"\nclick = ">=7"\n\n'
    factory = service(make_workspace, 'requests = "^2.31"\nclick = "^8.1"\n')
    dev = factory.root / "pyproject.toml"
    text = dev.read_text(encoding="utf-8")
    dev.write_text(group + text if text.startswith("[") else text + group, encoding="utf-8")
    project = factory.project("svc", ["api"])

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert 'dependencies = [\n    "click>=8.1,<9.0",\n    "requests>=2.31,<3.0",\n]' in (
        project.read_text(encoding="utf-8")
    )


def test_a_library_a_project_declares_only_in_its_dev_group_is_added_to_its_runtime_ones(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, 'requests = "^2.31"\nclick = "^8.1"\n')
    file = factory.project(
        "legacy", ["api", "greeting", "log"], style="poetry", dependencies=["click"]
    )
    grouped = file.read_text(encoding="utf-8") + (
        '\n[tool.poetry.group.dev.dependencies]\nrequests = ">=2.0"\n'
    )
    file.write_text(grouped, encoding="utf-8")

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert file.read_text(encoding="utf-8") == grouped.replace(
        'click = "*"\n', 'click = "*"\nrequests = "^2.31"\n'
    )
    assert requires(file.parent) == {"click", "requests (>=2.31,<3.0)"}


def test_a_project_declaring_a_library_in_main_and_in_its_dev_group_is_left_alone(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    factory = service(make_workspace, 'requests = "^2.31"\nclick = "^8.1"\n')
    file = factory.project(
        "legacy", ["api", "greeting", "log"], style="poetry", dependencies=["click", "requests"]
    )
    file.write_text(
        file.read_text(encoding="utf-8")
        + '\n[tool.poetry.group.dev.dependencies]\nrequests = ">=2.0"\nclick = ">=7"\n',
        encoding="utf-8",
    )
    before = file.read_bytes()

    result = poly("poly sync", "--check --libs --prune --projects legacy", cwd=factory.root)

    assert (result.exit_code, result.stderr) == (0, "")
    assert file.read_bytes() == before
    assert requires(file.parent) == {"click", "requests"}
