"""The shipped-file rule of the scan (ADR 0024): developer-only files of a brick's package are
its tests; a project's `exclude` names the files its wheel leaves out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cleo.io.outputs.output import Verbosity

from brickwork import imports, workspace
from test.bases.brickwork.poetry_plugin.reuse_support import REUSED, Ager, isolate_poetry
from test.conftest import MakeWorkspace, PolyRunner


@pytest.mark.parametrize(
    ("relative", "developer"),
    [
        ("tests/test_core.py", True),
        ("tests/helpers.py", True),
        ("test/data.py", True),
        ("sub/tests/__init__.py", True),
        ("conftest.py", True),
        ("sub/conftest.py", True),
        ("test_core.py", True),
        ("core_test.py", False),
        ("cmd_test.py", False),
        ("scripts/seed.py", True),
        ("docs/conf.py", True),
        ("api/docs/conf.py", True),
        ("core.py", False),
        ("testing.py", False),
        ("tests.py", False),
        ("contest.py", False),
        ("latest.py", False),
        ("attest_core.py", False),
        ("my_tests/core.py", False),
        ("docs/routes.py", False),
        ("scripts.py", False),
        ("Tests/test.py", False),
    ],
)
def test_developer_only_reads_the_list_by_folder_name_and_path(
    relative: str, developer: bool
) -> None:
    assert imports.developer_only(relative) is developer


def test_the_list_is_data_in_one_place() -> None:
    assert imports.DEVELOPER_ONLY == (
        "tests/",
        "test/",
        "scripts/",
        "conftest.py",
        "test_*.py",
        "docs/conf.py",
    )


def test_a_developer_only_file_the_code_imports_through_another_is_code() -> None:
    def file(module: str, *imported: str) -> imports.FileImports:
        found = tuple(imports.Import(m, (), 1) for m in imported)
        return imports.FileImports(Path(module.replace(".", "/") + ".py"), module, found)

    candidates = [
        file("acme.cli.scripts", "acme.cli.scripts.seed"),
        file("acme.cli.scripts.seed", "json"),
        file("acme.cli.tests.test_cli", "acme.cli.scripts"),
    ]
    code = [file("acme.cli.core", "acme.cli.scripts")]

    assert imports.imported_by_code(candidates, code) == {0, 1}
    assert imports.imported_by_code(candidates, []) == frozenset()


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_a_warm_scan_splits_a_package_as_a_cold_one(
    make_workspace: MakeWorkspace, theme: str
) -> None:
    factory = make_workspace(theme=theme)
    factory.component(
        "greet",
        files={"core.py": "import requests\n", "tests/test_core.py": "import pytest\n"},
    )
    ws = workspace.load(factory.root)

    cold = imports.scan_workspace(ws)
    warm = imports.scan_workspace(ws)

    assert warm.parsed == 0 < cold.parsed
    assert warm.bricks == cold.bricks
    assert [f.module for f in warm.bricks["greet"].files] == ["acme.greet", "acme.greet.core"]
    assert [f.module for f in warm.bricks["greet"].tests] == ["acme.greet.tests.test_core"]


@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_wheel_leaves_out_reads_globs_names_and_wheel_includes(
    make_workspace: MakeWorkspace, style: str
) -> None:
    factory = make_workspace()
    greet = factory.component(
        "greet",
        files={
            "core.py": "",
            "fixtures/data.py": "",
            "deep/fixtures/more.py": "",
            "gen/out.py": "",
            "gen/kept.py": "",
        },
    )
    project = factory.project("svc", ["greet"], style=style)
    patterns = (
        'exclude = ["fixtures", "acme/greet/gen"]\n'
        'include = [{ path = "acme/greet/gen/kept.py", format = ["sdist", "wheel"] }]\n'
    )
    text = project.read_text(encoding="utf-8").replace(
        "[tool.poetry]\n", f"[tool.poetry]\n{patterns}"
    )
    project.write_text(text, encoding="utf-8")
    ws = workspace.load(factory.root)
    svc = ws.project("svc")
    assert svc is not None
    files = sorted(greet.rglob("*.py"))

    left_out = imports.wheel_leaves_out(ws, svc, files)

    assert sorted(p.relative_to(greet).as_posix() for p in left_out) == [
        "deep/fixtures/more.py",
        "fixtures/data.py",
        "gen/out.py",
    ]
    development = ws.development
    assert development is not None
    assert imports.wheel_leaves_out(ws, development, files) == frozenset()


def test_an_exclude_pointing_outside_the_workspace_leaves_out_nothing(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace()
    greet = factory.component("greet", files={"core.py": ""})
    project = factory.project("svc", ["greet"])
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace("[tool.poetry]\n", '[tool.poetry]\nexclude = ["../../../elsewhere"]\n'),
        encoding="utf-8",
    )
    ws = workspace.load(factory.root)
    svc = ws.project("svc")
    assert svc is not None

    assert imports.wheel_leaves_out(ws, svc, [greet / "core.py"]) == frozenset()


def _boto3(poly: PolyRunner, root: Path, age: Ager) -> tuple[list[tuple[str, list[str]]], bool]:
    """(file, projects) of every finding about boto3 of `check --output json`, and whether
    the run reused the stored result (files are aged first, so that a run may be stored)."""
    age()
    result = poly("poly check", "--output json", cwd=root, verbosity=Verbosity.VERBOSE)
    rows = json.loads(result.stdout)["result"]["findings"]
    found = [(r["path"], r["projects"]) for r in rows if r["subject"] == "boto3"]
    return found, REUSED in result.stderr


def test_a_reused_check_result_follows_a_new_exclude_and_a_file_moved_into_tests(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    isolate_poetry(tmp_path / "poetry", monkeypatch)
    factory = make_workspace()
    age = Ager(factory.root)
    greet = factory.component(
        "greet", files={"core.py": "import requests\n", "helpers.py": "import boto3\n"}
    )
    project = factory.project("svc", ["greet"], dependencies=["requests"])
    helpers = "components/acme/greet/helpers.py"

    assert _boto3(poly, factory.root, age) == ([(helpers, ["svc", "development"])], False)
    assert _boto3(poly, factory.root, age) == ([(helpers, ["svc", "development"])], True)
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace("[tool.poetry]\n", '[tool.poetry]\nexclude = ["acme/greet/helpers.py"]\n'),
        encoding="utf-8",
    )
    # true: the development project still lacks it; svc's wheel no longer holds the file
    assert _boto3(poly, factory.root, age) == ([(helpers, ["development"])], False)
    project.write_text(text, encoding="utf-8")
    (greet / "tests").mkdir()
    (greet / "helpers.py").rename(greet / "tests" / "helpers.py")
    moved = "components/acme/greet/tests/helpers.py"
    assert _boto3(poly, factory.root, age) == ([(moved, ["development"])], False)


@pytest.mark.parametrize("theme", ["loose", "tdd"])
@pytest.mark.parametrize(("namespace", "brick"), [("acme", "acme"), ("acme.corp", "greet")])
def test_a_path_in_the_incumbents_layout_reaches_a_brick_named_like_its_namespace(
    make_workspace: MakeWorkspace, theme: str, namespace: str, brick: str
) -> None:
    factory = make_workspace(namespace=namespace, theme=theme)
    folder = factory.component(brick, files={"core.py": "", "fixtures/data.py": ""})
    project = factory.project("svc", [brick])
    layout = f"{namespace.replace('.', '/')}/{brick}"
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace("[tool.poetry]\n", f'[tool.poetry]\nexclude = ["{layout}/fixtures"]\n'),
        encoding="utf-8",
    )
    ws = workspace.load(factory.root)
    svc = ws.project("svc")
    assert svc is not None

    left_out = imports.wheel_leaves_out(ws, svc, sorted(folder.rglob("*.py")))

    assert left_out == {folder / "fixtures" / "data.py"}


@pytest.mark.parametrize(
    ("exclude", "globbed"),
    [
        ('["**/tests", "**/*.pyc", "**/conftest.py"]', False),
        ('["**/fixtures"]', True),
        ('["acme/greet/gen/*.py"]', True),
    ],
)
def test_a_pattern_no_file_of_the_code_can_match_is_not_globbed(
    make_workspace: MakeWorkspace, exclude: str, globbed: bool
) -> None:
    factory = make_workspace()
    greet = factory.component("greet", files={"fixtures/data.py": "", "gen/out.py": ""})
    project = factory.project("svc", ["greet"])
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace("[tool.poetry]\n", f"[tool.poetry]\nexclude = {exclude}\n"), encoding="utf-8"
    )
    ws = workspace.load(factory.root)
    svc = ws.project("svc")
    assert svc is not None
    globs: dict[tuple[Path, str], list[Path]] = {}

    left_out = imports.wheel_leaves_out(ws, svc, sorted(greet.rglob("*.py")), globs)

    assert bool(globs) is globbed
    assert bool(left_out) is globbed
