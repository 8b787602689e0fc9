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
    ws.component("pipeline", files={"runners/__init__.py": ""})
    ws.write(
        "projects/app/pyproject.toml",
        ws.project_text("app", [("acme/pipeline/runners", "../../components")], "pep621", []),
    )

    loaded = workspace.load(ws.root)

    app = loaded.project("app")
    assert app is not None and app.bricks == ("pipeline",)
    (problem,) = loaded.problems
    assert (problem.code, problem.line) == ("BW003", 10)
    assert problem.message.startswith(
        "include 'acme/pipeline/runners' is inside brick 'pipeline'; include acme/pipeline:"
    )


def test_nested_bricks_are_a_group_brick_whose_sub_packages_are_included_one_by_one(
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

    aws = loaded.brick("aws")
    svc = loaded.project("svc")
    assert aws is not None and aws.group
    assert svc is not None and svc.bricks == ("aws",)
    assert loaded.problems == ()
