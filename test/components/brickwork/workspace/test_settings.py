from __future__ import annotations

from collections.abc import Callable

import pytest

from brickwork import workspace
from test.conftest import MakeWorkspace, WorkspaceFactory


def load_with(factory: WorkspaceFactory, toml: str) -> workspace.Workspace:
    path = factory.root / "workspace.toml"
    path.write_text(path.read_text(encoding="utf-8") + toml, encoding="utf-8")
    return workspace.load(factory.root)


def test_settings_read_typed_values_with_defaults(make_workspace: MakeWorkspace) -> None:
    ws = load_with(
        make_workspace(),
        '\n[tool.brickwork.demo]\nname = "x"\non = true\nmany = ["a", "b"]\none = "c"\n'
        '[tool.brickwork.demo.nested]\nkey = "value"\n',
    )

    demo = workspace.brickwork_settings(ws, "demo")

    assert demo.string("name", "") == "x"
    assert demo.string("absent", "default") == "default"
    assert demo.boolean("on", False) is True
    assert demo.strings("many") == ("a", "b")
    assert demo.strings("one", single=True) == ("c",)
    assert demo.string_table("nested") == {"key": "value"}
    assert list(demo.table("absent")) == []


def test_an_absent_table_reads_as_empty(make_workspace: MakeWorkspace) -> None:
    ws = workspace.load(make_workspace().root)

    assert list(workspace.brickwork_settings(ws, "check")) == []
    assert workspace.polylith_settings(ws, "libs").table("aliases").string_table("x") == {}


@pytest.mark.parametrize(
    ("read", "message"),
    [
        (
            lambda s: s.string("on", ""),
            "workspace.toml: [tool.brickwork.demo] on must be a string, not True; "
            "fix it and run again.",
        ),
        (
            lambda s: s.boolean("name", False),
            "workspace.toml: [tool.brickwork.demo] name must be a boolean, not 'x'; "
            "fix it and run again.",
        ),
        (
            lambda s: s.strings("name"),
            "workspace.toml: [tool.brickwork.demo] name must be an array of strings, not 'x'; "
            "fix it and run again.",
        ),
        (
            lambda s: s.table("nested").boolean("key", False),
            "workspace.toml: [tool.brickwork.demo] nested.key must be a boolean, not 'value'; "
            "fix it and run again.",
        ),
        (
            lambda s: s.only(["name", "nested"]),
            "workspace.toml: [tool.brickwork.demo] on is not a setting (known: name, nested); "
            "fix it and run again.",
        ),
    ],
)
def test_every_settings_problem_is_one_message_naming_file_table_and_key(
    make_workspace: MakeWorkspace, read: Callable[[workspace.Settings], object], message: str
) -> None:
    ws = load_with(
        make_workspace(),
        '\n[tool.brickwork.demo]\nname = "x"\non = true\nnested = {key = "value"}\n',
    )
    demo = workspace.brickwork_settings(ws, "demo")

    with pytest.raises(workspace.PolyError) as raised:
        read(demo)

    assert str(raised.value) == message
    assert raised.value.exit_code == workspace.EXIT_CANNOT_RUN


def test_a_settings_section_that_is_not_a_table_is_an_error(make_workspace: MakeWorkspace) -> None:
    ws = load_with(make_workspace(), '\n[tool.brickwork]\ncheck = "strict"\n')

    with pytest.raises(workspace.PolyError) as raised:
        workspace.brickwork_settings(ws, "check")

    assert str(raised.value) == (
        "workspace.toml: [tool.brickwork.check] must be a table, not 'strict'; "
        "fix it and run again."
    )


def test_a_project_environment_is_its_own_venv_else_the_workspace_root_venv(
    make_workspace: MakeWorkspace,
) -> None:
    factory = make_workspace()
    factory.project("svc")
    factory.project("tool")
    (factory.root / "projects" / "svc" / ".venv").mkdir()
    ws = workspace.load(factory.root)
    svc, tool, development = ws.project("svc"), ws.project("tool"), ws.development
    assert svc is not None and tool is not None and development is not None

    assert workspace.project_environment(ws, svc) == factory.root / "projects/svc/.venv"
    assert workspace.project_environment(ws, tool) is None
    assert workspace.project_environment(ws, development) is None

    (factory.root / ".venv").mkdir()

    assert workspace.project_environment(ws, tool) == factory.root / ".venv"
    assert workspace.project_environment(ws, development) == factory.root / ".venv"
