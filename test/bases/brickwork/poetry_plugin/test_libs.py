from __future__ import annotations

import json

from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory

DEPENDENCIES = [
    "pillow>=10",
    "pyyaml>=6",
    "pyjwt>=2",
    "python-dateutil>=2.8",
    "beautifulsoup4>=4.12",
    "google-cloud-storage>=2",
]


def build(make_workspace: MakeWorkspace, dependencies: list[str]) -> WorkspaceFactory:
    ws = make_workspace()
    ws.component("images", files={"core.py": "import io\n\nfrom PIL import Image\n"})
    ws.component(
        "config",
        files={
            "core.py": (
                "from __future__ import annotations\n"
                "import yaml\n"
                "from typing import TYPE_CHECKING\n"
                "from dateutil import parser\n"
                "if TYPE_CHECKING:\n"
                "    import boto3\n"
            )
        },
    )
    ws.component("auth", files={"tokens.py": "import os\n\n\n\nimport jwt\n"})
    ws.component("scrape", files={"html.py": "\n" * 6 + "from bs4 import BeautifulSoup\n"})
    ws.component("storage", files={"blobs.py": "\nfrom google.cloud import storage\n"})
    ws.base("api", files={"main.py": "from acme import images, config\n"})
    bricks = ["api", "images", "config", "auth", "scrape", "storage"]
    ws.project("web", bricks, dependencies=dependencies)
    ws.write(
        "pyproject.toml",
        ws.project_text(
            "development",
            [ws.include(k, n, prefix="") for k, n in ws.dev_bricks],
            "pep621",
            DEPENDENCIES,
        ),
    )
    return ws


def test_libs_of_a_workspace_without_virtualenv_map_every_import(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, DEPENDENCIES)

    result = poly("poly libs", cwd=ws.root)

    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert "  images   component  pillow" in lines
    assert "  storage  component  google-cloud-storage" in lines
    assert "  config   component  python-dateutil, pyyaml" in lines
    assert any(line.split() == ["pillow", ">=10", "-", "ok", "PIL"] for line in lines), (
        result.stdout
    )
    assert any(
        line.split() == ["google-cloud-storage", ">=2", "-", "ok", "google.cloud.storage"]
        for line in lines
    )
    assert lines[-1] == "✔ no library problems"


def test_libs_reports_an_undeclared_library_at_its_import_and_fails(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, [d for d in DEPENDENCIES if not d.startswith("pyjwt")])

    result = poly("poly libs", "--projects web", cwd=ws.root)

    assert result.exit_code == 1
    assert (
        "components/acme/auth/tokens.py:5: BW201 error project web imports jwt but does not "
        "declare pyjwt (mapped by Brickwork's table of import names); "
        "add it to projects/web/pyproject.toml"
    ) in result.stdout
    rows = [line.split() for line in result.stdout.splitlines()]
    assert [
        "pyjwt",
        "-",
        "-",
        "missing",
        "imported",
        "at",
        "components/acme/auth/tokens.py:5",
    ] in rows
    assert "project development" not in result.stdout
    assert result.stdout.splitlines()[-1] == "✘ 1 error, 0 warnings"


