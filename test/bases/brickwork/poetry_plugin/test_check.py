from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from test.bases.brickwork.poetry_plugin.reuse_support import (
    findings_workspace,
    library_rules_forked,
)
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory


def service(
    make_workspace: MakeWorkspace, theme: str = "loose", style: str = "pep621"
) -> WorkspaceFactory:
    """log <- core <- api, and a project `svc` with all three."""
    ws = make_workspace(theme=theme, dev_style=style)
    ws.component("log", "def get() -> None: ...\n")
    ws.component("core", "from acme import log\n")
    ws.base("api", "import acme.core\n")
    ws.project("svc", ["api", "core", "log"], style=style)
    return ws


@pytest.mark.parametrize(("theme", "style"), [("loose", "pep621"), ("tdd", "poetry")])
def test_check_passes_a_clean_workspace_of_either_theme(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = service(make_workspace, theme, style)

    result = poly("poly check", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "✔ no problems in 1 project, 3 bricks\n"


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_check_reports_missing_brick_with_import_location(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = make_workspace(theme=theme)
    ws.component("log")
    ws.component("core", "import os\nfrom acme import log\n")
    ws.base("api", "import acme.core\n")
    ws.project("svc", ["api", "core"])
    core = ws.brick_dir("component", "core")

    result = poly("poly check", cwd=ws.root)

    assert result.exit_code == 1
    assert result.stdout == (
        f"{core}/__init__.py:2: BW101 error project 'svc' does not include brick 'log', "
        "needed by core -> log; add it to projects/svc/pyproject.toml\n"
        "\n"
        "✘ 1 error, 0 warnings in 1 project, 3 bricks\n"
    )


def cyclic(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    ws = make_workspace()
    ws.component("a", "from acme import b\n")
    ws.component("b", "def f() -> None:\n    import acme.a\n")
    return ws


def test_check_warnings_pass_without_strict_and_fail_with_it(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = cyclic(make_workspace)

    relaxed = poly("poly check", cwd=ws.root)
    strict = poly("poly check", "--strict", cwd=ws.root)

    cycle = (
        "components/acme/a/__init__.py:1: BW106 {} brick cycle a -> b -> a "
        "(components/acme/a/__init__.py:1 imports b, components/acme/b/__init__.py:2 imports a); "
        "break it by moving what they share into another component\n"
    )
    assert relaxed.exit_code == 0
    assert (
        relaxed.stdout
        == cycle.format("warning") + "\n⚠ 0 errors, 1 warning in 0 projects, 2 bricks\n"
    )
    assert strict.exit_code == 1
    assert (
        strict.stdout == cycle.format("error") + "\n✘ 1 error, 0 warnings in 0 projects, 2 bricks\n"
    )


def test_check_ignore_comment_and_severity_settings_are_honoured(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = cyclic(make_workspace)
    ws.component("c", "import acme.nope  # poly: ignore[BW102]\nimport acme.gone\n")
    with (ws.root / "workspace.toml").open("a") as toml:
        toml.write('\n[tool.brickwork.check]\nseverity = { BW106 = "off", BW102 = "warning" }\n')

    result = poly("poly check", cwd=ws.root)

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "components/acme/c/__init__.py:2: BW102 warning acme.gone is not a brick: there is no "
        "component or base 'gone'; fix the import or create the brick",
        "",
        "⚠ 0 errors, 1 warning in 0 projects, 3 bricks",
    ]


def test_check_json_is_only_json_with_the_documented_schema(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = service(make_workspace)
    ws.component("core", "from acme import log\nimport acme.log.impl\n")

    result = poly("poly check", "--output json --strict", cwd=ws.root)

    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == {
        "schema": "urn:brickwork:schema:check:2",
        "version": 2,
        "command": "check",
        "root": str(ws.root),
        "exit_code": 1,
        "counts": {"projects": 1, "bricks": 3, "errors": 1, "warnings": 0},
        "result": {
            "strict": True,
            "projects": ["development", "svc"],
            "findings": [
                {
                    "code": "BW107",
                    "severity": "error",
                    "path": "components/acme/core/__init__.py",
                    "line": 2,
                    "subject": "acme.log.impl",
                    "message": "acme.log.impl is inside brick 'log'; import from its interface "
                    "acme.log instead (export the name from its __init__.py)",
                }
            ],
        },
        "error": None,
    }


def test_check_github_output_is_workflow_annotations(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = cyclic(make_workspace)
    ws.component("c", "from acme import nope\n")

    result = poly("poly check", "--output github", cwd=ws.root)

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=components/acme/c/__init__.py,line=1,title=BW102::acme.nope is not a "
        "brick: there is no component or base 'nope'; fix the import or create the brick"
    )
    assert lines[1].startswith(
        "::warning file=components/acme/a/__init__.py,line=1,title=BW106::brick cycle a -> b -> a"
    )
    assert lines[2] == "✘ 1 error, 1 warning in 0 projects, 3 bricks"


def test_check_projects_option_restricts_the_run(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = service(make_workspace)
    ws.base("cli", "import acme.core\n")
    ws.project("tool", ["cli"], folder="tool_folder")

    svc = poly("poly check", "--projects svc", cwd=ws.root)
    tool = poly("poly check", "--projects tool_folder", cwd=ws.root)
    by_folder = poly("poly check", "--project projects/tool_folder", cwd=ws.root)

    assert (svc.exit_code, svc.stdout) == (0, "✔ no problems in 1 project, 3 bricks\n")
    assert tool.exit_code == 1
    assert "project 'tool' does not include brick 'core'" in tool.stdout
    assert by_folder.stdout == tool.stdout
    not_a_project = poly("poly check", "--project components", cwd=ws.root)
    assert (not_a_project.exit_code, not_a_project.stderr) == (
        2,
        "--project components is not a project folder of this workspace; "
        "choose projects by name with --projects NAME.\n",
    )


def test_check_unknown_project_exits_2_listing_the_known_ones(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = service(make_workspace)

    result = poly("poly check", "--projects nope", cwd=ws.root)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "unknown project 'nope'; the projects of this workspace are: development, svc.\n"
    )


@pytest.mark.parametrize(
    ("args", "toml", "message"),
    [
        ("--alias opencv-python", "", "--alias 'opencv-python' is not DISTRIBUTION=IMPORT"),
        ("--output mermaid", "", "--output 'mermaid' is not one of: text, json, github, sarif."),
        ("", "[tool.brickwork.check]\nseverity = 3\n", "severity must be a table, not 3"),
    ],
)
def test_check_that_cannot_run_exits_2_with_one_line(
    make_workspace: MakeWorkspace, poly: PolyRunner, args: str, toml: str, message: str
) -> None:
    ws = service(make_workspace)
    with (ws.root / "workspace.toml").open("a") as handle:
        handle.write(toml)

    result = poly("poly check", args, cwd=ws.root)

    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_check_runs_the_library_rules_with_the_aliases_given(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("core", "import foo_mod\n")
    ws.base("api", "import acme.core\n")
    ws.project("svc", ["api", "core"], dependencies=["foo-dist>=1"])

    plain = poly("poly check", "--projects svc", cwd=ws.root)
    aliased = poly("poly check", "--projects svc --alias foo-dist=foo_mod", cwd=ws.root)

    assert plain.exit_code == 1
    assert "components/acme/core/__init__.py:1: BW201 error project svc imports foo_mod" in (
        plain.stdout
    )
    assert (aliased.exit_code, aliased.stdout) == (0, "✔ no problems in 1 project, 2 bricks\n")


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_check_with_the_library_rules_in_a_forked_copy_prints_the_same(
    make_workspace: MakeWorkspace, poly: PolyRunner, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    ws = findings_workspace(make_workspace)
    ws.write("projects/svc/poetry.lock", "[[package]]\nname = 'pyyaml'\n")  # stale: a note
    here = poly("poly check", f"--output {output}", cwd=ws.root)

    library_rules_forked(monkeypatch)
    from brickwork.runs import process

    started: list[object] = []
    start = process._start

    def counted(work: Callable[[], object]) -> object:
        started.append(start(work))
        return started[-1]

    monkeypatch.setattr(process, "_start", counted)
    forked = poly("poly check", f"--output {output}", cwd=ws.root)

    assert (forked.exit_code, forked.stdout, forked.stderr) == (
        here.exit_code,
        here.stdout,
        here.stderr,
    )
    assert len(started) == 1
    assert started[0] is not None
    assert "BW201" in here.stdout
    assert "BW203" in here.stdout
    assert "note:" in here.stderr  # the library rules' notes come back too


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("forked", [False, True])
def test_check_with_bad_library_settings_exits_2_with_one_line_forked_or_not(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    monkeypatch: pytest.MonkeyPatch,
    forked: bool,
) -> None:
    ws = service(make_workspace)
    with (ws.root / "workspace.toml").open("a") as handle:
        handle.write("[tool.brickwork.libs]\nruntime-only = 3\n")
    if forked:
        library_rules_forked(monkeypatch)

    result = poly("poly check", cwd=ws.root)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "runtime-only" in result.stderr
    assert len(result.stderr.splitlines()) == 1
