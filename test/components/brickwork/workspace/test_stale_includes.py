"""Includes that name no whole brick: a path that does not exist is BW002 wherever it points
and counts no brick; an existing sub-package counts its brick with a BW003 that says what
ships; a folder re-rooted as a package of its own is the project's package (ADR 0025).
Each fixture keeps the true findings the old reading hid or invented."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from brickwork import workspace
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

Found = list[tuple[str, str]]
LAYOUTS = [
    pytest.param(theme, style, id=f"{theme}-{style}")
    for theme in ("loose", "tdd")
    for style in ("pep621", "poetry")
]


def findings(poly: PolyRunner, ws: WorkspaceFactory, args: str = "") -> Found:
    result = poly("poly check", f"--output json {args}", cwd=ws.root)
    assert result.stderr == "", result.stderr
    return sorted(
        (f["code"], f["subject"]) for f in json.loads(result.stdout)["result"]["findings"]
    )


def messages(poly: PolyRunner, ws: WorkspaceFactory, code: str) -> list[str]:
    result = poly("poly check", "--output json", cwd=ws.root)
    return [
        f["message"] for f in json.loads(result.stdout)["result"]["findings"] if f["code"] == code
    ]


def under(ws: WorkspaceFactory, brick: str, path: str) -> tuple[str, str]:
    """(include, from) of a path below a component's package, as a project lists it."""
    include, origin = ws.include("component", brick)
    return f"{include}/{path}", origin


def write_project(
    ws: WorkspaceFactory,
    name: str,
    includes: Sequence[tuple[str, str]],
    style: str,
    dependencies: Sequence[str] = (),
) -> None:
    ws.write(
        f"projects/{name}/pyproject.toml",
        ws.project_text(name, includes, style, list(dependencies)),
    )


