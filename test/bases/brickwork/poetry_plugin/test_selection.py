from __future__ import annotations

import pytest

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

COMMANDS = ("poly check", "poly libs", "poly deps")


def service(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    ws = make_workspace()
    ws.component("core")
    ws.base("api", "import acme.core\n")
    ws.project("svc", ["api", "core"])
    return ws


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_says_the_same_about_an_unknown_project(
    make_workspace: MakeWorkspace, poly: PolyRunner, command: str
) -> None:
    ws = service(make_workspace)

    result = poly(command, "--projects svx", cwd=ws.root)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "unknown project 'svx' (did you mean svc?); the projects of this workspace are: "
        "development, svc.\n"
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_runs_on_the_project_whose_folder_it_runs_in(
    make_workspace: MakeWorkspace, poly: PolyRunner, command: str
) -> None:
    ws = service(make_workspace)
    ws.component("other", "import acme.nope\n")
    below = ws.root / "projects" / "svc" / "deploy"
    below.mkdir()

    inside = poly(command, "--output json", cwd=below)

    assert inside.exit_code == 0, inside.stderr
    assert '"svc"' in inside.stdout
    assert "other" not in inside.stdout


def test_check_of_the_development_project_alone_counts_it(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = service(make_workspace)

    result = poly("poly check", "--projects development", cwd=ws.root)

    assert (result.exit_code, result.stdout) == (0, "✔ no problems in 1 project, 2 bricks\n")
