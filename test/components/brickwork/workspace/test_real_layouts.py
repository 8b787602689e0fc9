"""Layouts seen in real workspaces: read as their authors meant them."""

from __future__ import annotations

from pathlib import Path

import pytest

from brickwork import workspace
from test.conftest import MakeWorkspace


def test_a_namespace_that_is_not_a_package_name_names_the_folder_that_is(
    tmp_path: Path,
) -> None:
    (tmp_path / "workspace.toml").write_text('[tool.polylith]\nnamespace = "cloudcrier-app"\n')
    (tmp_path / "bases" / "cloudcrier_app" / "api").mkdir(parents=True)

    with pytest.raises(workspace.PolyError) as raised:
        workspace.load(tmp_path)

    assert "'cloudcrier-app' is not a Python package name; the folder bases/cloudcrier_app is" in (
        str(raised.value)
    )
    assert 'set namespace = "cloudcrier_app"' in str(raised.value)


def test_constraints_are_kept_as_declared(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace()
    ws.project(
        "svc",
        dependencies=[
            "protobuf>=4.23.0,<5.0.0",
            "uvicorn[standard] (>=0.29, <1)",
            "rich ; python_version >= '3.10'",
        ],
    )

    svc = workspace.load(ws.root).project("svc")

    assert svc is not None
    assert [(d.name, d.constraint) for d in svc.dependencies] == [
        ("protobuf", ">=4.23.0,<5.0.0"),
        ("uvicorn", ">=0.29, <1"),
        ("rich", ""),
    ]


def test_an_include_inside_a_brick_counts_the_brick_and_says_which_to_include(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    ws.component("pipeline", files={"core.py": "", "runners/__init__.py": ""})
    ws.write(
        "projects/app/pyproject.toml",
        ws.project_text("app", [("acme/pipeline/runners", "../../components")], "pep621", []),
    )

    loaded = workspace.load(ws.root)

    app = loaded.project("app")
    assert app is not None and app.bricks == ("pipeline",)
    (problem,) = loaded.problems
    assert (problem.code, problem.line) == ("BW003", 10)
    assert problem.message == (
        "include 'acme/pipeline/runners' is inside brick 'pipeline'; include acme/pipeline: "
        "the wheel would ship only acme/pipeline/runners, not the rest of the brick nor its "
        "interface (a project ships whole bricks; checks count the whole brick meanwhile)"
    )


def test_nested_bricks_are_bricks_of_their_own_named_by_their_folder_path(
    make_workspace: MakeWorkspace,
) -> None:
    ws = make_workspace()
    ws.write("components/acme/aws/s3/__init__.py", "")
    ws.write("components/acme/aws/sqs/__init__.py", "")
    ws.write(
        "projects/svc/pyproject.toml",
        ws.project_text("svc", [("acme/aws/s3", "../../components")], "pep621", []),
    )

    loaded = workspace.load(ws.root)

    s3 = loaded.brick("aws/s3")
    svc = loaded.project("svc")
    assert loaded.brick("aws") is None
    assert s3 is not None and s3.path == ws.root / "components/acme/aws/s3"
    assert s3.test_path == ws.root / "test/components/acme/aws/s3"
    assert svc is not None and svc.bricks == ("aws/s3",)
    assert loaded.problems == ()
