"""Bad `[tool.brickwork.libs]` runtime-only settings, through every command that reads them:
one clear line that names the file, the key and the fix, exit code 2, no traceback, and a
tree that is byte-identical afterwards (`sync --libs --prune` writes nothing)."""

from __future__ import annotations

import re

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.robustness.test_bad_input import tree

BAD = [
    pytest.param(
        'runtime-only = ["-flask"]',
        r"^workspace\.toml: \[tool\.brickwork\.libs\] runtime-only removes 'flask', which is "
        r"not in the built-in runtime-only list \(aiomysql, .*waitress\); remove the entry and "
        r"run again\.$",
        id="removes-a-name-not-built-in",
    ),
    pytest.param(
        'runtime-only = ["-"]',
        r"^workspace\.toml: \[tool\.brickwork\.libs\] runtime-only lists '-', which is not a "
        r'distribution name; write a distribution such as "sentry-sdk" \(or "-gunicorn" to '
        r"remove a built-in one\) and run again\.$",
        id="a-lone-dash",
    ),
    pytest.param(
        'runtime-only = ["gunicorn", "-Gunicorn"]',
        r"\] runtime-only both adds and removes 'gunicorn'; keep one of them and run again\.$",
        id="adds-and-removes-one-name",
    ),
    pytest.param(
        'runtime-only = ["sentry sdk"]',
        r"\] runtime-only lists 'sentry sdk', which is not a distribution name; ",
        id="not-a-distribution-name",
    ),
    pytest.param(
        'runtime-only = [""]',
        r"\] runtime-only lists '', which is not a distribution name; ",
        id="an-empty-string",
    ),
    pytest.param(
        "runtime-only = [true]",
        r"\] runtime-only must be a string or an array of strings, not \[True\]; ",
        id="not-a-string",
    ),
    pytest.param(
        "runtime-only = {gunicorn = true}",
        r"\] runtime-only must be a string or an array of strings, not ",
        id="a-table",
    ),
    pytest.param(
        '[tool.brickwork.libs.allow]\nsvc = ["-django"]',
        r"\] allow\.svc removes 'django', which is not in the built-in runtime-only list ",
        id="allow-removes-a-name-not-built-in",
    ),
    pytest.param(
        '[tool.brickwork.libs.allow]\nsvc = ["-uvicorn", "uvicorn"]',
        r"\] allow\.svc both adds and removes 'uvicorn'; keep one of them and run again\.$",
        id="allow-adds-and-removes-one-name",
    ),
    pytest.param(
        "[tool.brickwork.libs.allow]\nsvc = 3",
        r"\] allow\.svc must be a string or an array of strings, not 3; ",
        id="allow-not-a-list",
    ),
]
COMMANDS = [
    ("poly check", ""),
    ("poly libs", ""),
    ("poly sync", "--libs --prune"),
]


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stored analysis would add its folder to the tree; these runs only read."""
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1")


def workspace(make_workspace: MakeWorkspace, settings: str) -> WorkspaceFactory:
    ws = make_workspace()
    ws.base("api", "import fastapi\n")
    ws.project("svc", ["api"], dependencies=["fastapi", "gunicorn", "rich"])
    includes = [ws.include("base", "api", prefix="")]
    ws.write("pyproject.toml", ws.project_text("development", includes, "pep621", ["fastapi"]))
    table = "" if settings.startswith("[") else "[tool.brickwork.libs]\n"
    ws.write("workspace.toml", (ws.root / "workspace.toml").read_text() + f"\n{table}{settings}\n")
    return ws


@pytest.mark.parametrize(("command", "args"), COMMANDS)
@pytest.mark.parametrize(("settings", "pattern"), BAD)
def test_a_bad_runtime_only_setting_is_one_line_and_exit_2(
    make_workspace: MakeWorkspace,
    poly: PolyRunner,
    settings: str,
    pattern: str,
    command: str,
    args: str,
) -> None:
    ws = workspace(make_workspace, settings)
    before = tree(ws.root)

    result = poly(command, args, cwd=ws.root)

    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(pattern, lines[0]), lines[0]
    assert lines[0].startswith("workspace.toml: [tool.brickwork.libs] ")
    assert tree(ws.root) == before


@pytest.mark.parametrize(
    "settings",
    [
        'runtime-only = " -gunicorn "',  # one string, spaces around
        'runtime-only = ["-GUNICORN"]',  # any spelling of the name
        '[tool.brickwork.libs.allow]\nsvc = ["-gunicorn"]',  # for one project only
    ],
)
def test_a_removed_built_in_server_is_a_plain_unused_library(
    make_workspace: MakeWorkspace, poly: PolyRunner, settings: str
) -> None:
    ws = workspace(make_workspace, settings)
    before = tree(ws.root)

    result = poly("poly check", "", cwd=ws.root)

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "declares gunicorn but none of its bricks imports it; remove it" in result.stdout
    assert "declares rich but none of its bricks imports it" in result.stdout  # stays
    assert tree(ws.root) == before
