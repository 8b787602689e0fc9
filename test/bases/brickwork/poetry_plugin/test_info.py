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

    document = json.loads(result.stdout)
    assert document["schema"] == "urn:brickwork:schema:info:2"
    data = document["result"]
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


def test_info_short_spells_project_names_downwards_in_one_character_columns(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("greeting")
    for number in (10, 2, 1):
        ws.project(f"svc-{number}", ["greeting"])

    result = poly("poly info", "--short", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = [line for line in lines if line.strip().startswith("s s s")]
    assert header, result.stdout
    row = next(line for line in lines if line.startswith("greeting"))
    assert row.split()[2:] == ["✔", "✔", "✔", "✔"]
    # natural order: svc-1, svc-2, svc-10, then development
    digits = [line for line in lines if line.strip().startswith("1 2 1")]
    assert digits, result.stdout


def test_info_save_writes_the_report_into_the_development_folder(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("greeting")

    result = poly("poly info", "--save --output json", cwd=ws.root)

    saved = ws.root / "development" / "poly" / "info.json"
    assert result.exit_code == 0
    assert json.loads(saved.read_text()) == json.loads(result.stdout)
    assert "saved development/poly/info.json" in result.stderr


def test_info_reports_model_problems_under_the_table(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.write(
        "projects/svc/pyproject.toml",
        '[project]\nname = "svc"\n[tool.poetry]\npackages = [\n'
        '  { include = "acme/nothing", from = "../../components" },\n]\n',
    )

    result = poly("poly info", cwd=ws.root)

    assert result.exit_code == 0
    assert "problems (1):" in result.stdout
    assert "BW002 projects/svc/pyproject.toml:5: include 'acme/nothing'" in result.stdout


def test_an_unknown_output_format_is_a_usage_error(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()

    result = poly("poly info", "--output yaml", cwd=ws.root)

    assert result.exit_code == 2
    assert result.stderr.strip() == "--output 'yaml' is not one of: text, json."


def test_poly_lists_its_commands_and_rejects_unknown_ones(poly: PolyRunner) -> None:
    listed = poly("poly")
    unknown = poly("poly", "frobnicate")

    assert listed.exit_code == 0
    assert "poly info" in listed.stdout
    assert unknown.exit_code == 2
    assert "'poly frobnicate' is not a poly command" in unknown.stderr
