from __future__ import annotations

import json

from test.conftest import MakeWorkspace, PolyRunner


def test_info_lists_bricks_and_projects_of_a_loose_workspace(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("greeting")
    ws.base("greet_api")
    ws.project("greet_service", ["greeting", "greet_api"])

    result = poly("poly info", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    assert "projects: 1  components: 1  bases: 1" in result.stdout
    assert "greeting" in result.stdout and "greet_service" in result.stdout


def test_info_json_has_the_documented_schema(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace(theme="tdd", dev_style="poetry")
    ws.component("greeting")
    ws.project("svc", ["greeting"], style="poetry")

    result = poly("poly info", "--output json", cwd=ws.root)

    data = json.loads(result.stdout)
    assert data["schema"] == "brickwork.info/1"
    assert data["theme"] == "tdd"
    assert data["components"] == [
        {
            "name": "greeting",
            "path": "components/greeting/src/acme/greeting",
            "projects": ["development", "svc"],
        }
    ]


def test_info_outside_a_workspace_fails_with_one_line(tmp_path: object, poly: PolyRunner) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    result = poly("poly info", cwd=tmp_path)

    assert result.exit_code == 2
    assert "No Polylith workspace" in result.stderr
    assert "Traceback" not in result.stderr
