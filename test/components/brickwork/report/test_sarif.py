"""SARIF 2.1.0 rendering: valid against the OASIS schema, shaped as GitHub code scanning
reads it (relative uris, lines, rules), fingerprints that do not move with lines."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
import tomlkit

from brickwork import report, workspace
from brickwork.report import sarif
from brickwork.workspace import CODES, Finding, Severity
from test.artifacts import parse_metadata

SCHEMA = Path(__file__).with_name("sarif") / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@functools.cache
def _validator() -> Callable[[object], object]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return fastjsonschema.compile(schema)


def valid_sarif(text: str) -> dict[str, Any]:
    """The SARIF log in `text`, validated against the official schema and checked for what
    GitHub code scanning needs: one run, every result at a relative uri under %SRCROOT% with a
    line >= 1, a rule at its ruleIndex with its ruleId, a fingerprint, and unique
    fingerprints."""
    log: dict[str, Any] = json.loads(text)
    _validator()(json.loads(text))  # a copy: the validator fills in the schema's defaults
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    prints = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not artifact["uri"].startswith(("/", "file:")), artifact
        assert ".." not in artifact["uri"].split("/")
        assert location["physicalLocation"]["region"]["startLine"] >= 1
        prints.append(result["partialFingerprints"][sarif.FINGERPRINT])
    assert len(set(prints)) == len(prints)
    return log


def test_the_vendored_schema_is_the_file_its_note_names() -> None:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert SCHEMA_SHA256 in (SCHEMA.parent / "README.md").read_text(encoding="utf-8")


def test_the_schema_rejects_what_github_would_reject() -> None:
    with pytest.raises(fastjsonschema.JsonSchemaException):
        _validator()({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})


def test_every_finding_code_has_a_rule_with_a_name_and_a_fix() -> None:
    log = sarif.sarif_log(
        [],
        repository=Path("/repo"),
        project_file=Path("/repo/pyproject.toml"),
        command="check",
        exit_code=0,
        tool=sarif.Tool("1.2.3", "https://example.org/bw", "https://example.org/bw/docs.md"),
    )
    valid_sarif(report.to_json(log))
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("Brickwork", "1.2.3")
    assert driver["informationUri"] == "https://example.org/bw"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    assert set(sarif.FIXES) == set(CODES)
    missing = rules[list(CODES).index("BW101")]
    assert missing["name"] == "MissingBrick"
    assert missing["shortDescription"]["text"].startswith("A project lacks a brick")
    assert missing["help"]["text"].startswith("Add the brick to the project's packages")
    assert missing["helpUri"] == "https://example.org/bw/docs.md#finding-codes"
    assert missing["defaultConfiguration"] == {"level": "error"}
    bypass = rules[list(CODES).index("BW107")]
    assert bypass["defaultConfiguration"] == {"level": "warning"}
    assert bypass["fullDescription"]["text"].endswith(
        "A warning by default. An error with --strict."
    )
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]+", r["name"]) for r in rules)


def test_the_published_project_urls_become_the_information_and_help_addresses(
    tmp_path: Path,
) -> None:
    """The METADATA poetry-core writes for a project with the published project's
    [project.urls] (the published project itself includes ../../ files, which a plain
    poetry-core project refuses)."""
    from poetry.core.factory import Factory
    from poetry.core.masonry.builders.builder import Builder

    root = Path(__file__).resolve().parents[4]
    text = (root / "projects/poetry_brickwork/pyproject.toml").read_text(encoding="utf-8")
    project = tomlkit.parse(text).unwrap()["project"]
    urls = "".join(f'{label} = "{url}"\n' for label, url in project["urls"].items())
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "pkg"\nversion = "{project["version"]}"\n\n[project.urls]\n{urls}'
    )
    metadata = Builder(Factory().create_poetry(tmp_path)).get_metadata_content()

    tool = sarif.tool_from_metadata(parse_metadata(metadata))

    assert tool == sarif.Tool(
        project["version"], project["urls"]["Homepage"], project["urls"]["Documentation"]
    )
    assert sarif.installed_tool().version == project["version"]


def findings(repo: Path, shift: int = 0) -> list[Finding]:
    core = repo / "ws/components/acme/core/__init__.py"
    return [
        Finding("BW101", "project 'svc' lacks log", core, 2 + shift, "log"),
        Finding("BW101", "project 'web' lacks log", core, 2 + shift, "log"),
        Finding(
            "BW107", "acme.log.core bypass", core, 3 + shift, "acme.log.core", Severity.WARNING
        ),
        Finding(
            "BW005", "folder 'my-brick'", repo / "ws/components/acme/my-brick", None, "my-brick"
        ),
    ]


def test_results_point_at_files_from_the_repository_root_and_folders_at_the_project_file(
    tmp_path: Path,
) -> None:
    core = tmp_path / "ws/components/acme/core/__init__.py"
    core.parent.mkdir(parents=True)
    core.write_text("import os\nfrom acme import log\nimport acme.log.core\n")
    (tmp_path / "ws/components/acme/my-brick").mkdir()

    log = sarif.sarif_log(
        findings(tmp_path),
        repository=tmp_path,
        project_file=tmp_path / "ws/pyproject.toml",
        command="check",
        exit_code=1,
        notes=["projects/svc/poetry.lock is older than its pyproject.toml"],
        tool=sarif.Tool("0.1.0"),
    )

    (run,) = valid_sarif(report.to_json(log))["runs"]
    places = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    ]
    assert places == [
        ("BW101", "error", "ws/components/acme/core/__init__.py", 2),
        ("BW101", "error", "ws/components/acme/core/__init__.py", 2),
        ("BW107", "warning", "ws/components/acme/core/__init__.py", 3),
        ("BW005", "error", "ws/pyproject.toml", 1),
    ]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    assert run["automationDetails"] == {"id": "brickwork/check/"}
    (invocation,) = run["invocations"]
    assert (invocation["executionSuccessful"], invocation["exitCode"]) == (True, 1)
    assert invocation["toolExecutionNotifications"] == [
        {
            "level": "note",
            "message": {"text": "projects/svc/poetry.lock is older than its pyproject.toml"},
        }
    ]
    assert "informationUri" not in run["tool"]["driver"]


def test_fingerprints_do_not_move_with_the_lines(tmp_path: Path) -> None:
    def prints(shift: int) -> list[str]:
        log = sarif.sarif_log(
            findings(tmp_path, shift),
            repository=tmp_path,
            project_file=tmp_path / "ws/pyproject.toml",
            command="check",
            exit_code=1,
            tool=sarif.Tool("0.1.0"),
        )
        return [r["partialFingerprints"][sarif.FINGERPRINT] for r in log["runs"][0]["results"]]

    assert prints(0) == prints(5)
    assert len(set(prints(0))) == 4


def test_a_name_that_is_not_utf8_on_disk_is_percent_encoded_and_shown_escaped(
    tmp_path: Path,
) -> None:
    name = b"caf\xe9 x#1.py".decode("utf-8", "surrogateescape")
    path = tmp_path / "ws" / name
    path.parent.mkdir()
    try:
        path.write_text("import acme.nope\n")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only UTF-8 names")
    finding = Finding("BW102", f"{name}:1: acme.nope is not a brick", path, 1, "acme.nope")

    log = sarif.sarif_log(
        [finding],
        repository=tmp_path,
        project_file=tmp_path / "ws/pyproject.toml",
        command="check",
        exit_code=1,
        tool=sarif.Tool("0.1.0"),
    )

    text = report.to_json(log)
    text.encode("utf-8")  # no lone surrogate left
    (result,) = valid_sarif(text)["runs"][0]["results"]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "ws/caf%E9%20x%231.py"
    assert result["message"]["text"] == "caf\\xe9 x#1.py:1: acme.nope is not a brick"


def test_every_severity_has_a_level() -> None:
    assert {s: sarif._LEVELS[s] for s in Severity} == {
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
    }
    assert all(c.severity in sarif._LEVELS for c in workspace.CODES.values())
