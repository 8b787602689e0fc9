"""Bad input with `--output json`: every case of test_bad_input.py that a command with JSON
output cannot run (exit 2) runs again with `--output json`. stdout then holds one error document
valid against the command's shipped schema, carrying the same one line stderr shows; the exit
code is the same and the tree is byte-identical afterwards (ADR 0026)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import fastjsonschema
import pytest

from brickwork import report
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.robustness.test_bad_input import CASES, Case, tree

JSON = {f"poly {name}": name for name in report.JSON_COMMANDS}
JSON_CASES = [
    case
    for case in CASES
    if case.command in JSON and case.exit_code == 2 and "--output" not in case.args
]


@cache
def validator(name: str) -> Callable[[Any], Any]:
    return fastjsonschema.compile(json.loads(report.schema_file(name).read_text("utf-8")))


def service(ws: WorkspaceFactory) -> None:
    ws.component("log")
    ws.base("api", files={"core.py": "from acme import log\n"})
    ws.project("svc", ["api"])


def broken_project(ws: WorkspaceFactory) -> None:
    service(ws)
    project = ws.root / "projects/svc/pyproject.toml"
    project.write_text(project.read_text("utf-8").replace("packages = [", "packages = 3 #["))


#: The commands the bad input suite does not try, each with input it cannot run on.
OWN_CASES = [
    Case("sync-unknown-project", service, "poly sync", "--projects nope", 2, "nope"),
    Case("sync-dry-run-bad-toml", broken_project, "poly sync", "--dry-run", 2, "invalid TOML"),
    Case("sync-bad-toml", broken_project, "poly sync", "", 2, "invalid TOML"),
    Case("diff-no-git", service, "poly diff", "", 2, "git"),
    Case("diff-unknown-point", service, "poly diff", "--since v9", 2, "v9|git"),
    Case("build-which-project", service, "poly build-project", "", 2, "which project"),
    Case("build-unknown-project", service, "poly build-project", "--projects nope", 2, "nope"),
    Case(
        "build-development",
        service,
        "poly build-project",
        "--projects development",
        2,
        "development",
    ),
    Case("test-unknown-brick", service, "poly test", "--bricks nope", 2, "nope"),
    Case("test-bad-toml", broken_project, "poly test", "", 2, "invalid TOML"),
    Case("remove-unknown-brick", service, "poly remove", "lgo", 2, "did you mean log"),
    Case("remove-bad-toml", broken_project, "poly remove", "log", 2, "invalid TOML"),
    Case("rename-unknown-brick", service, "poly rename", "lgo logs", 2, "did you mean log"),
    Case("rename-onto-itself", service, "poly rename", "log log", 2, "log"),
    Case("rename-bad-name", service, "poly rename", "log Bad-Name", 2, "Bad-Name"),
    Case("rename-bad-toml", broken_project, "poly rename", "log logs", 2, "invalid TOML"),
]
JSON_CASES += OWN_CASES


def test_every_json_command_has_cases_that_cannot_run() -> None:
    assert len(JSON_CASES) >= 40
    assert {JSON[c.command] for c in JSON_CASES} == set(report.JSON_COMMANDS)


@pytest.mark.parametrize("case", JSON_CASES, ids=[c.id for c in JSON_CASES])
def test_bad_input_with_json_output_prints_one_error_document_and_changes_nothing(
    case: Case, make_workspace: MakeWorkspace, poly: PolyRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRICKWORK_NO_CACHE", "1") if "cache" not in case.id else None
    ws = make_workspace()
    case.setup(ws)
    before = tree(ws.root)
    listing = " --list" if case.command == "poly test" else ""

    result = poly(case.command, f"{case.args}{listing} --output json", cwd=ws.root / case.cwd)

    assert "Traceback" not in result.stderr + result.stdout
    assert result.exit_code == case.exit_code, (result.stdout, result.stderr)
    document = json.loads(result.stdout)
    validator(JSON[case.command])(document)
    validator("envelope")(document)
    assert (document["exit_code"], document["result"]) == (case.exit_code, None)
    (line,) = result.stderr.strip().splitlines()
    assert document["error"]["message"] == line
    assert re.search(case.pattern, line), line
    if "cache" not in case.id:
        assert tree(ws.root) == before


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("poly check", "--output xml"),
        ("poly sync", "--output yaml --dry-run"),
        ("poly build-project", "--output html --all"),
    ],
)
def test_an_unknown_output_format_is_one_line_and_no_document(
    command: str, args: str, make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log")
    ws.project("svc", ["log"])
    before = tree(ws.root)

    result = poly(command, args, cwd=ws.root)

    assert (result.exit_code, result.stdout) == (2, "")
    assert re.fullmatch(
        r"--output '\w+' is not one of: text, json(, github, sarif)?\.", result.stderr.strip()
    )
    assert tree(ws.root) == before


def test_info_save_with_json_writes_exactly_the_document_it_prints(
    make_workspace: MakeWorkspace, poly: PolyRunner
) -> None:
    ws = make_workspace()
    ws.component("log")
    before = tree(ws.root)

    result = poly("poly info", "--output json --save", cwd=ws.root)

    assert result.exit_code == 0, result.stderr
    saved = ws.root / "development/poly/info.json"
    assert saved.read_text(encoding="utf-8") == result.stdout
    validator("info")(json.loads(result.stdout))
    after = tree(ws.root)
    assert set(after) - set(before) == {"development/poly/info.json"}
    assert {k: v for k, v in after.items() if k in before} == before
