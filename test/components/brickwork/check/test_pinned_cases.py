"""Cases `check` gets right that nothing else pins (each test fails on a realistic mutant of
the code it names): BW006 under `--projects`, bricks that arrive through a chain of
workspace-project dependencies, and a workspace project declared by its canonical name.
Real workspaces, both themes and both project formats, with the true findings around them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from test.components.brickwork.poly_runs import LAYOUTS, findings_of, json_run
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

Found = list[tuple[Any, ...]]


def findings(poly: PolyRunner, ws: WorkspaceFactory, args: str = "") -> Found:
    code, data = json_run(poly, ws, "poly check", args)
    assert code in (0, 1), data
    return sorted(findings_of(data, "code", "subject"))


def project(
    ws: WorkspaceFactory,
    name: str,
    includes: Sequence[tuple[str, str]],
    style: str,
    dependencies: Sequence[str] = (),
) -> None:
    """`projects/<name>/pyproject.toml` with these (kind, brick) includes."""
    pairs = [ws.include(kind, brick) for kind, brick in includes]
    ws.write(f"projects/{name}/pyproject.toml", ws.project_text(name, pairs, style, dependencies))


# -- BW006 (a base and a component of one name) survives --projects -----------------------------


def same_name(ws: WorkspaceFactory, style: str) -> None:
    """Component and base `log`; svc lists the component, jobs the base, other neither; api
    imports cache, which svc lacks (a true BW101)."""
    ws.dev_style = style
    ws.component("log")
    ws.component("cache")
    ws.base("log", "import sys\n")
    ws.base("api", "from acme import cache\n")
    project(ws, "svc", [("base", "api"), ("component", "log")], style)
    project(ws, "jobs", [("base", "log")], style)
    project(ws, "other", [("base", "api"), ("component", "cache")], style)


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_bw006_survives_a_project_selection_that_includes_either_brick_of_the_name(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = make_workspace(theme=theme)
    same_name(ws, style)

    assert findings(poly, ws, "--projects svc") == [("BW006", "log"), ("BW101", "cache")]
    assert findings(poly, ws, "--projects jobs") == [("BW006", "log")]
    assert findings(poly, ws, "--projects other") == []
    assert ("BW006", "log") in findings(poly, ws)


@pytest.mark.parametrize("theme", ["loose", "tdd"])
def test_bw006_points_at_the_base_in_both_themes_under_a_project_selection(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str
) -> None:
    ws = make_workspace(theme=theme)
    same_name(ws, "pep621")

    result = poly("poly check", "--projects svc", cwd=ws.root)

    assert f"{ws.brick_dir('base', 'log')}: BW006 error 'log' is both" in result.stdout


# -- a chain of workspace-project dependencies ---------------------------------------------------


def chain(ws: WorkspaceFactory, style: str) -> None:
    """svc -> acme-lib -> acme-storage, each a workspace project (`acme_storage` and
    `acme_lib` declared by canonical name): svc's base imports storage (shipped two steps
    away), log (one step away) and cache (nobody ships it: a true BW101); svc also declares
    requests, which nothing imports (a true BW203)."""
    ws.dev_style = style
    ws.component("util")
    ws.component("storage", "from acme import util\n")
    ws.component("log")
    ws.component("cache")
    ws.base("api", "from acme import storage\nfrom acme import log\nfrom acme import cache\n")
    project(ws, "acme_storage", [("component", "storage"), ("component", "util")], style)
    project(ws, "acme_lib", [("component", "log")], style, ["acme-storage"])
    project(ws, "svc", [("base", "api")], style, ["acme-lib", "requests"])


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_bricks_reached_through_a_chain_of_workspace_projects_are_not_missing(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = make_workspace(theme=theme)
    chain(ws, style)

    found = findings(poly, ws, "--projects svc")

    assert [f for f in found if f[0].startswith("BW1")] == [("BW101", "cache")]


@pytest.mark.parametrize(("theme", "style"), LAYOUTS)
def test_a_workspace_project_declared_by_its_canonical_name_is_not_an_unused_library(
    make_workspace: MakeWorkspace, poly: PolyRunner, theme: str, style: str
) -> None:
    ws = make_workspace(theme=theme)
    chain(ws, style)

    svc = findings(poly, ws, "--projects svc")
    lib = findings(poly, ws, "--projects acme_lib")

    assert [f for f in svc if f[0] == "BW203"] == [("BW203", "requests")]
    assert [f for f in lib if f[0].startswith("BW2")] == []


def test_the_chain_s_missing_brick_names_only_what_nobody_ships(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    chain(ws, "pep621")

    result = poly("poly check", "--projects svc", cwd=ws.root)

    lines = [line for line in result.stdout.splitlines() if "BW101" in line]
    assert len(lines) == 1, result.stdout
    assert "project 'svc' does not include brick 'cache'" in lines[0]
