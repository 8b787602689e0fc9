"""A project's runtime is the files its wheel holds; developer-only files inside a brick's
package (tests, conftest, scripts, docs configuration) are judged like the brick's other tests,
against the development project (ADR 0024). Each fixture keeps the true findings beside the
false ones it pins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brickwork import check, graph, imports, workspace
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

LAYOUTS = [
    ("loose", "pep621"),
    ("loose", "poetry"),
    ("tdd", "pep621"),
    ("tdd", "poetry"),
]

GREET_FILES = {
    "core.py": "import requests\nimport yaml\n\n\ndef hello() -> str:\n    return 'hi'\n",
    "tests/__init__.py": "",
    "tests/test_core.py": (
        "import hypothesis\nimport pytest\n\nfrom acme.greet import hello\n"
        "from acme.greet.core import hello as inner\n"
    ),
    "conftest.py": "import pytest\n",
    "scripts/seed.py": "import faker\n\nimport acme.api\n",
    "docs/conf.py": "import sphinx_rtd_theme\n",
    "tests/load_test.py": "import locust\n",
}


def development_text(style: str, includes: list[tuple[str, str]]) -> str:
    """The root project: runtime requests and pyyaml, pytest and hypothesis in a dev group
    (PEP 735 `[dependency-groups]` or Poetry's group); no faker, sphinx-rtd-theme or locust."""
    packages = "".join(f'    {{ include = "{i}", from = "{f}" }},\n' for i, f in includes)
    if style == "pep621":
        return (
            '[project]\nname = "development"\nversion = "0.1.0"\nrequires-python = ">=3.10"\n'
            'dependencies = ["requests", "pyyaml"]\n\n'
            '[dependency-groups]\ndev = ["pytest", "hypothesis"]\n\n'
            f"[tool.poetry]\npackages = [\n{packages}]\n"
        )
    return (
        '[tool.poetry]\nname = "development"\nversion = "0.1.0"\ndescription = ""\n'
        f"authors = []\npackages = [\n{packages}]\n\n"
        '[tool.poetry.dependencies]\npython = "^3.10"\nrequests = "*"\npyyaml = "*"\n\n'
        '[tool.poetry.group.dev.dependencies]\npytest = "*"\nhypothesis = "*"\n'
    )


def shipped_workspace(
    make_workspace: MakeWorkspace, theme: str, style: str, exclude: str = '["**/tests"]'
) -> WorkspaceFactory:
    """`greet` carries tests, a conftest, a script, a docs configuration and a load test
    inside its package; `svc` ships `api` and `greet`, declares requests only (pyyaml is a
    true BW201) and excludes `exclude` from its wheel."""
    factory = make_workspace(theme=theme, dev_style=style)
    factory.component("greet", "from acme.greet.core import hello\n", GREET_FILES)
    factory.base("api", "from acme import greet\n")
    includes = [factory.include(k, n, prefix="") for k, n in factory.dev_bricks]
    factory.write("pyproject.toml", development_text(style, includes))
    project = factory.project("svc", ["api", "greet"], style=style, dependencies=["requests"])
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace("[tool.poetry]\n", f"[tool.poetry]\nexclude = {exclude}\n", 1),
        encoding="utf-8",
    )
    return factory


