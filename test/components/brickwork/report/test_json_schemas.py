"""The JSON Schema files shipped in `brickwork/report/schemas/` (ADR 0026): one per command and
the envelope, draft-07 (what fastjsonschema and most validators read), strict, the same envelope
in every file, and inside the wheel users install."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest

from brickwork import libs, report
from test.artifacts import Wheel
from test.conftest import PolyRunner

REPOSITORY = Path(__file__).resolve().parents[4]
SCHEMAS = sorted(report.schema_file("envelope").parent.glob("*.json"))
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
#: What every command's schema says exactly as the envelope does.
SHARED = ("version", "root", "exit_code", "error")


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(report.schema_file(name).read_text(encoding="utf-8"))
    return loaded


def test_there_is_one_schema_per_json_command_and_one_for_the_envelope() -> None:
    assert sorted(p.stem for p in SCHEMAS) == sorted([*report.JSON_COMMANDS, "envelope"])


@pytest.mark.parametrize("command", report.JSON_COMMANDS)
def test_a_command_schema_is_draft_07_and_names_its_command(command: str) -> None:
    found = schema(command)

    fastjsonschema.compile(found)
    assert found["$schema"] == DRAFT_07
    assert found["$id"] == report.schema_id(command) == f"urn:brickwork:schema:{command}:2"
    assert found["properties"]["schema"] == {"const": report.schema_id(command)}
    assert found["properties"]["command"] == {"const": command}
    assert found["properties"]["version"]["const"] == report.JSON_VERSION
    assert found["additionalProperties"] is False


@pytest.mark.parametrize("command", report.JSON_COMMANDS)
def test_a_command_schema_keeps_the_envelope_as_the_envelope_schema_says_it(command: str) -> None:
    envelope, found = schema("envelope"), schema(command)

    assert found["required"] == envelope["required"]
    for key in SHARED:
        assert found["properties"][key] == envelope["properties"][key], key
    assert found["oneOf"][1] == envelope["oneOf"][1]  # the error document
    assert found["definitions"]["error"] == envelope["definitions"]["error"]


@pytest.mark.parametrize("command", report.JSON_COMMANDS)
def test_an_error_document_is_valid_for_every_command(command: str) -> None:
    document = report.error_document(command, "no workspace.toml here", 2)

    fastjsonschema.compile(schema(command))(document)
    fastjsonschema.compile(schema("envelope"))(document)


@pytest.mark.parametrize(
    "broken",
    [
        {"extra": 1},
        {"result": None},
        {"error": {"message": "x"}},
        {"version": 1},
        {"command": "info"},
        {"counts": {"projects": 1}},
    ],
    ids=["unknown key", "no result", "error and result", "old version", "other command", "counts"],
)
def test_the_check_schema_rejects_a_document_that_strays_from_it(broken: dict[str, Any]) -> None:
    valid = report.check_data(
        [], Path("/ws"), strict=False, projects=["svc"], scope=(1, 2), exit_code=0
    )
    validate = fastjsonschema.compile(schema("check"))
    validate(valid)

    with pytest.raises(fastjsonschema.JsonSchemaException):
        validate({**valid, **broken})


def test_the_libs_schema_lists_every_library_status() -> None:
    library = schema("libs")["definitions"]["result"]["properties"]["projects"]["items"]
    status = library["properties"]["libraries"]["items"]["properties"]["status"]

    assert status["enum"] == [s.value for s in libs.LibraryStatus]


def test_the_diff_schema_lists_every_file_status_git_changes_are_named_by() -> None:
    from brickwork.changes.core import STATUS  # the table is not part of the interface

    files = schema("diff")["definitions"]["result"]["properties"]["files"]["items"]

    assert set(files["properties"]["status"]["enum"]) == set(STATUS.values())


@pytest.fixture(scope="module")
def repository_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository at HEAD (a clone: the working tree is never touched), where the wheel
    is built from."""
    clone = tmp_path_factory.mktemp("wheel") / "brickwork"
    subprocess.run(["git", "clone", "-q", str(REPOSITORY), str(clone)], check=True)
    return clone


def test_the_repository_clone_ships_every_schema_file_byte_for_byte(
    poly: PolyRunner, repository_clone: Path, tmp_path: Path
) -> None:
    args = f"--projects poetry_brickwork --no-check --format wheel --output-dir {tmp_path}"

    result = poly("poly build-project", f"{args} --output json", cwd=repository_clone)

    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    fastjsonschema.compile(schema("build-project"))(document)
    (artifact,) = document["result"]["projects"][0]["artifacts"]
    wheel = Wheel(Path(artifact["path"]))
    shipped = {n for n in wheel.names() if n.startswith("brickwork/report/schemas/")}
    assert shipped == {f"brickwork/report/schemas/{p.name}" for p in SCHEMAS}
    for name in shipped:
        assert wheel.read(name) == (repository_clone / "components" / name).read_bytes()
