from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import workspace
from test.conftest import MakeWorkspace, WorkspaceFactory, workspace_toml


def shop(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    ws = make_workspace()
    ws.component("core")
    ws.base("api")
    ws.project("svc", ["api", "core"])
    ws.project("k8s_cache", ["core"], folder="k8s_watcher")
    ws.write("pyproject.toml", ws.project_text("acme-dev", [], "pep621", []))
    with (ws.root / "workspace.toml").open("a") as handle:
        handle.write('\n[tool.polylith.projects.alias]\nsvc = "service"\n')
    return ws


def names(projects: tuple[workspace.Project, ...]) -> list[str]:
    return [p.name for p in projects]


def test_no_name_and_no_folder_selects_nothing_which_means_the_whole_workspace(
    make_workspace: MakeWorkspace,
) -> None:
    ws = workspace.load(shop(make_workspace).root)

    assert workspace.select_projects(ws) == ()
    assert workspace.select_projects(ws, cwd=ws.root) == ()


def test_projects_are_found_by_name_folder_alias_and_development_in_order_each_once(
    make_workspace: MakeWorkspace,
) -> None:
    ws = workspace.load(shop(make_workspace).root)

    selected = workspace.select_projects(
        ws, ["k8s_watcher", "service", "development", "svc", "acme-dev", "k8s_cache"]
    )

    assert names(selected) == ["k8s_cache", "svc", "acme-dev"]


def test_the_folder_a_command_runs_in_selects_its_project_also_from_below_it(
    make_workspace: MakeWorkspace,
) -> None:
    files = shop(make_workspace)
    below = files.root / "projects" / "k8s_watcher" / "deploy"
    below.mkdir()
    ws = workspace.load(files.root)

    assert names(workspace.select_projects(ws, cwd=below)) == ["k8s_cache"]
    assert names(workspace.select_projects(ws, cwd=files.root / "projects" / "svc")) == ["svc"]
    assert names(workspace.select_projects(ws, ["svc"], cwd=below)) == ["svc"]
    assert workspace.select_projects(ws, cwd=files.root / "components") == ()


def test_poetry_project_option_selects_the_project_in_that_folder(
    make_workspace: MakeWorkspace,
) -> None:
    ws = workspace.load(shop(make_workspace).root)

    by_folder = workspace.select_projects(ws, cwd=ws.root, project_dir="projects/k8s_watcher")
    root = workspace.select_projects(ws, cwd=ws.root, project_dir=".")
    by_name = workspace.select_projects(ws, ["svc"], cwd=ws.root, project_dir="k8s_cache")

    assert names(by_folder) == ["k8s_cache"]
    assert names(root) == ["acme-dev"]
    assert names(by_name) == ["svc", "k8s_cache"]


def test_poetry_project_option_on_a_folder_that_is_no_project_says_how_to_choose(
    make_workspace: MakeWorkspace,
) -> None:
    ws = workspace.load(shop(make_workspace).root)

    with pytest.raises(workspace.PolyError) as raised:
        workspace.select_projects(ws, cwd=ws.root, project_dir="components")

    assert str(raised.value) == (
        "--project components is not a project folder of this workspace; "
        "choose projects by name with --projects NAME."
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            ["nope"],
            "unknown project 'nope'; the projects of this workspace are: "
            "development, k8s_cache, svc.",
        ),
        (
            ["svx"],
            "unknown project 'svx' (did you mean svc?); the projects of this workspace are: "
            "development, k8s_cache, svc.",
        ),
        (
            ["devlopment", "k8s_watch", "nope"],
            "unknown projects 'devlopment' (did you mean development?), "
            "'k8s_watch' (did you mean k8s_watcher or k8s_cache?), 'nope'; "
            "the projects of this workspace are: development, k8s_cache, svc.",
        ),
    ],
)
def test_unknown_names_are_one_message_with_did_you_mean_and_the_known_projects(
    make_workspace: MakeWorkspace, given: list[str], message: str
) -> None:
    ws = workspace.load(shop(make_workspace).root)

    with pytest.raises(workspace.PolyError) as raised:
        workspace.select_projects(ws, given)

    assert str(raised.value) == message
    assert raised.value.exit_code == workspace.EXIT_CANNOT_RUN


def test_a_workspace_without_projects_says_none(make_workspace: MakeWorkspace) -> None:
    files = make_workspace()
    (files.root / "pyproject.toml").unlink()
    ws = workspace.load(files.root)

    with pytest.raises(workspace.PolyError, match=r"the projects of this workspace are: none\."):
        workspace.select_projects(ws, ["svc"])


def test_a_project_named_like_the_workspace_folder_is_that_project_not_the_development_one(
    tmp_path: Path,
) -> None:
    files = WorkspaceFactory(tmp_path / "web", "acme", "loose", "pep621")
    files.write("workspace.toml", workspace_toml("acme", "loose"))
    files.write_development()
    files.component("core")
    files.base("api")
    files.project("web", ["api", "core"])
    ws = workspace.load(files.root)
    assert ws.development is not None

    assert names(workspace.select_projects(ws, ["web"])) == ["web"]
    assert names(workspace.select_projects(ws, ["development"])) == [ws.development.name]
