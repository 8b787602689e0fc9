from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import changes, testing, workspace
from test.components.brickwork.changes.conftest import GitWorkspace, build
from test.conftest import MakeWorkspace
from test.gitrepo import GitRepo


@pytest.fixture
def repo_ws(make_workspace: MakeWorkspace) -> GitWorkspace:
    factory = make_workspace()
    build(factory)
    factory.write("test/components/acme/user/test_user.py", "")
    factory.write("projects/svc/tests/test_svc.py", "")
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    return GitWorkspace(factory, repo)


def _folders(ws: workspace.Workspace, selection: testing.Selection) -> list[str]:
    return [ws.relative(t.path) for t in selection.targets]


def test_affected_bricks_and_affected_projects_own_tests_are_selected(
    repo_ws: GitWorkspace,
) -> None:
    repo_ws.repo.commit("log", {"components/acme/log/core.py": ""})
    ws = repo_ws.load()
    selection = testing.select_tests(ws, repo_ws.affected())
    assert _folders(ws, selection) == [
        "test/components/acme/log",
        "test/components/acme/user",
        "projects/svc/tests",
    ]
    assert selection.targets[1].reason == ("components/acme/log/core.py", "log", "user")
    assert selection.targets[2].project == "svc"
    assert selection.without_tests == ("api",)


def test_projects_narrow_the_selection(repo_ws: GitWorkspace) -> None:
    repo_ws.repo.commit("two", {"components/acme/log/a.py": "", "components/acme/other/b.py": ""})
    ws = repo_ws.load()
    tool = ws.project("tool")
    assert tool is not None
    selection = testing.select_tests(ws, repo_ws.affected(), projects=(tool,))
    assert selection.targets == ()
    assert selection.why_empty == "the selected bricks in tool have no tests: other"


def test_everything_selects_every_existing_test_folder(repo_ws: GitWorkspace) -> None:
    ws = repo_ws.load()
    selection = testing.select_tests(ws, None, everything=True)
    assert _folders(ws, selection) == [
        "test/components/acme/log",
        "test/components/acme/user",
        "projects/svc/tests",
    ]
    assert {t.reason for t in selection.targets} == {("--all",)}


def test_an_unchanged_workspace_selects_nothing_and_says_why(repo_ws: GitWorkspace) -> None:
    selection = testing.select_tests(repo_ws.load(), repo_ws.affected())
    assert selection.targets == ()
    assert selection.why_empty == "nothing changed since stable-1"


def test_an_unknown_brick_is_a_usage_error(repo_ws: GitWorkspace) -> None:
    with pytest.raises(workspace.PolyError, match=r"unknown brick .lgo.; did you mean log\?"):
        testing.select_tests(repo_ws.load(), None, bricks=("lgo",))


def test_the_tdd_theme_selects_the_test_folder_inside_the_brick(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace(theme="tdd")
    build(factory)
    repo = GitRepo.init(factory.root)
    repo.commit("initial")
    repo.tag("stable-1")
    repo.commit("log", {"components/log/src/acme/log/core.py": ""})
    ws = workspace.load(factory.root)
    found = GitWorkspace(factory, repo).affected()
    assert _folders(ws, testing.select_tests(ws, found)) == ["components/log/test"]


def test_the_pytest_command_names_folders_relative_to_the_root(tmp_path: Path) -> None:
    target = testing.SelectedFolder(tmp_path / "test/components/acme/log", ("--all",))
    command = testing.pytest_command(Path("/py"), tmp_path, [target, target], ["-x"])
    assert command == ["/py", "-m", "pytest", "test/components/acme/log", "-x"]


def test_venv_python_finds_the_in_project_virtualenv(tmp_path: Path) -> None:
    assert testing.venv_python(tmp_path) is None
    python = tmp_path / ".venv/bin/python"
    python.parent.mkdir(parents=True)
    python.write_text("")
    assert testing.venv_python(tmp_path) == python


def test_selection_reasons_come_from_the_change_chains(repo_ws: GitWorkspace) -> None:
    repo_ws.repo.commit("t", {"test/components/acme/log/test_new.py": ""})
    found: changes.Affected = repo_ws.affected()
    selection = testing.select_tests(repo_ws.load(), found)
    assert [t.reason for t in selection.targets] == [
        ("test/components/acme/log/test_new.py", "log (tests)")
    ]
