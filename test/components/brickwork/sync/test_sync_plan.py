"""sync's plans on real workspaces on disk: every project style, both themes, any depth."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from brickwork import imports, pyproject, sync, workspace
from test.conftest import MakeWorkspace, WorkspaceFactory

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

POLYLITH_PROJECT = """\
# the service, listed the incumbent's way
[tool.poetry]
name = "svc"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.10"

[tool.polylith.bricks]
"{origin}/acme/api" = "acme/api"  # the entry point

[build-system]
requires = ["poetry-core>=1.0"]
build-backend = "poetry.core.masonry.api"
"""


def layered(make_workspace: MakeWorkspace, theme: str = "loose") -> WorkspaceFactory:
    """api -> greeting -> log; `spare` is used by nobody."""
    factory = make_workspace(theme=theme)
    factory.component("log")
    factory.component("greeting", "import acme.log\n")
    factory.component("spare")
    factory.base("api", "from acme.greeting import hello\n")
    return factory


def plan(root: Path, projects: tuple[str, ...] = (), **flags: bool) -> pyproject.Plan:
    ws = workspace.load(root)
    selected = [p for p in ws.projects if not projects or p.name in projects]
    disk = pyproject.snapshot(ws.root, sync.sync_paths(ws, selected))
    scan = imports.scan_workspace(ws, use_cache=False)
    return sync.plan_sync(ws, scan, disk, selected, **flags)


def listed(path: Path) -> set[str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tool = data.get("tool", {})
    packages = tool.get("poetry", {}).get("packages", [])
    found = {f"{p['from']}/{p['include']}" for p in packages}
    return found | set(tool.get("polylith", {}).get("bricks", {}))


@pytest.mark.parametrize("theme", ["loose", "tdd"])
@pytest.mark.parametrize("style", ["pep621", "poetry", "polylith"])
def test_sync_adds_what_the_base_needs_in_the_projects_own_style(
    make_workspace: MakeWorkspace, theme: str, style: str
) -> None:
    factory = layered(make_workspace, theme)
    if style == "polylith":
        origin = "../../bases" if theme == "loose" else "../../bases/api/src"
        file = factory.write("projects/svc/pyproject.toml", POLYLITH_PROJECT.format(origin=origin))
    else:
        file = factory.project("svc", ["api"], style=style)
    before = file.read_text(encoding="utf-8")

    the_plan = plan(factory.root, ("svc",))
    pyproject.apply_plan(the_plan)

    after = file.read_text(encoding="utf-8")
    wanted = {
        "/".join(factory.include(k, n)[::-1])
        for k, n in [("base", "api"), ("component", "greeting"), ("component", "log")]
    }
    assert listed(file) == wanted
    kept = [line for line in before.splitlines() if "acme/" not in line]
    assert [line for line in after.splitlines() if "acme/" not in line] == kept
    if style == "polylith":
        assert "[tool.poetry]\nname" in after and "packages" not in after


def test_sync_gives_the_development_project_every_brick(make_workspace: MakeWorkspace) -> None:
    factory = layered(make_workspace)
    dev = factory.root / "pyproject.toml"
    dev.write_text(
        dev.read_text(encoding="utf-8").replace(
            '    { include = "acme/spare", from = "components" },\n', ""
        ),
        encoding="utf-8",
    )

    the_plan = plan(factory.root)

    # log, greeting, api: not sorted, so the component goes after the last component
    assert the_plan.paths == ("pyproject.toml",)
    change = the_plan.changes[0]
    assert change.before is not None
    assert change.content == change.before.replace(
        '    { include = "acme/greeting", from = "components" },\n',
        '    { include = "acme/greeting", from = "components" },\n'
        '    { include = "acme/spare", from = "components" },\n',
    )


def test_sync_writes_the_right_depth_for_a_nested_project(make_workspace: MakeWorkspace) -> None:
    factory = layered(make_workspace)
    factory.project("svc", ["api"], folder="a/b")
    ws = workspace.load(factory.root)
    nested = factory.root / "projects" / "a" / "b"
    # The loader reads projects/<p>/ only: give the model the nested project by hand.
    assert ws.development is not None
    loaded = dataclasses.replace(
        ws.development,
        name="svc",
        path=nested,
        file=nested / "pyproject.toml",
        is_development=False,
        bricks=("api",),
        raw=tomllib.loads((nested / "pyproject.toml").read_text(encoding="utf-8")),
    )
    ws = dataclasses.replace(ws, projects=(*ws.projects, loaded))
    disk = pyproject.snapshot(ws.root, sync.sync_paths(ws, [loaded]))

    the_plan = sync.plan_sync(ws, imports.scan_workspace(ws, use_cache=False), disk, [loaded])

    content = the_plan.changes[0].content
    assert '{ include = "acme/log", from = "../../../components" },' in content
    assert '{ include = "acme/greeting", from = "../../../components" },' in content


def test_sync_of_a_synced_workspace_plans_nothing(make_workspace: MakeWorkspace) -> None:
    factory = layered(make_workspace)
    factory.project("svc", ["api", "greeting", "log"], style="poetry")

    assert plan(factory.root).is_empty


def test_prune_removes_bricks_outside_the_closure_of_the_bases(
    make_workspace: MakeWorkspace,
) -> None:
    factory = layered(make_workspace)
    file = factory.project("svc", ["api", "greeting", "log", "spare"])

    assert plan(factory.root, ("svc",)).is_empty
    pyproject.apply_plan(plan(factory.root, ("svc",), prune=True))

    assert "acme/spare" not in file.read_text(encoding="utf-8")
    assert len(listed(file)) == 3


def test_prune_keeps_the_bricks_of_a_project_without_a_base(
    make_workspace: MakeWorkspace,
) -> None:
    factory = layered(make_workspace)
    factory.project("lib", ["spare"])

    the_plan = plan(factory.root, ("lib",), prune=True)

    assert the_plan.is_empty
    assert the_plan.notes == ("lib includes no base: --prune keeps its bricks",)


def test_an_empty_brick_folder_is_not_a_brick_and_does_not_fail(
    make_workspace: MakeWorkspace,
) -> None:
    factory = layered(make_workspace)
    factory.project("svc", ["api", "greeting", "log"])
    (factory.root / "components" / "acme" / "gone" / "__pycache__").mkdir(parents=True)

    assert plan(factory.root).is_empty


def with_requests(make_workspace: MakeWorkspace, dev_style: str = "poetry") -> WorkspaceFactory:
    factory = make_workspace(dev_style=dev_style)
    factory.component("fetch", "import requests\n")
    factory.base("api", "import acme.fetch\n")
    return factory


@pytest.mark.parametrize(
    ("style", "line"),
    [("pep621", '    "requests>=2.31,<3.0",'), ("poetry", 'requests = "^2.31"')],
)
def test_libs_adds_the_development_constraint_in_the_projects_style(
    make_workspace: MakeWorkspace, style: str, line: str
) -> None:
    factory = with_requests(make_workspace)
    dev = factory.root / "pyproject.toml"
    dev.write_text(
        dev.read_text(encoding="utf-8").replace(
            'python = "^3.10"\n', 'python = "^3.10"\nrequests = "^2.31"\n'
        ),
        encoding="utf-8",
    )
    file = factory.project("svc", ["api"], style=style)

    pyproject.apply_plan(plan(factory.root, ("svc",), libraries=True))

    text = file.read_text(encoding="utf-8")
    assert line in text.splitlines()
    assert "acme/fetch" in text


def test_libs_without_a_development_constraint_is_a_clear_error(
    make_workspace: MakeWorkspace,
) -> None:
    factory = with_requests(make_workspace)
    factory.project("svc", ["api"])

    with pytest.raises(
        workspace.PolyError, match=r"declares no version of requests \(needed by svc\)"
    ):
        plan(factory.root, ("svc",), libraries=True)


def test_libs_with_prune_removes_a_library_no_brick_imports(
    make_workspace: MakeWorkspace,
) -> None:
    factory = with_requests(make_workspace)
    dev = factory.root / "pyproject.toml"
    dev.write_text(
        dev.read_text(encoding="utf-8").replace(
            'python = "^3.10"\n', 'python = "^3.10"\nrequests = "^2.31"\n'
        ),
        encoding="utf-8",
    )
    file = factory.project("svc", ["api", "fetch"], dependencies=["requests", "rich"])

    kept = plan(factory.root, ("svc",), libraries=True)
    pyproject.apply_plan(plan(factory.root, ("svc",), libraries=True, prune=True))

    assert kept.is_empty
    text = file.read_text(encoding="utf-8")
    assert '"requests",' in text and "rich" not in text


def test_prune_keeps_a_brick_listed_through_a_namespace_include_with_a_note(
    make_workspace: MakeWorkspace,
) -> None:
    factory = layered(make_workspace)
    file = factory.project("svc", ["api"])
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            "packages = [\n",
            'packages = [\n    { include = "acme", from = "../../components" },\n',
        ),
        encoding="utf-8",
    )

    the_plan = plan(factory.root, ("svc",), prune=True)

    assert the_plan.is_empty
    assert the_plan.notes == (
        "svc does not need spare, but lists it through an include of several bricks: "
        "remove it by hand",
    )


def test_a_project_including_an_emptied_brick_folder_syncs_without_failing(
    make_workspace: MakeWorkspace,
) -> None:
    factory = layered(make_workspace)
    factory.project("svc", ["api", "greeting", "log", "gone"])
    (factory.root / "components" / "acme" / "gone" / "__pycache__").mkdir(parents=True)

    assert plan(factory.root, prune=True).is_empty


def test_a_brick_that_vanished_between_plan_and_apply_refuses_the_write(
    make_workspace: MakeWorkspace,
) -> None:
    factory = layered(make_workspace)
    factory.project("svc", ["api"])
    project_file = factory.root / "projects/svc/pyproject.toml"
    before = project_file.read_bytes()
    planned = plan(factory.root, ("svc",))
    assert [c.needs for c in planned.changes] == [
        ("components/acme/greeting", "components/acme/log")
    ]

    for file in (factory.root / "components/acme/log").iterdir():
        file.unlink()
    (factory.root / "components/acme/log").rmdir()

    with pytest.raises(workspace.PolyFailure, match="components/acme/log vanished while planning"):
        pyproject.apply_plan(planned)
    assert project_file.read_bytes() == before
