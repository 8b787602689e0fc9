"""Pins for choosing projects: the scope a run reports and the names it suggests."""

from __future__ import annotations

import pytest

from brickwork import workspace
from test.conftest import MakeWorkspace, WorkspaceFactory


def shop(make_workspace: MakeWorkspace) -> WorkspaceFactory:
    ws = make_workspace()
    ws.component("core")
    ws.component("extra")
    ws.base("api")
    ws.project("svc", ["api", "core"])
    ws.project("k8s_cache", ["core"], folder="k8s_watcher")
    ws.write("pyproject.toml", ws.project_text("acme-dev", [], "pep621", []))
    with (ws.root / "workspace.toml").open("a") as handle:
        handle.write('\n[tool.polylith.projects.alias]\nsvc = "service"\n')
    return ws


def by_name(ws: workspace.Workspace, *names: str) -> tuple[workspace.Project, ...]:
    return tuple(p for n in names for p in ws.projects if p.name == n)


def test_the_whole_workspace_counts_the_deployables_and_every_brick(
    make_workspace: MakeWorkspace,
) -> None:
    ws = workspace.load(shop(make_workspace).root)

    assert workspace.scope_size(ws, ()) == (2, 3)
    assert workspace.scope_size(ws, ws.projects) == (2, 3)


def test_named_projects_count_themselves_and_the_bricks_they_include_once(
    make_workspace: MakeWorkspace,
) -> None:
    ws = workspace.load(shop(make_workspace).root)

    assert workspace.scope_size(ws, by_name(ws, "k8s_cache")) == (1, 1)
    assert workspace.scope_size(ws, by_name(ws, "svc")) == (1, 2)
    assert workspace.scope_size(ws, by_name(ws, "svc", "k8s_cache")) == (2, 2)
    assert workspace.scope_size(ws, by_name(ws, "acme-dev", "k8s_cache")) == (2, 1)


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("servce", "service or svc"),
        ("acme-de", "acme-dev"),
        ("k8s_watchr", "k8s_watcher or k8s_cache"),
    ],
)
def test_an_alias_the_development_name_and_a_folder_name_are_suggested(
    make_workspace: MakeWorkspace, given: str, hint: str
) -> None:
    ws = workspace.load(shop(make_workspace).root)

    with pytest.raises(workspace.PolyError) as raised:
        workspace.select_projects(ws, [given])

    assert str(raised.value) == (
        f"unknown project {given!r} (did you mean {hint}?); the projects of this workspace "
        "are: development, k8s_cache, svc."
    )


def test_find_project_knows_development_and_nothing_else_unknown(
    make_workspace: MakeWorkspace,
) -> None:
    ws = workspace.load(shop(make_workspace).root)

    assert ws.development is not None
    assert workspace.find_project(ws, "development") is ws.development
    assert workspace.find_project(ws, "service") is by_name(ws, "svc")[0]
    assert workspace.find_project(ws, "nope") is None


def test_did_you_mean_names_at_most_three_projects(make_workspace: MakeWorkspace) -> None:
    files = make_workspace()
    files.component("core")
    for name in ("app1", "app2", "app3", "app4"):
        files.project(name, ["core"])
    ws = workspace.load(files.root)

    with pytest.raises(workspace.PolyError) as raised:
        workspace.select_projects(ws, ["app"])

    assert str(raised.value) == (
        "unknown project 'app' (did you mean app4 or app3 or app2?); the projects of this "
        "workspace are: app1, app2, app3, app4, development."
    )


def test_two_unknown_names_are_projects_in_the_message(make_workspace: MakeWorkspace) -> None:
    ws = workspace.load(shop(make_workspace).root)

    with pytest.raises(workspace.PolyError) as raised:
        workspace.select_projects(ws, ["nope", "nix"])

    assert str(raised.value) == (
        "unknown projects 'nope', 'nix'; the projects of this workspace are: "
        "development, k8s_cache, svc."
    )


def test_poetry_project_option_takes_a_name_even_where_a_folder_has_that_name(
    make_workspace: MakeWorkspace,
) -> None:
    files = shop(make_workspace)
    (files.root / "svc").mkdir()
    ws = workspace.load(files.root)

    selected = workspace.select_projects(ws, cwd=ws.root, project_dir="svc")

    assert [p.name for p in selected] == ["svc"]


def test_poetry_project_option_with_neither_a_folder_nor_a_name_is_an_unknown_project(
    make_workspace: MakeWorkspace,
) -> None:
    ws = workspace.load(shop(make_workspace).root)

    with pytest.raises(workspace.PolyError) as raised:
        workspace.select_projects(ws, cwd=ws.root, project_dir="nope")

    assert str(raised.value) == (
        "unknown project 'nope'; the projects of this workspace are: development, k8s_cache, svc."
    )