def findings(poly: PolyRunner, root: Path, *args: str) -> list[tuple[str, str, str, str]]:
    """(code, project, subject, file) of every finding of `check --output json`, once per
    project it concerns."""
    result = poly("poly check", " ".join(("--output json", *args)), cwd=root)
    assert result.exit_code in (0, 1), result.stderr
    rows = json.loads(result.stdout)["result"]["findings"]
    return sorted(
        (row["code"], project, row["subject"], row["path"])
        for row in rows
        for project in row.get("projects") or [""]
    )


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_developer_only_files_of_a_package_are_the_bricks_tests(
    make_workspace: MakeWorkspace, theme: str, style: str
) -> None:
    factory = shipped_workspace(make_workspace, theme, style)
    ws = workspace.load(factory.root)

    scan = imports.scan_workspace(ws, use_cache=False)

    greet = ws.brick("greet")
    assert greet is not None
    code = sorted(f.path.relative_to(greet.path).as_posix() for f in scan.bricks["greet"].files)
    assert code == ["__init__.py", "core.py"]
    tests = sorted(
        f.path.relative_to(greet.path).as_posix()
        for f in scan.bricks["greet"].tests
        if f.path.is_relative_to(greet.path)
    )
    assert tests == [
        "conftest.py",
        "docs/conf.py",
        "scripts/seed.py",
        "tests/__init__.py",
        "tests/load_test.py",
        "tests/test_core.py",
    ]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_script_importing_a_base_makes_no_brick_edge_nor_interface_finding(
    make_workspace: MakeWorkspace, theme: str, style: str
) -> None:
    factory = shipped_workspace(make_workspace, theme, style)
    factory.component("extra", files={"core.py": "import acme.greet.core\n"})
    ws = workspace.load(factory.root)
    scan = imports.scan_workspace(ws, use_cache=False)
    bricks = graph.build_graph(ws, scan)

    found = check.run_checks(ws, scan, bricks)

    # scripts/seed.py imports the base `api`: a component importing a base (BW103) and an edge
    # greet -> api (a cycle, BW106) if it were code; tests/test_core.py reaches inside greet
    assert "api" not in graph.closure(bricks, ["greet"])
    extra = factory.brick_dir("component", "extra")
    assert [(f.code, ws.relative(f.path), f.subject) for f in found] == [
        ("BW107", f"{extra}/core.py", "acme.greet.core")
    ]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_library_findings_judge_what_ships_and_tests_against_the_development_project(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    factory = shipped_workspace(make_workspace, theme, style)
    core = f"{factory.brick_dir('component', 'greet')}/core.py"
    greet = factory.brick_dir("component", "greet")

    found = [row for row in findings(poly, factory.root) if row[0].startswith("BW2")]

    missing = {(row[1], row[2]) for row in found if row[0] == "BW201"}
    # true: svc's shipped core.py imports yaml, which svc does not declare
    assert ("svc", "pyyaml") in missing
    # true: the development project judges the brick's developer-only files and lacks
    # faker (scripts), sphinx-rtd-theme (docs/conf.py) and locust (tests/load_test.py)
    dev = {name for project, name in missing if project == "development"}
    assert {"faker", "locust", "sphinx-rtd-theme"} <= dev
    # false before: pytest and hypothesis come from the root's dev group; svc never runs them
    assert not {"pytest", "hypothesis"} & {name for _, name in missing}
    assert not [row for row in found if row[1] == "svc" and row[2] != "pyyaml"]
    assert [row[3] for row in found if row[2] == "pyyaml"] == [core]
    assert all(row[3].startswith(greet) for row in found if row[1] == "development")


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_projects_exclude_takes_its_files_out_of_the_projects_library_findings(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    factory = shipped_workspace(make_workspace, theme, style, exclude='["**/helpers"]')
    greet = factory.brick_dir("component", "greet")
    factory.write(f"{greet}/helpers/__init__.py", "import boto3\n")
    factory.write(f"{greet}/extras.py", "import redis\n")

    found = [row for row in findings(poly, factory.root) if row[0] == "BW201"]

    svc = sorted(row[2] for row in found if row[1] == "svc")
    assert svc == ["pyyaml", "redis"]  # shipped: true; helpers/ is excluded: not judged
    dev = {row[2] for row in found if row[1] == "development"}
    assert {"boto3", "redis"} <= dev  # the development project still judges every file


@pytest.mark.parametrize(("theme", "style"), LAYOUTS[:2])
def test_exclude_names_tables_and_wheel_includes_read_as_build_project_reads_them(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    exclude = (
        '["fixtures", { path = "**/extras.py", format = "sdist" }, "acme/greet/more"]\n'
        'include = [{ path = "acme/greet/more/kept.py", format = "wheel" }]'
    )
    factory = shipped_workspace(make_workspace, theme, style, exclude=exclude)
    greet = factory.brick_dir("component", "greet")
    factory.write(f"{greet}/fixtures/data.py", "import boto3\n")
    factory.write(f"{greet}/extras.py", "import redis\n")
    factory.write(f"{greet}/more/__init__.py", "import celery\n")
    factory.write(f"{greet}/more/kept.py", "import click\n")

    found = [row for row in findings(poly, factory.root) if row[0] == "BW201"]

    # `fixtures` (a name, at any depth) and the table leave the wheel, as build-project
    # leaves them out; the include for the wheel takes kept.py back
    assert sorted(row[2] for row in found if row[1] == "svc") == ["click", "pyyaml"]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS[:1])
def test_a_script_the_bricks_code_imports_is_code(
    make_workspace: MakeWorkspace, theme: str, style: str
) -> None:
    factory = make_workspace(theme=theme, dev_style=style)
    factory.component("log")
    factory.base(
        "cli",
        "from acme.cli.scripts import run\n",
        {
            "scripts/__init__.py": "from acme.cli.scripts.seed import run\n",
            "scripts/seed.py": ("import acme.log\n\n\ndef run() -> None:\n    pass\n"),
            "tests/test_cli.py": "import acme.log\n",
        },
    )
    ws = workspace.load(factory.root)

    scan = imports.scan_workspace(ws, use_cache=False)

    cli = ws.brick("cli")
    assert cli is not None
    code = sorted(f.path.relative_to(cli.path).as_posix() for f in scan.bricks["cli"].files)
    assert code == ["__init__.py", "scripts/__init__.py", "scripts/seed.py"]
    assert [f.path.name for f in scan.bricks["cli"].tests] == ["test_cli.py"]
    assert "log" in graph.closure(graph.build_graph(ws, scan), ["cli"])


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_brick_only_an_excluded_file_imports_is_not_missing_from_the_project(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    factory = shipped_workspace(make_workspace, theme, style, exclude='["**/fixtures"]')
    factory.component("sample")
    factory.component("log")
    greet = factory.brick_dir("component", "greet")
    factory.write(f"{greet}/fixtures/__init__.py", "from acme import sample\n")
    factory.write(f"{greet}/logging.py", "from acme import log\n")

    found = [row for row in findings(poly, factory.root) if row[0] == "BW101"]

    # true: shipped logging.py needs log; false before: only the excluded fixtures need sample
    assert [(row[1], row[2], row[3]) for row in found] == [("", "log", f"{greet}/logging.py")]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_script_a_projects_entry_point_names_is_code(
    make_workspace: MakeWorkspace, theme: str, style: str
) -> None:
    factory = make_workspace(theme=theme, dev_style=style)
    factory.component("log")
    factory.base("cli", files={"scripts/run.py": "import acme.log\n", "scripts/seed.py": ""})
    project = factory.project("svc", ["cli", "log"], style=style)
    table = "[project.scripts]" if style == "pep621" else "[tool.poetry.scripts]"
    with project.open("a", encoding="utf-8") as stream:
        stream.write(f'\n{table}\nrun = "acme.cli.scripts.run:main"\n')
    ws = workspace.load(factory.root)

    scan = imports.scan_workspace(ws, use_cache=False)
    bricks = graph.build_graph(ws, scan)
    found = check.run_checks(ws, scan, bricks)

    code = [f.module for f in scan.bricks["cli"].files]
    assert code == ["acme.cli", "acme.cli.scripts.run"]
    assert [f.module for f in scan.bricks["cli"].tests] == ["acme.cli.scripts.seed"]
    assert "log" in graph.closure(bricks, ["cli"])  # so log is needed: no BW108 for svc
    assert not [f for f in found if f.code == "BW108"]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_test_inside_a_package_importing_its_sibling_helper_is_no_library(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    factory = shipped_workspace(make_workspace, theme, style)
    greet = factory.brick_dir("component", "greet")
    factory.write(f"{greet}/tests/helpers.py", "def make() -> None: ...\n")
    factory.write(f"{greet}/tests/test_more.py", "import helpers\nimport freezegun\n")

    found = [row for row in findings(poly, factory.root) if row[0] == "BW201"]

    subjects = {row[2] for row in found if row[1] == "development"}
    assert "freezegun" in subjects  # true: the development project does not declare it
    assert not [row for row in found if row[3].endswith("test_more.py") and row[2] != "freezegun"]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_sync_libs_adds_to_a_project_only_what_its_shipped_code_imports(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    factory = shipped_workspace(make_workspace, theme, style)
    root = factory.root / "pyproject.toml"
    text = root.read_text(encoding="utf-8")
    tools = ("faker", "locust", "sphinx-rtd-theme")
    if style == "pep621":
        text = text.replace('"pyyaml"]', '"pyyaml>=6"]').replace(
            '"hypothesis"]', '"hypothesis", ' + ", ".join(f'"{t}"' for t in tools) + "]"
        )
    else:
        text = text.replace('pyyaml = "*"', 'pyyaml = ">=6"') + "".join(
            f'{t} = "*"\n' for t in tools
        )
    root.write_text(text, encoding="utf-8")
    project = factory.root / "projects/svc/pyproject.toml"
    before = project.read_text(encoding="utf-8").splitlines()

    result = poly("poly sync", "--libs", cwd=factory.root)

    assert result.exit_code == 0, result.stdout + result.stderr
    after = project.read_text(encoding="utf-8").splitlines()
    added = [line for line in after if line not in before]
    assert added == (['    "pyyaml>=6",'] if style == "pep621" else ['pyyaml = ">=6"'])