def declare(ws: WorkspaceFactory, dependencies: Sequence[str]) -> None:
    """The development project declares `dependencies` (as real workspaces do)."""
    file = ws.root / "pyproject.toml"
    text = file.read_text(encoding="utf-8")
    if "[project]" in text:
        deps = "".join(f'    "{d}",\n' for d in dependencies)
        text = text.replace("dependencies = [\n", f"dependencies = [\n{deps}", 1)
    else:
        deps = "".join(f'{d} = "*"\n' for d in dependencies)
        text = text.replace('python = "^3.10"\n', f'python = "^3.10"\n{deps}', 1)
    file.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_stale_path_under_a_brick_is_bw002_and_ships_no_part_of_the_brick(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("genomics", "import requests\n", {"api/__init__.py": "import boto3\n"})
    ws.component("log")
    ws.base("web", "from acme import genomics, log\n")
    declare(ws, ["requests", "boto3"])
    includes = [ws.include("base", "web"), ws.include("component", "log")]
    write_project(ws, "svc", [*includes, under(ws, "genomics", "etl")], style)

    loaded = workspace.load(ws.root)

    svc = loaded.project("svc")
    assert svc is not None and svc.bricks == ("web", "log")
    assert [(p.code, p.subject) for p in loaded.problems] == [("BW002", "acme/genomics/etl")]
    # the stale include hid the true BW101 and invented BW201s for genomics' libraries
    assert findings(poly, ws) == [("BW002", "acme/genomics/etl"), ("BW101", "genomics")]
    (message,) = messages(poly, ws, "BW002")
    assert message.startswith("include 'acme/genomics/etl' points at ")
    assert message.endswith("etl, which does not exist; fix the path or remove the include")


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_an_existing_sub_package_include_counts_its_brick_and_says_what_ships(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("pipeline", "", {"core.py": "", "runners/__init__.py": "import yaml\n"})
    ws.base("app", "from acme.pipeline import runners\n")
    write_project(ws, "app", [ws.include("base", "app"), under(ws, "pipeline", "runners")], style)

    loaded = workspace.load(ws.root)

    app = loaded.project("app")
    assert app is not None and app.bricks == ("app", "pipeline")
    # BW003 and the true BW201: the shipped runners import yaml, which nothing declares
    assert findings(poly, ws) == [("BW003", "acme/pipeline/runners"), ("BW201", "pyyaml")]
    (message,) = messages(poly, ws, "BW003")
    assert message == (
        "include 'acme/pipeline/runners' is inside brick 'pipeline'; include acme/pipeline: "
        "the wheel would ship only acme/pipeline/runners, not the rest of the brick nor its "
        "interface (a project ships whole bricks; checks count the whole brick meanwhile)"
    )


@pytest.mark.parametrize("style", ["pep621", "poetry"])
def test_a_folder_of_a_brick_re_rooted_as_a_package_of_its_own_is_the_project_own_package(
    make_workspace: MakeWorkspace, poly: PolyRunner, style: str
) -> None:
    ws = make_workspace(dev_style=style)
    ws.base("interactives", "", {"core.py": "", "runestone/__init__.py": "X = 1\n"})
    ws.base("book", "import runestone\nimport yaml\n")
    runestone = ("runestone", "../../bases/acme/interactives")
    write_project(ws, "book", [ws.include("base", "book"), runestone], style)

    loaded = workspace.load(ws.root)

    book = loaded.project("book")
    assert book is not None and book.bricks == ("book",)
    assert loaded.problems == ()
    # not "inside brick 'interactives'; include runestone": only the true BW201 stays
    assert findings(poly, ws) == [("BW201", "pyyaml")]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_an_include_that_is_a_prefix_of_a_brick_name_is_bw002(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("greeting")
    ws.base("api", "from acme import greeting\n")
    include, origin = ws.include("component", "greeting")
    prefix = (include.removesuffix("ing"), origin)  # acme/greet
    write_project(ws, "svc", [ws.include("base", "api"), prefix], style)

    loaded = workspace.load(ws.root)

    svc = loaded.project("svc")
    assert svc is not None and svc.bricks == ("api",)
    assert [(p.code, p.subject) for p in loaded.problems] == [("BW002", "acme/greet")]
    assert findings(poly, ws) == [("BW002", "acme/greet"), ("BW101", "greeting")]


def test_project_name_wins_over_a_leftover_tool_poetry_name(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log")
    ws.base("api", "from acme import log\n")
    text = ws.project_text("greet-api", [ws.include("base", "api")], "pep621", [])
    text = text.replace("[tool.poetry]\n", '[tool.poetry]\nname = "old-name"\n', 1)
    ws.write("projects/api/pyproject.toml", text)

    loaded = workspace.load(ws.root)
    info = poly("poly info", "", cwd=ws.root)

    assert [p.name for p in loaded.deployables] == ["greet-api"]
    assert loaded.project("old-name") is None
    assert "greet-api" in info.stdout and "old-name" not in info.stdout
    assert findings(poly, ws, "--projects greet-api") == [("BW101", "log")]


def test_polylith_bricks_tables_name_nested_bricks_and_stale_paths_alike(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("aws/s3")
    ws.component("genomics", "import requests\n", {"api/__init__.py": ""})
    ws.base("api", "from acme.aws import s3\nfrom acme import genomics\n")
    declare(ws, ["requests"])
    ws.write(
        "projects/svc/pyproject.toml",
        '[project]\nname = "svc"\nversion = "0.1.0"\n\n[tool.polylith.bricks]\n'
        '"../../bases/acme/api" = "acme/api"\n'
        '"../../components/acme/aws/s3" = "acme/aws/s3"\n'
        '"../../components/acme/genomics/etl" = "acme/genomics/etl"\n',
    )

    loaded = workspace.load(ws.root)

    svc = loaded.project("svc")
    assert svc is not None and svc.bricks == ("api", "aws/s3")
    stale = "../../components/acme/genomics/etl"
    assert [(p.code, p.subject) for p in loaded.problems] == [("BW002", stale)]
    assert findings(poly, ws) == [("BW002", stale), ("BW101", "genomics")]