def test_libs_json_has_the_documented_schema(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, [*DEPENDENCIES, "rich"])
    ws.write("projects/web/poetry.lock", '[[package]]\nname = "pillow"\nversion = "10.3.0"\n')

    result = poly("poly libs", "--output json --projects web", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["schema"] == "urn:brickwork:schema:libs:2"
    assert document["exit_code"] == 0
    data = document["result"]
    assert data["strict"] is False
    assert [b["name"] for b in data["bricks"]] == [
        "auth",
        "config",
        "images",
        "scrape",
        "storage",
        "api",
    ]
    assert data["bricks"][2]["libraries"] == [{"name": "pillow", "imports": ["PIL"]}]
    (web,) = data["projects"]
    assert web["name"] == "web"
    assert web["lock"] == "projects/web/poetry.lock"
    assert web["environment"] is None
    assert web["unused"] == ["rich"]
    assert web["missing"] == []
    pillow = next(lib for lib in web["libraries"] if lib["name"] == "pillow")
    assert pillow == {
        "name": "pillow",
        "status": "ok",
        "declared": True,
        "constraint": ">=10",
        "markers": "",
        "locked": "10.3.0",
        "import_names": ["PIL"],
        "imports": [
            {
                "module": "PIL.Image",
                "brick": "images",
                "path": "components/acme/images/core.py",
                "line": 3,
            }
        ],
        "type_checking_only": False,
        "candidates": [],
        "via": [],
        "source": "table",
        "reason": None,
    }
    boto3 = next(lib for lib in web["libraries"] if lib["name"] == "boto3")
    assert boto3["type_checking_only"] is True
    assert boto3["status"] == "type-checking"
    assert [f["code"] for f in data["findings"]] == ["BW203"]
    assert data["findings"][0]["path"] == "projects/web/pyproject.toml"


def test_libs_strict_makes_version_differences_errors(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, DEPENDENCIES)
    ws.project("worker", ["config"], dependencies=["pyyaml>=5", "python-dateutil>=2.8"])
    ws.write("projects/worker/poetry.lock", '[[package]]\nname = "pyyaml"\nversion = "5.4.1"\n')
    ws.write("poetry.lock", '[[package]]\nname = "pyyaml"\nversion = "6.0.1"\n')

    plain = poly("poly libs", "--projects worker", cwd=ws.root)
    strict = poly("poly libs", "--projects worker --strict", cwd=ws.root)

    assert plain.exit_code == 0
    table = [line.split() for line in plain.stdout.splitlines()]
    assert ["library", "web", "worker", "development"] in table
    assert ["pyyaml", "6.0.1", "5.4.1", "6.0.1", "differs"] in table
    assert ["python-dateutil", ">=2.8", ">=2.8", ">=2.8", "same"] in table
    assert "BW204 warning pyyaml differs across projects" in plain.stdout
    assert strict.exit_code == 1
    assert "projects/worker/pyproject.toml:6: BW204 error" in strict.stdout


def test_libs_alias_option_maps_an_unknown_import(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, DEPENDENCIES)
    ws.component("vision", files={"core.py": "import cv2x\n"})
    ws.project("cam", ["vision"], dependencies=["my-opencv"])

    without = poly("poly libs", "--projects cam", cwd=ws.root)
    with_alias = poly("poly libs", "--projects cam --alias my-opencv=cv2x", cwd=ws.root)

    assert without.exit_code == 1
    assert "BW201 error project cam imports cv2x" in without.stdout
    assert with_alias.exit_code == 0, with_alias.stdout


def test_libs_bad_input_is_one_line_on_stderr(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, DEPENDENCIES)

    bad_alias = poly("poly libs", "--alias opencv-python", cwd=ws.root)
    bad_project = poly("poly libs", "--projects nope", cwd=ws.root)
    bad_format = poly("poly libs", "--output dot", cwd=ws.root)

    for result in (bad_alias, bad_project, bad_format):
        assert result.exit_code == 2
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    assert "is not DISTRIBUTION=IMPORT_NAME" in bad_alias.stderr
    assert "unknown project 'nope'; the projects of this workspace are: " in bad_project.stderr


def test_libs_broken_lock_is_a_note_on_stderr_and_json_stays_clean(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = build(make_workspace, DEPENDENCIES)
    ws.write("poetry.lock", "[[package]\n")

    result = poly("poly libs", "--output json", cwd=ws.root)

    assert result.exit_code == 0
    data = json.loads(result.stdout)["result"]
    assert data["notes"][0].startswith("poetry.lock: invalid TOML")
    assert result.stderr.startswith("note: poetry.lock: invalid TOML")


def test_libs_works_for_tdd_theme_and_poetry_style_projects(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace(theme="tdd", dev_style="poetry")
    ws.component("config", files={"core.py": "import yaml\nimport requests\n"})
    ws.write("components/config/test/test_core.py", "import pytest\nfrom acme.config import core\n")
    ws.project("svc", ["config"], style="poetry", dependencies=["pyyaml"])

    result = poly("poly libs", "--projects svc --output json", cwd=ws.root)

    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)["result"]
    assert data["projects"][0]["declared"] == ["pyyaml"]
    assert data["projects"][0]["missing"] == ["requests"]
    assert [(f["code"], f["path"], f["line"]) for f in data["findings"]] == [
        ("BW201", "components/config/src/acme/config/core.py", 2)
    ]
